//! Bounds on the text a diagnostic carries. A message quotes what the user wrote (an answer, a
//! key, an id, a label), and that can be megabytes long; every diagnostic is printed in every
//! format, so each piece of it is cut to a bounded length, with a marker saying so.

use std::borrow::Cow;

/// The most characters of one piece of user text quoted in a message (`quote`).
pub(crate) const QUOTE_CHARS: usize = 80;

/// The most characters of a message or a hint; beyond them the text is cut (`bound`).
pub(crate) const MESSAGE_CHARS: usize = 2_000;

/// The most characters of the note drawn under a label.
pub(crate) const LABEL_CHARS: usize = 200;

/// User text to quote in a message: the text itself when it has at most [`QUOTE_CHARS`]
/// characters, else its first ones followed by `…`.
#[must_use]
pub(crate) fn quote(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => Cow::Borrowed(text),
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
    }
}

/// `text` with at most `max` characters kept: when longer, its first `max` characters followed
/// by `… (N more characters)`.
#[must_use]
pub(crate) fn bound(mut text: String, max: usize) -> String {
    if let Some((cut, _)) = text.char_indices().nth(max) {
        let rest = text[cut..].chars().count();
        text.truncate(cut);
        text.push_str(&format!("… ({rest} more characters)"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_and_long_text_cut_with_a_marker() {
        assert_eq!(quote("Yes"), "Yes");
        let long = "é".repeat(QUOTE_CHARS + 5);
        let quoted = quote(&long);
        assert_eq!(quoted.chars().count(), QUOTE_CHARS + 1);
        assert!(quoted.ends_with("é…"));
        assert_eq!(quote(&long[..QUOTE_CHARS * 2]), long[..QUOTE_CHARS * 2]);

        assert_eq!(bound("abc".to_owned(), 3), "abc");
        assert_eq!(bound("abcdé".to_owned(), 3), "abc… (2 more characters)");
    }
}
