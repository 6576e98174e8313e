//! Text direction of paragraphs and the visual order of a line, by the Unicode Bidirectional
//! Algorithm (UAX #9, through the `unicode-bidi` crate). Pure: no pixels, no egui.
//!
//! - [`ParagraphBidi::new`] resolves a paragraph's embedding levels once; its base
//!   [`Direction`] comes from its first strong character (rules P2/P3), unless the document's
//!   [`DirectionSetting`] forces one (a text that starts with a Latin name but is Arabic).
//! - [`ParagraphBidi::visual_runs`] gives the runs of one laid-out line (rules L1/L2): logical
//!   code-point ranges, in visual order from left to right, each with its direction.
//! - [`VisualLine`] places a line's characters from their advance widths (logical order) and is
//!   the one mapping between logical offsets and x positions: the x ranges a logical range
//!   covers (several pieces when it crosses a direction boundary), the caret x of an offset and
//!   the offset nearest to an x.
//!
//! All offsets are document-independent code points relative to the paragraph text given,
//! half-open; the caller adds the paragraph's start. A purely left-to-right paragraph is one run
//! and maps exactly as plain left-to-right text does.

use std::ops::Range;

use unicode_bidi::{Level, ParagraphBidiInfo};

/// Which way a paragraph or a run of text reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Ltr,
    Rtl,
}

impl Direction {
    fn of(level: Level) -> Direction {
        if level.is_rtl() {
            Direction::Rtl
        } else {
            Direction::Ltr
        }
    }
}

/// The document's text direction, chosen in View ▸ Text direction; kept in the session, not
/// in the annotation file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DirectionSetting {
    /// Each paragraph from its first strong character (left to right when it has none).
    #[default]
    Automatic,
    LeftToRight,
    RightToLeft,
}

impl DirectionSetting {
    pub const ALL: [DirectionSetting; 3] = [
        DirectionSetting::Automatic,
        DirectionSetting::LeftToRight,
        DirectionSetting::RightToLeft,
    ];

    pub fn label(self) -> &'static str {
        match self {
            DirectionSetting::Automatic => "Automatic",
            DirectionSetting::LeftToRight => "Left to right",
            DirectionSetting::RightToLeft => "Right to left",
        }
    }

    fn level(self) -> Option<Level> {
        match self {
            DirectionSetting::Automatic => None,
            DirectionSetting::LeftToRight => Some(Level::ltr()),
            DirectionSetting::RightToLeft => Some(Level::rtl()),
        }
    }
}

/// The base direction of a paragraph under `setting`.
pub fn base_direction(text: &str, setting: DirectionSetting) -> Direction {
    match setting {
        DirectionSetting::LeftToRight => Direction::Ltr,
        DirectionSetting::RightToLeft => Direction::Rtl,
        DirectionSetting::Automatic => match unicode_bidi::get_base_direction(text) {
            unicode_bidi::Direction::Rtl => Direction::Rtl,
            _ => Direction::Ltr,
        },
    }
}

/// Whether `text` holds a character that can make it other than purely left to right: a letter
/// or digit of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko, …, their
/// presentation forms, and the historic scripts of U+10800–U+10FFF and U+1E800–U+1EFFF) or a
/// right-to-left bidi control. A cheap scan that lets left-to-right text (CJK, emoji and curly
/// quotes included) skip the Bidirectional Algorithm.
pub fn may_hold_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32,
            0x0590..=0x08FF
            | 0xFB1D..=0xFDFF
            | 0xFE70..=0xFEFF
            | 0x10800..=0x10FFF
            | 0x1E800..=0x1EFFF
            | 0x200F | 0x202B | 0x202E | 0x2067)
    })
}

/// `text` (one line) rearranged for a renderer that shapes each word in its own direction but
/// places words left to right in the order given (egui's labels): the words of right-to-left
/// runs in visual order, each word's letters still in text order, mirrored brackets swapped.
/// Only for showing; never stored or copied. Text with nothing right to left comes back as is.
pub fn display_order(text: &str) -> std::borrow::Cow<'_, str> {
    if !may_hold_rtl(text) {
        return text.into();
    }
    let p = ParagraphBidi::new(text, DirectionSetting::Automatic);
    if p.is_pure_ltr() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    for run in p.visual_runs(0..p.len_chars()) {
        let piece = &text[p.bytes[run.range.start]..p.bytes[run.range.end]];
        match run.direction {
            Direction::Ltr => out.push_str(piece),
            Direction::Rtl => {
                let mut tokens: Vec<String> = Vec::new();
                for c in piece.chars() {
                    let alone = !c.is_alphanumeric() && !is_mark(c);
                    match tokens.last_mut() {
                        Some(t)
                            if !alone
                                && t.chars()
                                    .last()
                                    .is_some_and(|l| l.is_alphanumeric() || is_mark(l)) =>
                        {
                            t.push(c)
                        }
                        _ => tokens.push(mirror(c).to_string()),
                    }
                }
                tokens.iter().rev().for_each(|t| out.push_str(t));
            }
        }
    }
    out.into()
}

/// Combining marks (Arabic harakat, Hebrew points) stay with their letter.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06ED)
}

/// The mirrored form of a bracket drawn in right-to-left text.
fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        c => c,
    }
}

/// A run of one direction within a line: logical code points `range`, drawn as a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisualRun {
    pub range: Range<usize>,
    pub direction: Direction,
}

/// A paragraph's resolved bidi levels.
pub struct ParagraphBidi<'a> {
    info: ParagraphBidiInfo<'a>,
    /// Byte offset of each code point, and the text's length last.
    bytes: Vec<usize>,
}

impl<'a> ParagraphBidi<'a> {
    /// Resolves the levels of one paragraph (text without its line break).
    pub fn new(text: &'a str, setting: DirectionSetting) -> Self {
        let info = ParagraphBidiInfo::new(text, setting.level());
        let bytes = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        ParagraphBidi { info, bytes }
    }

    /// Length in code points.
    pub fn len_chars(&self) -> usize {
        self.bytes.len() - 1
    }

    pub fn direction(&self) -> Direction {
        Direction::of(self.info.paragraph_level)
    }

    /// Whether every character is at a left-to-right level (nothing to reorder).
    pub fn is_pure_ltr(&self) -> bool {
        !self.info.has_rtl() && self.direction() == Direction::Ltr
    }

    /// The direction of code point `i`'s resolved level (before the line rules), left to right
    /// past the end.
    pub fn direction_at(&self, i: usize) -> Direction {
        match self.bytes.get(i) {
            Some(&b) if i < self.len_chars() => Direction::of(self.info.levels[b]),
            _ => Direction::Ltr,
        }
    }

    fn char_of_byte(&self, b: usize) -> usize {
        self.bytes.partition_point(|&x| x < b)
    }

    /// The runs of the line of code points `line` (clamped to the paragraph) in visual order,
    /// left to right. An empty line has no runs.
    pub fn visual_runs(&self, line: Range<usize>) -> Vec<VisualRun> {
        let n = self.len_chars();
        let (a, b) = (line.start.min(n), line.end.min(n));
        if a >= b {
            return Vec::new();
        }
        if self.is_pure_ltr() {
            return vec![VisualRun {
                range: a..b,
                direction: Direction::Ltr,
            }];
        }
        let (levels, runs) = self.info.visual_runs(self.bytes[a]..self.bytes[b]);
        runs.into_iter()
            .filter(|r| !r.is_empty())
            .map(|r| VisualRun {
                direction: Direction::of(levels[r.start]),
                range: self.char_of_byte(r.start)..self.char_of_byte(r.end),
            })
            .collect()
    }
}

/// One laid-out line: where each of its characters sits, from the visual runs and the advance
/// width of each character.
#[derive(Debug, Clone, PartialEq)]
pub struct VisualLine {
    /// Pieces in visual order: a run and the left x of each of its characters (logical order)
    /// plus the run's right end last.
    pieces: Vec<Piece>,
    start: usize,
    end: usize,
}

#[derive(Debug, Clone, PartialEq)]
struct Piece {
    run: VisualRun,
    /// Left edge of each character of the run, in logical order.
    left: Vec<f32>,
    /// Right edge of each character, in logical order.
    right: Vec<f32>,
}

impl VisualLine {
    /// Places the characters of a line. `runs` from [`ParagraphBidi::visual_runs`] for the code
    /// points `line`; `advance(i)` is the width of code point `i` (paragraph-relative); the
    /// line starts at `x0`.
    pub fn new(
        runs: &[VisualRun],
        line: Range<usize>,
        x0: f32,
        advance: impl Fn(usize) -> f32,
    ) -> Self {
        let mut x = x0;
        let mut pieces = Vec::with_capacity(runs.len());
        for run in runs {
            let n = run.range.len();
            let mut left = vec![0.0; n];
            let mut right = vec![0.0; n];
            let order: Box<dyn Iterator<Item = usize>> = match run.direction {
                Direction::Ltr => Box::new(0..n),
                Direction::Rtl => Box::new((0..n).rev()),
            };
            for k in order {
                left[k] = x;
                x += advance(run.range.start + k).max(0.0);
                right[k] = x;
            }
            pieces.push(Piece {
                run: run.clone(),
                left,
                right,
            });
        }
        VisualLine {
            pieces,
            start: line.start,
            end: line.end.max(line.start),
        }
    }

    /// Width of the line.
    pub fn width(&self) -> f32 {
        match (self.pieces.first(), self.pieces.last()) {
            (Some(f), Some(l)) => edge_max(l) - edge_min(f),
            _ => 0.0,
        }
    }

    /// The x ranges covered by the logical code points `range`, left to right: one per run it
    /// touches (a range crossing a direction boundary gives several).
    pub fn x_ranges(&self, range: Range<usize>) -> Vec<(f32, f32)> {
        let mut out: Vec<(f32, f32)> = Vec::new();
        for p in &self.pieces {
            let a = range.start.max(p.run.range.start);
            let b = range.end.min(p.run.range.end);
            if a >= b {
                continue;
            }
            let (ka, kb) = (a - p.run.range.start, b - p.run.range.start);
            let x0 = p.left[ka..kb].iter().copied().fold(f32::INFINITY, f32::min);
            let x1 = p.right[ka..kb]
                .iter()
                .copied()
                .fold(f32::NEG_INFINITY, f32::max);
            // Neighbouring pieces that touch become one rectangle.
            match out.last_mut() {
                Some(last) if (last.1 - x0).abs() < 0.01 => last.1 = x1,
                _ => out.push((x0, x1)),
            }
        }
        out
    }

    /// The x of the caret before logical code point `pos` (after the line's last character
    /// when `pos` is its end): the leading edge of that character in its run's direction.
    pub fn caret_x(&self, pos: usize) -> f32 {
        for p in &self.pieces {
            if p.run.range.contains(&pos) {
                let k = pos - p.run.range.start;
                return match p.run.direction {
                    Direction::Ltr => p.left[k],
                    Direction::Rtl => p.right[k],
                };
            }
        }
        // The end of the line: after the logically last character.
        for p in &self.pieces {
            if p.run.range.end == pos && pos > p.run.range.start {
                let k = pos - 1 - p.run.range.start;
                return match p.run.direction {
                    Direction::Ltr => p.right[k],
                    Direction::Rtl => p.left[k],
                };
            }
        }
        self.pieces.first().map_or(0.0, edge_min)
    }

    /// The logical offset of the caret nearest to `x`: before the character under `x` when `x`
    /// is on its leading half, after it otherwise; past either end of the line, the offset at
    /// that end.
    pub fn offset_at(&self, x: f32) -> usize {
        let (Some(first), Some(last)) = (self.pieces.first(), self.pieces.last()) else {
            return self.start;
        };
        let edge = |p: &Piece, left_end: bool| {
            // The logical offset at the left or right end of a piece.
            match (p.run.direction, left_end) {
                (Direction::Ltr, true) | (Direction::Rtl, false) => p.run.range.start,
                _ => p.run.range.end,
            }
        };
        if x < edge_min(first) {
            return edge(first, true);
        }
        if x >= edge_max(last) {
            return edge(last, false);
        }
        for p in &self.pieces {
            for k in 0..p.run.range.len() {
                let (l, r) = (p.left[k], p.right[k]);
                if l <= x && x < r {
                    let left_half = x < (l + r) / 2.0;
                    let before = match p.run.direction {
                        Direction::Ltr => left_half,
                        Direction::Rtl => !left_half,
                    };
                    let i = p.run.range.start + k;
                    return if before { i } else { i + 1 };
                }
            }
        }
        edge(last, false).clamp(self.start, self.end)
    }

    /// The offset one character to the left (`left`) or right of `pos` on screen, staying on
    /// this line; `None` at the line's visual end.
    pub fn step(&self, pos: usize, left: bool) -> Option<usize> {
        let x = self.caret_x(pos);
        // Caret positions: every offset of the line with its x; pick the nearest in the
        // direction asked (ties broken towards the logical neighbour).
        let mut best: Option<(f32, usize)> = None;
        for o in self.start..=self.end {
            if o == pos {
                continue;
            }
            let ox = self.caret_x(o);
            let d = if left { x - ox } else { ox - x };
            if d > 0.01
                && best.is_none_or(|(bd, bo)| {
                    d < bd - 0.01 || (d - bd).abs() <= 0.01 && o.abs_diff(pos) < bo.abs_diff(pos)
                })
            {
                best = Some((d, o));
            }
        }
        best.map(|(_, o)| o)
    }
}

fn edge_min(p: &Piece) -> f32 {
    p.left.iter().copied().fold(f32::INFINITY, f32::min)
}

fn edge_max(p: &Piece) -> f32 {
    p.right.iter().copied().fold(f32::NEG_INFINITY, f32::max)
}

#[cfg(test)]
mod tests;
