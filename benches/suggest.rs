//! The attribution finder: the sample article (target ≤ 20 ms) and the 5 MB benchmark document
//! (target ≤ 1 s), what the workbench's background run adds to it (the shown suggestions
//! against the document's frames), and the finder at one cue of the big document (cue-driven entry).
//! Runs without the GUI: `cargo bench --no-default-features --bench suggest`.

mod common;

use criterion::{criterion_group, criterion_main, Criterion};
use stancemark::model::{Schema, Span, Text};
use stancemark::suggest::{find, find_at_cue, Lexicon};

const SAMPLE: &str = include_str!("../samples/iran-talks-signals.txt");

fn suggest(c: &mut Criterion) {
    let schema = Schema::default_news();
    let lexicon = Lexicon::default_en(&schema).expect("default lexicon");
    let sample = Text::new(SAMPLE);
    c.bench_function("suggest_sample", |b| {
        b.iter(|| find(&sample, &lexicon, &schema, &[]))
    });
    let (doc, set, _) = common::big_document();
    let big = doc.text.clone();
    let mut group = c.benchmark_group("suggest_big");
    group.sample_size(10);
    group.bench_function("find_5mb", |b| {
        b.iter(|| find(&big, &lexicon, &schema, &set.entities))
    });
    // What the workbench's worker does after the finder: the shown list against 20,000 frames
    // (rejections and frames left out, ids kept).
    let found = find(&big, &lexicon, &schema, &set.entities);
    group.bench_function("shown_5mb", |b| {
        b.iter(|| stancemark::suggest::pending::shown(&found, &set))
    });
    // a cue in the middle of the document
    let mid = big.len_chars() / 2;
    let at = big.as_str()[big.byte_of(mid).unwrap()..]
        .find("said")
        .map(|b| big.char_of_byte(big.byte_of(mid).unwrap() + b).unwrap())
        .unwrap_or(mid);
    group.bench_function("find_at_cue_5mb", |b| {
        b.iter(|| {
            find_at_cue(
                &big,
                &lexicon,
                &schema,
                &set.entities,
                Span::new(at, at + 4),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, suggest);
criterion_main!(benches);
