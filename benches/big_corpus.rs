//! The big corpus: 2,000 documents of about 3,000 characters, each annotated by three
//! annotators with realistic disagreement, written once as a project in a temporary folder.
//!
//! - `agree_library`: [`stancemark::review::agree`] (every measure) on the loaded project.
//! - `agree_cli`: `stancemark agree DIR --json` end to end (process start, loading, report).
//! - `export_<format>` for every export format: [`stancemark::project::export::export`] of one
//!   annotator (load, format, check the output, write) without fsync, in bytes of document text
//!   per second; then one run of jsonl and brat through the binary, fsync included, printed.
//! - peak memory of `stancemark agree` (`/usr/bin/time -v`) against 3 × the corpus on disk.

mod common;

use std::path::Path;
use std::process::Command;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use stancemark::io::atomic::Durability;
use stancemark::model::{AnnotationSet, Document};
use stancemark::project::export::{export_durable, ExportFormat, Overwrite, Selection};
use stancemark::project::Project;
use stancemark::review::{agree, DocumentAnnotations};

const BIN: &str = env!("CARGO_BIN_EXE_stancemark");

fn load(project: &Project, annotators: &[String]) -> Vec<(Document, Vec<AnnotationSet>)> {
    let ids = project.document_ids().expect("ids");
    ids.iter()
        .map(|id| {
            let doc = project.load_document(id).expect("document");
            let sets = annotators
                .iter()
                .map(|a| {
                    project
                        .load_annotations(a, id)
                        .expect("load")
                        .expect("file")
                })
                .collect();
            (doc, sets)
        })
        .collect()
}

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

/// Peak resident set of `stancemark ARGS` in kB, from `/usr/bin/time -v`.
fn peak_kb(args: &[&str]) -> Option<u64> {
    let out = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(BIN)
        .args(args)
        .output()
        .ok()?;
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err
        .lines()
        .find(|l| l.contains("Maximum resident set size"))?;
    line.rsplit(':').next()?.trim().parse().ok()
}

fn disk_size(dir: &Path) -> u64 {
    let mut total = 0;
    for e in std::fs::read_dir(dir).expect("read dir").flatten() {
        let m = e.metadata().expect("metadata");
        total += if m.is_dir() {
            disk_size(&e.path())
        } else {
            m.len()
        };
    }
    total
}

fn big_corpus(c: &mut Criterion) {
    let (_, docs, sets) = common::corpus(2_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("corpus");
    common::write_project(&root, &docs, &sets);
    let text_bytes: u64 = docs.iter().map(|d| d.text.as_str().len() as u64).sum();
    let on_disk = disk_size(&root);
    eprintln!(
        "big corpus: {} documents, {} frames, {:.1} MB of text, {:.1} MB on disk",
        docs.len(),
        sets.iter().map(|s| s.frames().len()).sum::<usize>(),
        text_bytes as f64 / 1e6,
        on_disk as f64 / 1e6
    );
    drop((docs, sets));
    let root_s = root.to_str().expect("UTF-8 temp path");

    let project = Project::open(&root).expect("open");
    let annotators = project.annotators().expect("annotators");
    let loaded = load(&project, &annotators);
    let input: Vec<DocumentAnnotations> = loaded
        .iter()
        .map(|(document, sets)| DocumentAnnotations {
            document,
            sets: sets.iter().collect(),
        })
        .collect();

    let mut g = c.benchmark_group("big_corpus");
    g.sample_size(10);
    g.bench_function("agree_library", |b| b.iter(|| agree(&annotators, &input)));
    g.bench_function("agree_cli", |b| {
        b.iter(|| run(&["agree", root_s, "--json"]))
    });
    drop(input);
    drop(loaded);

    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    g.throughput(Throughput::Bytes(text_bytes));
    let who = Selection::Annotator("ann1".into());
    for format in ExportFormat::ALL {
        let name = format!("export_{}", format.name().replace('-', "_"));
        let target = if format.writes_folder() {
            out.join(format.name())
        } else {
            out.join(format!("all.{}", format.name()))
        };
        // A new output each time (the previous one removed, untimed): an export does not
        // depend on what a former export left there.
        let fresh = out.join("fresh");
        // A format whose check refuses this corpus is reported, not timed.
        let probe = out.join("probe");
        std::fs::create_dir_all(&probe).expect("mkdir");
        let probe_target = probe.join(target.file_name().expect("a name"));
        if let Err(e) = export_durable(
            &project,
            format,
            &who,
            &probe_target,
            Overwrite::Force,
            Durability::Unsynced,
            &mut |_, _| {},
        ) {
            eprintln!("{name}: the export fails on this corpus, not timed: {e}");
            continue;
        }
        g.bench_function(&name, |b| {
            b.iter_batched(
                || {
                    if fresh.is_dir() {
                        std::fs::remove_dir_all(&fresh).expect("remove the former export");
                    }
                    std::fs::create_dir_all(&fresh).expect("mkdir");
                    fresh.join(target.file_name().expect("a name"))
                },
                |target| {
                    export_durable(
                        &project,
                        format,
                        &who,
                        &target,
                        Overwrite::Force,
                        Durability::Unsynced,
                        &mut |_, _| {},
                    )
                    .expect("export")
                },
                BatchSize::PerIteration,
            )
        });
        if !matches!(format, ExportFormat::Jsonl | ExportFormat::Brat) {
            continue;
        }
        // Through the binary, fsync of every file included: one run, since a brat export
        // flushes thousands of files and takes seconds on this disk.
        let target_s = target.to_str().expect("UTF-8 temp path").to_owned();
        let t = std::time::Instant::now();
        run(&[
            "export",
            root_s,
            "--to",
            format.name(),
            "--annotator",
            "ann1",
            "--out",
            &target_s,
        ]);
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "{name} through the CLI, fsync included: {secs:.2} s ({:.1} MB/s of text)",
            text_bytes as f64 / 1e6 / secs
        );
    }
    g.finish();

    match peak_kb(&["agree", root_s, "--json"]) {
        Some(kb) => eprintln!(
            "agree peak memory: {:.1} MB; corpus on disk {:.1} MB, target ≤ {:.1} MB",
            kb as f64 * 1024.0 / 1e6,
            on_disk as f64 / 1e6,
            3.0 * on_disk as f64 / 1e6
        ),
        None => eprintln!("agree peak memory: /usr/bin/time -v is not available"),
    }
}

criterion_group!(benches, big_corpus);
criterion_main!(benches);
