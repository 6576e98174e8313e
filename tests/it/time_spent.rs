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

/// `stats` on a project: hours, frames per hour (over the files with time) and the medians.
#[test]
fn stats_show_hours_frames_per_hour_and_medians() {
    use stancemark::model::{AnnotationSet, Document, Frame, Quote, Span};
    use stancemark::project::Project;
    let dir = tempfile::tempdir().unwrap();
    let p = Project::init(&dir.path().join("p"), Some("p"), None).unwrap();
    let file = |doc: &Document, who: &str, frames: usize, seconds: u64| {
        let mut set = AnnotationSet::new(&doc.id, who, p.schema().reference());
        set.set_frames(
            (0..frames)
                .map(|k| {
                    Frame::new(
                        format!("f{k}"),
                        Quote::new(Span::new(k, k + 1), "x"),
                        "warning",
                    )
                })
                .collect(),
        );
        set.time_spent.add(who, seconds);
        p.save_annotations(doc, &set).unwrap();
    };
    let docs: Vec<Document> = ["d1", "d2", "d3", "d4"]
        .iter()
        .map(|id| Document::new(*id, "xxxxxxxx"))
        .collect();
    for d in &docs {
        p.save_document(d).unwrap();
    }
    // alice: 300 s (3 frames), 900 s (2), 600 s (1), and d4 without time (4 frames).
    file(&docs[0], "alice", 3, 300);
    file(&docs[1], "alice", 2, 900);
    file(&docs[2], "alice", 1, 600);
    file(&docs[3], "alice", 4, 0);
    file(&docs[0], "bob", 1, 120);
    let mut gold = AnnotationSet::new("d1", "gold", p.schema().reference());
    gold.time_spent.add("carol", 3725);
    p.save_gold(&docs[0], &gold).unwrap();
    let s = p.stats().unwrap();
    assert_eq!(s.adjudication_seconds["carol"], 3725);
    let a = &s.annotators["alice"];
    // 1800 s = 0.5 h; 6 timed frames → 12 per hour; median of 300, 600, 900 = 600.
    assert_eq!((a.seconds, a.timed_documents, a.timed_frames), (1800, 3, 6));
    assert_eq!(a.frames_per_hour(), Some(12.0));
    assert_eq!(a.median_document_seconds, Some(600));
    // d1: alice 300, bob 120 → median 210.
    assert_eq!(s.document_time["d1"].median_seconds, 210);
    assert_eq!(s.document_time["d1"].annotators, 2);
    assert!(!s.document_time.contains_key("d4"));

    let o = crate::util::stancemark(&["stats", p.root().to_str().unwrap()]);
    let text = crate::util::stdout(&o);
    let row = |first: &str| -> Vec<String> {
        text.lines()
            .find(|l| l.starts_with(first))
            .unwrap_or_else(|| panic!("no row {first} in\n{text}"))
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(row("alice")[6..], ["0.50", "12.0", "10:00"]);
    assert_eq!(row("bob")[6..], ["0.03", "30.0", "2:00"]);
    assert_eq!(row("d1"), ["d1", "2", "3:30"]);
    assert!(
        text.contains("adjudication time (gold): carol 1:02:05"),
        "{text}"
    );
}
