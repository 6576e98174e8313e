//! Input is never trusted: encodings, byte order marks, CRLF and oversized files, through the
//! `import` command as a user would run it.

use std::path::Path;
use std::process::{Command, Output};

fn stancemark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancemark"))
        .args(args)
        .output()
        .unwrap()
}

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
