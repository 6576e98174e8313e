//! The immutable text of a document and its offset index.
//!
//! Offsets everywhere in stancemark are code points (see [`crate::model::span`]). egui lays text
//! out by UTF-8 byte ranges and JavaScript/Java formats count UTF-16 units, so [`Text`] owns the
//! only conversions: [`Text::byte_of`], [`Text::char_of_byte`] and [`Text::utf16_of`]. Each is
//! O(1) for ASCII text and otherwise a checkpoint lookup plus a scan of at most
//! [`CHECKPOINT`] − 1 code points — never a scan from the start of a megabyte document.
//!
//! Line endings are kept exactly as loaded: CRLF is two code points.

use std::sync::{Arc, OnceLock};

use super::Span;

/// Distance, in code points, between two stored byte-offset checkpoints. 16 keeps the scan short
/// (saving a file converts every quote's context bounds) for 1 byte of index per code point.
pub const CHECKPOINT: usize = 16;

/// Document text with O(1)-ish code point ↔ byte ↔ UTF-16 conversion. Cheap to clone (shared).
///
/// The index is built on the first conversion, not on creation: a project's annotation file
/// embeds a copy of its document's text that is only compared with the document, never indexed.
#[derive(Clone)]
pub struct Text {
    inner: Arc<Inner>,
}

struct Inner {
    text: String,
    index: OnceLock<Index>,
}

struct Index {
    /// Number of code points.
    chars: usize,
    /// `bytes[i]` = byte offset of code point `i * CHECKPOINT`; empty when the text is ASCII.
    bytes: Vec<usize>,
    /// `utf16[i]` = UTF-16 offset of code point `i * CHECKPOINT`; empty when no char is outside
    /// the Basic Multilingual Plane (then UTF-16 offset == code point offset).
    utf16: Vec<usize>,
}

impl Index {
    /// One pass over the bytes of valid UTF-8: a code point starts at every byte that is not a
    /// continuation byte (`10xxxxxx`), and a lead byte `11110xxx` starts a code point outside the
    /// Basic Multilingual Plane (two UTF-16 units).
    fn of(text: &str) -> Index {
        if text.is_ascii() {
            return Index {
                chars: text.len(),
                bytes: Vec::new(),
                utf16: Vec::new(),
            };
        }
        let mut chars = 0;
        let mut bytes = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut utf16 = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut astral = false;
        let mut u16_pos = 0;
        for (b, &byte) in text.as_bytes().iter().enumerate() {
            if byte & 0xC0 == 0x80 {
                continue;
            }
            if chars % CHECKPOINT == 0 {
                bytes.push(b);
                utf16.push(u16_pos);
            }
            let four_bytes = byte >= 0xF0;
            astral |= four_bytes;
            u16_pos += 1 + usize::from(four_bytes);
            chars += 1;
        }
        if !astral {
            utf16 = Vec::new();
        }
        Index {
            chars,
            bytes,
            utf16,
        }
    }
}

impl Text {
    pub fn new(text: impl Into<String>) -> Self {
        Text {
            inner: Arc::new(Inner {
                text: text.into(),
                index: OnceLock::new(),
            }),
        }
    }

    fn index(&self) -> &Index {
        self.inner.index.get_or_init(|| Index::of(&self.inner.text))
    }

    pub fn as_str(&self) -> &str {
        &self.inner.text
    }

    /// Length in code points.
    pub fn len_chars(&self) -> usize {
        self.index().chars
    }

    pub fn is_empty(&self) -> bool {
        self.inner.text.is_empty()
    }

    /// Byte offset of code point `pos`; `pos == len_chars()` gives the byte length.
    /// Returns `None` past the end.
    pub fn byte_of(&self, pos: usize) -> Option<usize> {
        let index = self.index();
        if pos > index.chars {
            return None;
        }
        if index.bytes.is_empty() {
            return Some(pos); // ASCII (or empty): bytes == code points
        }
        // At the very end (pos == chars, a multiple of CHECKPOINT) there is no checkpoint `k`.
        let k = (pos / CHECKPOINT).min(index.bytes.len() - 1);
        let base = index.bytes[k];
        let rest = pos - k * CHECKPOINT;
        let text = &self.inner.text;
        Some(match text[base..].char_indices().nth(rest) {
            Some((b, _)) => base + b,
            None => text.len(),
        })
    }

    /// Code point offset of byte offset `byte`, which must lie on a char boundary.
    pub fn char_of_byte(&self, byte: usize) -> Option<usize> {
        let text = &self.inner.text;
        if byte > text.len() || !text.is_char_boundary(byte) {
            return None;
        }
        let index = self.index();
        if index.bytes.is_empty() {
            return Some(byte);
        }
        let k = match index.bytes.binary_search(&byte) {
            Ok(k) => return Some(k * CHECKPOINT),
            Err(k) => k - 1, // bytes[0] == 0, so k >= 1 here
        };
        Some(k * CHECKPOINT + text[index.bytes[k]..byte].chars().count())
    }

    /// Byte range of a code point span, or `None` when it leaves the text or is inverted.
    pub fn byte_range(&self, span: Span) -> Option<std::ops::Range<usize>> {
        if !span.is_valid() {
            return None;
        }
        Some(self.byte_of(span.start)?..self.byte_of(span.end)?)
    }

    /// The text of a code point span (Python `text[start:end]`), or `None` when out of range.
    pub fn slice(&self, span: Span) -> Option<&str> {
        let r = self.byte_range(span)?;
        Some(&self.inner.text[r])
    }

    /// UTF-16 offset of code point `pos` (for formats that count UTF-16 units).
    pub fn utf16_of(&self, pos: usize) -> Option<usize> {
        let index = self.index();
        if pos > index.chars {
            return None;
        }
        if index.utf16.is_empty() {
            return Some(pos);
        }
        let k = (pos / CHECKPOINT).min(index.utf16.len() - 1);
        let start_byte = self.byte_of(k * CHECKPOINT)?;
        let end_byte = self.byte_of(pos)?;
        let extra: usize = self.inner.text[start_byte..end_byte]
            .chars()
            .map(char::len_utf16)
            .sum();
        Some(index.utf16[k] + extra)
    }

    /// Code point offset of UTF-16 offset `unit`, or `None` if it is past the end or splits a
    /// surrogate pair.
    pub fn char_of_utf16(&self, unit: usize) -> Option<usize> {
        let index = self.index();
        if index.utf16.is_empty() {
            return (unit <= index.chars).then_some(unit);
        }
        let k = match index.utf16.binary_search(&unit) {
            Ok(k) => return Some(k * CHECKPOINT),
            Err(k) => k - 1,
        };
        let mut u = index.utf16[k];
        let mut pos = k * CHECKPOINT;
        let from = self.byte_of(pos)?;
        for c in self.inner.text[from..].chars() {
            if u == unit {
                return Some(pos);
            }
            if u > unit {
                return None;
            }
            u += c.len_utf16();
            pos += 1;
        }
        (u == unit).then_some(pos)
    }

    /// Code point offsets of paragraph starts: 0 and every position right after a line break
    /// (`\n`, or a lone `\r`). Used to split long documents for display.
    pub fn line_starts(&self) -> Vec<usize> {
        let mut starts = vec![0];
        let mut prev_cr = false;
        for (i, c) in self.as_str().chars().enumerate() {
            match c {
                '\n' => starts.push(i + 1),
                '\r' => {}
                _ if prev_cr => starts.push(i),
                _ => {}
            }
            prev_cr = c == '\r';
        }
        if prev_cr {
            starts.push(self.len_chars());
        }
        starts
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Text")
            .field("chars", &self.len_chars())
            .field("bytes", &self.inner.text.len())
            .finish()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner) || self.as_str() == other.as_str()
    }
}
impl Eq for Text {}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive_byte(s: &str, pos: usize) -> Option<usize> {
        let n = s.chars().count();
        if pos > n {
            return None;
        }
        Some(s.char_indices().nth(pos).map(|(b, _)| b).unwrap_or(s.len()))
    }

    #[test]
    fn mixed_scripts() {
        // emoji (astral), CJK, combining mark, CRLF
        let s = "a😀b日本\u{301}e\r\nz";
        let t = Text::new(s);
        assert_eq!(t.len_chars(), 10);
        assert_eq!(t.slice(Span::new(1, 2)), Some("😀"));
        assert_eq!(t.slice(Span::new(3, 5)), Some("日本"));
        assert_eq!(t.slice(Span::new(7, 9)), Some("\r\n"));
        assert_eq!(t.slice(Span::new(9, 10)), Some("z"));
        assert_eq!(t.slice(Span::new(9, 11)), None);
        assert_eq!(t.utf16_of(2), Some(3), "the emoji is two UTF-16 units");
        assert_eq!(t.char_of_utf16(3), Some(2));
        assert_eq!(t.char_of_utf16(2), None, "splits a surrogate pair");
        assert_eq!(t.line_starts(), vec![0, 9]);
    }

    #[test]
    fn line_starts_lone_cr() {
        assert_eq!(Text::new("a\rb\n\nc\r").line_starts(), vec![0, 2, 4, 5, 7]);
        assert_eq!(Text::new("").line_starts(), vec![0]);
    }

    proptest! {
        #[test]
        fn conversions_agree_with_naive(s in "(a|é|日|😀|\u{301}|\r\n|\n| ){0,300}") {
            let t = Text::new(s.clone());
            let n = s.chars().count();
            prop_assert_eq!(t.len_chars(), n);
            for pos in 0..=n + 1 {
                let b = naive_byte(&s, pos);
                prop_assert_eq!(t.byte_of(pos), b);
                if let Some(b) = b {
                    prop_assert_eq!(t.char_of_byte(b), Some(pos));
                    let u: usize = s[..b].chars().map(char::len_utf16).sum();
                    prop_assert_eq!(t.utf16_of(pos), Some(u));
                    prop_assert_eq!(t.char_of_utf16(u), Some(pos));
                }
            }
        }
    }
}
