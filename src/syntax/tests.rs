//! Grammar tests: what parses, into what, and what is rejected with which code.

use super::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::input::source::SourceFile;

fn parse_text(text: &str) -> Parsed {
    parse(&SourceFile::new("test.flow", text))
}

/// Parses text that must be valid (warnings allowed) and returns its statements.
fn statements(text: &str) -> Vec<Statement> {
    let parsed = parse_text(text);
    assert!(
        !parsed.diagnostics.iter().any(Diagnostic::is_error),
        "{text:?}: {:?}",
        parsed
            .diagnostics
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    parsed.document.expect("a document").statements
}

/// The chains of a valid text.
fn chains(text: &str) -> Vec<Chain> {
    statements(text)
        .into_iter()
        .filter_map(|s| match s {
            Statement::Chain(c) => Some(c),
            _ => None,
        })
        .collect()
}

fn only_chain(text: &str) -> Chain {
    let mut all = chains(text);
    assert_eq!(all.len(), 1, "{text:?}");
    all.remove(0)
}

fn codes(text: &str) -> Vec<Code> {
    parse_text(text)
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn headers_with_and_without_direction() {
    for (header, direction) in [
        ("flowchart TD", Some(Direction::TopDown)),
        ("flowchart TB", Some(Direction::TopDown)),
        ("graph BT", Some(Direction::BottomUp)),
        ("graph LR", Some(Direction::LeftRight)),
        ("flowchart RL", Some(Direction::RightLeft)),
        ("flowchart", None),
        ("graph", None),
        ("  flowchart TD  ", Some(Direction::TopDown)),
        ("graph TD;", Some(Direction::TopDown)),
    ] {
        let doc = parse_text(&format!("{header}\nA --> B\n"))
            .document
            .expect(header);
        assert_eq!(doc.header.direction, direction, "{header}");
    }
    // Statements may follow a `;` on the header line, and the body may be empty.
    assert_eq!(chains("graph TD;A-->B;").len(), 1);
    assert!(statements("flowchart TD").is_empty());
}

#[test]
fn bad_headers_are_reported() {
    assert_eq!(codes(""), [Code::NotAFlowchart]);
    assert_eq!(codes("   \n\n"), [Code::NotAFlowchart]);
    assert_eq!(codes("sequenceDiagram\nA->>B: hi\n"), [Code::NotAFlowchart]);
    assert_eq!(codes("FLOWCHART TD\nA-->B\n"), [Code::NotAFlowchart]);
    // Lower-case directions and statements on the header line are Mermaid errors too.
    assert_eq!(codes("flowchart td\nA-->B\n"), [Code::SyntaxError]);
    assert_eq!(codes("flowchart TD A-->B\n"), [Code::SyntaxError]);
}

#[test]
fn comments_front_matter_and_directives_before_the_header() {
    let text = "---\ntitle: Eligibility\n---\n%% a comment\n%%{init: {}}%%\n\nflowchart LR\n  %% inside\n  A --> B\n";
    let doc = parse_text(text).document.expect("document");
    assert!(doc.front_matter.is_some());
    assert_eq!(doc.title.as_deref(), Some("Eligibility"));
    assert_eq!(doc.header.direction, Some(Direction::LeftRight));
    assert!(matches!(doc.statements[0], Statement::Comment(_)));
    assert_eq!(
        codes("---\ntitle: x\nflowchart TD\n"),
        [Code::NotAFlowchart]
    );
}

#[test]
fn node_ids_as_mermaid_allows_them() {
    for id in [
        "A",
        "a1",
        "1",
        "my-node",
        "a.b",
        "a_b",
        "a:b",
        "a,b",
        "a&b",
        "endpoint",
        "end_x",
        "classroom",
        "styles",
        "subgraph1",
        "clicked",
        "End",
        "END",
        "direction",
        "default",
        "å",
        "節点",
        "odd-",
    ] {
        let chain = only_chain(&format!("flowchart TD\n{id} --> Z\n"));
        assert_eq!(chain.groups[0][0].id.value, id, "{id}");
    }
}

#[test]
fn reserved_words_are_not_ids() {
    for word in [
        "end",
        "graph",
        "flowchart",
        "style",
        "linkStyle",
        "classDef",
        "class",
        "interpolate",
        "_self",
        "_blank",
        "_parent",
        "_top",
        "subgraph",
    ] {
        let text = format!("flowchart TD\nA --> {word}\n");
        assert!(!codes(&text).is_empty(), "{word} should not be an id");
        let text = format!("flowchart TD\n{word}-node --> A\n");
        assert!(!codes(&text).is_empty(), "{word}-node should not be an id");
    }
    assert!(!codes("flowchart TD\nA-->click\n").is_empty());
    assert_eq!(
        only_chain("flowchart TD\nclick-->B\n").groups[0][0]
            .id
            .value,
        "click"
    );
}

#[test]
fn every_shape() {
    for (text, shape, label) in [
        ("A[text]", Shape::Square, "text"),
        ("A(text)", Shape::Round, "text"),
        ("A([text])", Shape::Stadium, "text"),
        ("A[[text]]", Shape::Subroutine, "text"),
        ("A[(text)]", Shape::Cylinder, "text"),
        ("A((text))", Shape::Circle, "text"),
        ("A(((text)))", Shape::DoubleCircle, "text"),
        ("A{text}", Shape::Diamond, "text"),
        ("A{{text}}", Shape::Hexagon, "text"),
        ("A>text]", Shape::Odd, "text"),
        ("A[/text/]", Shape::LeanRight, "text"),
        ("A[\\text\\]", Shape::LeanLeft, "text"),
        ("A[/text\\]", Shape::Trapezoid, "text"),
        ("A[\\text/]", Shape::InvTrapezoid, "text"),
        ("A(-text-)", Shape::Ellipse, "text"),
        ("A[|borders:lt|text]", Shape::Square, "text"),
    ] {
        let chain = only_chain(&format!("flowchart TD\n{text}\n"));
        let shaped = chain.groups[0][0].shape.clone().expect(text);
        assert_eq!(shaped.shape, shape, "{text}");
        assert_eq!(shaped.text.raw, label, "{text}");
    }
}

#[test]
fn text_forms() {
    let node = |text: &str| only_chain(&format!("flowchart TD\n{text}\n")).groups[0][0].clone();
    let quoted = node("A[\"a (b) [c] {d} | e --> f;\"]").shape.unwrap().text;
    assert!(quoted.quoted);
    assert_eq!(quoted.raw, "a (b) [c] {d} | e --> f;");
    let md = node("A[\"`**bold**`\"]").shape.unwrap().text;
    assert_eq!(md.raw, "`**bold**`");
    let multi = node("A[first line\n   second line]").shape.unwrap().text;
    assert_eq!(multi.raw, "first line\n   second line");
    let br = node("A{Is it<br/>ready?}").shape.unwrap().text;
    assert_eq!(br.raw, "Is it<br/>ready?");
    let plain = node("A[You're eligible! Mail support@example.com; 100% #ok]")
        .shape
        .unwrap()
        .text;
    assert_eq!(
        plain.raw,
        "You're eligible! Mail support@example.com; 100% #ok"
    );
    // The span of the text is the text itself.
    let text = "flowchart TD\nA[hello]\n";
    let t = only_chain(text).groups[0][0].shape.clone().unwrap().text;
    assert_eq!(&text[t.span.start..t.span.end], "hello");
}

#[test]
fn text_errors() {
    for bad in [
        "A[]",
        "A{}",
        "A[\"\"]",
        "A(this \"x\" y)",
        "A[a (b) c]",
        "A[unclosed",
        "A [space before shape]",
        "A[\"a \"b\" c\"]",
    ] {
        assert_eq!(
            codes(&format!("flowchart TD\n{bad}\n")),
            [Code::SyntaxError],
            "{bad}"
        );
    }
}

#[test]
fn edge_operators_and_their_forms() {
    for (op, stroke, head, tail, length) in [
        ("-->", Stroke::Normal, Head::Arrow, Head::None, 1),
        ("--->", Stroke::Normal, Head::Arrow, Head::None, 2),
        ("---", Stroke::Normal, Head::None, Head::None, 1),
        ("----", Stroke::Normal, Head::None, Head::None, 2),
        ("-.->", Stroke::Dotted, Head::Arrow, Head::None, 1),
        ("-..->", Stroke::Dotted, Head::Arrow, Head::None, 2),
        ("-.-", Stroke::Dotted, Head::None, Head::None, 1),
        ("==>", Stroke::Thick, Head::Arrow, Head::None, 1),
        ("===>", Stroke::Thick, Head::Arrow, Head::None, 2),
        ("===", Stroke::Thick, Head::None, Head::None, 1),
        ("~~~", Stroke::Invisible, Head::None, Head::None, 1),
        ("--o", Stroke::Normal, Head::Circle, Head::None, 1),
        ("--x", Stroke::Normal, Head::Cross, Head::None, 1),
        ("<-->", Stroke::Normal, Head::Arrow, Head::Arrow, 1),
        ("o--o", Stroke::Normal, Head::Circle, Head::Circle, 1),
        ("x--x", Stroke::Normal, Head::Cross, Head::Cross, 1),
        ("<-.->", Stroke::Dotted, Head::Arrow, Head::Arrow, 1),
        ("<==>", Stroke::Thick, Head::Arrow, Head::Arrow, 1),
    ] {
        // Without spaces an `o` or `x` head would be read as part of the id `A`, as in Mermaid.
        let mut forms = vec![format!("A {op} B")];
        if !op.starts_with(['o', 'x']) {
            forms.push(format!("A{op}B"));
        }
        for text in forms {
            let chain = only_chain(&format!("flowchart TD\n{text}\n"));
            let link = &chain.links[0];
            assert_eq!(
                (link.stroke, link.head, link.tail, link.length),
                (stroke, head, tail, length),
                "{text}"
            );
            assert_eq!(chain.groups[1][0].id.value, "B", "{text}");
        }
    }
    // Mermaid's gotcha: the `o` of `oB` becomes the arrowhead.
    let chain = only_chain("flowchart TD\nA---oB\n");
    assert_eq!(chain.links[0].head, Head::Circle);
    assert_eq!(chain.groups[1][0].id.value, "B");
}

#[test]
fn edge_labels_in_both_positions() {
    for (text, stroke, label) in [
        ("A -->|Yes| B", Stroke::Normal, "Yes"),
        ("A --> | Yes | B", Stroke::Normal, " Yes "),
        ("A -.->|No| B", Stroke::Dotted, "No"),
        ("A ==>|x| B", Stroke::Thick, "x"),
        ("A ---|t| B", Stroke::Normal, "t"),
        ("A -->|\"Yes (y)\"| B", Stroke::Normal, "Yes (y)"),
        ("A -- Yes --> B", Stroke::Normal, "Yes"),
        ("A -- a-b --> B", Stroke::Normal, "a-b"),
        ("A -. No .-> B", Stroke::Dotted, "No"),
        ("A == Go ==> B", Stroke::Thick, "Go"),
        ("A -- \"quoted (x)\" --> B", Stroke::Normal, "quoted (x)"),
        (
            "A--text including URL space-->B",
            Stroke::Normal,
            "text including URL space",
        ),
        ("A -- No ----> B", Stroke::Normal, "No"),
    ] {
        let chain = only_chain(&format!("flowchart TD\n{text}\n"));
        let link = &chain.links[0];
        assert_eq!(link.stroke, stroke, "{text}");
        assert_eq!(link.label.as_ref().expect(text).raw, label, "{text}");
        assert_eq!(chain.groups[1][0].id.value, "B", "{text}");
    }
    let chain = only_chain("flowchart TD\nA -- No ----> B\n");
    assert_eq!(chain.links[0].length, 3);
    for bad in [
        "A -->|| B",
        "A -- t ==> B",
        "A -->|x B",
        "A -- text B",
        "A -> B",
    ] {
        assert_eq!(
            codes(&format!("flowchart TD\n{bad}\n")),
            [Code::SyntaxError],
            "{bad}"
        );
    }
}

#[test]
fn chains_ampersands_and_separators() {
    let chain = only_chain("flowchart TD\nA -->|x| B -->|y| C --> D\n");
    assert_eq!(chain.groups.len(), 4);
    assert_eq!(chain.links[1].label.as_ref().unwrap().raw, "y");
    let chain = only_chain("flowchart TD\nA & B --> C & D\n");
    assert_eq!(chain.groups[0].len(), 2);
    assert_eq!(chain.groups[1].len(), 2);
    // Without spaces `&` is part of the id.
    let chain = only_chain("flowchart TD\nA&B-->C\n");
    assert_eq!(chain.groups[0][0].id.value, "A&B");
    assert_eq!(chains("flowchart TD\nA-->B;B-->C;;\n\nC-->D\n").len(), 3);
    // A link swallows line breaks around it, as in Mermaid.
    assert_eq!(only_chain("flowchart TD\nA -->\n  B\n").groups.len(), 2);
}

#[test]
fn styling_statements() {
    let stmts = statements(
        "flowchart TD\nA:::warn --> B[x]:::ok\nstyle A fill:#f9f,stroke:#333,stroke-width:4px;\n\
         classDef warn,alert fill:#f96\nclass A,B alert\nlinkStyle 0 stroke:red\nlinkStyle default,0 color:blue\n",
    );
    let Statement::Chain(chain) = &stmts[0] else {
        panic!("chain first")
    };
    assert_eq!(chain.groups[0][0].class.as_ref().unwrap().value, "warn");
    assert_eq!(chain.groups[1][0].class.as_ref().unwrap().value, "ok");
    let Statement::Style(style) = &stmts[1] else {
        panic!("style")
    };
    assert_eq!(style.target.value, "A");
    assert_eq!(style.styles.value, "fill:#f9f,stroke:#333,stroke-width:4px");
    let Statement::ClassDef(def) = &stmts[2] else {
        panic!("classDef")
    };
    assert_eq!(def.names.len(), 2);
    let Statement::Class(class) = &stmts[3] else {
        panic!("class")
    };
    assert_eq!(class.targets.len(), 2);
    assert_eq!(class.class.value, "alert");
    let Statement::LinkStyle(ls) = &stmts[5] else {
        panic!("linkStyle")
    };
    assert_eq!(ls.indexes[0].value, LinkIndex::Default);
    assert_eq!(ls.indexes[1].value, LinkIndex::Index(0));
    // `:::` directly followed by a link still ends the class name.
    let chain = only_chain("flowchart TD\nA[test]:::exClass-->B[test2]\n");
    assert_eq!(chain.groups[0][0].class.as_ref().unwrap().value, "exClass");
}

#[test]
fn accessibility_statements() {
    let stmts =
        statements("flowchart TD\naccTitle: Eligibility\naccDescr {\n two\n lines\n}\nA-->B\n");
    assert!(matches!(&stmts[0], Statement::AccTitle(t) if t.value == "Eligibility"));
    assert!(matches!(&stmts[1], Statement::AccDescr(d) if d.text.contains("two") && d.block));
}

#[test]
fn subgraph_heads_in_every_form() {
    let heads = |text: &str| -> Vec<(Option<String>, Option<String>, Option<String>)> {
        statements(text)
            .into_iter()
            .filter_map(|s| match s {
                Statement::Subgraph(s) => Some((
                    s.id.as_ref().map(|i| i.value.clone()),
                    s.title.as_ref().map(|t| t.raw.clone()),
                    s.effective_id().map(str::to_owned),
                )),
                _ => None,
            })
            .collect()
    };
    let own = |v: &str| Some(v.to_owned());
    assert_eq!(
        heads(
            "flowchart TD\nsubgraph one [Title one]\nA\nend\nsubgraph two[\"T (2)\"]\nB\nend\n\
             subgraph Some title\nC\nend\nsubgraph \"Quoted\"\nD\nend\n"
        ),
        [
            (own("one"), own("Title one"), own("one")),
            (own("two"), own("T (2)"), own("two")),
            (None, own("Some title"), None),
            (None, own("Quoted"), own("Quoted")),
        ]
    );
}

#[test]
fn subgraphs_nest_and_must_close() {
    let stmts = statements("flowchart TD\nsubgraph a\nsubgraph b\nA\nend\nend\n");
    assert!(matches!(stmts[3], Statement::End(_)) && matches!(stmts[4], Statement::End(_)));
    assert_eq!(codes("flowchart TD\nsubgraph a\nA\n"), [Code::SyntaxError]);
    assert_eq!(codes("flowchart TD\nA\nend\n"), [Code::SyntaxError]);
    // Mermaid 11 fails on a subgraph with neither id nor title.
    assert_eq!(
        codes("flowchart TD\nsubgraph\nA\nend\n"),
        [Code::SyntaxError]
    );
    // Deep nesting is a sequence of statements, not recursion.
    let mut deep = String::from("flowchart TD\n");
    deep.push_str(&"subgraph s\n".repeat(10_000));
    deep.push_str("A --> B\n");
    deep.push_str(&"end\n".repeat(10_000));
    assert!(codes(&deep).is_empty());
}

#[test]
fn direction_statements_and_swallowed_lines() {
    let stmts = statements("flowchart TD\nsubgraph a\ndirection LR\nA\nend\n");
    assert!(matches!(
        &stmts[1],
        Statement::Direction(d) if d.direction == Direction::LeftRight && !d.swallowed_line
    ));
    let parsed = parse_text("flowchart TD\nA[Change direction RL?] --> B\nB --> C\n");
    let codes: Vec<Code> = parsed.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, [Code::DirectionSwallowsLine]);
    let statements = parsed.document.unwrap().statements;
    assert!(matches!(&statements[0], Statement::Direction(d) if d.swallowed_line));
    // A node may be called `direction`.
    assert!(matches!(
        &statements_of("flowchart TD\ndirection --> B\n")[0],
        Statement::Chain(_)
    ));
}

fn statements_of(text: &str) -> Vec<Statement> {
    statements(text)
}

#[test]
fn click_in_all_its_forms() {
    let clicks: Vec<ClickStmt> = statements(
        "flowchart TD\nA-->B\nclick A callback\nclick A callback \"tip\"\n\
         click A call callback()\nclick A call callback(\"x\", 1) \"tip\"\n\
         click A \"https://x.org\"\nclick A \"https://x.org\" \"tip\" _blank\n\
         click B href \"https://x.org\" _self\n",
    )
    .into_iter()
    .filter_map(|s| match s {
        Statement::Click(c) => Some(c),
        _ => None,
    })
    .collect();
    assert_eq!(clicks.len(), 7);
    assert!(
        matches!(&clicks[0].action, ClickAction::Callback { name, call: false, .. } if name.value == "callback")
    );
    assert_eq!(clicks[1].tooltip.as_ref().unwrap().value, "tip");
    assert!(
        matches!(&clicks[3].action, ClickAction::Callback { args: Some(a), call: true, .. } if a == "\"x\", 1")
    );
    assert!(
        matches!(&clicks[5].action, ClickAction::Link { url, href: false } if url.value == "https://x.org")
    );
    assert_eq!(clicks[5].window.as_ref().unwrap().value, "_blank");
    assert!(matches!(
        &clicks[6].action,
        ClickAction::Link { href: true, .. }
    ));
    assert_eq!(codes("flowchart TD\nA-->B\nclick A\n"), [Code::SyntaxError]);
}

#[test]
fn node_data_is_read_and_checked() {
    let stmts = statements(
        "flowchart TD\nA@{ shape: question, label: \"Ready?\" } -->|Yes| B@{\n  shape: doc\n}\n",
    );
    let Statement::Chain(chain) = &stmts[0] else {
        panic!("{stmts:?}")
    };
    let a = chain.groups[0][0].data.as_ref().unwrap();
    assert_eq!(a.shape.as_ref().unwrap().value, Shape::Diamond);
    assert_eq!(a.label.as_deref(), Some("Ready?"));
    let b = chain.groups[1][0].data.as_ref().unwrap();
    assert!(matches!(b.shape.as_ref().unwrap().value, Shape::Named(n) if n.name() == "doc"));
    assert_eq!(
        codes("flowchart TD\nA@{ shape: nosuch }\n"),
        [Code::InvalidNodeData]
    );
    assert_eq!(
        codes("flowchart TD\nA@{ shape: [rect }\n"),
        [Code::InvalidNodeData]
    );
    // `}` inside a quoted string does not close the block.
    assert!(codes("flowchart TD\nA@{ label: \"a } b\" }\n").is_empty());
    assert_eq!(
        codes("flowchart TD\nA@{ shape: rect\n"),
        [Code::SyntaxError]
    );
    // No space between the id and its data.
    assert_eq!(
        codes("flowchart TD\nA @{ shape: rect }\n"),
        [Code::SyntaxError]
    );
}

#[test]
fn an_arrowhead_that_takes_an_id_is_warned_about() {
    assert_eq!(codes("flowchart TD\nA---oB\n"), [Code::ArrowheadTakesId]);
    assert!(codes("flowchart TD\nA --- oB\nA --o B\nA-->xray\n").is_empty());
}

#[test]
fn every_syntax_error_is_reported_and_parsing_goes_on() {
    let parsed = parse_text("flowchart TD\nA -> B\nB --> C\nC -> D\nD[ok\n");
    let lines: Vec<usize> = parsed
        .diagnostics
        .iter()
        .map(|d| d.line_col().expect("points into the file").0)
        .collect();
    // The unclosed `[` is reported where it opens, not at the end of the file.
    assert_eq!(lines, [2, 4, 5]);
    let document = parsed.document.expect("document");
    assert_eq!(document.statements.len(), 1, "the valid statement is kept");
}

#[test]
fn syntax_errors_say_what_was_expected_in_words() {
    let parsed = parse_text("flowchart TD\nA[Start] -> B{Ready?}\n");
    let d = &parsed.diagnostics[0];
    assert!(d.message.starts_with("expected "), "{}", d.message);
    assert!(!d.message.contains("_"), "no rule names: {}", d.message);
    assert!(d.help.as_deref().unwrap().contains("two dashes"));
    let span = d.primary_span().unwrap();
    assert_eq!(
        &"flowchart TD\nA[Start] -> B{Ready?}\n"[span.start..span.end],
        "->"
    );
}

#[test]
fn line_endings_do_not_matter() {
    let unix = chains("flowchart TD\nA -->|Yes| B\nA -->|No| C\n");
    let windows = chains("flowchart TD\r\nA -->|Yes| B\r\nA -->|No| C\r\n");
    assert_eq!(unix.len(), windows.len());
}

#[test]
fn statements_read_in_chunks_are_all_read_and_errors_still_found() {
    // More statements than one chunk, with errors inside and at the very end without a newline.
    let mut text = String::from("flowchart TD\n");
    for i in 0..200 {
        if i == 70 || i == 130 {
            text.push_str(&format!("n{i} -> n{}\n", i + 1));
        } else {
            text.push_str(&format!("n{i} --> n{}\n", i + 1));
        }
    }
    text.push_str("last --> end_x");
    let parsed = parse_text(&text);
    let lines: Vec<usize> = parsed
        .diagnostics
        .iter()
        .map(|d| d.line_col().expect("points into the file").0)
        .collect();
    assert_eq!(lines, [72, 132]);
    let chains = parsed.document.expect("document").statements.len();
    assert_eq!(chains, 199, "every statement but the two broken ones");
}

#[test]
fn edge_ids() {
    for (text, id) in [
        ("A e1@--> B", "e1"),
        ("A e1@-->|Yes| B", "e1"),
        ("A e1@-- Yes --> B", "e1"),
        ("A e1@x-- t --x B", "e1"),
        ("A L_A_B_0@==> B", "L_A_B_0"),
    ] {
        let chain = only_chain(&format!("flowchart TD\n{text}\n"));
        let link = &chain.links[0];
        assert_eq!(
            link.id.as_ref().map(|s| s.value.as_str()),
            Some(id),
            "{text}"
        );
        assert_eq!(chain.groups[1][0].id.value, "B", "{text}");
    }
    let text = "flowchart TD\nA e1@--> B\n";
    let id = only_chain(text).links[0].id.clone().unwrap();
    assert_eq!(&text[id.span.start..id.span.end], "e1");
    assert!(only_chain("flowchart TD\nA --> B\n").links[0].id.is_none());
}

#[test]
fn comments_after_a_statement_are_what_mermaid_makes_of_them() {
    // On a line of its own a comment is dropped; after `;` `%%note` is a node, `%% a note` an
    // error; a directive is dropped anywhere.
    assert!(codes("flowchart TD\n  %% a note\nA-->B\n").is_empty());
    assert_eq!(
        codes("flowchart TD\nA-->B;%%note\n"),
        [Code::CommentReadAsNode]
    );
    let stmts = statements("flowchart TD\nA-->B;%%note\n");
    assert!(matches!(&stmts[1], Statement::Chain(c) if c.groups[0][0].id.value == "%%note"));
    assert_eq!(
        codes("flowchart TD\nA-->B; %% a note\n"),
        [Code::SyntaxError]
    );
    assert!(codes("flowchart TD\nA-->B; %%{init: {}}%%\n").is_empty());
    // `%% --> C` after `;` is a chain to Mermaid: node `%%` linked to `C`.
    let stmts = statements("flowchart TD\nA-->B; %% --> C\n");
    assert!(matches!(&stmts[1], Statement::Chain(c) if c.links.len() == 1));
}

#[test]
fn an_entity_code_before_a_semicolon_in_a_style_line_is_refused_as_mermaid_refuses_it() {
    assert_eq!(
        codes("graph TD;A;style A background:#fff;style A color:red;\n"),
        [Code::SyntaxError]
    );
    // The last `;` of the line is dropped first, so one trailing `;` is fine.
    assert!(codes("graph TD\nA\nstyle A fill:#fff;\nclassDef c fill:#f9f;\n").is_empty());
}

#[test]
fn lexer_details_as_mermaid_has_them() {
    // Plain text may follow a quoted string; an empty `""` vanishes.
    let chain = only_chain("flowchart TD\nA[\"x\" y] -->|\"p\"q| B[\"z\"\"\"]\n");
    let text = |n: &NodeRef| n.shape.as_ref().unwrap().text.raw.clone();
    assert_eq!(text(&chain.groups[0][0]), "x y");
    assert_eq!(text(&chain.groups[1][0]), "z");
    assert_eq!(chain.links[0].label.as_ref().unwrap().raw, "pq");
    assert_eq!(
        codes("flowchart TD\nA[x \"y\"] --> B\n"),
        [Code::SyntaxError]
    );
    // Edge ids: a space may follow the `@`; `e1@e2@` is one id.
    let chain = only_chain("flowchart TD\nA e1@ --> B\n");
    assert_eq!(chain.links[0].id.as_ref().unwrap().value, "e1");
    let chain = only_chain("flowchart TD\nA e1@e2@--> B\n");
    assert_eq!(chain.links[0].id.as_ref().unwrap().value, "e1@e2");
    // `:::` takes a whole id, commas included.
    let chain = only_chain("flowchart TD\nA:::a,b --> B\n");
    assert_eq!(chain.groups[0][0].class.as_ref().unwrap().value, "a,b");
    // No spaces around class-list commas; a style text cannot start with one.
    assert_eq!(
        codes("flowchart TD\nA\nclass A, B red\n"),
        [Code::SyntaxError]
    );
    assert_eq!(
        codes("flowchart TD\nA\nclassDef red ,blue fill:#f00\n"),
        [Code::SyntaxError]
    );
    // `=` is no id character in released Mermaid; an entity code cannot be in an id.
    assert_eq!(codes("flowchart TD\na=b --> c\n"), [Code::SyntaxError]);
    assert_eq!(codes("flowchart TD\nA#35;B --> C\n"), [Code::SyntaxError]);
    // `interpolate` needs a curve name; `href` and `call` are no callback names.
    assert_eq!(
        codes("flowchart TD\nA --> B\nlinkStyle 0 interpolate\n"),
        [Code::SyntaxError]
    );
    assert_eq!(
        codes("flowchart TD\nA\nclick A href\n"),
        [Code::SyntaxError]
    );
    // Directives go anywhere; front matter may follow comment lines; `BR` is a direction.
    assert!(
        codes("%% first\n---\ntitle: x\n---\ngraph BR %%{init: {}}%%\nA --> B %%{x}%%\n")
            .is_empty()
    );
    assert_eq!(
        codes("---\ntitle: [unclosed\n---\nflowchart TD\nA\n"),
        [Code::SyntaxError]
    );
    // Markdown strings close with a backtick right before the quote.
    assert_eq!(codes("flowchart TD\nA[\"`x`y\"]\n"), [Code::SyntaxError]);
    // An `accDescr {` block left open runs to the end of the file, as in Mermaid.
    assert!(codes("flowchart TD\nA --> B\naccDescr {\n never closed\n").is_empty());
}

#[test]
fn a_tail_is_kept_only_when_it_matches_the_head_and_a_bare_comment_marker_is_a_node() {
    let link = |text: &str| only_chain(text).links.remove(0);
    let l = link("flowchart TD\nA x--- B\n");
    assert_eq!((l.tail, l.head, l.length), (Head::None, Head::None, 2));
    let l = link("flowchart TD\nA o--> B\n");
    assert_eq!((l.tail, l.head, l.length), (Head::None, Head::Arrow, 2));
    let l = link("flowchart TD\nA <-.- B\n");
    assert_eq!(
        (l.tail, l.stroke, l.length),
        (Head::None, Stroke::Dotted, 1)
    );
    let l = link("flowchart TD\nA x-- t --x B\n");
    assert_eq!((l.tail, l.head), (Head::Cross, Head::Cross));
    // `%%` with nothing after it is a node to Mermaid.
    assert_eq!(
        codes("flowchart TD\n%%\nA --> B\n"),
        [Code::CommentReadAsNode]
    );
}

#[test]
fn spaces_around_a_subgraph_title_make_mermaid_generate_the_id() {
    let ids = |text: &str| -> Vec<Option<String>> {
        statements(text)
            .into_iter()
            .filter_map(|s| match s {
                Statement::Subgraph(s) => Some(s.effective_id().map(str::to_owned)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        ids(
            "flowchart TD\nsubgraph One \nA\nend\nsubgraph  Two\nB\nend\nsubgraph  three [T]\nC\nend\n"
        ),
        [None, None, Some("three".to_owned())]
    );
}

#[test]
fn words_that_mermaids_lexer_reads_as_links_are_refused() {
    for text in ["A[a@b]", "A(a@b)", "A -->|a@b| B", "A[~~~]"] {
        assert_eq!(
            codes(&format!("flowchart TD\n{text}\n")),
            [Code::SyntaxError],
            "{text}"
        );
    }
    for text in [
        "A[x a@b]",
        "A[\"a@b\"]",
        "A -- a@b --> B",
        "A[a ~~~]",
        "A e1@--> B",
    ] {
        assert!(
            codes(&format!("flowchart TD\n{text}\n")).is_empty(),
            "{text}"
        );
    }
}

#[test]
fn an_empty_acc_title_takes_the_next_line_as_mermaid_does() {
    let stmts = statements("flowchart TD\naccTitle:\nA --> B\nC\n");
    assert!(matches!(&stmts[0], Statement::AccTitle(t) if t.value == "A --> B"));
    assert_eq!(stmts.len(), 2);
}

/// The one syntax error of a text, with the text its labels point at.
fn only_syntax_error(text: &str) -> (Diagnostic, Vec<String>) {
    let parsed = parse_text(text);
    let [d] = parsed.diagnostics.as_slice() else {
        panic!("{text:?}: {:#?}", parsed.diagnostics);
    };
    assert_eq!(d.code, Code::SyntaxError, "{text:?}: {}", d.message);
    let labelled = d
        .labels
        .iter()
        .map(|l| text[l.span.start..l.span.end].to_owned())
        .collect();
    (d.clone(), labelled)
}

#[test]
fn every_unclosed_bracket_is_reported_where_it_opens() {
    // (opener as written, the closers the help names); the text runs on into the next line,
    // where reading fails at its `|`.
    for (open, closers) in [
        ("{", &["}"][..]),
        ("[", &["]"]),
        ("(", &[")"]),
        ("((", &["))"]),
        ("(((", &[")))"]),
        ("{{", &["}}"]),
        ("[(", &[")]"]),
        ("[[", &["]]"]),
        ("([", &["])"]),
        ("(-", &["-)"]),
        ("[/", &["/]", "\\]"]),
        ("[\\", &["\\]", "/]"]),
    ] {
        let text = format!("flowchart TD\n    A --> B{open}Ready?\n    B -->|Yes| C[Done]\n");
        let (d, labelled) = only_syntax_error(&text);
        assert_eq!(
            d.message,
            format!("`{open}` opened on line 2 is not closed"),
            "{text:?}"
        );
        assert_eq!(d.line_col(), Some((2, 12)), "{text:?}");
        assert_eq!(labelled, [open, "|"], "{text:?}");
        let help = d.help.unwrap();
        for close in closers {
            assert!(help.contains(&format!("`{close}`")), "{text:?}: {help}");
        }
    }
}

#[test]
fn the_reported_example_points_at_its_open_brace() {
    // A flow author's first draft: the `{` on line 2 is never closed, and reading only fails on
    // line 3, at the `|` its text cannot hold.
    let text = "flowchart TD\n    start([Start]) --> q{Ready?\n    q -->|Yes| done[Done]\n    \
                q -->|No| wait[Wait]\n";
    let (d, labelled) = only_syntax_error(text);
    assert_eq!(d.message, "`{` opened on line 2 is not closed");
    assert_eq!(d.line_col(), Some((2, 25)));
    assert_eq!(labelled, ["{", "|"]);
    assert!(d.help.unwrap().starts_with("close it with `}`"));
}

#[test]
fn unclosed_edge_labels_node_data_and_quotes_are_reported_where_they_open() {
    for (text, message, at, labelled) in [
        (
            "flowchart TD\n    A -->|Yes B\n    B --> C\n",
            "the edge label's `|` opened on line 2 is not closed",
            (2, 10),
            &["|", "\n"][..],
        ),
        (
            "flowchart TD\n    A@{ shape: rect\n    A --> B\n",
            "the node data `@{` opened on line 2 is not closed",
            (2, 7),
            &["{", "\n"],
        ),
        (
            "flowchart TD\n    A[\"Ready? --> B\n    B --> C\n",
            "the quote opened on line 2 is not closed",
            (2, 7),
            &["\"", "\n"],
        ),
        (
            "flowchart TD\n    A -->|\"Yes| B\n",
            "the quote opened on line 2 is not closed",
            (2, 11),
            &["\"", "\n"],
        ),
        (
            "flowchart TD\n    A@{ label: \"Ready? }\n",
            "the quote opened on line 2 is not closed",
            (2, 16),
            &["\"", "\n"],
        ),
        (
            // The next quote, on line 3, closed it; reading failed right after that.
            "flowchart TD\n    A[\"Ready?\n    B -->|\"Yes\"| C\n",
            "the quote opened on line 2 is not closed on its line",
            (2, 7),
            &["\"", "\""],
        ),
        (
            "flowchart TD\n    subgraph s [Checks\n    A --> B\n    end\n",
            "`[` opened on line 2 is not closed",
            (2, 16),
            &["[", "\n"],
        ),
        (
            // No line break at the end: nothing to draw a second label on.
            "flowchart TD\n    A --> B{Ready?",
            "`{` opened on line 2 is not closed",
            (2, 12),
            &["{"],
        ),
    ] {
        let (d, got) = only_syntax_error(text);
        assert_eq!(d.message, message, "{text:?}");
        assert_eq!(d.line_col(), Some(at), "{text:?}");
        assert_eq!(got, labelled, "{text:?}");
    }
}

#[test]
fn a_wrong_closer_on_the_same_line_leaves_the_bracket_open() {
    for (line, open, stopped) in [
        ("A{Ready?] --> B", "{", "]"),
        ("A((Ready?) --> B", "((", ")"),
        ("A[Ready?) --> B", "[", ")"),
        ("A -->|Yes B", "|", "\n"),
        ("A[Ready? -->|Yes| B", "[", "|"),
    ] {
        let text = format!("flowchart TD\n{line}\n");
        let (d, labelled) = only_syntax_error(&text);
        assert!(d.message.starts_with(&format!("`{open}` opened on line 2")) || open == "|");
        assert!(
            d.message.ends_with("is not closed"),
            "{line}: {}",
            d.message
        );
        assert_eq!(labelled, [open, stopped], "{line}");
    }
}

#[test]
fn closed_brackets_quotes_comments_labels_and_node_data_are_not_mistaken_for_open_ones() {
    // Valid: brackets and quotes where the grammar allows them.
    for text in [
        "A[\"a (b) {c} [d] |e|\"] --> B",
        "A -->|\"a (b\"| B",
        "A -- \"text (x\" --> B",
        "A@{ shape: rect, label: \"x (y\" }",
        "A@{ label: 'a { b' } --> B",
        "A[\"He said #quot;hi#quot; (twice)\"]",
        "A[line one\nline two] --> B",
        "%% a comment with ( and { and [ and \"\nA --> B",
        "A[\"x\" tail] --> B{\"q (1)?\"}",
    ] {
        let text = format!("flowchart TD\n{text}\n");
        assert!(codes(&text).is_empty(), "{text:?}: {:?}", codes(&text));
    }
    // Errors with another cause: none of them is about a bracket or quote left open.
    for line in [
        "A[a (b) c]",
        "A -->|a (b)| B",
        "A -->|a [b| B",
        "A[\"a \"b\" c\"]",
        "A[\"x\" y \"z]",
        "A[line one\nline (two)]",
        "A@{ label: [a } -> B",
        "A@{ label: \"}\" } -> B",
        "A@{ label: a^b }",
        "A[\"(x\"] -> B",
        "%% a comment (\nA -> B",
        "A->|No| B",
        "A[Start] -> B{Ready?}",
    ] {
        let text = format!("flowchart TD\n{line}\n");
        let (d, _) = only_syntax_error(&text);
        assert!(!d.message.contains("not closed"), "{line:?}: {}", d.message);
    }
}

#[test]
fn text_swallowed_by_an_open_bracket_is_read_once() {
    // Each `@{` runs to the end of the file. Reading goes on after where it stopped, not after
    // the line the diagnostic points at: one error, and no reading of the rest again per line.
    let mut text = String::from("flowchart TD\n");
    for i in 0..5000 {
        text.push_str(&format!("    A{i}@{{ shape: rect\n"));
    }
    let parsed = parse_text(&text);
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].line_col(), Some((2, 8)));
    // A bracket per line, each stopped by the next line's bracket: one error every two lines.
    let mut text = String::from("flowchart TD\n");
    for i in 0..1000 {
        text.push_str(&format!("A{i}[x{i}\n"));
    }
    let parsed = parse_text(&text);
    assert_eq!(parsed.diagnostics.len(), 500);
    assert!(
        parsed
            .diagnostics
            .iter()
            .all(|d| d.message.ends_with("is not closed"))
    );
}

/// Found by the `parse_build` fuzz target: looking for where a bracket opened, or whether it
/// closes later on the line, indexed the text by bytes inside a character of several bytes.
#[test]
fn unclosed_brackets_next_to_characters_of_several_bytes_are_reported_not_panicked_on() {
    for line in [
        "aé(x",
        "aو[(x",
        "aé{{x",
        "a[x و y",
        "a[(x وو",
        "aé[x] --> bو(y",
        "é[\"x\" و",
        "ا[[ب",
        "a@{ shape: و",
        "a -->|و b",
        // The fuzz target's input, cut down: `[Work ...` never closes, and the rest of the
        // line holds `و` where a closer was looked for.
        "u -.->|No| t[Work dirgctlyوith ada -.->|No| t[Work dirgctlyوith Twili x -.->|No| t",
    ] {
        let text = format!("flowchart TD\n    {line}\n    b --> c\n");
        let got = codes(&text);
        assert!(got.contains(&Code::SyntaxError), "{line:?}: {got:?}");
    }
}
