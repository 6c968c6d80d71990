//! The diagnostic codes: every problem flowrun reports has one stable code, with a name and a
//! default severity. This is the table of codes only; what each rule checks, its summary and the
//! doc that `flowrun explain CODE` prints are its [`Rule`] entry, kept in the file that reports
//! it and gathered by the catalogue in `src/checks/rules.rs`.
//!
//! `FLOW0xx`: reading and parsing; `FLOW01x`: building the graph; `FLOW1xx`: the structure of
//! the decision graph; `FLOW2xx`: lint, likely mistakes in a flow that builds (`src/checks/lint/`, one
//! file per rule); `FLOW3xx`: answer files; `FLOW4xx`: files; `FLOW5xx`: configuration
//! (`flowrun.toml`) and `%% flowrun:` suppression comments; `FLOW6xx`: test files
//! (`X.tests.toml`, read by `flowrun test`); `FLOW7xx`: limits, inputs too large to read safely
//! (`src/checks/limits.rs`). Codes are never reused:
//! FLOW002 (unsupported-syntax, for Mermaid that early versions did not read) was retired when
//! flowrun learned the whole flowchart language.

use super::Severity;

/// Generates [`Code`] and its table methods from one table: `Variant, "FLOWnnn", "name",
/// Severity;`, one row per code, in the order of the codes. Each variant's doc is made from its
/// row.
/// "an error" or "a warning", for the generated docs.
macro_rules! severity_word {
    (Error) => {
        "an error"
    };
    (Warning) => {
        "a warning"
    };
}

macro_rules! codes {
    ($($variant:ident, $id:literal, $name:literal, $severity:ident;)*) => {
        /// A stable diagnostic code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = concat!(
                    "`", $id, "` (`", $name, "`), ", severity_word!($severity),
                    " by default: `flowrun explain ", $id, "` says what it checks."
                )]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in the order of their ids.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// The code as written: `FLOW101`.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $id,)*
                }
            }

            /// The rule's name: `cycle`.
            #[must_use]
            pub const fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity its diagnostics have unless `flowrun.toml` sets another.
            #[must_use]
            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

codes! {
    SyntaxError,               "FLOW001", "syntax-error",                 Error;
    NotAFlowchart,             "FLOW003", "not-a-flowchart",              Error;
    NotUtf8,                   "FLOW004", "not-utf8",                     Error;
    InvalidNodeData,           "FLOW005", "invalid-node-data",            Error;
    ConflictingText,           "FLOW010", "conflicting-text",             Error;
    UnknownStyleTarget,        "FLOW011", "unknown-style-target",         Warning;
    LinkStyleOutOfRange,       "FLOW012", "link-style-out-of-range",      Error;
    DirectionSwallowsLine,     "FLOW013", "direction-swallows-line",      Warning;
    ArrowheadTakesId,          "FLOW014", "arrowhead-takes-id",           Warning;
    CommentReadAsNode,         "FLOW015", "comment-read-as-node",         Warning;
    AmbiguousSubgraphEndpoint, "FLOW016", "ambiguous-subgraph-endpoint",  Error;
    Cycle,                     "FLOW101", "cycle",                        Error;
    QuestionWithoutAnswers,    "FLOW102", "question-without-answers",     Error;
    BranchingStep,             "FLOW103", "branching-step",               Error;
    UnlabelledAnswer,          "FLOW104", "unlabelled-answer",            Error;
    DuplicateAnswer,           "FLOW105", "duplicate-answer",             Error;
    NoStart,                   "FLOW106", "no-start",                     Error;
    SeveralStarts,             "FLOW107", "several-starts",               Error;
    UnreachableNode,           "FLOW201", "unreachable-node",             Warning;
    SingleAnswerQuestion,      "FLOW202", "single-answer-question",       Warning;
    NearDuplicateAnswer,       "FLOW203", "near-duplicate-answer",        Warning;
    DuplicateVerdict,          "FLOW204", "duplicate-verdict",            Warning;
    RepeatedQuestion,          "FLOW205", "repeated-question",            Warning;
    UnusedClassDef,            "FLOW206", "unused-class-def",             Warning;
    TypoId,                    "FLOW207", "typo-id",                      Warning;
    MangledLabel,              "FLOW208", "mangled-label",                Warning;
    AnswerNotAnOption,         "FLOW301", "answer-not-an-option",         Error;
    UnknownQuestion,           "FLOW302", "unknown-question",             Warning;
    MalformedAnswers,          "FLOW303", "malformed-answers",            Error;
    AnswerNotALabel,           "FLOW304", "answer-not-a-label",           Error;
    AnswerForNonQuestion,      "FLOW305", "answer-for-non-question",      Warning;
    MalformedRecord,           "FLOW306", "malformed-record",             Error;
    InvalidBatchInput,         "FLOW307", "invalid-batch-input",          Error;
    InvalidAnswerOffRoute,     "FLOW308", "invalid-answer-off-route",     Warning;
    Io,                        "FLOW401", "io-error",                     Error;
    UnknownCode,               "FLOW402", "unknown-code",                 Error;
    UnreadableRevision,        "FLOW403", "unreadable-revision",          Error;
    FileExists,                "FLOW405", "file-exists",                  Error;
    InvalidTypedAnswer,        "FLOW406", "invalid-typed-answer",         Error;
    GraphvizNotFound,          "FLOW407", "graphviz-not-found",           Error;
    GraphvizFailed,            "FLOW408", "graphviz-failed",              Error;
    InvalidConfig,             "FLOW501", "invalid-config",               Error;
    UnknownRuleInConfig,       "FLOW502", "unknown-rule-in-config",       Error;
    RuleNotConfigurable,       "FLOW503", "rule-not-configurable",        Error;
    InvalidSuppression,        "FLOW504", "invalid-suppression",          Warning;
    UnusedSuppression,         "FLOW505", "unused-suppression",           Warning;
    MalformedTestFile,         "FLOW601", "malformed-test-file",          Error;
    UnknownQuestionInTest,     "FLOW602", "unknown-question-in-test",     Error;
    AnswerNotAnOptionInTest,   "FLOW603", "answer-not-an-option-in-test", Error;
    UnknownVerdictInTest,      "FLOW604", "unknown-verdict-in-test",      Error;
    UnknownPathNode,           "FLOW605", "unknown-path-node",            Error;
    NeedsNotAQuestion,         "FLOW606", "needs-not-a-question",         Error;
    AmbiguousExpectation,      "FLOW607", "ambiguous-expectation",        Error;
    DuplicateCaseName,         "FLOW608", "duplicate-case-name",          Error;
    FlowTooLarge,              "FLOW701", "flow-too-large",               Error;
    TooManyNodes,              "FLOW702", "too-many-nodes",               Error;
    LabelTooLong,              "FLOW703", "label-too-long",               Error;
    SubgraphsTooDeep,          "FLOW704", "subgraphs-too-deep",           Error;
    AnswersTooLarge,           "FLOW705", "answers-too-large",            Error;
    InvalidLimit,              "FLOW706", "invalid-limit",                Error;
    TooManyEdges,              "FLOW707", "too-many-edges",               Error;
}

/// What `flowrun explain` knows about a code: its entry in the catalogue.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The code it reports under.
    pub code: Code,
    /// The code as written: `FLOW101` (the code's [`Code::as_str`]).
    pub id: &'static str,
    /// The rule's name, as `flowrun.toml` and `%% flowrun: allow` comments name it: `cycle`.
    pub name: &'static str,
    /// Its default severity (the code's [`Code::severity`]).
    pub severity: Severity,
    /// One line saying what the rule reports, under the heading of `flowrun explain CODE` and
    /// in `flowrun explain --list`.
    pub summary: &'static str,
    /// What it checks, why, and an example; plain text.
    pub doc: &'static str,
}

impl Rule {
    /// The entry of `code`: its id, name and severity from the table above, with its one-line
    /// summary and its doc.
    #[must_use]
    pub const fn new(code: Code, summary: &'static str, doc: &'static str) -> Rule {
        Rule {
            code,
            id: code.as_str(),
            name: code.name(),
            severity: code.severity(),
            summary,
            doc,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_ascend_and_ids_and_names_are_unique() {
        for pair in Code::ALL.windows(2) {
            assert!(pair[0].as_str() < pair[1].as_str(), "{:?}", pair);
            assert!(
                pair[0] < pair[1],
                "{:?}: variants in the order of their ids",
                pair
            );
        }
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        for code in Code::ALL {
            let id = code.as_str();
            assert!(
                id.len() == 7
                    && id.starts_with("FLOW")
                    && id[4..].bytes().all(|b| b.is_ascii_digit()),
                "{id}"
            );
        }
    }
}
