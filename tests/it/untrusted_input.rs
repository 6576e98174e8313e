//! Input is never trusted: encodings, byte order marks, CRLF and oversized files, through the
//! `import` command as a user would run it.

use std::path::Path;
use std::process::Output;

use crate::util::stancemark;

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn project(dir: &Path) -> String {
    let p = dir.join("p");
    let o = stancemark(&["init", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    p.to_str().unwrap().to_owned()
}

fn files_under(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(Path::new(dir).join("documents")).unwrap() {
        out.push(e.unwrap().file_name().to_string_lossy().into_owned());
    }
    out.sort();
    out
}

#[test]
fn non_utf8_text_is_refused_with_byte_offset_or_imported_lossy() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let bad = dir.path().join("latin1.txt");
    std::fs::write(&bad, b"Caf\xe9 owner warned\r\n").unwrap();
    let o = stancemark(&["import", &p, "--from", "text", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("latin1.txt: byte 3: not valid UTF-8"),
        "{}",
        text(&o)
    );
    assert!(files_under(&p).is_empty(), "nothing written");

    let o = stancemark(&[
        "import",
        &p,
        "--from",
        "text",
        "--lossy",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("byte 3: not valid UTF-8; bad bytes were replaced by U+FFFD"),
        "{}",
        text(&o)
    );
    let doc = std::fs::read_to_string(Path::new(&p).join("documents/latin1.json")).unwrap();
    assert!(
        doc.contains("Caf\u{FFFD} owner warned\\r\\n"),
        "CRLF kept: {doc}"
    );
}

#[test]
fn bom_is_stripped_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let f = dir.path().join("bom.txt");
    std::fs::write(&f, b"\xEF\xBB\xBFIran warned.").unwrap();
    let o = stancemark(&["import", &p, "--from", "text", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("bom.txt: a UTF-8 byte order mark was removed"),
        "{}",
        text(&o)
    );
    let doc = std::fs::read_to_string(Path::new(&p).join("documents/bom.json")).unwrap();
    assert!(doc.contains("\"text\": \"Iran warned.\""), "{doc}");
}

#[test]
fn oversized_input_names_the_limit_and_the_flag() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    let f = dir.path().join("big.txt");
    std::fs::write(&f, vec![b'a'; 2 * 1024 * 1024 + 1]).unwrap();
    let o = stancemark(&[
        "import",
        &p,
        "--from",
        "text",
        "--max-input-mb",
        "2",
        f.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(
        t.contains("over the input limit of 2097152 bytes") && t.contains("--max-input-mb"),
        "{t}"
    );
    assert!(files_under(&p).is_empty());
    let o = stancemark(&[
        "import",
        &p,
        "--from",
        "text",
        "--max-input-mb",
        "3",
        f.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[test]
fn overflowing_and_negative_offsets_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = project(dir.path());
    for (i, offset) in ["1e20", "-1", "18446744073709551616"].iter().enumerate() {
        let f = dir.path().join(format!("d{i}.jsonl"));
        std::fs::write(
            &f,
            format!("{{\"id\": \"d{i}\", \"text\": \"Iran warned.\", \"label\": [[{offset}, 4, \"warning\"]]}}\n"),
        )
        .unwrap();
        let o = stancemark(&[
            "import",
            &p,
            "--from",
            "doccano",
            "--annotator",
            "a",
            f.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(1), "{offset}: {}", text(&o));
        assert!(
            text(&o).contains(&format!("d{i}.jsonl:1 ")),
            "{offset}: {}",
            text(&o)
        );
    }
    assert!(files_under(&p).is_empty());
}

// ---- Regressions found by fuzzing (`fuzz/`): each input once crashed a target. ----

/// What every fuzz target checks after a successful parse (see `fuzz/src/lib.rs`): validation
/// runs, re-anchoring against the file's own text yields a transaction that applies, and the
/// native format round-trips.
fn survives_the_fuzz_checks(
    document: &stancemark::model::Document,
    annotations: &stancemark::model::AnnotationSet,
) {
    use stancemark::io::native;
    let _ = stancemark::model::validate(
        annotations,
        document,
        &stancemark::model::Schema::default_news(),
    );
    let mut set = annotations.clone();
    let (tx, _) = stancemark::model::anchor::reanchor_set(&set, &document.text);
    tx.apply(&mut set).unwrap();
    let back = native::parse(&native::to_string(document, annotations), "again").unwrap();
    assert_eq!(back.document, *document);
    assert_eq!(back.annotations, *annotations);
}

/// fuzz native, jsonl: two frames with the same id whose quotes no longer match the text made
/// the re-anchoring transaction fail to apply (`FrameMismatch`); such frames are now left alone.
#[test]
fn fuzz_duplicate_frame_ids_with_stale_quotes() {
    let native_input = r#"{"format": "stancemark/1",
      "document": {"id": "d", "text": "Iran warned 😀 伊朗 Israel.\r\nCafe\u0301"},
      "annotator": "a", "schema": {"id": "news-stance", "version": "1"},
      "frames": [
        {"id": "f1", "claim": {"start": 0, "end": 4, "text": "Iraq"}, "stance": "warning"},
        {"id": "f1", "claim": {"start": 5, "end": 11, "text": "warned"}, "stance": "denial"},
        {"id": "f2", "claim": {"start": 0, "end": 4, "text": "Isra"}, "stance": "report"}
      ]}"#;
    let file = stancemark::io::native::parse(native_input, "dup.json").unwrap();
    survives_the_fuzz_checks(&file.document, &file.annotations);
    let (tx, report) =
        stancemark::model::anchor::reanchor_set(&file.annotations, &file.document.text);
    assert_eq!(tx.ops.len(), 1, "only the uniquely named f2 is re-anchored");
    assert_eq!(report.moved.len() + report.orphaned.len(), 1);

    let line = serde_json::json!({
        "id": "d", "text": "Iran warned 😀 Israel.", "annotator": "a",
        "frames": [
            {"id": "f11", "claim": {"start": 0, "end": 4, "text": "Iraq"}, "stance": "warning"},
            {"id": "f11", "claim": {"start": 0, "end": 4, "text": "Iran"}, "stance": "warning"}
        ]
    });
    let imported = stancemark::io::jsonl::parse(&line.to_string(), "dup.jsonl").unwrap();
    for doc in &imported.docs {
        for s in &doc.sets {
            survives_the_fuzz_checks(&doc.document, &s.set);
        }
    }
}

/// fuzz brat, jsonl: entities listed out of their canonical (natural id) order were kept in that
/// order by the importer, so a native save read back different (the reader sorts them).
#[test]
fn fuzz_imported_entities_take_the_canonical_order() {
    let txt = "Trump warned 😀 Iran.\r\n伊朗 denied it; the Cafe\u{301} owner said nothing.";
    let ann =
        "T1\tClaim 15 19\tIran\nT2\tSource 0 5\tTrump\nN1\tReference T2 person:e10\tDonald Trump\n\
               T3\tTarget 15 19\tIran\nN2\tReference T3 government:e2\tIran\n\
               E1\tClaim:T1 Source:T2 Target:T3\nA1\tStance E1 warning\n";
    let imported = stancemark::io::brat::parse("d", txt, ann, "d.ann").unwrap();
    let set = &imported.docs[0].sets[0].set;
    let ids: Vec<&str> = set.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["e2", "e10"]);
    survives_the_fuzz_checks(&imported.docs[0].document, set);

    let line = serde_json::json!({
        "id": "d", "text": txt, "annotator": "a",
        "entities": [
            {"id": "e10", "name": "Donald Trump", "kind": "person"},
            {"id": "e2", "name": "Iran", "kind": "government"}
        ],
        "frames": []
    });
    let imported = stancemark::io::jsonl::parse(&line.to_string(), "d.jsonl").unwrap();
    survives_the_fuzz_checks(&imported.docs[0].document, &imported.docs[0].sets[0].set);
}

/// fuzz doccano: a relation-like object under a key the importer does not know (kept as the
/// document's metadata) with a long decimal. Read as `5.555555555555556e+110` (the default float
/// parse is not exact), it was written in that shortest form and read back as
/// `5.5555555555555564e+110` ("document changed on a round trip"). Kept numbers now keep their
/// text.
#[test]
fn fuzz_doccano_metadata_number_keeps_its_digits() {
    let number = "5.55555555555555555e+110";
    let line = format!(
        "{{\"id\": \"d\", \"text\": \"Iran warned 😀 Israel.\\r\\n\", \"relatoins\": \
         [{{\"from_id\": 1, \"to_id\": {number}, \"type\": \"source\"}}]}}\n"
    );
    let imported = stancemark::io::doccano::parse(&line, "d.jsonl").unwrap();
    let doc = &imported.docs[0].document;
    for s in &imported.docs[0].sets {
        survives_the_fuzz_checks(doc, &s.set);
    }
    assert_eq!(
        doc.metadata["relatoins"][0]["to_id"].to_string(),
        number,
        "read as written"
    );
    let saved = stancemark::io::native::to_string(doc, &imported.docs[0].sets[0].set);
    assert!(saved.contains(&format!("\"to_id\": {number}")), "{saved}");
}

/// fuzz jsonl: a misspelled `"frasme"` list, kept as metadata, with a 48-digit `start`: read as
/// the `f64` `4.422222222222222e+47` and written in that form, it was read back as
/// `4.422222222222223e+47`. The integer is now written back digit for digit.
#[test]
fn fuzz_jsonl_metadata_long_integer_keeps_its_digits() {
    let number = format!("44{}", "2".repeat(46));
    assert_eq!(number.len(), 48);
    let line = format!(
        "{{\"id\": \"d\", \"text\": \"伊朗 e\\u0301 warned.\", \"annotator\": \"a\", \
         \"frasme\": [{{\"id\": \"f1\", \"claim\": {{\"start\": {number}, \"end\": 2}}}}], \
         \"frames\": []}}"
    );
    let imported = stancemark::io::jsonl::parse(&line, "d.jsonl").unwrap();
    let doc = &imported.docs[0].document;
    survives_the_fuzz_checks(doc, &imported.docs[0].sets[0].set);
    assert_eq!(
        doc.metadata["frasme"][0]["claim"]["start"].to_string(),
        number
    );
    let saved = stancemark::io::native::to_string(doc, &imported.docs[0].sets[0].set);
    assert!(saved.contains(&format!("\"start\": {number}")), "{saved}");
}

/// fuzz jsonl: a `metadata` object with a key named like a document field (`"title"`) tripped a
/// debug assertion that no such key reaches the metadata. It is the user's data and is kept;
/// the document's title is the line's own. Found with the number seed, kept with its numbers.
#[test]
fn fuzz_jsonl_metadata_may_name_document_fields() {
    let line = "{\"id\":\"n\",\"text\":\"Trump warned 😀 伊朗 Iran\\u0301.\\rRn\",\"published\":\"2025-06-01\",\
                \"metadata\":{\"score\":0.30,\"title\":18446744073709551616},\"ids\":[-0,1E5,2.5e-3],\
                \"annotator\":\"a\",\"frames\":[{\"id\":\"f1\",\"claim\":{\"start\":19,\"end\":23,\
                \"text\":\"Iran\\u0301\"},\"stance\":\"warning\",\"x-score\":[1.50,-0,0,1e400]}]}";
    let imported = stancemark::io::jsonl::parse(line, "t.jsonl").unwrap();
    let doc = &imported.docs[0].document;
    assert_eq!(doc.title, None);
    assert_eq!(doc.published.as_deref(), Some("2025-06-01"));
    let keys: Vec<&str> = doc.metadata.keys().map(String::as_str).collect();
    assert_eq!(keys, ["score", "title", "ids"], "kept, in the line's order");
    assert_eq!(doc.metadata["title"].to_string(), "18446744073709551616");
    assert_eq!(doc.metadata["ids"].to_string(), "[-0,1e+5,2.5e-3]");
    survives_the_fuzz_checks(doc, &imported.docs[0].sets[0].set);

    // Our own export of it reads back the same.
    let item = stancemark::io::export::ExportItem {
        document: doc,
        set: &imported.docs[0].sets[0].set,
    };
    let out = stancemark::io::jsonl::export(&[item]).unwrap();
    let again = stancemark::io::jsonl::parse(&out[0].contents, "out.jsonl").unwrap();
    assert_eq!(&again.docs[0].document, doc);
}

/// A key both on a JSONL line and in its `metadata` object cannot be kept twice: an error names
/// it (one of the two used to be dropped without a word). A `metadata` that is not an object is
/// kept under its own name.
#[test]
fn jsonl_metadata_keys_are_never_dropped() {
    let e = stancemark::io::jsonl::parse(
        "{\"text\": \"Iran\"}\n{\"text\": \"Iran\", \"metadata\": {\"src\": 1}, \"src\": 2}",
        "t.jsonl",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "t.jsonl:2: \"src\" is both a key of the line and of its \"metadata\"; rename one"
    );
    let imported = stancemark::io::jsonl::parse(
        "{\"text\": \"Iran\", \"metadata\": [1.0, \"a\"]}",
        "t.jsonl",
    )
    .unwrap();
    assert_eq!(
        imported.docs[0].document.metadata["metadata"].to_string(),
        "[1.0,\"a\"]"
    );
}
