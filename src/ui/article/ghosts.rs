//! Suggested frames drawn as ghosts: each claim fragment outlined with a dashed line in the
//! desaturated stance colour (real frames are filled, so the two never look alike); the current
//! one with a solid outline and its source and cue marked like a selected frame's.
//!
//! A long article shows hundreds of ghosts at once. Drawn as dashed-line shapes they were found
//! by a pass over every suggestion, rebuilt and tessellated (some hundred segments per outline)
//! in every frame, which cost several times the rest of an idle frame. Here:
//! - which ghost fragments lie in which paragraph is indexed once per list of shown suggestions
//!   ([`GhostIndex`], keyed by the list's generation, see [`crate::ui::suggestions`]);
//! - only the shown paragraphs inside the clip rectangle are drawn;
//! - a paragraph's outlines are one mesh, kept while the paragraph's layout, its place on screen,
//!   the list, the current ghost and the pixel density stay the same; and an outline edge is one
//!   quad whose dashes come from a small repeating texture ([`DashTexture`]), not a
//!   tessellated segment per dash. Edges sit on whole pixels, as the text does.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::epaint::{Mesh, Vertex};
use egui::{Color32, ColorImage, Pos2, Rect, Shape, Stroke, TextureHandle, TextureOptions};

use super::{ArticleInput, ArticleView, Shown};
use crate::model::{PendingSuggestion, Span};
use crate::session::view::Paragraphs;

/// Length of a dash and of the gap after it, in points.
const DASH: f32 = 3.0;
/// Width of a ghost's outline, in points (at least one pixel).
const WIDTH: f32 = 1.2;

/// The ghosts' drawing state kept across frames.
#[derive(Default)]
pub(super) struct Ghosts {
    index: GhostIndex,
    /// Per paragraph drawn last frame: the key its mesh was built for, and the mesh.
    meshes: HashMap<usize, (u64, Arc<Mesh>)>,
    texture: Option<TextureHandle>,
    /// Meshes built (not taken from the cache) so far, for tests of the cache.
    pub(super) built: u64,
}

/// The ghosts' claim fragments by paragraph: `(paragraph, ghost, fragment)`, sorted by
/// paragraph, ghosts in list order within one. A fragment over several paragraphs is listed in
/// each.
#[derive(Default)]
pub(super) struct GhostIndex {
    /// The list it was built for: its generation and length.
    key: Option<(u64, usize)>,
    items: Vec<(usize, usize, Span)>,
}

impl GhostIndex {
    fn follow(&mut self, paras: &Paragraphs, ghosts: &[PendingSuggestion], generation: u64) {
        let key = (generation, ghosts.len());
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        self.items.clear();
        for (g, s) in ghosts.iter().enumerate() {
            for span in s.claim.spans() {
                let first = paras.index_of(span.start);
                let last = paras.index_of(span.end.saturating_sub(1).max(span.start));
                self.items.extend((first..=last).map(|p| (p, g, span)));
            }
        }
        // Stable: ghosts stay in list order within a paragraph.
        self.items.sort_by_key(|&(p, _, _)| p);
    }

    /// The fragments in paragraph `p`.
    fn of(&self, p: usize) -> &[(usize, usize, Span)] {
        let lo = self.items.partition_point(|&(q, _, _)| q < p);
        let hi = self.items.partition_point(|&(q, _, _)| q <= p);
        &self.items[lo..hi]
    }
}

/// A repeating texture of one dash and one gap: an outline edge is one quad whose texture
/// coordinate runs along it, one unit per dash and gap.
struct DashTexture;

impl DashTexture {
    /// Six texels (three dashes, three gaps) so that each texel is half a point at any size
    /// the pattern is drawn: sampled nearest, the dashes have sharp ends.
    fn load(ctx: &egui::Context) -> TextureHandle {
        let (on, off) = (Color32::WHITE, Color32::TRANSPARENT);
        let image = ColorImage::new([6, 1], vec![on, on, on, off, off, off]);
        let options = TextureOptions {
            wrap_mode: egui::TextureWrapMode::Repeat,
            ..TextureOptions::NEAREST
        };
        ctx.load_texture("ghost-dash", image, options)
    }
}

impl ArticleView {
    /// The ghosts of the shown paragraphs in the clip rectangle, and the current ghost.
    pub(super) fn paint_ghosts(&mut self, ui: &egui::Ui, input: &ArticleInput<'_>) {
        let gh = &mut self.ghosts;
        gh.index
            .follow(&self.paras, input.ghosts, input.ghosts_generation);
        if input.ghosts.is_empty() {
            gh.meshes.clear();
            return;
        }
        let texture = gh
            .texture
            .get_or_insert_with(|| DashTexture::load(ui.ctx()))
            .id();
        let ppp = ui.ctx().pixels_per_point();
        let clip = ui.clip_rect();
        let painter = ui.painter();
        let mut drawn = HashMap::with_capacity(gh.meshes.len());
        for s in self.shown.iter().filter(|s| s.rect.intersects(clip)) {
            let items = gh.index.of(s.index);
            if items.is_empty() {
                continue;
            }
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (s.key, gh.index.key, input.current_ghost, input.tokens.dark).hash(&mut h);
            (
                ppp.to_bits(),
                s.rect.min.x.to_bits(),
                s.rect.min.y.to_bits(),
            )
                .hash(&mut h);
            let key = h.finish();
            let mesh = match gh.meshes.remove(&s.index) {
                Some((k, m)) if k == key => m,
                _ => {
                    gh.built += 1;
                    let para = self.paras.span(s.index);
                    Arc::new(paragraph_mesh(s, para, items, input, texture, ppp))
                }
            };
            painter.add(Shape::Mesh(Arc::clone(&mesh)));
            drawn.insert(s.index, (key, mesh));
        }
        gh.meshes = drawn;
        if let Some(g) = input.current_ghost.and_then(|i| input.ghosts.get(i)) {
            self.paint_current_ghost(ui, g, input);
        }
    }

    /// The current ghost: a solid outline, its source underlined and its cue dotted.
    fn paint_current_ghost(&self, ui: &egui::Ui, g: &PendingSuggestion, input: &ArticleInput) {
        let t = input.tokens;
        let painter = ui.painter();
        let rgb = (input.session.schema.stance(&g.stance)).map_or([128; 3], |s| s.rgb());
        let colour = t.ghost_line(rgb);
        for span in g.claim.spans() {
            for rect in self.span_rects(span) {
                painter.rect_stroke(
                    rect.expand(1.0),
                    2.0,
                    Stroke::new(2.0, colour),
                    egui::StrokeKind::Outside,
                );
            }
        }
        let source = g.source.as_ref().and_then(|p| p.span.as_ref());
        for span in source.into_iter().flat_map(|q| q.spans()) {
            for rect in self.span_rects(span) {
                let y = rect.max.y + 1.0;
                painter.line_segment(
                    [Pos2::new(rect.min.x, y), Pos2::new(rect.max.x, y)],
                    Stroke::new(2.0, t.source),
                );
            }
        }
        for span in g.cue.iter().flat_map(|q| q.spans()) {
            for rect in self.span_rects(span) {
                let y = rect.max.y + 1.5;
                let mut x = rect.min.x + 1.5;
                while x < rect.max.x {
                    painter.circle_filled(Pos2::new(x, y), 1.4, t.cue);
                    x += 5.0;
                }
            }
        }
    }

    /// Number of ghost meshes built so far (not taken from the cache).
    pub fn ghost_meshes_built(&self) -> u64 {
        self.ghosts.built
    }

    /// The screen rectangles the ghosts of last frame were outlined around (a rectangle per
    /// row of each fragment, in the paragraphs drawn), as the meshes hold them.
    pub fn ghost_outlines(&self) -> Vec<Rect> {
        let mut out = Vec::new();
        for (_, mesh) in self.ghosts.meshes.values() {
            // Four edges of one outline: 16 vertices, the top edge's first four.
            for outline in mesh.vertices.chunks(16) {
                let r = Rect::from_points(&outline.iter().map(|v| v.pos).collect::<Vec<_>>());
                out.push(r);
            }
        }
        out.sort_by(|a, b| (a.min.y, a.min.x).partial_cmp(&(b.min.y, b.min.x)).unwrap());
        out
    }
}

/// The dashed outlines of paragraph `s`'s ghost fragments `items` (the current ghost left out:
/// it is drawn on its own), in screen positions.
fn paragraph_mesh(
    s: &Shown,
    para: Span,
    items: &[(usize, usize, Span)],
    input: &ArticleInput<'_>,
    texture: egui::TextureId,
    ppp: f32,
) -> Mesh {
    let mut mesh = Mesh::with_texture(texture);
    let schema = &input.session.schema;
    for &(_, g, span) in items {
        if input.current_ghost == Some(g) {
            continue;
        }
        let Some(part) = para.intersection(span) else {
            continue;
        };
        let ghost = &input.ghosts[g];
        let rgb = schema.stance(&ghost.stance).map_or([128; 3], |l| l.rgb());
        let colour = input.tokens.ghost_line(rgb);
        for r in s.laid.rects(part.start - para.start, part.end - para.start) {
            let r = r.translate(s.rect.min.to_vec2()).expand(1.0);
            dashed_outline(&mut mesh, r, colour, ppp);
        }
    }
    mesh
}

/// A dashed outline just outside `r`: four quads on whole pixels, the dash pattern running on
/// round the rectangle (top left to right, down, back, up) as along a dashed path.
fn dashed_outline(mesh: &mut Mesh, r: Rect, colour: Color32, ppp: f32) {
    let w = (WIDTH * ppp).round().max(1.0) / ppp;
    // The edge's band of whole pixels centred on `v`.
    let band = |v: f32| {
        let a = ((v - w / 2.0) * ppp).round() / ppp;
        (a, a + w)
    };
    let (t, b) = (band(r.min.y), band(r.max.y));
    let (l, rt) = (band(r.min.x), band(r.max.x));
    let (width, height) = (rt.1 - l.0, b.1 - t.0);
    let period = 2.0 * DASH;
    let mut u = 0.0;
    // top, left to right
    quad(
        mesh,
        [l.0, t.0, rt.1, t.1],
        [u, u + width / period],
        true,
        colour,
    );
    u += width / period;
    // right, top to bottom
    quad(
        mesh,
        [rt.0, t.0, rt.1, b.1],
        [u, u + height / period],
        false,
        colour,
    );
    u += height / period;
    // bottom, right to left
    quad(
        mesh,
        [l.0, b.0, rt.1, b.1],
        [u + width / period, u],
        true,
        colour,
    );
    u += width / period;
    // left, bottom to top
    quad(
        mesh,
        [l.0, t.0, l.1, b.1],
        [u + height / period, u],
        false,
        colour,
    );
}

/// A quad over `[x0, y0, x1, y1]` whose texture coordinate runs from `u[0]` at the left (or
/// top) to `u[1]` at the right (or bottom).
fn quad(mesh: &mut Mesh, [x0, y0, x1, y1]: [f32; 4], u: [f32; 2], along_x: bool, colour: Color32) {
    let i = mesh.vertices.len() as u32;
    let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];
    // Which end of the edge each corner is at.
    let ends = if along_x { [0, 1, 1, 0] } else { [0, 0, 1, 1] };
    for ((x, y), e) in corners.into_iter().zip(ends) {
        mesh.vertices.push(Vertex {
            pos: Pos2::new(x, y),
            uv: Pos2::new(u[e], 0.5),
            color: colour,
        });
    }
    mesh.add_triangle(i, i + 1, i + 2);
    mesh.add_triangle(i, i + 2, i + 3);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outline_is_four_edges_on_whole_pixels_with_the_pattern_running_round() {
        let mut mesh = Mesh::default();
        // 12 × 6 points at 1 pixel per point: one-pixel edges (1.2 rounds to 1).
        dashed_outline(
            &mut mesh,
            Rect::from_min_max(Pos2::new(10.2, 20.0), Pos2::new(22.2, 26.0)),
            Color32::RED,
            1.0,
        );
        assert_eq!(mesh.vertices.len(), 16);
        assert_eq!(mesh.indices.len(), 24);
        let top: Vec<Pos2> = mesh.vertices[0..4].iter().map(|v| v.pos).collect();
        // 10.2 − 0.5 = 9.7 → pixel 10; 20 − 0.5 = 19.5 → 20 (round half away from zero).
        assert_eq!(top[0], Pos2::new(10.0, 20.0));
        assert_eq!(top[2], Pos2::new(23.0, 21.0));
        // The top edge spans 13 points: 13 / 6 periods of the pattern; the right edge goes
        // on from there.
        assert_eq!(mesh.vertices[0].uv.x, 0.0);
        assert!((mesh.vertices[1].uv.x - 13.0 / 6.0).abs() < 1e-6);
        assert!((mesh.vertices[4].uv.x - 13.0 / 6.0).abs() < 1e-6);
        // At 2 pixels per point, 1.2 points is 2 pixels: one point.
        let mut hi = Mesh::default();
        let r = Rect::from_min_max(Pos2::new(10.0, 20.0), Pos2::new(22.0, 26.0));
        dashed_outline(&mut hi, r, Color32::RED, 2.0);
        let v = &hi.vertices;
        assert_eq!(v[2].pos.y - v[0].pos.y, 1.0);
    }
}
