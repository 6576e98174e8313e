//! Text drift: a corrected document, and annotations found again (moved exact, moved fuzzy) or
//! kept as orphaned — through `stancemark validate --reanchor`.

use std::process::Command;

use stancemark::model::{AnchorState, AnnotationSet, Document, Frame, Quote, Schema, Span};
use stancemark::project::Project;

const OLD: &str = "Meanwhile, President Trump, attending the G7 summit in Canada, warned, \
\"Iran is not winning this war\" and that it must engage in dialogue before it is too late.\r\n\
In contrast, Netanyahu vowed not to allow such attempts in the future. 日本語 😀.";

fn frame(doc: &Document, id: &str, needle: &str, stance: &str) -> Frame {
    let byte = doc.text.as_str().find(needle).unwrap();
    let start = doc.text.char_of_byte(byte).unwrap();
    let span = Span::new(start, start + needle.chars().count());
    Frame::new(id, Quote::new(span, needle), stance)
}

#[test]
fn corrected_document_moves_fuzzy_matches_and_orphans() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    let project = Project::init(&root, Some("drift"), None).unwrap();
    let doc = Document::new("trump", OLD);
    project.save_document(&doc).unwrap();
    let mut set = AnnotationSet::new("trump", "alice", Schema::default_news().reference());
    let mut warning = frame(&doc, "f1", "Iran is not winning this war", "warning");
    warning.cue = Some(frame(&doc, "x", "warned", "warning").claim);
    set.set_frames(vec![
        warning,
        frame(
            &doc,
            "f2",
            "it must engage in dialogue before it is too late",
            "demand",
        ),
        frame(
            &doc,
            "f3",
            "not to allow such attempts in the future",
            "threat",
        ),
    ]);
    project.save_annotations(&doc, &set).unwrap();

    // The outlet corrects the article: an insertion before everything (exact moves), a changed
    // word in f2's claim (fuzzy move), and f3's sentence removed (orphan).
    let corrected = OLD
        .replace("Meanwhile,", "Meanwhile, on Monday,")
        .replace("before it is too late", "before it is far too late")
        .replace(
            "Netanyahu vowed not to allow such attempts in the future",
            "Netanyahu disagreed",
        );
    let new_doc = Document::new("trump", corrected.as_str());
    std::fs::write(
        root.join("documents/trump.json"),
        serde_json::to_string_pretty(&new_doc).unwrap(),
    )
    .unwrap();
    let err = project
        .load_annotations("alice", "trump")
        .unwrap_err()
        .to_string();
    assert!(err.contains("validate --reanchor"), "{err}");

    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_stancemark"))
            .args(args)
            .arg(&root)
            .output()
            .unwrap();
        (
            o.status.code(),
            String::from_utf8_lossy(&o.stdout).into_owned(),
        )
    };
    let (code, out) = run(&["validate", "--reanchor"]);
    assert!(
        out.contains("frame f1 claim: moved [72, 100) → [83, 111)"),
        "{out}"
    );
    assert!(
        out.contains("frame f2 claim: moved") && out.contains("(4 edits)"),
        "{out}"
    );
    assert!(
        out.contains("frame f3 claim: orphaned: \"not to allow such attempts in the future\""),
        "{out}"
    );
    assert!(out.contains("(not saved: add --write)"), "{out}");
    assert_eq!(code, Some(1), "still invalid until written: {out}");

    let (code, out) = run(&["validate", "--reanchor", "--write"]);
    assert!(out.contains("; saved"), "{out}");
    assert_eq!(code, Some(0), "{out}");
    let set = project.load_annotations("alice", "trump").unwrap().unwrap();
    let f = |id: &str| set.frame(id).unwrap().clone();
    assert_eq!(f("f1").anchor, AnchorState::Moved);
    assert_eq!(f("f1").cue.unwrap().first().text, "warned");
    assert_eq!(
        f("f2").claim.first().text,
        "it must engage in dialogue before it is far too late"
    );
    assert_eq!(f("f3").anchor, AnchorState::Orphaned);
    assert_eq!(
        f("f3").claim.first().text,
        "not to allow such attempts in the future",
        "never dropped"
    );
}
