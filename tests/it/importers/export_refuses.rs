//! Exports never overwrite silently (issue 12: `export --to brat --out DIR` replaced a source
//! corpus's `.ann` files).

use crate::util::{stancemark, stderr, stdout};

use super::*;

/// A project with the PolNeAR-style corpus imported (annotator a1f0 has news-1 and news-2).
fn imported(dir: &Path) -> PathBuf {
    polnear_project(dir, &fixture("polnear-style/attributions"))
}

/// `stancemark export P --to FORMAT --annotator WHO --out OUT EXTRA…`.
fn export(p: &Path, format: &str, who: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    let (p, out) = (p.to_str().unwrap(), out.to_str().unwrap());
    let mut args = vec![
        "export",
        p,
        "--to",
        format,
        "--annotator",
        who,
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    stancemark(&args)
}

#[test]
fn brat_export_over_a_corpus_folder_is_refused_and_writes_nothing() {
    let d = tempfile::tempdir().unwrap();
    let p = imported(d.path());
    // The source corpus, laid out flat as brat keeps it: news-1.txt/.ann and others' files.
    let out = d.path().join("corpus");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(
        out.join("news-1.ann"),
        "T1\tSource 0 17\tSenator Ada Quill\n",
    )
    .unwrap();
    std::fs::write(out.join("notes.md"), "ours\n").unwrap();
    let before = files(&out);
    let o = export(&p, "brat", "a1f0", &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("1 file(s) the export would write exist already; nothing was written (use --force to overwrite them): "),
        "{e}"
    );
    assert!(e.contains("news-1.ann"), "{e}");
    assert_eq!(files(&out), before, "nothing was written");

    // With --force it replaces its own files and leaves the others alone.
    let o = export(&p, "brat", "a1f0", &out, &["--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("exported 2 documents, 8 frames"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("notes.md")).unwrap(),
        "ours\n"
    );
    let ann = std::fs::read_to_string(out.join("news-1.ann")).unwrap();
    assert!(ann.contains("Claim 71 85;108 136"), "{ann}");
}

#[test]
fn file_exports_are_refused_over_an_existing_file() {
    let d = tempfile::tempdir().unwrap();
    let p = imported(d.path());
    for (to, name) in [
        ("jsonl", "x.jsonl"),
        ("spacy", "x.spacy.jsonl"),
        ("label-studio", "x.json"),
    ] {
        let out = d.path().join(name);
        std::fs::write(&out, "keep me\n").unwrap();
        let o = export(&p, to, "a1f0", &out, &[]);
        assert_eq!(o.status.code(), Some(1), "{to}");
        assert!(stderr(&o).contains(name), "{}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me\n", "{to}");
    }
    // A new path is written as before.
    let fresh = d.path().join("new.jsonl");
    let o = export(&p, "jsonl", "b2c3", &fresh, &[]);
    assert!(o.status.success(), "{}", stderr(&o));
}
