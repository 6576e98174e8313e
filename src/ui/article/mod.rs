//! The article widget: wrapped, highlighted, virtualised text with our own selection.
//!
//! The text is split into [`Paragraphs`]; each paragraph gets one cached [`Galley`], laid out
//! again only when its key (width, font size, theme and the exact highlight sections) changes.
//! Inside `ScrollArea::show_viewport`, paragraph tops are prefix sums of known (or estimated)
//! heights, so only the paragraphs in view are laid out and painted. Section byte ranges come
//! from [`crate::model::Text::byte_range`] only. Positions handed out are document code points.
//!
//! - `highlight`: the background and underline of each stretch of a paragraph;
//! - `paint`: what is drawn over the text (the selected frame's roles, the [`Overlay`]);
//! - `ghosts`: suggested frames as ghosts, from meshes kept per paragraph;
//! - `pointer`: drag to select, click to pick a frame, hover for its summary.

mod bidi_layout;
mod ghosts;
mod highlight;
mod paint;
mod pointer;

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::text::{ByteIndex, CCursor, CharIndex, LayoutJob, LayoutSection, TextFormat};
use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, Vec2};

use super::theme::Tokens;
use crate::model::Span;
use crate::session::bidi::{self, DirectionSetting, ParagraphBidi};
use crate::session::view::{CoverIndex, Paragraphs, Selection};
use crate::session::Session;
use bidi_layout::{BidiLayout, Styled};
use highlight::sections;
pub use paint::{Band, Overlay};

struct Cached {
    key: u64,
    laid: Laid,
}

/// A paragraph laid out and shown in the last frame.
#[derive(Clone)]
struct Shown {
    index: usize,
    rect: Rect,
    laid: Laid,
    /// The key of its layout in the galley cache.
    key: u64,
}

/// A laid-out paragraph: by epaint when it is purely left to right (as it always was), else
/// in visual order by [`BidiLayout`]. Offsets are the paragraph's code points, positions are
/// relative to its top-left corner.
#[derive(Clone)]
enum Laid {
    Plain(Arc<Galley>),
    Bidi(Arc<BidiLayout>),
}

impl Laid {
    fn size(&self) -> Vec2 {
        match self {
            Laid::Plain(g) => g.size(),
            Laid::Bidi(b) => b.size(),
        }
    }

    fn paint(&self, painter: &egui::Painter, at: Pos2, colour: Color32) {
        match self {
            Laid::Plain(g) => painter.galley(at, g.clone(), colour),
            Laid::Bidi(b) => b.paint(painter, at, colour),
        }
    }

    /// The middle of code point `i` (of the caret before it at the paragraph's end).
    fn char_centre(&self, i: usize) -> Pos2 {
        match self {
            Laid::Plain(g) => g.pos_from_cursor(CCursor::new(i)).center() + Vec2::new(1.0, 0.0),
            Laid::Bidi(b) => b
                .rects(i..i + 1)
                .first()
                .map_or_else(|| b.caret(i).center(), |r| r.center()),
        }
    }

    /// The code point offset nearest to a local point.
    fn offset_at(&self, p: Vec2) -> usize {
        match self {
            Laid::Plain(g) => g.cursor_from_pos(p).index.0,
            Laid::Bidi(b) => b.offset_at(p),
        }
    }

    /// Local rectangles over the code points `a..b`: one per row, and in a paragraph with
    /// right-to-left text one per visual piece of each row.
    fn rects(&self, a: usize, b: usize) -> Vec<Rect> {
        let g = match self {
            Laid::Plain(g) => g,
            Laid::Bidi(l) => return l.rects(a..b),
        };
        let mut out = Vec::new();
        let mut row_start = 0;
        for row in &g.rows {
            let n = row.char_count_including_newline().0;
            let (ra, rb) = (a.max(row_start), b.min(row_start + n));
            if ra < rb {
                let x0 = row.pos.x + row.row.x_offset(CharIndex(ra - row_start));
                let x1 = row.pos.x + row.row.x_offset(CharIndex(rb - row_start));
                out.push(Rect::from_min_max(
                    Pos2::new(x0, row.min_y()),
                    Pos2::new(x1, row.max_y()),
                ));
            }
            row_start += n;
        }
        out
    }
}

/// State of the article view that lives across frames.
pub struct ArticleView {
    paras: Paragraphs,
    cache: Vec<Option<Cached>>,
    /// Last known height of each paragraph (0 = never laid out at `height_width`).
    heights: Vec<f32>,
    height_width: f32,
    shown: Vec<Shown>,
    drag_anchor: Option<usize>,
    /// Frames under the last click and which of them was chosen, for click cycling.
    last_click: Option<(Vec<usize>, usize)>,
    /// A code point to bring into view in the next frame.
    pub scroll_to: Option<usize>,
    /// Number of paragraph layouts done (for tests of the cache).
    pub layouts: u64,
    /// Not shown yet: the first frame starts at the top (egui keeps the scroll offset of the
    /// article area across documents).
    fresh: bool,
    /// The font atlas state the cached galleys point into: (text options, fill ratio).
    atlas: (String, f32),
    /// Paragraphs that have a cached galley, and their total length in code points.
    cached: Vec<usize>,
    cached_chars: usize,
    ghosts: ghosts::Ghosts,
}

/// Code points of cached galleys kept before the ones farthest from the view are dropped (a
/// galley costs ~150 bytes per character: without a bound, scrolling through a 5 MB article
/// would keep most of a gigabyte).
const CACHE_CHARS: usize = 400_000;

/// What the article view reports back to the app.
#[derive(Default)]
pub struct ArticleOutput {
    pub selection: Option<Selection>,
    /// A frame clicked (index in canonical order).
    pub clicked_frame: Option<usize>,
    pub clear_frame: bool,
    pub hover_pos: Option<usize>,
}

/// Everything the article needs to draw one frame.
pub struct ArticleInput<'a> {
    pub session: &'a Session,
    pub cover: &'a CoverIndex,
    pub selection: Selection,
    pub selected_frame: Option<usize>,
    pub find_match: Option<Span>,
    pub tokens: Tokens,
    pub font_size: f32,
    pub overlay: Option<&'a Overlay>,
    /// Suggested frames drawn as ghosts (outlined, never filled), in text order.
    pub ghosts: &'a [crate::model::PendingSuggestion],
    /// Changes whenever `ghosts` does (with its length, it keys the ghosts' drawing caches).
    pub ghosts_generation: u64,
    /// The ghost the suggestion keys act on (index into `ghosts`), drawn with its roles.
    pub current_ghost: Option<usize>,
}

impl ArticleView {
    pub fn new(session: &Session) -> Self {
        let paras = Paragraphs::new(&session.document.text);
        let n = paras.len();
        ArticleView {
            paras,
            cache: (0..n).map(|_| None).collect(),
            heights: vec![0.0; n],
            height_width: 0.0,
            shown: Vec::new(),
            drag_anchor: None,
            last_click: None,
            scroll_to: None,
            layouts: 0,
            fresh: true,
            atlas: (String::new(), 0.0),
            cached: Vec::new(),
            cached_chars: 0,
            ghosts: ghosts::Ghosts::default(),
        }
    }

    pub fn paragraphs(&self) -> &Paragraphs {
        &self.paras
    }

    /// Index of the first paragraph shown in the last frame.
    pub fn first_shown(&self) -> Option<usize> {
        self.shown.first().map(|s| s.index)
    }

    /// Screen position of the middle of code point `pos`, if its paragraph was shown last frame.
    pub fn screen_pos_of(&self, pos: usize) -> Option<Pos2> {
        let i = self.paras.index_of(pos);
        let s = self.shown.iter().find(|s| s.index == i)?;
        let local = pos - self.paras.span(i).start;
        Some(s.rect.min + s.laid.char_centre(local).to_vec2())
    }

    /// Where Shift+Left/Right (`right`) moves the selection head from `pos` when its paragraph
    /// is laid out with right-to-left text: one caret position on screen, and past a row's
    /// visual end one code point in the paragraph's reading direction. `None` for left-to-right
    /// paragraphs (plain logical steps) and paragraphs not shown.
    pub fn visual_step(&self, pos: usize, right: bool) -> Option<usize> {
        let i = self.paras.index_of(pos);
        let s = self.shown.iter().find(|s| s.index == i)?;
        let Laid::Bidi(b) = &s.laid else {
            return None;
        };
        let span = self.paras.span(i);
        let local = pos - span.start;
        Some(match b.step(local, !right) {
            Some(o) => span.start + o,
            None if right != b.is_rtl() => (pos + 1).min(span.end),
            None => pos.saturating_sub(1).max(span.start),
        })
    }

    /// Whether the paragraph holding `pos` reads right to left (as shown last frame).
    pub fn is_rtl_at(&self, pos: usize) -> bool {
        let i = self.paras.index_of(pos);
        self.shown
            .iter()
            .find(|s| s.index == i)
            .is_some_and(|s| matches!(&s.laid, Laid::Bidi(b) if b.is_rtl()))
    }

    /// The code point under (or nearest to) a screen position, from last frame's layout.
    fn char_at(&self, p: Pos2) -> Option<usize> {
        let first = self.shown.first()?;
        let s = self
            .shown
            .iter()
            .find(|s| p.y < s.rect.max.y)
            .unwrap_or_else(|| self.shown.last().unwrap_or(first));
        let span = self.paras.span(s.index);
        if p.y < s.rect.min.y && s.index == first.index && p.y < first.rect.min.y {
            return Some(span.start);
        }
        let c = s.laid.offset_at(p - s.rect.min);
        Some((span.start + c).min(span.end))
    }

    fn estimate(&self, i: usize, width: f32, font: f32) -> f32 {
        let chars = self.paras.span(i).len() as f32;
        let per_row = (width / (font * 0.5)).max(1.0);
        (chars / per_row).ceil().max(1.0) * font * 1.35
    }

    pub fn show(&mut self, ui: &mut egui::Ui, input: &ArticleInput<'_>) -> ArticleOutput {
        let t = input.tokens;
        self.follow_atlas(ui);
        let width = (ui.available_width() - 2.0 * t.margin - 16.0).max(80.0);
        // A new width invalidates every height; keep the first paragraph in view where it was
        // on screen so that resizing a panel does not move the text under the reader.
        let mut anchor = None;
        if (width - self.height_width).abs() > 0.5 {
            self.heights.iter_mut().for_each(|h| *h = 0.0);
            self.height_width = width;
            anchor = self
                .shown
                .first()
                .map(|s| (s.index, s.rect.min.y - ui.max_rect().min.y));
        }
        let tops = self.tops(width, input);
        let mut area = egui::ScrollArea::vertical()
            .id_salt("article")
            .auto_shrink([false, false]);
        if let Some((i, screen_dy)) = anchor {
            area = area.vertical_scroll_offset((tops[i] - screen_dy).max(0.0));
        }
        if std::mem::take(&mut self.fresh) {
            area = area.vertical_scroll_offset(0.0);
        }
        if let Some(pos) = self.scroll_to.take() {
            let i = self.paras.index_of(pos);
            let visible = self.shown.iter().any(|s| s.index == i);
            let in_view = visible
                && self
                    .screen_pos_of(pos)
                    .is_some_and(|p| ui.clip_rect().shrink(30.0).contains(p));
            if !in_view {
                area = area.vertical_scroll_offset((tops[i] - 80.0).max(0.0));
            }
        }
        let mut out = ArticleOutput::default();
        area.show_viewport(ui, |ui, viewport| {
            self.viewport(ui, viewport, &tops, width, input, &mut out);
        });
        self.evict();
        out
    }

    /// Galleys point into egui's font atlas, which egui rebuilds when the text options change
    /// (e.g. with the theme) or the atlas fills up; then every cached galley is stale.
    fn follow_atlas(&mut self, ui: &egui::Ui) {
        let atlas = ui
            .ctx()
            .fonts(|f| (format!("{:?}", f.options()), f.font_atlas_fill_ratio()));
        if atlas.0 != self.atlas.0 || atlas.1 < self.atlas.1 {
            self.cache.iter_mut().for_each(|c| *c = None);
            self.cached.clear();
            self.cached_chars = 0;
        }
        self.atlas = atlas;
    }

    /// Paragraph tops in the scrolled content (known heights, else estimates), and last the
    /// content's end.
    fn tops(&self, width: f32, input: &ArticleInput<'_>) -> Vec<f32> {
        let t = input.tokens;
        let gap = t.paragraph_gap * input.font_size / t.article_font;
        let mut tops = Vec::with_capacity(self.paras.len() + 1);
        let mut y = t.margin;
        for i in 0..self.paras.len() {
            tops.push(y);
            let h = match self.heights[i] {
                h if h > 0.0 => h,
                _ => self.estimate(i, width, input.font_size),
            };
            y += h + gap;
        }
        tops.push(y);
        tops
    }

    /// The part of the article in `viewport`: lays out and paints the paragraphs in view (and
    /// a little below), the selected frame's roles and the overlay, and reads the pointer.
    fn viewport(
        &mut self,
        ui: &mut egui::Ui,
        viewport: Rect,
        tops: &[f32],
        width: f32,
        input: &ArticleInput<'_>,
        out: &mut ArticleOutput,
    ) {
        let t = input.tokens;
        let total = tops[self.paras.len()] + t.margin;
        ui.set_min_height(total);
        ui.set_min_width(width);
        let origin = ui.max_rect().min;
        let first = tops
            .partition_point(|&top| top <= viewport.min.y)
            .saturating_sub(1);
        let mut shown = Vec::new();
        // `tops` has one more entry than there are paragraphs (the end).
        for (i, &top) in tops.iter().enumerate().take(self.paras.len()).skip(first) {
            if top > viewport.max.y + 200.0 {
                break;
            }
            let (laid, key) = self.galley(ui, i, width, input);
            self.heights[i] = laid.size().y.max(input.font_size);
            let rect = Rect::from_min_size(
                origin + Vec2::new(t.margin, top),
                Vec2::new(width, laid.size().y.max(input.font_size)),
            );
            laid.paint(ui.painter(), rect.min, t.text);
            shown.push(Shown {
                index: i,
                rect,
                laid,
                key,
            });
        }
        // Nothing laid out (a frame without room): keep last frame's layout for the pointer.
        if !shown.is_empty() {
            self.shown = shown;
        }
        self.paint_ghosts(ui, input);
        self.paint_roles(ui, input);
        if let Some(o) = input.overlay {
            self.paint_overlay(ui, o, input.tokens);
        }
        let whole = Rect::from_min_size(origin, Vec2::new(width + 2.0 * t.margin, total));
        let response = ui.interact(
            whole,
            ui.scope_id().with("article-text"),
            Sense::click_and_drag(),
        );
        self.pointer(ui, &response, input, out);
    }

    /// Drops the cached galleys farthest from the shown paragraphs once they hold more than
    /// [`CACHE_CHARS`], down to half of it (so eviction is rare while scrolling).
    fn evict(&mut self) {
        if self.cached_chars <= CACHE_CHARS {
            return;
        }
        let Some(centre) = self.shown.first().map(|s| s.index) else {
            return;
        };
        self.cached.sort_by_key(|&i| i.abs_diff(centre));
        let mut kept = 0;
        let mut keep = 0;
        for &i in &self.cached {
            let n = self.paras.span(i).len();
            if kept + n > CACHE_CHARS / 2 && keep > 0 {
                break;
            }
            kept += n;
            keep += 1;
        }
        for &i in &self.cached[keep..] {
            self.cache[i] = None;
        }
        self.cached.truncate(keep);
        self.cached_chars = kept;
    }

    /// The paragraph's galley, from the cache when its key is unchanged; and the key.
    fn galley(
        &mut self,
        ui: &egui::Ui,
        i: usize,
        width: f32,
        input: &ArticleInput<'_>,
    ) -> (Laid, u64) {
        let span = self.paras.span(i);
        let sections = sections(span, input);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        width.to_bits().hash(&mut h);
        input.font_size.to_bits().hash(&mut h);
        input.tokens.dark.hash(&mut h);
        sections.hash(&mut h);
        let half_gap = input.overlay.map_or(0.0, Overlay::half_gap);
        half_gap.to_bits().hash(&mut h);
        input.session.direction.hash(&mut h);
        let key = h.finish();
        if let Some(c) = &self.cache[i] {
            if c.key == key {
                return (c.laid.clone(), key);
            }
        }
        let laid = lay_out(ui, span, &sections, input, width, half_gap);
        self.layouts += 1;
        if self.cache[i].is_none() {
            self.cached.push(i);
            self.cached_chars += span.len();
        }
        self.cache[i] = Some(Cached {
            key,
            laid: laid.clone(),
        });
        (laid, key)
    }
}

/// Lays out paragraph `span` with its highlight `sections`: by epaint when it is purely left
/// to right, else by [`BidiLayout`].
fn lay_out(
    ui: &egui::Ui,
    span: Span,
    sections: &[highlight::Section],
    input: &ArticleInput<'_>,
    width: f32,
    half_gap: f32,
) -> Laid {
    let direction = input.session.direction;
    let text = &input.session.document.text;
    let para_text = text.slice(span).unwrap_or_default().to_owned();
    let base = text.byte_of(span.start).unwrap_or(0);
    let font = FontId::proportional(input.font_size);
    let line_height =
        (half_gap > 0.0).then(|| ui.ctx().fonts_mut(|f| f.row_height(&font)) + 2.0 * half_gap);
    let format = |s: &highlight::Section| TextFormat {
        font_id: font.clone(),
        color: input.tokens.text,
        background: Color32::from_rgba_premultiplied(s.bg[0], s.bg[1], s.bg[2], s.bg[3]),
        underline: match s.underline {
            Some(c) => Stroke::new(1.5, Color32::from_rgb(c[0], c[1], c[2])),
            None => Stroke::NONE,
        },
        // Rows touch: an expanded background would overlap the row above and
        // draw a line of doubled colour under it.
        expand_bg: 0.0,
        line_height,
        ..Default::default()
    };
    if needs_bidi(&para_text, direction) {
        let bidi = ParagraphBidi::new(&para_text, direction);
        let styles: Vec<Styled> = sections
            .iter()
            .map(|s| Styled {
                range: s.span.start - span.start..s.span.end - span.start,
                format: format(s),
            })
            .collect();
        Laid::Bidi(Arc::new(ui.ctx().fonts_mut(|f| {
            BidiLayout::new(f, &para_text, &bidi, &styles, &font, width)
        })))
    } else {
        let mut job = LayoutJob {
            text: para_text,
            ..Default::default()
        };
        job.wrap.max_width = width;
        for s in sections {
            let Some(r) = text.byte_range(s.span) else {
                continue;
            };
            job.sections.push(LayoutSection {
                leading_space: 0.0,
                byte_range: ByteIndex(r.start - base)..ByteIndex(r.end - base),
                format: format(s),
            });
        }
        Laid::Plain(ui.ctx().fonts_mut(|f| f.layout_job(job)))
    }
}

/// Whether a paragraph needs the bidi layout: forced right to left, or holding a character
/// of a right-to-left script (or a bidi control) that makes it not purely left to right.
/// Texts without any (Latin, CJK, emoji, curly quotes…) skip the analysis.
fn needs_bidi(text: &str, direction: DirectionSetting) -> bool {
    direction == DirectionSetting::RightToLeft
        || (bidi::may_hold_rtl(text) && !ParagraphBidi::new(text, direction).is_pure_ltr())
}
