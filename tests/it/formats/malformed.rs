//! Malformed input: the message names the place, and the project is unchanged.

use stancemark::project::import::{import, ImportFormat, ImportOptions};
use stancemark::project::Project;

use super::*;

/// Imports `content` (written to `name`) and expects a failure that leaves the project as it was.
fn refused(format: ImportFormat, name: &str, content: &str, o: ImportOptions) -> String {
    let (doc, set) = tricky();
    let (dir, mut p) = project_with(&doc, &set);
    let input = dir.path().join(name);
    std::fs::write(&input, content).unwrap();
    if format == ImportFormat::Brat {
        std::fs::write(input.with_extension("txt"), TEXT).unwrap();
    }
    let before = snapshot(p.root());
    let e = import(&mut p, format, &[input], &o, &mut |_, _| {}).unwrap_err();
    assert_eq!(
        snapshot(p.root()),
        before,
        "the project changed after a failed import"
    );
    e.to_string()
}

#[test]
fn malformed_jsonl_names_file_line_and_column() {
    let good = serde_json::json!({"id": "x", "text": "t"}).to_string();
    let e = refused(
        ImportFormat::Jsonl,
        "in.jsonl",
        &format!("{good}\n{good}\n{{\"text\": oops}}\n"),
        opts(None),
    );
    assert!(e.contains("in.jsonl:3:10: expected value"), "{e}");
    let e = refused(
        ImportFormat::Jsonl,
        "in.jsonl",
        &format!("{good}\n{{\"title\": \"no text\"}}\n"),
        opts(None),
    );
    assert!(e.contains("in.jsonl:2: no \"text\""), "{e}");
    let e = refused(
        ImportFormat::Jsonl,
        "in.jsonl",
        "{\"text\": 5}\n",
        opts(None),
    );
    assert!(e.contains("in.jsonl:1: \"text\" must be a string"), "{e}");
}

#[test]
fn malformed_brat_names_file_and_line() {
    let e = refused(
        ImportFormat::Brat,
        "a.ann",
        "T1\tClaim 0 9\tPrésident\nT2\tSource 0 nine\tx\n",
        opts(Some("b")),
    );
    // Issue 12: a bad line is named by its own id and counted, not fatal for the file.
    assert!(
        e.contains("1 × offsets are not START END[;START END] (") && e.contains("a.ann:T2)"),
        "{e}"
    );
    let e = refused(
        ImportFormat::Brat,
        "a.ann",
        "T1\tClaim 0 9999\tx\n",
        opts(Some("b")),
    );
    assert!(
        e.contains("1 × Claim span outside the text (137 code points) (")
            && e.contains("a.ann:T1)"),
        "{e}"
    );
    let e = refused(
        ImportFormat::Brat,
        "a.ann",
        "\nT1\tClaim 0 9\tPresident\n",
        opts(Some("b")),
    );
    assert!(
        e.contains("1 × Claim text field differs from the text at its offsets (")
            && e.contains("a.ann:T1)"),
        "{e}"
    );
    let e = refused(
        ImportFormat::Brat,
        "a.ann",
        "T1\tClaim 0 9\tPrésident\nE1\tClaim:T1 Source:T7\n",
        opts(Some("b")),
    );
    assert!(
        e.contains("1 × Source argument whose span was not read (") && e.contains("a.ann:E1)"),
        "{e}"
    );
    let e = refused(
        ImportFormat::Brat,
        "a.ann",
        "T1\tClaim 0 9\tPrésident\n",
        opts(None),
    );
    assert!(
        e.contains("claim without a Stance attribute") || e.contains("--annotator"),
        "{e}"
    );
}

#[test]
fn malformed_label_studio_names_line_and_column() {
    let e = refused(
        ImportFormat::LabelStudio,
        "ls.json",
        "[\n  {\"data\": {\"text\": \"abc\"},\n   \"annotations\": [}\n]",
        opts(None),
    );
    assert!(e.contains("ls.json:3:20: "), "{e}");
    let e = refused(
        ImportFormat::LabelStudio,
        "ls.json",
        "[{\"data\": {\"txt\": \"abc\"}}]",
        opts(None),
    );
    assert!(e.contains("ls.json:task[0]: no \"data.text\""), "{e}");
    let region = r#"[{"data": {"text": "abc"}, "annotations": [{"completed_by": "z", "result": [
        {"id": "r", "type": "labels", "value": {"start": 1, "end": 3, "text": "ab", "labels": ["warning"]}}]}]}]"#;
    let e = refused(ImportFormat::LabelStudio, "ls.json", region, opts(None));
    assert!(
        e.contains("ls.json:task[0].annotations[0].result[0]: region text \"ab\" differs"),
        "{e}"
    );
}

#[test]
fn malformed_doccano_names_file_and_line() {
    let e = refused(ImportFormat::Doccano, "d.jsonl", "{\"text\": \"abc\", \"label\": [[0, 1, \"warning\"]]}\n\n{\"text\": \"abc\", \"label\": [[0, \"x\"]]}\n", opts(Some("d")));
    assert!(
        e.contains("d.jsonl:3 label[0]: expected [start, end, \"label\"]"),
        "{e}"
    );
    let e = refused(
        ImportFormat::Doccano,
        "d.jsonl",
        "{\"text\": \"abc\", \"label\": [[2, 9, \"warning\"]]}\n",
        opts(Some("d")),
    );
    assert!(
        e.contains("d.jsonl:1 label[0]: span [2, 9) is not inside the text (3 code points)"),
        "{e}"
    );
}

#[test]
fn unknown_labels_are_all_reported_and_nothing_is_imported() {
    let input = "{\"text\": \"abc\", \"label\": [[0, 1, \"gossip\"], [1, 2, \"warning\"]]}\n{\"text\": \"xyz\", \"label\": [[0, 3, \"rumour\"]]}\n";
    let e = refused(ImportFormat::Doccano, "d.jsonl", input, opts(Some("d")));
    assert!(e.contains("2 unknown label(s)"), "{e}");
    assert!(e.contains("d.jsonl:1 f1: unknown label \"gossip\""), "{e}");
    assert!(e.contains("d.jsonl:2 f1: unknown label \"rumour\""), "{e}");

    // --map and --add-labels say what to do.
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::init(&dir.path().join("p"), None, None).unwrap();
    let f = dir.path().join("d.jsonl");
    std::fs::write(&f, input).unwrap();
    let mut o = opts(Some("d"));
    o.map.insert("gossip".into(), "report".into());
    o.add_labels = true;
    let r = import(&mut p, ImportFormat::Doccano, &[f], &o, &mut |_, _| {}).unwrap();
    assert_eq!(r.labels_added, vec!["rumour"]);
    let reopened = Project::open(p.root()).unwrap();
    assert!(reopened.schema().stance("rumour").is_some());
    assert_eq!(reopened.check().unwrap().problems, vec![]);
}

#[test]
fn existing_annotations_are_not_overwritten_without_replace() {
    let (doc, set) = tricky();
    let (_dir, p) = project_with(&doc, &set);
    let file = p.annotation_path("alice", "tricky").unwrap();
    let content = std::fs::read_to_string(&file).unwrap();
    let e = refused(ImportFormat::Native, "alice.json", &content, opts(None));
    assert!(
        e.contains("already has annotations") && e.contains("--replace"),
        "{e}"
    );
}

#[test]
fn same_id_with_another_text_is_refused() {
    let mut other = tricky().0;
    other.text = "changed".into();
    let line = serde_json::json!({"id": "tricky", "text": "changed"}).to_string();
    let e = refused(
        ImportFormat::Jsonl,
        "x.jsonl",
        &format!("{line}\n"),
        opts(None),
    );
    assert!(
        e.contains("x.jsonl:1: document \"tricky\" exists with a different text"),
        "{e}"
    );
    let _ = other;
}
