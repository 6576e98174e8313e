//! What is drawn over the laid-out text: the selected frame's claim, source, cue and target,
//! each in its own style, and the overlay of another source of highlights (Review mode's
//! annotator bands). Drawn over the galleys, so none of it changes the galley cache.

use egui::{Color32, Pos2, Rect, Stroke, Vec2};

use super::super::theme::Tokens;
use super::{ArticleInput, ArticleView};
use crate::model::{Span, SpanRole};

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
    pub(super) fn half_gap(&self) -> f32 {
        if self.lanes == 0 {
            0.0
        } else {
            self.lanes as f32 * LANE + 2.0
        }
    }
}

impl ArticleView {
    /// Outlines of the selected frame's claim, source, cue and target, each in its own style.
    pub(super) fn paint_roles(&self, ui: &egui::Ui, input: &ArticleInput<'_>) {
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
    pub(super) fn paint_overlay(&self, ui: &egui::Ui, overlay: &Overlay, t: Tokens) {
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

    /// Screen rectangles of a document span in the paragraphs shown last frame (what the
    /// selected frame's outline is drawn around).
    pub fn span_screen_rects(&self, span: Span) -> Vec<Rect> {
        self.span_rects(span)
    }

    /// Screen rectangles (one per wrapped row, or visual piece of a row) of a document span, for shown paragraphs.
    pub(super) fn span_rects(&self, span: Span) -> Vec<Rect> {
        let mut out = Vec::new();
        for s in &self.shown {
            let p = self.paras.span(s.index);
            let Some(part) = p.intersection(span) else {
                continue;
            };
            let (a, b) = (part.start - p.start, part.end - p.start);
            out.extend(
                s.laid
                    .rects(a, b)
                    .into_iter()
                    .map(|r| r.translate(s.rect.min.to_vec2())),
            );
        }
        out
    }
}
