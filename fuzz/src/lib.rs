//! What every fuzz target does with an input that parsed: the checks a real caller runs next.
//!
//! Parsers must return an error, never panic, hang or allocate without bound, on any input.
//! Whatever they accept must survive validation, re-anchoring against its own text, and a round
//! trip through the native format unchanged.

use stancemark::io::import::Imported;
use stancemark::io::native::{self, NativeFile};
use stancemark::model::anchor::reanchor_set;
use stancemark::model::{validate, AnnotationSet, Document, Schema};

/// The fuzz input as text: invalid UTF-8 is replaced, as `--lossy` import does, so that the
/// mutator's byte flips still reach the parsers.
pub fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// Validates, re-anchors and round-trips one document's annotations.
pub fn exercise(document: &Document, annotations: &AnnotationSet) {
    let schema = Schema::default_news();
    let _ = validate(annotations, document, &schema);
    let mut set = annotations.clone();
    let (tx, _report) = reanchor_set(&set, &document.text);
    // A transaction built from the set itself must apply to it.
    tx.apply(&mut set)
        .expect("re-anchoring transaction applies");
    let json = native::to_string(document, annotations);
    let back = native::parse(&json, "round-trip").expect("written file parses");
    assert_eq!(back.document, *document, "document changed on a round trip");
    assert_eq!(
        back.annotations, *annotations,
        "annotations changed on a round trip"
    );
}

/// Runs [`exercise`] on every document and set of an import.
pub fn exercise_import(imported: &Imported) {
    for doc in &imported.docs {
        for set in &doc.sets {
            exercise(&doc.document, &set.set);
        }
    }
}

/// Runs [`exercise`] on a native file.
pub fn exercise_native(file: &NativeFile) {
    exercise(&file.document, &file.annotations);
}
