//! Every export format's bytes, pinned on a small hand-checked example (`tests/data/pinned`):
//! a split quote and a split cue, emoji (one with a skin-tone modifier), CJK with a combining
//! mark, CRLF, a tab, quotes, a backslash and a control character in the text and in notes,
//! entities, attributes, `via`, a claim that starts with a line break, and a plain ASCII
//! document. The expected files were written by the exporters as they were before they became
//! one-pass writers; the offsets below were counted by hand.
//!
//! Each check is also shown to refuse a shifted offset in its own format.

use std::path::{Path, PathBuf};

use stancemark::io;
use stancemark::io::export::{ExportItem, OutFile};
use stancemark::model::Schema;
use stancemark::project::export::{verify, ExportFormat};

fn pinned() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/pinned")
}

fn expected(name: &str) -> String {
    let path = pinned().join("expected").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The documents and sets of `input.jsonl` (our own JSONL, frames included), in the order of
/// their ids as a project exports them.
fn input() -> Vec<(
    stancemark::model::Document,
    stancemark::model::AnnotationSet,
)> {
    let text = std::fs::read_to_string(pinned().join("input.jsonl")).unwrap();
    let mut docs: Vec<_> = io::jsonl::parse(&text, "input.jsonl")
        .unwrap()
        .docs
        .into_iter()
        .map(|mut d| (d.document, d.sets.remove(0).set))
        .collect();
    docs.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    docs
}

fn files(format: ExportFormat, items: &[ExportItem], schema: &Schema) -> Vec<OutFile> {
    match format {
        ExportFormat::Jsonl => io::jsonl::export(items).unwrap(),
        ExportFormat::Csv => io::csv_export::export(items).unwrap(),
        ExportFormat::Spacy => io::spacy::export(items).unwrap(),
        ExportFormat::Doccano => io::doccano::export(items).unwrap(),
        ExportFormat::LabelStudio => io::label_studio::export(items, schema).unwrap(),
        ExportFormat::W3c => io::w3c::export(items).unwrap(),
        ExportFormat::Brat => io::brat::export(items, schema).0,
        ExportFormat::Conll => io::conll::export(items).0,
    }
}

/// The expected file of an output file: `out.FORMAT`, `out.config.xml`, or `brat/NAME`.
fn expected_name(format: ExportFormat, name: &str) -> String {
    match (format, name) {
        (ExportFormat::Brat, _) => format!("brat/{name}"),
        (_, "") => format!("out.{}", format.name()),
        (_, sibling) => format!("out{sibling}"),
    }
}

#[test]
fn every_format_writes_the_pinned_bytes() {
    let data = input();
    let items: Vec<ExportItem> = data
        .iter()
        .map(|(document, set)| ExportItem { document, set })
        .collect();
    let schema = Schema::default_news();
    let out = Path::new("out");
    for format in ExportFormat::ALL {
        let written = files(format, &items, &schema);
        for f in &written {
            let want = expected(&expected_name(format, &f.name));
            assert_eq!(f.contents, want, "{} {:?}", format.name(), f.name);
        }
        let checked = verify(format, out, &written, &items).unwrap();
        assert!(checked >= 19, "{}: {checked} spans checked", format.name());
    }
}

#[test]
fn the_pinned_offsets_are_code_points() {
    // "Quill said: \"We will not,\" he said, \"back down.\" 😀 日本\u{301} café\r\nNext line…":
    // the claim is [13, 25) + [37, 47); the emoji is code point 49, 日本 + the combining mark
    // are 51–53, the CRLF 59–60, "Next line" [61, 70).
    let brat = expected("brat/stress-1.ann");
    assert!(brat.contains("T1\tClaim 13 25;37 47\tWe will not, back down.\n"));
    assert!(brat.contains("T5\tClaim 51 59;61 70\t日本\u{301} café Next line\n"));
    let w3c = expected("out.w3c");
    assert!(w3c.contains(
        "\"start\": 51,\n            \"end\": 70\n          },\n          {\n            \"type\": \"TextQuoteSelector\",\n            \"exact\": \"日本\u{301} café\\r\\nNext line\","
    ));
    let ls = expected("out.label-studio");
    assert!(ls.contains(
        "\"start\": 37,\n              \"end\": 47,\n              \"text\": \"back down.\","
    ));
    let spacy = expected("out.spacy");
    assert!(spacy.contains(
        r#"{"start":125,"end":153,"label":"warning","text":"Iran warned the US 👍🏽 today.","frame":"f2","role":"claim"}"#
    ));
}

/// Replaces the first `from` in the output named `name` with `to`.
fn corrupt(files: &mut [OutFile], name: &str, from: &str, to: &str) {
    let f = files.iter_mut().find(|f| f.name == name).unwrap();
    assert!(f.contents.contains(from), "{name}: no {from:?}");
    f.contents = f.contents.replacen(from, to, 1);
}

#[test]
fn every_check_refuses_a_shifted_span() {
    let data = input();
    let items: Vec<ExportItem> = data
        .iter()
        .map(|(document, set)| ExportItem { document, set })
        .collect();
    let schema = Schema::default_news();
    let out = Path::new("out");
    let cases: [(ExportFormat, &str, &str, &str); 8] = [
        (
            ExportFormat::Jsonl,
            "",
            r#""start":37,"end":47"#,
            r#""start":38,"end":48"#,
        ),
        (ExportFormat::Csv, "", "13;37", "13;38"),
        (
            ExportFormat::Spacy,
            "",
            r#""start":125,"end":153"#,
            r#""start":124,"end":152"#,
        ),
        (
            ExportFormat::Doccano,
            "",
            r#""start_offset":13"#,
            r#""start_offset":14"#,
        ),
        (
            ExportFormat::LabelStudio,
            "",
            "\"start\": 37,\n              \"end\": 47,",
            "\"start\": 36,\n              \"end\": 46,",
        ),
        (ExportFormat::W3c, "", "\"start\": 51,", "\"start\": 52,"),
        (
            ExportFormat::Brat,
            "stress-1.ann",
            "Claim 13 25;37 47",
            "Claim 13 25;38 48",
        ),
        (ExportFormat::Conll, "", "We\t13\t15", "We\t14\t16"),
    ];
    for (format, name, from, to) in cases {
        let mut written = files(format, &items, &schema);
        verify(format, out, &written, &items).unwrap();
        corrupt(&mut written, name, from, to);
        let e = verify(format, out, &written, &items)
            .unwrap_err()
            .to_string();
        assert!(e.contains("failed its check"), "{}: {e}", format.name());
    }
}

/// The checks read their files in pieces on every core: an error far down the file still
/// names its line in the whole file.
#[test]
fn a_check_names_the_line_of_the_whole_file() {
    let data = input();
    // The two documents six times over, with ids of their own.
    let many: Vec<_> = (0..6)
        .flat_map(|k| {
            data.iter().map(move |(d, s)| {
                let mut d = d.clone();
                d.id = format!("{k}-{}", d.id);
                let mut s = s.clone();
                s.document_id = d.id.clone();
                (d, s)
            })
        })
        .collect();
    let items: Vec<ExportItem> = many
        .iter()
        .map(|(document, set)| ExportItem { document, set })
        .collect();
    let schema = Schema::default_news();
    for (format, from, to) in [
        (
            ExportFormat::Jsonl,
            r#""start":37,"end":47"#,
            r#""start":38,"end":48"#,
        ),
        (
            ExportFormat::Spacy,
            r#""start":125,"end":153"#,
            r#""start":124,"end":152"#,
        ),
        (
            ExportFormat::Doccano,
            r#""start_offset":13"#,
            r#""start_offset":14"#,
        ),
        (ExportFormat::Conll, "We\t13\t15", "We\t14\t16"),
    ] {
        let mut written = files(format, &items, &schema);
        let contents = &mut written[0].contents;
        // The last occurrence, in the twelfth document.
        let at = contents.rfind(from).unwrap();
        let line = contents[..at].matches('\n').count() + 1;
        contents.replace_range(at..at + from.len(), to);
        let e = verify(format, Path::new("out"), &written, &items)
            .unwrap_err()
            .to_string();
        assert!(e.contains(&format!("out:{line}")), "{}: {e}", format.name());
        assert!(line > 11, "{}: line {line}", format.name());
    }
}
