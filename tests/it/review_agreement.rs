//! Agreement measures on annotation sets: hand-computed cases and properties.

use proptest::prelude::*;
use stancemark::model::{AnnotationSet, Document, Entity, Frame, Participant, Quote, Schema, Span};
use stancemark::review::labels::{label_document, LabelScratch, Labels};
use stancemark::review::{agree, CodingStudy, DocumentAnnotations, Score, Undefined};

use crate::util::text_strategy;

/// A frame whose quotes are cut from `doc`'s text (code points).
fn frame(doc: &Document, id: &str, start: usize, end: usize, stance: &str) -> Frame {
    Frame::new(id, quote(doc, start, end), stance)
}

fn quote(doc: &Document, start: usize, end: usize) -> Quote {
    let text: String = doc
        .text
        .as_str()
        .chars()
        .skip(start)
        .take(end - start)
        .collect();
    Quote::new(Span::new(start, end), text)
}

fn set(doc: &Document, annotator: &str, frames: Vec<Frame>) -> AnnotationSet {
    let mut s = AnnotationSet::new(&doc.id, annotator, Schema::default_news().reference());
    s.set_frames(frames);
    s
}

fn names(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

fn value(s: Score) -> f64 {
    s.value().unwrap_or_else(|| panic!("undefined: {s:?}"))
}

#[test]
fn hand_computed_two_annotators() {
    // Units a b c d e f (whitespace excluded). A: W W W W O O; B: O O W W W W.
    // p_o = 2/6, p_e = (4/6)² + (2/6)² = 5/9, κ = (1/3 − 5/9)/(4/9) = −0.5.
    // Claims [0,5) and [3,8) share "cd": overlap F1 1, exact F1 0.
    let doc = Document::new("d", "ab cd ef");
    let a = set(&doc, "a", vec![frame(&doc, "f1", 0, 5, "warning")]);
    let b = set(&doc, "b", vec![frame(&doc, "f1", 3, 8, "warning")]);
    let r = agree(
        &names(&["a", "b"]),
        &[DocumentAnnotations {
            document: &doc,
            sets: vec![&a, &b],
        }],
    );
    assert_eq!(r.units, 6);
    let p = &r.pairs[0];
    assert!((value(p.cohen_kappa) + 0.5).abs() < 1e-12);
    assert_eq!(p.span_f1_exact, Score::Value(0.0));
    assert_eq!(p.span_f1_overlap, Score::Value(1.0));
    assert_eq!(p.span_f1_unlabeled_overlap, Score::Value(1.0));
    // Neither frame has a source, cue or target: no agreement on roles nobody filled (issue
    // 12: this read 1.000).
    for role in [p.source_agreement, p.target_agreement, p.cue_agreement] {
        assert_eq!(role, Score::Undefined(Undefined::RoleNeverFilled));
    }
    assert_eq!(p.per_label["warning"].f1_exact, Score::Value(0.0));
    // Krippendorff's α for the same 6 units: n = 12, n_W = 8, n_O = 4; o_WO + o_OW = 8 (four
    // disagreeing units, two ordered pairs each); α = 1 − 11·8/(2·8·4) = −0.375.
    assert!((value(r.krippendorff_alpha) + 0.375).abs() < 1e-12);
}

#[test]
fn role_agreement_counts_empty_pairs_only_beside_filled_ones() {
    // Two matched claims. Sources: "Ann" / "Ann" on the first, none / none on the second →
    // 2 of 2 agree. Cues: "said" / none on the first, none / none on the second → 1 of 2.
    // Targets: none anywhere → undefined.
    let doc = Document::new("d", "Ann said xy. zw qq.");
    let mut a1 = frame(&doc, "f1", 9, 11, "warning");
    a1.source = Some(Participant {
        span: Some(quote(&doc, 0, 3)),
        entity: None,
    });
    a1.cue = Some(quote(&doc, 4, 8));
    let mut b1 = frame(&doc, "f1", 9, 11, "warning");
    b1.source = a1.source.clone();
    let a = set(&doc, "a", vec![a1, frame(&doc, "f2", 13, 15, "denial")]);
    let b = set(&doc, "b", vec![b1, frame(&doc, "f2", 13, 15, "denial")]);
    let r = agree(
        &names(&["a", "b"]),
        &[DocumentAnnotations {
            document: &doc,
            sets: vec![&a, &b],
        }],
    );
    let p = &r.pairs[0];
    assert_eq!(p.source_agreement, Score::Value(1.0));
    assert_eq!(p.cue_agreement, Score::Value(0.5));
    assert_eq!(
        p.target_agreement,
        Score::Undefined(Undefined::RoleNeverFilled)
    );
}

#[test]
fn f1_pools_counts_and_splits_by_label() {
    // Document 1: A has warning [0,4) and denial [5,9); B has warning [0,4) and warning [5,9).
    // Document 2: A has nothing; B has report [0,2).
    // exact: matched 1 of |A| = 2, |B| = 3 → 2/5. overlap (labeled): 1 → 0.4.
    // unlabeled overlap: 2 → 0.8. per label: warning exact 2·1/(1+2); denial 0; report 0.
    let d1 = Document::new("d1", "abcd efgh ij");
    let d2 = Document::new("d2", "xy z");
    let a1 = set(
        &d1,
        "a",
        vec![
            frame(&d1, "f1", 0, 4, "warning"),
            frame(&d1, "f2", 5, 9, "denial"),
        ],
    );
    let b1 = set(
        &d1,
        "b",
        vec![
            frame(&d1, "f1", 0, 4, "warning"),
            frame(&d1, "f2", 5, 9, "warning"),
        ],
    );
    let a2 = set(&d2, "a", vec![]);
    let b2 = set(&d2, "b", vec![frame(&d2, "f1", 0, 2, "report")]);
    let docs = [
        DocumentAnnotations {
            document: &d2,
            sets: vec![&a2, &b2],
        },
        DocumentAnnotations {
            document: &d1,
            sets: vec![&a1, &b1],
        },
    ];
    let r = agree(&names(&["a", "b"]), &docs);
    assert_eq!(r.documents, vec!["d1", "d2"], "documents in id order");
    let p = &r.pairs[0];
    assert_eq!(p.span_f1_exact, Score::Value(0.4));
    assert_eq!(p.span_f1_overlap, Score::Value(0.4));
    assert_eq!(p.span_f1_unlabeled_overlap, Score::Value(0.8));
    assert!((value(p.per_label["warning"].f1_exact) - 2.0 / 3.0).abs() < 1e-12);
    assert_eq!(p.per_label["denial"].f1_overlap, Score::Value(0.0));
    assert_eq!(p.per_label["report"].f1_exact, Score::Value(0.0));
    assert_eq!(r.per_document.len(), 2);
    assert_eq!(r.per_document[1].span_f1_overlap[0], Score::Value(0.0));
    assert_eq!(r.per_document[1].claims, vec![0, 1]);
}

#[test]
fn greedy_overlap_prefers_largest_overlap() {
    // A: [0,10). B: [0,3) and [2,10). The larger overlap (8) wins; [0,3) stays unmatched.
    let doc = Document::new("d", "abcdefghijkl");
    let a = set(&doc, "a", vec![frame(&doc, "f1", 0, 10, "warning")]);
    let b = set(
        &doc,
        "b",
        vec![
            frame(&doc, "f1", 0, 3, "warning"),
            frame(&doc, "f2", 2, 10, "warning"),
        ],
    );
    let r = agree(
        &names(&["a", "b"]),
        &[DocumentAnnotations {
            document: &doc,
            sets: vec![&a, &b],
        }],
    );
    assert!((value(r.pairs[0].span_f1_overlap) - 2.0 / 3.0).abs() < 1e-12);
}

#[test]
fn attribution_compares_entity_names_then_texts() {
    let doc = Document::new("d", "Trump warned Iran. Tehran denied it.");
    let mut a = set(&doc, "a", vec![]);
    let mut b = set(&doc, "b", vec![]);
    a.entities.push(Entity::new("e1", "Donald Trump", "person"));
    b.entities.push(Entity::new("e7", "donald trump", "person"));
    let mut fa = frame(&doc, "f1", 13, 17, "warning");
    fa.source = Some(Participant {
        span: Some(quote(&doc, 0, 5)),
        entity: Some("e1".into()),
    });
    fa.cue = Some(quote(&doc, 6, 12));
    fa.target = Some(Participant {
        span: Some(quote(&doc, 13, 17)),
        entity: None,
    });
    let mut fb = fa.clone();
    fb.source = Some(Participant {
        span: None,
        entity: Some("e7".into()),
    });
    fb.target = None;
    let mut ga = frame(&doc, "f2", 19, 35, "denial");
    ga.source = Some(Participant {
        span: Some(quote(&doc, 19, 25)),
        entity: None,
    });
    let mut gb = ga.clone();
    gb.cue = Some(quote(&doc, 26, 32));
    a.set_frames(vec![fa, ga]);
    b.set_frames(vec![fb, gb]);
    let r = agree(
        &names(&["a", "b"]),
        &[DocumentAnnotations {
            document: &doc,
            sets: vec![&a, &b],
        }],
    );
    let p = &r.pairs[0];
    assert_eq!(
        p.source_agreement,
        Score::Value(1.0),
        "same entity name, and same text"
    );
    assert_eq!(p.target_agreement, Score::Value(0.5), "one target missing");
    assert_eq!(p.cue_agreement, Score::Value(0.5), "one cue missing");
}

#[test]
fn units_are_code_points_not_bytes_and_skip_whitespace() {
    // "😀 中国\r\né" — code points: 😀 ␠ 中 国 \r \n e ◌́ : 5 non-whitespace units.
    let doc = Document::new("d", "😀 中国\r\ne\u{301}");
    let a = set(
        &doc,
        "a",
        vec![
            frame(&doc, "f1", 2, 4, "warning"),
            frame(&doc, "f2", 3, 8, "denial"),
        ],
    );
    let b = set(&doc, "b", vec![frame(&doc, "f1", 2, 4, "warning")]);
    let mut labels = Labels::default();
    let mut study = CodingStudy::new(2);
    let n = label_document(
        &doc,
        &[&a, &b],
        &mut labels,
        &mut study,
        &mut LabelScratch::default(),
    );
    assert_eq!(n, 5);
    let names: Vec<String> = (0..4).map(|i| labels.label_name(i)).collect();
    // 国 is under both of a's claims: "denial+warning" (sorted), e and ◌́ under "denial".
    assert!(names.contains(&"denial+warning".to_owned()), "{names:?}");
    assert_eq!(names[0], "O");
    // a: O W D+W D D ; b: O W W O O → agreement on 2 of 5.
    let r = agree(
        &["a".into(), "b".into()],
        &[DocumentAnnotations {
            document: &doc,
            sets: vec![&a, &b],
        }],
    );
    assert_eq!(r.units, 5);
    assert!(value(r.pairs[0].cohen_kappa) < 1.0);
}

#[test]
fn undefined_measures_are_null_with_reason() {
    let doc = Document::new("d", "no claims here");
    let a = set(&doc, "a", vec![]);
    let b = set(&doc, "b", vec![]);
    let r = agree(
        &names(&["a", "b"]),
        &[DocumentAnnotations {
            document: &doc,
            sets: vec![&a, &b],
        }],
    );
    let p = &r.pairs[0];
    assert_eq!(p.cohen_kappa.reason(), Some(Undefined::NoVariation));
    assert_eq!(p.span_f1_exact, Score::Value(1.0), "both empty: F1 is 1");
    assert_eq!(
        p.source_agreement.reason(),
        Some(Undefined::NoMatchedClaims)
    );
    assert_eq!(r.alpha_u.overall.reason(), Some(Undefined::NoSpans));
    let json = r.to_json();
    assert!(json.contains("\"cohen_kappa\": null"), "{json}");
    assert!(!json.contains("NaN"));
    let none = agree(&names(&["a", "b"]), &[]);
    assert_eq!(none.fleiss_kappa.reason(), Some(Undefined::NoUnits));
}

#[test]
fn json_has_the_documented_shape() {
    let doc = Document::new("d", "ab cd ef");
    let a = set(&doc, "a", vec![frame(&doc, "f1", 0, 5, "warning")]);
    let b = set(&doc, "b", vec![frame(&doc, "f1", 3, 8, "denial")]);
    let c = set(&doc, "c", vec![frame(&doc, "f1", 0, 5, "warning")]);
    let r = agree(
        &names(&["a", "b", "c"]),
        &[DocumentAnnotations {
            document: &doc,
            sets: vec![&a, &b, &c],
        }],
    );
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "documents",
            "annotators",
            "units",
            "pairs",
            "fleiss_kappa",
            "krippendorff_alpha",
            "alpha_u"
        ]
    );
    let pair = &v["pairs"][0];
    let keys: Vec<&str> = pair
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "a",
            "b",
            "cohen_kappa",
            "span_f1_exact",
            "span_f1_overlap",
            "span_f1_unlabeled_overlap",
            "source_agreement",
            "target_agreement",
            "cue_agreement",
            "per_label"
        ]
    );
    assert_eq!(v["pairs"].as_array().unwrap().len(), 3);
    assert_eq!(
        (v["pairs"][2]["a"].as_str(), v["pairs"][2]["b"].as_str()),
        (Some("b"), Some("c"))
    );
    assert!(pair["per_label"]["warning"]["f1_overlap"].is_number());
    let alpha_u: Vec<&str> = v["alpha_u"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(alpha_u, ["overall", "denial", "warning"]);
    assert_eq!(v["pairs"][1]["cohen_kappa"], 1.0);
}

// ---------------------------------------------------------------------------------------------
// Properties

const STANCES: [&str; 3] = ["warning", "denial", "report"];

type RawFrame = (usize, usize, usize, Option<usize>);

fn raw_frames() -> impl Strategy<Value = Vec<RawFrame>> {
    proptest::collection::vec(
        (
            any::<usize>(),
            1usize..12,
            0usize..3,
            proptest::option::of(0usize..2),
        ),
        0..6,
    )
}

fn build(doc: &Document, annotator: &str, raw: &[RawFrame]) -> AnnotationSet {
    build_with(doc, annotator, raw, EntityIds::AS_LISTED)
}

/// How an annotator's file names and lists its two entities, Iran and Israel.
#[derive(Clone, Copy)]
struct EntityIds {
    /// The ids of Iran and of Israel.
    ids: [&'static str; 2],
    /// Whether Israel comes first in the file's entity list.
    israel_first: bool,
}

impl EntityIds {
    const AS_LISTED: EntityIds = EntityIds {
        ids: ["e1", "e2"],
        israel_first: false,
    };
}

fn build_with(doc: &Document, annotator: &str, raw: &[RawFrame], e: EntityIds) -> AnnotationSet {
    let n = doc.text.len_chars();
    let mut s = set(doc, annotator, vec![]);
    let mut entities = vec![
        Entity::new(e.ids[0], "Iran", "government"),
        Entity::new(e.ids[1], "Israel", "government"),
    ];
    if e.israel_first {
        entities.reverse();
    }
    s.entities = entities;
    let frames = raw
        .iter()
        .enumerate()
        .map(|(i, &(start, len, stance, source))| {
            let start = start % n;
            let end = (start + len).min(n);
            let mut f = frame(doc, &format!("f{}", i + 1), start, end, STANCES[stance]);
            f.source = source.map(|who| Participant {
                span: None,
                entity: Some(e.ids[who].to_owned()),
            });
            f
        })
        .collect();
    s.set_frames(frames);
    s
}

fn study() -> impl Strategy<Value = (Vec<Document>, Vec<Vec<Vec<RawFrame>>>)> {
    proptest::collection::vec(text_strategy(), 1..4).prop_flat_map(|texts| {
        let docs: Vec<Document> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Document::new(format!("doc{i}"), t.clone()))
            .collect();
        let n = docs.len();
        (
            Just(docs),
            proptest::collection::vec(proptest::collection::vec(raw_frames(), n), 3),
        )
    })
}

fn report(
    docs: &[Document],
    sets: &[Vec<AnnotationSet>],
    order: &[usize],
) -> stancemark::review::Agreement {
    let annotators: Vec<String> = order
        .iter()
        .map(|&r| sets[r][0].annotator.clone())
        .collect();
    let input: Vec<DocumentAnnotations> = docs
        .iter()
        .enumerate()
        .map(|(d, doc)| DocumentAnnotations {
            document: doc,
            sets: order.iter().map(|&r| &sets[r][d]).collect(),
        })
        .collect();
    agree(&annotators, &input)
}

fn is_one_or_undefined(s: Score) -> bool {
    match s {
        Score::Value(v) => (v - 1.0).abs() < 1e-9,
        Score::Undefined(_) => true,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn identical_annotations_agree_fully((docs, raw) in study()) {
        let sets: Vec<Vec<AnnotationSet>> = ["a", "b", "c"]
            .iter()
            .map(|name| docs.iter().enumerate().map(|(d, doc)| build(doc, name, &raw[0][d])).collect())
            .collect();
        let r = report(&docs, &sets, &[0, 1, 2]);
        for p in &r.pairs {
            prop_assert!(is_one_or_undefined(p.cohen_kappa), "{:?}", p.cohen_kappa);
            prop_assert_eq!(p.span_f1_exact, Score::Value(1.0));
            prop_assert_eq!(p.span_f1_overlap, Score::Value(1.0));
            prop_assert_eq!(p.span_f1_unlabeled_overlap, Score::Value(1.0));
            prop_assert!(is_one_or_undefined(p.source_agreement));
            for l in p.per_label.values() {
                prop_assert_eq!(l.f1_exact, Score::Value(1.0));
            }
        }
        prop_assert!(is_one_or_undefined(r.fleiss_kappa));
        prop_assert!(is_one_or_undefined(r.krippendorff_alpha));
        prop_assert!(is_one_or_undefined(r.alpha_u.overall), "{:?}", r.alpha_u.overall);
        for s in r.alpha_u.per_stance.values() {
            prop_assert!(is_one_or_undefined(*s));
        }
    }

    #[test]
    fn symmetric_in_the_pair((docs, raw) in study()) {
        let sets: Vec<Vec<AnnotationSet>> = ["a", "b", "c"]
            .iter()
            .enumerate()
            .map(|(r, name)| docs.iter().enumerate().map(|(d, doc)| build(doc, name, &raw[r][d])).collect())
            .collect();
        let ab = report(&docs, &sets, &[0, 1]);
        let ba = report(&docs, &sets, &[1, 0]);
        let (x, y) = (&ab.pairs[0], &ba.pairs[0]);
        // Sums taken in another order may differ in the last bits.
        let close = |p: Score, q: Score| match (p, q) {
            (Score::Value(p), Score::Value(q)) => (p - q).abs() < 1e-9,
            (p, q) => p == q,
        };
        prop_assert!(close(x.cohen_kappa, y.cohen_kappa));
        prop_assert_eq!(x.span_f1_exact, y.span_f1_exact);
        prop_assert_eq!(x.span_f1_overlap, y.span_f1_overlap);
        prop_assert_eq!(x.span_f1_unlabeled_overlap, y.span_f1_unlabeled_overlap);
        prop_assert_eq!(&x.per_label, &y.per_label);
        prop_assert!(close(ab.krippendorff_alpha, ba.krippendorff_alpha));
        prop_assert!(close(ab.fleiss_kappa, ba.fleiss_kappa));
        prop_assert!(close(ab.alpha_u.overall, ba.alpha_u.overall));
        // Three annotators in any order: the same Fleiss' κ and α.
        let abc = report(&docs, &sets, &[0, 1, 2]);
        let cab = report(&docs, &sets, &[2, 0, 1]);
        prop_assert!(close(abc.fleiss_kappa, cab.fleiss_kappa));
        prop_assert!(close(abc.krippendorff_alpha, cab.krippendorff_alpha));
        prop_assert!(close(abc.alpha_u.overall, cab.alpha_u.overall));
        // Rotated, the annotators meet the stances in another order: per stance the same too.
        prop_assert_eq!(abc.alpha_u.per_stance.len(), cab.alpha_u.per_stance.len());
        for (stance, a) in &abc.alpha_u.per_stance {
            prop_assert!(close(*a, cab.alpha_u.per_stance[stance]), "alpha_U of {}", stance);
        }
    }

    /// Nothing but the annotations decides a figure: not the order in which documents are given,
    /// nor each annotator's entity list and entity ids (private to each file). Frames reach the
    /// measures in canonical order whatever order they are given in, which is checked too.
    ///
    /// Documents renamed so that `agree` (which takes them in id order) meets them in reverse
    /// give the same figures too, except α_U: it treats the documents as one continuum in id
    /// order, as DKPro Statistics and INCEpTION do, so a gap at the end of one document runs on
    /// into the next, and the gaps' lengths, hence α_U, depend on that order.
    #[test]
    fn order_of_documents_and_entities_does_not_matter((docs, raw) in study()) {
        let n = docs.len();
        let sets: Vec<Vec<AnnotationSet>> = ["a", "b", "c"]
            .iter()
            .enumerate()
            .map(|(r, name)| docs.iter().enumerate().map(|(d, doc)| build(doc, name, &raw[r][d])).collect())
            .collect();
        let forward = report(&docs, &sets, &[0, 1, 2]);
        let entities = [
            EntityIds { ids: ["e1", "e2"], israel_first: true },
            EntityIds { ids: ["e2", "e1"], israel_first: true },
            EntityIds { ids: ["e2", "e1"], israel_first: false },
        ];
        // Document d renamed `names(d)`, the list reversed; each annotator names and lists the
        // entities in their own way.
        let permute = |names: &dyn Fn(usize) -> String| {
            let docs: Vec<Document> = docs
                .iter()
                .enumerate()
                .map(|(d, doc)| Document::new(names(d), doc.text.as_str()))
                .rev()
                .collect();
            let sets: Vec<Vec<AnnotationSet>> = ["a", "b", "c"]
                .iter()
                .enumerate()
                .map(|(r, name)| {
                    docs.iter()
                        .enumerate()
                        .map(|(k, doc)| build_with(doc, name, &raw[r][n - 1 - k], entities[r]))
                        .collect()
                })
                .collect();
            (docs, sets)
        };

        // Given in reverse, same ids: the same report, α_U and per-document figures included.
        let (given_docs, given_sets) = permute(&|d| format!("doc{d}"));
        for (per_doc, original) in given_sets.iter().zip(&sets) {
            for (s, o) in per_doc.iter().zip(original.iter().rev()) {
                let mut reversed = s.clone();
                reversed.set_frames(s.frames().iter().rev().cloned().collect());
                prop_assert_eq!(reversed.frames(), s.frames(), "frames are kept in canonical order");
                let claims = |s: &AnnotationSet| -> Vec<(Span, String)> {
                    s.frames().iter().map(|f| (f.claim.extent(), f.stance.clone())).collect()
                };
                prop_assert_eq!(claims(s), claims(o));
            }
        }
        let given = report(&given_docs, &given_sets, &[0, 1, 2]);
        let (f, g) = (
            serde_json::to_value(&forward).unwrap(),
            serde_json::to_value(&given).unwrap(),
        );
        prop_assert!(json_close(&f, &g), "forward {f:#}\ngiven in reverse {g:#}");
        prop_assert_eq!(&forward.per_document, &given.per_document);

        // Renamed so that they are processed in reverse: the same figures but α_U, and the
        // per-document figures listed under the new names in reverse.
        let (renamed_docs, renamed_sets) = permute(&|d| format!("doc{}", n - 1 - d));
        let renamed = report(&renamed_docs, &renamed_sets, &[0, 1, 2]);
        let mut r = serde_json::to_value(&renamed).unwrap();
        let mut f = f;
        for v in [&mut f, &mut r] {
            v.as_object_mut().unwrap().remove("alpha_u");
        }
        prop_assert!(json_close(&f, &r), "forward {f:#}\nprocessed in reverse {r:#}");
        prop_assert_eq!(renamed.per_document.len(), n);
        for (d, x) in forward.per_document.iter().enumerate() {
            let y = &renamed.per_document[n - 1 - d];
            prop_assert_eq!(&y.id, &format!("doc{}", n - 1 - d));
            prop_assert_eq!((x.units, &x.claims), (y.units, &y.claims));
            let scores = |a: &stancemark::review::agreement::DocumentAgreement| {
                let mut v = a.cohen_kappa.clone();
                v.extend(&a.span_f1_overlap);
                v.push(a.fleiss_kappa);
                serde_json::to_value(v).unwrap()
            };
            prop_assert!(json_close(&scores(x), &scores(y)), "document {}", d);
        }
    }
}

/// Equal JSON, numbers up to the last bits that a different summation order changes.
fn json_close(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() < 1e-9
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_close(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, x), (ky, y))| kx == ky && json_close(x, y))
        }
        _ => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn identical_sets_have_no_disagreements_and_auto_accept_takes_all((docs, raw) in study()) {
        use stancemark::model::History;
        use stancemark::review::{auto_accept, disagreements};
        for (d, doc) in docs.iter().enumerate() {
            let sets: Vec<AnnotationSet> = ["a", "b", "c"].iter().map(|n| build(doc, n, &raw[0][d])).collect();
            let refs: Vec<&AnnotationSet> = sets.iter().collect();
            prop_assert!(disagreements(&refs).is_empty());
            let mut gold = AnnotationSet::new(&doc.id, "gold", Schema::default_news().reference());
            let step = auto_accept(&refs, &gold, 3, "x");
            prop_assert_eq!(step.accepted, sets[0].frames().len());
            prop_assert_eq!(step.conflicts, 0);
            let mut history = History::default();
            history.apply(&mut gold, step.transaction).unwrap();
            prop_assert_eq!(gold.frames().len(), sets[0].frames().len());
            history.undo(&mut gold).unwrap();
            prop_assert!(gold.frames().is_empty() && gold.entities.is_empty());
        }
    }

    #[test]
    fn disagreements_are_symmetric_in_kind((docs, raw) in study()) {
        use stancemark::review::disagreements;
        for (d, doc) in docs.iter().enumerate() {
            let a = build(doc, "a", &raw[0][d]);
            let b = build(doc, "b", &raw[1][d]);
            let mut ab: Vec<_> = disagreements(&[&a, &b]).iter().map(|x| (x.span, x.kind)).collect();
            let mut ba: Vec<_> = disagreements(&[&b, &a]).iter().map(|x| (x.span, x.kind)).collect();
            ab.sort();
            ba.sort();
            prop_assert_eq!(ab, ba);
        }
    }
}
