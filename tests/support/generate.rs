//! Generators of flow text, shared by the property tests (`fmt`, `properties` and `fast_path` use
//! them as `support::generate`). Each piece is text as a person might write it: odd spacing, `;`
//! separators, labels inline or in pipes, texts plain or quoted. These texts exercise the syntax;
//! most are not valid decision flows.

use proptest::prelude::*;
use proptest::sample::select;

/// Ids, with some that start with `o` and `x` (an arrowhead without spaces) or hold marks.
const IDS: &[&str] = &[
    "A", "B", "C", "D", "q1", "node_2", "Start", "x1", "o1", "é", "a.b", "my-node", "endpoint",
    "1", "End",
];
const CLASSES: &[&str] = &["c1", "done", "warn_x", "Big"];

pub(crate) fn id() -> impl Strategy<Value = String> {
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
pub(crate) fn node() -> impl Strategy<Value = String> {
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

pub(crate) fn chain() -> impl Strategy<Value = String> {
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
        ("[a-z]{1,6}", space(), text()).prop_map(|(id, s, t)| format!("subgraph g_{id}{s}[{t}]")),
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
pub(crate) fn flow() -> impl Strategy<Value = String> {
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
                let mut out = format!("{}{}{header}", front.unwrap_or(""), comment.unwrap_or(""));
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

/// Short strings of Mermaid's punctuation and words: most are not flows, some are.
pub(crate) fn punctuation() -> impl Strategy<Value = String> {
    prop_oneof![
        "[AB xo&;|\\-=.>~<\\[\\](){}\"@:\n%`/\\\\]{1,24}",
        prop::collection::vec(
            prop::sample::select(
                &[
                    "A",
                    "B",
                    "o",
                    "x",
                    "end",
                    "subgraph",
                    "direction",
                    "LR",
                    "click",
                    "call",
                    "style",
                    "class",
                    "classDef",
                    "linkStyle",
                    "accTitle",
                    "accDescr",
                    "default",
                    "-->",
                    "---",
                    "-.-",
                    "==>",
                    "~~~",
                    "--",
                    "-.",
                    "==",
                    "&",
                    ":::",
                    "@{",
                    "}",
                    "|",
                    "\"",
                    "`",
                    "[",
                    "]",
                    "(",
                    ")",
                    "{",
                    "%%",
                    "#quot;",
                    ";",
                    ":",
                    ",",
                    " ",
                    " ",
                    "\n",
                    "\n",
                    "\t",
                    "/",
                    "\\",
                    "e1@",
                    "_blank",
                    "\"u\"",
                ][..],
            ),
            1..16,
        )
        .prop_map(|tokens| tokens.concat()),
    ]
}
