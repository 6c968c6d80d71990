use super::*;
use crate::input::source::SourceFile;
use crate::syntax::{
    ClickAction, ClickStmt, DirectionStmt, NodeData, ShapedText, Spanned, SubgraphStmt, Text,
};

/// The canonical form of a text that must parse without syntax errors.
fn fmt(text: &str) -> String {
    let source = SourceFile::new("t.flow", text);
    let parsed = crate::syntax::parse(&source);
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{text:?} has syntax errors: {errors:#?}");
    format(text, &parsed.document.expect("parses"))
}

/// Formats `input`, compares with `expected`, and checks that `expected` is already canonical.
#[track_caller]
fn assert_fmt(input: &str, expected: &str) {
    assert_eq!(fmt(input), expected, "formatting {input:?}");
    assert_eq!(fmt(expected), expected, "formatting the result again");
}

/// One statement in a `flowchart TD` body.
#[track_caller]
fn assert_stmt(input: &str, expected: &str) {
    assert_fmt(
        &format!("flowchart TD\n{input}\n"),
        &format!("flowchart TD\n    {expected}\n"),
    );
}

// ---------------------------------------------------------------------------------------------
// Layout

#[test]
fn the_header_keeps_its_keyword_and_spells_the_direction_in_letters() {
    for (header, expected) in [
        ("flowchart TD", "flowchart TD"),
        ("flowchart TB", "flowchart TD"),
        ("flowchart BT", "flowchart BT"),
        ("graph LR", "graph LR"),
        ("graph RL", "graph RL"),
        ("graph >", "graph LR"),
        ("graph <", "graph RL"),
        ("graph ^", "graph BT"),
        ("graph v", "graph TD"),
        ("flowchart", "flowchart"),
        ("flowchart-elk   LR  ", "flowchart-elk LR"),
        ("  graph\tTD;", "graph TD"),
    ] {
        assert_fmt(&format!("{header}\nA\n"), &format!("{expected}\n    A\n"));
    }
}

#[test]
fn statements_go_one_to_a_line_without_separators() {
    assert_fmt(
        "graph TD;A-->B;B-->C;;\n  C --> D ;\n",
        "graph TD\n    A --> B\n    B --> C\n    C --> D\n",
    );
    assert_fmt("flowchart LR", "flowchart LR\n");
    assert_fmt("flowchart LR\n\n\n", "flowchart LR\n");
}

#[test]
fn blank_lines_between_statements_shrink_to_one() {
    assert_fmt(
        "flowchart TD\n\n\n  A --> B\n\n\n\n  B --> C\n  C --> D\n   \n\t\nD --> E\n\n",
        "flowchart TD\n\n    A --> B\n\n    B --> C\n    C --> D\n\n    D --> E\n",
    );
    // None after the header unless the source had one.
    assert_fmt("flowchart TD\nA --> B\n", "flowchart TD\n    A --> B\n");
    // Separators on one line are not blank lines.
    assert_fmt("flowchart TD\nA;;;B\n", "flowchart TD\n    A\n    B\n");
    // Windows and old Mac line breaks count the same.
    assert_fmt(
        "flowchart TD\r\nA --> B\r\n\r\nB --> C\rC --> D\r\r",
        "flowchart TD\n    A --> B\n\n    B --> C\n    C --> D\n",
    );
}

#[test]
fn comments_and_directives_are_kept_at_their_place() {
    assert_fmt(
        "%% about the flow   \n\n\n%%{init: {\"flowchart\": {\"curve\": \"linear\"}}}%%\n\
         flowchart TD\n  %% first\nA --> B\n      %%   indented   \n\n%%{ init: {} }%%\nB --> C\n",
        "%% about the flow\n\n%%{init: {\"flowchart\": {\"curve\": \"linear\"}}}%%\n\
         flowchart TD\n    %% first\n    A --> B\n    %%   indented\n\n    %%{ init: {} }%%\n    \
         B --> C\n",
    );
    // No blank line before the first line of the file or after the last comment.
    assert_fmt("\n\n%% c\nflowchart TD\n", "%% c\nflowchart TD\n");
    assert_fmt("%% c\n\n\nflowchart TD\n", "%% c\n\nflowchart TD\n");
}

#[test]
fn a_chain_from_a_bare_comment_marker_stays_on_the_header_line() {
    // `%%` then a link on the next line is the chain `%% --> A`; on a line of its own it would
    // be a comment, so it follows the header after `;`, where Mermaid reads it as a chain.
    assert_fmt("flowchart TD;%%\n-->A", "flowchart TD; %% --> A\n");
}

#[test]
fn a_bare_comment_marker_keeps_its_trailing_space() {
    // `%% ` is a comment to Mermaid, but a bare `%%` is a node named `%%`.
    assert_fmt("flowchart TD\n%% \nA\n", "flowchart TD\n    %% \n    A\n");
    assert_fmt("flowchart TD\n%%\nA\n", "flowchart TD\n    %%\n    A\n");
}

#[test]
fn front_matter_is_kept_as_written() {
    assert_fmt(
        "---\ntitle: Eligibility\nconfig:\n  flowchart:\n    curve: linear\n---   \n\
         %% c\nflowchart TD\nA\n",
        "---\ntitle: Eligibility\nconfig:\n  flowchart:\n    curve: linear\n---\n\
         %% c\nflowchart TD\n    A\n",
    );
    assert_fmt(
        "---\ntitle: T\n---\n\n\nflowchart TD\nA\n",
        "---\ntitle: T\n---\n\nflowchart TD\n    A\n",
    );
}

#[test]
fn subgraphs_indent_their_statements_and_end_at_their_level() {
    assert_fmt(
        "flowchart TD\nsubgraph outer [Outer]\ndirection LR\nA-->B\nsubgraph inner\n\
         %% inside\nB-->C\nend\nend\nsubgraph last\nD\nend\nC-->D\n",
        "flowchart TD\n    subgraph outer [Outer]\n        direction LR\n        A --> B\n        \
         subgraph inner\n            %% inside\n            B --> C\n        end\n    end\n    \
         subgraph last\n        D\n    end\n    C --> D\n",
    );
}

#[test]
fn subgraph_titles_are_quoted_only_when_needed() {
    assert_stmt("subgraph One\nend", "subgraph One\n    end");
    assert_stmt("subgraph \"One\"\nend", "subgraph One\n    end");
    assert_stmt("subgraph Some title  \nend", "subgraph Some title\n    end");
    assert_stmt("subgraph \"a b\"\nend", "subgraph a b\n    end");
    assert_stmt("subgraph id[Title]\nend", "subgraph id [Title]\n    end");
    assert_stmt(
        "subgraph id [\"Title\"]\nend",
        "subgraph id [Title]\n    end",
    );
    assert_stmt(
        "subgraph id [\"(x)\"]\nend",
        "subgraph id [\"(x)\"]\n    end",
    );
    // Keywords and characters Mermaid reads differently in a title without brackets.
    assert_stmt("subgraph \"The end\"\nend", "subgraph \"The end\"\n    end");
    assert_stmt("subgraph \"a,b\"\nend", "subgraph \"a,b\"\n    end");
    assert_stmt("subgraph \"a=b\"\nend", "subgraph \"a=b\"\n    end");
    assert_stmt(
        "subgraph \"x default\"\nend",
        "subgraph \"x default\"\n    end",
    );
    assert_stmt("subgraph \"a--b\"\nend", "subgraph \"a--b\"\n    end");
    assert_stmt("subgraph \"`md`\"\nend", "subgraph \"`md`\"\n    end");
    assert_stmt("subgraph a-b:c & d\nend", "subgraph a-b:c & d\n    end");
    assert_stmt(
        "subgraph \"Café crème\"\nend",
        "subgraph Café crème\n    end",
    );
    // A symbol that is no letter is not title text to flowrun's grammar.
    assert_stmt("subgraph \"Ⓐ x²\"\nend", "subgraph \"Ⓐ x²\"\n    end");
}

#[test]
fn direction_statements_use_letters_and_swallowed_lines_stay_as_written() {
    assert_stmt("direction TB", "direction TD");
    assert_stmt("  direction   RL  ", "direction RL");
    // Mermaid reads the whole line as `direction LR`: the node and edge are not there.
    assert_stmt(
        "A[Change  direction LR?]-->B",
        "A[Change  direction LR?]-->B",
    );
    // A text holding the words across a line break keeps its lines.
    assert_fmt(
        "flowchart TD\nA-->B[one\n  direction LR]\n",
        "flowchart TD\n    A-->B[one\n  direction LR]\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Nodes and edges

#[test]
fn every_shape_keeps_its_brackets() {
    for (shape, expected) in [
        ("A[t]", "A[t]"),
        ("A(t)", "A(t)"),
        ("A([t])", "A([t])"),
        ("A[[t]]", "A[[t]]"),
        ("A[(t)]", "A[(t)]"),
        ("A((t))", "A((t))"),
        ("A(((t)))", "A(((t)))"),
        ("A{t}", "A{t}"),
        ("A{{t}}", "A{{t}}"),
        ("A>t]", "A>t]"),
        ("A[/t/]", "A[/t/]"),
        ("A[\\t\\]", "A[\\t\\]"),
        ("A[/t\\]", "A[/t\\]"),
        ("A[\\t/]", "A[\\t/]"),
        ("A(-t-)", "A(-t-)"),
        ("A[ t ]", "A[t]"),
        ("A[|borders:lt|t]", "A[|borders:lt|t]"),
    ] {
        assert_stmt(shape, expected);
    }
}

#[test]
fn arrows_get_one_space_each_side_and_keep_stroke_heads_and_length() {
    for arrow in [
        "-->", "---", "--o", "--x", "<-->", "o--o", "x--x", "--->", "---->", "----", "-.->", "-.-",
        "-..->", "-...-", "<-.->", "x-.-x", "o-.-o", "==>", "===", "===>", "====", "<==>", "x==x",
        "o==o", "==o", "~~~", "~~~~",
    ] {
        assert_stmt(&format!("A {arrow}B"), &format!("A {arrow} B"));
        assert_stmt(&format!("A  {arrow}\n   B"), &format!("A {arrow} B"));
    }
    // A tail that does not match the head is one more stroke to Mermaid, not a tail.
    for (arrow, canonical) in [("<---", "----"), ("x---", "----"), ("o-->", "--->")] {
        assert_stmt(&format!("A {arrow} B"), &format!("A {canonical} B"));
    }
    // The arrowhead in `A---oB` is Mermaid's reading too; spaces make it plain.
    assert_stmt("A---oB", "A ---o B");
    assert_stmt("A--- oB", "A --- oB");
    assert_stmt("A-->xray", "A --> xray");
    // Lengths past Mermaid's limit of 10 are written at the limit.
    assert_stmt("A--------------->B", "A -----------> B");
}

#[test]
fn labels_take_the_pipe_form() {
    assert_stmt("A-->|Yes|B", "A -->|Yes| B");
    assert_stmt("A --> | Yes | B", "A -->|Yes| B");
    assert_stmt("A-- Yes -->B", "A -->|Yes| B");
    assert_stmt("A -- Yes ---> B", "A --->|Yes| B");
    assert_stmt("A x-- Yes --x B", "A x--x|Yes| B");
    assert_stmt("A -. No .-> B", "A -.->|No| B");
    assert_stmt("A -. No ..-> B", "A -..->|No| B");
    assert_stmt("A <-. No .-> B", "A <-.->|No| B");
    assert_stmt("A == x ==> B", "A ==>|x| B");
    assert_stmt("A == x === B", "A ===|x| B");
    assert_stmt("A -- t --- B", "A ---|t| B");
    assert_stmt("A ~~~|t| B", "A ~~~|t| B");
    assert_stmt("A -- \"Yes\" --> B", "A -->|Yes| B");
    assert_stmt("A -- a|b --> B", "A -->|\"a|b\"| B");
    assert_stmt("A -- f(x) --> B", "A -->|\"f(x)\"| B");
    assert_stmt("A -->|\"`**md**`\"| B", "A -->|\"`**md**`\"| B");
    assert_stmt("A -- \"`md`\" --> B", "A -->|\"`md`\"| B");
    // A leading backtick inside quotes would start a markdown string.
    assert_stmt("A -- `a@b --> B", "A -->|\"#96;a@b\"| B");
    // A blank label is no label, to flowrun and to Mermaid.
    assert_stmt("A -->| | B", "A --> B");
    // Edge ids stay before their arrow.
    assert_stmt("A e1@-->B", "A e1@--> B");
    assert_stmt("A e1@-- Yes -->B", "A e1@-->|Yes| B");
}

#[test]
fn chains_groups_and_classes() {
    assert_stmt(
        "A[Start]&B-->C{Q?}-->|Yes|D:::done&E",
        "A[Start] & B --> C{Q?} -->|Yes| D:::done & E",
    );
    assert_stmt("A  &\n  B --> C", "A & B --> C");
    assert_stmt("A:::cls-->B[x]:::other", "A:::cls --> B[x]:::other");
}

#[test]
fn node_data_is_kept_on_one_line_or_as_written() {
    assert_stmt(
        "A@{shape: diamond,   label: \"Q?\"  }-->B@{ shape: rect }",
        "A@{ shape: diamond,   label: \"Q?\" } --> B@{ shape: rect }",
    );
    assert_stmt("A:::c@{ shape: rect }", "A:::c@{ shape: rect }");
    // Mermaid fails on `A@{ shape: rect } e1@--> B`, but reads it without the space.
    assert_stmt("A@{ shape: rect } e1@-->B", "A@{ shape: rect }e1@--> B");
    assert_fmt(
        "flowchart TD\nA@{\n  shape: diam\n  label: \"multi\"\n}\nA --> B\n",
        "flowchart TD\n    A@{\n  shape: diam\n  label: \"multi\"\n}\n    A --> B\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Texts

#[test]
fn texts_are_quoted_only_when_they_must_be() {
    for (input, expected) in [
        // Quotes that are not needed go.
        ("A[\"Hello world\"]", "A[Hello world]"),
        ("A{\"Is it? (y/n)\"}", "A{\"Is it? (y/n)\"}"),
        ("A[\"a [b] {c} | d\"]", "A[\"a [b] {c} | d\"]"),
        ("A[\"  padded  \"]", "A[\"  padded  \"]"),
        ("A[\"#quot;hi#quot;\"]", "A[#quot;hi#quot;]"),
        ("A[\"a & b; c: d, e.\"]", "A[a & b; c: d, e.]"),
        // Markdown strings stay as written; plain text in backticks stays plain.
        ("A[\"`**bold**`\"]", "A[\"`**bold**`\"]"),
        ("A[`plain`]", "A[`plain`]"),
        // Mermaid reads `word@` at the start of a text as an edge id.
        ("A[\"a@b\"]", "A[\"a@b\"]"),
        ("A[mail a@b]", "A[mail a@b]"),
        // `~~~` is a link to Mermaid even inside a text.
        ("A[\"a ~~~ b\"]", "A[\"a ~~~ b\"]"),
        ("A[\"a ~~ b\"]", "A[a ~~ b]"),
        // Texts that would open another shape.
        ("A[\"/usr\"]", "A[\"/usr\"]"),
        ("A[\"\\\\x\"]", "A[\"\\\\x\"]"),
        ("A[\"usr/\"]", "A[usr/]"),
        ("A(\"-x\")", "A(\"-x\")"),
        ("A(\"x-\")", "A(x-)"),
        ("A((\"-x\"))", "A((\"-x\"))"),
        ("A[/\"/x\"/]", "A[/\"/x\"/]"),
        ("A[/\"x\\\\\"/]", "A[/\"x\\\\\"/]"),
        ("A(-\"-x\"-)", "A(-\"-x\"-)"),
        ("A(-\"x\"-)", "A(-x-)"),
        ("A{\"-x\"}", "A{-x}"),
        // Blank text keeps its quotes.
        ("A[\" \"]", "A[\" \"]"),
    ] {
        assert_stmt(input, expected);
    }
}

#[test]
fn texts_over_several_lines_keep_their_lines() {
    assert_fmt(
        "flowchart TD\nA[Work directly with Twilio\n      Manage phone numbers there]\n",
        "flowchart TD\n    A[Work directly with Twilio\n      Manage phone numbers there]\n",
    );
    assert_fmt(
        "flowchart TD\nA[\"one\r\n  two (2)\"]\n",
        "flowchart TD\n    A[\"one\n  two (2)\"]\n",
    );
    assert_fmt(
        "flowchart TD\nA[\n  padded plain\n]\n",
        "flowchart TD\n    A[padded plain]\n",
    );
}

// ---------------------------------------------------------------------------------------------
// Other statements

#[test]
fn styling_statements_are_keyword_target_styles() {
    assert_stmt(
        "style   A   fill:#f9f,stroke:#333 ;",
        "style A fill:#f9f,stroke:#333",
    );
    assert_stmt("classDef a,b   fill:#eee ", "classDef a,b fill:#eee");
    assert_stmt("class A,B  cls", "class A,B cls");
    assert_stmt("linkStyle 0,1   stroke:red", "linkStyle 0,1 stroke:red");
    assert_stmt(
        "linkStyle default interpolate basis",
        "linkStyle default interpolate basis",
    );
}

#[test]
fn click_statements_are_written_in_their_parsed_form() {
    for (input, expected) in [
        ("click A callback", "click A callback"),
        ("click A   callback   \"tip\"", "click A callback \"tip\""),
        ("click A call fn(x, y)", "click A call fn(x, y)"),
        ("click A call fn()\"tip\"", "click A call fn() \"tip\""),
        ("click A \"https://x.org\"", "click A \"https://x.org\""),
        (
            "click A href  \"https://x.org\" \"tip\"   _blank",
            "click A href \"https://x.org\" \"tip\" _blank",
        ),
        ("click A \"u\" _self", "click A \"u\" _self"),
    ] {
        assert_fmt(
            &format!("flowchart TD\nA\n{input}\n"),
            &format!("flowchart TD\n    A\n    {expected}\n"),
        );
    }
}

#[test]
fn accessibility_statements() {
    assert_stmt("accTitle:   The title  ", "accTitle: The title");
    assert_stmt("accDescr :one line", "accDescr: one line");
    assert_fmt(
        "flowchart TD\naccDescr {\n  first line\n    second line\n}\nA\n",
        "flowchart TD\n    accDescr {\n        first line\n    second line\n    }\n    A\n",
    );
    assert_fmt(
        "flowchart TD\nsubgraph s\naccDescr {one}\nend\n",
        "flowchart TD\n    subgraph s\n        accDescr {\n            one\n        }\n    end\n",
    );
}

#[test]
fn a_comment_that_mermaid_reads_as_a_node_stays_after_a_statement() {
    // On its own line `%%x` would be a comment; after `A --> B;` Mermaid reads a node.
    assert_fmt(
        "flowchart TD\nA --> B;%%x\n",
        "flowchart TD\n    A --> B; %%x\n",
    );
    assert_fmt("flowchart TD;%%x\nA\n", "flowchart TD; %%x\n    A\n");
}

#[test]
fn a_chain_that_would_continue_the_line_before_stays_after_it() {
    // On a line of its own, `&x` or `.-x` would join the chain above: `A & x`, `A .- x`.
    assert_fmt("flowchart TD\nA;&x\n", "flowchart TD\n    A; &x\n");
    assert_fmt("flowchart TD\nA;.-xB\n", "flowchart TD\n    A; .-xB\n");
    assert_fmt("flowchart TD\nA;x.-y\n", "flowchart TD\n    A; x.-y\n");
    assert_fmt("flowchart TD\nA\n&b\n", "flowchart TD\n    A & b\n");
    assert_fmt("flowchart TD\nA;o.b\n", "flowchart TD\n    A\n    o.b\n");
}

/// Found by the `render_format` fuzz target in CI: `a#R` then `&` on the next line was joined
/// as `a#R; & --> B`, where Mermaid reads `#R;` as an entity code.
#[test]
fn a_separator_after_an_id_ending_like_an_entity_code_keeps_a_space() {
    assert_fmt(
        "flowchart TD\n    a#R\n   &  --> B\n",
        "flowchart TD\n    a#R ; & --> B\n",
    );
    assert_fmt("flowchart TD\na#R ; &x\n", "flowchart TD\n    a#R ; &x\n");
}

#[test]
fn nodes_named_like_click_keywords_keep_what_makes_them_nodes() {
    // `click` followed by a space or the end of the line is a click statement.
    assert_fmt(
        "flowchart TD\nclick-->A\n",
        "flowchart TD\n    click--> A\n",
    );
    assert_fmt(
        "flowchart TD\ncall-.->A;\n",
        "flowchart TD\n    call-.-> A\n",
    );
    assert_fmt(
        "flowchart TD\nA-->href;\n",
        "flowchart TD\n    A --> href;\n",
    );
    assert_fmt(
        "flowchart TD\nclick[x]-->A\n",
        "flowchart TD\n    click[x] --> A\n",
    );
}

#[test]
fn the_eligibility_flow_is_canonical() {
    let text = include_str!("../../../flows/eligibility.flow");
    assert_eq!(fmt(text), text);
}

#[test]
fn the_multiline_fixture_is_canonical() {
    let text = include_str!("../../../tests/fixtures/eligibility-multiline.flow");
    assert_eq!(fmt(text), text);
}

// ---------------------------------------------------------------------------------------------
// Syntax trees built by hand

fn spanned(value: &str) -> Spanned<String> {
    Spanned {
        value: value.to_owned(),
        span: Span::default(),
    }
}

fn text(raw: &str, quoted: bool) -> Text {
    Text {
        raw: raw.to_owned(),
        quoted,
        span: Span::default(),
    }
}

/// A document of these statements under `flowchart LR`, with spans that point nowhere.
fn document(statements: Vec<Statement>) -> Document {
    Document {
        front_matter: None,
        title: None,
        header: crate::syntax::Header {
            keyword: "flowchart".to_owned(),
            direction: Some(Direction::LeftRight),
            span: Span::new(0, 0),
        },
        statements,
    }
}

fn node(id: &str) -> NodeRef {
    NodeRef {
        id: spanned(id),
        shape: None,
        class: None,
        data: None,
        span: Span::default(),
    }
}

#[test]
fn hand_built_subgraphs_clicks_directions_and_data() {
    let statements = vec![
        Statement::Subgraph(SubgraphStmt {
            id: Some(spanned("g1")),
            title: Some(text("Group (one)", true)),
            span: Span::default(),
        }),
        Statement::Direction(DirectionStmt {
            direction: Direction::BottomUp,
            swallowed_line: false,
            span: Span::default(),
        }),
        Statement::Subgraph(SubgraphStmt {
            id: None,
            title: Some(text("Inner title", false)),
            span: Span::default(),
        }),
        Statement::Chain(Chain {
            groups: vec![vec![NodeRef {
                shape: Some(ShapedText {
                    shape: Shape::Diamond,
                    text: text("say \"hi\" (now)", false),
                    span: Span::default(),
                }),
                data: Some(NodeData {
                    raw: spanned("  label: x  "),
                    shape: None,
                    label: Some("x".to_owned()),
                    span: Span::default(),
                }),
                ..node("q")
            }]],
            links: Vec::new(),
            span: Span::default(),
        }),
        Statement::End(Span::default()),
        Statement::Subgraph(SubgraphStmt {
            id: None,
            title: None,
            span: Span::default(),
        }),
        Statement::End(Span::default()),
        Statement::End(Span::default()),
        Statement::Click(ClickStmt {
            target: spanned("q"),
            action: ClickAction::Link {
                url: spanned("https://example.org"),
                href: true,
            },
            tooltip: Some(spanned("a tip")),
            window: Some(spanned("_blank")),
            span: Span::default(),
        }),
        Statement::Click(ClickStmt {
            target: spanned("q"),
            action: ClickAction::Callback {
                name: spanned("go"),
                args: Some("1, 2".to_owned()),
                call: true,
            },
            tooltip: None,
            window: None,
            span: Span::default(),
        }),
        // More `end`s than subgraphs: no panic, no negative indentation.
        Statement::End(Span::default()),
    ];
    assert_eq!(
        format("", &document(statements)),
        "flowchart LR\n    subgraph g1 [\"Group (one)\"]\n        direction BT\n        \
         subgraph Inner title\n            q{\"say #quot;hi#quot; (now)\"}@{ label: x }\n        \
         end\n        subgraph\n        end\n    end\n    \
         click q href \"https://example.org\" \"a tip\" _blank\n    click q call go(1, 2)\n    \
         end\n"
    );
}

#[test]
fn spans_that_do_not_fit_the_text_do_not_panic() {
    let statements = vec![
        Statement::Comment(Span::new(5, 500)),
        Statement::Direction(DirectionStmt {
            direction: Direction::TopDown,
            swallowed_line: true,
            span: Span::new(400, 3),
        }),
        Statement::Chain(Chain {
            groups: vec![
                vec![NodeRef {
                    shape: Some(ShapedText {
                        shape: Shape::Square,
                        text: text("x", false),
                        span: Span::new(90, 95),
                    }),
                    ..node("a")
                }],
                vec![node("b")],
            ],
            links: Vec::new(),
            span: Span::new(7, 2),
        }),
    ];
    let mut doc = document(statements);
    doc.front_matter = Some(Span::new(50, 60));
    doc.header.span = Span::new(70, 80);
    let out = format("flowchart LR\n%% é\n", &doc);
    assert!(out.contains("flowchart LR\n"), "{out}");
}

#[test]
fn indentation_stops_growing_in_deeply_nested_subgraphs() {
    let depth = MAX_DEPTH + 4;
    let mut text = String::from("flowchart TD\n");
    for i in 0..depth {
        text.push_str(&format!("subgraph s{i}\n"));
    }
    text.push_str("A --> B\n");
    text.push_str(&"end\n".repeat(depth));
    let out = fmt(&text);
    assert_eq!(fmt(&out), out);
    let widest = out.lines().map(|l| l.len() - l.trim_start().len()).max();
    assert_eq!(widest, Some((MAX_DEPTH + 1) * INDENT.len()));
    assert!(out.contains(&format!("\n{}A --> B\n", INDENT.repeat(MAX_DEPTH + 1))));
    assert!(out.ends_with("\n    end\n"), "{out}");
}

#[test]
fn the_formatter_takes_statements_one_at_a_time() {
    let text = "%% c\nflowchart LR\n\nA-->B\nsubgraph s\nB-->C\nend\n";
    let source = SourceFile::new("t.flow", text);
    let mut formatter = Formatter::new(text);
    let (outline, diagnostics) = crate::syntax::parse_with(&source, |s| formatter.add(&s));
    assert!(diagnostics.is_empty());
    let outline = outline.expect("parses");
    assert_eq!(
        formatter.finish(outline.front_matter, &outline.header),
        fmt(text)
    );
}

/// Found by the `render_format` fuzz target: spaces before a subgraph title (`subgraph   A`)
/// got quotes on the first pass and lost them on the second. Only spaces after the title count
/// to Mermaid (they change the subgraph's id), so only those keep quotes.
#[test]
fn spaces_before_a_subgraph_title_are_not_kept() {
    assert_fmt(
        "flowchart TD\n    subgraph   A\n    end\n",
        "flowchart TD\n    subgraph A\n    end\n",
    );
    assert_fmt(
        "flowchart TD\n    subgraph   A \n    end\n",
        "flowchart TD\n    subgraph \"A \"\n    end\n",
    );
}
