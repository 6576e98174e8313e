//! The single 5 MB document project: the big document of `big_document` (5 MB of text,
//! 20,000 frames, every role filled) written once as a project with one annotator, `bench`, in
//! a temporary folder.
//!
//! - `export_<format>` for every export format (`common::exports`), each into a new folder,
//!   of the annotator (load, format, check the output, write) without fsync, in bytes of
//!   document text per second — the figures `big_corpus` takes on 2,000 small documents, here
//!   on one large one. A format whose single export takes more than 5 s is timed once and
//!   printed instead.
//! - `export_jsonl_cli`: `stancemark export DIR --to jsonl --annotator bench --out FILE` end to
//!   end as a user runs it (process start, loading, export, check, write with fsync), into a
//!   new file each time.

mod common;

use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use stancemark::project::export::{ExportFormat, Selection};
use stancemark::project::Project;

use common::exports;

/// Exports slower than this are timed once, not sampled ten times (criterion's least): a
/// format that takes a minute here is reported without making the run take ten.
const SAMPLED_UP_TO: Duration = Duration::from_secs(5);

/// The annotator `common::write_project` files the big document's annotations under.
const ANNOTATOR: &str = "bench";

fn single_document(c: &mut Criterion) {
    let (doc, set, _) = common::big_document();
    assert_eq!(set.annotator, ANNOTATOR);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("single");
    let on_disk = common::write_project(
        &root,
        std::slice::from_ref(&doc),
        std::slice::from_ref(&set),
    );
    let text_bytes = doc.text.as_str().len() as u64;
    eprintln!(
        "single document project: {} bytes of text, {} frames, {:.1} MB of document and annotations",
        text_bytes,
        set.frames().len(),
        on_disk as f64 / 1e6
    );
    drop((doc, set));
    let root_s = root.to_str().expect("UTF-8 temp path");
    let project = Project::open(&root).expect("open");
    let who = Selection::Annotator(ANNOTATOR.into());
    let out = dir.path().join("out");

    let mut g = c.benchmark_group("single_document");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text_bytes));
    exports::bench_every_format(&mut g, &project, &who, text_bytes, &out, SAMPLED_UP_TO);

    let mut folders = exports::FreshFolders::new(&out.join("cli"));
    let mut last = None;
    g.bench_function("export_jsonl_cli", |b| {
        b.iter_batched(
            || {
                let target = exports::output(&folders.next(), ExportFormat::Jsonl);
                target.to_str().expect("UTF-8 temp path").to_owned()
            },
            |target| {
                exports::run(&[
                    "export",
                    root_s,
                    "--to",
                    "jsonl",
                    "--annotator",
                    ANNOTATOR,
                    "--out",
                    &target,
                ]);
                last = Some(target);
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
    // The command wrote a jsonl file with one line per document: this one.
    let written = std::fs::read_to_string(last.expect("a run")).expect("read the export");
    assert_eq!(written.lines().count(), 1, "one document, one line");
}

criterion_group!(benches, single_document);
criterion_main!(benches);
