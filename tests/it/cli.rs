//! The `stancemark` binary, run as a user would.

use std::process::{Command, Output};

use crate::sample_path;

fn stancemark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancemark"))
        .args(args)
        .output()
        .expect("run stancemark")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn validate_sample_exits_zero() {
    let p = sample_path("iran-talks-signals.stance.json");
    let o = stancemark(&["validate", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(": ok (25 frames"), "{}", stdout(&o));
}

#[test]
fn validate_bad_file_exits_one_with_path_where_message() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(sample_path("iran-talks-signals.stance.json")).unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        good.replacen("\"stance\": \"warning\"", "\"stance\": \"gossip\"", 1),
    )
    .unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\"format\": \"stancemark/1\",\n  \"document\": [}",
    )
    .unwrap();
    let o = stancemark(&["validate", bad.to_str().unwrap(), broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("{}: frame f", bad.display()))
            && out.contains(" stance: unknown stance \"gossip\""),
        "{out}"
    );
    assert!(
        out.contains(&format!("{}:2:16: ", broken.display())),
        "{out}"
    );
}

#[test]
fn usage_error_exits_two() {
    let o = stancemark(&["validate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = stancemark(&["stats", "--no-such-flag", "x"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn stats_table_and_json() {
    let p = sample_path("iran-talks-signals.stance.json");
    let o = stancemark(&["stats", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("1 files, 1 documents, 25 frames"), "{out}");
    assert!(out.contains("Donald Trump"), "{out}");
    let o = stancemark(&["stats", "--json", p.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["frames"], 25);
    assert_eq!(v["by_annotator"]["reference"], 25);
    let total: u64 = v["by_stance"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(total, 25);
}
