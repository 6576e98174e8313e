//! Load, validate, index and save the big document (5 MB text, 20,000 frames).

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
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
    g.bench_function("load_validate_index", |b| {
        b.iter(|| {
            let file = native::load(&path).expect("load");
            let problems = file.validate(&schema);
            assert!(problems.is_empty());
            file
        })
    });
    g.bench_function("serialise", |b| b.iter(|| native::to_string(&doc, &set)));
    g.bench_function("save_atomic_fsync", |b| {
        b.iter(|| native::save(&path, &doc, &set).expect("save"))
    });
    g.finish();
}

criterion_group!(benches, big_document);
criterion_main!(benches);
