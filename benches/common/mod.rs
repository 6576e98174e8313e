//! Synthetic data for the benchmarks, generated in code with a fixed seed.
#![allow(dead_code)] // each bench binary uses a different part

pub mod exports;

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

/// One annotator's version of a "true" frame: kept, dropped, shifted or relabelled.
fn perturb(
    rng: &mut Rng,
    text: &stancemark::model::Text,
    schema: &Schema,
    f: &Frame,
    id: usize,
) -> Option<Frame> {
    if rng.below(100) < 12 {
        return None; // missed
    }
    let n = text.len_chars();
    let mut claim = f.claim.extent();
    if rng.below(100) < 30 {
        // boundary disagreement: a few characters either way
        let ds = rng.below(9) as isize - 4;
        let de = rng.below(9) as isize - 4;
        let s = (claim.start as isize + ds).clamp(0, n as isize - 2) as usize;
        let e = (claim.end as isize + de).clamp(s as isize + 1, n as isize) as usize;
        claim = Span::new(s, e);
    }
    let stance = if rng.below(100) < 15 {
        schema.stances[rng.below(schema.stances.len())].id.clone()
    } else {
        f.stance.clone()
    };
    let mut g = Frame::new(format!("f{id}"), quote(text, claim), stance);
    g.cue = f.cue.clone().filter(|_| rng.below(100) < 85);
    g.source = f.source.clone().map(|mut p| {
        if rng.below(100) < 10 {
            p.entity = Some(format!("e{}", 1 + rng.below(8)));
        }
        p
    });
    g.target = f.target.clone().filter(|_| rng.below(100) < 80);
    Some(g)
}

/// The corpus of the benchmarks: `docs` documents of about 3,000 characters, each annotated by
/// the three annotators `ann1`, `ann2`, `ann3` with realistic disagreement (missed frames,
/// boundary shifts, other stances, extra frames).
pub fn corpus(docs: usize) -> (Schema, Vec<Document>, Vec<AnnotationSet>) {
    let mut rng = Rng::new(0xc0_4905);
    let schema = Schema::default_news();
    let mut documents = Vec::with_capacity(docs);
    let mut sets = Vec::with_capacity(docs * 3);
    for d in 0..docs {
        let mut text = article(&mut rng, 3_300);
        // about 3,000 code points: cut at a char boundary
        let cut = text
            .char_indices()
            .nth(3_000)
            .map_or(text.len(), |(b, _)| b);
        text.truncate(cut);
        let doc = Document::new(format!("doc{d:04}"), text);
        let count = 6 + rng.below(10);
        let truth = frames(&mut rng, &doc, &schema, count);
        for a in 1..=3 {
            let mut set = AnnotationSet::new(doc.id.clone(), format!("ann{a}"), schema.reference());
            set.status = Status::Done;
            set.entities = truth.entities.clone();
            let mut out = Vec::new();
            for f in truth.frames() {
                if let Some(g) = perturb(&mut rng, &doc.text, &schema, f, out.len() + 1) {
                    out.push(g);
                }
            }
            if rng.below(100) < 40 {
                let extra = frames(&mut rng, &doc, &schema, 1);
                let mut g = extra.frames()[0].clone();
                g.id = format!("f{}", out.len() + 1);
                g.via = None;
                out.push(g);
            }
            set.set_frames(out);
            sets.push(set);
        }
        documents.push(doc);
    }
    (schema, documents, sets)
}

/// Writes the corpus as a project folder under `dir` (plain writes: this is test data, and a
/// flush per file would make setting up take minutes). Returns the bytes written.
pub fn write_project(dir: &std::path::Path, docs: &[Document], sets: &[AnnotationSet]) -> u64 {
    use stancemark::project::Project;
    let project = Project::init(dir, Some("bench"), None).expect("init project");
    let mut bytes = 0u64;
    for doc in docs {
        let mut json = serde_json::to_string_pretty(doc).expect("serialise");
        json.push('\n');
        bytes += json.len() as u64;
        std::fs::write(
            project.documents_dir().join(format!("{}.json", doc.id)),
            json,
        )
        .expect("write document");
    }
    let by_id: std::collections::HashMap<&str, &Document> =
        docs.iter().map(|d| (d.id.as_str(), d)).collect();
    for set in sets {
        let path = project
            .annotation_path(&set.annotator, &set.document_id)
            .expect("annotation path");
        std::fs::create_dir_all(path.parent().expect("inside annotations/")).expect("mkdir");
        let json = stancemark::io::native::to_string(by_id[set.document_id.as_str()], set);
        bytes += json.len() as u64;
        std::fs::write(path, json).expect("write annotations");
    }
    bytes
}

/// Peak resident memory of this process so far (VmHWM of /proc/self/status), in kB.
pub fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
