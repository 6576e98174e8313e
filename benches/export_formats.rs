//! The two halves of every export format on the big corpus, one annotator (2,000 documents,
//! 7.0 MB of text), the data in memory: `format_<format>` (the exporter producing the files'
//! contents) and `check_<format>` (the check that parses those contents as the format's reader
//! would and locates every span again). Throughput in bytes of document text per second.
//! Reading the project and writing the files are measured end to end by `big_corpus`.

mod common;

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use stancemark::io;
use stancemark::io::export::{ExportItem, OutFile};
use stancemark::model::Schema;
use stancemark::project::export::{verify, ExportFormat};

/// The files of `format` for `items`, as the export command produces them.
fn format_files(format: ExportFormat, items: &[ExportItem], schema: &Schema) -> Vec<OutFile> {
    match format {
        ExportFormat::Jsonl => io::jsonl::export(items).expect("jsonl"),
        ExportFormat::Csv => io::csv_export::export(items).expect("csv"),
        ExportFormat::Spacy => io::spacy::export(items).expect("spacy"),
        ExportFormat::Doccano => io::doccano::export(items).expect("doccano"),
        ExportFormat::LabelStudio => io::label_studio::export(items, schema).expect("ls"),
        ExportFormat::W3c => io::w3c::export(items).expect("w3c"),
        ExportFormat::Brat => io::brat::export(items, schema).0,
        ExportFormat::Conll => io::conll::export(items).0,
    }
}

fn export_formats(c: &mut Criterion) {
    let (schema, docs, sets) = common::corpus(2_000);
    // The corpus holds each document's sets in annotator order: ann1 first.
    let items: Vec<ExportItem> = docs
        .iter()
        .zip(sets.chunks(3))
        .map(|(document, s)| {
            assert_eq!(s[0].annotator, "ann1");
            ExportItem {
                document,
                set: &s[0],
            }
        })
        .collect();
    let text_bytes: u64 = docs.iter().map(|d| d.text.as_str().len() as u64).sum();
    let mut g = c.benchmark_group("export_formats");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text_bytes));
    let out = Path::new("/nonexistent/out");
    for format in ExportFormat::ALL {
        let name = format.name().replace('-', "_");
        g.bench_function(format!("format_{name}"), |b| {
            b.iter(|| format_files(format, &items, &schema))
        });
        let files = format_files(format, &items, &schema);
        verify(format, out, &files, &items).expect("the export passes its check");
        g.bench_function(format!("check_{name}"), |b| {
            b.iter(|| verify(format, out, &files, &items).expect("check"))
        });
    }
    g.finish();
}

criterion_group!(benches, export_formats);
criterion_main!(benches);
