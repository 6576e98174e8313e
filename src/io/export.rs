//! What every exporter takes and returns, and the check every export runs on its own output.
//!
//! An exporter is a pure function from documents with one annotation set each to the files of
//! its format (name relative to the output, contents). [`crate::project`] calls the format's
//! `verify` on those contents before it writes them: the bytes are parsed as the format's reader
//! parses them, every span is located again in that format's own offset unit and its text
//! compared with the document, so an export never writes or reports shifted offsets.

use super::json_out::JsonOut;
use crate::model::{AnnotationSet, Document, Text};

/// One document and the annotation set to export for it.
#[derive(Debug, Clone, Copy)]
pub struct ExportItem<'a> {
    pub document: &'a Document,
    pub set: &'a AnnotationSet,
}

/// One output file: a name relative to the output path (empty for "the output file itself")
/// and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutFile {
    pub name: String,
    pub contents: String,
}

impl OutFile {
    pub fn new(name: impl Into<String>, contents: impl Into<String>) -> Self {
        OutFile {
            name: name.into(),
            contents: contents.into(),
        }
    }
}

/// What an export produced, for its report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub documents: usize,
    pub frames: usize,
    /// Spans whose text was checked against the document after reading the output back.
    pub spans_checked: usize,
    pub warnings: Vec<String>,
}

impl ExportSummary {
    /// "1 document, 2 frames", for the reports of the command and the workbench.
    pub fn counts(&self) -> String {
        format!(
            "{}, {}",
            counted(self.documents, "document", "documents"),
            counted(self.frames, "frame", "frames")
        )
    }
}

/// `n` and the noun, plural unless `n` is 1 ("1 frame", "0 frames", "2 entities").
pub fn counted(n: usize, one: &str, many: &str) -> String {
    match n {
        1 => format!("1 {one}"),
        _ => format!("{n} {many}"),
    }
}

/// Checks that `text[start:end]` in code points equals `expected`; the message names `place`.
pub fn check_chars(
    text: &Text,
    start: usize,
    end: usize,
    expected: &str,
    place: &str,
) -> Result<(), String> {
    match text.slice(crate::model::Span::new(start, end)) {
        Some(found) if found == expected => Ok(()),
        Some(found) => Err(format!(
            "{place}: [{start}, {end}) holds {found:?}, expected {expected:?}"
        )),
        None => Err(format!(
            "{place}: [{start}, {end}) is not inside the text ({} code points)",
            text.len_chars()
        )),
    }
}

/// `f` of contiguous, about equal shares of `items`, one share per core, each on its own
/// scoped thread; the results in the items' order. Exporters and checks split their work per
/// document with it and join the parts in order, so the output does not depend on the number
/// of cores. A panic in `f` is raised again on the calling thread.
pub(crate) fn per_share<T: Sync, R: Send>(items: &[T], f: impl Fn(&[T]) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let shares = cores.min(items.len());
    if shares <= 1 {
        return vec![f(items)];
    }
    let size = items.len().div_ceil(shares);
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(size)
            .map(|share| s.spawn(move || f(share)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// `written` cut into about one piece per core, each cut right before a line that starts with
/// `head` (any line for `""`), with the number of lines before the piece: pieces a check can
/// read on its own and name lines in as in the whole file.
pub(crate) fn line_shares<'a>(written: &'a str, head: &str) -> Vec<(usize, &'a str)> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let bytes = written.as_bytes();
    let needle = format!("\n{head}");
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    let mut pieces = Vec::with_capacity(cores);
    let (mut start, mut lines) = (0, 0);
    for k in 1..cores {
        let aim = (written.len() * k / cores).max(start);
        let Some(at) = finder.find(&bytes[aim..]) else {
            break;
        };
        let cut = aim + at + 1; // after the line break
        let piece = &written[start..cut];
        pieces.push((lines, piece));
        lines += memchr::memchr_iter(b'\n', piece.as_bytes()).count();
        start = cut;
    }
    pieces.push((lines, &written[start..]));
    pieces
}

/// A JSON Lines file: one line per item, written by `line` in compact form on every core and
/// joined in order. Each core's buffer is sized up front for the text (escaped) and `per_frame`
/// bytes per frame.
pub(crate) fn json_lines(
    items: &[ExportItem],
    per_frame: usize,
    line: impl Fn(&mut JsonOut, &ExportItem) + Sync,
) -> Vec<OutFile> {
    let parts = per_share(items, |share| {
        let capacity = share
            .iter()
            .map(|it| {
                it.document.text.as_str().len() * 11 / 10 + per_frame * it.set.frames().len() + 256
            })
            .sum();
        let mut w = JsonOut::compact(String::with_capacity(capacity));
        for it in share {
            line(&mut w, it);
            w.out.push('\n');
        }
        w.into_string()
    });
    vec![OutFile::new("", parts.concat())]
}

/// `check(piece, before)` of every piece of [`line_shares`] of `written` (with the number of
/// lines above it), on every core: the sum of what they return (spans checked), or the first
/// error in file order.
pub(crate) fn check_line_shares(
    written: &str,
    head: &str,
    check: impl Fn(&str, usize) -> Result<usize, String> + Sync,
) -> Result<usize, String> {
    let shares = line_shares(written, head);
    per_share(&shares, |share| {
        share
            .iter()
            .map(|&(before, piece)| check(piece, before))
            .sum::<Result<usize, String>>()
    })
    .into_iter()
    .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_say_one_in_the_singular() {
        assert_eq!(counted(1, "entity", "entities"), "1 entity");
        assert_eq!(counted(0, "entity", "entities"), "0 entities");
        assert_eq!(counted(2, "frame", "frames"), "2 frames");
        let s = ExportSummary {
            documents: 1,
            frames: 25,
            ..Default::default()
        };
        assert_eq!(s.counts(), "1 document, 25 frames");
    }

    #[test]
    fn shares_keep_the_order_of_the_items() {
        let items: Vec<u32> = (0..101).collect();
        let sums = per_share(&items, |s| s.iter().sum::<u32>());
        assert_eq!(sums.iter().sum::<u32>(), 5050);
        let joined: Vec<u32> = per_share(&items, <[u32]>::to_vec).concat();
        assert_eq!(joined, items);
        assert_eq!(per_share(&[] as &[u32], <[u32]>::len), vec![0]);
    }

    #[test]
    fn line_shares_cut_before_a_head_and_count_the_lines_before() {
        let text = "H a\nx\ny\nH b\nz\nH c\n";
        let pieces = line_shares(text, "H ");
        assert_eq!(pieces.iter().map(|p| p.1).collect::<String>(), text);
        let mut start = 0;
        for (before, piece) in &pieces {
            // Every piece starts at a head, and `before` counts the lines above it.
            assert!(piece.starts_with("H "), "{piece:?}");
            assert_eq!(*before, text[..start].matches('\n').count());
            start += piece.len();
        }
        assert_eq!(line_shares("", ""), vec![(0, "")]);
    }
}
