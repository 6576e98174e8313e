//! Exact and approximate search of a quote in a text: the algorithms, without the policy.
//!
//! [`find_all`] finds every exact occurrence (overlapping ones too) with `memchr::memmem` on the
//! UTF-8 bytes and converts the byte offsets through the text's offset index; [`approximate_ends`]
//! is Sellers' edit-distance search and [`best_start`] finds, for one end, the start needing the
//! fewest edits. All positions are code points.

use memchr::memmem;

use crate::model::{Span, Text};

/// Code point starts of every occurrence of `pattern` in `text`, overlapping ones included, in
/// order. UTF-8 is self-synchronising, so a byte match of a whole pattern is always on a char
/// boundary.
pub fn find_all(text: &Text, pattern: &str) -> Vec<usize> {
    let Some(first) = pattern.chars().next() else {
        return Vec::new();
    };
    let hay = text.as_str().as_bytes();
    let finder = memmem::Finder::new(pattern.as_bytes());
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(b) = finder.find(&hay[from..]).map(|b| from + b) {
        // Invariant: a match starts on a char boundary (see above).
        if let Some(c) = text.char_of_byte(b) {
            out.push(c);
        }
        from = b + first.len_utf8();
    }
    out
}

/// Sellers' algorithm: end positions (exclusive) where `pattern` matches a substring of `text`
/// with at most `k` edits, keeping only local minima of the distance.
pub fn approximate_ends(text: &[char], pattern: &[char], k: usize) -> Vec<(usize, usize)> {
    let m = pattern.len();
    let mut col: Vec<usize> = (0..=m).collect();
    let mut out: Vec<(usize, usize)> = Vec::new();
    // The best end of the current run of consecutive ends within `k` edits.
    let mut run: Option<(usize, usize)> = None;
    for (j, &c) in text.iter().enumerate() {
        let mut diag = col[0];
        col[0] = 0; // D[0][j] = 0: a match may start anywhere
        for i in 1..=m {
            let above = col[i];
            let sub = diag + usize::from(pattern[i - 1] != c);
            col[i] = sub.min(above + 1).min(col[i - 1] + 1);
            diag = above;
        }
        let (end, d) = (j + 1, col[m]);
        run = match run {
            _ if d > k => {
                out.extend(run);
                None
            }
            Some(best) if best.1 <= d => Some(best),
            _ => Some((end, d)),
        };
    }
    out.extend(run);
    out
}

/// The start for a match ending at `end` that needs the fewest edits (ties: length closest to
/// the pattern's). One backward edit-distance pass over the pattern and the window before `end`
/// gives the distance for every start at once: O(m · (m + errors)), not one distance per start.
pub fn best_start(text: &[char], pattern: &[char], end: usize, errors: usize) -> (Span, usize) {
    let m = pattern.len();
    let lo = end.saturating_sub(m + errors);
    let hi = end.saturating_sub(m.saturating_sub(errors)).min(end);
    // row[j] = edit distance between the pattern's last i chars and text[end - j..end]; after
    // all m rows it is the distance between the whole pattern and text[end - j..end].
    let width = end - lo;
    let mut row: Vec<usize> = (0..=width).collect();
    for (i, &pc) in pattern.iter().rev().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for j in 1..=width {
            let above = row[j];
            let sub = diag + usize::from(pc != text[end - j]);
            row[j] = sub.min(above + 1).min(row[j - 1] + 1);
            diag = above;
        }
    }
    let mut best = (Span::new(end.saturating_sub(m), end), usize::MAX);
    for start in lo..=hi {
        let d = row[end - start];
        let closer = (end - start).abs_diff(m) < best.0.len().abs_diff(m);
        if d < best.1 || (d == best.1 && closer) {
            best = (Span::new(start, end), d);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass `best_start` against a distance computed for each start separately.
    #[test]
    fn best_start_equals_the_distance_of_each_start() {
        let text: Vec<char> = "xx Iran warnd 😀 伊朗 that tlaks may resume, Cafe\u{301} said"
            .chars()
            .collect();
        let pattern: Vec<char> = "Iran warned 😀 伊朗 that talks may resume"
            .chars()
            .collect();
        let k = crate::model::anchor::max_errors(pattern.len());
        let ends = approximate_ends(&text, &pattern, k);
        assert!(!ends.is_empty());
        for (end, errors) in ends {
            let m = pattern.len();
            let (lo, hi) = (
                end.saturating_sub(m + errors),
                end - m.saturating_sub(errors),
            );
            let mut naive = (Span::new(end.saturating_sub(m), end), usize::MAX);
            for start in lo..=hi {
                let d = strsim::generic_levenshtein(&pattern, &text[start..end].to_vec());
                if d < naive.1
                    || (d == naive.1 && (end - start).abs_diff(m) < naive.0.len().abs_diff(m))
                {
                    naive = (Span::new(start, end), d);
                }
            }
            assert_eq!(best_start(&text, &pattern, end, errors), naive);
        }
    }

    #[test]
    fn sellers_finds_local_minima() {
        let text: Vec<char> = "xx abcdef yy abXdef zz".chars().collect();
        let pat: Vec<char> = "abcdef".chars().collect();
        let ends = approximate_ends(&text, &pat, 1);
        let best: Vec<_> = ends.iter().filter(|e| e.1 == 0).collect();
        assert_eq!(best, vec![&(9, 0)]);
        assert!(ends.iter().any(|&(e, d)| e == 19 && d == 1), "{ends:?}");
    }

    #[test]
    fn find_all_counts_code_points_and_finds_overlapping_occurrences() {
        // emoji (astral), CJK, a combining mark and CRLF before the matches
        let t = Text::new("😀日\u{301}\r\naaa 伊朗 aa");
        assert_eq!(find_all(&t, "aa"), vec![5, 6, 12]);
        assert_eq!(find_all(&t, "伊朗"), vec![9]);
        assert_eq!(find_all(&t, "\r\na"), vec![3]);
        assert_eq!(find_all(&t, "b"), Vec::<usize>::new());
        assert_eq!(find_all(&t, ""), Vec::<usize>::new());
    }
}
