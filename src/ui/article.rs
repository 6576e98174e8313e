//! The article widget: wrapped, highlighted, virtualised text with our own selection.
//!
//! The text is split into [`Paragraphs`]; each paragraph gets one cached [`Galley`], laid out
//! again only when its key (width, font size, theme and the exact highlight sections) changes.
//! Inside `ScrollArea::show_viewport`, paragraph tops are prefix sums of known (or estimated)
//! heights, so only the paragraphs in view are laid out and painted. Section byte ranges come
//! from [`crate::model::Text::byte_range`] only. Positions handed out are document code points.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::text::{ByteIndex, CCursor, CharIndex, LayoutJob, LayoutSection, TextFormat};
use egui::{Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, Vec2};

use super::theme::{stack, Tokens};
use crate::model::{Frame, Span, SpanRole};
use crate::session::view::{snap_to_words, CoverIndex, Paragraphs, Selection};
use crate::session::Session;

struct Cached {
    key: u64,
    galley: Arc<Galley>,
}

/// A paragraph laid out and shown in the last frame.
#[derive(Clone)]
struct Shown {
    index: usize,
    rect: Rect,
    galley: Arc<Galley>,
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
    /// The font atlas state the cached galleys point into: (text options, fill ratio).
    atlas: (String, f32),
    /// Paragraphs that have a cached galley, and their total length in code points.
    cached: Vec<usize>,
    cached_chars: usize,
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

/// A second source of highlights besides the session's own frames: coloured bands under the
/// text (Review mode draws one lane per compared annotator) and an outlined focus span. Bands
/// are painted over the laid-out galleys, so they never change the galley cache; lanes only
/// add line spacing to make room for them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overlay {
    pub bands: Vec<Band>,
    /// Number of lanes under each line (0: no extra spacing).
    pub lanes: usize,
    pub focus: Option<Span>,
}

/// One band: a document span drawn in `colour` in lane `lane` (0 = nearest the text).
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub span: Span,
    pub lane: usize,
    pub colour: Color32,
}

/// Vertical room per band lane, in points.
const LANE: f32 = 3.5;

impl Overlay {
    /// Extra line spacing below (and, by egui's even split, above) each line.
    fn half_gap(&self) -> f32 {
        if self.lanes == 0 {
            0.0
        } else {
            self.lanes as f32 * LANE + 2.0
        }
    }
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
            atlas: (String::new(), 0.0),
            cached: Vec::new(),
            cached_chars: 0,
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
        let r = s.galley.pos_from_cursor(CCursor::new(local));
        Some(s.rect.min + r.center().to_vec2() + Vec2::new(1.0, 0.0))
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
        let c = s.galley.cursor_from_pos(p - s.rect.min);
        Some((span.start + c.index.0).min(span.end))
    }

    fn estimate(&self, i: usize, width: f32, font: f32) -> f32 {
        let chars = self.paras.span(i).len() as f32;
        let per_row = (width / (font * 0.5)).max(1.0);
        (chars / per_row).ceil().max(1.0) * font * 1.35
    }

    pub fn show(&mut self, ui: &mut egui::Ui, input: &ArticleInput<'_>) -> ArticleOutput {
        let mut out = ArticleOutput::default();
        let t = input.tokens;
        // Galleys point into egui's font atlas, which egui rebuilds when the text options change
        // (e.g. with the theme) or the atlas fills up; then every cached galley is stale.
        let atlas = ui
            .ctx()
            .fonts(|f| (format!("{:?}", f.options()), f.font_atlas_fill_ratio()));
        if atlas.0 != self.atlas.0 || atlas.1 < self.atlas.1 {
            self.cache.iter_mut().for_each(|c| *c = None);
            self.cached.clear();
            self.cached_chars = 0;
        }
        self.atlas = atlas;
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
        let total = y + t.margin;

        let mut area = egui::ScrollArea::vertical()
            .id_salt("article")
            .auto_shrink([false, false]);
        if let Some((i, screen_dy)) = anchor {
            area = area.vertical_scroll_offset((tops[i] - screen_dy).max(0.0));
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
        let previous = std::mem::take(&mut self.shown);
        area.show_viewport(ui, |ui, viewport| {
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
                let galley = self.galley(ui, i, width, input);
                self.heights[i] = galley.size().y.max(input.font_size);
                let rect = Rect::from_min_size(
                    origin + Vec2::new(t.margin, top),
                    Vec2::new(width, galley.size().y.max(input.font_size)),
                );
                ui.painter().galley(rect.min, galley.clone(), t.text);
                shown.push(Shown {
                    index: i,
                    rect,
                    galley,
                });
            }
            self.shown = shown;
            if self.shown.is_empty() {
                self.shown = previous;
            }
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
            self.pointer(ui, &response, input, &mut out);
        });
        self.evict();
        out
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

    /// The paragraph's galley, from the cache when its key is unchanged.
    fn galley(
        &mut self,
        ui: &egui::Ui,
        i: usize,
        width: f32,
        input: &ArticleInput<'_>,
    ) -> Arc<Galley> {
        let span = self.paras.span(i);
        let sections = sections(span, input);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        width.to_bits().hash(&mut h);
        input.font_size.to_bits().hash(&mut h);
        input.tokens.dark.hash(&mut h);
        sections.hash(&mut h);
        let half_gap = input.overlay.map_or(0.0, Overlay::half_gap);
        half_gap.to_bits().hash(&mut h);
        let key = h.finish();
        if let Some(c) = &self.cache[i] {
            if c.key == key {
                return c.galley.clone();
            }
        }
        let text = &input.session.document.text;
        let para_text = text.slice(span).unwrap_or_default().to_owned();
        let base = text.byte_of(span.start).unwrap_or(0);
        let font = FontId::proportional(input.font_size);
        let line_height =
            (half_gap > 0.0).then(|| ui.ctx().fonts_mut(|f| f.row_height(&font)) + 2.0 * half_gap);
        let mut job = LayoutJob {
            text: para_text,
            ..Default::default()
        };
        job.wrap.max_width = width;
        for s in &sections {
            let Some(r) = text.byte_range(s.span) else {
                continue;
            };
            job.sections.push(LayoutSection {
                leading_space: 0.0,
                byte_range: ByteIndex(r.start - base)..ByteIndex(r.end - base),
                format: TextFormat {
                    font_id: font.clone(),
                    color: input.tokens.text,
                    background: Color32::from_rgba_premultiplied(
                        s.bg[0], s.bg[1], s.bg[2], s.bg[3],
                    ),
                    underline: match s.underline {
                        Some(c) => Stroke::new(1.5, Color32::from_rgb(c[0], c[1], c[2])),
                        None => Stroke::NONE,
                    },
                    expand_bg: 1.0,
                    line_height,
                    ..Default::default()
                },
            });
        }
        let galley = ui.ctx().fonts_mut(|f| f.layout_job(job));
        self.layouts += 1;
        if self.cache[i].is_none() {
            self.cached.push(i);
            self.cached_chars += span.len();
        }
        self.cache[i] = Some(Cached {
            key,
            galley: galley.clone(),
        });
        galley
    }

    /// Outlines of the selected frame's claim, source, cue and target, each in its own style.
    fn paint_roles(&self, ui: &egui::Ui, input: &ArticleInput<'_>) {
        let Some(frame) = input
            .selected_frame
            .and_then(|i| input.session.annotations().frames().get(i))
        else {
            return;
        };
        let t = input.tokens;
        let rgb = input
            .session
            .schema
            .stance(&frame.stance)
            .map_or([128; 3], |s| s.rgb());
        let painter = ui.painter();
        for (role, span) in frame.spans() {
            for rect in self.span_rects(span) {
                match role {
                    SpanRole::Claim => {
                        painter.rect_stroke(
                            rect.expand(1.5),
                            2.0,
                            Stroke::new(2.0, t.stance_line(rgb)),
                            egui::StrokeKind::Outside,
                        );
                    }
                    SpanRole::Source => {
                        let y = rect.max.y + 1.0;
                        painter.line_segment(
                            [Pos2::new(rect.min.x, y), Pos2::new(rect.max.x, y)],
                            Stroke::new(3.0, t.source),
                        );
                        painter.rect_stroke(
                            rect,
                            1.0,
                            Stroke::new(1.0, t.source),
                            egui::StrokeKind::Outside,
                        );
                    }
                    SpanRole::Cue => {
                        let y = rect.max.y + 1.5;
                        let mut x = rect.min.x + 1.5;
                        while x < rect.max.x {
                            painter.circle_filled(Pos2::new(x, y), 1.6, t.cue);
                            x += 5.0;
                        }
                    }
                    SpanRole::Target => {
                        let r = rect.expand(1.0);
                        let pts = [
                            r.left_top(),
                            r.right_top(),
                            r.right_bottom(),
                            r.left_bottom(),
                            r.left_top(),
                        ];
                        painter.extend(egui::Shape::dashed_line(
                            &pts,
                            Stroke::new(1.5, t.target),
                            5.0,
                            3.0,
                        ));
                    }
                }
            }
        }
    }

    /// The overlay's bands in their lanes below the text, and the focus outline.
    fn paint_overlay(&self, ui: &egui::Ui, overlay: &Overlay, t: Tokens) {
        let painter = ui.painter();
        let half_gap = overlay.half_gap();
        for b in &overlay.bands {
            for rect in self.span_rects(b.span) {
                let y = rect.max.y - half_gap + 1.5 + LANE * b.lane as f32 + LANE / 2.0;
                painter.line_segment(
                    [Pos2::new(rect.min.x, y), Pos2::new(rect.max.x, y)],
                    Stroke::new(LANE - 1.0, b.colour),
                );
            }
        }
        if let Some(span) = overlay.focus {
            for rect in self.span_rects(span) {
                painter.rect_stroke(
                    rect.shrink2(Vec2::new(-2.0, 1.0)),
                    2.0,
                    Stroke::new(1.5, t.weak_text),
                    egui::StrokeKind::Outside,
                );
            }
        }
    }

    /// Screen rectangles (one per wrapped row) of a document span, for shown paragraphs.
    fn span_rects(&self, span: Span) -> Vec<Rect> {
        let mut out = Vec::new();
        for s in &self.shown {
            let p = self.paras.span(s.index);
            let Some(part) = p.intersection(span) else {
                continue;
            };
            let (a, b) = (part.start - p.start, part.end - p.start);
            let mut row_start = 0;
            for row in &s.galley.rows {
                let n = row.char_count_including_newline().0;
                let (ra, rb) = (a.max(row_start), b.min(row_start + n));
                if ra < rb {
                    let x0 = row.pos.x + row.row.x_offset(CharIndex(ra - row_start));
                    let x1 = row.pos.x + row.row.x_offset(CharIndex(rb - row_start));
                    out.push(Rect::from_min_max(
                        s.rect.min + Vec2::new(x0, row.min_y()),
                        s.rect.min + Vec2::new(x1, row.max_y()),
                    ));
                }
                row_start += n;
            }
        }
        out
    }

    fn pointer(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        input: &ArticleInput<'_>,
        out: &mut ArticleOutput,
    ) {
        let text = &input.session.document.text;
        let exact = ui.input(|i| i.modifiers.alt);
        if response.drag_started() {
            let origin = ui.input(|i| i.pointer.press_origin());
            self.drag_anchor = origin.and_then(|p| self.char_at(p));
        }
        if let Some(anchor) = self.drag_anchor {
            if let Some(head) = ui
                .input(|i| i.pointer.latest_pos())
                .and_then(|p| self.char_at(p))
            {
                let raw = Selection::new(anchor, head);
                out.selection = Some(if exact || raw.is_empty() {
                    raw
                } else {
                    let snapped = snap_to_words(text, &self.paras, raw.span());
                    if head >= anchor {
                        Selection::new(snapped.start, snapped.end)
                    } else {
                        Selection::new(snapped.end, snapped.start)
                    }
                });
            }
            if !ui.input(|i| i.pointer.primary_down()) {
                self.drag_anchor = None;
            }
        }
        if response.clicked() {
            if let Some(pos) = response
                .interact_pointer_pos()
                .and_then(|p| self.char_at(p))
            {
                let under = input.cover.covering(pos);
                out.selection = Some(Selection::new(pos, pos));
                if under.is_empty() {
                    self.last_click = None;
                    out.clear_frame = true;
                } else {
                    let k = match &self.last_click {
                        Some((prev, k)) if *prev == under => (k + 1) % under.len(),
                        _ => 0,
                    };
                    out.clicked_frame = Some(under[k]);
                    self.last_click = Some((under, k));
                }
            }
        }
        if let Some(pos) = response.hover_pos().and_then(|p| self.char_at(p)) {
            out.hover_pos = Some(pos);
            let under = input.cover.covering(pos);
            if !under.is_empty() && self.drag_anchor.is_none() {
                let frames = input.session.annotations().frames();
                response.clone().on_hover_ui_at_pointer(|ui| {
                    for (n, &i) in under.iter().enumerate() {
                        if n > 0 {
                            ui.separator();
                        }
                        frame_summary(ui, input.session, &frames[i]);
                    }
                });
            }
        }
    }
}

/// A frame as a few labelled lines (tooltips and the editor header).
pub fn frame_summary(ui: &mut egui::Ui, session: &Session, f: &Frame) {
    let stance = session
        .schema
        .stance(&f.stance)
        .map_or(f.stance.as_str(), |s| s.name.as_str());
    ui.strong(format!("{} · {}", f.id, stance));
    let participant = |p: &Option<crate::model::Participant>| -> String {
        let Some(p) = p else { return "—".into() };
        let span = p.span.as_ref().map(|q| format!("“{}”", q.display_text()));
        let ent = p.entity.as_ref().map(|id| {
            session
                .annotations()
                .entity(id)
                .map_or(id.clone(), |e| e.name.clone())
        });
        match (span, ent) {
            (Some(s), Some(e)) => format!("{s} → {e}"),
            (Some(s), None) => s,
            (None, Some(e)) => e,
            (None, None) => "—".into(),
        }
    };
    ui.label(format!("claim: “{}”", f.claim.display_text()));
    ui.label(format!("source: {}", participant(&f.source)));
    ui.label(format!(
        "cue: {}",
        f.cue
            .as_ref()
            .map_or("—".into(), |q| format!("“{}”", q.display_text()))
    ));
    ui.label(format!("target: {}", participant(&f.target)));
    if !f.note.is_empty() {
        ui.label(format!("note: {}", f.note));
    }
}

/// One highlight section of a paragraph: a document span with its background (premultiplied
/// RGBA) and an optional underline colour. Hashable, so it keys the galley cache.
#[derive(Debug, Clone, PartialEq, Hash)]
struct Section {
    span: Span,
    bg: [u8; 4],
    underline: Option<[u8; 3]>,
}

/// The highlight sections covering paragraph `para` exactly, in order.
fn sections(para: Span, input: &ArticleInput<'_>) -> Vec<Section> {
    let frames = input.session.annotations().frames();
    let schema = &input.session.schema;
    let t = input.tokens;
    let over = input.cover.overlapping(para);
    let mut cuts = vec![para.start, para.end];
    for &i in &over {
        for s in frames[i].claim.spans() {
            cuts.extend([s.start, s.end]);
        }
    }
    let sel = input.selection.span();
    cuts.extend([sel.start, sel.end]);
    if let Some(m) = input.find_match {
        cuts.extend([m.start, m.end]);
    }
    cuts.retain(|&c| para.start <= c && c <= para.end);
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len());
    if para.is_empty() {
        out.push(Section {
            span: para,
            bg: [0; 4],
            underline: None,
        });
        return out;
    }
    for w in cuts.windows(2) {
        let seg = Span::new(w[0], w[1]);
        // Covering claims, outermost (longest) first so inner ones paint on top.
        let mut covering: Vec<&Frame> = over
            .iter()
            .map(|&i| &frames[i])
            .filter(|f| f.claim.covers(seg.start))
            .collect();
        covering.sort_by_key(|f| std::cmp::Reverse(f.claim.len_chars()));
        let mut layers: Vec<Color32> = covering
            .iter()
            .map(|f| t.claim_fill(schema.stance(&f.stance).map_or([128; 3], |s| s.rgb())))
            .collect();
        if input.find_match.is_some_and(|m| m.contains(seg.start)) {
            layers.push(t.find_bg);
        }
        if !sel.is_empty() && sel.contains(seg.start) {
            layers.push(t.selection_bg);
        }
        let underline = (covering.len() >= 2).then(|| {
            let inner = covering[covering.len() - 1];
            let c = t.stance_line(schema.stance(&inner.stance).map_or([128; 3], |s| s.rgb()));
            [c.r(), c.g(), c.b()]
        });
        out.push(Section {
            span: seg,
            bg: stack(&layers).to_array(),
            underline,
        });
    }
    out
}
