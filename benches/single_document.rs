//! The single 5 MB document project: the big document of `big_document` (5 MB of text,
//! 20,000 frames, every role filled) written once as a project with one annotator, `bench`, in
//! a temporary folder.
//!
//! - `export_<format>` for every export format: [`stancemark::project::export::export_durable`]
//!   of the annotator (load, format, check the output, write) without fsync, in bytes of
//!   document text per second — the figures `big_corpus` takes on 2,000 small documents, here
//!   on one large one. A format whose single export takes more than 5 s is timed once and
//!   printed instead.
//! - `export_jsonl_cli`: `stancemark export DIR --to jsonl --annotator bench --out FILE` end to
//!   end as a user runs it (process start, loading, export, check, write with fsync), into a
//!   new file each time.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use stancemark::io::atomic::Durability;
use stancemark::project::export::{export_durable, ExportFormat, Overwrite, Selection};
use stancemark::project::Project;

const BIN: &str = env!("CARGO_BIN_EXE_stancemark");

/// Exports slower than this are timed once, not sampled ten times (criterion's least): a
/// format that takes a minute here is reported without making the run take ten.
const SAMPLED_UP_TO: Duration = Duration::from_secs(5);

/// The annotator `common::write_project` files the big document's annotations under.
const ANNOTATOR: &str = "bench";

fn run(args: &[&str]) {
    let out = Command::new(BIN)
        .args(args)
        .output()
        .expect("run stancemark");
    assert!(
        out.status.success(),
        "stancemark {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Empties `dir` (untimed, before each export) so that every export writes a new output, as
/// it does when a user exports to a new file.
fn fresh(dir: &Path) {
    if dir.is_dir() {
        std::fs::remove_dir_all(dir).expect("remove the former export");
    }
    std::fs::create_dir_all(dir).expect("mkdir");
}

/// The output an export of `format` writes to inside `dir`: a file, or a folder for brat.
fn output(dir: &Path, format: ExportFormat) -> std::path::PathBuf {
    if format.writes_folder() {
        dir.join(format.name())
    } else {
        dir.join(format!("all.{}", format.name()))
    }
}

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
    for format in ExportFormat::ALL {
        let name = format!("export_{}", format.name().replace('-', "_"));
        // A format whose check refuses this document is reported, not timed; one whose export
        // takes longer than `SAMPLED_UP_TO` is reported from this one run.
        fresh(&out);
        let t = Instant::now();
        if let Err(e) = export_durable(
            &project,
            format,
            &who,
            &output(&out, format),
            Overwrite::Refuse,
            Durability::Unsynced,
            &mut |_, _| {},
        ) {
            eprintln!("{name}: the export fails on this document, not timed: {e}");
            continue;
        }
        let once = t.elapsed();
        if once > SAMPLED_UP_TO {
            eprintln!(
                "{name}: one run took {:.1} s ({:.2} MB/s of text); not sampled",
                once.as_secs_f64(),
                text_bytes as f64 / 1e6 / once.as_secs_f64()
            );
            continue;
        }
        g.bench_function(&name, |b| {
            b.iter_batched(
                || {
                    fresh(&out);
                    output(&out, format)
                },
                |target| {
                    export_durable(
                        &project,
                        format,
                        &who,
                        &target,
                        Overwrite::Refuse,
                        Durability::Unsynced,
                        &mut |_, _| {},
                    )
                    .expect("export")
                },
                BatchSize::PerIteration,
            )
        });
    }

    let jsonl = output(&out, ExportFormat::Jsonl);
    let jsonl_s = jsonl.to_str().expect("UTF-8 temp path").to_owned();
    g.bench_function("export_jsonl_cli", |b| {
        b.iter_batched(
            || fresh(&out),
            |()| {
                run(&[
                    "export",
                    root_s,
                    "--to",
                    "jsonl",
                    "--annotator",
                    ANNOTATOR,
                    "--out",
                    &jsonl_s,
                ])
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();
    // The command wrote a jsonl file with one line per document: this one.
    let written = std::fs::read_to_string(&jsonl).expect("read the export");
    assert_eq!(written.lines().count(), 1, "one document, one line");
}

criterion_group!(benches, single_document);
criterion_main!(benches);
