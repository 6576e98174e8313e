//! The network tab: entities as circles sized by their frames (registry entities filled, unlinked
//! names hollow), one directed edge per (source, target, stance) in the stance's colour and as
//! thick as its count, at the positions of the unfiltered map's layout (so nothing moves while
//! filters change). Drag to pan, scroll (or pinch) to zoom; click a node or an edge to list its
//! frames.

use std::collections::HashMap;

use egui::{Color32, Pos2, Rect, Sense, Stroke, Vec2};

use crate::corpus::layout::{Layout, EXTENT};
use crate::corpus::{NodeId, StanceMap};
use crate::model::Schema;

use super::drill::Pick;
use super::theme::Tokens;
use super::{short, stance_name, stance_rgb};

/// Nodes named before zooming in (those with the most frames).
const LABELLED: usize = 14;

/// Pan and zoom of the network.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Screen offset of the layout's origin from the middle of the canvas.
    pub pan: Vec2,
    pub zoom: f32,
}

impl Default for View {
    fn default() -> Self {
        View {
            pan: Vec2::ZERO,
            zoom: 1.0,
        }
    }
}

impl View {
    /// The screen position of layout position `p` on a canvas `rect`.
    pub fn to_screen(&self, rect: Rect, p: [f64; 2]) -> Pos2 {
        // Each axis fills its side of the canvas (a wide canvas spreads the nodes sideways),
        // but neither is stretched more than twice the other, so the drawing keeps its shape.
        let side = 2.2 * EXTENT as f32;
        let (fx, fy) = (rect.width() / side, rect.height() / side);
        let (fx, fy) = (fx.min(2.0 * fy), fy.min(2.0 * fx));
        rect.center() + self.pan + self.zoom * egui::vec2(fx * p[0] as f32, fy * p[1] as f32)
    }

    /// Zooms by `factor` keeping the layout point under `anchor` where it is.
    pub fn zoom_at(&mut self, rect: Rect, anchor: Pos2, factor: f32) {
        let new_zoom = (self.zoom * factor).clamp(0.2, 20.0);
        let f = new_zoom / self.zoom;
        let from_centre = anchor - rect.center();
        self.pan = from_centre - (from_centre - self.pan) * f;
        self.zoom = new_zoom;
    }
}

/// A node's radius in points: grows with the square root of its frames.
pub fn radius(frames: usize) -> f32 {
    (4.0 + 2.5 * (frames as f32).sqrt()).min(36.0)
}

/// An edge's width in points: grows with the square root of its count.
pub fn width(count: usize) -> f32 {
    (1.0 + 1.2 * (count as f32).sqrt()).min(12.0)
}

/// Distance from `p` to the segment `a`–`b`.
pub fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 == 0.0 {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// One edge as drawn.
struct Drawn {
    pick: Pick,
    from: Pos2,
    to: Pos2,
    hover: String,
}

/// Draws the network; returns the node or edge clicked.
pub fn show(
    ui: &mut egui::Ui,
    view: &mut View,
    map: &StanceMap,
    layout: &Layout,
    schema: &Schema,
    tokens: Tokens,
    picked: Option<&Pick>,
) -> Option<Pick> {
    ui.horizontal(|ui| {
        ui.weak("Drag to pan, scroll to zoom; click a node or an edge for its frames.");
        if ui.button("Reset view").clicked() {
            *view = View::default();
        }
    });
    let (rect, r) = ui.allocate_exact_size(ui.available_size(), Sense::click_and_drag());
    if r.dragged() {
        view.pan += r.drag_delta();
    }
    if r.hovered() {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = pinch * (scroll / 200.0).exp();
        if factor != 1.0 {
            if let Some(p) = r.hover_pos() {
                view.zoom_at(rect, p, factor);
            }
        }
    }
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, tokens.background);
    let pos: HashMap<&NodeId, Pos2> = map
        .nodes
        .iter()
        .map(|n| (&n.id, view.to_screen(rect, layout.position(&n.id))))
        .collect();
    let radii: HashMap<&NodeId, f32> = map
        .nodes
        .iter()
        .map(|n| (&n.id, radius(n.frames()) * view.zoom.sqrt()))
        .collect();
    let label = |id: &NodeId| {
        map.node(id)
            .map_or_else(|| id.to_string(), |n| n.label.clone())
    };

    // Edges of one pair sit side by side, each to the right of its direction (so A→B and
    // B→A never overlap).
    let mut drawn = Vec::new();
    let mut per_pair: HashMap<(&NodeId, &NodeId), usize> = HashMap::new();
    for e in &map.edges {
        let (Some(&a), Some(&b)) = (pos.get(&e.source), pos.get(&e.target)) else {
            continue;
        };
        let rgb = stance_rgb(schema, &e.stance);
        let w = width(e.count.total);
        let k = per_pair.entry((&e.source, &e.target)).or_default();
        let pick = Pick::Edge {
            source: e.source.clone(),
            target: e.target.clone(),
            stance: e.stance.clone(),
        };
        let on = picked == Some(&pick);
        let colour = tokens.stance_line(rgb);
        let hover = format!(
            "{} → {}: {} {}",
            label(&e.source),
            label(&e.target),
            e.count.total,
            stance_name(schema, &e.stance)
        );
        if e.source == e.target {
            let c = a + egui::vec2(0.0, -radii[&e.source] - 6.0 - 3.0 * *k as f32);
            painter.circle_stroke(c, 6.0, Stroke::new(w.min(4.0), colour));
            drawn.push(Drawn {
                pick,
                from: c,
                to: c,
                hover,
            });
            *k += 1;
            continue;
        }
        let dir = (b - a).normalized();
        let right = egui::vec2(-dir.y, dir.x);
        let shift = right * (3.0 + 5.0 * *k as f32);
        *k += 1;
        let from = a + dir * radii[&e.source] + shift;
        let to = b - dir * (radii[&e.target] + 2.0) + shift;
        let stroke = Stroke::new(if on { w + 3.0 } else { w }, colour);
        painter.line_segment([from, to], stroke);
        arrow_head(&painter, from, to, colour, w);
        drawn.push(Drawn {
            pick,
            from,
            to,
            hover,
        });
    }

    // Names of the nodes with the most frames (all of them once zoomed in), so that the names
    // of a crowded middle do not cover each other.
    let mut ranked: Vec<(usize, &NodeId)> = map.nodes.iter().map(|n| (n.frames(), &n.id)).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let named: std::collections::HashSet<&NodeId> = ranked
        .iter()
        .take(if view.zoom >= 2.0 {
            usize::MAX
        } else {
            LABELLED
        })
        .map(|(_, id)| *id)
        .collect();
    let mut node_clicked = None;
    let mut names = Vec::new();
    let pointer = r.hover_pos();
    for n in &map.nodes {
        let p = pos[&n.id];
        let rad = radii[&n.id];
        let pick = Pick::Node(n.id.clone());
        let stroke = Stroke::new(if picked == Some(&pick) { 3.0 } else { 1.5 }, tokens.text);
        if n.linked {
            painter.circle(p, rad, tokens.source.gamma_multiply(0.85), stroke);
        } else {
            painter.circle(p, rad, tokens.background, stroke);
        }
        if named.contains(&n.id) || picked == Some(&pick) {
            names.push((p + egui::vec2(0.0, rad + 2.0), short(&n.label, 24)));
        }
        // Each node on the canvas is a widget of its own: clickable, and named for screen
        // readers.
        let hit = Rect::from_center_size(p, Vec2::splat(2.0 * rad.max(5.0)));
        if !rect.intersects(hit) {
            continue;
        }
        let nr = ui.interact(hit, ui.scope_id().with(("map-node", &n.id)), Sense::click());
        let text = node_label(n);
        nr.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &text));
        if nr.clicked() {
            node_clicked = Some(pick);
        }
        nr.on_hover_text_at_pointer(text);
    }
    // Names over every node and edge, each on a veil of the background so it stays readable.
    let veil = tokens.background.gamma_multiply(0.8);
    for (at, name) in names {
        let galley = painter.layout_no_wrap(name, egui::FontId::proportional(12.0), tokens.text);
        let text_rect = egui::Align2::CENTER_TOP.anchor_size(at, galley.size());
        painter.rect_filled(text_rect.expand(1.0), 2.0, veil);
        painter.galley(text_rect.min, galley, tokens.text);
    }
    if node_clicked.is_some() {
        return node_clicked;
    }
    // The canvas has the pointer only where no node is: the edge nearest to it, if close.
    let hovered = pointer.and_then(|q| {
        drawn
            .iter()
            .filter(|d| distance_to_segment(q, d.from, d.to) <= 5.0)
            .min_by(|x, y| {
                distance_to_segment(q, x.from, x.to)
                    .total_cmp(&distance_to_segment(q, y.from, y.to))
            })
            .map(|d| (d.pick.clone(), d.hover.clone()))
    });
    let clicked = r.clicked();
    match hovered {
        Some((pick, text)) => {
            r.on_hover_text_at_pointer(text);
            clicked.then_some(pick)
        }
        None => None,
    }
}

/// A node's accessible name and hover text: "Ostland: 4 as source, 30 as target".
pub fn node_label(n: &crate::corpus::map::Node) -> String {
    format!(
        "{}{}: {} as source, {} as target",
        n.label,
        if n.linked { "" } else { " (unlinked)" },
        n.as_source.total,
        n.as_target.total
    )
}

fn arrow_head(painter: &egui::Painter, from: Pos2, to: Pos2, colour: Color32, w: f32) {
    let dir = (to - from).normalized();
    let size = 6.0 + w;
    let back = to - dir * size;
    let side = egui::vec2(-dir.y, dir.x) * size * 0.5;
    painter.add(egui::Shape::convex_polygon(
        vec![to, back + side, back - side],
        colour,
        Stroke::NONE,
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zooming_keeps_the_point_under_the_pointer() {
        let rect = Rect::from_min_size(Pos2::ZERO, egui::vec2(1100.0, 800.0));
        let mut v = View::default();
        let p = [120.0, -40.0];
        let before = v.to_screen(rect, p);
        v.zoom_at(rect, before, 2.0);
        let after = v.to_screen(rect, p);
        assert!(before.distance(after) < 1e-3, "{before:?} {after:?}");
        assert_eq!(v.zoom, 2.0);
        // The origin moved away from the pointer by the zoom factor.
        let origin = v.to_screen(rect, [0.0, 0.0]);
        assert!((origin - rect.center() - (rect.center() - before)).length() < 1e-3);
    }

    #[test]
    fn sizes_grow_with_the_square_root() {
        assert_eq!(radius(0), 4.0);
        assert_eq!(radius(4), 9.0);
        assert!((width(1) - 2.2).abs() < 1e-5);
        assert!((width(9) - 4.6).abs() < 1e-5);
        assert_eq!(radius(10_000), 36.0);
    }

    #[test]
    fn segment_distance() {
        let (a, b) = (Pos2::new(0.0, 0.0), Pos2::new(10.0, 0.0));
        assert_eq!(distance_to_segment(Pos2::new(5.0, 3.0), a, b), 3.0);
        assert_eq!(distance_to_segment(Pos2::new(-4.0, 3.0), a, b), 5.0);
        assert_eq!(distance_to_segment(Pos2::new(3.0, 4.0), a, a), 5.0);
    }
}
