//! Numbers in the fields stancemark keeps without understanding them (unknown keys, document
//! metadata) come back with exactly the text they were read with: through the native format and
//! every importer that keeps them (JSONL, doccano, Label Studio; the W3C format is export only
//! and keeps no fields of its own). The one rewrite is the exponent's spelling, made canonical
//! once (`1E5` is written `1e+5`; Python's and JavaScript's `1e-05`, `1e+21` stay as they are).
//! Offsets, which stancemark does read, stay integers.

use proptest::prelude::*;
use serde_json::Value;
use stancemark::io::{self, native};
use stancemark::model::{AnnotationSet, Document};

/// The text the article uses in every input: emoji, CJK, a combining mark, CRLF.
const TEXT: &str = "Trump warned 😀 伊朗 Iran\u{301}.\r\nIsrael denied it.";
/// The same text as a JSON string literal.
const TEXT_JSON: &str = r#""Trump warned 😀 伊朗 Iran\u0301.\r\nIsrael denied it.""#;

/// Numbers as they appear in users' metadata: integers past `u64`/`i64`/`u128`, long decimals,
/// exponents in every spelling, negative zero, and values an `f64` cannot hold at all.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[1-9][0-9]{19,90}",
        "-?(0|[1-9][0-9]{0,20})\\.[0-9]{16,60}",
        "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,30})?[eE][+-]?[0-9]{1,4}",
        "-?(0|[1-9][0-9]{0,6})(\\.[0-9]{0,3}0)?",
        prop::sample::select(FIXED.to_vec()).prop_map(str::to_owned),
    ]
}

/// Hand-picked edges: negative zeros, the integer limits and one past them, the largest and
/// smallest doubles, values past them, decimals whose nearest double prints differently, and the
/// two numbers of issue 19.
const FIXED: &[&str] = &[
    "-0",
    "-0.0",
    "-0e0",
    "-0.000E-5",
    "0e-0",
    "1E5",
    "2.5E-3",
    "1e-05",
    "1e+21",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "340282366920938463463374607431768211456",
    "1.7976931348623157e308",
    "1.7976931348623159e308",
    "1e400",
    "-1E-400",
    "5e-324",
    "2.4703282292062327e-324",
    "0.1",
    "0.10",
    "1.50",
    "100e-2",
    "9007199254740993",
    "5.55555555555555555e+110",
    "442222222222222222222222222222222222222222222222",
];

/// The numbers as a compact JSON list, the form `serde_json` writes a kept value in.
fn list(numbers: &[String]) -> String {
    format!("[{}]", numbers.join(","))
}

/// How a number is written back: as read, except an exponent's `E` is written `e` and an
/// unsigned exponent gets its `+`.
fn as_kept(n: &str) -> String {
    match n.find(['e', 'E']) {
        None => n.to_owned(),
        Some(i) => {
            let exponent = &n[i + 1..];
            let sign = if exponent.starts_with(['+', '-']) {
                ""
            } else {
                "+"
            };
            format!("{}e{sign}{exponent}", &n[..i])
        }
    }
}

fn all_as_kept(numbers: &[String]) -> Vec<String> {
    numbers.iter().map(|n| as_kept(n)).collect()
}

/// A kept value written back compactly: equal to the input text when every number kept its text.
fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap()
}

/// Saves in the native format, reads back and saves again: the second read equals the first
/// and the second save is byte-identical. Returns the saved text.
fn native_round_trip(doc: &Document, set: &AnnotationSet) -> String {
    let saved = native::to_string(doc, set);
    let back = native::parse(&saved, "saved.json").unwrap();
    assert_eq!(back.document, *doc);
    assert_eq!(back.annotations, *set);
    assert_eq!(native::to_string(&back.document, &back.annotations), saved);
    saved
}

/// Every number appears in `saved` exactly as written, as a whole JSON token (after `: `, `[`,
/// `,` or indentation, before `,`, `]`, `}` or a line end).
fn assert_written_as_is(saved: &str, numbers: &[String]) {
    for n in numbers {
        let found = [" ", ":", "[", ","].iter().any(|before| {
            [",", "\n", "]", "}"]
                .iter()
                .any(|after| saved.contains(&format!("{before}{n}{after}")))
        });
        assert!(found, "{n} not written as it was read:\n{saved}");
    }
}

/// The list under `"key":` in a written file, without its layout whitespace.
fn kept_list(written: &str, key: &str) -> String {
    let start = written.find(&format!("\"{key}\":")).expect(key) + key.len() + 3;
    let end = start + written[start..].find(']').expect("list end") + 1;
    written[start..end].split_whitespace().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Unknown keys on the file, the document, a frame and an entity, and document metadata.
    #[test]
    fn native_keeps_every_number_text(
        numbers in prop::collection::vec(number_text(), 1..12),
        one in number_text(),
    ) {
        let l = list(&numbers);
        let kept = all_as_kept(&numbers);
        let k = list(&kept);
        let input = format!(
            r#"{{"format": "stancemark/1",
  "document": {{"id": "d", "text": {TEXT_JSON}, "metadata": {{"score": {one}, "list": {l}}},
                "x-doc": {{"n": {one}}}}},
  "annotator": "a", "schema": {{"id": "news-stance", "version": "1"}},
  "entities": [{{"id": "e1", "name": "Iran", "kind": "government", "x-ent": {l}}}],
  "frames": [{{"id": "f1", "claim": {{"start": 18, "end": 23, "text": "Iran\u0301"}},
              "stance": "warning", "x-frame": [{l}, {{"deep": {one}}}]}}],
  "x-top": {l}
}}"#
        );
        let f = native::parse(&input, "in.json").unwrap();
        prop_assert_eq!(compact(&f.document.metadata["score"]), as_kept(&one));
        prop_assert_eq!(compact(&f.document.metadata["list"]), k.clone());
        prop_assert_eq!(
            compact(&f.document.extra["x-doc"]),
            format!("{{\"n\":{}}}", as_kept(&one))
        );
        prop_assert_eq!(compact(&f.annotations.entities[0].extra["x-ent"]), k.clone());
        prop_assert_eq!(
            compact(&f.annotations.frames()[0].extra["x-frame"]),
            format!("[{k},{{\"deep\":{}}}]", as_kept(&one))
        );
        prop_assert_eq!(compact(&f.annotations.extra["x-top"]), k);
        let saved = native_round_trip(&f.document, &f.annotations);
        assert_written_as_is(&saved, &kept);
        assert_written_as_is(&saved, std::slice::from_ref(&as_kept(&one)));
    }

    /// JSONL: unknown keys and `metadata` become document metadata, frame objects keep theirs;
    /// both survive the native format and a JSONL export read back.
    #[test]
    fn jsonl_keeps_every_number_text(
        numbers in prop::collection::vec(number_text(), 1..12),
        one in number_text(),
    ) {
        let l = list(&numbers);
        let kept = all_as_kept(&numbers);
        let k = list(&kept);
        let line = format!(
            r#"{{"id": "d", "text": {TEXT_JSON}, "metadata": {{"score": {one}}}, "ids": {l}, "annotator": "a", "frames": [{{"id": "f1", "claim": {{"start": 18, "end": 23, "text": "Iran\u0301"}}, "stance": "warning", "x-frame": {l}}}]}}"#
        );
        let imported = io::jsonl::parse(&line, "in.jsonl").unwrap();
        let (doc, set) = (&imported.docs[0].document, &imported.docs[0].sets[0].set);
        prop_assert_eq!(compact(&doc.metadata["score"]), as_kept(&one));
        prop_assert_eq!(compact(&doc.metadata["ids"]), k.clone());
        prop_assert_eq!(compact(&set.frames()[0].extra["x-frame"]), k.clone());
        let saved = native_round_trip(doc, set);
        assert_written_as_is(&saved, &kept);

        let item = io::export::ExportItem { document: doc, set };
        let exported = io::jsonl::export(std::slice::from_ref(&item)).unwrap();
        let again = io::jsonl::parse(&exported[0].contents, "out.jsonl").unwrap();
        prop_assert_eq!(&again.docs[0].document, doc);
        prop_assert_eq!(&again.docs[0].sets[0].set.frames()[0], &set.frames()[0]);
        assert_written_as_is(&exported[0].contents, &kept);
    }

    /// doccano: every key it does not read becomes document metadata; a numeric `id` becomes
    /// the document id with its digits as written.
    #[test]
    fn doccano_keeps_every_number_text(
        numbers in prop::collection::vec(number_text(), 1..12),
        id in "[1-9][0-9]{19,40}",
    ) {
        let l = list(&numbers);
        let kept = all_as_kept(&numbers);
        let k = list(&kept);
        let line = format!(
            r#"{{"id": {id}, "text": {TEXT_JSON}, "entities": [{{"id": 1, "label": "warning", "start_offset": 18, "end_offset": 23}}], "relations": [], "scores": {l}, "meta": {{"n": {l}}}}}"#
        );
        let imported = io::doccano::parse(&format!("{line}\r\n"), "in.jsonl").unwrap();
        let (doc, set) = (&imported.docs[0].document, &imported.docs[0].sets[0].set);
        prop_assert_eq!(&doc.id, &id);
        prop_assert_eq!(compact(&doc.metadata["scores"]), k.clone());
        prop_assert_eq!(compact(&doc.metadata["meta"]), format!("{{\"n\":{k}}}"));
        prop_assert_eq!(set.frames().len(), 1);
        let saved = native_round_trip(doc, set);
        assert_written_as_is(&saved, &kept);
    }

    /// Label Studio: `data` keys other than the text, id and title become document metadata; a
    /// numeric `data.id` becomes the document id as written.
    #[test]
    fn label_studio_keeps_every_number_text(
        numbers in prop::collection::vec(number_text(), 1..12),
        one in number_text(),
        id in "[1-9][0-9]{19,40}",
    ) {
        let l = list(&numbers);
        let kept = all_as_kept(&numbers);
        let k = list(&kept);
        let input = format!(
            r#"[{{"id": {one}, "data": {{"id": {id}, "text": {TEXT_JSON}, "score": {one}, "list": {l}}},
               "annotations": [{{"completed_by": 7, "result": [{{"id": "r1", "from_name": "label",
               "to_name": "text", "type": "labels", "value": {{"start": 18, "end": 23,
               "text": "Iran\u0301", "labels": ["warning"]}}}}]}}]}}]"#
        );
        let imported = io::label_studio::parse(&input, "in.json").unwrap();
        let (doc, set) = (&imported.docs[0].document, &imported.docs[0].sets[0].set);
        prop_assert_eq!(&doc.id, &id);
        prop_assert_eq!(compact(&doc.metadata["score"]), as_kept(&one));
        prop_assert_eq!(compact(&doc.metadata["list"]), k);
        prop_assert_eq!(set.frames().len(), 1);
        let saved = native_round_trip(doc, set);
        assert_written_as_is(&saved, &kept);
    }
}

/// The strategy makes what it promises: one hand-checked example of each kind parses as JSON
/// and is not representable as `u64`/`i64`, or differs from its nearest double's shortest form.
#[test]
fn the_test_numbers_are_the_hard_kind() {
    // And the article every input carries is the one the offsets were counted in.
    assert_eq!(serde_json::from_str::<String>(TEXT_JSON).unwrap(), TEXT);
    let claim: String = TEXT.chars().skip(18).take(5).collect();
    assert_eq!(claim, "Iran\u{301}");
    for n in ["18446744073709551616", "-9223372036854775809"] {
        assert!(
            n.parse::<u64>().is_err() && n.parse::<i64>().is_err(),
            "{n}"
        );
    }
    // The shortest form of the nearest double, by hand: not the text that was written.
    for (written, nearest) in [
        ("0.10", "0.1"),
        ("1.50", "1.5"),
        ("100e-2", "1.0"),
        ("-0", "-0.0"),
        ("9007199254740993", "9007199254740992.0"),
        ("1e400", "inf"),
    ] {
        let f: f64 = written.parse().unwrap();
        assert_eq!(format!("{f:?}"), nearest, "{written}");
    }
}

/// The exponent is the one part of a number whose spelling is made canonical, once: `e`, and a
/// sign. What Python (`1e-05`, `1e+16`) and JavaScript (`1e+21`, `1e-7`) write is kept as it is.
#[test]
fn exponents_are_written_with_a_small_e_and_a_sign() {
    for (written, kept) in [
        ("1E5", "1e+5"),
        ("1e5", "1e+5"),
        ("2.50E-3", "2.50e-3"),
        ("-0E0", "-0e+0"),
        ("1E+400", "1e+400"),
        ("1e-05", "1e-05"),
        ("1e+16", "1e+16"),
        ("1e+21", "1e+21"),
        ("1e-7", "1e-7"),
    ] {
        let input = format!(
            r#"{{"format": "stancemark/1", "document": {{"id": "d", "text": "Iran", "x": {written}}},
                "annotator": "a", "schema": {{"id": "news-stance", "version": "1"}}}}"#
        );
        let f = native::parse(&input, "in.json").unwrap();
        let saved = native_round_trip(&f.document, &f.annotations);
        assert!(
            saved.contains(&format!("\"x\": {kept}\n")),
            "{written}: {saved}"
        );
        assert_eq!(as_kept(written), kept, "the tests' own rule");
    }
}

/// A JSONL import into a project: the document file and the annotation file carry every number
/// of the line's metadata and frame fields as written, and an export gives them back.
#[test]
fn a_project_import_and_export_keep_the_numbers() {
    use stancemark::project::export::{export, ExportFormat, Selection};
    use stancemark::project::import::{import, ImportFormat, ImportOptions};
    use stancemark::project::Project;

    let numbers = "[-0,1.50,1e400,18446744073709551616,5.55555555555555555e+110,0.1000000000000000055511151231257827]";
    let line = format!(
        r#"{{"id": "d", "text": {TEXT_JSON}, "published": "2025-06-01", "ids": {numbers}, "annotator": "alice", "frames": [{{"id": "f1", "claim": {{"start": 18, "end": 23, "text": "Iran\u0301"}}, "stance": "warning", "x-score": {numbers}}}]}}"#
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, format!("{line}\n")).unwrap();
    let mut p = Project::init(&dir.path().join("p"), Some("t"), None).unwrap();
    import(
        &mut p,
        ImportFormat::Jsonl,
        &[input],
        &ImportOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    // Everything as written but the exponent's spelling.
    let kept = "[-0,1.50,1e+400,18446744073709551616,5.55555555555555555e+110,0.1000000000000000055511151231257827]";
    let document = std::fs::read_to_string(dir.path().join("p/documents/d.json")).unwrap();
    assert_eq!(kept_list(&document, "ids"), kept, "{document}");
    let annotations =
        std::fs::read_to_string(dir.path().join("p/annotations/alice/d.json")).unwrap();
    assert_eq!(kept_list(&annotations, "x-score"), kept, "{annotations}");

    let out = dir.path().join("out.jsonl");
    export(
        &p,
        ExportFormat::Jsonl,
        &Selection::Annotator("alice".into()),
        &out,
        &mut |_, _| {},
    )
    .unwrap();
    let exported = std::fs::read_to_string(&out).unwrap();
    assert_eq!(kept_list(&exported, "ids"), kept, "{exported}");
    assert_eq!(kept_list(&exported, "x-score"), kept, "{exported}");
}

/// The offsets stancemark reads are still integers, and a JSONL frame that gets one wrong is
/// reported at its line and column with the value (not as an unreadable number).
#[test]
fn offsets_stay_integers_and_errors_show_the_value() {
    for (value, message) in [
        ("-1", "invalid value: integer `-1`, expected usize"),
        ("4.0", "invalid type: floating point `4.0`, expected usize"),
        ("-0", "invalid type: floating point `-0.0`, expected usize"),
        (
            "1e20",
            "invalid type: floating point `1e+20`, expected usize",
        ),
    ] {
        let line = format!(
            r#"{{"id": "d", "text": "Iran warned.", "annotator": "a", "frames": [{{"id": "f1", "claim": {{"start": {value}, "end": 4, "text": "Iran"}}, "stance": "warning"}}]}}"#
        );
        let column = line.find(value).unwrap() + value.len();
        let e = io::jsonl::parse(&format!("\n{line}"), "x.jsonl")
            .unwrap_err()
            .to_string();
        assert_eq!(e, format!("x.jsonl:2:{column}: {message}"), "{value}");

        let file = format!(
            r#"{{"format": "stancemark/1", "document": {{"id": "d", "text": "Iran warned."}}, "annotator": "a", "schema": {{"id": "news-stance", "version": "1"}}, "frames": [{{"id": "f1", "claim": {{"start": {value}, "end": 4, "text": "Iran"}}, "stance": "warning"}}]}}"#
        );
        let e = native::parse(&file, "x.json").unwrap_err().to_string();
        assert!(
            e.starts_with("x.json:1:") && e.ends_with(message),
            "{value}: {e}"
        );
    }
}

/// What doccano and Label Studio importers do not read stays in the document's metadata, in
/// the input's order: an `id` or `title` of an unexpected type, a second id key.
#[test]
fn importers_keep_what_they_do_not_read() {
    let line =
        format!(r#"{{"z": 1, "id": {{"n": 1.50}}, "text": {TEXT_JSON}, "annotator": 5, "a": -0}}"#);
    let doc = &io::doccano::parse(&line, "d.jsonl").unwrap().docs[0].document;
    assert_eq!(doc.id, "line-1");
    assert_eq!(
        compact(&Value::Object(doc.metadata.clone())),
        r#"{"z":1,"id":{"n":1.50},"annotator":5,"a":-0}"#
    );

    let task = format!(
        r#"{{"data": {{"z": 1, "id": 7.0, "doc_id": "d", "title": 12, "text": {TEXT_JSON}, "a": -0}}}}"#
    );
    let doc = &io::label_studio::parse(&task, "t.json").unwrap().docs[0].document;
    assert_eq!((doc.id.as_str(), doc.title.as_deref()), ("d", None));
    assert_eq!(
        compact(&Value::Object(doc.metadata.clone())),
        r#"{"z":1,"id":7.0,"title":12,"a":-0}"#
    );
}
