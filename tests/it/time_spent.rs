//! Active annotation time in the native file and through the merge driver.

use std::process::Command;

use stancemark::io::native;

use crate::util::sample_path;

#[test]
fn files_without_time_are_unchanged_and_time_round_trips() {
    let path = sample_path("review-project/annotations/alice/iran-talks-signals.json");
    let first = native::load(&path).unwrap();
    // A file as the writer writes it, without time: read and written again, byte for byte.
    let bytes = native::to_string(&first.document, &first.annotations);
    assert!(!bytes.contains("time_spent"));
    let file = native::parse(&bytes, "alice").unwrap();
    assert!(file.annotations.time_spent.is_empty());
    assert!(native::to_string(&file.document, &file.annotations) == bytes);

    let mut set = file.annotations.clone();
    set.time_spent.add("alice", 754);
    set.time_spent.add("adjudicator", 60);
    let out = native::to_string(&file.document, &set);
    // Sorted by name, after the file's stamps and before the entities.
    assert!(
        out.contains(
            "\"time_spent\": {\n    \"adjudicator\": 60,\n    \"alice\": 754\n  },\n  \"entities\""
        ),
        "{}",
        &out[..out.find("\"entities\"").unwrap() + 12]
    );
    let back = native::parse(&out, "out").unwrap();
    assert_eq!(back.annotations.time_spent, set.time_spent);
    assert_eq!(native::to_string(&back.document, &back.annotations), out);
}

#[test]
fn a_negative_or_fractional_time_is_a_load_error() {
    let path = sample_path("review-project/annotations/alice/iran-talks-signals.json");
    let bytes = std::fs::read_to_string(&path).unwrap();
    for bad in ["-5", "1.5", "\"10\""] {
        let json = bytes.replacen(
            "\"entities\":",
            &format!("\"time_spent\": {{\"alice\": {bad}}},\n  \"entities\":"),
            1,
        );
        let e = native::parse(&json, "f.json").unwrap_err().to_string();
        assert!(e.starts_with("f.json:"), "{e}");
    }
}

#[test]
fn the_merge_driver_adds_the_time_each_side_added() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_path("review-project/annotations/alice/iran-talks-signals.json");
    let file = native::load(&path).unwrap();
    let with = |secs: &[(&str, u64)]| {
        let mut set = file.annotations.clone();
        for (who, s) in secs {
            set.time_spent.add(who, *s);
        }
        set
    };
    // Base 600 s; ours worked 120 s more, theirs 300 s more and an adjudicator 45 s.
    for (name, set) in [
        ("base.json", with(&[("alice", 600)])),
        ("ours.json", with(&[("alice", 720)])),
        ("theirs.json", with(&[("alice", 900), ("carol", 45)])),
    ] {
        native::save(&dir.path().join(name), &file.document, &set).unwrap();
    }
    let o = Command::new(env!("CARGO_BIN_EXE_stancemark"))
        .current_dir(dir.path())
        .args(["merge", "base.json", "ours.json", "theirs.json"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let merged = native::load(&dir.path().join("ours.json")).unwrap();
    // 600 + 120 + 300 = 1020.
    assert_eq!(merged.annotations.time_spent.seconds("alice"), 1020);
    assert_eq!(merged.annotations.time_spent.seconds("carol"), 45);
}
