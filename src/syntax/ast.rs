//! The typed syntax tree: what the text says, statement by statement, with byte spans.
//! pest's types never appear here.

use crate::source::Span;

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
    AccDescr(Spanned<String>),
    Comment(Span),
    /// Valid Mermaid that flowrun does not read yet (`subgraph`, `click`...).
    Unsupported {
        keyword: String,
        span: Span,
    },
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

/// One mention of a node: its id, optionally a shape with text, optionally `:::class`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRef {
    pub id: Spanned<String>,
    pub shape: Option<ShapedText>,
    pub class: Option<Spanned<String>>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A bare id: Mermaid draws a rectangle labelled with the id.
    Default,
    Square,
    Round,
    Stadium,
    Subroutine,
    Cylinder,
    Circle,
    DoubleCircle,
    Diamond,
    Hexagon,
    Odd,
    LeanRight,
    LeanLeft,
    Trapezoid,
    InvTrapezoid,
    Ellipse,
}

impl Shape {
    /// The brackets that draw this shape in Mermaid.
    #[must_use]
    pub const fn delimiters(self) -> (&'static str, &'static str) {
        match self {
            Shape::Default => ("", ""),
            Shape::Square => ("[", "]"),
            Shape::Round => ("(", ")"),
            Shape::Stadium => ("([", "])"),
            Shape::Subroutine => ("[[", "]]"),
            Shape::Cylinder => ("[(", ")]"),
            Shape::Circle => ("((", "))"),
            Shape::DoubleCircle => ("(((", ")))"),
            Shape::Diamond => ("{", "}"),
            Shape::Hexagon => ("{{", "}}"),
            Shape::Odd => (">", "]"),
            Shape::LeanRight => ("[/", "/]"),
            Shape::LeanLeft => ("[\\", "\\]"),
            Shape::Trapezoid => ("[/", "\\]"),
            Shape::InvTrapezoid => ("[\\", "/]"),
            Shape::Ellipse => ("(-", "-)"),
        }
    }
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
