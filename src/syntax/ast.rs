//! The typed syntax tree: what the text says, statement by statement, with byte spans.
//! pest's types never appear here.

pub use super::shapes::{NamedShape, Shape};
use crate::input::source::Span;

/// A whole flow file as written: the front matter, the `flowchart` header line and every
/// statement after it, in order. [`parse`](super::parse) gives one; the engine itself hands
/// statements to the graph builder one at a time instead ([`parse_with`](super::parse_with)).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The `---` ... `---` YAML block before the header, both fences included, if there is one.
    pub front_matter: Option<Span>,
    /// The front matter's `title:`, which Mermaid shows above the chart.
    pub title: Option<String>,
    /// The `flowchart TD` (or `graph LR`...) line.
    pub header: Header,
    /// Every statement after the header that parsed, in the order written; one with a syntax
    /// error is left out and reported instead.
    pub statements: Vec<Statement>,
}

/// The way a chart (in its header) or a subgraph (in a `direction` line) is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// `TB` or `TD` (also `v`, and the legacy `BR`, in a header): top to bottom, Mermaid's
    /// default.
    TopDown,
    /// `BT` (also `^` in a header): bottom to top.
    BottomUp,
    /// `LR` (also `>` in a header): left to right.
    LeftRight,
    /// `RL` (also `<` in a header): right to left.
    RightLeft,
}

/// The line that makes the text a flowchart: `flowchart LR`, `graph TD`, `flowchart`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// `flowchart`, `graph` or `flowchart-elk`.
    pub keyword: String,
    /// The direction after the keyword (`LR` in `flowchart LR`); `None` when there is none,
    /// which Mermaid draws top-down.
    pub direction: Option<Direction>,
    /// From the keyword to the end of the direction (or of the keyword when there is none).
    pub span: Span,
}

/// One statement of a flow, as written after the header. Statements are separated by line
/// breaks or `;`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    /// Nodes and the links between them: `A[Start] --> B{Ready?} -->|Yes| C`, or a node alone
    /// (`A[Start]`).
    Chain(Chain),
    /// `style A fill:#f9f,stroke:#333`.
    Style(StyleStmt),
    /// `classDef done fill:#9f9`.
    ClassDef(ClassDefStmt),
    /// `class A,B done`.
    Class(ClassStmt),
    /// `linkStyle 0,2 stroke:red`.
    LinkStyle(LinkStyleStmt),
    /// `accTitle: Eligibility`: the chart's accessible title, trimmed, with the span of the text
    /// (of the `accTitle` keyword when the text is empty).
    AccTitle(Spanned<String>),
    /// `accDescr: ...` or `accDescr { ... }`: the chart's accessible description.
    AccDescr(AccDescr),
    /// A `%%` comment line or a `%%{ }%%` directive, kept for formatting.
    Comment(Span),
    /// `subgraph id [Title]`: opens a group that the matching `end` closes. Subgraphs are
    /// statements in sequence, not a nested tree, so any depth of nesting reads without recursion.
    Subgraph(SubgraphStmt),
    /// `end`, closing the innermost open subgraph.
    End(Span),
    /// `direction LR`: sets the direction of the subgraph it is in.
    Direction(DirectionStmt),
    /// `click A "https://example.com"` or `click A callback`: an interaction for the rendered
    /// chart, no part in decisions.
    Click(ClickStmt),
}

impl Statement {
    /// Where the statement is written.
    #[must_use]
    pub fn span(&self) -> Span {
        match self {
            Statement::Chain(c) => c.span,
            Statement::Style(s) => s.span,
            Statement::ClassDef(c) => c.span,
            Statement::Class(c) => c.span,
            Statement::LinkStyle(l) => l.span,
            Statement::AccTitle(t) => t.span,
            Statement::AccDescr(d) => d.span,
            Statement::Comment(span) | Statement::End(span) => *span,
            Statement::Subgraph(s) => s.span,
            Statement::Direction(d) => d.span,
            Statement::Click(c) => c.span,
        }
    }
}

/// `accDescr: text` or `accDescr { ... }` over several lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccDescr {
    /// Trimmed.
    pub text: String,
    /// `true` for the `{ ... }` form.
    pub block: bool,
    /// The whole statement, from `accDescr` to the end of the text (the closing `}` included).
    pub span: Span,
}

/// `subgraph`, `subgraph Title`, `subgraph "Title"`, `subgraph id [Title]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubgraphStmt {
    /// The id before `[Title]`; without brackets Mermaid derives the id from the title.
    pub id: Option<Spanned<String>>,
    /// The title as written (in the brackets, or after `subgraph`), spaces included: Mermaid
    /// looks at them when it derives the id.
    pub title: Option<Text>,
    /// The `subgraph` statement, from the keyword to the end of the title.
    pub span: Span,
}

impl SubgraphStmt {
    /// The id Mermaid gives the subgraph: the explicit one, else a title without whitespace.
    /// `None` means Mermaid generates one (`subGraph0`...).
    #[must_use]
    pub fn effective_id(&self) -> Option<&str> {
        if let Some(id) = &self.id {
            return Some(id.value.trim());
        }
        // `subgraph One ` (a space after it) gets a generated id, as in Mermaid.
        let title = self.title.as_ref()?.raw.as_str();
        (!title.is_empty() && !title.contains(char::is_whitespace)).then_some(title)
    }
}

/// `direction TB|BT|LR|RL|TD`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectionStmt {
    /// The direction named: `LR` in `direction LR`.
    pub direction: Direction,
    /// Mermaid's lexer reads any line holding `direction LR` as this statement and drops the
    /// rest of the line; `true` when there was more on the line than the statement.
    pub swallowed_line: bool,
    /// The whole line when `swallowed_line`, else the statement.
    pub span: Span,
}

/// `click A callback "tip"`, `click A call f(x)`, `click A "url" "tip" _blank`,
/// `click A href "url"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClickStmt {
    /// The node id after `click`: `A` in `click A "url"`.
    pub target: Spanned<String>,
    /// What a click does: open a link or call a function.
    pub action: ClickAction,
    /// The quoted tooltip after the link or callback (`"tip"`), quotes removed.
    pub tooltip: Option<Spanned<String>>,
    /// `_self`, `_blank`, `_parent` or `_top`.
    pub window: Option<Spanned<String>>,
    /// The whole statement, from `click` on.
    pub span: Span,
}

/// What a `click` statement does in the rendered chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClickAction {
    /// `click A name` or `click A call name(args)`; `args` is `None` without parentheses.
    Callback {
        /// The function's name: `name` in `click A call name(x)`.
        name: Spanned<String>,
        /// What is between the parentheses of the `call` form, as written (`x`, or empty for
        /// `name()`); `None` in the form without `call`.
        args: Option<String>,
        /// `true` for the `click A call name(args)` form.
        call: bool,
    },
    /// `click A "url"` or `click A href "url"`.
    Link {
        /// The URL, quotes removed.
        url: Spanned<String>,
        /// `true` when written with the `href` keyword.
        href: bool,
    },
}

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    /// What was read (an id, a class name, a style text...).
    pub value: T,
    /// Where it is written in the flow's text.
    pub span: Span,
}

/// `A & B --> C -->|x| D`: node groups joined by links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    /// The node groups in the order written; a group is one node or several joined by `&`
    /// (`A & B`), and every node of a group links to every node of the next. A lone node
    /// statement is a chain of one group and no links.
    pub groups: Vec<Vec<NodeRef>>,
    /// `links[i]` joins `groups[i]` to `groups[i + 1]`.
    pub links: Vec<Link>,
    /// The whole chain, from its first node to its last.
    pub span: Span,
}

/// One mention of a node: its id, optionally a shape with text, optionally `:::class`,
/// optionally `@{ shape: ..., label: ... }` data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRef {
    /// The node's id: `q1` in `q1{Eligible?}`.
    pub id: Spanned<String>,
    /// The brackets and the text in them (`{Eligible?}`); `None` for a mention by id alone.
    pub shape: Option<ShapedText>,
    /// The class after `:::` (`done` in `A:::done`), without the colons.
    pub class: Option<Spanned<String>>,
    /// The `@{ shape: ..., label: ... }` after the id.
    pub data: Option<NodeData>,
    /// The whole mention: id, brackets, class and data.
    pub span: Span,
}

/// `@{ ... }` after a node id: YAML that Mermaid reads for the node (or, after an edge id, for
/// the edge). The parser checks the YAML and the shape name and fills in the keys flowrun uses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeData {
    /// The text between `@{` and `}`, as written.
    pub raw: Spanned<String>,
    /// `shape:`, resolved through Mermaid's names and aliases.
    pub shape: Option<Spanned<Shape>>,
    /// `label:`, as YAML gives it (quotes removed, multi-line strings joined with `<br/>`).
    pub label: Option<String>,
    /// From `@` to `}`.
    pub span: Span,
}

/// A node's brackets and the text in them: `{Eligible?}` in `q1{Eligible?}`, `[(Orders)]` in
/// `db[(Orders)]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapedText {
    /// The shape the brackets draw: `{...}` is [`Shape::Diamond`], a question.
    pub shape: Shape,
    /// The text between the brackets.
    pub text: Text,
    /// From the opening bracket to the closing one.
    pub span: Span,
}

/// Text as written: plain, or inside double quotes (which may hold a `` `markdown` `` string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The characters between the delimiters, quotes removed, untrimmed.
    pub raw: String,
    /// `true` when written in double quotes: `A["Start (here)"]`, `-->|"Yes, sure"|`.
    pub quoted: bool,
    /// Where `raw` is written: inside the quotes when quoted.
    pub span: Span,
}

/// How a link's line is drawn, from the characters of its operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stroke {
    /// `-`: `-->`, `---`, `-- text -->`.
    Normal,
    /// `=`: `==>`, `===`, `== text ==>`.
    Thick,
    /// `.`: `-.->`, `-.-`, `-. text .->`.
    Dotted,
    /// `~~~`: drawn as nothing, used only for layout.
    Invisible,
}

/// What is drawn at one end of a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Head {
    /// Nothing: the open end of `---`, or the tail of `-->`.
    None,
    /// An arrowhead: `>` at the head (`-->`), `<` at the tail (`<-->`).
    Arrow,
    /// A circle: `o` (`--o`, `o--o`).
    Circle,
    /// A cross: `x` (`--x`, `x--x`).
    Cross,
}

/// One link operator of a chain, with its label: `-->`, `-->|Yes|`, `-- Yes -->`, `e1@==>`.
/// A link from a question is one of its answers, the label being the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// `e1` in `A e1@--> B`.
    pub id: Option<Spanned<String>>,
    /// The line: `-->` normal, `==>` thick, `-.->` dotted, `~~~` invisible.
    pub stroke: Stroke,
    /// The end at the source node (`<-->`, `o--o`, `x--x`).
    pub tail: Head,
    /// The end at the target node.
    pub head: Head,
    /// Mermaid's minimum rank span: 1 for `-->`, 2 for `--->`...
    pub length: u8,
    /// The text on the link: `Yes` in `-->|Yes|` or in `-- Yes -->`.
    pub label: Option<Text>,
    /// The operator (and its inline text), without surrounding whitespace.
    pub span: Span,
}

/// `style A fill:#f9f,stroke:#333`: styles one node or subgraph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StyleStmt {
    /// The node or subgraph id: `A`.
    pub target: Spanned<String>,
    /// The style text as written, trailing spaces removed: `fill:#f9f,stroke:#333`. The graph
    /// builder splits it into [`StyleProp`](crate::flow::StyleProp)s.
    pub styles: Spanned<String>,
    /// The whole statement.
    pub span: Span,
}

/// `classDef done,ok fill:#9f9`: defines one or more classes with the same styles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassDefStmt {
    /// The class names, separated by commas: `done` and `ok`.
    pub names: Vec<Spanned<String>>,
    /// The style text as written, trailing spaces removed: `fill:#9f9`.
    pub styles: Spanned<String>,
    /// The whole statement.
    pub span: Span,
}

/// `class A,B done`: gives nodes, subgraphs or edge ids a class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassStmt {
    /// The ids, separated by commas: `A` and `B`.
    pub targets: Vec<Spanned<String>>,
    /// The class name: `done`.
    pub class: Spanned<String>,
    /// The whole statement.
    pub span: Span,
}

/// Which links a `linkStyle` statement styles.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkIndex {
    /// `linkStyle default ...`: every link, under any style of its own.
    Default,
    /// `linkStyle 3 ...`: the link with this number, counting every link (`~~~` ones
    /// included) from 0 in the order written.
    Index(usize),
    /// `linkStyle 18446744073709551616 ...`: a number too large to count to, kept as written
    /// (the digits). No flow has that many links, so it is always out of range (`FLOW012`).
    TooLarge(String),
}

/// `linkStyle 0,2 stroke:red,stroke-width:2px`: styles links by number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkStyleStmt {
    /// The link numbers (or `default`), separated by commas.
    pub indexes: Vec<Spanned<LinkIndex>>,
    /// The style text as written, trailing spaces removed: `stroke:red,stroke-width:2px`.
    pub styles: Spanned<String>,
    /// The whole statement.
    pub span: Span,
}
