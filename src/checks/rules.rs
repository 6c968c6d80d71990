//! The catalogue of diagnostic codes: every problem flowrun reports has one stable code here,
//! with a default severity, a one-line summary and the doc that `flowrun explain CODE` prints.
//!
//! `FLOW0xx`: reading and parsing; `FLOW01x`: building the graph; `FLOW1xx`: the structure of
//! the decision graph; `FLOW2xx`: lint, likely mistakes in a flow that builds (`src/checks/lint/`, one
//! file per rule); `FLOW3xx`: answer files; `FLOW4xx`: files; `FLOW5xx`: configuration
//! (`flowrun.toml`) and `%% flowrun:` suppression comments; `FLOW6xx`: test files
//! (`X.tests.toml`, read by `flowrun test`); `FLOW7xx`: limits, inputs too large to read safely
//! (`src/checks/limits.rs`). Codes are never reused:
//! FLOW002 (unsupported-syntax, for Mermaid that early versions did not read) was retired when
//! flowrun learned the whole flowchart language.

use crate::diagnostic::Severity;

/// A stable diagnostic code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    SyntaxError,
    NotAFlowchart,
    NotUtf8,
    InvalidNodeData,
    ConflictingText,
    UnknownStyleTarget,
    LinkStyleOutOfRange,
    DirectionSwallowsLine,
    ArrowheadTakesId,
    CommentReadAsNode,
    AmbiguousSubgraphEndpoint,
    Cycle,
    QuestionWithoutAnswers,
    BranchingStep,
    UnlabelledAnswer,
    DuplicateAnswer,
    NoStart,
    SeveralStarts,
    UnreachableNode,
    SingleAnswerQuestion,
    NearDuplicateAnswer,
    DuplicateVerdict,
    RepeatedQuestion,
    UnusedClassDef,
    TypoId,
    MangledLabel,
    AnswerNotAnOption,
    UnknownQuestion,
    MalformedAnswers,
    AnswerNotALabel,
    AnswerForNonQuestion,
    Io,
    UnknownCode,
    InvalidConfig,
    UnknownRuleInConfig,
    RuleNotConfigurable,
    InvalidSuppression,
    UnusedSuppression,
    FileExists,
    InvalidTypedAnswer,
    MalformedTestFile,
    UnknownQuestionInTest,
    AnswerNotAnOptionInTest,
    UnknownVerdictInTest,
    UnknownPathNode,
    NeedsNotAQuestion,
    AmbiguousExpectation,
    DuplicateCaseName,
    UnreadableRevision,
    GraphvizNotFound,
    GraphvizFailed,
    MalformedRecord,
    InvalidBatchInput,
    InvalidAnswerOffRoute,
    FlowTooLarge,
    TooManyNodes,
    LabelTooLong,
    SubgraphsTooDeep,
    AnswersTooLarge,
    InvalidLimit,
}

/// What `flowrun explain` knows about a code.
#[derive(Debug)]
pub struct Rule {
    pub code: Code,
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// What it checks, why, and an example; plain text.
    pub doc: &'static str,
}

impl Code {
    #[must_use]
    pub fn rule(self) -> &'static Rule {
        RULES
            .iter()
            .find(|r| r.code == self)
            .expect("every code has a catalogue entry")
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        self.rule().id
    }
}

/// Codes that once named a rule and are never given to another, with why they went.
pub static RETIRED: &[(&str, &str)] = &[(
    "FLOW002",
    "unsupported-syntax reported valid Mermaid that early versions did not read (subgraphs, \
     `click`, `@{ }` node data); flowrun now reads the whole flowchart language",
)];

/// Finds a rule by its code (`FLOW101`, `flow101`) or its name (`cycle`).
#[must_use]
pub fn lookup(query: &str) -> Option<&'static Rule> {
    let query = query.trim();
    RULES
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(query) || r.name.eq_ignore_ascii_case(query))
}

pub static RULES: &[Rule] = &[
    Rule {
        code: Code::SyntaxError,
        id: "FLOW001",
        name: "syntax-error",
        severity: Severity::Error,
        summary: "the text is not valid Mermaid flowchart syntax",
        doc: "\
What it checks: that every statement of the flow is Mermaid flowchart syntax that flowrun reads:
nodes with their shapes, edges with their labels, chains, `&`, `style`, `classDef`, `class`,
`linkStyle`, `accTitle`/`accDescr` and `%%` comment lines.

Why: a flow that does not parse cannot be walked, and usually does not render in Mermaid either.
The diagnostic points at the first character flowrun could not read and says what it expected.
When a bracket or quote left open made a text run on (`B{Ready?` with no `}`), it points where
that bracket or quote opens instead, and also where reading stopped.

Example:
    flowchart TD
        A[Start] -> B{Ready?}
Fix: Mermaid arrows have two dashes: `A[Start] --> B{Ready?}`.",
    },
    Rule {
        code: Code::NotAFlowchart,
        id: "FLOW003",
        name: "not-a-flowchart",
        severity: Severity::Error,
        summary: "the file is empty or is not a Mermaid flowchart",
        doc: "\
What it checks: that the file starts (after optional front matter, `%%` comments and blank lines)
with a flowchart header: `flowchart` or `graph`, optionally followed by a direction (TD, TB, BT,
LR, RL), then a line break or `;`.

Why: flowrun only runs flowcharts; an empty file or another Mermaid diagram (a `sequenceDiagram`,
say) has no decisions to walk.

Example:
    sequenceDiagram
        Alice->>Bob: Hi
Fix: start the file with `flowchart TD`.",
    },
    Rule {
        code: Code::NotUtf8,
        id: "FLOW004",
        name: "not-utf8",
        severity: Severity::Error,
        summary: "the file is not UTF-8 text",
        doc: "\
What it checks: that a flow file is UTF-8 text.

Why: a binary file, or text in another encoding, cannot be read as Mermaid. The diagnostic points
at the first byte that is not UTF-8.

Example: a `.flow` file saved as Latin-1 with an `é` in a label.
Fix: save the file as UTF-8.",
    },
    Rule {
        code: Code::InvalidNodeData,
        id: "FLOW005",
        name: "invalid-node-data",
        severity: Severity::Error,
        summary: "`@{ ... }` node data is not valid YAML or names no shape",
        doc: "\
What it checks: that the data after a node id, `A@{ shape: diamond, label: \"Ready?\" }`, is a
YAML map and that its `shape` is one of Mermaid's shape names, in lower case.

Why: Mermaid refuses to draw a chart with invalid node data or an unknown shape. The shape also
decides what a node means: `diamond`, `diam`, `decision` and `question` make a question, exactly
as `A{...}` does; the other shapes make steps or verdicts.

Shape names (with their aliases): rect (proc, process, rectangle), rounded (event), stadium
(terminal, pill), fr-rect (subprocess, subproc, framed-rectangle, subroutine), cyl (db, database,
cylinder), circle (circ), diam (decision, diamond, question), hex (hexagon, prepare), lean-r
(lean-right, in-out), lean-l (lean-left, out-in), trap-b (priority, trapezoid-bottom, trapezoid),
trap-t (manual, trapezoid-top, inv-trapezoid), dbl-circ (double-circle, doublecircle), odd, and
bang, cloud, text, notch-rect, lin-rect, sm-circ, fr-circ, fork, hourglass, brace, brace-r,
braces, bolt, doc, delay, h-cyl, lin-cyl, curv-trap, div-rect, tri, win-pane, f-circ, notch-pent,
flip-tri, sl-rect, docs, st-rect, bow-rect, cross-circ, tag-doc, tag-rect, flag, lin-doc, state,
choice, note, icon, anchor.

Example:
    flowchart TD
        A@{ shape: diamnod, label: \"Ready?\" }
Fix: `A@{ shape: diamond, label: \"Ready?\" }`.",
    },
    Rule {
        code: Code::ConflictingText,
        id: "FLOW010",
        name: "conflicting-text",
        severity: Severity::Error,
        summary: "one node id is given two different texts or shapes",
        doc: "\
What it checks: that every mention of a node that gives it a shape and text gives the same ones.

Why: Mermaid silently keeps the last text, so two different nodes that were meant to be distinct
but share an id get merged into one, and the flow asks something other than what was written.

Example:
    flowchart TD
        q{Based in the US?} -->|Yes| ok[Eligible]
        q{Based in Canada?} -->|No| no[Not eligible]
Fix: give the second question its own id, or mention it by id only (`q -->|No| no`).",
    },
    Rule {
        code: Code::UnknownStyleTarget,
        id: "FLOW011",
        name: "unknown-style-target",
        severity: Severity::Warning,
        summary: "`style` or `class` names a node that no edge or node statement declares",
        doc: "\
What it checks: that `style ID ...` and `class ID,... NAME` name nodes that exist in the flow.

Why: Mermaid creates a new, unconnected node for an unknown id in `style`, so a typo both loses
the styling and adds a stray box to the picture. flowrun keeps the styling out of the graph and
warns instead.

Example:
    flowchart TD
        A{Ready?} -->|Yes| done[Done]
        A -->|No| wait[Wait]
        style dnoe fill:#9f9
Fix: correct the id: `style done fill:#9f9`.",
    },
    Rule {
        code: Code::LinkStyleOutOfRange,
        id: "FLOW012",
        name: "link-style-out-of-range",
        severity: Severity::Error,
        summary: "`linkStyle N` numbers a link the flow does not have",
        doc: "\
What it checks: that every number in a `linkStyle` statement is below the number of links.
Links are numbered from 0 in the order they are written; `A & B --> C` writes two.

Why: Mermaid refuses to render a chart whose `linkStyle` index is out of range.

Example:
    flowchart TD
        A --> B
        linkStyle 1 stroke:red
Fix: `linkStyle 0 stroke:red`.",
    },
    Rule {
        code: Code::DirectionSwallowsLine,
        id: "FLOW013",
        name: "direction-swallows-line",
        severity: Severity::Warning,
        summary: "Mermaid reads a line holding `direction LR` as a direction statement",
        doc: "\
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
    },
    Rule {
        code: Code::ArrowheadTakesId,
        id: "FLOW014",
        name: "arrowhead-takes-id",
        severity: Severity::Warning,
        summary: "an `o` or `x` right after an arrow is read as its head, not as the node's id",
        doc: "\
What it checks: arrows written without a space before a node whose id starts with `o` or `x`,
such as `A---oB` or `A--xray`.

Why: Mermaid reads `A---oB` as the arrow `---o` (a circle head) to node `B`, not as `---` to
`oB`. flowrun reads it the same way, and warns, because the other reading is usually meant.

Example:
    flowchart TD
        A---oB
Fix: put spaces around arrows: `A --- oB`, or `A --o B` if the circle head is meant.",
    },
    Rule {
        code: Code::CommentReadAsNode,
        id: "FLOW015",
        name: "comment-read-as-node",
        severity: Severity::Warning,
        summary: "a `%%` comment after a statement on its line is read as a node",
        doc: "\
What it checks: `%%` comments that follow a statement on the same line, such as
`A --> B;%%todo`.

Why: Mermaid only drops comments that are on a line of their own. After a statement, `%%todo`
is read as the id of a new, unconnected node (and `%% two words` is a syntax error). flowrun
reads it as Mermaid does, so the stray node also shows up in its checks, and warns.

Example:
    flowchart TD
        A{Ready?} -->|Yes| B[Go];%%check
Fix: put the comment on its own line above the statement.",
    },
    Rule {
        code: Code::AmbiguousSubgraphEndpoint,
        id: "FLOW016",
        name: "ambiguous-subgraph-endpoint",
        severity: Severity::Error,
        summary: "an edge to or from a subgraph has no single node to stand for it",
        doc: "\
What it checks: edges whose end is a subgraph id (`A --> checks`). An edge into a subgraph means
an edge into its entry node: the one node of the group (nested groups included) that no edge
from inside the group reaches. An edge out of a subgraph leaves from each of its exits: the
nodes of the group with no edge to another node of the group.

Why: a walk must know which node comes next. A group with several entry nodes (or none, or no
nodes at all) does not say which one an edge into it means.

Example:
    flowchart TD
        A[Start] --> checks
        subgraph checks
            q1{Based in the US?}
            q2{Needs HIPAA?}
        end
Fix: point the edge at a node (`A --> q1`), or link the group's nodes so one of them comes first.",
    },
    Rule {
        code: Code::Cycle,
        id: "FLOW101",
        name: "cycle",
        severity: Severity::Error,
        summary: "the flow has a cycle",
        doc: "\
What it checks: that no path through the flow comes back to a node it has already visited.
The diagnostic prints one such cycle as a path (`B -> D -> E -> B`) and underlines its edges.

Why: a decision flow must end in a verdict for every set of answers; a cycle lets a walk loop
forever (or end differently depending on how it is entered).

Example:
    flowchart TD
        A[Start] --> B{Ready?}
        B -->|No| C[Wait]
        C --> B
        B -->|Yes| D[Go]
Fix: turn the loop into a new question or a verdict, e.g. `B -->|No| C[Try again later]`.",
    },
    Rule {
        code: Code::QuestionWithoutAnswers,
        id: "FLOW102",
        name: "question-without-answers",
        severity: Severity::Error,
        summary: "a question (rhombus) has no answers, so a leaf is not a verdict",
        doc: "\
What it checks: that every leaf of the flow (a node with no outgoing edge) is a verdict. A
question drawn as a rhombus `id{...}` with no outgoing edge is a leaf that cannot be a verdict.

Why: a walk that reaches such a question can neither stop with a verdict nor go on.

Example:
    flowchart TD
        A[Start] --> B{Needs HIPAA compliance?}
Fix: add its answers: `B -->|Yes| twilio[Work with Twilio]` and `B -->|No| ok[Eligible]`.",
    },
    Rule {
        code: Code::BranchingStep,
        id: "FLOW103",
        name: "branching-step",
        severity: Severity::Error,
        summary: "a step (a node that is not a question) has more than one outgoing edge",
        doc: "\
What it checks: that a node which is not a question (not drawn as a rhombus) has at most one
outgoing edge.

Why: only questions choose between branches; a step with two exits gives the walk no way to pick.

Example:
    flowchart TD
        A[Start] --> B[Check]
        A --> C[Other]
Fix: draw the node that decides as a question with labelled answers:
`A{Which check?} -->|first| B` and `A -->|second| C`.",
    },
    Rule {
        code: Code::UnlabelledAnswer,
        id: "FLOW104",
        name: "unlabelled-answer",
        severity: Severity::Error,
        summary: "an edge out of a question has no label",
        doc: "\
What it checks: that every edge leaving a question carries a label: the answer that selects it.

Why: the label is what an answer file names; an unlabelled edge can never be chosen.

Example:
    flowchart TD
        Q{Based in the US?} --> ok[Eligible]
        Q -->|No| no[Not eligible]
Fix: label it: `Q -->|Yes| ok[Eligible]` (or `Q -- Yes --> ok`).",
    },
    Rule {
        code: Code::DuplicateAnswer,
        id: "FLOW105",
        name: "duplicate-answer",
        severity: Severity::Error,
        summary: "two answers of one question have the same label",
        doc: "\
What it checks: that the labels on one question's edges are distinct, comparing them as answers
are matched: ignoring case and surrounding space.

Why: an answer file could not say which of the two edges it means.

Example:
    flowchart TD
        Q{Ready?} -->|Yes| A[Go]
        Q -->|yes| B[Wait]
Fix: give each answer its own label, or merge the two edges.",
    },
    Rule {
        code: Code::NoStart,
        id: "FLOW106",
        name: "no-start",
        severity: Severity::Error,
        summary: "the flow has no start: no node without incoming edges",
        doc: "\
What it checks: that the flow has a start, a node with no incoming edge. An empty flow has none.

Why: a walk begins at the start node.

Example:
    flowchart TD
Fix: add the nodes, e.g. `start([Start]) --> Q{First question?}`.",
    },
    Rule {
        code: Code::SeveralStarts,
        id: "FLOW107",
        name: "several-starts",
        severity: Severity::Error,
        summary: "more than one node has no incoming edges",
        doc: "\
What it checks: that exactly one node has no incoming edge.

Why: with two starts a walk would not know where to begin; usually one of them is a node whose
incoming edge was forgotten or whose id has a typo.

Example:
    flowchart TD
        A[Start] --> Q{Ready?}
        Q -->|Yes| done[Done]
        Qq -->|No| wait[Wait]
Fix: connect or correct the stray node: `Q -->|No| wait[Wait]`.",
    },
    Rule {
        code: Code::UnreachableNode,
        id: "FLOW201",
        name: "unreachable-node",
        severity: Severity::Warning,
        summary: "no path from the start reaches a node",
        doc: "\
What it checks: that every node can be reached from the start (the first node, in the order
written, with no incoming edge) by following edges. Other nodes with no incoming edge are
FLOW107's and are not listed again; this rule lists the nodes below them, and nodes on a loop
that nothing enters.

Why: a node no walk reaches is dead text: usually the edge that led to it was deleted or points
at a misspelt id, and the part of the flow below it silently stopped applying. In a flow with one
start and no cycle every node is reached, so this warning always comes with FLOW107 or FLOW101;
it says which nodes their problem cuts off.

Answers are given per question id, so any answer may be given to any question: a node the start
reaches is reached by some combination of answers. A verdict that only the inconsistent answers
of a question asked twice lead to is found by FLOW205 (repeated-question), which points at its
cause; flowrun has no separate rule for it.

Cost: one search from the start, linear in nodes and edges.

Example:
    flowchart TD
        start([Start]) --> us_canada{Based in the US or Canada?}
        us_canada -->|Yes| eligible[Eligible]
        us_canada -->|No| twilio[Work with Twilio]
        hipa -->|Yes| twilio_hipaa[Twilio, for HIPAA]
Fix: connect the cut-off part with an answer that leads to it (`eligible` should have been the
question `hipaa{Needs HIPAA?}`), or delete it.",
    },
    Rule {
        code: Code::SingleAnswerQuestion,
        id: "FLOW202",
        name: "single-answer-question",
        severity: Severity::Warning,
        summary: "a question has only one answer",
        doc: "\
What it checks: that every question (a rhombus) has at least two answers. Questions with none are
FLOW102's.

Why: a question with one answer decides nothing, yet a walk stops there until it is answered, and
an answer file must name the one option. Usually the other answers were forgotten, or a step was
drawn as a rhombus.

Cost: one count per question, linear in nodes and edges.

Example:
    flowchart TD
        start([Start]) --> hipaa{Do you need HIPAA compliance?}
        hipaa -->|No| eligible[Eligible]
Fix: add the missing answer (`hipaa -->|Yes| twilio[Work with Twilio]`), or draw the node as a
step `hipaa[...]` if there is nothing to decide.",
    },
    Rule {
        code: Code::NearDuplicateAnswer,
        id: "FLOW203",
        name: "near-duplicate-answer",
        severity: Severity::Warning,
        summary: "answers of one question differ only in spacing (and case)",
        doc: "\
What it checks: that no two answers of one question become the same label when case and all
white space (spaces, tabs, line breaks, `<br/>`) are ignored. Labels that are equal ignoring
case and surrounding space, `Yes` and `yes `, are already an error, FLOW105 (duplicate-answer):
answer files match them the same way, so they cannot be told apart at all. This rule reports
only what FLOW105 does not: labels that answer files do tell apart, by space inside them, but a
reader does not, such as `Not sure` and `Not  sure` or `Notsure`.

Why: the two edges look like one answer written twice, and an answer file must reproduce the
spacing exactly to pick one; usually one of them is a copy with a slip.

Cost: one hash map per question, linear in nodes and edges.

Example:
    flowchart TD
        start([Start]) --> outside{Do you text people outside the US?}
        outside -->|No| eligible[Eligible]
        outside -->|Not sure| ask[Ask support]
        outside -->|Not  sure| twilio[Work with Twilio]
Fix: keep one of the labels and merge the edges, or make the labels differ in words.",
    },
    Rule {
        code: Code::DuplicateVerdict,
        id: "FLOW204",
        name: "duplicate-verdict",
        severity: Severity::Warning,
        summary: "two verdicts with different ids have the same text",
        doc: "\
What it checks: that no two verdicts with texts of their own say the same thing, comparing texts
ignoring case and the spacing between words.

Why: a verdict's id is its name in `run` output and in scripts that read it, so two ids for one
message split one outcome in two; usually a node was copied instead of pointed at. When the two
are meant to differ, the text should say how.

Cost: one hash map from text to verdicts, linear in nodes.

Example:
    flowchart TD
        start([Start]) --> us_canada{Based in the US or Canada?}
        us_canada -->|Yes| eligible[Eligible]
        us_canada -->|No| twilio[Work directly with Twilio]
        eligible2[Work directly with Twilio]
Fix: point every edge at one verdict (`us_canada -->|No| twilio`) and delete the copy.",
    },
    Rule {
        code: Code::RepeatedQuestion,
        id: "FLOW205",
        name: "repeated-question",
        severity: Severity::Warning,
        summary: "a route asks the same question twice",
        doc: "\
What it checks: that no question is reached, along some route, below another question with the
same text (compared ignoring case and the spacing between words). Questions with the same text
on parallel branches are fine.

Why: a reader answers the same question the same way, so asking it again is redundant, and any
answer to the second asking that contradicts the first leads where no consistent reader can go.
Answer files answer by id, so flowrun cannot tell that the two are one question: a walk happily
takes the contradictory branch. (This is how flowrun finds a verdict that no consistent answers
reach: through its cause, the second asking. FLOW201 finds the nodes no answers reach at all.)

Cost: no route is enumerated. Questions are grouped by text; for each batch of 64 texts asked
more than once, one pass in topological order carries, per node, a 64-bit set of the texts asked
above it: linear in nodes and edges per batch, at most 4 batches (texts beyond the 256th repeated
one are not checked). Each report then finds the earlier asking with one backward search, for at
most 16 reports.

Example:
    flowchart TD
        start([Start]) --> us_canada{Is your business in the US or Canada?}
        us_canada -->|Yes| hipaa{Do you need HIPAA compliance?}
        us_canada -->|No| twilio[Work with Twilio]
        hipaa -->|No| again{Is your business in the US or Canada?}
        hipaa -->|Yes| twilio
        again -->|Yes| eligible[Eligible]
        again -->|No| twilio
Fix: point the edge into the second asking at what the first answer leads to:
`hipaa -->|No| eligible`.",
    },
    Rule {
        code: Code::UnusedClassDef,
        id: "FLOW206",
        name: "unused-class-def",
        severity: Severity::Warning,
        summary: "a `classDef` is used by no node, edge or subgraph",
        doc: "\
What it checks: that every class defined with `classDef` is applied somewhere: by `class IDS
NAME` to a node, an edge id or a subgraph, or by `ID:::NAME`. `classDef default` applies to
every node and always counts as used. (A `style` line always names its target; one that names
no node is FLOW011.)

Why: an unused class is styling that silently does not show, usually because the `class` line
misspells its name or was deleted.

Cost: one set of the names in use, linear in nodes, edges and subgraphs.

Example:
    flowchart TD
        start([Start]) --> hipaa{Do you need HIPAA compliance?}
        hipaa -->|Yes| twilio[Work with Twilio]
        hipaa -->|No| eligible[Eligible]
        classDef warn fill:#fde2e1
        class twilio wran
Fix: apply the class as intended (`class twilio warn`), or delete the `classDef`.",
    },
    Rule {
        code: Code::TypoId,
        id: "FLOW207",
        name: "typo-id",
        severity: Severity::Warning,
        summary: "an id mentioned once is a typo of another id",
        doc: "\
What it checks: verdicts written as a bare id (no text of their own) with one incoming edge,
whose id is one slip (an edit, a swap) or a small fraction of its length away from another
node's id, as `suggest` measures it for \"did you mean\" hints. That other node must be a real
one (with a text, or mentioned more than once): of two bare ids mentioned once each, neither is
the typo of the other. Numbered siblings such as `v1` and `v2`, and ids of one or two
characters, are not checked. A misspelt edge source becomes a second start, which FLOW107 reports with
the same suggestion.

Why: Mermaid makes a new node for every new id, so `hipaa -->|No| twillio` does not lead to
`twilio` but to a new verdict whose text is `twillio`. The flow stays valid, and runs end on a
verdict nobody wrote.

Cost: suspects are found in one pass; only the first 16 are compared with every id (skipping ids
of a far-off length first), so the work stays linear in the flow's size.

Example:
    flowchart TD
        start([Start]) --> hipaa{Do you need HIPAA compliance?}
        hipaa -->|Yes| twilio[Work with Twilio]
        hipaa -->|No| twillio
Fix: correct the id: `hipaa -->|No| twilio`.",
    },
    Rule {
        code: Code::MangledLabel,
        id: "FLOW208",
        name: "mangled-label",
        severity: Severity::Warning,
        summary: "a text or label that Mermaid draws differently from how it reads",
        doc: "\
What it checks: node texts and edge labels, as written, for what Mermaid changes when it draws
them:
- HTML elements that its sanitiser (DOMPurify) does not allow and removes: `<script>` and
  `<iframe>` (with their content), `<object>`, `<embed>`; and scripts in attributes
  (`onclick=`) or `javascript:` links;
- an entity code `#name;` that flowrun does not decode: Mermaid turns every `#name;` into the
  HTML entity `&name;`, which the browser shows decoded (`#hearts;`) or as written, while flowrun
  shows `#name;`, so the picture and `run` disagree;
- a line break (`<br/>` or a real one) at the start or end, which Mermaid draws as an empty line
  and flowrun drops.
Other HTML (`<b>`, `<i>`, `<br/>` between lines) is drawn as meant and is not reported.

Why: the picture is what reviewers approve; a label that loses words, or shows different
characters than a run prints, hides the flow's real meaning from them.

Cost: one scan of each text, linear in the size of the file.

Example:
    flowchart TD
        start([Start]) --> hipaa{Do you need HIPAA compliance?<br/>}
        hipaa -->|Yes| twilio[Work with Twilio]
        hipaa -->|No| eligible[Eligible]
Fix: `hipaa{Do you need HIPAA compliance?}`.",
    },
    Rule {
        code: Code::AnswerNotAnOption,
        id: "FLOW301",
        name: "answer-not-an-option",
        severity: Severity::Error,
        summary: "an answer is not one of the question's options",
        doc: "\
What it checks: that each answer in an answers file is one of the labels on the question's
edges. Matching ignores case and surrounding space, and `true`/`false` match yes/no-like labels.

Why: an answer that matches no edge cannot be followed; guessing would give a wrong verdict.

Example (the question `hipaa` has the answers Yes and No):
    { \"hipaa\": \"maybe\" }
Fix: use one of the listed options: `{ \"hipaa\": \"No\" }`.",
    },
    Rule {
        code: Code::UnknownQuestion,
        id: "FLOW302",
        name: "unknown-question",
        severity: Severity::Warning,
        summary: "an answers file names a question the flow does not have",
        doc: "\
What it checks: that every key of an answers file is the id of a node in the flow.

Why: a misspelt id leaves its question unanswered; the warning suggests the closest id.

Example:
    { \"hipa\": \"No\" }
Fix: use the question's id as written in the flow: `{ \"hipaa\": \"No\" }`.",
    },
    Rule {
        code: Code::MalformedAnswers,
        id: "FLOW303",
        name: "malformed-answers",
        severity: Severity::Error,
        summary: "an answers file is not valid JSON, YAML or TOML, or is not a map; or an `--answer` is not `ID=VALUE`",
        doc: "\
What it checks: that an answers file parses in its format and that its top level maps question
ids to answers. The format is `--answers-format` if given, else the one its extension names
(`.json`, `.yaml`/`.yml`, `.toml`); standard input is JSON when it starts with `{`, TOML when its
first line that is not blank or a `#` comment is `key = value` or `[table]`, and YAML otherwise.
Also that each `--answer` flag is `ID=VALUE` with an id and a value, once per question.

Why: flowrun cannot tell which answers were meant from a file it cannot read.

Example:
    [\"Yes\", \"No\"]
Fix: name each question: `{ \"us_canada\": \"Yes\", \"outside\": \"No\" }` (the hint shows
the first questions of the flow being run), or `--answer us_canada=Yes`.",
    },
    Rule {
        code: Code::AnswerNotALabel,
        id: "FLOW304",
        name: "answer-not-a-label",
        severity: Severity::Error,
        summary: "an answer is a list, a map or null instead of a label",
        doc: "\
What it checks: that every answer is a string, a boolean or a number.

Why: an answer selects one edge by its label; a list or a map does not name one.

Example:
    { \"hipaa\": [\"Yes\"] }
Fix: `{ \"hipaa\": \"Yes\" }`.",
    },
    Rule {
        code: Code::AnswerForNonQuestion,
        id: "FLOW305",
        name: "answer-for-non-question",
        severity: Severity::Warning,
        summary: "an answers file answers a node that is not a question",
        doc: "\
What it checks: that every key of an answers file names a question (a rhombus), not a step or a
verdict.

Why: only questions read answers, so the entry has no effect; it is usually a wrong id.

Example (where `start` is the flow's start step):
    { \"start\": \"Yes\" }
Fix: remove the entry or use the id of the question meant.",
    },
    Rule {
        code: Code::MalformedRecord,
        id: "FLOW306",
        name: "malformed-record",
        severity: Severity::Error,
        summary: "a record of a batch input is not a map of question ids to answers",
        doc: "\
What it checks: that every record `flowrun batch` reads can be taken as answers: a JSON Lines
record must be one JSON object on its line, in UTF-8, that answers each question at most once; a
CSV row must have as many fields as the header and be UTF-8.

Why: a record that cannot be read has no answers to walk. The record gets an error row naming
its number and the problem, and the batch goes on with the next record (unless `--fail-fast`).
Keys that name no question (an id, a timestamp) are not errors: they are ignored.

Example (record 2 is cut off, record 3 is a list):
    {\"us_canada\": \"Yes\", \"outside\": \"No\"}
    {\"us_canada\": \"Ye
    [\"Yes\", \"No\"]
Fix: write each record as a complete object on one line: `{\"us_canada\": \"Yes\"}`.",
    },
    Rule {
        code: Code::InvalidBatchInput,
        id: "FLOW307",
        name: "invalid-batch-input",
        severity: Severity::Error,
        summary: "a batch input as a whole cannot be read as records",
        doc: "\
What it checks: that the input of `flowrun batch` can be read as records at all: its format is
known (from the extension `.jsonl`, `.ndjson` or `.csv`, or `--input-format`), a CSV input has a
header row naming each column once, the `--id` column is in that header, and the input holds at
least one record.

Why: without a format or a header no record can be read, and an empty input is almost always a
failed export rather than a batch of nothing.

Example:
    flowrun batch flows/eligibility.flow customers.txt
Fix: name the file `customers.jsonl` or `customers.csv`, or give `--input-format jsonl|csv`.",
    },
    Rule {
        code: Code::InvalidAnswerOffRoute,
        id: "FLOW308",
        name: "invalid-answer-off-route",
        severity: Severity::Warning,
        summary: "an answer that is no option (or not a label) is ignored: the route never reaches its question",
        doc: "\
What it checks: answers that would be FLOW301 (not one of the options) or FLOW304 (a list, a map
or null) given to a question that the walk never reaches with the other answers. `flowrun run`
reports each as a warning; `flowrun batch` counts the records that have any (the summary's
`ignored answers off the route`, `warnings` in `--summary` JSON).

Why: an answer the route never reads cannot change the verdict, and stale answers to questions
off the route are common in exported or replayed data (a question whose options changed, a
field kept from an old version of the flow). Making each such record an error would hide the
real errors. The same answer to a question the route does reach is still an error (FLOW301,
FLOW304): the walk cannot go on without guessing.

Example (`us_canada = No` goes straight to the verdict `twilio`, so `hipaa` is never asked):
    { \"us_canada\": \"No\", \"hipaa\": \"maybe\" }
Fix: correct or remove the stale answer: `{ \"us_canada\": \"No\" }`. To make it an error
again, set `FLOW308 = \"error\"` in flowrun.toml (`flowrun run` only).",
    },
    Rule {
        code: Code::Io,
        id: "FLOW401",
        name: "io-error",
        severity: Severity::Error,
        summary: "a file or directory could not be read or written",
        doc: "\
What it checks: that the paths given to flowrun exist and can be read (or, for `-o`, written).

Why: nothing can be checked or run without the file.

Example:
    flowrun check flows/missing.flow
Fix: check the path and its permissions.",
    },
    Rule {
        code: Code::UnknownCode,
        id: "FLOW402",
        name: "unknown-code",
        severity: Severity::Error,
        summary: "a rule code given to flowrun does not exist",
        doc: "\
What it checks: that a code given on the command line (as to `flowrun explain`) is one of the
codes in `flowrun explain --list`.

Why: a misspelt code would otherwise do nothing; the diagnostic suggests the closest code.

Example:
    flowrun explain FLOW1O1
Fix: `flowrun explain FLOW101`.",
    },
    Rule {
        code: Code::UnreadableRevision,
        id: "FLOW403",
        name: "unreadable-revision",
        severity: Severity::Error,
        summary: "a file could not be read as of a git revision",
        doc: "\
What it checks: that `flowrun diff FILE --rev REV` can read FILE as it was at REV, by running
`git show REV:./FILE` in the file's directory. The message carries git's own words.

Why: the old version of the flow is what the new one is compared with; without it there is
nothing to compare. It fails when git is not installed, when the file is not in a git work tree,
when REV names no commit, or when the file did not exist at REV (added since, or renamed).

Example:
    flowrun diff flows/eligibility.flow --rev mian
Fix: `flowrun diff flows/eligibility.flow --rev main`; `git log --oneline -- FILE` lists the
revisions that have the file.",
    },
    Rule {
        code: Code::FileExists,
        id: "FLOW405",
        name: "file-exists",
        severity: Severity::Error,
        summary: "flowrun was asked to write a file that already exists",
        doc: "\
What it checks: that the files flowrun writes for you do not replace one that is already there,
unless `--force` is given: the answers `flowrun ask --save FILE` saves, and the starting test
file `flowrun test --generate FLOW` writes. `ask` checks before the first question, so no answers
are typed in vain; a file name typed at the end of an interactive session asks to confirm instead.

Why: a saved answers file is often kept as a test case, and a test file holds cases someone named
and edited; overwriting either by accident loses them.

Example:
    flowrun ask flows/eligibility.flow --save flows/answers/eligible.json
    flowrun test --generate flows/eligibility.flow   (flows/eligibility.tests.toml exists)
Fix: choose another name (`-o FILE` for `test --generate`, `-o -` for standard output), or add
`--force` to replace the file.",
    },
    Rule {
        code: Code::InvalidTypedAnswer,
        id: "FLOW406",
        name: "invalid-typed-answer",
        severity: Severity::Error,
        summary: "a line given to `flowrun ask` on standard input is not an answer",
        doc: "\
What it checks: when standard input is not a terminal, `flowrun ask` reads one answer per line:
an answer label (matched as `flowrun run` matches answers: case and surrounding space ignored,
`true`/`false` for yes/no-like labels), the option's number counted from 1, or `back` to return
to the previous question. An empty line, anything else, or `back` at the first question is this
error, and `flowrun ask` stops with exit code 2: a script cannot retry, and going on would give
the following answers to the wrong questions.

Why: in a terminal a wrong key is simply ignored; a script needs to hear about it.

Example:
    printf 'Yes\\nMaybe\\n' | flowrun ask flows/eligibility.flow
Fix: answer `outside` with one of its options: `No`, `Yes`, `1` or `2`.",
    },
    Rule {
        code: Code::GraphvizNotFound,
        id: "FLOW407",
        name: "graphviz-not-found",
        severity: Severity::Error,
        summary: "Graphviz `dot`, needed for SVG or PNG output, could not be started",
        doc: "\
What it checks: that `flowrun render --to svg` or `--to png` can start Graphviz's `dot`, which
draws the picture from the DOT text flowrun writes. flowrun runs `dot` from PATH, or the program
named by the FLOWRUN_DOT environment variable.

Why: flowrun does not lay out pictures itself; without `dot` there is no SVG or PNG. DOT and
Mermaid output (`--to dot`, `--to mermaid`) need nothing else.

Example:
    flowrun render flows/eligibility.flow --to svg -o eligibility.svg   (without Graphviz)
Fix: install Graphviz (Debian/Ubuntu `apt-get install graphviz`, macOS `brew install graphviz`,
others https://graphviz.org/download/), or set FLOWRUN_DOT to the path of `dot`.",
    },
    Rule {
        code: Code::GraphvizFailed,
        id: "FLOW408",
        name: "graphviz-failed",
        severity: Severity::Error,
        summary: "Graphviz `dot` failed to draw the flow",
        doc: "\
What it checks: that Graphviz's `dot` exits successfully when drawing the SVG or PNG of
`flowrun render --to svg|png`. The diagnostic shows what `dot` printed on its standard error.

Why: flowrun writes DOT that `dot` accepts, so a failure usually means a broken or very old
Graphviz installation, a program named by FLOWRUN_DOT that is not `dot`, or a lack of memory for
a very large flow. Nothing is written to the output file.

Example:
    FLOWRUN_DOT=/bin/false flowrun render flows/eligibility.flow --to png -o flow.png
Fix: check `dot -V` and that `echo 'digraph { a -> b }' | dot -Tsvg` works; reinstall Graphviz
if not.",
    },
    Rule {
        code: Code::InvalidConfig,
        id: "FLOW501",
        name: "invalid-config",
        severity: Severity::Error,
        summary: "a flowrun.toml is not valid TOML or not in the expected shape",
        doc: "\
What it checks: that the `flowrun.toml` nearest above a flow is valid TOML holding only a
`[rules]` table, whose values are \"off\", \"warning\" or \"error\", each rule given once.

Why: a configuration flowrun cannot read would silently change nothing; the diagnostic points
into the TOML file. `check` and `run` exit 2 (an input error) while it is broken.

Example:
    [rules]
    FLOW014 = \"of\"
Fix: `FLOW014 = \"off\"`.",
    },
    Rule {
        code: Code::UnknownRuleInConfig,
        id: "FLOW502",
        name: "unknown-rule-in-config",
        severity: Severity::Error,
        summary: "a flowrun.toml names a rule that does not exist",
        doc: "\
What it checks: that every key of `[rules]` in `flowrun.toml` is a code (`FLOW014`) or a rule
name (`arrowhead-takes-id`) from `flowrun explain --list`.

Why: a misspelt code would turn nothing off; the diagnostic suggests the closest code.

Example:
    [rules]
    FLOW14 = \"off\"
Fix: `FLOW014 = \"off\"`.",
    },
    Rule {
        code: Code::RuleNotConfigurable,
        id: "FLOW503",
        name: "rule-not-configurable",
        severity: Severity::Error,
        summary: "a configuration or suppression tries to turn off a rule that cannot be",
        doc: "\
What it checks: that `flowrun.toml` and `%% flowrun: allow` comments only turn off or lower
rules that can be. Errors that stop a flow from being read, built or walked cannot: syntax
(FLOW001, FLOW003, FLOW004, FLOW005), building (FLOW010, FLOW012, FLOW016), the structure of the
decision graph (FLOW101-FLOW107), unreadable or invalid answers (FLOW301, FLOW303, FLOW304),
files and the command line (FLOW401-FLOW403, FLOW405, FLOW406), Graphviz (FLOW407,
FLOW408), configuration itself (FLOW501-FLOW503) and the limits (FLOW701-FLOW706). Setting
one of them to \"error\" is allowed and changes nothing.

Why: a flow with such an error has no meaning to walk; hiding the error would only move the
failure to `flowrun run`.

Example:
    [rules]
    cycle = \"off\"
Fix: remove the line, and fix the cycle in the flow.",
    },
    Rule {
        code: Code::InvalidSuppression,
        id: "FLOW504",
        name: "invalid-suppression",
        severity: Severity::Warning,
        summary: "a `%% flowrun:` comment is not a suppression flowrun understands",
        doc: "\
What it checks: that every comment line starting `%% flowrun:` reads `allow CODES` (the next
statement) or `allow-file CODES` (the whole file), where CODES are codes or rule names from
`flowrun explain --list`, separated by commas; a reason may follow ` -- `.

Why: a misspelt code or verb suppresses nothing, and the diagnostic it was meant for would come
back unexplained. The warning points at the word flowrun did not understand.

Example:
    %% flowrun: allow FLOW14
    A---oB
Fix: `%% flowrun: allow FLOW014`.",
    },
    Rule {
        code: Code::UnusedSuppression,
        id: "FLOW505",
        name: "unused-suppression",
        severity: Severity::Warning,
        summary: "a `%% flowrun: allow` comment suppresses nothing",
        doc: "\
What it checks: that every code in a `%% flowrun: allow` or `allow-file` comment suppresses at
least one diagnostic.

Why: a suppression left behind after the problem was fixed hides the next problem of that kind.
Turn this warning off in `flowrun.toml` (`unused-suppression = \"off\"`) if you prefer.

Example:
    %% flowrun: allow FLOW014
    A --> B
Fix: remove the comment, or the code that no longer applies.",
    },
    Rule {
        code: Code::MalformedTestFile,
        id: "FLOW601",
        name: "malformed-test-file",
        severity: Severity::Error,
        summary: "a test file is not valid TOML or YAML, or not in the shape of a test file",
        doc: "\
What it checks: that a test file (`X.tests.toml`, `X.tests.yaml` or `X.tests.yml`) parses, and
holds an optional `flow` (a path relative to the test file) and a list of `case` tables, each
with a `name`, optional `answers` (question id to answer label), `verdict` or `needs`, and an
optional `path` (a list of node ids). Unknown fields are refused, so a misspelt field is not
silently ignored.

Why: `flowrun test` cannot tell which cases were meant from a file it cannot read. It exits 2.

Example:
    [[case]]
    name = \"eligible\"
    verdit = \"eligible\"
Fix: `verdict = \"eligible\"`.",
    },
    Rule {
        code: Code::UnknownQuestionInTest,
        id: "FLOW602",
        name: "unknown-question-in-test",
        severity: Severity::Error,
        summary: "a test case answers a question the flow does not have",
        doc: "\
What it checks: that every key of a case's `answers` is the id of a question (a rhombus) in the
flow under test.

Why: in an answers file an unknown id is only a warning (FLOW302), but a test that answers a
question the flow does not have tests something other than what its author meant. The
diagnostic suggests the closest question id.

Example:
    answers = { us_canda = \"Yes\" }
Fix: `answers = { us_canada = \"Yes\" }`.",
    },
    Rule {
        code: Code::AnswerNotAnOptionInTest,
        id: "FLOW603",
        name: "answer-not-an-option-in-test",
        severity: Severity::Error,
        summary: "a test case gives an answer that is not one of the question's options",
        doc: "\
What it checks: that each answer in a case matches one of the labels on the question's edges,
as `flowrun run` matches them (case and surrounding space ignored, `true`/`false` for yes/no
labels), and is a label at all (not a list or a map).

Why: an answer that matches no edge cannot be followed, so the case could not run.

Example (the question `hipaa` has the answers Yes and No):
    answers = { hipaa = \"Yse\" }
Fix: `answers = { hipaa = \"Yes\" }`.",
    },
    Rule {
        code: Code::UnknownVerdictInTest,
        id: "FLOW604",
        name: "unknown-verdict-in-test",
        severity: Severity::Error,
        summary: "a test case expects a verdict the flow does not have",
        doc: "\
What it checks: that the `verdict` a case expects is the id of a verdict node (a node with no
way out) of the flow.

Why: a case expecting a verdict that cannot be reached would always fail, for a reason that has
nothing to do with the answers. The diagnostic suggests the closest verdict id.

Example:
    verdict = \"eligable\"
Fix: `verdict = \"eligible\"`.",
    },
    Rule {
        code: Code::UnknownPathNode,
        id: "FLOW605",
        name: "unknown-path-node",
        severity: Severity::Error,
        summary: "a test case's expected path names a node the flow does not have",
        doc: "\
What it checks: that every id in a case's `path` is a node of the flow.

Why: a path through a node that does not exist can never match; it is a typo or a node that was
renamed. The diagnostic suggests the closest id.

Example:
    path = [\"start\", \"us_canda\", \"twilio\"]
Fix: `path = [\"start\", \"us_canada\", \"twilio\"]`.",
    },
    Rule {
        code: Code::NeedsNotAQuestion,
        id: "FLOW606",
        name: "needs-not-a-question",
        severity: Severity::Error,
        summary: "a test case's `needs` names something that is not a question",
        doc: "\
What it checks: that the `needs` of a case (\"the walk stops, needing an answer to this\")
names a question of the flow.

Why: only a question can need an answer; any other id would make the case fail whatever the
answers. The diagnostic suggests the closest question id.

Example:
    needs = \"twilio\"
Fix: name a question, e.g. `needs = \"outside\"`, or expect the verdict: `verdict = \"twilio\"`.",
    },
    Rule {
        code: Code::AmbiguousExpectation,
        id: "FLOW607",
        name: "ambiguous-expectation",
        severity: Severity::Error,
        summary: "a test case expects both a verdict and a question, or neither",
        doc: "\
What it checks: that every case has exactly one expected outcome: `verdict = \"ID\"` (the walk
ends at this verdict) or `needs = \"QUESTION\"` (the walk stops at this unanswered question).

Why: a walk ends in one way only, so a case with both can never pass, and a case with neither
tests nothing.

Example:
    [[case]]
    name = \"not in the US\"
    answers = { us_canada = \"No\" }
Fix: add `verdict = \"twilio\"`.",
    },
    Rule {
        code: Code::DuplicateCaseName,
        id: "FLOW608",
        name: "duplicate-case-name",
        severity: Severity::Error,
        summary: "two cases of a test file have the same name",
        doc: "\
What it checks: that the cases of a test file have different names.

Why: reports (and CI test pages fed by `--format junit`) name a case by its name; two with one
name cannot be told apart, and one usually is a copy that was meant to be edited.

Example:
    [[case]]
    name = \"eligible\"
    ...
    [[case]]
    name = \"eligible\"
Fix: give the second case a name that says what it tests.",
    },
    Rule {
        code: Code::FlowTooLarge,
        id: "FLOW701",
        name: "flow-too-large",
        severity: Severity::Error,
        summary: "a flow file (or test file, or flowrun.toml) is larger than the size limit",
        doc: "\
What it checks: that a file flowrun reads as a flow, a test file or a configuration is at most
FLOWRUN_MAX_FLOW_BYTES bytes (default 512M, that is 512 MiB). The size is checked before the
file is read, and standard input is read only up to the limit.

Why: a file of gigabytes (or an endless one such as /dev/zero) would exhaust memory before
anything could be said about it. The default is far above a flow of a million nodes (about
100 MB); lower it where flowrun reads files from others.

Example:
    FLOWRUN_MAX_FLOW_BYTES=1K flowrun check flows/eligibility.flow
Fix: raise the limit, e.g. `FLOWRUN_MAX_FLOW_BYTES=2G flowrun check big.flow` (K, M and G
multiply by 1024), or split the flow.",
    },
    Rule {
        code: Code::TooManyNodes,
        id: "FLOW702",
        name: "too-many-nodes",
        severity: Severity::Error,
        summary: "a flow declares more nodes than the node limit",
        doc: "\
What it checks: that a flow has at most FLOWRUN_MAX_NODES nodes (default 5000000). The count is
checked while the flow is built; the statement that declares one node too many is underlined and
nothing after it is built.

Why: every node costs memory in the graph and in every pass over it; the limit bounds that cost
independently of the file size limit, since short ids make many nodes from few bytes.

Example:
    FLOWRUN_MAX_NODES=3 flowrun check flows/eligibility.flow
Fix: raise the limit, e.g. `FLOWRUN_MAX_NODES=20000000`, or split the flow.",
    },
    Rule {
        code: Code::LabelTooLong,
        id: "FLOW703",
        name: "label-too-long",
        severity: Severity::Error,
        summary: "a node id, node text, answer label or subgraph title is longer than the limit",
        doc: "\
What it checks: that every node id, node text (including `@{ }` data), answer label and subgraph
title is at most FLOWRUN_MAX_LABEL_BYTES bytes (default 4M, that is 4 MiB). The first character
of the first text over the limit is underlined.

Why: labels are copied into diagnostics, routes, DOT and Mermaid output and answer matching; a
text of many megabytes is almost certainly generated by mistake, and would make every report of
it that large.

Example:
    FLOWRUN_MAX_LABEL_BYTES=8 flowrun check flows/eligibility.flow
Fix: shorten the text (put details in a comment or a linked document), or raise the limit.",
    },
    Rule {
        code: Code::SubgraphsTooDeep,
        id: "FLOW704",
        name: "subgraphs-too-deep",
        severity: Severity::Error,
        summary: "subgraphs nest more deeply than the depth limit",
        doc: "\
What it checks: that subgraphs nest at most FLOWRUN_MAX_SUBGRAPH_DEPTH deep (default 50000).
The `subgraph` line that goes one level too deep is underlined.

Why: flowrun reads nested subgraphs without recursion, but the programs its output is given to
may not: Graphviz draws nested clusters recursively, and so does Mermaid. The limit keeps
pathological nesting out before it reaches them.

Example:
    FLOWRUN_MAX_SUBGRAPH_DEPTH=1 flowrun check nested.flow   (a subgraph inside a subgraph)
Fix: flatten the subgraphs, or raise the limit.",
    },
    Rule {
        code: Code::AnswersTooLarge,
        id: "FLOW705",
        name: "answers-too-large",
        severity: Severity::Error,
        summary: "an answers file is larger than the size limit",
        doc: "\
What it checks: that an answers file (`flowrun run FLOW ANSWERS`, `render --answers`) is at most
FLOWRUN_MAX_ANSWERS_BYTES bytes (default 64M, that is 64 MiB), checked before it is read;
answers from standard input are read only up to the limit.

Why: an answers file maps question ids to labels, so even a flow of a million questions needs
far less; a larger one is a mistake or an attack on memory.

Example:
    FLOWRUN_MAX_ANSWERS_BYTES=10 flowrun run flows/eligibility.flow flows/answers/eligible.json
Fix: raise the limit, e.g. `FLOWRUN_MAX_ANSWERS_BYTES=1G`.",
    },
    Rule {
        code: Code::InvalidLimit,
        id: "FLOW706",
        name: "invalid-limit",
        severity: Severity::Error,
        summary: "a FLOWRUN_MAX_* environment variable is not a number above 0",
        doc: "\
What it checks: that each limit set in the environment (FLOWRUN_MAX_FLOW_BYTES,
FLOWRUN_MAX_NODES, FLOWRUN_MAX_LABEL_BYTES, FLOWRUN_MAX_SUBGRAPH_DEPTH,
FLOWRUN_MAX_ANSWERS_BYTES) is a whole number above 0, optionally followed by K, M or G
(multiplying by 1024, 1024² or 1024³). An empty variable means the default.

Why: a limit that cannot be read must not silently become no limit, or the default; every
command stops with exit code 2 before reading anything.

Example:
    FLOWRUN_MAX_NODES=lots flowrun check flows/
Fix: `FLOWRUN_MAX_NODES=10000000`, or unset the variable.",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_every_code_has_a_rule() {
        let mut ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
        for rule in RULES {
            assert_eq!(rule.code.rule().id, rule.id);
            assert!(rule.doc.contains("What it checks"), "{}", rule.id);
            assert!(rule.doc.contains("Example"), "{}", rule.id);
        }
    }

    #[test]
    fn lookup_accepts_code_or_name_in_any_case() {
        assert_eq!(lookup("flow101").unwrap().code, Code::Cycle);
        assert_eq!(lookup("cycle").unwrap().code, Code::Cycle);
        assert!(lookup("FLOW999").is_none());
    }
}
