//! A small hand-made project whose counts are worked out by hand in the tests.
//!
//! Registry: `kestria` ("Kestria", alias "Kestrian government"), `ostland` ("Ostland"),
//! `kfm` ("Kestrian Foreign Ministry", alias "Foreign Ministry of Kestria").
//!
//! | doc | outlet  | published                   | alice                                   | bob                              |
//! |-----|---------|-----------------------------|-----------------------------------------|----------------------------------|
//! | d1  | Daily A | 2025-03-03 (W10)            | f1 cond K→O, f2 denial O→K, f3 warning "Kestria's foreign ministry"→O | f1 cond K→O, f2 denial O→(none), f3 warning kfm→O |
//! | d2  | Wire B  | 2025-03-05T10:00:00+01:00   | f1 cond "The Foreign Ministry of Kestria"→O, f2 warning O→K | f1 cond K→O, f2 warning O→K |
//! | d3  | Daily A | 2025-03-18 (W12)            | f1 cond O→K, f2 demand "Farmers"→(none) | —                                |
//! | d4  | —       | "soon" (not a date)         | f1 warning K→O                          | f1 threat K→O                    |
//!
//! Gold (d1 only): f1 cond K→O, f2 denial O→K, f3 warning kfm→O. K, O: registry links;
//! quoted sources are spans without an entity (unlinked).

use std::path::Path;

use stancemark::model::{
    AnnotationSet, CanonicalEntity, Document, Entity, Frame, Participant, Quote, Registry, Span,
    Status,
};
use stancemark::project::Project;

pub const D1: &str = "Kestria condemned Ostland over the dam. Ostland denied it. Kestria's foreign ministry warned Ostland again.";
pub const D2: &str = "The Foreign Ministry of Kestria condemned Ostland. Ostland warned Kestria.";
pub const D3: &str = "Ostland condemned Kestria. Farmers demanded talks.";
pub const D4: &str = "Kestria warned Ostland.";

/// The quote of the first occurrence of `needle` at or after code point `from`, with code
/// point offsets.
pub fn quote(text: &str, needle: &str, from: usize) -> Quote {
    let chars: Vec<char> = text.chars().collect();
    let n: Vec<char> = needle.chars().collect();
    let start = (from..=chars.len() - n.len())
        .find(|&i| chars[i..i + n.len()] == n[..])
        .unwrap_or_else(|| panic!("{needle:?} not in {text:?}"));
    Quote::new(Span::new(start, start + n.len()), needle)
}

/// Where a source or target comes from: a registry entity, a span only, or nothing.
#[derive(Clone, Copy)]
pub enum P<'a> {
    E(&'a str),
    S(&'a str),
    No,
}

/// A frame whose claim is `claim` in `text`; participants are searched from the claim's start
/// backwards for sources (first occurrence in the text) and after the cue for targets.
pub fn frame(text: &str, id: &str, claim: &str, stance: &str, source: P, target: P) -> Frame {
    let c = quote(text, claim, 0);
    let mut f = Frame::new(id, c.clone(), stance);
    let part = |p: P, from: usize| match p {
        P::E(e) => Some(Participant {
            span: None,
            entity: Some(e.to_owned()),
        }),
        P::S(s) => Some(Participant {
            span: Some(quote(text, s, from)),
            entity: None,
        }),
        P::No => None,
    };
    f.source = part(source, 0);
    f.target = part(target, c.extent().start);
    f
}

pub fn registry() -> Registry {
    Registry::new(vec![
        CanonicalEntity::new("kestria", "Kestria", "government")
            .with_aliases(["Kestrian government"]),
        CanonicalEntity::new("ostland", "Ostland", "government"),
        CanonicalEntity::new("kfm", "Kestrian Foreign Ministry", "government")
            .with_aliases(["Foreign Ministry of Kestria"]),
    ])
    .expect("a valid registry")
}

pub fn document(id: &str, text: &str, outlet: Option<&str>, published: &str) -> Document {
    let mut d = Document::new(id, text);
    d.outlet = outlet.map(str::to_owned);
    d.published = Some(published.to_owned());
    d
}

pub fn documents() -> Vec<Document> {
    vec![
        document("d1", D1, Some("Daily A"), "2025-03-03"),
        document("d2", D2, Some("Wire B"), "2025-03-05T10:00:00+01:00"),
        document("d3", D3, Some("Daily A"), "2025-03-18"),
        document("d4", D4, None, "soon"),
    ]
}

/// A set whose entity copies are the registry entries its frames link.
pub fn set(doc: &str, annotator: &str, frames: Vec<Frame>) -> AnnotationSet {
    let schema = stancemark::model::Schema::default_news();
    let mut s = AnnotationSet::new(doc, annotator, schema.reference());
    s.status = Status::Done;
    let r = registry();
    let mut ids: Vec<String> = frames
        .iter()
        .flat_map(|f| [&f.source, &f.target])
        .flatten()
        .filter_map(|p| p.entity.clone())
        .collect();
    ids.sort();
    ids.dedup();
    s.set_entities(
        ids.iter()
            .map(|id| {
                r.get(id)
                    .map_or_else(|| Entity::new(id, id, "government"), |e| e.file_copy())
            })
            .collect(),
    );
    s.set_frames(frames);
    s
}

use P::{No, E, S};

/// Every annotation set of the fixture: `(document, set)`; gold sets have annotator "gold".
pub fn sets() -> Vec<AnnotationSet> {
    vec![
        set(
            "d1",
            "alice",
            vec![
                frame(
                    D1,
                    "f1",
                    "Ostland over the dam",
                    "condemnation",
                    E("kestria"),
                    E("ostland"),
                ),
                frame(D1, "f2", "it", "denial", E("ostland"), E("kestria")),
                frame(
                    D1,
                    "f3",
                    "Ostland again",
                    "warning",
                    S("Kestria's foreign ministry"),
                    E("ostland"),
                ),
            ],
        ),
        set(
            "d1",
            "bob",
            vec![
                frame(
                    D1,
                    "f1",
                    "Ostland over the dam",
                    "condemnation",
                    E("kestria"),
                    E("ostland"),
                ),
                frame(D1, "f2", "it", "denial", E("ostland"), No),
                frame(D1, "f3", "Ostland again", "warning", E("kfm"), E("ostland")),
            ],
        ),
        set(
            "d2",
            "alice",
            vec![
                frame(
                    D2,
                    "f1",
                    "Ostland.",
                    "condemnation",
                    S("The Foreign Ministry of Kestria"),
                    E("ostland"),
                ),
                frame(D2, "f2", "Kestria.", "warning", E("ostland"), E("kestria")),
            ],
        ),
        set(
            "d2",
            "bob",
            vec![
                frame(
                    D2,
                    "f1",
                    "Ostland.",
                    "condemnation",
                    E("kestria"),
                    E("ostland"),
                ),
                frame(D2, "f2", "Kestria.", "warning", E("ostland"), E("kestria")),
            ],
        ),
        set(
            "d3",
            "alice",
            vec![
                frame(
                    D3,
                    "f1",
                    "Kestria.",
                    "condemnation",
                    E("ostland"),
                    E("kestria"),
                ),
                frame(D3, "f2", "talks", "demand", S("Farmers"), No),
            ],
        ),
        set(
            "d4",
            "alice",
            vec![frame(
                D4,
                "f1",
                "Ostland",
                "warning",
                E("kestria"),
                E("ostland"),
            )],
        ),
        set(
            "d4",
            "bob",
            vec![frame(
                D4,
                "f1",
                "Ostland",
                "threat",
                E("kestria"),
                E("ostland"),
            )],
        ),
        set(
            "d1",
            "gold",
            vec![
                frame(
                    D1,
                    "f1",
                    "Ostland over the dam",
                    "condemnation",
                    E("kestria"),
                    E("ostland"),
                ),
                frame(D1, "f2", "it", "denial", E("ostland"), E("kestria")),
                frame(D1, "f3", "Ostland again", "warning", E("kfm"), E("ostland")),
            ],
        ),
    ]
}

/// Writes the fixture as a project in `dir` (with `entities.json` when `with_registry`).
pub fn write_project(dir: &Path, with_registry: bool) -> Project {
    let p = Project::init(dir, Some("fixture"), None).expect("init");
    let docs = documents();
    for d in &docs {
        p.save_document(d).expect("document");
    }
    for s in sets() {
        let d = docs.iter().find(|d| d.id == s.document_id).expect("doc");
        if s.annotator == "gold" {
            p.save_gold(d, &s).expect("gold");
        } else {
            p.save_annotations(d, &s).expect("annotations");
        }
    }
    if with_registry {
        p.save_registry(&registry(), None).expect("registry");
    }
    p
}
