//! FLOW208 mangled-label: text that Mermaid draws differently from how it is written, or from
//! how flowrun reads it.

use crate::diagnostic::{Code, Diagnostic, Rule};
use crate::flow::{Flow, text};

pub(crate) const RULE: Rule = Rule::new(
    Code::MangledLabel,
    "a text or label that Mermaid draws differently from how it reads",
    "\
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
);

/// Elements that Mermaid's sanitiser (DOMPurify, as in `interop/node_modules/dompurify`) does
/// not allow, so it removes them: `script` and `iframe` with their content.
const REMOVED_TAGS: &[&str] = &["script", "iframe", "object", "embed"];

/// Reads every node text and edge label once: O(size of the text).
pub fn check(flow: &Flow) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // What each text is (`Some(id)` for a node's): named only when it has a problem.
    let labels = flow
        .graph
        .node_weights()
        .filter_map(|n| Some((n.text_span?, n.text.as_str(), Some(n.id.as_str()))))
        .chain(
            flow.graph
                .edge_weights()
                .filter_map(|e| Some((e.label_span?, e.label.as_deref()?, None))),
        );
    for (span, shown, node) in labels {
        let raw = &flow.source.text[span.start..span.end];
        if let Some(problem) = problem(raw, shown) {
            let what = node.map_or_else(
                || "an edge label".to_owned(),
                |id| format!("the text of `{id}`"),
            );
            out.push(
                Diagnostic::new(Code::MangledLabel, format!("{what} {}", problem.message))
                    .label(span, problem.label)
                    .help(problem.help)
                    .in_file(&flow.source),
            );
        }
    }
    out
}

struct Problem {
    message: String,
    label: &'static str,
    help: String,
}

/// The first way Mermaid mangles `raw` (the text as written), which flowrun shows as `shown`.
fn problem(raw: &str, shown: &str) -> Option<Problem> {
    if !raw.contains(['<', '#', '\n', '\r']) && !contains_ignoring_case(raw, "javascript:") {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    if let Some(tag) = REMOVED_TAGS
        .iter()
        .find(|tag| lower.contains(&format!("<{tag}")))
    {
        return Some(Problem {
            message: format!("holds a `<{tag}>` element, which Mermaid's sanitiser removes"),
            label: "removed when drawn",
            help: "write the text without HTML, or with entity codes (`#lt;script#gt;`) if the \
                   characters are meant"
                .to_owned(),
        });
    }
    if has_event_attribute(&lower) || lower.contains("javascript:") {
        return Some(Problem {
            message: "holds a script (an `on...=` attribute or a `javascript:` link), which \
                      Mermaid removes"
                .to_owned(),
            label: "removed when drawn",
            help: "use a `click ID callback` line for behaviour, and plain text in the label"
                .to_owned(),
        });
    }
    if let Some(entity) = unknown_entity(raw) {
        let name = &entity[1..entity.len() - 1];
        return Some(Problem {
            message: format!(
                "holds `{entity}`, which flowrun shows as written but Mermaid turns into the \
                 HTML entity `&{name};`"
            ),
            label: "an entity flowrun does not decode",
            help: "use a numeric code (`#35;` for `#`, `#9829;` for a heart) or one of `#quot;`, \
                   `#amp;`, `#lt;`, `#gt;`, `#nbsp;`..."
                .to_owned(),
        });
    }
    if shown.starts_with('\n') || shown.ends_with('\n') {
        return Some(Problem {
            message: "starts or ends with a line break, which Mermaid draws as an empty line"
                .to_owned(),
            label: "an empty line when drawn",
            help: "remove the leading or trailing `<br/>`".to_owned(),
        });
    }
    None
}

/// Whether `text` holds `word` (ASCII, lower case) in any case, without a lower-case copy.
fn contains_ignoring_case(text: &str, word: &str) -> bool {
    text.as_bytes()
        .windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
}

/// ` onclick=`, `onerror =`... inside what looks like a tag.
fn has_event_attribute(lower: &str) -> bool {
    lower.split('<').skip(1).any(|tag| {
        let tag = tag.split('>').next().unwrap_or_default();
        tag.split_whitespace().skip(1).any(|attribute| {
            attribute.starts_with("on")
                && attribute[2..].split('=').next().is_some_and(|name| {
                    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphabetic())
                })
                && attribute.contains('=')
        })
    })
}

/// The first `#name;` that flowrun leaves as written: Mermaid rewrites every `#name;` to
/// `&name;` and lets the browser decode it, so the picture and the run disagree.
fn unknown_entity(raw: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(i) = raw[from..].find('#') {
        let start = from + i;
        let tail = &raw[start + 1..];
        let end = tail
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(tail.len());
        if end > 0 && tail[end..].starts_with(';') {
            let entity = &raw[start..start + end + 2];
            if text::display(entity) == entity {
                return Some(entity);
            }
        }
        from = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::lint::test_support::reported;

    #[test]
    fn javascript_is_found_in_any_case() {
        assert!(super::contains_ignoring_case(
            "a JavaScript:x",
            "javascript:"
        ));
        assert!(super::contains_ignoring_case("javascript:", "javascript:"));
        assert!(!super::contains_ignoring_case(
            "java script:",
            "javascript:"
        ));
        assert!(!super::contains_ignoring_case("js", "javascript:"));
    }

    #[test]
    fn each_kind_of_mangling_is_found() {
        let found = |raw: &str| problem(raw, &text::display(raw)).map(|p| p.label);
        assert_eq!(
            found("Hi <script>alert(1)</script>"),
            Some("removed when drawn")
        );
        assert_eq!(
            found("<b onclick=\"x()\">Hi</b>"),
            Some("removed when drawn")
        );
        assert_eq!(
            found("#hearts; love"),
            Some("an entity flowrun does not decode")
        );
        assert_eq!(found("<br/>Hello"), Some("an empty line when drawn"));
        assert_eq!(found("Hello<br>"), Some("an empty line when drawn"));
        for fine in [
            "a<br/>b",
            "#quot;hi#quot; #35;1",
            "<b>bold</b> one",
            "C# 10; D",
            "x",
        ] {
            assert_eq!(found(fine), None, "{fine}");
        }
    }

    #[test]
    fn node_texts_and_edge_labels_are_read() {
        let text =
            "flowchart TD\nS --> Q{Ready?<br/>}\nQ -->|#check; Yes| A[Go]\nQ -->|No| B[Wait]\n";
        assert_eq!(reported(text, Code::MangledLabel).len(), 2);
    }
}
