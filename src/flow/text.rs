//! Every normalisation of a flow's texts, in one place. There are three meanings:
//! - display text ([`display`]): as a reader sees it; `<br/>` and real line breaks alike become
//!   `\n`, each line is trimmed, entity codes are decoded, and markdown backticks are dropped;
//! - keys that answers are matched by ([`answer_key`], [`match_key`], [`match_key_into`]):
//!   case and outer space do not count, and for matching a line break is a space;
//! - text on one line for messages and comparisons ([`one_line`], [`message_line`],
//!   [`words`]).

/// Normalises text as written between a shape's brackets or an edge's pipes.
#[must_use]
pub(crate) fn display(raw: &str) -> String {
    // Most labels are one plain line: nothing to normalise.
    if !raw.contains(['<', '#', '&', '\n', '\r', '`']) {
        return raw.trim().to_owned();
    }
    let mut text = raw.trim();
    // "`**bold**`" is a Mermaid markdown string: the backticks are delimiters.
    if text.len() >= 2 && text.starts_with('`') && text.ends_with('`') {
        text = &text[1..text.len() - 1];
    }
    let with_breaks = replace_br(text);
    let decoded = decode_entities(&with_breaks);
    let mut out = String::with_capacity(decoded.len());
    for (i, line) in decoded.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim());
    }
    out
}

/// [`display`] of a text that is no longer needed: most come back as they are, with no copy.
#[must_use]
pub(crate) fn display_owned(raw: String) -> String {
    if !raw.contains(['<', '#', '&', '\n', '\r', '`']) && raw.trim().len() == raw.len() {
        return raw;
    }
    display(&raw)
}

/// Normalises an answer label for matching: case and surrounding space do not count.
#[must_use]
pub(crate) fn answer_key(label: &str) -> String {
    label.trim().to_lowercase()
}

/// What an answer or a label is compared by: [`answer_key`] with line breaks as spaces, so the
/// option printed on one line is an answer that selects it.
#[must_use]
pub(crate) fn match_key(text: &str) -> String {
    let key = answer_key(text);
    if key.contains('\n') {
        key.replace('\n', " ")
    } else {
        key
    }
}

/// [`match_key`] into a buffer the caller reuses: ASCII text allocates nothing.
pub(crate) fn match_key_into(given: &str, out: &mut String) {
    out.clear();
    let trimmed = given.trim();
    if trimmed.is_ascii() {
        out.extend(trimmed.bytes().map(|b| match b {
            b'\n' => ' ',
            _ => char::from(b.to_ascii_lowercase()),
        }));
    } else {
        // Unicode lowercasing has context rules (a final sigma), so use the library's.
        out.push_str(&match_key(trimmed));
    }
}

/// Display text on one line, each line break a space, for messages and tables.
#[must_use]
pub(crate) fn one_line(text: &str) -> String {
    text.split('\n').collect::<Vec<_>>().join(" ")
}

/// A message on one line: line breaks of either kind become one space, blank lines vanish.
#[must_use]
#[cfg_attr(not(feature = "cli"), allow(dead_code))]
pub(crate) fn message_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text with every run of whitespace (line breaks included) as one space: for comparing texts
/// where only the words count, not where the lines break.
#[must_use]
pub(crate) fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// [`answer_key`] as bytes, into a buffer the caller reuses; ASCII labels build no `String`.
pub(crate) fn write_answer_key(label: &str, out: &mut Vec<u8>) {
    out.clear();
    if label.is_ascii() {
        out.extend(label.trim().bytes().map(|b| b.to_ascii_lowercase()));
    } else {
        out.extend_from_slice(answer_key(label).as_bytes());
    }
}

/// The items whose keys are equal, in groups of two or more: groups in the order of their first
/// members, members in the order given. `write_key` writes an item's key as bytes. Keys are
/// hashed and the hashes sorted, so items whose key no other item has (the common case) cost
/// one hash each, and memory is 16 bytes an item; `hashed` is scratch space to reuse.
pub(crate) fn repeated_keys<T: Copy>(
    items: &[T],
    mut write_key: impl FnMut(T, &mut Vec<u8>),
    hashed: &mut Vec<(u64, u32)>,
) -> Vec<Vec<T>> {
    use std::hash::BuildHasher;
    let hashing = foldhash::fast::FixedState::default();
    let mut key = Vec::new();
    hashed.clear();
    for (i, &item) in items.iter().enumerate() {
        write_key(item, &mut key);
        let position = u32::try_from(i).expect("fewer than 2^32 items");
        hashed.push((hashing.hash_one(key.as_slice()), position));
    }
    hashed.sort_unstable();
    let mut groups: Vec<(u32, Vec<T>)> = Vec::new();
    for run in hashed.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
        // The same hash: almost always the same key, but make sure.
        let mut keyed: Vec<(Vec<u8>, u32)> = run
            .iter()
            .map(|&(_, i)| {
                let mut key = Vec::new();
                write_key(items[i as usize], &mut key);
                (key, i)
            })
            .collect();
        keyed.sort_unstable();
        for same in keyed.chunk_by(|a, b| a.0 == b.0).filter(|s| s.len() > 1) {
            let members = same.iter().map(|&(_, i)| items[i as usize]).collect();
            groups.push((same[0].1, members));
        }
    }
    groups.sort_unstable_by_key(|g| g.0);
    groups.into_iter().map(|(_, members)| members).collect()
}

/// `<br>`, `<br/>` and `<br />` (any case) to `\n`.
fn replace_br(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(len) = br_tag_len(tail) {
            out.push('\n');
            rest = &tail[len..];
        } else {
            out.push('<');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

fn br_tag_len(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    if bytes.len() < 4 || !bytes[1..3].eq_ignore_ascii_case(b"br") {
        return None;
    }
    let mut i = 3;
    while i < bytes.len() && bytes[i] == b' ' {
        i += 1;
    }
    if bytes.get(i) == Some(&b'/') {
        i += 1;
    }
    (bytes.get(i) == Some(&b'>')).then_some(i + 1)
}

/// Mermaid's entity codes (`#quot;`, `#35;`, `#9829;`) and the HTML ones a label may hold
/// (`&quot;`, `&#35;`, `&#x23;`): Mermaid draws labels as HTML, so both show as the character.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['#', '&']) {
        out.push_str(&rest[..i]);
        let marker = &rest[i..=i];
        let tail = &rest[i + 1..];
        let decoded = tail.find(';').filter(|&end| end <= 12).and_then(|end| {
            let name = &tail[..end];
            let c = if marker == "&" {
                match name.strip_prefix('#') {
                    Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16)
                        .ok()
                        .and_then(char::from_u32),
                    Some(decimal) => entity(decimal),
                    None => entity(name),
                }
            } else {
                entity(name)
            };
            c.map(|c| (c, end + 1))
        });
        if let Some((c, used)) = decoded {
            out.push(c);
            rest = &tail[used..];
        } else {
            out.push_str(marker);
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if !name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()) {
        return name.parse::<u32>().ok().and_then(char::from_u32);
    }
    Some(match name {
        "quot" => '"',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "num" => '#',
        "semi" => ';',
        "colon" => ':',
        "lpar" => '(',
        "rpar" => ')',
        "lsqb" => '[',
        "rsqb" => ']',
        "lcub" => '{',
        "rcub" => '}',
        "verbar" => '|',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_key_bytes_are_the_answer_key() {
        let mut bytes = Vec::new();
        for label in [
            " Yes ",
            "NO",
            "\tMaybe\x0b",
            "Ünï",
            "\u{212a}",
            "x\u{a0}",
            "",
        ] {
            write_answer_key(label, &mut bytes);
            assert_eq!(bytes, answer_key(label).as_bytes(), "{label:?}");
        }
    }

    #[test]
    fn repeated_keys_come_in_the_order_written() {
        let items = ["b", "a", "B", "c", "A", "b ", "d"];
        let groups = repeated_keys(&items, write_answer_key, &mut Vec::new());
        assert_eq!(groups, [vec!["b", "B", "b "], vec!["a", "A"]]);
        let none = repeated_keys(&["x", "y"], write_answer_key, &mut Vec::new());
        assert!(none.is_empty());
    }

    #[test]
    fn line_breaks_written_either_way_read_the_same() {
        let a = display("Work directly with Twilio<br/>Manage phone numbers there");
        let b = display("Work directly with Twilio\n      Manage phone numbers there");
        let c = display("Work directly with Twilio<BR >Manage phone numbers there");
        assert_eq!(a, "Work directly with Twilio\nManage phone numbers there");
        assert_eq!(a, b);
        assert_eq!(a, c);
    }

    #[test]
    fn entities_and_markdown_are_decoded() {
        assert_eq!(display("say #quot;hi#quot; #35;1"), "say \"hi\" #1");
        assert_eq!(display("#unknown; stays"), "#unknown; stays");
        assert_eq!(
            display("&quot;a&quot; &#35;1 &#x41; &amp; B & C"),
            "\"a\" #1 A & B & C"
        );
        assert_eq!(display("`**bold**`"), "**bold**");
        assert_eq!(display("a < b"), "a < b");
    }

    #[test]
    fn answer_keys_ignore_case_and_surrounding_space() {
        assert_eq!(answer_key("  Yes "), answer_key("yes"));
    }
}
