//! "Did you mean ...?": the closest candidate by edit distance, when it is close enough.

/// The candidate nearest to `word`, if it is plausibly a typo of it.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::normalized_damerau_levenshtein(&word_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|&(score, _)| score >= 0.5)
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
    }
}
