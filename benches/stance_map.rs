//! The stance map of the big corpus: 2,000 documents of about 3,000 characters, each annotated
//! by three annotators (`benches/common/mod.rs`), built in memory from the loaded corpus.
//!
//! - `build_all_annotators`: [`StanceMap::build`] over every frame of the three annotators,
//!   counted per annotator (the target is ≤ 300 ms), half of the entities registry links and
//!   half per-file entities grouped by name;
//! - `build_filtered`: the same with a stance and a date filter;
//! - `usage`: the `stancemark entities` counts and proposals;
//! - `layout` and `gexf`: the network layout and the GEXF export of the built map;
//! - `view_rebuild` (with the `gui` feature): what the workbench's stance map builds on its
//!   worker thread when a filter changes: the map, its matrix and the frames behind each count.
//!
//! The corpus is loaded once, outside the measured loop, as `stancemark map` loads it.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use stancemark::corpus::export::{render, MapFormat};
use stancemark::corpus::layout::Layout;
use stancemark::corpus::map::published_date;
use stancemark::corpus::usage::usage;
use stancemark::corpus::{Corpus, CorpusDocument, MapFilter, Perspective, StanceMap};
use stancemark::model::{CanonicalEntity, Registry};

/// The big corpus with outlets and dates over twelve weeks, and a registry of the first ten
/// of the twenty entities every file names (`e1` = "Entity 0", …).
fn corpus() -> (Corpus, Registry) {
    let (_, mut docs, sets) = common::corpus(2_000);
    let outlets = ["Daily A", "Wire B", "Times C", "Ledger D"];
    for (i, d) in docs.iter_mut().enumerate() {
        d.outlet = Some(outlets[i % outlets.len()].to_owned());
        d.published = Some(format!("2025-{:02}-{:02}", 1 + i % 3, 1 + i % 28));
    }
    let mut corpus = Corpus {
        documents: docs.iter().map(CorpusDocument::of).collect(),
    };
    for (doc, set) in corpus.documents.iter_mut().zip(sets.chunks(3)) {
        doc.annotations = set.to_vec();
    }
    let registry = Registry::new(
        (0..10)
            .map(|e| CanonicalEntity::new(format!("e{}", e + 1), format!("Entity {e}"), "person"))
            .collect(),
    )
    .expect("valid registry");
    (corpus, registry)
}

fn stance_map(c: &mut Criterion) {
    let (corpus, registry) = corpus();
    let frames: usize = corpus
        .documents
        .iter()
        .flat_map(|d| &d.annotations)
        .map(|s| s.frames().len())
        .sum();
    let all = Perspective::AllAnnotators;
    let map = StanceMap::build(&corpus, Some(&registry), &all, &MapFilter::default());
    eprintln!(
        "stance map of {} documents, {frames} frames: {} nodes, {} edges",
        corpus.documents.len(),
        map.nodes.len(),
        map.edges.len()
    );
    let mut g = c.benchmark_group("stance_map");
    g.sample_size(10);
    g.bench_function("build_all_annotators", |b| {
        b.iter(|| StanceMap::build(&corpus, Some(&registry), &all, &MapFilter::default()))
    });
    let filter = MapFilter {
        stances: ["warning".to_owned(), "condemnation".to_owned()].into(),
        from: published_date("2025-01-15"),
        until: published_date("2025-02-28"),
        ..Default::default()
    };
    g.bench_function("build_filtered", |b| {
        b.iter(|| StanceMap::build(&corpus, Some(&registry), &all, &filter))
    });
    g.bench_function("usage", |b| b.iter(|| usage(&corpus, Some(&registry))));
    g.bench_function("layout", |b| b.iter(|| Layout::of(&map)));
    let schema = stancemark::model::Schema::default_news();
    g.bench_function("gexf", |b| {
        b.iter(|| render(&map, MapFormat::Gexf, &schema))
    });
    #[cfg(feature = "gui")]
    view_rebuild(&mut g, corpus, registry, &map);
    g.finish();
}

#[cfg(feature = "gui")]
fn view_rebuild(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    corpus: Corpus,
    registry: Registry,
    map: &StanceMap,
) {
    use stancemark::ui::stance_map::job::{compute, Loaded, Request};
    let loaded = Loaded {
        layout: Layout::of(map),
        annotators: corpus.annotators(),
        has_gold: false,
        outlets: Vec::new(),
        stances: Default::default(),
        dates: None,
        corpus,
        registry: Some(registry),
    };
    let request = Request {
        perspective: Perspective::AllAnnotators,
        filter: MapFilter::default(),
    };
    g.bench_function("view_rebuild", |b| {
        b.iter(|| compute(&loaded, request.clone()))
    });
}

criterion_group!(benches, stance_map);
criterion_main!(benches);
