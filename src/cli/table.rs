//! Plain-text tables for terminal output.
//!
//! Widths are terminal columns ([`UnicodeWidthStr`]): a CJK character takes two, a combining
//! mark none, so names in any script line up.

use unicode_width::UnicodeWidthStr;

/// Formats rows as columns separated by two spaces; numeric-looking cells are right-aligned.
pub fn render(header: &[&str], rows: &[Vec<String>]) -> String {
    let cols = header.len();
    let mut width: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(cols) {
            width[i] = width[i].max(cell.width());
        }
    }
    let numeric = |s: &str| !s.is_empty() && s.parse::<f64>().is_ok();
    let line = |cells: Vec<&str>| {
        let mut out = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let pad = width[i].saturating_sub(cell.width());
            if i > 0 {
                out.push_str("  ");
            }
            if numeric(cell) {
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
}
