//! Spans of several fragments (issue 12, "Discontinuous spans in the model") through the
//! native format.

use std::path::{Path, PathBuf};

use stancemark::io::native;

use crate::sample_path;

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
