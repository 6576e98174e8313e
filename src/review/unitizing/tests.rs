//! α_U against the worked examples of Krippendorff (1995, 2004) and the expected values in
//! DKPro Statistics' unit tests (Krippendorff1995Test, Krippendorff2004Test,
//! UnitizingAgreementTest).

use super::*;

fn close(got: f64, want: f64, tol: f64) {
    assert!((got - want).abs() <= tol, "got {got}, want {want} ± {tol}");
}

fn piece(start: u64, len: u64, unit: bool) -> Piece {
    Piece {
        start,
        end: start + len,
        unit,
    }
}

#[test]
fn distances_of_krippendorff_2004() {
    // Krippendorff (2004: 252ff.) as (offset, length): a unit inside a gap costs length²,
    // overlapping units Δbegin² + Δend².
    assert_eq!(
        distance(piece(2, 3, false), piece(2, 2, true))
            + distance(piece(5, 6, true), piece(4, 7, false)),
        40
    );
    assert_eq!(distance(piece(5, 6, true), piece(4, 2, true)), 26);
    assert_eq!(distance(piece(5, 6, true), piece(5, 2, true)), 16);
    assert_eq!(distance(piece(5, 6, true), piece(6, 2, true)), 10);
    assert_eq!(distance(piece(5, 6, true), piece(7, 2, true)), 8);
    assert_eq!(distance(piece(5, 6, true), piece(6, 4, true)), 2);
    assert_eq!(distance(piece(5, 6, true), piece(5, 6, true)), 0);
    assert_eq!(distance(piece(225, 70, true), piece(220, 80, true)), 50);
    assert_eq!(distance(piece(370, 30, true), piece(355, 20, true)), 850);
    assert_eq!(distance(piece(400, 50, false), piece(400, 20, true)), 400);
    // A unit that sticks out of the other's gap costs nothing (its overlap is counted elsewhere).
    assert_eq!(distance(piece(1, 8, true), piece(0, 2, false)), 0);
    assert_eq!(distance(piece(1, 8, true), piece(2, 1, true)), 37);
    assert_eq!(distance(piece(1, 8, true), piece(6, 1, true)), 29);
}

/// Krippendorff (2004: 254): continuum [150, 450), shifted here to start at 0.
fn example_2004() -> UnitizingStudy {
    let mut s = UnitizingStudy::new(300, 2);
    let (c, k) = (0, 1);
    for (rater, cat, off, len) in [
        (0, c, 225, 70),
        (0, c, 370, 30),
        (1, c, 220, 80),
        (1, c, 355, 20),
        (1, c, 400, 20),
        (0, k, 180, 60),
        (0, k, 300, 50),
        (1, k, 180, 60),
        (1, k, 300, 50),
    ] {
        s.add(rater, cat, off - 150, off - 150 + len);
    }
    s.finish();
    s
}

#[test]
fn krippendorff_2004_example() {
    let s = example_2004();
    close(s.observed(0), 0.0144, 0.0001);
    close(s.expected(0), 0.0532, 0.0001);
    close(s.category_alpha(0).value().unwrap(), 0.7286, 0.0001);
    close(s.observed(1), 0.0, 0.0001);
    close(s.expected(1), 0.0490, 0.0001);
    close(s.category_alpha(1).value().unwrap(), 1.0, 0.0001);
    close(s.alpha().value().unwrap(), 0.8591, 0.0005);
}

/// Krippendorff (1995: 57): four two-rater examples A–D (categories 0–3) on 24 positions,
/// each (rater, category, offset, length), stretched by `stretch` as in DKPro's test.
const EXAMPLE_1995: [(usize, usize, u64, u64); 31] = [
    (0, 0, 2, 8),
    (0, 0, 14, 6),
    (1, 0, 4, 4),
    (1, 0, 15, 2),
    (0, 1, 0, 18),
    (1, 1, 0, 2),
    (1, 1, 2, 1),
    (1, 1, 3, 1),
    (1, 1, 4, 1),
    (1, 1, 5, 1),
    (1, 1, 6, 3),
    (1, 1, 9, 1),
    (0, 2, 2, 6),
    (0, 2, 10, 2),
    (0, 2, 14, 4),
    (0, 2, 20, 2),
    (1, 2, 0, 2),
    (1, 2, 4, 4),
    (1, 2, 10, 4),
    (1, 2, 16, 2),
    (1, 2, 20, 2),
    (0, 3, 0, 2),
    (0, 3, 2, 8),
    (0, 3, 10, 4),
    (0, 3, 14, 6),
    (0, 3, 20, 4),
    (1, 3, 0, 4),
    (1, 3, 4, 4),
    (1, 3, 8, 7),
    (1, 3, 15, 2),
    (1, 3, 17, 7),
];

fn example_1995(stretch: f64) -> UnitizingStudy {
    // Offsets and lengths are scaled and truncated separately, as DKPro's test does.
    let at = |x: u64| (x as f64 * stretch) as u64;
    let mut s = UnitizingStudy::new(at(24), 2);
    for (rater, cat, off, len) in EXAMPLE_1995 {
        s.add(rater, cat, at(off), at(off) + at(len));
    }
    s.finish();
    s
}

#[test]
fn krippendorff_1995_observed() {
    let s = example_1995(1.0);
    close(s.observed(0), 0.03125, 0.00001);
    close(s.observed(1), 2.26736, 0.00001);
    close(s.observed(2), 0.02777, 0.00001);
    close(s.observed(3), 0.38715, 0.00001);
}

#[test]
fn krippendorff_1995_expected_and_alpha() {
    // D_e approaches Krippendorff's continuous values as the continuum is refined.
    let s = example_1995(50_000.0);
    for (cat, d_e, alpha) in [
        (0, 0.06990, 0.553),
        (1, 1.17731, -0.926),
        (2, 0.08642, 0.679),
        (3, 0.41445, 0.066),
    ] {
        close(s.expected(cat), d_e, 0.005);
        close(s.category_alpha(cat).value().unwrap(), alpha, 0.02);
    }
    // Example C at growing resolution (DKPro's testVaryingLengths).
    for (stretch, d_e, alpha, tol) in [
        (0.5, 0.05494, 0.494, 0.00001),
        (5.0, 0.08234, 0.663, 0.005),
        (50.0, 0.08600, 0.677, 0.005),
        (500.0, 0.08638, 0.678, 0.005),
    ] {
        let s = example_1995(stretch);
        close(s.observed(2), 0.02777, 0.00001);
        close(s.expected(2), d_e, tol);
        close(s.category_alpha(2).value().unwrap(), alpha, 0.02);
    }
}

#[test]
fn one_long_unit_against_three_short_ones() {
    // r0: -11111111-   r1: --1-1-1---   (DKPro UnitizingAgreementTest)
    let mut s = UnitizingStudy::new(10, 2);
    s.add(0, 0, 1, 9);
    for start in [2, 4, 6] {
        s.add(1, 0, start, start + 1);
    }
    s.finish();
    close(s.observed(0), 0.9100, 0.0001);
    close(s.expected(0), 0.5351, 0.0001);
    close(s.category_alpha(0).value().unwrap(), -0.7003, 0.0001);
}

#[test]
fn single_unit_among_three_raters_is_chance() {
    let mut s = UnitizingStudy::new(20, 3);
    s.add(0, 0, 0, 1);
    s.finish();
    close(s.alpha().value().unwrap(), 0.0, 1e-12);
}

#[test]
fn undefined_cases() {
    let mut empty = UnitizingStudy::new(20, 3);
    empty.finish();
    assert_eq!(empty.alpha(), Score::Undefined(Undefined::NoSpans));
    assert_eq!(
        empty.category_alpha(0),
        Score::Undefined(Undefined::NoSpans)
    );
    // Zero-length units carry no mass and are ignored.
    let mut zero = UnitizingStudy::new(15, 2);
    zero.add(0, 0, 0, 0);
    zero.add(1, 1, 0, 0);
    zero.finish();
    assert_eq!(zero.alpha(), Score::Undefined(Undefined::NoSpans));
    let mut one = UnitizingStudy::new(15, 1);
    one.add(0, 0, 2, 7);
    one.finish();
    assert_eq!(one.alpha(), Score::Undefined(Undefined::TooFewAnnotators));
}

#[test]
fn full_agreement_is_one_and_overlaps_merge() {
    let mut s = UnitizingStudy::new(15, 2);
    s.add(0, 0, 2, 7);
    s.add(1, 0, 2, 5);
    s.add(1, 0, 4, 7); // overlaps the unit before: merged into [2, 7)
    s.finish();
    assert_eq!(s.observed(0), 0.0);
    assert!(s.expected(0) > 0.0);
    assert_eq!(s.alpha(), Score::Value(1.0));
}
