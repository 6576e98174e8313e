//! Label Studio files as Label Studio writes them (issue 12): `completions` of 0.x exports,
//! `predictions`, results of other types, a text field not called `text`, and `completed_by`
//! in the form its import accepts. Offsets counted by hand in
//! "Quill warned that the bridge is unsafe.": Quill [0, 5), warned [6, 12), the claim [18, 38).

use stancemark::project::export::{export, ExportFormat, Overwrite, Selection};

use super::*;

fn ls(name: &str) -> Vec<PathBuf> {
    vec![fixture(&format!("label-studio/{name}"))]
}

/// Imports the Label Studio fixture `name` into `p` with `opts`.
fn ls_import(p: &mut Project, name: &str, opts: &ImportOptions) -> Result<ImportReport, String> {
    run_import(p, ImportFormat::LabelStudio, &ls(name), opts)
}

/// The error of importing the Label Studio fixture `name` with the default options.
fn refused(p: &mut Project, name: &str) -> String {
    ls_import(p, name, &ImportOptions::default()).unwrap_err()
}

#[test]
fn completions_of_older_exports_are_read_like_annotations() {
    let (_d, mut p) = empty_project();
    let r = ls_import(&mut p, "completions-0.x.json", &ImportOptions::default()).unwrap();
    assert_eq!((r.annotation_sets, r.frames), (1, 1));
    let s = set_of(&p, "ann", "bridge");
    let f = &s.frames()[0];
    assert_eq!(
        (spans(&f.claim), f.stance.as_str()),
        (vec![(18, 38)], "warning")
    );
    assert_eq!(
        spans(f.source.as_ref().unwrap().span.as_ref().unwrap()),
        [(0, 5)]
    );
}

#[test]
fn predictions_are_refused_as_loss_or_imported_with_predictions_as() {
    let (_d, mut p) = empty_project();
    // Before: 0 frames, exit 0, no word. Now the prediction is counted and the import refused.
    let e = refused(&mut p, "predictions-only.json");
    assert!(e.contains("1 × prediction (see --predictions-as) ("), "{e}");
    assert!(
        e.contains("predictions-only.json:task[0].predictions[0])"),
        "{e}"
    );
    let opts = ImportOptions {
        predictions_as: Some("quote-v2".into()),
        ..Default::default()
    };
    let r = ls_import(&mut p, "predictions-only.json", &opts).unwrap();
    assert_eq!(r.frames, 1);
    let s = set_of(&p, "quote-v2", "bridge");
    let f = &s.frames()[0];
    assert_eq!(spans(&f.claim), [(18, 38)]);
    assert_eq!(spans(f.cue.as_ref().unwrap()), [(6, 12)]);
}

#[test]
fn predictions_can_become_pending_suggestions_of_an_annotator() {
    let (_d, mut p) = empty_project();
    let opts = ImportOptions {
        predictions_as_suggestions: Some("alice".into()),
        ..Default::default()
    };
    let r = ls_import(&mut p, "predictions-only.json", &opts).unwrap();
    // Suggestions are not frames: none imported, alice's file holds one pending suggestion.
    assert_eq!((r.annotation_sets, r.frames), (1, 0));
    let s = set_of(&p, "alice", "bridge");
    assert!(s.frames().is_empty());
    let [pending] = s.suggestions() else {
        panic!("one suggestion expected: {:?}", s.suggestions());
    };
    assert_eq!(pending.rule, "label-studio:quote-v2");
    assert_eq!(pending.stance, "warning");
    assert_eq!(spans(&pending.claim), [(18, 38)]);
    assert_eq!(spans(pending.cue.as_ref().unwrap()), [(6, 12)]);
}

#[test]
fn results_of_other_types_are_counted_not_dropped_silently() {
    let (_d, mut p) = empty_project();
    let e = refused(&mut p, "image-results.json");
    assert!(e.starts_with("2 annotations would not be imported"), "{e}");
    assert!(e.contains("1 × result of type rectanglelabels ("), "{e}");
    assert!(
        e.contains("image-results.json:task[0].annotations[0].result[1])"),
        "{e}"
    );
    assert!(
        e.contains("1 × choices result not on a claim region ("),
        "{e}"
    );
    let opts = ImportOptions {
        allow_loss: true,
        ..Default::default()
    };
    let r = ls_import(&mut p, "image-results.json", &opts).unwrap();
    assert_eq!(r.frames, 1);
    let lost: Vec<usize> = r.not_imported.iter().map(|g| g.count).collect();
    assert_eq!(lost, [1, 1]);
    // completed_by 3 is Label Studio's user number.
    assert_eq!(set_of(&p, "user-3", "bridge").frames().len(), 1);
}

#[test]
fn the_text_key_names_the_data_field() {
    let (_d, mut p) = empty_project();
    let e = refused(&mut p, "ner-key.json");
    assert!(e.contains("no \"data.text\" string"), "{e}");
    assert!(e.contains("--text-key"), "{e}");
    assert!(e.contains("[\"doc_id\", \"ner\", \"title\"]"), "{e}");
    let opts = ImportOptions {
        text_key: Some("ner".into()),
        ..Default::default()
    };
    let r = ls_import(&mut p, "ner-key.json", &opts).unwrap();
    assert_eq!(r.frames, 1);
    let doc = p.load_document("bridge").unwrap();
    assert_eq!(doc.text.as_str(), "Quill warned that the bridge is unsafe.");
    assert_eq!(doc.title.as_deref(), Some("Bridge"));
}

#[test]
fn export_writes_completed_by_as_an_email_label_studio_accepts() {
    let (d, mut p) = empty_project();
    ls_import(&mut p, "completions-0.x.json", &ImportOptions::default()).unwrap();
    let out = d.path().join("ls.json");
    export(
        &p,
        ExportFormat::LabelStudio,
        &Selection::Annotator("ann".into()),
        &out,
        Overwrite::Refuse,
        &mut |_, _| {},
    )
    .unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    // Label Studio 1.23 rejects a whole file whose completed_by is a plain name.
    assert_eq!(
        v[0]["annotations"][0]["completed_by"],
        serde_json::json!({"email": "ann@stancemark.local"})
    );
    // And it reads back as the same annotator.
    let (_d2, mut q) = empty_project();
    run_import(
        &mut q,
        ImportFormat::LabelStudio,
        &[out],
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(set_of(&q, "ann", "bridge").frames().len(), 1);
}

#[test]
fn a_role_map_names_label_studio_labels() {
    let (d, mut p) = empty_project();
    let t = "Quill warned that the bridge is unsafe.";
    let task = serde_json::json!([{"data": {"text": t, "doc_id": "bridge"}, "annotations": [{
        "completed_by": 4, "result": [
            {"id": "c", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 18, "end": 38, "text": "the bridge is unsafe", "labels": ["Quote"]}},
            {"id": "s", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 0, "end": 5, "text": "Quill", "labels": ["Speaker"]}},
            {"type": "relation", "from_id": "c", "to_id": "s", "direction": "right", "labels": ["said_by"]}]}]}]);
    let input = d.path().join("roles.json");
    std::fs::write(&input, task.to_string()).unwrap();
    let mut scheme = stancemark::io::import::Scheme::default();
    scheme.add_roles("Quote=claim,Speaker=source").unwrap();
    scheme.default_stance = Some("report".into());
    let opts = ImportOptions {
        scheme,
        ..Default::default()
    };
    let r = run_import(&mut p, ImportFormat::LabelStudio, &[input], &opts).unwrap();
    assert_eq!(r.frames, 1);
    let s = set_of(&p, "user-4", "bridge");
    let f = &s.frames()[0];
    assert_eq!(
        (spans(&f.claim), f.stance.as_str()),
        (vec![(18, 38)], "report")
    );
    // The relation's own label names no role: the Speaker region's mapped role is used.
    assert_eq!(
        spans(f.source.as_ref().unwrap().span.as_ref().unwrap()),
        [(0, 5)]
    );
}
