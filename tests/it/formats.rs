//! Import and export formats: round trips, offsets in each format's own unit, malformed input.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use stancemark::io;
use stancemark::model::{AnnotationSet, Document, Entity, Frame, Participant, Quote, Span, Status};
use stancemark::project::export::{export, ExportFormat, Selection};
use stancemark::project::import::{import, ImportFormat, ImportOptions};
use stancemark::project::Project;

/// Emoji (astral), a flag (two astral code points), CJK, combining marks, CRLF line endings.
pub const TEXT: &str = "Président Trump 😀 warned:\r\n\"Iran is not winning 日本語 this war,\" he said.\r\nThe ministry denied that Iran\u{301} threatened Israel 🇮🇱 yesterday.\r\n";

/// The code point span of the `nth` occurrence of `needle`.
pub fn find(text: &str, needle: &str, nth: usize) -> Span {
    let (b, _) = text.match_indices(needle).nth(nth).expect(needle);
    let start = text[..b].chars().count();
    Span::new(start, start + needle.chars().count())
}

fn quote(doc: &Document, needle: &str, nth: usize) -> Quote {
    let s = find(doc.text.as_str(), needle, nth);
    Quote::new(s, doc.text.slice(s).unwrap())
}

fn part(doc: &Document, needle: &str, entity: Option<&str>) -> Participant {
    Participant {
        span: Some(quote(doc, needle, 0)),
        entity: entity.map(str::to_owned),
    }
}

/// Five frames with nested (f2 in f1), overlapping (f3/f4) and line-crossing (f5) claims; ids
/// f1… follow the canonical order so that formats which renumber give the same ids back.
pub fn tricky() -> (Document, AnnotationSet) {
    let mut doc = Document::new("tricky", TEXT);
    doc.title = Some("Tricky 日本".into());
    let schema = stancemark::model::Schema::default_news();
    let mut set = AnnotationSet::new("tricky", "alice", schema.reference());
    set.entities
        .push(Entity::new("e1", "Donald Trump", "person"));
    set.status = Status::Done;
    let mut f1 = Frame::new(
        "f1",
        quote(&doc, "Iran is not winning 日本語 this war", 0),
        "warning",
    );
    f1.source = Some(part(&doc, "Président Trump", Some("e1")));
    f1.cue = Some(quote(&doc, "warned", 0));
    f1.target = Some(part(&doc, "Iran", None));
    f1.attributes.insert("polarity".into(), "against".into());
    f1.note = "emoji 😀 and 日本 in a note".into();
    let mut f2 = Frame::new("f2", quote(&doc, "not winning 日本語", 0), "denial");
    f2.via = Some("f1".into());
    let mut f3 = Frame::new(
        "f4",
        quote(&doc, "that Iran\u{301} threatened Israel 🇮🇱", 0),
        "denial",
    );
    f3.source = Some(part(&doc, "The ministry", None));
    f3.cue = Some(quote(&doc, "denied", 0));
    let mut f4 = Frame::new(
        "f5",
        quote(&doc, "Iran\u{301} threatened Israel 🇮🇱 yesterday", 0),
        "threat",
    );
    f4.target = Some(part(&doc, "Israel 🇮🇱", None));
    f4.via = Some("f4".into());
    let f5 = Frame::new("f3", quote(&doc, "he said.\r\nThe ministry", 0), "report");
    set.set_frames(vec![f1, f2, f3, f4, f5]);
    let ids: Vec<&str> = set.frames().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        ["f1", "f2", "f3", "f4", "f5"],
        "ids follow the canonical order"
    );
    (doc, set)
}

pub fn project_with(doc: &Document, set: &AnnotationSet) -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let p = Project::init(&dir.path().join("p"), Some("t"), None).unwrap();
    p.save_document(doc).unwrap();
    p.save_annotations(doc, set).unwrap();
    (dir, p)
}

fn opts(annotator: Option<&str>) -> ImportOptions {
    ImportOptions {
        annotator: annotator.map(str::to_owned),
        ..Default::default()
    }
}

/// Every file under `dir` with its bytes: a project's complete state.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.insert(p.clone(), Vec::new());
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn without(frames: &[Frame], entities: bool, attrs_notes: bool) -> Vec<Frame> {
    frames
        .iter()
        .map(|f| {
            let mut f = f.clone();
            if entities {
                for p in [&mut f.source, &mut f.target].into_iter().flatten() {
                    p.entity = None;
                }
            }
            if attrs_notes {
                f.attributes.clear();
                f.note.clear();
            }
            f
        })
        .collect()
}

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

/// `text[start:end]` in Python terms: code points.
fn py_slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn exported(to: ExportFormat) -> (tempfile::TempDir, PathBuf, AnnotationSet) {
    let (doc, set) = tricky();
    let (dir, p) = project_with(&doc, &set);
    let out = dir.path().join(format!("out.{}", to.name()));
    export(
        &p,
        to,
        &Selection::Annotator("alice".into()),
        &out,
        &mut |_, _| {},
    )
    .unwrap();
    (dir, out, set)
}

fn all_quotes(set: &AnnotationSet) -> Vec<(u64, u64, String)> {
    let mut v: Vec<_> = set
        .frames()
        .iter()
        .flat_map(|f| {
            f.quotes()
                .map(|(_, q)| (q.span.start as u64, q.span.end as u64, q.text.clone()))
        })
        .collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<(u64, u64, String)>) -> Vec<(u64, u64, String)> {
    v.sort();
    v
}

#[test]
fn every_export_slices_to_the_stored_quotes_in_its_own_unit() {
    // jsonl, spacy: code points into the line's text.
    for to in [ExportFormat::Jsonl, ExportFormat::Spacy] {
        let (_d, out, set) = exported(to);
        let line: Value = serde_json::from_str(
            std::fs::read_to_string(&out)
                .unwrap()
                .lines()
                .next()
                .unwrap(),
        )
        .unwrap();
        let text = line["text"].as_str().unwrap();
        let mut got = Vec::new();
        if to == ExportFormat::Spacy {
            for s in line["spans"].as_array().unwrap() {
                let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
                got.push((a, b, py_slice(text, a, b)));
            }
        } else {
            for f in line["frames"].as_array().unwrap() {
                for k in ["claim", "cue"] {
                    if let Some(q) = f.get(k) {
                        let (a, b) = (q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap());
                        assert_eq!(py_slice(text, a, b), q["text"].as_str().unwrap());
                        got.push((a, b, py_slice(text, a, b)));
                    }
                }
                for k in ["source", "target"] {
                    if let Some(q) = f.get(k).and_then(|p| p.get("span")) {
                        let (a, b) = (q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap());
                        got.push((a, b, py_slice(text, a, b)));
                    }
                }
            }
        }
        assert_eq!(sorted(got), all_quotes(&set), "{}", to.name());
    }
    // doccano: entities' start_offset/end_offset in code points.
    let (_d, out, set) = exported(ExportFormat::Doccano);
    let line: Value =
        serde_json::from_str(std::fs::read_to_string(&out).unwrap().trim_end()).unwrap();
    let text = line["text"].as_str().unwrap();
    let got = line["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (a, b) = (
                e["start_offset"].as_u64().unwrap(),
                e["end_offset"].as_u64().unwrap(),
            );
            (a, b, py_slice(text, a, b))
        })
        .collect();
    assert_eq!(sorted(got), all_quotes(&set));
    // label-studio: value.start/end in code points; value.text must match.
    let (_d, out, set) = exported(ExportFormat::LabelStudio);
    let tasks: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let text = tasks[0]["data"]["text"].as_str().unwrap();
    let mut got = Vec::new();
    for r in tasks[0]["annotations"][0]["result"].as_array().unwrap() {
        if r["type"] == "labels" {
            let v = &r["value"];
            let (a, b) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
            assert_eq!(py_slice(text, a, b), v["text"].as_str().unwrap());
            got.push((a, b, py_slice(text, a, b)));
        }
    }
    assert_eq!(sorted(got), all_quotes(&set));
    assert!(out.with_extension("config.xml").is_file());
    // csv: claim/source/cue/target start, end, text columns.
    let (_d, out, set) = exported(ExportFormat::Csv);
    let mut r = csv::Reader::from_path(&out).unwrap();
    let mut got = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        for col in [3, 7, 11, 14] {
            if rec[col].is_empty() {
                continue;
            }
            let (a, b) = (rec[col].parse().unwrap(), rec[col + 1].parse().unwrap());
            assert_eq!(py_slice(TEXT, a, b), &rec[col + 2]);
            got.push((a, b, rec[col + 2].to_owned()));
        }
    }
    assert_eq!(sorted(got), all_quotes(&set));
    // w3c: TextPositionSelector vs TextQuoteSelector (exact, 32-code-point prefix and suffix).
    let (_d, out, set) = exported(ExportFormat::W3c);
    let page: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let mut got = Vec::new();
    for a in page["items"].as_array().unwrap() {
        let mut res = vec![a["target"].clone()];
        res.extend(
            a["body"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|b| b["type"] == "SpecificResource")
                .cloned(),
        );
        for r in res {
            let (pos, q) = (&r["selector"][0], &r["selector"][1]);
            let (s, e) = (pos["start"].as_u64().unwrap(), pos["end"].as_u64().unwrap());
            assert_eq!(py_slice(TEXT, s, e), q["exact"].as_str().unwrap());
            assert_eq!(
                py_slice(TEXT, s.saturating_sub(32), s),
                q["prefix"].as_str().unwrap()
            );
            assert_eq!(py_slice(TEXT, e, e + 32), q["suffix"].as_str().unwrap());
            got.push((s, e, py_slice(TEXT, s, e)));
        }
    }
    assert_eq!(sorted(got), all_quotes(&set));
    // brat: every fragment's text field equals the .txt at its code point offsets.
    let (_d, out, set) = exported(ExportFormat::Brat);
    let txt = std::fs::read_to_string(out.join("tricky.txt")).unwrap();
    assert_eq!(txt, TEXT, "the .txt keeps CRLF byte for byte");
    let ann = std::fs::read_to_string(out.join("tricky.ann")).unwrap();
    let mut got = Vec::new();
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let offs = cols[1].split_once(' ').unwrap().1;
        let frags: Vec<(u64, u64)> = offs
            .split(';')
            .map(|f| {
                let (a, b) = f.split_once(' ').unwrap();
                (a.parse().unwrap(), b.parse().unwrap())
            })
            .collect();
        let joined: Vec<String> = frags.iter().map(|(a, b)| py_slice(&txt, *a, *b)).collect();
        assert_eq!(joined.join(" "), cols[2], "{line}");
        let (a, b) = (frags[0].0, frags.last().unwrap().1);
        got.push((a, b, py_slice(&txt, a, b)));
    }
    assert_eq!(sorted(got), all_quotes(&set));
    assert!(
        ann.lines().any(|l| l.contains("\tClaim ")
            && l.contains(';')
            && l.ends_with("he said. The ministry")),
        "the claim across CRLF is split at the line break:\n{ann}"
    );
    // conll: every token line's START/END slice to its token; claim runs slice to claims.
    let (_d, out, set) = exported(ExportFormat::Conll);
    let conll = std::fs::read_to_string(&out).unwrap();
    let claims: Vec<String> = set.frames().iter().map(|f| f.claim.text.clone()).collect();
    let mut run: Option<(u64, u64)> = None;
    let mut runs = Vec::new();
    for line in conll.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 5 || c[0] == "-DOCSTART-" {
            continue; // the test text has no empty line, so one sentence
        }
        let (a, b): (u64, u64) = (c[1].parse().unwrap(), c[2].parse().unwrap());
        assert_eq!(py_slice(TEXT, a, b), c[0]);
        if c[3].starts_with("I-") {
            run = run.map(|(s, _)| (s, b));
        } else {
            runs.extend(run.take());
            if c[3].starts_with("B-") {
                run = Some((a, b));
            }
        }
    }
    runs.extend(run);
    assert!(!runs.is_empty());
    for (a, b) in runs {
        assert!(
            claims.contains(&py_slice(TEXT, a, b)),
            "{:?}",
            py_slice(TEXT, a, b)
        );
    }
}

#[test]
fn conll_reports_overlapping_claims_with_their_count() {
    let (doc, set) = tricky();
    let (dir, p) = project_with(&doc, &set);
    let s = export(
        &p,
        ExportFormat::Conll,
        &Selection::Annotator("alice".into()),
        &dir.path().join("o.conll"),
        &mut |_, _| {},
    )
    .unwrap();
    // f2 is nested in f1, f5 overlaps f4 (f3 crosses the line and overlaps neither).
    assert!(
        s.warnings.iter().any(|w| w.contains("2 claim(s) overlap")),
        "{:?}",
        s.warnings
    );
}

#[test]
fn a_shifted_offset_is_caught_by_the_export_check() {
    let (_d, out, _set) = exported(ExportFormat::LabelStudio);
    let good = std::fs::read_to_string(&out).unwrap();
    assert!(io::label_studio::verify(&good, "t.json").is_ok());
    // What a UTF-16 counting tool would write: every offset after the emoji one larger.
    let mut tasks: Value = serde_json::from_str(&good).unwrap();
    for r in tasks[0]["annotations"][0]["result"].as_array_mut().unwrap() {
        if let Some(s) = r["value"]["start"].as_u64() {
            if s > 16 {
                r["value"]["start"] = (s + 1).into();
                r["value"]["end"] = (r["value"]["end"].as_u64().unwrap() + 1).into();
            }
        }
    }
    let e = io::label_studio::verify(&tasks.to_string(), "t.json").unwrap_err();
    assert!(
        e.contains("t.json: task[0] result[") && e.contains("expected"),
        "{e}"
    );
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
            .text,
        "warned"
    );
    assert_eq!(p.status("alice").unwrap()[0].annotators, 2);
}

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
    assert!(
        e.contains("a.ann:2: offsets \"0 nine\" are not numbers"),
        "{e}"
    );
    let e = refused(
        ImportFormat::Brat,
        "a.ann",
        "T1\tClaim 0 9999\tx\n",
        opts(Some("b")),
    );
    assert!(
        e.contains("a.ann:1: span [0, 9999) is not inside the text"),
        "{e}"
    );
    let e = refused(
        ImportFormat::Brat,
        "a.ann",
        "\nT1\tClaim 0 9\tPresident\n",
        opts(Some("b")),
    );
    assert!(
        e.contains("a.ann:2: the text field \"President\" differs"),
        "{e}"
    );
    let e = refused(
        ImportFormat::Brat,
        "a.ann",
        "T1\tClaim 0 9\tPrésident\nE1\tClaim:T1 Source:T7\n",
        opts(Some("b")),
    );
    assert!(e.contains("a.ann:2: unknown span T7"), "{e}");
    let e = refused(
        ImportFormat::Brat,
        "a.ann",
        "T1\tClaim 0 9\tPrésident\n",
        opts(None),
    );
    assert!(
        e.contains("has no Stance") || e.contains("--annotator"),
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

#[test]
fn brat_from_other_tools_relations_and_discontinuous_spans() {
    let text = "Trump said Iran lies.\nNo.";
    let ann = "T1\twarning 11 20\tIran lies\nT2\tSource 0 5\tTrump\nR1\tSource Arg1:T1 Arg2:T2\nT3\tdenial 11 15;22 25\tIran No.\nA1\tNegated T1\n#1\tAnnotatorNotes T1\tchecked\n";
    let imported = io::brat::parse("d", text, ann, "d.ann").unwrap();
    let set = &imported.docs[0].sets[0].set;
    assert_eq!(set.frames().len(), 2);
    let f = &set.frames()[0];
    assert_eq!(
        (f.stance.as_str(), f.claim.text.as_str()),
        ("warning", "Iran lies")
    );
    assert_eq!(
        f.source.as_ref().unwrap().span.as_ref().unwrap().text,
        "Trump"
    );
    assert_eq!(f.attributes["Negated"], "true");
    assert_eq!(f.note, "checked");
    assert_eq!(set.frames()[1].claim.text, "Iran lies.\nNo.");
    assert!(
        imported
            .warnings
            .iter()
            .any(|w| w.contains("d.ann:4: discontinuous span T3")),
        "{:?}",
        imported.warnings
    );
    let _ = Quote::new(Span::new(0, 0), "");
}
