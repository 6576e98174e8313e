//! Spans of several fragments (issue 12, "Discontinuous spans in the model"): the native format,
//! every export and the importers that read them back, agreement, disagreement and adjudication.

use std::path::{Path, PathBuf};

use serde_json::Value;
use stancemark::io::native;
use stancemark::model::{
    AnnotationSet, Document, Entity, Frame, Participant, Quote, Schema, Span, Status,
};
use stancemark::project::export::{export, ExportFormat, Overwrite, Selection};
use stancemark::project::import::{import, ImportFormat};
use stancemark::project::Project;
use stancemark::review::{agree, auto_accept, disagreements, DocumentAnnotations, Kind};

use crate::formats::{find, opts, project_with, without};
use crate::util::sample_path;

/// Every committed `stancemark/1` file: the samples and the native fuzz seed.
fn committed_native_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![
        sample_path("iran-talks-signals.stance.json"),
        root.join("fuzz/seeds/native/small.json"),
    ];
    for a in ["alice", "bob", "carol"] {
        out.push(sample_path(&format!(
            "review-project/annotations/{a}/iran-talks-signals.json"
        )));
    }
    out
}

/// The sample was saved by the writer before spans could have fragments: it is written back
/// byte for byte.
#[test]
fn a_file_saved_before_fragments_is_written_byte_identically() {
    let path = sample_path("iran-talks-signals.stance.json");
    let on_disk = std::fs::read_to_string(&path).unwrap();
    let file = native::parse(&on_disk, "sample").unwrap();
    assert_eq!(
        native::to_string(&file.document, &file.annotations),
        on_disk
    );
}

/// Every committed file (some written by hand, without context or with other indentation)
/// reads, writes every span flat (no `fragments` key), reads back equal, and is then stable.
#[test]
fn every_committed_native_file_keeps_its_flat_spans() {
    for path in committed_native_files() {
        let shown = path.display().to_string();
        let on_disk = std::fs::read_to_string(&path).unwrap();
        let file = native::parse(&on_disk, &shown).unwrap();
        let saved = native::to_string(&file.document, &file.annotations);
        assert!(!saved.contains("\"fragments\""), "{shown}");
        let again = native::parse(&saved, "saved").unwrap();
        assert_eq!(again, file, "{shown}");
        assert_eq!(
            native::to_string(&again.document, &again.annotations),
            saved,
            "{shown}"
        );
    }
}

/// The fuzz seed with split spans (claim and source) reads, validates and round-trips.
#[test]
fn the_fragment_fuzz_seed_is_valid_and_round_trips() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/native/fragments.json");
    let file = native::load(&path).unwrap();
    assert!(file.validate(&Schema::default_news()).is_empty());
    let f = &file.annotations.frames()[0];
    assert_eq!(f.claim.display_text(), "We will not, … back down.");
    let saved = native::to_string(&file.document, &file.annotations);
    assert_eq!(saved.matches("\"fragments\"").count(), 2);
    assert_eq!(native::parse(&saved, "saved").unwrap(), file);
}

// ---------------------------------------------------------------------------------------------
// Frames made of fragments through every export (and back through the importers that can).

/// A split quote across a CRLF, emoji, CJK, a combining mark (é as e + U+0301).
const SPLIT: &str = "\"We will not,\" Président Trump 😀 said,\r\n\"back down 日本語.\" The \
                     cafe\u{301} owner denied it;\r\nhe called it \"fake\" and \"absurd.\"\r\n";

/// The quote whose fragments are the first occurrences of `needles`, each after the previous.
fn q(doc: &Document, needles: &[&str]) -> Quote {
    let text = doc.text.as_str();
    let mut spans: Vec<Span> = Vec::new();
    for n in needles {
        let after = spans.last().map_or(0, |s| s.end);
        let nth = (0..).find(|&k| find(text, n, k).start >= after).unwrap();
        spans.push(find(text, n, nth));
    }
    Quote::of_text(&doc.text, &spans).unwrap()
}

/// Three frames: f1 a split claim (two fragments on two lines); f2 one fragment that crosses
/// a CRLF; f3 a split claim with a split source, reported via f1.
fn split_frames() -> (Document, AnnotationSet) {
    let doc = Document::new("split", SPLIT);
    let schema = Schema::default_news();
    let mut set = AnnotationSet::new("split", "alice", schema.reference());
    set.entities
        .push(Entity::new("e1", "Donald Trump", "person"));
    set.status = Status::Done;
    let mut f1 = Frame::new(
        "f1",
        q(&doc, &["We will not,", "back down 日本語."]),
        "threat",
    );
    f1.source = Some(Participant {
        span: Some(q(&doc, &["Président Trump"])),
        entity: Some("e1".into()),
    });
    f1.cue = Some(q(&doc, &["said"]));
    f1.attributes.insert("polarity".into(), "against".into());
    f1.note = "split 😀".into();
    let f2 = Frame::new("f2", q(&doc, &["owner denied it;\r\nhe called"]), "report");
    let mut f3 = Frame::new("f3", q(&doc, &["fake", "absurd."]), "denial");
    f3.source = Some(Participant {
        span: Some(q(&doc, &["The cafe\u{301} owner", "he"])),
        entity: None,
    });
    f3.cue = Some(q(&doc, &["called"]));
    f3.via = Some("f1".into());
    set.set_frames(vec![f1, f2, f3]);
    let ids: Vec<&str> = set.frames().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["f1", "f2", "f3"], "ids follow the canonical order");
    assert!(stancemark::model::validate(&set, &doc, &schema).is_empty());
    (doc, set)
}

/// The fragments of every span: (frame, role, [(start, end, text)]).
type Spans = Vec<(String, String, Vec<(usize, usize, String)>)>;

fn spans_of(set: &AnnotationSet) -> Spans {
    let mut out: Spans = set
        .frames()
        .iter()
        .flat_map(|f| {
            f.quotes().map(|(role, q)| {
                let frags = q
                    .fragments()
                    .iter()
                    .map(|x| (x.span.start, x.span.end, x.text.clone()))
                    .collect();
                (f.id.clone(), role.name().to_owned(), frags)
            })
        })
        .collect();
    out.sort();
    out
}

fn exported(to: ExportFormat) -> (tempfile::TempDir, std::path::PathBuf, AnnotationSet) {
    let (doc, set) = split_frames();
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
    assert_eq!(summary.frames, 3);
    (dir, out, set)
}

fn round_trip(to: ExportFormat, from: ImportFormat, annotator: Option<&str>) -> AnnotationSet {
    let (dir, out, _) = exported(to);
    let mut p = Project::init(&dir.path().join("q"), None, None).unwrap();
    let report = import(&mut p, from, &[out], &opts(annotator), &mut |_, _| {}).unwrap();
    assert_eq!(
        (report.documents_added, report.frames),
        (1, 3),
        "{report:?}"
    );
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let id = &p.document_ids().unwrap()[0];
    assert_eq!(p.load_document(id).unwrap().text.as_str(), SPLIT);
    p.load_annotations(annotator.unwrap_or("alice"), id)
        .unwrap()
        .unwrap()
}

#[test]
fn jsonl_keeps_fragment_frames_exactly() {
    let (_, set) = split_frames();
    let back = round_trip(ExportFormat::Jsonl, ImportFormat::Jsonl, None);
    assert_eq!(back.frames(), set.frames());
}

#[test]
fn native_import_keeps_fragment_frames_exactly() {
    let (doc, set) = split_frames();
    let (dir, p) = project_with(&doc, &set);
    let file = p.annotation_path("alice", "split").unwrap();
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(written.matches("\"fragments\"").count(), 3, "{written}");
    let mut q = Project::init(&dir.path().join("q"), None, None).unwrap();
    import(
        &mut q,
        ImportFormat::Native,
        &[file],
        &opts(None),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(q.load_annotations("alice", "split").unwrap(), Some(set));
}

#[test]
fn brat_writes_one_offset_pair_per_fragment_and_reads_the_frames_back() {
    let (_dir, out, set) = exported(ExportFormat::Brat);
    let ann = std::fs::read_to_string(out.join("split.ann")).unwrap();
    let t_lines: Vec<&str> = ann.lines().filter(|l| l.starts_with('T')).collect();
    // f1's claim: two fragments; f2's claim crosses the CRLF, so brat splits it there
    // ("owner denied it;" is [67, 83), the CRLF [83, 85), "he called" [85, 94)).
    let (a, b) = (
        find(SPLIT, "We will not,", 0),
        find(SPLIT, "back down 日本語.", 0),
    );
    let t1 = format!(
        "T1\tClaim {} {};{} {}\tWe will not, back down 日本語.",
        a.start, a.end, b.start, b.end
    );
    assert!(t_lines.contains(&t1.as_str()), "{ann}");
    let c = find(SPLIT, "owner denied it;", 0);
    let d = find(SPLIT, "he called", 0);
    assert_eq!((c.start, c.end, d.start, d.end), (67, 83, 85, 94));
    assert!(
        t_lines.iter().any(|l| *l
            == format!(
                "T4\tClaim {} {};{} {}\towner denied it; he called",
                c.start, c.end, d.start, d.end
            )),
        "{ann}"
    );
    let back = round_trip(ExportFormat::Brat, ImportFormat::Brat, Some("alice"));
    assert_eq!(back.frames(), set.frames());
    assert_eq!(back.entities, set.entities);
}

#[test]
fn label_studio_writes_a_region_per_fragment_joined_by_a_relation() {
    let (_dir, out, set) = exported(ExportFormat::LabelStudio);
    let tasks: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let result = tasks[0]["annotations"][0]["result"].as_array().unwrap();
    let region = |id: &str| {
        result
            .iter()
            .find(|r| r["id"] == id && r["type"] == "labels")
            .unwrap_or_else(|| panic!("no region {id}"))["value"]
            .clone()
    };
    assert_eq!(region("f1")["text"], "We will not,");
    assert_eq!(region("f1#2")["text"], "back down 日本語.");
    assert_eq!(region("f3-source#2")["text"], "he");
    assert!(result.iter().any(|r| r["type"] == "relation"
        && r["from_id"] == "f1"
        && r["to_id"] == "f1#2"
        && r["labels"][0] == "fragment"));
    let back = round_trip(ExportFormat::LabelStudio, ImportFormat::LabelStudio, None);
    assert_eq!(back.frames(), without(set.frames(), true, false));
}

#[test]
fn doccano_writes_an_entity_per_fragment_joined_by_a_relation() {
    let (_dir, out, set) = exported(ExportFormat::Doccano);
    let line: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let ents = line["entities"].as_array().unwrap();
    // 3 claims + f1 claim's 2nd fragment + f1 source, cue + f3 claim's 2nd + f3 source (2) + cue
    assert_eq!(ents.len(), 10, "{ents:?}");
    let fragment_links = line["relations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["type"] == "fragment")
        .count();
    assert_eq!(fragment_links, 3);
    let back = round_trip(ExportFormat::Doccano, ImportFormat::Doccano, None);
    assert_eq!(back.frames(), without(set.frames(), true, true));
}

#[test]
fn spacy_writes_one_span_per_fragment_with_the_frame_id() {
    let (_dir, out, set) = exported(ExportFormat::Spacy);
    let line: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let text: Vec<char> = line["text"].as_str().unwrap().chars().collect();
    let mut got: Spans = Vec::new();
    for s in line["spans"].as_array().unwrap() {
        let (start, end) = (
            s["start"].as_u64().unwrap() as usize,
            s["end"].as_u64().unwrap() as usize,
        );
        // Python's text[start:end]: code points.
        let slice: String = text[start..end].iter().collect();
        assert_eq!(slice, s["text"].as_str().unwrap());
        let key = (
            s["frame"].as_str().unwrap().to_owned(),
            s["role"].as_str().unwrap().to_owned(),
        );
        match got.iter_mut().find(|g| (&g.0, &g.1) == (&key.0, &key.1)) {
            Some(g) => g.2.push((start, end, slice)),
            None => got.push((key.0, key.1, vec![(start, end, slice)])),
        }
    }
    got.sort();
    assert_eq!(got, spans_of(&set));
}

#[test]
fn csv_lists_the_fragments_in_each_span_cell() {
    let (_dir, out, _) = exported(ExportFormat::Csv);
    let mut r = csv::Reader::from_path(&out).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let (a, b) = (
        find(SPLIT, "We will not,", 0),
        find(SPLIT, "back down 日本語.", 0),
    );
    assert_eq!(&rows[0][3], format!("{};{}", a.start, b.start));
    assert_eq!(&rows[0][4], format!("{};{}", a.end, b.end));
    assert_eq!(&rows[0][5], "We will not, … back down 日本語.");
    let (s1, s2) = (
        find(SPLIT, "The cafe\u{301} owner", 0),
        find(SPLIT, "he called", 0),
    );
    assert_eq!(&rows[2][7], format!("{};{}", s1.start, s2.start));
    assert_eq!(&rows[2][9], "The cafe\u{301} owner … he");
}

#[test]
fn w3c_targets_a_list_with_one_selector_per_fragment() {
    let (_dir, out, _) = exported(ExportFormat::W3c);
    let page: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let target = &page["items"][0]["target"];
    assert_eq!(target["type"], "List");
    let items = target["items"].as_array().unwrap();
    let exact: Vec<&str> = items
        .iter()
        .map(|i| i["selector"][1]["exact"].as_str().unwrap())
        .collect();
    assert_eq!(exact, ["We will not,", "back down 日本語."]);
    let b = find(SPLIT, "back down 日本語.", 0);
    assert_eq!(items[1]["selector"][0]["start"], b.start);
    assert_eq!(items[1]["selector"][0]["end"], b.end);
    // A one-fragment claim keeps the plain target.
    assert_eq!(page["items"][1]["target"].get("type"), None);
}

#[test]
fn conll_labels_each_fragment_as_its_own_run() {
    let (_dir, out, _) = exported(ExportFormat::Conll);
    let written = std::fs::read_to_string(&out).unwrap();
    let rows: Vec<Vec<&str>> = written
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c.len() == 5 && c[0] != "-DOCSTART-")
        .collect();
    let tag = |token: &str| {
        rows.iter()
            .find(|r| r[0] == token)
            .unwrap_or_else(|| panic!("no token {token}"))[3]
    };
    assert_eq!(tag("We"), "B-threat");
    assert_eq!(tag("not"), "I-threat");
    assert_eq!(tag("Trump"), "O", "the gap of the split quote");
    assert_eq!(tag("back"), "B-threat", "the second fragment starts a run");
    assert_eq!(tag("down"), "I-threat");
    assert_eq!(tag("fake"), "B-denial");
    assert_eq!(tag("and"), "O");
    assert_eq!(tag("absurd"), "B-denial");
}

// ---------------------------------------------------------------------------------------------
// Agreement, disagreement and adjudication on fragment claims, against hand-computed values.

/// `"We will not," he said, "back down."` — "We will not," is [1, 13), "he said," [15, 23),
/// "back down." [25, 35); 36 code points, 6 of them spaces (at 3, 8, 14, 17, 23, 29): 30 units.
const QUOTE: &str = "\"We will not,\" he said, \"back down.\"";

fn set_of(doc: &Document, who: &str, claims: &[(&[(usize, usize)], &str)]) -> AnnotationSet {
    let schema = Schema::default_news();
    let mut set = AnnotationSet::new(&doc.id, who, schema.reference());
    let frames = claims
        .iter()
        .enumerate()
        .map(|(i, (spans, stance))| {
            let spans: Vec<Span> = spans.iter().map(|&(s, e)| Span::new(s, e)).collect();
            Frame::new(
                format!("f{}", i + 1),
                Quote::of_text(&doc.text, &spans).unwrap(),
                *stance,
            )
        })
        .collect();
    set.set_frames(frames);
    assert!(stancemark::model::validate(&set, doc, &schema).is_empty());
    set
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() < 1e-9)
}

#[test]
fn a_split_claim_covers_only_its_fragments() {
    let doc = Document::new("q", QUOTE);
    assert_eq!(doc.text.len_chars(), 36);
    let split = set_of(&doc, "a", &[(&[(1, 13), (25, 35)], "threat")]);
    let covering = set_of(&doc, "b", &[(&[(1, 35)], "threat")]);
    let names = vec!["a".to_owned(), "b".to_owned()];
    let r = agree(
        &names,
        &[DocumentAnnotations {
            document: &doc,
            sets: vec![&split, &covering],
        }],
    );
    assert_eq!(r.units, 30);
    // a: threat on 10 + 9 units; b: threat on 28. Both threat 19, a O / b threat 9 (the gap:
    // `" he said, "` without spaces), both O 2. p_o = 21/30, p_e = (19·28 + 11·2)/900 = 554/900,
    // κ = (630 − 554)/(900 − 554) = 76/346.
    let p = &r.pairs[0];
    assert!(
        close(p.cohen_kappa.value(), 76.0 / 346.0),
        "{:?}",
        p.cohen_kappa
    );
    // Fleiss: P̄ = 0.7, P_e = (47² + 13²)/60² = 2378/3600 → (2520 − 2378)/(3600 − 2378).
    assert!(
        close(r.fleiss_kappa.value(), 142.0 / 1222.0),
        "{:?}",
        r.fleiss_kappa
    );
    // Not the same fragments: no exact match; 22 shared code points: an overlap match.
    assert!(close(p.span_f1_exact.value(), 0.0));
    assert!(close(p.span_f1_overlap.value(), 1.0));
    // α_U with units a: [1, 13), [25, 35); b: [1, 35); L = 36.
    // D_o = 2/(2·36²)·(0² + 22² + 24² + 0²) = 1060/1296.
    // D_e = 2/36 · Σ_u [2·l(l−1)(2l−1)/3 + l²·Σ_{g ≥ l}(g − l + 1)] / (72·71 − Σ l(l−1)) with
    // units 12, 10, 34 and gaps 1, 12, 1, 1, 1: (2168 + 1440 + 50116)/(5112 − 1344).
    let d_o = 1060.0 / 1296.0;
    let d_e = 2.0 / 36.0 * 53724.0 / 3768.0;
    assert!(
        close(r.alpha_u.overall.value(), 1.0 - d_o / d_e),
        "{:?}",
        r.alpha_u
    );
}

#[test]
fn a_claim_in_the_gap_of_a_split_claim_does_not_overlap_it() {
    let doc = Document::new("q", QUOTE);
    let split = set_of(&doc, "a", &[(&[(1, 13), (25, 35)], "threat")]);
    let gap = set_of(&doc, "b", &[(&[(15, 23)], "threat")]);
    let names = vec!["a".to_owned(), "b".to_owned()];
    let r = agree(
        &names,
        &[DocumentAnnotations {
            document: &doc,
            sets: vec![&split, &gap],
        }],
    );
    let p = &r.pairs[0];
    assert!(
        close(p.span_f1_overlap.value(), 0.0),
        "{:?}",
        p.span_f1_overlap
    );
    assert!(close(p.span_f1_unlabeled_overlap.value(), 0.0));
    // a threat 19, b threat 7 ("he said," without the space), disjoint; both O 4.
    // p_o = 4/30, p_e = (19·7 + 11·23)/900 = 386/900 → (120 − 386)/(900 − 386).
    assert!(
        close(p.cohen_kappa.value(), -266.0 / 514.0),
        "{:?}",
        p.cohen_kappa
    );
    // Each claim stands alone in the disagreement list: two "missing" groups.
    let d = disagreements(&[&split, &gap]);
    let kinds: Vec<Kind> = d.iter().map(|x| x.kind).collect();
    assert_eq!(kinds, vec![Kind::Missing, Kind::Missing]);
}

#[test]
fn fragments_decide_exact_agreement_disagreement_and_adjudication() {
    let doc = Document::new("q", QUOTE);
    let split = |who| set_of(&doc, who, &[(&[(1, 13), (25, 35)], "threat")]);
    let (a, b) = (split("a"), split("b"));
    let covering = set_of(&doc, "c", &[(&[(1, 35)], "threat")]);
    let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    let r = agree(
        &names,
        &[DocumentAnnotations {
            document: &doc,
            sets: vec![&a, &b, &covering],
        }],
    );
    let f1 = |i: usize| (r.pairs[i].a.as_str(), r.pairs[i].span_f1_exact.value());
    assert_eq!(f1(0), ("a", Some(1.0)), "the same fragments agree exactly");
    assert_eq!(
        f1(1),
        ("a", Some(0.0)),
        "a split and a covering claim do not"
    );
    // One annotator splitting the quote and another not is a boundary disagreement.
    let d = disagreements(&[&a, &b, &covering]);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].kind, Kind::Boundary);
    assert_eq!(d[0].span, Span::new(1, 35));
    assert!(disagreements(&[&a, &b]).is_empty());
    // Two agreeing split claims go into gold with their fragments.
    let gold = AnnotationSet::new("q", "gold", Schema::default_news().reference());
    let mut gold2 = gold.clone();
    let step = auto_accept(&[&a, &b, &covering], &gold, 2, "dana");
    assert_eq!(step.accepted, 1);
    step.transaction.apply(&mut gold2).unwrap();
    assert_eq!(gold2.frames()[0].claim, a.frames()[0].claim);
    assert!(gold2.frames()[0].claim.is_discontinuous());
}
