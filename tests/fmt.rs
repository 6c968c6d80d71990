//! `flowrun fmt` and `flowrun render --to mermaid`: the formatter's laws as properties over
//! generated flows (formatting twice gives what formatting once gives; the formatted text is the
//! same flow), the same laws on every diagram of the shared Mermaid corpus that flowrun reads,
//! and the command line driven through the real binary.

use std::path::{Path, PathBuf};
use std::sync::Arc;

mod common;
use common::{Out, exec};
use flowrun::SourceFile;
use flowrun::flow::Flow;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// The laws

/// A flow as its readers see it, without spans: what formatting must not change.
#[derive(Debug, PartialEq)]
struct Summary {
    direction: String,
    title: Option<String>,
    description: Option<String>,
    /// id, shape, text, classes, styles, subgraph, click.
    nodes: Vec<String>,
    /// In definition order, layout links included: from, to, id, label, stroke, tail, head,
    /// length, order, classes, styles, and whether it is a layout link.
    edges: Vec<String>,
    class_defs: Vec<String>,
    subgraphs: Vec<String>,
}

fn props(styles: &[flowrun::flow::StyleProp]) -> Vec<(String, String)> {
    styles
        .iter()
        .map(|p| (p.name.clone(), p.value.clone()))
        .collect()
}

fn summary(flow: &Flow) -> Summary {
    let nodes = flow
        .graph
        .node_weights()
        .map(|n| {
            format!(
                "{:?} {:?} {:?} {:?} {:?} {:?} {:?}",
                n.id,
                n.shape,
                n.text,
                n.classes,
                props(&n.styles),
                n.subgraph,
                n.click
            )
        })
        .collect();
    let edge = |from: &str, to: &str, e: &flowrun::flow::Edge, layout: bool| {
        (
            e.order,
            format!(
                "{from:?} -> {to:?} {:?} {:?} {:?} {:?} {:?} {} #{} {:?} {:?} layout={layout}",
                e.id,
                e.label,
                e.stroke,
                e.tail,
                e.head,
                e.length,
                e.order,
                e.classes,
                props(&e.styles)
            ),
        )
    };
    let mut edges: Vec<(usize, String)> = flow
        .graph
        .edge_indices()
        .map(|ix| {
            let (a, b) = flow.graph.edge_endpoints(ix).expect("an edge has ends");
            edge(&flow.graph[a].id, &flow.graph[b].id, &flow.graph[ix], false)
        })
        .chain(
            flow.layout_links
                .iter()
                .map(|l| edge(&flow.graph[l.from].id, &flow.graph[l.to].id, &l.edge, true)),
        )
        .collect();
    edges.sort();
    Summary {
        direction: format!("{:?}", flow.direction),
        title: flow.title.clone(),
        description: flow.description.clone(),
        nodes,
        edges: edges.into_iter().map(|(_, e)| e).collect(),
        class_defs: flow
            .class_defs
            .iter()
            .map(|c| format!("{:?} {:?}", c.name, props(&c.styles)))
            .collect(),
        subgraphs: flow
            .subgraphs
            .iter()
            .map(|s| {
                format!(
                    "{:?} {:?} {:?} {:?} {:?} {:?}",
                    s.id,
                    s.title,
                    s.direction,
                    s.parent,
                    props(&s.styles),
                    s.classes
                )
            })
            .collect(),
    }
}

/// Parses a text that must have no syntax errors; returns its canonical form and its flow.
fn format_and_build(name: &str, text: &str) -> Result<(String, Summary), String> {
    let source: Arc<SourceFile> = SourceFile::new(name, text);
    let parsed = flowrun::syntax::parse(&source);
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}", d.code.as_str(), d.message))
        .collect();
    let Some(document) = parsed.document.filter(|_| errors.is_empty()) else {
        return Err(format!("syntax errors: {errors:?}"));
    };
    let formatted = flowrun::format::format(text, &document);
    let (flow, _) = flowrun::flow::build(&source, document);
    Ok((formatted, summary(&flow)))
}

/// Both laws on one text that flowrun reads without syntax errors.
fn check_laws(name: &str, text: &str) -> Result<(), String> {
    let (once, before) = format_and_build(name, text)?;
    let (twice, after) = format_and_build(name, &once)
        .map_err(|e| format!("the formatted text does not parse ({e}):\n{once}"))?;
    if twice != once {
        return Err(format!(
            "formatting is not idempotent\n--- input\n{text}\n--- once\n{once}\n--- twice\n{twice}"
        ));
    }
    if before != after {
        return Err(format!(
            "the formatted text is another flow\n--- input\n{text}\n--- formatted\n{once}\n\
             --- flow before\n{before:#?}\n--- flow after\n{after:#?}"
        ));
    }
    Ok(())
}

#[test]
fn every_corpus_diagram_flowrun_reads_formats_to_the_same_flow_and_stays() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/mermaid-corpus");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: no corpus at {}", dir.display());
        return;
    };
    let mut paths: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "mmd"))
        .collect();
    paths.sort();
    let (mut formatted, mut failures) = (0, Vec::new());
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = path.file_name().expect("a file").to_string_lossy();
        match check_laws(&name, &text) {
            Ok(()) => formatted += 1,
            Err(e) if e.starts_with("syntax errors") => {}
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    println!("{formatted} of {} corpus diagrams formatted", paths.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_example_flows_are_canonical() {
    for path in [
        "flows/eligibility.flow",
        "tests/fixtures/eligibility-multiline.flow",
    ] {
        let text = std::fs::read_to_string(manifest_path(path)).expect("the flow");
        let (formatted, _) = format_and_build(path, &text).expect("parses");
        assert_eq!(formatted, text, "{path} is not in canonical form");
    }
}

// ---------------------------------------------------------------------------------------------
// Generated flows: random valid texts with every construct, written in many ways.

/// Generators of flow text. Each piece is text as a person might write it: odd spacing, `;`
/// separators, labels inline or in pipes, texts plain or quoted.
mod generate {
    use proptest::prelude::*;
    use proptest::sample::select;

    /// Ids, with some that start with `o` and `x` (an arrowhead without spaces) or hold marks.
    const IDS: &[&str] = &[
        "A", "B", "C", "D", "q1", "node_2", "Start", "x1", "o1", "é", "a.b", "my-node", "endpoint",
        "1", "End",
    ];
    const CLASSES: &[&str] = &["c1", "done", "warn_x", "Big"];

    pub(super) fn id() -> impl Strategy<Value = String> {
        select(IDS).prop_map(str::to_owned)
    }

    fn class_name() -> impl Strategy<Value = String> {
        select(CLASSES).prop_map(str::to_owned)
    }

    /// Spaces as people leave them.
    fn space() -> impl Strategy<Value = &'static str> {
        select(&["", " ", " ", "  ", "\t"][..])
    }

    fn space1() -> impl Strategy<Value = &'static str> {
        select(&[" ", " ", "  ", "\t", " \t "][..])
    }

    /// Plain text that reads as plain in every shape and between pipes.
    fn plain() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => "[A-Za-z0-9]([A-Za-z0-9 .,:;!?'&#*+=<>_/-]{0,14}[A-Za-z0-9])?",
            1 => ("[A-Za-z]{1,6}", "[A-Za-z ]{1,8}").prop_map(|(a, b)| format!("{a}<br/>{b}x")),
            1 => ("[A-Za-z]{1,6}", "[ \t]{0,6}", "[A-Za-z]{1,6}")
                .prop_map(|(a, indent, b)| format!("{a}\n{indent}{b}")),
            1 => select(&["say #quot;hi#quot; #35;1", "Élan vital", "日本語", "a -- b", "x==y"][..])
                .prop_map(str::to_owned),
        ]
    }

    /// Anything but `"` between quotes: brackets, pipes, line breaks, leading spaces...
    fn quoted() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => "[ -!#-~]{1,16}",
            1 => "[ -!#-~\n]{1,16}",
            1 => "[a-z]{1,6}",
            1 => "`[a-z *_]{1,8}`",
            1 => select(&["a@b", "/usr", "-x", "x-", "a ~~~ b", "(y/n)", "a|b", " padded "][..])
                .prop_map(str::to_owned),
        ]
        // Mermaid reads `"`` as the start of a markdown string, which must end with `` `"``
        // and hold no other backtick.
        .prop_map(|t| {
            let markdown = t.len() > 2
                && t.starts_with('`')
                && t.ends_with('`')
                && !t[1..t.len() - 1].contains('`');
            if t.starts_with('`') && !markdown {
                format!("x{t}")
            } else {
                t
            }
        })
    }

    /// A text in either form, as written between delimiters.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => plain(),
            2 => (space(), quoted(), space()).prop_map(|(a, t, b)| format!("{a}\"{t}\"{b}")),
        ]
    }

    /// Every bracket shape as (opener, closer).
    fn shapes() -> Vec<(&'static str, &'static str)> {
        flowrun::flow::Shape::BRACKETED
            .iter()
            .map(|s| s.delimiters())
            .collect()
    }

    const DATA: &[&str] = &[
        "@{ shape: rect }",
        "@{shape: diam, label: \"Q?\"}",
        "@{ shape: doc }",
        "@{ label: \"x y\" }",
        "@{\n    shape: cloud\n    label: \"multi\"\n  }",
    ];

    /// `id`, `id[text]`, `id[text]:::class`, `id@{ shape: ... }`.
    pub(super) fn node() -> impl Strategy<Value = String> {
        (
            id(),
            prop::option::weighted(0.6, (select(shapes()), text())),
            prop::option::weighted(0.15, class_name()),
            prop::option::weighted(0.08, select(DATA)),
        )
            .prop_map(|(id, shape, class, data)| {
                let mut node = id;
                if let Some(((open, close), text)) = shape {
                    node.push_str(&format!("{open}{text}{close}"));
                }
                if let Some(class) = class {
                    node.push_str(&format!(":::{class}"));
                }
                node.push_str(data.unwrap_or(""));
                node
            })
    }

    fn group() -> impl Strategy<Value = String> {
        prop::collection::vec(node(), 1..=3).prop_flat_map(|nodes| {
            let n = nodes.len();
            (
                Just(nodes),
                prop::collection::vec(select(&[" & ", "  &  ", " &\n  ", " &\t"][..]), n),
            )
                .prop_map(|(nodes, ands)| {
                    let mut out = String::new();
                    for (i, node) in nodes.iter().enumerate() {
                        if i > 0 {
                            out.push_str(ands[i]);
                        }
                        out.push_str(node);
                    }
                    out
                })
        })
    }

    #[derive(Clone, Copy, Debug)]
    enum Stroke {
        Normal,
        Thick,
        Dotted,
        Invisible,
    }

    /// The body of an arrow after its tail: `-->`, `---`, `==o`, `-..->`, `~~~`...
    fn body(stroke: Stroke, head: &str, length: usize) -> String {
        let run = |c: &str| c.repeat(length + if head.is_empty() { 2 } else { 1 });
        match stroke {
            Stroke::Normal => format!("{}{head}", run("-")),
            Stroke::Thick => format!("{}{head}", run("=")),
            Stroke::Dotted => format!("-{}-{head}", ".".repeat(length)),
            Stroke::Invisible => "~".repeat(length + 2),
        }
    }

    /// A link with its spaces: every stroke, head and length, labels in pipes or inline,
    /// plain or quoted, and an optional edge id.
    fn link() -> impl Strategy<Value = String> {
        (
            select(
                &[
                    Stroke::Normal,
                    Stroke::Normal,
                    Stroke::Thick,
                    Stroke::Dotted,
                    Stroke::Invisible,
                ][..],
            ),
            select(&["", "", "<", "x", "o"][..]),
            select(&[">", ">", "", "x", "o"][..]),
            1..=4usize,
            0..5u8,
            prop_oneof![plain(), quoted().prop_map(|t| format!("\"{t}\""))],
            "[A-Za-z0-9][A-Za-z0-9 ,:;!?'&#*+<>_()|{}]{0,10}",
            prop::option::weighted(0.1, select(&["e1", "e2", "e3"][..])),
            (
                select(&["", " ", "  ", "\n  "][..]),
                select(&["", " ", " ", "\n    "][..]),
            ),
        )
            .prop_map(
                |(stroke, tail, head, length, form, text, inline, id, (before, after))| {
                    let (tail, head) = match stroke {
                        Stroke::Invisible => ("", ""),
                        _ => (tail, head),
                    };
                    // A tail `x` or `o` right after an id would read as part of the id.
                    let before = if tail.is_empty() && id.is_none() {
                        before
                    } else {
                        " "
                    };
                    let id = id.map(|i| format!("{i}@")).unwrap_or_default();
                    let arrow = format!("{tail}{}", body(stroke, head, length));
                    let label = match (form, stroke) {
                        (0 | 1, _) | (_, Stroke::Invisible) => {
                            return format!("{before}{id}{arrow}{after}");
                        }
                        (2, _) => format!("{arrow}|{text}|"),
                        (3, _) => format!("{arrow} | {text} |"),
                        // Inline: the opening stroke carries the tail, the closing one the rest.
                        _ => {
                            let (open, close) = match stroke {
                                Stroke::Normal => ("--", body(stroke, head, length)),
                                Stroke::Thick => ("==", body(stroke, head, length)),
                                _ => ("-.", format!("{}-{head}", ".".repeat(length))),
                            };
                            let inline = if text.starts_with('"') { text } else { inline };
                            format!("{tail}{open} {inline} {close}")
                        }
                    };
                    format!("{before}{id}{label}{after}")
                },
            )
    }

    pub(super) fn chain() -> impl Strategy<Value = String> {
        (group(), prop::collection::vec((link(), group()), 0..=3)).prop_map(|(first, rest)| {
            let mut out = first;
            for (link, group) in rest {
                out.push_str(&link);
                out.push_str(&group);
            }
            out
        })
    }

    /// A statement, and whether it must have its line to itself: comments, statements whose text
    /// runs to the end of the line, and styles (Mermaid reads `#333;` as an entity code).
    fn statement() -> impl Strategy<Value = (String, bool)> {
        let styles = select(&["fill:#f9f,stroke:#333", "stroke-width:2px ", "color:red;"][..]);
        prop_oneof![
            12 => chain().prop_map(|c| (c, false)),
            1 => (space1(), id(), space1(), styles.clone())
                .prop_map(|(a, id, b, s)| (format!("style{a}{id}{b}{s}"), true)),
            1 => (prop::collection::vec(class_name(), 1..=2), space1(), styles.clone())
                .prop_map(|(names, b, s)| (format!("classDef {}{b}{s}", names.join(",")), true)),
            1 => (prop::collection::vec(id(), 1..=3), space1(), class_name())
                .prop_map(|(ids, b, c)| (format!("class {}{b}{c}", ids.join(",")), false)),
            1 => (select(&["0", "1", "0,1", "default"][..]), space1(), styles)
                .prop_map(|(i, b, s)| (format!("linkStyle {i}{b}{s}"), true)),
            1 => "[A-Za-z ,.]{0,20}".prop_map(|c| (format!("%% {c}"), true)),
            1 => Just(("%%{init: {\"theme\": \"forest\"}}%%".to_owned(), true)),
            // Never empty: `accTitle:` at the end of a line takes the next line, as in Mermaid.
            1 => (space(), "[A-Za-z,.][A-Za-z ,.]{0,19}").prop_map(|(s, t)| (format!("accTitle{s}: {t}"), true)),
            1 => (space(), "[A-Za-z,.][A-Za-z ,.]{0,19}").prop_map(|(s, t)| (format!("accDescr{s}: {t}"), true)),
            1 => ("[A-Za-z ,.]{0,12}", "[A-Za-z ,.]{0,12}")
                .prop_map(|(a, b)| (format!("accDescr {{\n  {a}\n    {b}\n}}"), true)),
            // Mermaid reads a line holding `direction LR` as a direction statement; across a
            // line break inside a text, the words are text.
            1 => (id(), select(&["LR", "TB", "RL"][..]), any::<bool>()).prop_map(|(id, d, across)| {
                if across {
                    (format!("{id}[\"one\n  direction {d}\"] --> B"), true)
                } else {
                    (format!("{id}[Turn direction {d}] --> B"), true)
                }
            }),
            1 => (id(), select(&[
                "callback", "callback \"a tip\"", "call fn(1, 2)", "call go() \"tip\"",
                "\"https://example.org\"", "href \"https://x.org\" \"tip\" _blank",
                "\"u\" _self",
            ][..]))
                .prop_map(|(id, action)| (format!("click {id} {action}"), false)),
        ]
    }

    /// A `subgraph` line, its optional `direction` line, and its `end`.
    fn subgraph_head() -> impl Strategy<Value = String> {
        prop_oneof![
            ("[a-z]{1,6}", space(), text())
                .prop_map(|(id, s, t)| format!("subgraph g_{id}{s}[{t}]")),
            "[A-Z][a-z]{1,6}( [a-z]{1,6})?".prop_map(|t| format!("subgraph {t}")),
            quoted().prop_map(|t| format!("subgraph \"{t}\"")),
        ]
    }

    /// Lines of a flow body, with subgraphs nested up to three deep.
    fn body_lines() -> impl Strategy<Value = Vec<(String, bool)>> {
        let leaf = prop::collection::vec(statement(), 1..=6);
        leaf.prop_recursive(3, 48, 4, |inner| {
            prop::collection::vec(
                prop_oneof![
                    3 => statement().prop_map(|s| vec![s]),
                    1 => (
                        subgraph_head(),
                        prop::option::weighted(0.4, select(&["TB", "TD", "BT", "LR", "RL"][..])),
                        inner,
                    )
                        .prop_map(|(head, direction, body)| {
                            let mut lines = vec![(head, false)];
                            if let Some(d) = direction {
                                // Mermaid takes the rest of the line into the statement.
                                lines.push((format!("direction {d}"), true));
                            }
                            lines.extend(body);
                            lines.push(("end".to_owned(), false));
                            lines
                        }),
                ],
                1..=4,
            )
            .prop_map(|parts| parts.into_iter().flatten().collect())
        })
    }

    /// A whole flow: optional front matter and comments, a header, and the body with its lines
    /// joined by line breaks (with indentation and blank lines) or by `;`.
    pub(super) fn flow() -> impl Strategy<Value = String> {
        (
            prop::option::weighted(0.15, Just("---\ntitle: Generated\n---\n")),
            prop::option::weighted(0.15, Just("%% generated\n\n")),
            select(
                &[
                    "flowchart TD",
                    "flowchart LR",
                    "graph TB",
                    "graph BT",
                    "flowchart RL",
                    "graph >",
                    "flowchart",
                    "flowchart-elk TD",
                ][..],
            ),
            select(&["\n", "\n", ";\n", "\n\n", ";"][..]),
            body_lines().prop_flat_map(|lines| {
                let n = lines.len();
                (
                    Just(lines),
                    prop::collection::vec(
                        select(
                            &[
                                "\n",
                                "\n",
                                "\n",
                                "\n  ",
                                "\n\t",
                                "\n\n",
                                "\n\n\n    ",
                                ";",
                                "; ",
                                ";\n",
                            ][..],
                        ),
                        n,
                    ),
                    select(&["", "\n", ";\n", "\n\n", "  \n"][..]),
                )
            }),
        )
            .prop_map(
                |(front, comment, header, after_header, (lines, separators, end))| {
                    let mut out =
                        format!("{}{}{header}", front.unwrap_or(""), comment.unwrap_or(""));
                    let mut previous_own_line = true;
                    out.push_str(after_header);
                    for (i, (line, own_line)) in lines.iter().enumerate() {
                        if i > 0 {
                            let separator = separators[i];
                            // `%%` lines and text that runs to the end of the line need a line break.
                            if (*own_line || previous_own_line) && !separator.contains('\n') {
                                out.push('\n');
                            } else {
                                out.push_str(separator);
                            }
                        } else if after_header == ";" && *own_line {
                            out.push('\n');
                        }
                        out.push_str(line);
                        previous_own_line = *own_line;
                    }
                    out.push_str(end);
                    out
                },
            )
    }
}

/// 1024 cases a run, or `FLOWRUN_FMT_CASES` for a longer search.
fn cases() -> u32 {
    std::env::var("FLOWRUN_FMT_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1024)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// `format(format(x)) == format(x)`, and the formatted text is the same flow.
    #[test]
    fn formatting_generated_flows_is_idempotent_and_keeps_the_flow(text in generate::flow()) {
        check_laws("generated.flow", &text).map_err(TestCaseError::fail)?;
    }

    /// Short strings of Mermaid's punctuation and words: most are not flows, but those that
    /// parse must obey the laws too.
    #[test]
    fn formatting_whatever_parses_keeps_the_laws(
        body in prop_oneof![
            "[AB xo&;|\\-=.>~<\\[\\](){}\"@:\n%`/\\\\]{1,24}",
            prop::collection::vec(
                prop::sample::select(&[
                    "A", "B", "o", "x", "end", "subgraph", "direction", "LR", "click", "call",
                    "style", "class", "classDef", "linkStyle", "accTitle", "accDescr", "default",
                    "-->", "---", "-.-", "==>", "~~~", "--", "-.", "==", "&", ":::", "@{", "}",
                    "|", "\"", "`", "[", "]", "(", ")", "{", "%%", "#quot;", ";", ":", ",", " ",
                    " ", "\n", "\n", "\t", "/", "\\", "e1@", "_blank", "\"u\"",
                ][..]),
                1..16,
            )
            .prop_map(|tokens| tokens.concat()),
        ],
    ) {
        match check_laws("fuzz.flow", &format!("flowchart TD\n{body}")) {
            Err(e) if !e.starts_with("syntax errors") => return Err(TestCaseError::fail(e)),
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The command line

fn manifest_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// `flowrun ARGS...` in `dir` without colour, with `stdin`; it must not panic.
fn flowrun_in(dir: &Path, args: &[&str], stdin: &str) -> Out {
    exec(common::flowrun_in(dir).args(args).write_stdin(stdin))
}

#[track_caller]
fn expect(dir: &Path, args: &[&str], code: i32) -> Out {
    let out = flowrun_in(dir, args, "");
    assert_eq!(out.code, code, "flowrun {args:?}: {out:#?}");
    out
}

const MESSY: &str = "graph TD;A[\"Start\"]-->B{Ready?}\nB-- yes -->C[Go]\n\n\n  B-.->|no|D\n";
const MESSY_FORMATTED: &str =
    "graph TD\n    A[Start] --> B{Ready?}\n    B -->|yes| C[Go]\n\n    B -.->|no| D\n";
const BROKEN: &str = "flowchart TD\nA --> B[unclosed\nB --> C\n";

/// A directory with a formatted flow, an unformatted one, one in a subdirectory, and a file
/// that is not a flow.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let eligibility = std::fs::read_to_string(manifest_path("flows/eligibility.flow")).unwrap();
    std::fs::write(dir.path().join("tidy.flow"), &eligibility).unwrap();
    std::fs::write(dir.path().join("messy.flow"), MESSY).unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join("sub/deep.flow"), MESSY).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "A-->B").unwrap();
    dir
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Every file under `dir`, relative, sorted: no temporary files are left behind.
fn listing(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let p = entry.path();
            if p.is_dir() {
                pending.push(p);
            } else {
                found.push(p.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn fmt_formats_files_in_place() {
    let dir = workspace();
    let out = expect(dir.path(), &["fmt", "messy.flow"], 0);
    assert_eq!(out.stdout, "");
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
    assert!(
        out.stderr.contains("formatted 1 of 1 flow"),
        "{}",
        out.stderr
    );
    // Formatting again changes nothing.
    expect(dir.path(), &["fmt", "messy.flow"], 0);
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
    assert_eq!(
        listing(dir.path()),
        ["messy.flow", "notes.txt", "sub/deep.flow", "tidy.flow"]
    );
}

#[cfg(unix)]
#[test]
fn fmt_keeps_the_permissions_of_the_file_it_rewrites() {
    use std::os::unix::fs::PermissionsExt;
    let dir = workspace();
    let path = dir.path().join("messy.flow");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    expect(dir.path(), &["fmt", "messy.flow"], 0);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn fmt_writes_through_a_symbolic_link() {
    let dir = workspace();
    std::os::unix::fs::symlink("messy.flow", dir.path().join("link.flow")).unwrap();
    expect(dir.path(), &["fmt", "link.flow"], 0);
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.flow"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
}

#[test]
fn fmt_leaves_a_formatted_file_untouched() {
    let dir = workspace();
    let path = dir.path().join("tidy.flow");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    let inode = file_id(&path);
    // A clock with coarse steps could hide a rewrite: wait past one.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = expect(dir.path(), &["fmt", "tidy.flow"], 0);
    assert!(out.stderr.contains("already formatted"), "{}", out.stderr);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
    assert_eq!(file_id(&path), inode, "the file was replaced");
    assert_eq!(
        read(dir.path(), "tidy.flow"),
        std::fs::read_to_string(manifest_path("flows/eligibility.flow")).unwrap()
    );
}

/// The inode on Unix: a rename gives the path a new one.
fn file_id(path: &Path) -> u64 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).unwrap().ino()
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        0
    }
}

#[test]
fn fmt_recurses_into_directories_for_flow_files() {
    let dir = workspace();
    let out = expect(dir.path(), &["fmt", "."], 0);
    assert!(
        out.stderr.contains("formatted 2 of 3 flows"),
        "{}",
        out.stderr
    );
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
    assert_eq!(read(dir.path(), "sub/deep.flow"), MESSY_FORMATTED);
    assert_eq!(read(dir.path(), "notes.txt"), "A-->B");
    assert_eq!(
        listing(dir.path()),
        ["messy.flow", "notes.txt", "sub/deep.flow", "tidy.flow"]
    );
}

#[test]
fn fmt_check_lists_unformatted_files_writes_nothing_and_exits_1() {
    let dir = workspace();
    let out = expect(dir.path(), &["fmt", "--check", "."], 1);
    let listed: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(listed.len(), 2, "{}", out.stdout);
    assert!(
        listed.iter().any(|l| l.ends_with("messy.flow")),
        "{}",
        out.stdout
    );
    assert!(
        listed.iter().any(|l| l.ends_with("deep.flow")),
        "{}",
        out.stdout
    );
    // The first difference, as a diff.
    assert!(
        out.stderr.contains("-graph TD;A[\"Start\"]-->B{Ready?}\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("+    A[Start] --> B{Ready?}\n"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("2 of 3 flows not formatted"),
        "{}",
        out.stderr
    );
    assert_eq!(read(dir.path(), "messy.flow"), MESSY);
    assert_eq!(read(dir.path(), "sub/deep.flow"), MESSY);
    // Formatted files pass.
    let out = expect(dir.path(), &["fmt", "--check", "tidy.flow"], 0);
    assert_eq!(out.stdout, "");
    expect(dir.path(), &["fmt", "."], 0);
    expect(dir.path(), &["fmt", "--check", "."], 0);
}

#[test]
fn fmt_check_passes_on_the_repository_flows() {
    let out = expect(&manifest_path(""), &["fmt", "--check", "flows/"], 0);
    assert_eq!(out.stdout, "");
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_untouched() {
    let dir = workspace();
    std::fs::write(dir.path().join("broken.flow"), BROKEN).unwrap();
    let out = expect(dir.path(), &["fmt", "broken.flow", "messy.flow"], 1);
    assert!(out.stderr.contains("FLOW001"), "{}", out.stderr);
    assert!(out.stderr.contains("left as it is"), "{}", out.stderr);
    assert_eq!(read(dir.path(), "broken.flow"), BROKEN);
    // The other files are still formatted.
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
    let out = expect(dir.path(), &["fmt", "--check", "broken.flow"], 1);
    assert!(out.stderr.contains("FLOW001"), "{}", out.stderr);
    assert_eq!(read(dir.path(), "broken.flow"), BROKEN);
}

#[test]
fn fmt_reads_standard_input_and_writes_standard_output() {
    let dir = workspace();
    for args in [&["fmt"][..], &["fmt", "-"][..]] {
        let out = flowrun_in(dir.path(), args, MESSY);
        assert_eq!(out.code, 0, "{out:#?}");
        assert_eq!(out.stdout, MESSY_FORMATTED);
        assert_eq!(out.stderr, "");
    }
    let out = flowrun_in(dir.path(), &["fmt", "--check", "-"], MESSY);
    assert_eq!(
        (out.code, out.stdout.as_str()),
        (1, "<stdin>\n"),
        "{out:#?}"
    );
    let out = flowrun_in(dir.path(), &["fmt", "--check"], MESSY_FORMATTED);
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{out:#?}");
    let out = flowrun_in(dir.path(), &["fmt"], BROKEN);
    assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{out:#?}");
    assert!(out.stderr.contains("FLOW001"), "{}", out.stderr);
    assert_eq!(listing(dir.path()).len(), 4);
}

#[test]
fn fmt_input_errors_exit_2() {
    let dir = workspace();
    let out = expect(dir.path(), &["fmt", "missing.flow"], 2);
    assert!(out.stderr.contains("FLOW401"), "{}", out.stderr);
    // Other files are still formatted; the worst exit code wins.
    let out = expect(dir.path(), &["fmt", "missing.flow", "messy.flow"], 2);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
    assert_eq!(read(dir.path(), "messy.flow"), MESSY_FORMATTED);
    let out = expect(dir.path(), &["fmt", "--bogus"], 2);
    assert!(out.stderr.contains("--help"), "{}", out.stderr);
    std::fs::write(dir.path().join("binary.flow"), b"flowchart TD\nA[\xff]\n").unwrap();
    let out = expect(dir.path(), &["fmt", "binary.flow"], 1);
    assert!(out.stderr.contains("FLOW004"), "{}", out.stderr);
}

#[test]
fn fmt_help_has_examples() {
    let out = expect(&manifest_path(""), &["fmt", "--help"], 0);
    assert!(out.stdout.contains("Examples:"), "{}", out.stdout);
    assert!(out.stdout.contains("flowrun fmt --check"), "{}", out.stdout);
    assert!(out.stdout.contains("Exit codes"), "{}", out.stdout);
    let top = expect(&manifest_path(""), &["--help"], 0);
    assert!(top.stdout.contains("fmt"), "{}", top.stdout);
}

#[test]
fn render_to_mermaid_prints_the_formatted_flow() {
    let dir = workspace();
    let out = expect(dir.path(), &["render", "messy.flow", "--to", "mermaid"], 0);
    assert_eq!(out.stdout, MESSY_FORMATTED);
    assert_eq!(
        read(dir.path(), "messy.flow"),
        MESSY,
        "render does not write the flow"
    );
    let out = flowrun_in(dir.path(), &["render", "-", "--to", "mermaid"], MESSY);
    assert_eq!((out.code, out.stdout.as_str()), (0, MESSY_FORMATTED));
    // To a file, atomically.
    expect(
        dir.path(),
        &["render", "messy.flow", "--to", "mermaid", "-o", "out.mmd"],
        0,
    );
    assert_eq!(read(dir.path(), "out.mmd"), MESSY_FORMATTED);
    assert_eq!(
        listing(dir.path()),
        [
            "messy.flow",
            "notes.txt",
            "out.mmd",
            "sub/deep.flow",
            "tidy.flow"
        ]
    );
    // A flow that fails validation is still written, with a note; syntax errors are not.
    std::fs::write(
        dir.path().join("cycle.flow"),
        "flowchart TD\nA-->B\nB-->A\n",
    )
    .unwrap();
    let out = expect(dir.path(), &["render", "cycle.flow", "--to", "mermaid"], 0);
    assert_eq!(out.stdout, "flowchart TD\n    A --> B\n    B --> A\n");
    assert!(out.stderr.contains("drawn anyway"), "{}", out.stderr);
    std::fs::write(dir.path().join("broken.flow"), BROKEN).unwrap();
    let out = expect(dir.path(), &["render", "broken.flow", "--to", "mermaid"], 1);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("FLOW001"), "{}", out.stderr);
    // The repository's flow is already in this form.
    let eligibility = manifest_path("flows/eligibility.flow");
    let out = expect(
        dir.path(),
        &["render", eligibility.to_str().unwrap(), "--to", "mermaid"],
        0,
    );
    assert_eq!(out.stdout, std::fs::read_to_string(&eligibility).unwrap());
}
