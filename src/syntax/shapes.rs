//! Mermaid's node shapes: those written with brackets, those only `@{ shape: name }` gives, and
//! every name Mermaid accepts for them. The syntax tree and the node data reader both use it.

/// How a node is drawn: the brackets around its text (`A[text]`, `A{text}`...) or the
/// `shape:` of its `@{ ... }` data. Only [`Shape::Diamond`] means something to a walk (the node
/// is a question); the others are for the picture. The names in parentheses are those
/// `@{ shape: ... }` accepts for the same shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A bare id: Mermaid draws a rectangle labelled with the id.
    Default,
    /// `A[text]`: a rectangle (`rect`, `process`).
    Square,
    /// `A(text)`: a rectangle with rounded corners (`rounded`, `event`).
    Round,
    /// `A([text])`: a stadium, a pill (`stadium`, `terminal`).
    Stadium,
    /// `A[[text]]`: a subroutine, a rectangle framed at both sides (`fr-rect`, `subprocess`).
    Subroutine,
    /// `A[(text)]`: a cylinder (`cyl`, `database`).
    Cylinder,
    /// `A((text))`: a circle (`circle`).
    Circle,
    /// `A(((text)))`: a double circle (`dbl-circ`, `double-circle`).
    DoubleCircle,
    /// `A{text}`: a rhombus (`diam`, `decision`, `question`); in flowrun, a question, whose
    /// outgoing links are its answers.
    Diamond,
    /// `A{{text}}`: a hexagon (`hex`, `prepare`).
    Hexagon,
    /// `A>text]`: Mermaid's asymmetric shape, a rectangle notched on the left (`odd`).
    Odd,
    /// `A[/text/]`: a parallelogram leaning right (`lean-r`, `in-out`).
    LeanRight,
    /// `A[\text\]`: a parallelogram leaning left (`lean-l`, `out-in`).
    LeanLeft,
    /// `A[/text\]`: a trapezoid, wider at the bottom (`trap-b`, `priority`).
    Trapezoid,
    /// `A[\text/]`: a trapezoid, wider at the top (`trap-t`, `manual`).
    InvTrapezoid,
    /// `A(-text-)`: an ellipse; Mermaid has no `shape:` name for it.
    Ellipse,
    /// One of the shapes only `@{ shape: name }` can give (`doc`, `cloud`, `bolt`...).
    Named(NamedShape),
}

/// A shape by Mermaid's canonical name, as an index into flowrun's table of those names (one
/// byte rather than a string keeps every node of a large flow small); [`NamedShape::name`]
/// gives the name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NamedShape(pub(crate) u8);

impl NamedShape {
    /// Mermaid's canonical short name (`doc`, `cloud`...).
    #[must_use]
    pub fn name(self) -> &'static str {
        NAMED_SHAPES[usize::from(self.0)]
    }
}

impl Shape {
    /// Every shape written with brackets, as Mermaid's documentation lists them.
    pub const BRACKETED: [Shape; 15] = [
        Shape::Square,
        Shape::Round,
        Shape::Stadium,
        Shape::Subroutine,
        Shape::Cylinder,
        Shape::Circle,
        Shape::DoubleCircle,
        Shape::Diamond,
        Shape::Hexagon,
        Shape::Odd,
        Shape::LeanRight,
        Shape::LeanLeft,
        Shape::Trapezoid,
        Shape::InvTrapezoid,
        Shape::Ellipse,
    ];

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
            Shape::Named(_) => ("", ""),
        }
    }
}

/// The shape a `shape:` name gives, through Mermaid's short names and aliases.
#[must_use]
pub(crate) fn shape_named(name: &str) -> Option<Shape> {
    SHAPE_NAMES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, shape)| *shape)
}

/// The names of the shapes only `@{ shape: name }` gives, by Mermaid's canonical short name;
/// `Shape::Named` holds an index into it, which keeps a node small.
pub(crate) const NAMED_SHAPES: &[&str] = &[
    "bang",
    "cloud",
    "text",
    "notch-rect",
    "lin-rect",
    "sm-circ",
    "fr-circ",
    "fork",
    "hourglass",
    "brace",
    "brace-r",
    "braces",
    "bolt",
    "doc",
    "delay",
    "h-cyl",
    "lin-cyl",
    "curv-trap",
    "div-rect",
    "tri",
    "win-pane",
    "f-circ",
    "notch-pent",
    "flip-tri",
    "sl-rect",
    "docs",
    "st-rect",
    "bow-rect",
    "cross-circ",
    "tag-doc",
    "tag-rect",
    "flag",
    "lin-doc",
    "datastore",
    "state",
    "choice",
    "note",
    "icon",
    "anchor",
];

/// Every name Mermaid accepts in `@{ shape: ... }` (its short names, aliases and the lower-case
/// undocumented ones), read from mermaid 11.14.0's shape registry. The bracket shapes map to
/// their own variant, so `A@{ shape: diamond }` is a question exactly as `A{...}` is.
pub(crate) const SHAPE_NAMES: &[(&str, Shape)] = &[
    ("rect", Shape::Square),
    ("proc", Shape::Square),
    ("process", Shape::Square),
    ("rectangle", Shape::Square),
    ("rounded", Shape::Round),
    ("event", Shape::Round),
    ("stadium", Shape::Stadium),
    ("terminal", Shape::Stadium),
    ("pill", Shape::Stadium),
    ("fr-rect", Shape::Subroutine),
    ("subprocess", Shape::Subroutine),
    ("subproc", Shape::Subroutine),
    ("framed-rectangle", Shape::Subroutine),
    ("subroutine", Shape::Subroutine),
    ("cyl", Shape::Cylinder),
    ("db", Shape::Cylinder),
    ("database", Shape::Cylinder),
    ("cylinder", Shape::Cylinder),
    ("circle", Shape::Circle),
    ("circ", Shape::Circle),
    ("bang", Shape::Named(NamedShape(0))),
    ("cloud", Shape::Named(NamedShape(1))),
    ("diam", Shape::Diamond),
    ("decision", Shape::Diamond),
    ("diamond", Shape::Diamond),
    ("question", Shape::Diamond),
    ("hex", Shape::Hexagon),
    ("hexagon", Shape::Hexagon),
    ("prepare", Shape::Hexagon),
    ("lean-r", Shape::LeanRight),
    ("lean-right", Shape::LeanRight),
    ("in-out", Shape::LeanRight),
    ("lean-l", Shape::LeanLeft),
    ("lean-left", Shape::LeanLeft),
    ("out-in", Shape::LeanLeft),
    ("trap-b", Shape::Trapezoid),
    ("priority", Shape::Trapezoid),
    ("trapezoid-bottom", Shape::Trapezoid),
    ("trapezoid", Shape::Trapezoid),
    ("trap-t", Shape::InvTrapezoid),
    ("manual", Shape::InvTrapezoid),
    ("trapezoid-top", Shape::InvTrapezoid),
    ("inv-trapezoid", Shape::InvTrapezoid),
    ("dbl-circ", Shape::DoubleCircle),
    ("double-circle", Shape::DoubleCircle),
    ("doublecircle", Shape::DoubleCircle),
    ("text", Shape::Named(NamedShape(2))),
    ("notch-rect", Shape::Named(NamedShape(3))),
    ("card", Shape::Named(NamedShape(3))),
    ("notched-rectangle", Shape::Named(NamedShape(3))),
    ("lin-rect", Shape::Named(NamedShape(4))),
    ("lined-rectangle", Shape::Named(NamedShape(4))),
    ("lined-process", Shape::Named(NamedShape(4))),
    ("lin-proc", Shape::Named(NamedShape(4))),
    ("shaded-process", Shape::Named(NamedShape(4))),
    ("sm-circ", Shape::Named(NamedShape(5))),
    ("start", Shape::Named(NamedShape(5))),
    ("small-circle", Shape::Named(NamedShape(5))),
    ("fr-circ", Shape::Named(NamedShape(6))),
    ("stop", Shape::Named(NamedShape(6))),
    ("framed-circle", Shape::Named(NamedShape(6))),
    ("fork", Shape::Named(NamedShape(7))),
    ("join", Shape::Named(NamedShape(7))),
    ("hourglass", Shape::Named(NamedShape(8))),
    ("collate", Shape::Named(NamedShape(8))),
    ("brace", Shape::Named(NamedShape(9))),
    ("comment", Shape::Named(NamedShape(9))),
    ("brace-l", Shape::Named(NamedShape(9))),
    ("brace-r", Shape::Named(NamedShape(10))),
    ("braces", Shape::Named(NamedShape(11))),
    ("bolt", Shape::Named(NamedShape(12))),
    ("com-link", Shape::Named(NamedShape(12))),
    ("lightning-bolt", Shape::Named(NamedShape(12))),
    ("doc", Shape::Named(NamedShape(13))),
    ("document", Shape::Named(NamedShape(13))),
    ("delay", Shape::Named(NamedShape(14))),
    ("half-rounded-rectangle", Shape::Named(NamedShape(14))),
    ("h-cyl", Shape::Named(NamedShape(15))),
    ("das", Shape::Named(NamedShape(15))),
    ("horizontal-cylinder", Shape::Named(NamedShape(15))),
    ("lin-cyl", Shape::Named(NamedShape(16))),
    ("disk", Shape::Named(NamedShape(16))),
    ("lined-cylinder", Shape::Named(NamedShape(16))),
    ("curv-trap", Shape::Named(NamedShape(17))),
    ("curved-trapezoid", Shape::Named(NamedShape(17))),
    ("display", Shape::Named(NamedShape(17))),
    ("div-rect", Shape::Named(NamedShape(18))),
    ("div-proc", Shape::Named(NamedShape(18))),
    ("divided-rectangle", Shape::Named(NamedShape(18))),
    ("divided-process", Shape::Named(NamedShape(18))),
    ("tri", Shape::Named(NamedShape(19))),
    ("extract", Shape::Named(NamedShape(19))),
    ("triangle", Shape::Named(NamedShape(19))),
    ("win-pane", Shape::Named(NamedShape(20))),
    ("internal-storage", Shape::Named(NamedShape(20))),
    ("window-pane", Shape::Named(NamedShape(20))),
    ("f-circ", Shape::Named(NamedShape(21))),
    ("junction", Shape::Named(NamedShape(21))),
    ("filled-circle", Shape::Named(NamedShape(21))),
    ("notch-pent", Shape::Named(NamedShape(22))),
    ("loop-limit", Shape::Named(NamedShape(22))),
    ("notched-pentagon", Shape::Named(NamedShape(22))),
    ("flip-tri", Shape::Named(NamedShape(23))),
    ("manual-file", Shape::Named(NamedShape(23))),
    ("flipped-triangle", Shape::Named(NamedShape(23))),
    ("sl-rect", Shape::Named(NamedShape(24))),
    ("manual-input", Shape::Named(NamedShape(24))),
    ("sloped-rectangle", Shape::Named(NamedShape(24))),
    ("docs", Shape::Named(NamedShape(25))),
    ("documents", Shape::Named(NamedShape(25))),
    ("st-doc", Shape::Named(NamedShape(25))),
    ("stacked-document", Shape::Named(NamedShape(25))),
    ("st-rect", Shape::Named(NamedShape(26))),
    ("procs", Shape::Named(NamedShape(26))),
    ("processes", Shape::Named(NamedShape(26))),
    ("stacked-rectangle", Shape::Named(NamedShape(26))),
    ("bow-rect", Shape::Named(NamedShape(27))),
    ("stored-data", Shape::Named(NamedShape(27))),
    ("bow-tie-rectangle", Shape::Named(NamedShape(27))),
    ("cross-circ", Shape::Named(NamedShape(28))),
    ("summary", Shape::Named(NamedShape(28))),
    ("crossed-circle", Shape::Named(NamedShape(28))),
    ("tag-doc", Shape::Named(NamedShape(29))),
    ("tagged-document", Shape::Named(NamedShape(29))),
    ("tag-rect", Shape::Named(NamedShape(30))),
    ("tagged-rectangle", Shape::Named(NamedShape(30))),
    ("tag-proc", Shape::Named(NamedShape(30))),
    ("tagged-process", Shape::Named(NamedShape(30))),
    ("flag", Shape::Named(NamedShape(31))),
    ("paper-tape", Shape::Named(NamedShape(31))),
    ("odd", Shape::Odd),
    ("lin-doc", Shape::Named(NamedShape(32))),
    // New in Mermaid 12.
    ("datastore", Shape::Named(NamedShape(33))),
    ("lined-document", Shape::Named(NamedShape(32))),
    ("state", Shape::Named(NamedShape(34))),
    ("choice", Shape::Named(NamedShape(35))),
    ("note", Shape::Named(NamedShape(36))),
    ("icon", Shape::Named(NamedShape(37))),
    ("anchor", Shape::Named(NamedShape(38))),
];
