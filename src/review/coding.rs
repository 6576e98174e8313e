//! Coding agreement over units that every annotator labels: Cohen's κ, Fleiss' κ and
//! Krippendorff's α (nominal).
//!
//! A [`CodingStudy`] is a histogram of *label tuples*: one tuple holds the label id each of the
//! `R` annotators gave to a unit (or [`MISSING`]), with the number of units that got exactly that
//! tuple. Identical units are counted, not stored, so adding a unit whose tuple was seen before
//! allocates nothing, and every measure costs O(distinct tuples × R²) whatever the unit count.
//!
//! Definitions (standard; `N` units, `R` annotators, `K` labels):
//! - **Cohen's κ** for annotators `i`, `j` over the units both labelled: `(p_o − p_e)/(1 − p_e)`
//!   with `p_o` the share of equal labels and `p_e = Σ_k p_i(k)·p_j(k)` from each one's own
//!   label distribution.
//! - **Fleiss' κ** over the units every annotator labelled: `(P̄ − P̄_e)/(1 − P̄_e)` with
//!   `P̄` the mean over units of `(Σ_k n_k² − R)/(R(R − 1))` and `P̄_e = Σ_k p_k²`.
//! - **Krippendorff's α**, nominal distance, missing values allowed (units with fewer than two
//!   values are not pairable and are dropped): `α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k`
//!   with the coincidence matrix `o_ck = Σ_u (pairs (c,k) in u)/(m_u − 1)` (Krippendorff 2011,
//!   "Computing Krippendorff's Alpha-Reliability").
//!
//! A measure whose expected disagreement is 0 (one label only) is [`Undefined::NoVariation`];
//! with no units it is [`Undefined::NoUnits`].

use std::collections::HashMap;

use super::score::{Score, Undefined};

/// The label id of an annotator who did not label a unit.
pub const MISSING: u32 = u32::MAX;

/// A histogram of label tuples over `raters` annotators.
#[derive(Debug, Clone, Default)]
pub struct CodingStudy {
    raters: usize,
    /// Largest label id seen + 1.
    labels: usize,
    counts: HashMap<Vec<u32>, u64>,
}

impl CodingStudy {
    pub fn new(raters: usize) -> Self {
        CodingStudy {
            raters,
            labels: 0,
            counts: HashMap::new(),
        }
    }

    pub fn raters(&self) -> usize {
        self.raters
    }

    /// Adds `weight` units labelled `tuple` (one label id per annotator, [`MISSING`] allowed).
    /// Allocates only the first time a tuple is seen.
    ///
    /// # Panics
    /// When `tuple.len()` differs from the number of annotators (a caller bug, not user data).
    pub fn add(&mut self, tuple: &[u32], weight: u64) {
        assert_eq!(tuple.len(), self.raters, "one label per annotator");
        if weight == 0 {
            return;
        }
        for &l in tuple {
            if l != MISSING {
                self.labels = self.labels.max(l as usize + 1);
            }
        }
        match self.counts.get_mut(tuple) {
            Some(n) => *n += weight,
            None => {
                self.counts.insert(tuple.to_vec(), weight);
            }
        }
    }

    /// Adds every unit of `other` (same number of annotators).
    pub fn merge(&mut self, other: &CodingStudy) {
        for (t, &w) in &other.counts {
            self.add(t, w);
        }
    }

    /// Number of units (including units with missing labels).
    pub fn units(&self) -> u64 {
        self.counts.values().sum()
    }

    /// The tuples in a fixed order, so that floating-point sums do not depend on hashing.
    fn sorted(&self) -> Vec<(&[u32], u64)> {
        let mut v: Vec<(&[u32], u64)> = self.counts.iter().map(|(t, &w)| (&t[..], w)).collect();
        v.sort_unstable();
        v
    }

    /// Cohen's κ between annotators `i` and `j`, over the units both labelled.
    pub fn cohen_kappa(&self, i: usize, j: usize) -> Score {
        let k = self.labels;
        let mut row = vec![0u64; k];
        let mut col = vec![0u64; k];
        let (mut n, mut agree) = (0u64, 0u64);
        for (t, w) in self.sorted() {
            let (a, b) = (t[i], t[j]);
            if a == MISSING || b == MISSING {
                continue;
            }
            n += w;
            row[a as usize] += w;
            col[b as usize] += w;
            if a == b {
                agree += w;
            }
        }
        if n == 0 {
            return Score::Undefined(Undefined::NoUnits);
        }
        let nf = n as f64;
        let p_o = agree as f64 / nf;
        let p_e: f64 = row
            .iter()
            .zip(&col)
            .map(|(&r, &c)| (r as f64 / nf) * (c as f64 / nf))
            .sum();
        chance_corrected(p_o, p_e)
    }

    /// Fleiss' κ over the units that every annotator labelled.
    pub fn fleiss_kappa(&self) -> Score {
        let r = self.raters;
        if r < 2 {
            return Score::Undefined(Undefined::TooFewAnnotators);
        }
        let mut totals = vec![0u64; self.labels];
        let mut per_unit = vec![0u64; self.labels];
        let (mut n, mut agreement_sum) = (0u64, 0f64);
        for (t, w) in self.sorted() {
            if t.contains(&MISSING) {
                continue;
            }
            per_unit.iter_mut().for_each(|c| *c = 0);
            for &l in t {
                per_unit[l as usize] += 1;
                totals[l as usize] += w;
            }
            let sq: u64 = per_unit.iter().map(|c| c * c).sum();
            let p_i = (sq - r as u64) as f64 / (r * (r - 1)) as f64;
            agreement_sum += p_i * w as f64;
            n += w;
        }
        if n == 0 {
            return Score::Undefined(Undefined::NoUnits);
        }
        let p_bar = agreement_sum / n as f64;
        let all = (n * r as u64) as f64;
        let p_e: f64 = totals.iter().map(|&c| (c as f64 / all).powi(2)).sum();
        chance_corrected(p_bar, p_e)
    }

    /// Krippendorff's α with the nominal distance; units with fewer than two labels are dropped.
    pub fn krippendorff_alpha(&self) -> Score {
        if self.raters < 2 {
            return Score::Undefined(Undefined::TooFewAnnotators);
        }
        let k = self.labels;
        // n_c: pairable values per label; `disagree`: Σ_{c≠k} o_ck.
        let mut n_c = vec![0f64; k];
        let mut per_unit = vec![0u64; k];
        let mut disagree = 0f64;
        for (t, w) in self.sorted() {
            per_unit.iter_mut().for_each(|c| *c = 0);
            let mut m = 0u64;
            for &l in t.iter().filter(|&&l| l != MISSING) {
                per_unit[l as usize] += 1;
                m += 1;
            }
            if m < 2 {
                continue;
            }
            // Ordered pairs of values from different coders with different labels.
            let same: u64 = per_unit.iter().map(|c| c * c.saturating_sub(1)).sum();
            let pairs = m * (m - 1);
            disagree += (pairs - same) as f64 / (m - 1) as f64 * w as f64;
            for (total, &c) in n_c.iter_mut().zip(&per_unit) {
                *total += (c * w) as f64;
            }
        }
        let n: f64 = n_c.iter().sum();
        if n == 0.0 {
            return Score::Undefined(Undefined::NoUnits);
        }
        let sum_sq: f64 = n_c.iter().map(|c| c * c).sum();
        let expected = n * n - sum_sq; // Σ_{c≠k} n_c n_k
        if expected == 0.0 {
            return Score::Undefined(Undefined::NoVariation);
        }
        Score::finite(
            1.0 - (n - 1.0) * disagree / expected,
            Undefined::NoVariation,
        )
    }
}

/// `(p_o − p_e)/(1 − p_e)`; undefined when chance agreement is total.
fn chance_corrected(p_o: f64, p_e: f64) -> Score {
    // p_e can exceed 1 by rounding only when it is 1 in exact arithmetic.
    if p_e >= 1.0 - 1e-12 {
        return Score::Undefined(Undefined::NoVariation);
    }
    Score::finite((p_o - p_e) / (1.0 - p_e), Undefined::NoVariation)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(s: Score, want: f64, tol: f64) {
        let v = s.value().unwrap_or_else(|| panic!("undefined: {s:?}"));
        assert!((v - want).abs() <= tol, "got {v}, want {want} ± {tol}");
    }

    fn pairs(data: &[(u32, u32)]) -> CodingStudy {
        let mut s = CodingStudy::new(2);
        for &(a, b) in data {
            s.add(&[a, b], 1);
        }
        s
    }

    #[test]
    fn cohen_hand_computed_two_by_two() {
        // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15.
        // p_o = 35/50 = 0.7; p_e = 0.5·0.6 + 0.5·0.4 = 0.5; κ = 0.2/0.5 = 0.4.
        let mut s = CodingStudy::new(2);
        s.add(&[1, 1], 20);
        s.add(&[1, 0], 5);
        s.add(&[0, 1], 10);
        s.add(&[0, 0], 15);
        close(s.cohen_kappa(0, 1), 0.4, 1e-12);
        close(s.cohen_kappa(1, 0), 0.4, 1e-12);
        // Fleiss' κ for two raters is Scott's π: p_e = 0.55² + 0.45² = 0.505.
        close(s.fleiss_kappa(), (0.7 - 0.505) / (1.0 - 0.505), 1e-12);
    }

    #[test]
    fn krippendorff_1995_digitized_example() {
        // Krippendorff (1995: 57) example A (Bertha/Bill), one unit per time slot, as digitized
        // in DKPro Statistics' Krippendorff1995Test: κ = 0.385, α = 0.329.
        let bertha = "001111111100001111110000";
        let bill = "000011110000000110000000";
        let data: Vec<(u32, u32)> = bertha
            .bytes()
            .zip(bill.bytes())
            .map(|(a, b)| ((a - b'0') as u32, (b - b'0') as u32))
            .collect();
        let s = pairs(&data);
        close(s.cohen_kappa(0, 1), 0.385, 0.001);
        close(s.krippendorff_alpha(), 0.329, 0.001);
    }

    #[test]
    fn krippendorff_2011_nominal_example() {
        // "Computing Krippendorff's Alpha-Reliability" (2011), 4 coders × 12 units, nominal:
        // α = 0.743. `.` is a missing value.
        let coders = [
            "1 2 3 3 2 1 4 1 2 . . .",
            "1 2 3 3 2 2 4 1 2 5 . 3",
            ". 3 3 3 2 3 4 2 2 5 1 .",
            "1 2 3 3 2 4 4 1 2 5 1 .",
        ];
        let rows: Vec<Vec<u32>> = coders
            .iter()
            .map(|c| c.split(' ').map(|v| v.parse().unwrap_or(MISSING)).collect())
            .collect();
        let mut s = CodingStudy::new(4);
        for u in 0..12 {
            let tuple: Vec<u32> = rows.iter().map(|r| r[u]).collect();
            s.add(&tuple, 1);
        }
        close(s.krippendorff_alpha(), 0.743, 0.0005);
    }

    #[test]
    fn fleiss_hand_computed() {
        // P_i = 1, 1/3, 1, 1/3 → P̄ = 2/3; p_a = p_b = 1/2 → P̄_e = 1/2; κ = 1/3.
        let mut s = CodingStudy::new(3);
        for t in [[0, 0, 0], [0, 0, 1], [1, 1, 1], [0, 1, 1]] {
            s.add(&t, 1);
        }
        close(s.fleiss_kappa(), 1.0 / 3.0, 1e-12);
    }

    #[test]
    fn fleiss_1971_style_worked_example() {
        // The 10 subjects × 14 raters × 5 categories example of Fleiss' κ (κ = 0.210): each row
        // gives how many raters chose each category.
        let table = [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ];
        let mut s = CodingStudy::new(14);
        for row in table {
            let tuple: Vec<u32> = row
                .iter()
                .enumerate()
                .flat_map(|(cat, &n)| std::iter::repeat_n(cat as u32, n))
                .collect();
            s.add(&tuple, 1);
        }
        close(s.fleiss_kappa(), 0.210, 0.0005);
    }

    #[test]
    fn undefined_not_nan() {
        let empty = CodingStudy::new(2);
        assert_eq!(
            empty.cohen_kappa(0, 1),
            Score::Undefined(Undefined::NoUnits)
        );
        assert_eq!(empty.fleiss_kappa(), Score::Undefined(Undefined::NoUnits));
        assert_eq!(
            empty.krippendorff_alpha(),
            Score::Undefined(Undefined::NoUnits)
        );
        let one_label = pairs(&[(3, 3), (3, 3)]);
        assert_eq!(
            one_label.cohen_kappa(0, 1),
            Score::Undefined(Undefined::NoVariation)
        );
        assert_eq!(
            one_label.fleiss_kappa(),
            Score::Undefined(Undefined::NoVariation)
        );
        assert_eq!(
            one_label.krippendorff_alpha(),
            Score::Undefined(Undefined::NoVariation)
        );
        assert_eq!(
            CodingStudy::new(1).fleiss_kappa(),
            Score::Undefined(Undefined::TooFewAnnotators)
        );
        // Each annotator used one label, different ones: p_e = 0, κ = 0 − 0 / 1 = 0.
        assert_eq!(
            pairs(&[(0, 1), (0, 1)]).cohen_kappa(0, 1),
            Score::Value(0.0)
        );
    }

    #[test]
    fn weights_equal_repeated_units() {
        let mut a = CodingStudy::new(2);
        a.add(&[0, 1], 3);
        a.add(&[1, 1], 2);
        let b = pairs(&[(0, 1), (1, 1), (0, 1), (1, 1), (0, 1)]);
        assert_eq!(a.cohen_kappa(0, 1), b.cohen_kappa(0, 1));
        assert_eq!(a.krippendorff_alpha(), b.krippendorff_alpha());
        assert_eq!(a.units(), 5);
    }
}
