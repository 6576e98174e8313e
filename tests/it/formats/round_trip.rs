//! Export → import gives back the frames each format can hold.

use stancemark::io;
use stancemark::model::{AnnotationSet, Quote, Span};
use stancemark::project::export::{export, ExportFormat, Overwrite, Selection};
use stancemark::project::import::{import, ImportFormat};
use stancemark::project::Project;

use super::*;

/// Export → import into a fresh project → the frames the format can hold come back identical.
fn round_trip(
    to: ExportFormat,
    from: ImportFormat,
    annotator: Option<&str>,
) -> (AnnotationSet, AnnotationSet) {
    let (doc, set) = tricky();
    let (dir, p) = project_with(&doc, &set);
    let out = dir.path().join(format!("out.{}", to.name()));
    let summary = export(
        &p,
        to,
        &Selection::Annotator("alice".into()),
        &out,
        Overwrite::Refuse,
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(summary.frames, 5);
    assert!(summary.spans_checked >= 11, "{summary:?}");
    let mut q = Project::init(&dir.path().join("q"), None, None).unwrap();
    let report = import(&mut q, from, &[out], &opts(annotator), &mut |_, _| {}).unwrap();
    assert_eq!(
        (report.documents_added, report.frames),
        (1, 5),
        "{report:?}"
    );
    let ids = q.document_ids().unwrap();
    assert_eq!(ids.len(), 1);
    let who = annotator.unwrap_or("alice");
    let back = q
        .load_annotations(who, &ids[0])
        .unwrap()
        .expect("imported set");
    assert_eq!(q.load_document(&ids[0]).unwrap().text, doc.text);
    (set, back)
}

#[test]
fn jsonl_round_trip_is_exact() {
    let (set, back) = round_trip(ExportFormat::Jsonl, ImportFormat::Jsonl, None);
    assert_eq!(back.frames(), set.frames());
    assert_eq!(back.entities, set.entities);
    assert_eq!(back.status, set.status);
}

#[test]
fn native_round_trip_is_exact() {
    let (doc, set) = tricky();
    let (dir, p) = project_with(&doc, &set);
    let file = p.annotation_path("alice", "tricky").unwrap();
    let mut q = Project::init(&dir.path().join("q"), None, None).unwrap();
    import(
        &mut q,
        ImportFormat::Native,
        &[file],
        &opts(None),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(q.load_annotations("alice", "tricky").unwrap(), Some(set));
    assert_eq!(q.load_document("tricky").unwrap(), doc);
}

#[test]
fn brat_round_trip_keeps_frames_roles_entities_attributes_notes() {
    let (set, back) = round_trip(ExportFormat::Brat, ImportFormat::Brat, Some("bob"));
    assert_eq!(back.frames(), set.frames());
    assert_eq!(back.entities, set.entities);
}

#[test]
fn label_studio_round_trip_keeps_all_but_entities() {
    let (set, back) = round_trip(ExportFormat::LabelStudio, ImportFormat::LabelStudio, None);
    assert_eq!(back.frames(), without(set.frames(), true, false));
}

#[test]
fn doccano_round_trip_keeps_spans_stances_roles_and_via() {
    let (set, back) = round_trip(ExportFormat::Doccano, ImportFormat::Doccano, None);
    assert_eq!(back.frames(), without(set.frames(), true, true));
}

#[test]
fn text_import_makes_unique_safe_ids_and_keeps_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::init(&dir.path().join("p"), None, None).unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(src.join("b")).unwrap();
    std::fs::write(src.join("CON.txt"), "one\r\ntwo").unwrap();
    std::fs::write(src.join("b/CON.txt"), "other text").unwrap();
    std::fs::write(src.join("same.txt"), "one\r\ntwo").unwrap();
    let r = import(
        &mut p,
        ImportFormat::Text,
        &[src.clone(), src.join("b")],
        &opts(None),
        &mut |_, _| {},
    )
    .unwrap();
    // same.txt has the same text as CON.txt: matched, not duplicated.
    assert_eq!((r.documents_added, r.documents_matched), (2, 0));
    assert_eq!(p.document_ids().unwrap(), vec!["_CON", "_CON-2"]);
    assert_eq!(p.load_document("_CON").unwrap().text.as_str(), "one\r\ntwo");
}

#[test]
fn a_second_annotators_export_attaches_to_the_existing_document() {
    let (doc, set) = tricky();
    let (dir, mut p) = project_with(&doc, &set);
    // A doccano file without ids, with the same text: matched by text.
    let line = serde_json::json!({"text": TEXT, "label": [[find(TEXT, "warned", 0).start, find(TEXT, "warned", 0).end, "warning"]]});
    let input = dir.path().join("bob.jsonl");
    std::fs::write(&input, format!("{line}\n")).unwrap();
    let r = import(
        &mut p,
        ImportFormat::Doccano,
        &[input],
        &opts(Some("bob")),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!((r.documents_added, r.documents_matched), (0, 1));
    assert_eq!(p.document_ids().unwrap(), vec!["tricky"]);
    assert_eq!(p.annotators().unwrap(), vec!["alice", "bob"]);
    assert_eq!(
        p.load_annotations("bob", "tricky")
            .unwrap()
            .unwrap()
            .frames()[0]
            .claim
            .first()
            .text,
        "warned"
    );
    assert_eq!(p.status("alice").unwrap()[0].annotators, 2);
}

#[test]
fn brat_from_other_tools_relations_and_discontinuous_spans() {
    let text = "Trump said Iran lies.\nNo.";
    let ann = "T1\twarning 11 20\tIran lies\nT2\tSource 0 5\tTrump\nR1\tSource Arg1:T1 Arg2:T2\nT3\tdenial 11 15;22 25\tIran No.\nA1\tNegated T1\n#1\tAnnotatorNotes T1\tchecked\n";
    let imported = io::brat::parse("d", text, ann, "d.ann", &Default::default()).unwrap();
    let set = &imported.docs[0].sets[0].set;
    assert_eq!(set.frames().len(), 2);
    let f = &set.frames()[0];
    assert_eq!(
        (f.stance.as_str(), f.claim.first().text.as_str()),
        ("warning", "Iran lies")
    );
    assert_eq!(
        f.source
            .as_ref()
            .unwrap()
            .span
            .as_ref()
            .unwrap()
            .first()
            .text,
        "Trump"
    );
    assert_eq!(f.attributes["Negated"], "true");
    assert_eq!(f.note, "checked");
    // The discontinuous T3 is a claim of two fragments, not their covering span.
    let split: Vec<(Span, &str)> = set.frames()[1]
        .claim
        .fragments()
        .iter()
        .map(|f| (f.span, f.text.as_str()))
        .collect();
    assert_eq!(
        split,
        vec![(Span::new(11, 15), "Iran"), (Span::new(22, 25), "No.")]
    );
    assert!(imported.notices.is_empty(), "{:?}", imported.notices);
    assert!(imported.dropped.is_empty(), "{:?}", imported.dropped);
    let _ = Quote::new(Span::new(0, 0), "");
}
