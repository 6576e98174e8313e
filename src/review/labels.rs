//! Character-level labels: the units of the coding measures (κ, α).
//!
//! The units are the code points of each document's text that are not whitespace
//! (`char::is_whitespace`), pooled over documents. An annotator's label for a unit is the stance
//! id of the claim that covers it (a claim of several fragments covers only its fragments' code
//! points, not the gaps between them); under several claims, their distinct stance ids sorted and
//! joined with `+`; under none, `O`.
//!
//! The labelling sweeps claim boundaries, not characters: between two consecutive boundaries
//! (of any annotator) every annotator's label is constant, so the whole stretch is added to the
//! [`CodingStudy`] as one weighted tuple. Per code point the work is one `is_whitespace` test;
//! nothing is allocated except when a new stance, label combination or tuple first appears.

use std::collections::HashMap;

use crate::model::{AnnotationSet, Document};

use super::coding::CodingStudy;

/// The label of a unit no claim covers.
pub const OUTSIDE: &str = "O";

/// Interns stance ids and label combinations. Label 0 is always [`OUTSIDE`].
#[derive(Debug)]
pub struct Labels {
    stances: HashMap<String, u32>,
    stance_names: Vec<String>,
    combos: HashMap<Vec<u32>, u32>,
    combo_keys: Vec<Vec<u32>>,
}

impl Default for Labels {
    fn default() -> Self {
        let mut combos = HashMap::new();
        combos.insert(Vec::new(), 0);
        Labels {
            stances: HashMap::new(),
            stance_names: Vec::new(),
            combos,
            combo_keys: vec![Vec::new()],
        }
    }
}

impl Labels {
    /// The index of a stance id, interning it.
    pub fn stance(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.stances.get(id) {
            return i;
        }
        let i = self.stance_names.len() as u32;
        self.stances.insert(id.to_owned(), i);
        self.stance_names.push(id.to_owned());
        i
    }

    /// Stance ids by index.
    pub fn stance_names(&self) -> &[String] {
        &self.stance_names
    }

    /// The label id of a set of stance indices (sorted, distinct).
    fn combo(&mut self, key: &[u32]) -> u32 {
        if let Some(&i) = self.combos.get(key) {
            return i;
        }
        let i = self.combo_keys.len() as u32;
        self.combos.insert(key.to_vec(), i);
        self.combo_keys.push(key.to_vec());
        i
    }

    /// The name of label `id`: `O`, a stance id, or stance ids sorted and joined with `+`.
    pub fn label_name(&self, id: u32) -> String {
        let Some(key) = self.combo_keys.get(id as usize) else {
            return String::new();
        };
        if key.is_empty() {
            return OUTSIDE.to_owned();
        }
        let mut names: Vec<&str> = key
            .iter()
            .map(|&s| self.stance_names[s as usize].as_str())
            .collect();
        names.sort_unstable();
        names.join("+")
    }
}

/// Buffers reused from document to document.
#[derive(Debug, Default)]
pub struct LabelScratch {
    /// (position, rater, +1/−1, stance index)
    events: Vec<(usize, usize, i32, u32)>,
    /// `active[r * stances + s]`: how many of rater r's claims of stance s cover the position.
    active: Vec<i32>,
    tuple: Vec<u32>,
    dirty: Vec<bool>,
    key: Vec<u32>,
}

/// Adds the non-whitespace code points of `doc`, labelled by each of `sets` (one per
/// annotator, in the study's annotator order), to `study`. A claim covers the code points of its
/// fragments (not the gaps between them); fragments are clipped to the text; empty or inverted
/// ones cover nothing. Returns the number of units added.
pub fn label_document(
    doc: &Document,
    sets: &[&AnnotationSet],
    labels: &mut Labels,
    study: &mut CodingStudy,
    scratch: &mut LabelScratch,
) -> u64 {
    let len = doc.text.len_chars();
    let raters = sets.len();
    scratch.events.clear();
    for (r, set) in sets.iter().enumerate() {
        for f in set.frames() {
            for span in f.claim.spans() {
                let (start, end) = (span.start.min(len), span.end.min(len));
                if start < end {
                    let s = labels.stance(&f.stance);
                    scratch.events.push((start, r, 1, s));
                    scratch.events.push((end, r, -1, s));
                }
            }
        }
    }
    scratch.events.sort_unstable();
    let stances = labels.stance_names().len();
    scratch.active.clear();
    scratch.active.resize(raters * stances, 0);
    scratch.tuple.clear();
    scratch.tuple.resize(raters, 0);
    scratch.dirty.clear();
    scratch.dirty.resize(raters, false);

    let mut chars = doc.text.as_str().chars();
    let (mut pos, mut i, mut total) = (0usize, 0usize, 0u64);
    loop {
        while let Some(&(p, r, delta, s)) = scratch.events.get(i) {
            if p != pos {
                break;
            }
            scratch.active[r * stances + s as usize] += delta;
            scratch.dirty[r] = true;
            i += 1;
        }
        for r in 0..raters {
            if std::mem::take(&mut scratch.dirty[r]) {
                scratch.key.clear();
                let row = &scratch.active[r * stances..(r + 1) * stances];
                scratch
                    .key
                    .extend((0..stances as u32).filter(|&s| row[s as usize] > 0));
                scratch.tuple[r] = labels.combo(&scratch.key);
            }
        }
        let next = scratch.events.get(i).map_or(len, |e| e.0);
        if next > pos {
            let units = chars
                .by_ref()
                .take(next - pos)
                .filter(|c| !c.is_whitespace())
                .count() as u64;
            study.add(&scratch.tuple, units);
            total += units;
        }
        if i >= scratch.events.len() && next >= len {
            break;
        }
        pos = next;
    }
    total
}
