//! `stancemark agree --confusion` on the sample review project.

use crate::util::{sample_path, stancemark, stderr, stdout};

fn confusion_json() -> serde_json::Value {
    let dir = sample_path("review-project");
    let o = stancemark(&["agree", dir.to_str().unwrap(), "--confusion", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("JSON")
}

fn cell(m: &serde_json::Value, row: &str, col: &str) -> u64 {
    let labels: Vec<&str> = m["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let r = labels.iter().position(|l| *l == row).unwrap();
    let c = labels.iter().position(|l| *l == col).unwrap();
    m["counts"][r][c].as_u64().unwrap()
}

#[test]
fn confusion_counts_are_the_hand_counted_ones() {
    // From the three files (claims: alice 24, bob 23, carol 22), matched without regard to
    // stance: alice/bob 22 (all agree but f22: alice denial, bob assessment), alice/carol 21
    // (f21 and f23 differ), bob/carol 20 (f21, f22, f23 differ).
    let v = confusion_json();
    let expected = [
        ("alice", "bob", 22, 21, 24, 23),
        ("alice", "carol", 21, 19, 24, 22),
        ("bob", "carol", 20, 17, 23, 22),
    ];
    for (p, (a, b, matched, agree, na, nb)) in v["pairs"].as_array().unwrap().iter().zip(expected) {
        assert_eq!((p["a"].as_str(), p["b"].as_str()), (Some(a), Some(b)));
        assert_eq!(p["stance"]["total"], matched, "{a}/{b}");
        assert_eq!(p["stance"]["agree"], agree, "{a}/{b}");
        // Unmatched claims land in the (none) column (first annotator) or row (second).
        let m = &p["matrix"];
        let n = m["labels"].as_array().unwrap().len();
        let none_col: u64 = (0..n)
            .map(|r| m["counts"][r][n - 1].as_u64().unwrap())
            .sum();
        let none_row: u64 = (0..n)
            .map(|c| m["counts"][n - 1][c].as_u64().unwrap())
            .sum();
        assert_eq!(none_col, na - matched, "{a}/{b}");
        assert_eq!(none_row, nb - matched, "{a}/{b}");
    }
    assert_eq!(cell(&v["pairs"][0]["matrix"], "denial", "assessment"), 1);
    assert_eq!(cell(&v["pairs"][0]["matrix"], "denial", "denial"), 0);
    assert_eq!(v["pooled"]["stance"]["total"], 22 + 21 + 20);
    assert_eq!(v["pooled"]["stance"]["agree"], 21 + 19 + 17);
}

#[test]
fn confusion_table_names_pairs_and_pooled() {
    let dir = sample_path("review-project");
    let o = stancemark(&["agree", dir.to_str().unwrap(), "--confusion"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "alice (rows) × bob (columns)",
        "bob (rows) × carol (columns)",
        "pooled over all pairs",
        "stance agreement 0.955 (21/22)",
        "stance agreement 0.905 (57/63)",
        "(none)",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}
