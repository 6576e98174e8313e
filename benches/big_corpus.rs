//! The big corpus: 2,000 documents of about 3,000 characters, each annotated by three
//! annotators with realistic disagreement, written once as a project in a temporary folder.
//!
//! - `agree_library`: [`stancemark::review::agree`] (every measure) on the loaded project.
//! - `agree_cli`: `stancemark agree DIR --json` end to end (process start, loading, report).
//! - `export_<format>` for every export format (`common::exports`): one annotator (load,
//!   format, check the output, write) without fsync, in bytes of document text per second, each
//!   into a new folder; then one run of jsonl and brat through the binary, fsync included,
//!   printed.
//! - peak memory of `stancemark agree` (`/usr/bin/time -v`) against 3 × the corpus on disk.

mod common;

use std::path::Path;
use std::process::Command;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stancemark::model::{AnnotationSet, Document};
use stancemark::project::export::{ExportFormat, Selection};
use stancemark::project::Project;
use stancemark::review::{agree, DocumentAnnotations};

use common::exports::{run, BIN};

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
    g.throughput(Throughput::Bytes(text_bytes));
    let who = Selection::Annotator("ann1".into());
    let unsampled = std::time::Duration::from_secs(60);
    common::exports::bench_every_format(&mut g, &project, &who, text_bytes, &out, unsampled);
    // Through the binary, fsync of every file included: one run each, since a brat export
    // flushes thousands of files and takes seconds on this disk.
    let mut folders = common::exports::FreshFolders::new(&out.join("cli"));
    for format in [ExportFormat::Jsonl, ExportFormat::Brat] {
        let target = common::exports::output(&folders.next(), format);
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
            "export_{} through the CLI, fsync included: {secs:.2} s ({:.1} MB/s of text)",
            format.name(),
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
