//! Plain-text tables for terminal output.
//!
//! Widths are terminal columns ([`UnicodeWidthStr`]): a CJK character takes two, a combining
//! mark none, so names in any script line up.

use unicode_width::UnicodeWidthStr;

/// A number as our tables print them: `12`, `-0.5`, `41.7%`, `1,024`. Not `4e07` (an annotator
/// id that Rust's float parser would take) nor `inf`.
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let s = s.strip_suffix('%').unwrap_or(s);
    s.starts_with(|c: char| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// Formats rows as columns separated by two spaces. The first column names the row and is
/// left-aligned; another column is right-aligned when every cell in it is a number (or `n/a`,
/// `—` or empty, which a number column may hold).
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let cols = header.len();
    let mut width: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            width[i] = width[i].max(cell.width());
        }
    }
    let numeric_col: Vec<bool> = (0..cols)
        .map(|i| {
            i > 0
                && rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .all(|c| matches!(c.as_str(), "" | "n/a" | "—") || is_number(c))
        })
        .collect();
    let mut is_header = true;
    let mut line = |cells: Vec<&str>| {
        let header_line = std::mem::take(&mut is_header);
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = width[i].saturating_sub(cell.width());
            if i > 0 {
                out.push_str("  ");
            }
            if numeric_col[i] && !header_line {
                out.push_str(&" ".repeat(pad));
                out.push_str(cell);
            } else {
                out.push_str(cell);
                if i + 1 < cells.len() {
                    out.push_str(&" ".repeat(pad));
                }
            }
        }
        out.push('\n');
        out
    };
    let mut out = line(header.to_vec());
    out.push_str(&line(
        width
            .iter()
            .map(|w| "─".repeat(*w))
            .collect::<Vec<_>>()
            .iter()
            .map(String::as_str)
            .collect(),
    ));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_and_combining_characters_line_up() {
        let rows = vec![
            vec!["王小明".to_owned(), "12".to_owned()],
            vec!["José".to_owned(), "3".to_owned()],
            vec!["e\u{301}ve".to_owned(), "0.5".to_owned()],
        ];
        let out = render(&["annotator", "frames"], &rows);
        let expected = "\
annotator  frames
─────────  ──────
王小明         12
José            3
e\u{301}ve           0.5
";
        assert_eq!(out, expected);
    }

    #[test]
    fn names_that_parse_as_numbers_stay_left_aligned() {
        // Issue 12: PolNeAR's annotator "4e07" is 40000000 to a float parser.
        let rows = vec![
            vec!["4e07".to_owned(), "inf".to_owned(), "1,024".to_owned()],
            vec!["2016".to_owned(), "x".to_owned(), "n/a".to_owned()],
            vec!["ef2d".to_owned(), "nan".to_owned(), "41.7%".to_owned()],
        ];
        let out = render(&["annotator", "note", "frames"], &rows);
        let expected = "\
annotator  note  frames
─────────  ────  ──────
4e07       inf    1,024
2016       x        n/a
ef2d       nan    41.7%
";
        assert_eq!(out, expected);
    }
}
