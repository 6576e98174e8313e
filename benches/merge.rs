//! The merge driver on the big document (5 MB text, 20,000 frames) with a few hundred changes
//! on each side: restanced and annotated frames, deletions, new frames under the same new ids
//! on both sides (so theirs are renamed), and frames changed differently on both sides
//! (conflicts).
//!
//! - `merge_sets`: the frame-by-frame merge of the three sets in memory (the target).
//! - `merge_files`: what `stancemark merge` does between reading and writing: parse the three
//!   32 MB files, merge, serialise, and read the result back as a check.

mod common;

use common::Rng;
use criterion::{criterion_group, criterion_main, Criterion};
use stancemark::io::native;
use stancemark::merge::{merge_sets, merge_texts, FileKind, Origins};
use stancemark::model::{AnnotationSet, Frame, Quote, Schema, Span, Text};

/// Changes frames `from..from + count` of every `stride`-th frame, deletes some, adds some.
fn side(
    base: &AnnotationSet,
    text: &Text,
    schema: &Schema,
    rng: &mut Rng,
    offset: usize,
    note: &str,
) -> AnnotationSet {
    let mut set = base.clone();
    let mut frames = set.frames().to_vec();
    let n = frames.len();
    // 300 changed frames, spread over the document; the first 20 are the same frames on both
    // sides (offset 0), changed differently: conflicts.
    for k in 0..300 {
        let i = if k < 20 {
            k * 997 % n
        } else {
            (k * 61 + offset) % n
        };
        frames[i].note = format!("{note} {k}");
        frames[i].stance = schema.stances[rng.below(schema.stances.len())].id.clone();
    }
    // 30 deletions of frames no other frame reports.
    let reported: std::collections::HashSet<String> =
        frames.iter().filter_map(|f| f.via.clone()).collect();
    let mut deleted = 0;
    let mut i = offset * 7 + 5;
    while deleted < 30 {
        let at = i % frames.len();
        if !reported.contains(&frames[at].id) && !frames[at].note.starts_with(note) {
            frames.remove(at);
            deleted += 1;
        }
        i += 577;
    }
    set.set_frames(frames);
    // 50 new frames, numbered from the same next id on both sides.
    let mut frames = set.frames().to_vec();
    let first = set.next_frame_id()[1..].parse::<usize>().unwrap();
    for k in 0..50 {
        let start = rng.below(text.len_chars() - 400);
        let span = Span::new(start, start + 20 + rng.below(100));
        let quote = Quote::new(span, text.slice(span).unwrap());
        frames.push(Frame::new(format!("f{}", first + k), quote, "report"));
    }
    set.set_frames(frames);
    set
}

fn merge(c: &mut Criterion) {
    let (doc, base, schema) = common::big_document();
    let mut rng = Rng::new(0x3e76e);
    let ours = side(&base, &doc.text, &schema, &mut rng, 11, "ours");
    let theirs = side(&base, &doc.text, &schema, &mut rng, 29, "theirs");
    let m = merge_sets(Some(&base), &ours, &theirs).expect("merge");
    eprintln!(
        "merge: {} frames in the result, {} conflicts ({:?}), {} of theirs' frames renamed",
        m.set.frames().len(),
        m.conflicts.len(),
        m.conflicts
            .iter()
            .map(|c| c.what.as_str())
            .collect::<std::collections::BTreeSet<_>>(),
        m.frame_renames.len()
    );
    let both_changed = m
        .conflicts
        .iter()
        .filter(|c| c.what == "changed differently on both sides")
        .count();
    assert_eq!(both_changed, 20, "{:?}", m.conflicts);
    assert_eq!(m.frame_renames.len(), 50);

    let mut g = c.benchmark_group("merge");
    g.sample_size(10);
    g.bench_function("merge_sets", |b| {
        b.iter_with_large_drop(|| merge_sets(Some(&base), &ours, &theirs).expect("merge"))
    });
    let texts = [&base, &ours, &theirs].map(|s| native::to_string(&doc, s));
    let origins = Origins {
        base: "base",
        ours: "ours",
        theirs: "theirs",
    };
    g.bench_function("merge_files", |b| {
        b.iter_with_large_drop(|| {
            merge_texts(
                FileKind::Annotations,
                &texts[0],
                &texts[1],
                &texts[2],
                origins,
            )
            .expect("merge")
        })
    });
    g.finish();
}

criterion_group!(benches, merge);
criterion_main!(benches);
