//! Load, validate, index and save the big document (5 MB text, 20,000 frames).
//!
//! - `load_validate_index`: read the native file, parse it, build the text's offset index,
//!   check every invariant (each of the 80,000 quotes against the text).
//! - `save`: serialise and write atomically (temporary file + rename) without the fsync, the
//!   figure the target is about; `save_fsync` is the real save, disk flush included.
//! - `serialise`: the canonical JSON into memory only.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use stancemark::io::atomic::Durability;
use stancemark::io::native;

fn big_document(c: &mut Criterion) {
    let (doc, set, schema) = common::big_document();
    let json = native::to_string(&doc, &set);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.json");
    std::fs::write(&path, &json).expect("write");
    eprintln!(
        "big document: {} bytes of text, {} code points, {} frames, file {} bytes",
        doc.text.as_str().len(),
        doc.text.len_chars(),
        set.frames().len(),
        json.len()
    );

    let mut g = c.benchmark_group("big_document");
    g.sample_size(10);
    // Freeing the previous iteration's document is not part of loading: large drop excluded.
    g.bench_function("load_validate_index", |b| {
        b.iter_with_large_drop(|| {
            let file = native::load(&path).expect("load");
            let problems = file.validate(&schema);
            assert!(problems.is_empty());
            file
        })
    });
    g.bench_function("serialise", |b| b.iter(|| native::to_string(&doc, &set)));
    g.bench_function("save", |b| {
        b.iter(|| native::save_durable(&path, &doc, &set, Durability::Unsynced).expect("save"))
    });
    g.bench_function("save_fsync", |b| {
        b.iter(|| native::save(&path, &doc, &set).expect("save"))
    });
    g.finish();
    assert_eq!(std::fs::read_to_string(&path).expect("read"), json);
}

criterion_group!(benches, big_document);
criterion_main!(benches);
