//! The stance map as a matrix: sources down, targets across, one cell per pair with its frames
//! per stance, for a view that colours each cell by its dominant stance.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{NodeId, StanceMap};

/// Sources down, targets across: the edges of a map as a matrix for drawing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Matrix {
    /// Nodes with outgoing edges, most frames as source first (then by id).
    pub sources: Vec<NodeId>,
    /// Nodes with incoming edges, most frames as target first (then by id).
    pub targets: Vec<NodeId>,
    /// The non-empty cells, by (source index, target index).
    pub cells: Vec<Cell>,
}

/// One cell of the [`Matrix`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub source: usize,
    pub target: usize,
    pub total: usize,
    /// Frames per stance, most first (then by stance id).
    pub by_stance: Vec<(String, usize)>,
}

impl Cell {
    /// The stance with the most frames (the first of [`Cell::by_stance`]).
    pub fn dominant(&self) -> &str {
        self.by_stance.first().map_or("", |(s, _)| s.as_str())
    }
}

impl Matrix {
    pub(crate) fn of(map: &StanceMap) -> Matrix {
        let mut out_edges: BTreeMap<&NodeId, usize> = BTreeMap::new();
        let mut in_edges: BTreeMap<&NodeId, usize> = BTreeMap::new();
        for e in &map.edges {
            *out_edges.entry(&e.source).or_default() += e.count.total;
            *in_edges.entry(&e.target).or_default() += e.count.total;
        }
        let order = |m: BTreeMap<&NodeId, usize>| {
            let mut v: Vec<(&NodeId, usize)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            v.into_iter().map(|(id, _)| id.clone()).collect::<Vec<_>>()
        };
        let sources = order(out_edges);
        let targets = order(in_edges);
        let index = |v: &[NodeId]| -> HashMap<NodeId, usize> {
            v.iter()
                .enumerate()
                .map(|(i, id)| (id.clone(), i))
                .collect()
        };
        let (si, ti) = (index(&sources), index(&targets));
        let mut cells: BTreeMap<(usize, usize), Vec<(String, usize)>> = BTreeMap::new();
        for e in &map.edges {
            cells
                .entry((si[&e.source], ti[&e.target]))
                .or_default()
                .push((e.stance.clone(), e.count.total));
        }
        let cells = cells
            .into_iter()
            .map(|((source, target), mut by_stance)| {
                by_stance.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                Cell {
                    source,
                    target,
                    total: by_stance.iter().map(|(_, n)| n).sum(),
                    by_stance,
                }
            })
            .collect();
        Matrix {
            sources,
            targets,
            cells,
        }
    }
}
