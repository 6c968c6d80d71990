//! Mermaid's flowchart keywords in one table: which words its lexer reads as a keyword, and
//! where. The parser's compatibility checks, the plain-line reader and the formatter each ask
//! this table, so they cannot disagree about a word.

/// One keyword and the places Mermaid's lexer treats it as one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Keyword {
    pub(crate) word: &'static str,
    /// It may start a statement that flowrun's grammar tries before a chain (`style a ...`),
    /// so a line starting with it is not a plain chain line.
    pub(crate) starts_statement: bool,
    /// An id starting with it and then a non-word character is read as the keyword
    /// (`end-1` is `end` then `-1`).
    pub(crate) reserved_in_ids: bool,
    /// It is a keyword only when whitespace or the end of the text follows it (`click`).
    pub(crate) only_before_space: bool,
    /// In an unbracketed subgraph title it ends the title or breaks the line.
    pub(crate) breaks_titles: bool,
}

const fn kw(
    word: &'static str,
    starts_statement: bool,
    reserved_in_ids: bool,
    only_before_space: bool,
    breaks_titles: bool,
) -> Keyword {
    Keyword {
        word,
        starts_statement,
        reserved_in_ids,
        only_before_space,
        breaks_titles,
    }
}

/// Every keyword. `flowchart-elk` comes before `flowchart` so that the longer one is found
/// first.
pub(crate) const KEYWORDS: &[Keyword] = &[
    //   word            statement ids    space  titles
    kw("flowchart-elk", false, true, false, false),
    kw("flowchart", false, true, false, true),
    kw("graph", false, true, false, true),
    kw("subgraph", true, true, false, true),
    kw("end", true, true, false, true),
    kw("style", true, true, false, true),
    kw("linkStyle", true, true, false, true),
    kw("classDef", true, true, false, true),
    kw("class", true, true, false, true),
    kw("click", true, false, true, true),
    kw("call", false, false, true, true),
    kw("href", false, false, true, true),
    kw("interpolate", false, true, false, true),
    kw("default", false, false, false, true),
    kw("direction", false, false, false, true),
    kw("accTitle", true, false, false, true),
    kw("accDescr", true, false, false, true),
    kw("_self", false, true, false, true),
    kw("_blank", false, true, false, true),
    kw("_parent", false, true, false, true),
    kw("_top", false, true, false, true),
];

/// Whether `text` starts with a word that may start a keyword statement.
pub(crate) fn starts_with_statement_keyword(text: &[u8]) -> bool {
    KEYWORDS
        .iter()
        .any(|k| k.starts_statement && text.starts_with(k.word.as_bytes()))
}

/// The keyword Mermaid reads an id as, if any: one reserved in ids that the id starts with,
/// followed by a non-word character or nothing; or a word that is a keyword before whitespace,
/// when `followed_by_space` (whitespace or the end of the text comes after the id).
pub(crate) fn read_as_keyword(id: &str, followed_by_space: bool) -> Option<&'static str> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    KEYWORDS
        .iter()
        .find(|k| {
            if k.only_before_space {
                followed_by_space && id == k.word
            } else {
                k.reserved_in_ids
                    && id
                        .strip_prefix(k.word)
                        .is_some_and(|rest| !rest.starts_with(is_word))
            }
        })
        .map(|k| k.word)
}

/// Whether `word` ends or breaks an unbracketed subgraph title.
pub(crate) fn breaks_titles(word: &str) -> bool {
    KEYWORDS.iter().any(|k| k.breaks_titles && k.word == word)
}

/// Whether `word` is a keyword only when whitespace or the end follows it.
pub(crate) fn only_before_space(word: &str) -> bool {
    KEYWORDS
        .iter()
        .any(|k| k.only_before_space && k.word == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_as_keywords() {
        assert_eq!(read_as_keyword("end", false), Some("end"));
        assert_eq!(read_as_keyword("end-1", false), Some("end"));
        assert_eq!(read_as_keyword("endless", false), None);
        assert_eq!(
            read_as_keyword("flowchart-elk", false),
            Some("flowchart-elk")
        );
        assert_eq!(read_as_keyword("click", true), Some("click"));
        assert_eq!(read_as_keyword("click", false), None);
        assert_eq!(read_as_keyword("clicks", true), None);
        assert_eq!(read_as_keyword("node", true), None);
    }

    #[test]
    fn statement_starts_and_titles() {
        assert!(starts_with_statement_keyword(b"style a fill:#fff"));
        assert!(starts_with_statement_keyword(b"accDescr: x"));
        assert!(!starts_with_statement_keyword(b"graph TD"));
        assert!(breaks_titles("direction"));
        assert!(!breaks_titles("flowchart-elk"));
        assert!(only_before_space("href"));
        assert!(!only_before_space("end"));
    }
}
