//! Layout of a paragraph with right-to-left text.
//!
//! epaint 0.37 has no paragraph direction: it shapes each word in its own direction but places
//! words left to right in text order, and in a right-to-left word its glyph list is in visual
//! order with extra zero-width glyphs, so glyph *i* is not character *i* and no range can be
//! mapped through the galley. Such paragraphs are laid out here instead:
//!
//! - the paragraph is cut into *atoms*: stretches of one bidi level that end after a space (or
//!   at a level change), each shaped by epaint on its own (one direction, so the shaping is
//!   right);
//! - atoms fill rows greedily, breaking after spaces, as epaint wraps plain text;
//! - each row's visual runs come from [`ParagraphBidi::visual_runs`], the characters are placed
//!   by a [`VisualLine`] from their advances, and every atom is drawn where its characters are.
//!   Right-to-left paragraphs are right-aligned.
//!
//! The [`VisualLine`] of each row is the only mapping between offsets and x: the rectangles of a
//! range, the caret and the character under the pointer all come from it.

use std::ops::Range;
use std::sync::Arc;

use egui::epaint::text::FontsView;
use egui::text::{ByteIndex, LayoutJob, LayoutSection, TextFormat};
use egui::{Color32, FontId, Galley, Painter, Pos2, Rect, Vec2};

use crate::session::bidi::{Direction, ParagraphBidi, VisualLine};

/// A laid-out row: its code points, vertical extent, atoms and the offset ↔ x mapping.
struct Row {
    range: Range<usize>,
    top: f32,
    height: f32,
    /// Each atom's galley and its left x (paragraph-local).
    atoms: Vec<(f32, Arc<Galley>)>,
    line: VisualLine,
}

/// A paragraph laid out in visual order (see the module doc). Offsets are code points of the
/// paragraph, positions are relative to its top-left corner.
pub(super) struct BidiLayout {
    rows: Vec<Row>,
    size: Vec2,
    rtl: bool,
}

/// One stretch of the paragraph in one format: code points and the format.
pub(super) struct Styled {
    pub(super) range: Range<usize>,
    pub(super) format: TextFormat,
}

/// An atom: code points shaped together, their galley and each character's advance.
struct Atom {
    range: Range<usize>,
    galley: Arc<Galley>,
    advances: Vec<f32>,
    ends_in_space: bool,
}

impl BidiLayout {
    /// Lays out `text` (one paragraph) in `width`, its formats given by `styles` (covering the
    /// paragraph in order).
    pub(super) fn new(
        fonts: &mut FontsView<'_>,
        text: &str,
        bidi: &ParagraphBidi<'_>,
        styles: &[Styled],
        font: &FontId,
        width: f32,
    ) -> Self {
        let bytes: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let chars: Vec<char> = text.chars().collect();
        let faces = faces(fonts, text, font);
        // A section boundary inside a word also splits it: epaint shapes sections apart and
        // would place them left to right.
        let mut section_start = vec![false; chars.len() + 1];
        for st in styles {
            section_start[st.range.start.min(chars.len())] = true;
        }
        let atoms: Vec<Atom> = atom_ranges(&chars, &faces, &section_start, bidi)
            .into_iter()
            .map(|r| shape(fonts, text, &bytes, &chars, r, styles, font))
            .collect();
        let base_height = styles
            .first()
            .and_then(|s| s.format.line_height)
            .unwrap_or_else(|| fonts.row_height(font));
        let rtl = bidi.direction() == Direction::Rtl;
        let mut rows = Vec::new();
        let mut y = 0.0;
        for group in wrap(&atoms, width) {
            if let Some(row) = place_row(group, bidi, rtl, width, base_height, y) {
                y += row.height;
                rows.push(row);
            }
        }
        if rows.is_empty() {
            y = base_height;
        }
        BidiLayout {
            rows,
            size: Vec2::new(width, y),
            rtl,
        }
    }

    /// Whether the paragraph's base direction is right to left.
    pub(super) fn is_rtl(&self) -> bool {
        self.rtl
    }

    pub(super) fn size(&self) -> Vec2 {
        self.size
    }

    /// Draws every atom at its place, the paragraph's top-left corner at `origin`.
    pub(super) fn paint(&self, painter: &Painter, origin: Pos2, colour: Color32) {
        for row in &self.rows {
            for (x, g) in &row.atoms {
                // Atoms of a row share its baseline: taller ones (another font) sit lower.
                let dy = row.height - g.size().y;
                painter.galley(origin + Vec2::new(*x, row.top + dy), g.clone(), colour);
            }
        }
    }

    /// The rectangles (paragraph-local) over the code points `range`: one per visual piece
    /// per row.
    pub(super) fn rects(&self, range: Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        for row in &self.rows {
            let (a, b) = (
                range.start.max(row.range.start),
                range.end.min(row.range.end),
            );
            if a >= b {
                continue;
            }
            for (x0, x1) in row.line.x_ranges(a..b) {
                out.push(Rect::from_min_max(
                    Pos2::new(x0, row.top),
                    Pos2::new(x1, row.top + row.height),
                ));
            }
        }
        out
    }

    /// The caret before code point `pos` as a thin rectangle (paragraph-local).
    pub(super) fn caret(&self, pos: usize) -> Rect {
        let row = self
            .rows
            .iter()
            .find(|r| pos < r.range.end)
            .or(self.rows.last());
        match row {
            Some(r) => {
                let x = r.line.caret_x(pos.clamp(r.range.start, r.range.end));
                Rect::from_min_max(Pos2::new(x, r.top), Pos2::new(x, r.top + r.height))
            }
            None => Rect::from_min_max(Pos2::ZERO, Pos2::new(0.0, self.size.y)),
        }
    }

    /// The code point offset nearest to the paragraph-local point `p`.
    pub(super) fn offset_at(&self, p: Vec2) -> usize {
        let row = self
            .rows
            .iter()
            .find(|r| p.y < r.top + r.height)
            .or(self.rows.last());
        row.map_or(0, |r| r.line.offset_at(p.x))
    }

    /// The offset one caret position to the left or right of `pos` on screen, within its row.
    pub(super) fn step(&self, pos: usize, left: bool) -> Option<usize> {
        let row = self
            .rows
            .iter()
            .find(|r| pos < r.range.end)
            .or(self.rows.last())?;
        row.line.step(pos, left)
    }
}

/// Places the atoms of one row: the row's visual runs, its characters from their advances,
/// right-aligned in a right-to-left paragraph.
fn place_row(
    group: &[Atom],
    bidi: &ParagraphBidi<'_>,
    rtl: bool,
    width: f32,
    base_height: f32,
    top: f32,
) -> Option<Row> {
    let (Some(first), Some(last)) = (group.first(), group.last()) else {
        return None;
    };
    let range = first.range.start..last.range.end;
    let runs = bidi.visual_runs(range.clone());
    let advance = |i: usize| {
        group
            .iter()
            .find(|a| a.range.contains(&i))
            .map_or(0.0, |a| a.advances[i - a.range.start])
    };
    let probe = VisualLine::new(&runs, range.clone(), 0.0, advance);
    let x0 = if rtl {
        (width - probe.width()).max(0.0)
    } else {
        0.0
    };
    let line = VisualLine::new(&runs, range.clone(), x0, advance);
    let height = group
        .iter()
        .map(|a| a.galley.size().y)
        .fold(base_height, f32::max);
    let placed = group
        .iter()
        .map(|a| {
            let x = line.x_ranges(a.range.clone()).first().map_or(x0, |r| r.0);
            (x, a.galley.clone())
        })
        .collect();
    Some(Row {
        range,
        top,
        height,
        atoms: placed,
        line,
    })
}

/// Cuts the paragraph into atoms: maximal stretches of one bidi level, font and highlight
/// section, each ending after a whitespace character (so rows can break there).
fn atom_ranges(
    chars: &[char],
    faces: &[Face],
    section_start: &[bool],
    bidi: &ParagraphBidi<'_>,
) -> Vec<Range<usize>> {
    let levels: Vec<Direction> = (0..chars.len()).map(|i| bidi.direction_at(i)).collect();
    // epaint places the pieces of a word shaped in two fonts left to right, whatever their
    // direction: in right-to-left text, letters from another font (a system font found for
    // one letter only) and punctuation (often from the Latin font) are atoms of their own,
    // placed by the line's visual order instead.
    let alone = |i: usize| levels[i] == Direction::Rtl && is_punctuation(chars[i]);
    let mut out = Vec::new();
    let mut start = 0;
    for i in 0..chars.len() {
        let end_here = i + 1 == chars.len()
            || chars[i].is_whitespace()
            || levels[i + 1] != levels[i]
            || chars[i + 1].is_whitespace() != chars[i].is_whitespace()
            || alone(i)
            || alone(i + 1)
            || (levels[i] == Direction::Rtl && faces[i] != faces[i + 1])
            || section_start[i + 1];
        if end_here {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    out
}

fn is_punctuation(c: char) -> bool {
    (c.is_ascii() && !c.is_ascii_alphanumeric())
        || ('\u{a0}'..='\u{bf}').contains(&c)
        || ('\u{2000}'..='\u{206f}').contains(&c)
}

/// Which font face epaint draws a character with: its ascent and row height (two faces that
/// agree on both are taken as one).
type Face = (u32, u32);

/// The face of each code point of `text`, found by laying out each grapheme cluster alone
/// (epaint picks the face per cluster).
fn faces(fonts: &mut FontsView<'_>, text: &str, font: &FontId) -> Vec<Face> {
    use unicode_segmentation::UnicodeSegmentation;
    let mut known: std::collections::HashMap<&str, Face> = std::collections::HashMap::new();
    let mut out = Vec::with_capacity(text.len());
    for g in text.graphemes(true) {
        let face = *known.entry(g).or_insert_with(|| {
            let job =
                LayoutJob::simple_singleline(g.to_owned(), font.clone(), Color32::PLACEHOLDER);
            let galley = fonts.layout_job(job);
            galley
                .rows
                .first()
                .and_then(|r| r.row.glyphs.first())
                .map_or((0, 0), |gl| {
                    (gl.font_face_ascent.to_bits(), gl.font_face_height.to_bits())
                })
        });
        out.extend(std::iter::repeat_n(face, g.chars().count()));
    }
    out
}

/// Shapes one atom with the formats of its stretch and measures each character's advance
/// (prefix widths: a character's advance is what it adds to the shaped width).
fn shape(
    fonts: &mut FontsView<'_>,
    text: &str,
    bytes: &[usize],
    chars: &[char],
    range: Range<usize>,
    styles: &[Styled],
    font: &FontId,
) -> Atom {
    let job = |end: usize| {
        let base = bytes[range.start];
        let mut job = LayoutJob {
            text: text[base..bytes[end]].to_owned(),
            ..Default::default()
        };
        job.wrap.max_width = f32::INFINITY;
        for s in styles {
            let (a, b) = (s.range.start.max(range.start), s.range.end.min(end));
            if a < b {
                job.sections.push(LayoutSection {
                    leading_space: 0.0,
                    byte_range: ByteIndex(bytes[a] - base)..ByteIndex(bytes[b] - base),
                    format: s.format.clone(),
                });
            }
        }
        if job.sections.is_empty() {
            job.sections.push(LayoutSection {
                leading_space: 0.0,
                byte_range: ByteIndex(0)..ByteIndex(job.text.len()),
                format: TextFormat::simple(font.clone(), Color32::PLACEHOLDER),
            });
        }
        job
    };
    let galley = fonts.layout_job(job(range.end));
    let total = galley.size().x;
    let mut advances = Vec::with_capacity(range.len());
    let mut prev = 0.0;
    for end in range.start + 1..range.end {
        let w = fonts.layout_job(job(end)).size().x.clamp(prev, total);
        advances.push(w - prev);
        prev = w;
    }
    advances.push((total - prev).max(0.0));
    Atom {
        ends_in_space: chars[range.end - 1].is_whitespace(),
        range,
        galley,
        advances,
    }
}

/// Groups atoms into rows of at most `width` (a word wider than the row gets a row of its
/// own), breaking only after an atom that ends in a space.
fn wrap(atoms: &[Atom], width: f32) -> Vec<&[Atom]> {
    let mut rows = Vec::new();
    let (mut row_start, mut row_width) = (0, 0.0);
    let mut i = 0;
    while i < atoms.len() {
        // The next word: atoms up to and including one that ends in a space.
        let mut j = i;
        let mut w = 0.0;
        let mut trailing = 0.0;
        while j < atoms.len() {
            let a = &atoms[j];
            let aw: f32 = a.advances.iter().sum();
            w += aw;
            j += 1;
            if a.ends_in_space {
                trailing = aw;
                break;
            }
        }
        if i > row_start && row_width + w - trailing > width {
            rows.push(&atoms[row_start..i]);
            row_start = i;
            row_width = 0.0;
        }
        row_width += w;
        i = j;
    }
    if row_start < atoms.len() {
        rows.push(&atoms[row_start..]);
    }
    rows
}
