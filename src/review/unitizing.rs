//! Krippendorff's unitizing alpha (α_U) over one continuum.
//!
//! The measure of Krippendorff (1995, "On the reliability of unitizing contiguous data"; 2004,
//! *Content Analysis*, 2nd ed.) as implemented in DKPro Statistics'
//! `KrippendorffAlphaUnitizingAgreement`, which INCEpTION reports for spans. For one category `c`
//! on a continuum `[0, L)` annotated by `R` raters, each rater's `c`-units and the gaps between
//! them tile the continuum; then
//!
//! - **observed disagreement** `D_o(c) = 2/(R(R−1)L²) · Σ_{rater pairs} Σ_{intersecting pieces}
//!   δ`, where `δ = Δbegin² + Δend²` for two overlapping units, `δ = l²` for a unit of length `l`
//!   lying entirely inside the other rater's gap, and 0 otherwise;
//! - **expected disagreement** `D_e(c) = 2/L · Σ_{units u} [ (N_c − 1)·l_u(l_u − 1)(2l_u − 1)/3 +
//!   l_u² · Σ_{gaps g, |g| ≥ l_u} (|g| − l_u + 1) ] / (RL(RL − 1) − Σ_u l_u(l_u − 1))`, summing
//!   over the units and gaps of all raters, with `N_c` the number of `c`-units;
//! - `α_c = 1 − D_o(c)/D_e(c)`, and the overall `α_U = 1 − mean_c D_o(c) / mean_c D_e(c)` over the
//!   categories that occur (DKPro's averaging).
//!
//! Like DKPro, units of one category by one rater must not overlap: overlapping (not merely
//! touching) units of one rater and category are merged into their union here, and zero-length
//! units, which carry no mass, are ignored. A category without units, or a study with fewer than
//! two raters, is undefined rather than NaN.
//!
//! Cost: O(units · log units) per category; the sums are exact integers (u128) until the final
//! division.

use super::score::{Score, Undefined};

/// A unitizing study: raters' categorized segments on `[0, length)`.
#[derive(Debug, Clone)]
pub struct UnitizingStudy {
    length: u64,
    raters: usize,
    /// `units[c][r]`: rater `r`'s units of category `c`, sorted, non-overlapping, non-empty.
    units: Vec<Vec<Vec<(u64, u64)>>>,
}

impl UnitizingStudy {
    /// An empty study of `raters` raters over a continuum of `length` positions.
    pub fn new(length: u64, raters: usize) -> Self {
        UnitizingStudy {
            length,
            raters,
            units: Vec::new(),
        }
    }

    /// Adds rater `rater`'s unit `[start, end)` of category `category`, clipped to the
    /// continuum. Empty units are ignored. Call [`UnitizingStudy::finish`] before measuring.
    pub fn add(&mut self, rater: usize, category: usize, start: u64, end: u64) {
        let end = end.min(self.length);
        if start >= end || rater >= self.raters {
            return;
        }
        if self.units.len() <= category {
            self.units
                .resize_with(category + 1, || vec![Vec::new(); self.raters]);
        }
        self.units[category][rater].push((start, end));
    }

    /// Sorts each rater's units and merges overlapping ones of the same category.
    pub fn finish(&mut self) {
        for cat in &mut self.units {
            for list in cat.iter_mut() {
                list.sort_unstable();
                let mut merged: Vec<(u64, u64)> = Vec::with_capacity(list.len());
                for &(s, e) in list.iter() {
                    match merged.last_mut() {
                        Some(last) if s < last.1 => last.1 = last.1.max(e),
                        _ => merged.push((s, e)),
                    }
                }
                *list = merged;
            }
        }
    }

    /// The category ids that have at least one unit.
    pub fn categories(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.units.len()).filter(|&c| self.units[c].iter().any(|l| !l.is_empty()))
    }

    /// `D_o(c)`.
    pub fn observed(&self, category: usize) -> f64 {
        let (r, l) = (self.raters as u128, self.length as u128);
        if r < 2 || l == 0 {
            return 0.0;
        }
        let Some(cat) = self.units.get(category) else {
            return 0.0;
        };
        let mut sum: u128 = 0;
        for r1 in 0..cat.len() {
            for r2 in r1 + 1..cat.len() {
                sum += pair_disagreement(&cat[r1], &cat[r2], self.length);
            }
        }
        (2 * sum) as f64 / (r * (r - 1)) as f64 / (l * l) as f64
    }

    /// `D_e(c)`.
    pub fn expected(&self, category: usize) -> f64 {
        let (r, l) = (self.raters as u128, self.length as u128);
        let Some(cat) = self.units.get(category) else {
            return 0.0;
        };
        if r < 2 || l == 0 {
            return 0.0;
        }
        let mut gaps: Vec<u64> = Vec::new();
        for list in cat {
            gaps.extend(
                Pieces::new(list, self.length)
                    .filter(|p| !p.unit)
                    .map(|p| p.len()),
            );
        }
        gaps.sort_unstable();
        // suffix[i] = Σ gaps[i..]
        let mut suffix = vec![0u128; gaps.len() + 1];
        for i in (0..gaps.len()).rev() {
            suffix[i] = suffix[i + 1] + gaps[i] as u128;
        }
        let n_c: u128 = cat.iter().map(|list| list.len() as u128).sum();
        let (mut num, mut sq) = (0u128, 0u128);
        for &(s, e) in cat.iter().flatten() {
            let len = (e - s) as u128;
            sq += len * (len - 1);
            num += (n_c - 1) * len * (len - 1) * (2 * len - 1) / 3;
            // Gaps at least as long as the unit: Σ (g − len + 1) = Σ g − k·(len − 1).
            let first = gaps.partition_point(|&g| (g as u128) < len);
            let k = (gaps.len() - first) as u128;
            num += len * len * (suffix[first] - k * (len - 1));
        }
        let den = r * l * (r * l - 1) - sq;
        num as f64 * 2.0 / l as f64 / den as f64
    }

    /// `α_c`, the agreement on one category.
    pub fn category_alpha(&self, category: usize) -> Score {
        if self.raters < 2 {
            return Score::Undefined(Undefined::TooFewAnnotators);
        }
        let d_e = self.expected(category);
        if d_e <= 0.0 {
            return Score::Undefined(Undefined::NoSpans);
        }
        Score::finite(1.0 - self.observed(category) / d_e, Undefined::NoSpans)
    }

    /// Overall `α_U`: one minus the ratio of the category means of `D_o` and `D_e`.
    pub fn alpha(&self) -> Score {
        if self.raters < 2 {
            return Score::Undefined(Undefined::TooFewAnnotators);
        }
        let (mut d_o, mut d_e, mut n) = (0.0, 0.0, 0usize);
        for c in self.categories() {
            d_o += self.observed(c);
            d_e += self.expected(c);
            n += 1;
        }
        if n == 0 || d_e <= 0.0 {
            return Score::Undefined(Undefined::NoSpans);
        }
        Score::finite(
            1.0 - (d_o / n as f64) / (d_e / n as f64),
            Undefined::NoSpans,
        )
    }
}

/// One piece of a rater's tiling of the continuum: a unit or a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    start: u64,
    end: u64,
    unit: bool,
}

impl Piece {
    fn len(&self) -> u64 {
        self.end - self.start
    }
}

/// Units and the gaps between them, in order, tiling `[0, length)`.
struct Pieces<'a> {
    units: &'a [(u64, u64)],
    next: usize,
    pos: u64,
    length: u64,
}

impl<'a> Pieces<'a> {
    fn new(units: &'a [(u64, u64)], length: u64) -> Self {
        Pieces {
            units,
            next: 0,
            pos: 0,
            length,
        }
    }
}

impl Iterator for Pieces<'_> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        if self.pos >= self.length {
            return None;
        }
        let piece = match self.units.get(self.next) {
            Some(&(s, e)) if s <= self.pos => {
                self.next += 1;
                Piece {
                    start: self.pos,
                    end: e,
                    unit: true,
                }
            }
            Some(&(s, _)) => Piece {
                start: self.pos,
                end: s,
                unit: false,
            },
            None => Piece {
                start: self.pos,
                end: self.length,
                unit: false,
            },
        };
        self.pos = piece.end;
        Some(piece)
    }
}

/// Σ δ over the intersecting pieces of two raters' tilings.
fn pair_disagreement(a: &[(u64, u64)], b: &[(u64, u64)], length: u64) -> u128 {
    let mut pa = Pieces::new(a, length);
    let mut pb = Pieces::new(b, length);
    let (mut x, mut y) = (pa.next(), pb.next());
    let mut sum = 0u128;
    while let (Some(p), Some(q)) = (x, y) {
        sum += distance(p, q);
        match p.end.cmp(&q.end) {
            std::cmp::Ordering::Less => x = pa.next(),
            std::cmp::Ordering::Greater => y = pb.next(),
            std::cmp::Ordering::Equal => {
                x = pa.next();
                y = pb.next();
            }
        }
    }
    sum
}

/// δ between two intersecting pieces of different raters.
fn distance(p: Piece, q: Piece) -> u128 {
    let sq = |a: u64, b: u64| (a.abs_diff(b) as u128).pow(2);
    match (p.unit, q.unit) {
        (true, true) if p.start < q.end && q.start < p.end => {
            sq(p.start, q.start) + sq(p.end, q.end)
        }
        (true, false) if q.start <= p.start && p.end <= q.end => (p.len() as u128).pow(2),
        (false, true) if p.start <= q.start && q.end <= p.end => (q.len() as u128).pow(2),
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
