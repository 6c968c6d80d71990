//! The catalogue entries of the warnings for text that Mermaid reads otherwise than it looks
//! (FLOW013-015). The reader in `syntax/mod.rs` reports them as it checks each statement.

use crate::diagnostic::{Code, Rule};

pub(crate) const DIRECTION_SWALLOWS_LINE: Rule = Rule::new(
    Code::DirectionSwallowsLine,
    "Mermaid reads a line holding `direction LR` as a direction statement",
    "\
What it checks: lines that hold the word `direction` followed by a direction (`TB`, `TD`, `BT`,
`LR`, `RL`) but are not just a `direction` statement, for example a label that says
`Change direction LR?`.

Why: Mermaid's lexer reads such a line, quoted text and all, as a `direction` statement and
silently drops every node and edge on it. flowrun reads the line as Mermaid does, so the flow
runs as it is drawn, and warns, because the author surely meant something else.

Example:
    flowchart TD
        A{Change direction LR?} -->|Yes| B[Turn]
Fix: write the words another way: `direction#32;LR`, lower case, or a line break between them.",
);

pub(crate) const ARROWHEAD_TAKES_ID: Rule = Rule::new(
    Code::ArrowheadTakesId,
    "an `o` or `x` right after an arrow is read as its head, not as the node's id",
    "\
What it checks: arrows written without a space before a node whose id starts with `o` or `x`,
such as `A---oB` or `A--xray`.

Why: Mermaid reads `A---oB` as the arrow `---o` (a circle head) to node `B`, not as `---` to
`oB`. flowrun reads it the same way, and warns, because the other reading is usually meant.

Example:
    flowchart TD
        A---oB
Fix: put spaces around arrows: `A --- oB`, or `A --o B` if the circle head is meant.",
);

pub(crate) const COMMENT_READ_AS_NODE: Rule = Rule::new(
    Code::CommentReadAsNode,
    "a `%%` comment after a statement on its line is read as a node",
    "\
What it checks: `%%` comments that follow a statement on the same line, such as
`A --> B;%%todo`.

Why: Mermaid only drops comments that are on a line of their own. After a statement, `%%todo`
is read as the id of a new, unconnected node (and `%% two words` is a syntax error). flowrun
reads it as Mermaid does, so the stray node also shows up in its checks, and warns.

Example:
    flowchart TD
        A{Ready?} -->|Yes| B[Go];%%check
Fix: put the comment on its own line above the statement.",
);
