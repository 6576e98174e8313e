//! `stancemark agree` and `stancemark adjudicate` on the sample review project.

use crate::util::{review_project_copy, sample_path, stancemark, stderr, stdout};

#[test]
fn agree_table_on_the_sample_project() {
    let dir = sample_path("review-project");
    let o = stancemark(&["agree", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("3 annotators (alice, bob, carol), 1 document (iran-talks-signals)"),
        "{out}"
    );
    for needle in [
        "alice/bob",
        "bob/carol",
        "Fleiss' kappa",
        "alpha_U",
        "denial",
        "F1 overlap (mean)",
    ] {
        assert!(out.contains(needle), "{needle} missing in\n{out}");
    }
    assert!(!out.contains("NaN"));
}

#[test]
fn agree_json_is_deterministic_and_has_the_documented_keys() {
    let dir = sample_path("review-project");
    let a = stancemark(&["agree", dir.to_str().unwrap(), "--json"]);
    let b = stancemark(&["agree", dir.to_str().unwrap(), "--json"]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout, "byte-identical output");
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["documents"], serde_json::json!(["iran-talks-signals"]));
    assert_eq!(v["pairs"].as_array().unwrap().len(), 3);
    let f1 = v["pairs"][0]["span_f1_overlap"].as_f64().unwrap();
    assert!(f1 > 0.5 && f1 < 1.0, "the versions disagree somewhat: {f1}");
    assert!(v["alpha_u"]["overall"].is_number());
    let two = stancemark(&[
        "agree",
        dir.to_str().unwrap(),
        "--annotators",
        "carol,alice",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&two.stdout).unwrap();
    assert_eq!(v["annotators"], serde_json::json!(["carol", "alice"]));
    assert_eq!(v["pairs"].as_array().unwrap().len(), 1);
}

#[test]
fn agree_refuses_unknown_or_too_few_annotators() {
    let dir = sample_path("review-project");
    let o = stancemark(&["agree", dir.to_str().unwrap(), "--annotators", "alice,zed"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no annotator \"zed\""),
        "{}",
        stderr(&o)
    );
    let o = stancemark(&["agree", dir.to_str().unwrap(), "--annotators", "alice"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("at least two annotators"),
        "{}",
        stderr(&o)
    );
    let o = stancemark(&["agree", "/nonexistent/project"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn adjudicate_auto_writes_gold_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = review_project_copy(tmp.path(), "p");
    let d = dir.to_str().unwrap();
    let o = stancemark(&["adjudicate", d, "--auto", "--adjudicator", "dana"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // 25 reference frames; for 24 at least two of the three versions agree exactly. The one
    // left is f7, where all three differ (full stop, missing cue, reference).
    assert!(
        out.contains("iran-talks-signals        24                0               1"),
        "{out}"
    );
    let gold = std::fs::read_to_string(dir.join("gold/iran-talks-signals.json")).unwrap();
    assert!(gold.contains("\"provenance\"") && gold.contains("\"adjudicator\": \"dana\""));
    let o = stancemark(&["validate", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = stancemark(&["adjudicate", d, "--auto"]);
    assert!(
        stdout(&o).contains("iran-talks-signals         0               24               1"),
        "{}",
        stdout(&o)
    );
    let o = stancemark(&["adjudicate", d]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "without --auto there is nothing to do headless"
    );
    let o = stancemark(&["adjudicate", d, "--auto", "--min-agree", "0"]);
    assert_eq!(o.status.code(), Some(2));
}
