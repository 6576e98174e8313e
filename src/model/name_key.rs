//! Name keys: the normalised form under which the surface names of one entity meet.
//!
//! "Foreign Ministry of Iran", "Iran's foreign ministry" and "the Iranian Foreign Ministry" are
//! written differently but name one source. [`NameKey::of`] maps a name to a key; two names with
//! equal keys are taken as the same name by the registry (its uniqueness invariants), by
//! `entities --adopt` (matching per-file entities to registry entries) and by the corpus views
//! (grouping unlinked sources). [`NameKey::similarity`] scores near-matches for proposals.
//!
//! The rules, applied in this order (English news text; other languages keep their words):
//! 1. words are the Unicode words of the name (UAX #29: punctuation and symbols between words
//!    are dropped, "U.S." and "Iran's" stay one word each; words that touch, like the
//!    ideographs of "東京都庁", stay one word), lower-cased;
//! 2. possessives go: a final `'s` (or `’s`) and a final `'` after `s` are removed, then the dots
//!    and apostrophes left inside a word ("u.s" → "us", "o'brien" → "obrien");
//! 3. the articles "the", "a" and "an" are dropped;
//! 4. "of" inversions: `HEAD of MODIFIER` becomes `MODIFIER HEAD`, split at the last "of" and
//!    repeated on the head ("minister of foreign affairs of iran" → "iran foreign affairs
//!    minister");
//! 5. the words are joined by single spaces.
//!
//! A name with no word left (only punctuation, or only "the") keys to its trimmed lower-case
//! text, so that it still groups with its own spelling.

use serde::{Serialize, Serializer};
use unicode_segmentation::UnicodeSegmentation;

/// Names whose keys score at least this in [`NameKey::similarity`] are proposed as the same.
pub const NEAR_MATCH: f64 = 0.8;

/// The normalised form of an entity name (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameKey(String);

impl NameKey {
    /// The key of `name`.
    pub fn of(name: &str) -> NameKey {
        let mut words: Vec<String> = Vec::new();
        // Words that touch (ideographs, which UAX #29 splits one by one) stay one word.
        let mut end = usize::MAX;
        for (at, raw) in name.unicode_word_indices() {
            let touches = at == end;
            end = at + raw.len();
            let w = raw
                .to_lowercase()
                .replace(['\u{2019}', '\u{2018}', '\u{02bc}'], "'");
            let w = w
                .strip_suffix("'s")
                .or_else(|| w.strip_suffix("s'").map(|_| &w[..w.len() - 1]))
                .unwrap_or(&w);
            let w: String = w.chars().filter(|c| *c != '.' && *c != '\'').collect();
            if w.is_empty() || matches!(w.as_str(), "the" | "a" | "an") {
                continue;
            }
            match words.last_mut() {
                Some(last) if touches => last.push_str(&w),
                _ => words.push(w),
            }
        }
        let ordered = invert_of(&words);
        if ordered.is_empty() {
            return NameKey(name.trim().to_lowercase());
        }
        NameKey(ordered.join(" "))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How alike two keys are, from 0 (nothing in common) to 1 (equal): the normalised
    /// Damerau-Levenshtein similarity of the keys, or of their words in sorted order when that
    /// is higher ("foreign ministry iran" and "iran foreign ministry" score 1).
    pub fn similarity(&self, other: &NameKey) -> f64 {
        if self == other {
            return 1.0;
        }
        let direct = strsim::normalized_damerau_levenshtein(&self.0, &other.0);
        let sorted = |k: &str| {
            let mut w: Vec<&str> = k.split(' ').collect();
            w.sort_unstable();
            w.join(" ")
        };
        direct.max(strsim::normalized_damerau_levenshtein(
            &sorted(&self.0),
            &sorted(&other.0),
        ))
    }

    /// Whether [`NameKey::similarity`] could reach `threshold`: a cheap test on the lengths
    /// alone (the edit distance is at least the difference in length), for pruning pairs.
    pub fn may_reach(&self, other: &NameKey, threshold: f64) -> bool {
        let (a, b) = (self.0.chars().count(), other.0.chars().count());
        let longest = a.max(b);
        longest == 0 || 1.0 - a.abs_diff(b) as f64 / longest as f64 >= threshold
    }
}

impl std::fmt::Display for NameKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for NameKey {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// `HEAD of MODIFIER` → `MODIFIER HEAD`, split at the last "of", repeated on the head. A
/// leading or trailing "of" is dropped.
fn invert_of(words: &[String]) -> Vec<&str> {
    match words.iter().rposition(|w| w == "of") {
        None => words.iter().map(String::as_str).collect(),
        Some(at) => {
            let mut out: Vec<&str> = words[at + 1..].iter().map(String::as_str).collect();
            out.extend(invert_of(&words[..at]));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        NameKey::of(s).0
    }

    #[test]
    fn the_rules_one_by_one() {
        assert_eq!(key("Foreign Ministry of Iran"), "iran foreign ministry");
        assert_eq!(key("Iran's foreign ministry"), "iran foreign ministry");
        assert_eq!(key("Iran’s Foreign Ministry"), "iran foreign ministry");
        assert_eq!(key("the Foreign Ministry of Iran"), "iran foreign ministry");
        assert_eq!(key("The Wall Street Journal"), "wall street journal");
        assert_eq!(
            key("the Wall Street Journal (WSJ)"),
            "wall street journal wsj"
        );
        assert_eq!(key("U.S. officials"), "us officials");
        assert_eq!(key("the ministers' statement"), "ministers statement");
        assert_eq!(
            key("Minister of Foreign Affairs of Iran"),
            "iran foreign affairs minister"
        );
        assert_eq!(key("  Donald   TRUMP "), "donald trump");
        assert_eq!(key("Bank of"), "bank");
    }

    #[test]
    fn other_scripts_keep_their_words() {
        assert_eq!(key("東京都庁"), "東京都庁");
        assert_eq!(
            key("Министерство иностранных дел"),
            "министерство иностранных дел"
        );
        // A combining accent stays inside its word.
        assert_eq!(
            key("Re\u{301}sume\u{301} Office"),
            "re\u{301}sume\u{301} office"
        );
    }

    #[test]
    fn a_name_without_words_keys_to_itself() {
        assert_eq!(key("The"), "the");
        assert_eq!(key(" — "), "—");
        assert_eq!(key("😀"), "😀");
    }

    #[test]
    fn similarity_of_near_names() {
        let a = NameKey::of("Iranian foreign ministry");
        let b = NameKey::of("Iran's foreign ministry");
        // "iranian foreign ministry" vs "iran foreign ministry": 3 deletions over 24 letters.
        assert!((a.similarity(&b) - (1.0 - 3.0 / 24.0)).abs() < 1e-9);
        assert!(a.similarity(&b) >= NEAR_MATCH);
        let c = NameKey::of("foreign ministry Iran");
        assert_eq!(c.similarity(&b), 1.0, "word order alone does not count");
        // "iran" vs "iraq": one substitution in four letters.
        assert_eq!(NameKey::of("Iran").similarity(&NameKey::of("Iraq")), 0.75);
        assert!(!NameKey::of("Iran").may_reach(&NameKey::of("Iran foreign ministry"), 0.8));
        assert!(a.may_reach(&b, 0.8));
    }
}
