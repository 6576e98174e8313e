//! One call each of load + validate + index and save of the big document, and of `agree` on
//! the big corpus (its data generated in memory, not read from a project), for counting their
//! instructions under callgrind rather than timing them: on the shared 2-core machine the
//! wall-clock median of one build moved by up to 40 % with the other engineers' load, while two
//! callgrind counts of one build differ by 0.1 % at most (`agree`; load and save by less than
//! 0.01 %). This is how two versions are compared: the file builds unchanged back to the commit
//! before the fragment model (`430c365^1`); copy it into the older checkout and register it.
//!
//! ```text
//! CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUNNER="valgrind --tool=callgrind \
//!     --collect-atstart=no --toggle-collect=instructions::counted_* \
//!     --callgrind-out-file=/tmp/callgrind.out.%p" \
//!     cargo bench --no-default-features --bench instructions [-- load|save|agree]
//! callgrind_annotate --inclusive=yes /tmp/callgrind.out.PID | grep counted_
//! ```
//!
//! Only the `counted_*` functions are counted (building the synthetic data is not). Without
//! valgrind the binary runs each operation once and prints its time, as a smoke check.

mod common;

use std::path::Path;
use std::time::Instant;

use stancemark::io::atomic::Durability;
use stancemark::io::native;
use stancemark::model::{AnnotationSet, Document, Schema};
use stancemark::review::{agree, DocumentAnnotations};

/// Load + validate + index, as `big_document`'s `load_validate_index` does once.
#[inline(never)]
fn counted_load(path: &Path, schema: &Schema) -> native::NativeFile {
    let file = native::load(path).expect("load");
    assert!(file.validate(schema).is_empty());
    file
}

/// Serialise + atomic write without fsync, as `big_document`'s `save` does once.
#[inline(never)]
fn counted_save(path: &Path, doc: &Document, set: &AnnotationSet) {
    native::save_durable(path, doc, set, Durability::Unsynced).expect("save");
}

/// Every agreement measure over the corpus, as `big_corpus`'s `agree_library` does once.
#[inline(never)]
fn counted_agree(annotators: &[String], input: &[DocumentAnnotations]) {
    std::hint::black_box(agree(annotators, input));
}

fn timed(name: &str, f: impl FnOnce()) {
    let t = Instant::now();
    f();
    eprintln!("{name}: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
}

fn main() {
    // `cargo bench` passes `--bench`; any other argument names the operations to run.
    let asked: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wants = |op: &str| asked.is_empty() || asked.iter().any(|a| a == op);

    if wants("load") || wants("save") {
        let (doc, set, schema) = common::big_document();
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("big.json");
        std::fs::write(&path, native::to_string(&doc, &set)).expect("write");
        if wants("load") {
            timed("load", || {
                drop(std::hint::black_box(counted_load(&path, &schema)))
            });
        }
        if wants("save") {
            timed("save", || counted_save(&path, &doc, &set));
        }
    }
    if wants("agree") {
        let (_, docs, sets) = common::corpus(2_000);
        // `corpus` gives each document's sets in annotator order ann1, ann2, ann3, the order
        // `Project::annotators` lists them in for `agree_library`.
        let annotators: Vec<String> = sets[..3].iter().map(|s| s.annotator.clone()).collect();
        assert_eq!(annotators, ["ann1", "ann2", "ann3"]);
        let input: Vec<DocumentAnnotations> = docs
            .iter()
            .zip(sets.chunks(3))
            .map(|(document, sets)| DocumentAnnotations {
                document,
                sets: sets.iter().collect(),
            })
            .collect();
        timed("agree", || counted_agree(&annotators, &input));
    }
}
