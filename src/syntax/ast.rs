//! The typed syntax tree: what the text says, statement by statement, with byte spans.
//! pest's types never appear here.

pub use super::shapes::{NamedShape, Shape};
use crate::input::source::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub front_matter: Option<Span>,
    /// The front matter's `title:`, which Mermaid shows above the chart.
    pub title: Option<String>,
    pub header: Header,
    pub statements: Vec<Statement>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    TopDown,
    BottomUp,
    LeftRight,
    RightLeft,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// `flowchart`, `graph` or `flowchart-elk`.
    pub keyword: String,
    pub direction: Option<Direction>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Statement {
    Chain(Chain),
    Style(StyleStmt),
    ClassDef(ClassDefStmt),
    Class(ClassStmt),
    LinkStyle(LinkStyleStmt),
    AccTitle(Spanned<String>),
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
    pub target: Spanned<String>,
    pub action: ClickAction,
    pub tooltip: Option<Spanned<String>>,
    /// `_self`, `_blank`, `_parent` or `_top`.
    pub window: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClickAction {
    /// `click A name` or `click A call name(args)`; `args` is `None` without parentheses.
    Callback {
        name: Spanned<String>,
        args: Option<String>,
        call: bool,
    },
    /// `click A "url"` or `click A href "url"`.
    Link { url: Spanned<String>, href: bool },
}

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// `A & B --> C -->|x| D`: node groups joined by links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chain {
    pub groups: Vec<Vec<NodeRef>>,
    /// `links[i]` joins `groups[i]` to `groups[i + 1]`.
    pub links: Vec<Link>,
    pub span: Span,
}

/// One mention of a node: its id, optionally a shape with text, optionally `:::class`,
/// optionally `@{ shape: ..., label: ... }` data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRef {
    pub id: Spanned<String>,
    pub shape: Option<ShapedText>,
    pub class: Option<Spanned<String>>,
    pub data: Option<NodeData>,
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShapedText {
    pub shape: Shape,
    pub text: Text,
    /// From the opening bracket to the closing one.
    pub span: Span,
}

/// Text as written: plain, or inside double quotes (which may hold a `` `markdown` `` string).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    /// The characters between the delimiters, quotes removed, untrimmed.
    pub raw: String,
    pub quoted: bool,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stroke {
    Normal,
    Thick,
    Dotted,
    /// `~~~`: drawn as nothing, used only for layout.
    Invisible,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Head {
    None,
    Arrow,
    Circle,
    Cross,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// `e1` in `A e1@--> B`.
    pub id: Option<Spanned<String>>,
    pub stroke: Stroke,
    /// The end at the source node (`<-->`, `o--o`, `x--x`).
    pub tail: Head,
    /// The end at the target node.
    pub head: Head,
    /// Mermaid's minimum rank span: 1 for `-->`, 2 for `--->`...
    pub length: u8,
    pub label: Option<Text>,
    /// The operator (and its inline text), without surrounding whitespace.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StyleStmt {
    pub target: Spanned<String>,
    pub styles: Spanned<String>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassDefStmt {
    pub names: Vec<Spanned<String>>,
    pub styles: Spanned<String>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClassStmt {
    pub targets: Vec<Spanned<String>>,
    pub class: Spanned<String>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkIndex {
    Default,
    Index(usize),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkStyleStmt {
    pub indexes: Vec<Spanned<LinkIndex>>,
    pub styles: Spanned<String>,
    pub span: Span,
}
