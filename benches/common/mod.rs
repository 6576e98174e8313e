//! Synthetic data for the benchmarks, generated in code with a fixed seed.
#![allow(dead_code)] // each bench binary uses a different part

use stancemark::model::{
    AnnotationSet, Document, Entity, Frame, Participant, Quote, Schema, Span, Status,
};

/// A small deterministic PRNG (xorshift64*), so every run builds the same data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "Iran",
    "Israel",
    "warned",
    "said",
    "the",
    "minister",
    "ceasefire",
    "talks",
    "nuclear",
    "reported",
    "that",
    "would",
    "not",
    "allow",
    "attacks",
    "Zürich",
    "Ankara",
    "Škoda",
    "façade",
    "naïve",
    "東京",
    "北京",
    "協議",
    "声明",
    "😀",
    "🇺🇳",
    "résumé",
    "Δελφοί",
    "Москва",
    "and",
    "of",
    "a",
    "to",
    "in",
    "officials",
    "diplomats",
    "condemned",
    "statement",
    "urged",
    "e\u{301}",
];

/// Text of about `bytes` bytes: sentences of mixed scripts in paragraphs of varied length.
pub fn article(rng: &mut Rng, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 64);
    while s.len() < bytes {
        let sentences = 1 + rng.below(12);
        for _ in 0..sentences {
            let words = 5 + rng.below(25);
            for w in 0..words {
                if w > 0 {
                    s.push(' ');
                }
                s.push_str(WORDS[rng.below(WORDS.len())]);
            }
            s.push_str(". ");
        }
        s.push_str(if rng.below(10) == 0 {
            "\r\n\r\n"
        } else {
            "\n\n"
        });
    }
    s
}

fn quote(text: &stancemark::model::Text, span: Span) -> Quote {
    Quote::new(span, text.slice(span).expect("span inside the text"))
}

/// `count` frames over `doc` with every role filled; about a third nest inside another claim.
pub fn frames(rng: &mut Rng, doc: &Document, schema: &Schema, count: usize) -> AnnotationSet {
    let text = &doc.text;
    let n = text.len_chars();
    let mut set = AnnotationSet::new(doc.id.clone(), "bench", schema.reference());
    set.status = Status::InProgress;
    for e in 0..20 {
        set.entities.push(Entity::new(
            format!("e{}", e + 1),
            format!("Entity {e}"),
            "person",
        ));
    }
    let mut frames = Vec::with_capacity(count);
    for i in 0..count {
        let start = rng.below(n.saturating_sub(400));
        let len = 20 + rng.below(300);
        let claim = Span::new(start, start + len);
        let inner = |rng: &mut Rng, base: Span| {
            let s = base.start + rng.below(base.len() / 2);
            Span::new(s, s + 1 + rng.below(12))
        };
        let mut f = Frame::new(
            format!("f{}", i + 1),
            quote(text, claim),
            schema.stances[rng.below(schema.stances.len())].id.clone(),
        );
        let before = Span::new(start.saturating_sub(30), start.saturating_sub(20));
        f.source = Some(Participant {
            span: Some(quote(text, before)),
            entity: Some(format!("e{}", 1 + rng.below(20))),
        });
        f.cue = Some(quote(
            text,
            Span::new(start.saturating_sub(12), start.saturating_sub(4)),
        ));
        f.target = Some(Participant {
            span: Some(quote(text, inner(rng, claim))),
            entity: Some(format!("e{}", 1 + rng.below(20))),
        });
        if i > 0 && rng.below(3) == 0 {
            f.via = Some(format!("f{}", rng.below(i) + 1));
        }
        f.attributes.insert("polarity".into(), "against".into());
        frames.push(f);
    }
    // `via` must point backwards in id order to stay acyclic; it does by construction.
    set.set_frames(frames);
    set
}

/// The big document of the benchmarks: a 5 MB article with 20,000 frames.
pub fn big_document() -> (Document, AnnotationSet, Schema) {
    let mut rng = Rng::new(0x5eed);
    let schema = Schema::default_news();
    let doc = Document::new("big", article(&mut rng, 5_000_000));
    let set = frames(&mut rng, &doc, &schema, 20_000);
    (doc, set, schema)
}
