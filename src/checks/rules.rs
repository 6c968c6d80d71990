//! The rule catalogue: each code's [`Rule`], with the one-line summary and the doc that
//! `flowrun explain CODE` prints. The codes themselves (id, name, default severity) are one table
//! in [`crate::diagnostic::code`]. Each rule's entry is a `const` in the file that reports it (the
//! lint rules' in their own files under `src/checks/lint/`); [`rule`] is an exhaustive `match`
//! onto them, so a code without its entry does not build. Codes that only the command line
//! reports, which the library cannot reach, keep their entries in `rules/command_line.rs`.

mod command_line;

pub use crate::diagnostic::{Code, Rule};
use crate::{analyses, checks, evaluate, flow, input, syntax};

/// The catalogue entry of `code`.
#[must_use]
pub const fn rule(code: Code) -> &'static Rule {
    match code {
        Code::SyntaxError => &syntax::errors::SYNTAX_ERROR,
        Code::NotAFlowchart => &syntax::errors::NOT_A_FLOWCHART,
        Code::NotUtf8 => &input::NOT_UTF8,
        Code::InvalidNodeData => &syntax::node_data::INVALID_NODE_DATA,
        Code::ConflictingText => &flow::build::CONFLICTING_TEXT,
        Code::UnknownStyleTarget => &flow::build::UNKNOWN_STYLE_TARGET,
        Code::LinkStyleOutOfRange => &flow::build::LINK_STYLE_OUT_OF_RANGE,
        Code::DirectionSwallowsLine => &syntax::compat::DIRECTION_SWALLOWS_LINE,
        Code::ArrowheadTakesId => &syntax::compat::ARROWHEAD_TAKES_ID,
        Code::CommentReadAsNode => &syntax::compat::COMMENT_READ_AS_NODE,
        Code::AmbiguousSubgraphEndpoint => &flow::build::subgraphs::AMBIGUOUS_SUBGRAPH_ENDPOINT,
        Code::Cycle => &checks::structure::CYCLE,
        Code::QuestionWithoutAnswers => &checks::structure::QUESTION_WITHOUT_ANSWERS,
        Code::BranchingStep => &checks::structure::BRANCHING_STEP,
        Code::UnlabelledAnswer => &checks::structure::UNLABELLED_ANSWER,
        Code::DuplicateAnswer => &checks::structure::DUPLICATE_ANSWER,
        Code::NoStart => &checks::structure::NO_START,
        Code::SeveralStarts => &checks::structure::SEVERAL_STARTS,
        Code::UnreachableNode => &checks::lint::unreachable_node::RULE,
        Code::SingleAnswerQuestion => &checks::lint::single_answer_question::RULE,
        Code::NearDuplicateAnswer => &checks::lint::near_duplicate_answer::RULE,
        Code::DuplicateVerdict => &checks::lint::duplicate_verdict::RULE,
        Code::RepeatedQuestion => &checks::lint::repeated_question::RULE,
        Code::UnusedClassDef => &checks::lint::unused_class_def::RULE,
        Code::TypoId => &checks::lint::typo_id::RULE,
        Code::MangledLabel => &checks::lint::mangled_label::RULE,
        Code::AnswerNotAnOption => &evaluate::walk::ANSWER_NOT_AN_OPTION,
        Code::UnknownQuestion => &evaluate::walk::UNKNOWN_QUESTION,
        Code::MalformedAnswers => &evaluate::answers::MALFORMED_ANSWERS,
        Code::AnswerNotALabel => &evaluate::walk::ANSWER_NOT_A_LABEL,
        Code::AnswerForNonQuestion => &evaluate::walk::ANSWER_FOR_NON_QUESTION,
        Code::MalformedRecord => &evaluate::batch::record::MALFORMED_RECORD,
        Code::InvalidBatchInput => &evaluate::batch::input::INVALID_BATCH_INPUT,
        Code::InvalidAnswerOffRoute => &evaluate::walk::INVALID_ANSWER_OFF_ROUTE,
        Code::Io => &input::IO_ERROR,
        Code::UnknownCode => &command_line::UNKNOWN_CODE,
        Code::UnreadableRevision => &analyses::diff::git::UNREADABLE_REVISION,
        Code::FileExists => &command_line::FILE_EXISTS,
        Code::InvalidTypedAnswer => &command_line::INVALID_TYPED_ANSWER,
        Code::GraphvizNotFound => &command_line::GRAPHVIZ_NOT_FOUND,
        Code::GraphvizFailed => &command_line::GRAPHVIZ_FAILED,
        Code::InvalidConfig => &checks::config::INVALID_CONFIG,
        Code::UnknownRuleInConfig => &checks::config::UNKNOWN_RULE_IN_CONFIG,
        Code::RuleNotConfigurable => &checks::config::RULE_NOT_CONFIGURABLE,
        Code::InvalidSuppression => &checks::suppress::INVALID_SUPPRESSION,
        Code::UnusedSuppression => &checks::suppress::UNUSED_SUPPRESSION,
        Code::MalformedTestFile => &analyses::flow_tests::file::MALFORMED_TEST_FILE,
        Code::UnknownQuestionInTest => &analyses::flow_tests::check::UNKNOWN_QUESTION_IN_TEST,
        Code::AnswerNotAnOptionInTest => &analyses::flow_tests::check::ANSWER_NOT_AN_OPTION_IN_TEST,
        Code::UnknownVerdictInTest => &analyses::flow_tests::check::UNKNOWN_VERDICT_IN_TEST,
        Code::UnknownPathNode => &analyses::flow_tests::check::UNKNOWN_PATH_NODE,
        Code::NeedsNotAQuestion => &analyses::flow_tests::check::NEEDS_NOT_A_QUESTION,
        Code::AmbiguousExpectation => &analyses::flow_tests::check::AMBIGUOUS_EXPECTATION,
        Code::DuplicateCaseName => &analyses::flow_tests::check::DUPLICATE_CASE_NAME,
        Code::FlowTooLarge => &checks::limits::FLOW_TOO_LARGE,
        Code::TooManyNodes => &checks::limits::TOO_MANY_NODES,
        Code::LabelTooLong => &checks::limits::LABEL_TOO_LONG,
        Code::SubgraphsTooDeep => &checks::limits::SUBGRAPHS_TOO_DEEP,
        Code::AnswersTooLarge => &checks::limits::ANSWERS_TOO_LARGE,
        Code::InvalidLimit => &checks::limits::INVALID_LIMIT,
        Code::TooManyEdges => &checks::limits::TOO_MANY_EDGES,
    }
}

impl Code {
    /// This code's catalogue entry: [`rule`].
    #[must_use]
    pub const fn rule(self) -> &'static Rule {
        rule(self)
    }
}

/// Every rule, in the order of their codes ([`Code::ALL`]).
pub static RULES: &[Rule] = &all_rules();

const fn all_rules() -> [Rule; Code::ALL.len()] {
    let mut rules = [*rule(Code::ALL[0]); Code::ALL.len()];
    let mut i = 1;
    while i < rules.len() {
        rules[i] = *rule(Code::ALL[i]);
        i += 1;
    }
    rules
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_own_entry_in_the_order_of_the_codes() {
        assert_eq!(RULES.len(), Code::ALL.len());
        for (code, listed) in Code::ALL.iter().zip(RULES) {
            let rule = rule(*code);
            assert_eq!(rule.code, *code);
            assert_eq!(listed.code, *code);
            assert_eq!(rule.id, code.as_str());
            assert_eq!(rule.name, code.name());
            assert_eq!(rule.severity, code.severity());
        }
    }

    #[test]
    fn codes_are_unique_and_ascend_and_every_rule_is_documented() {
        for pair in RULES.windows(2) {
            assert!(
                pair[0].id < pair[1].id,
                "{} before {}",
                pair[0].id,
                pair[1].id
            );
        }
        for rule in RULES {
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

    #[test]
    fn retired_codes_name_no_rule() {
        for (code, _) in RETIRED {
            assert!(lookup(code).is_none(), "{code}");
        }
    }
}
