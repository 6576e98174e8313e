//! Node positions for drawing a stance map as a network.
//!
//! [`Layout::of`] is deterministic: the same map gives the same positions on every run and
//! machine (start positions come from a fixed hash of each node id, then a fixed number of
//! force-directed steps, Fruchterman–Reingold, edges pulling by the square root of their
//! count). A view keeps the layout of the unfiltered map and draws every filtered map with it
//! ([`Layout::position`]), so nodes stay where they are while filters change; a node the layout
//! has not seen gets its hash position.
//!
//! The force steps cost O(n²) per step, so only the [`FORCE_NODES`] nodes with the most frames
//! are placed by force; the rest sit on a ring around them, in id order.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{NodeId, StanceMap};

/// How many nodes (those with the most frames) are placed by the force steps.
pub const FORCE_NODES: usize = 400;
/// Positions lie within a square of this half-width around the origin.
pub const EXTENT: f64 = 500.0;
const STEPS: usize = 200;
/// The pull towards the centre, relative to one unit of repulsion at the ideal edge length.
const GRAVITY: f64 = 4.0;

/// Node positions (x, y), within [-[`EXTENT`], [`EXTENT`]].
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Layout {
    positions: BTreeMap<NodeId, [f64; 2]>,
}

impl Layout {
    /// Lays out the nodes of `map` (see the module docs).
    pub fn of(map: &StanceMap) -> Layout {
        let mut by_frames: Vec<(&NodeId, usize)> =
            map.nodes.iter().map(|n| (&n.id, n.frames())).collect();
        by_frames.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let split = by_frames.len().min(FORCE_NODES);
        let mut core: Vec<&NodeId> = by_frames[..split].iter().map(|(id, _)| *id).collect();
        core.sort();
        let mut rest: Vec<&NodeId> = by_frames[split..].iter().map(|(id, _)| *id).collect();
        rest.sort();

        let index: HashMap<&NodeId, usize> =
            core.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let mut weights = Weights::new();
        for e in &map.edges {
            if let (Some(&a), Some(&b)) = (index.get(&e.source), index.get(&e.target)) {
                if a != b {
                    *weights.entry((a.min(b), a.max(b))).or_default() += e.count.total as f64;
                }
            }
        }
        let mut pos: Vec<[f64; 2]> = core.iter().map(|id| hash_position(id)).collect();
        force_steps(&mut pos, &weights);
        fit(&mut pos, EXTENT * 0.8);

        let mut positions: BTreeMap<NodeId, [f64; 2]> = core
            .iter()
            .zip(pos)
            .map(|(id, p)| ((*id).clone(), p))
            .collect();
        for (i, id) in rest.iter().enumerate() {
            let angle = std::f64::consts::TAU * i as f64 / rest.len() as f64;
            positions.insert((*id).clone(), [EXTENT * angle.cos(), EXTENT * angle.sin()]);
        }
        Layout { positions }
    }

    /// The position of `id`: from the layout, else its hash position.
    pub fn position(&self, id: &NodeId) -> [f64; 2] {
        self.positions
            .get(id)
            .copied()
            .unwrap_or_else(|| hash_position(id))
    }

    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }
}

/// A start position from the FNV-1a hash of the id: the same on every machine.
fn hash_position(id: &NodeId) -> [f64; 2] {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.as_str().bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let unit = |bits: u64| (bits & 0xffff_ffff) as f64 / f64::from(u32::MAX);
    [
        EXTENT * (2.0 * unit(h) - 1.0),
        EXTENT * (2.0 * unit(h >> 32) - 1.0),
    ]
}

/// Edge weights between node indexes `(low, high)`.
type Weights = BTreeMap<(usize, usize), f64>;

/// Fruchterman–Reingold steps with a linearly cooling step limit.
fn force_steps(pos: &mut [[f64; 2]], weights: &Weights) {
    let n = pos.len();
    if n < 2 {
        return;
    }
    let side = 2.0 * EXTENT;
    let k = (side * side / n as f64).sqrt();
    let mut disp = vec![[0.0f64; 2]; n];
    for step in 0..STEPS {
        disp.iter_mut().for_each(|d| *d = [0.0, 0.0]);
        for i in 0..n {
            for j in i + 1..n {
                let (dx, dy, d) = delta(pos[i], pos[j]);
                let f = k * k / d;
                disp[i][0] += dx / d * f;
                disp[i][1] += dy / d * f;
                disp[j][0] -= dx / d * f;
                disp[j][1] -= dy / d * f;
            }
        }
        for (&(i, j), w) in weights {
            let (dx, dy, d) = delta(pos[i], pos[j]);
            let f = d * d / k * w.sqrt();
            disp[i][0] -= dx / d * f;
            disp[i][1] -= dy / d * f;
            disp[j][0] += dx / d * f;
            disp[j][1] += dy / d * f;
        }
        // Gravity towards the centre: without it, repulsion drives every node of a small
        // component (a lone source and its one target) to the border, and fitting the result
        // into the view squeezes the connected core into a crowded knot in the middle.
        for (p, d) in pos.iter().zip(disp.iter_mut()) {
            d[0] -= p[0] * GRAVITY * k / EXTENT;
            d[1] -= p[1] * GRAVITY * k / EXTENT;
        }
        let limit = side / 10.0 * (1.0 - step as f64 / STEPS as f64) + 0.5;
        for (p, d) in pos.iter_mut().zip(&disp) {
            let len = (d[0] * d[0] + d[1] * d[1]).sqrt().max(1e-9);
            let m = len.min(limit);
            p[0] = (p[0] + d[0] / len * m).clamp(-side, side);
            p[1] = (p[1] + d[1] / len * m).clamp(-side, side);
        }
    }
}

/// `a - b` and its length, never zero (coincident points are pushed apart along x).
fn delta(a: [f64; 2], b: [f64; 2]) -> (f64, f64, f64) {
    let (dx, dy) = (a[0] - b[0], a[1] - b[1]);
    let d = (dx * dx + dy * dy).sqrt();
    if d < 1e-6 {
        (1e-3, 0.0, 1e-3)
    } else {
        (dx, dy, d)
    }
}

/// Centres the points and scales them into [-half, half].
fn fit(pos: &mut [[f64; 2]], half: f64) {
    if pos.is_empty() {
        return;
    }
    let n = pos.len() as f64;
    let cx = pos.iter().map(|p| p[0]).sum::<f64>() / n;
    let cy = pos.iter().map(|p| p[1]).sum::<f64>() / n;
    let spread = pos
        .iter()
        .map(|p| (p[0] - cx).abs().max((p[1] - cy).abs()))
        .fold(0.0, f64::max);
    let scale = if spread > 0.0 { half / spread } else { 0.0 };
    for p in pos {
        p[0] = (p[0] - cx) * scale;
        p[1] = (p[1] - cy) * scale;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hub with six spokes (the connected core of a map) and four separate pairs of nodes,
    /// started on a fixed spiral.
    fn star_and_pairs() -> (Vec<[f64; 2]>, Weights) {
        let mut weights = BTreeMap::new();
        for spoke in 1..=6 {
            weights.insert((0, spoke), 4.0);
        }
        for pair in 0..4 {
            let a = 7 + 2 * pair;
            weights.insert((a, a + 1), 1.0);
        }
        let pos = (0..15)
            .map(|i| {
                let (r, a) = (20.0 * (i + 1) as f64, i as f64 * 2.4);
                [r * a.cos(), r * a.sin()]
            })
            .collect();
        (pos, weights)
    }

    #[test]
    fn separate_pairs_do_not_squeeze_the_connected_core() {
        let (mut pos, weights) = star_and_pairs();
        force_steps(&mut pos, &weights);
        fit(&mut pos, 400.0);
        // How far the spokes reach from the hub, against the half-width of the whole drawing
        // (400 after fitting): about 178 with the pull towards the centre, 123 without it (the
        // pairs fly to the border and the star shrinks).
        let reach = (1..=6)
            .map(|s| {
                let (dx, dy) = (pos[s][0] - pos[0][0], pos[s][1] - pos[0][1]);
                (dx * dx + dy * dy).sqrt()
            })
            .fold(f64::INFINITY, f64::min);
        assert!(reach > 150.0, "shortest spoke {reach:.1} of 400");
    }

    #[test]
    fn the_steps_are_deterministic() {
        let (mut a, weights) = star_and_pairs();
        let mut b = a.clone();
        force_steps(&mut a, &weights);
        force_steps(&mut b, &weights);
        assert_eq!(a, b);
    }
}
