//! "Did you mean ...?": the closest candidate by edit distance, when it is close enough.

/// Each suggestion compares a word with every candidate, so a file with thousands of unknown ids
/// makes suggestions for the first this many only: enough to show the pattern of a typo.
pub(crate) const MAX_SUGGESTIONS: usize = 16;

/// The candidate nearest to `word`, if it is plausibly a typo of it.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        // Lengths far apart cannot be close: skip them before the costly comparison, so one
        // lookup among a million ids stays cheap.
        .filter(|c| c.len().abs_diff(word.len()) <= word.len() / 3 + 1)
        .filter_map(|c| {
            let c_lower = c.to_lowercase();
            let distance = strsim::damerau_levenshtein(&word_lower, &c_lower);
            let score = strsim::normalized_damerau_levenshtein(&word_lower, &c_lower);
            // One slip (`Yse`, `hipa`), or most of the word right.
            let near = (distance <= 1 && c_lower.len() > 1) || score >= 0.7;
            near.then_some((score, c))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_only_near_misses() {
        let ids = ["us_canada", "outside", "analytics", "hipaa"];
        assert_eq!(closest("hipa", ids), Some("hipaa"));
        assert_eq!(closest("Outsde", ids), Some("outside"));
        assert_eq!(closest("zzz", ids), None);
        assert_eq!(closest("Yse", ["Yes", "No"]), Some("Yes"));
        assert_eq!(closest("maybe", ["Yes", "No"]), None);
    }
}
