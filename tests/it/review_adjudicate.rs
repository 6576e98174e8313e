//! Disagreement classification on one document, and adjudication into a gold set.

use stancemark::model::{AnnotationSet, Entity, Frame, History, Participant, Quote, Schema, Span};
use stancemark::review::adjudicate::{accept, auto_accept, reject, Method, Provenance};
use stancemark::review::disagreement::{disagreements, Kind};

const TEXT: &str = "Trump warned that Iran is not winning. Tehran denied any talks. \
Israel said 中国 stays out 😀. Netanyahu vowed to continue. Officials said talks resume.";

/// The code-point span of the first occurrence of `needle`.
fn at(needle: &str) -> Span {
    let byte = TEXT.find(needle).expect("needle in text");
    let start = TEXT[..byte].chars().count();
    Span::new(start, start + needle.chars().count())
}

fn q(needle: &str) -> Quote {
    Quote::new(at(needle), needle)
}

fn fr(
    id: &str,
    claim: &str,
    stance: &str,
    source: Option<(&str, &str)>,
    cue: Option<&str>,
) -> Frame {
    let mut f = Frame::new(id, q(claim), stance);
    f.source = source.map(|(text, entity)| Participant {
        span: Some(q(text)),
        entity: Some(entity.to_owned()),
    });
    f.cue = cue.map(q);
    f
}

fn set(annotator: &str, entities: &[(&str, &str)], frames: Vec<Frame>) -> AnnotationSet {
    let mut s = AnnotationSet::new("d", annotator, Schema::default_news().reference());
    s.entities = entities
        .iter()
        .map(|(id, name)| Entity::new(*id, *name, "person"))
        .collect();
    s.set_frames(frames);
    s
}

/// Three annotators who agree on the first claim, split 2:1 on the stance of the second, and
/// disagree in each of the other ways on the rest.
fn three() -> (AnnotationSet, AnnotationSet, AnnotationSet) {
    let trump = Some(("Trump", "e1"));
    let a = set(
        "alice",
        &[("e1", "Donald Trump"), ("e2", "Iran")],
        vec![
            fr(
                "f1",
                "Iran is not winning",
                "warning",
                trump,
                Some("warned"),
            ),
            fr(
                "f2",
                "any talks",
                "denial",
                Some(("Tehran", "e2")),
                Some("denied"),
            ),
            fr("f3", "中国 stays out", "report", None, Some("said")),
            fr("f4", "to continue", "threat", None, Some("vowed")),
            fr("f5", "talks resume", "report", None, Some("said")),
        ],
    );
    // bob: same as alice except f4's boundary and f5's cue; entity ids differ, names match.
    let b = set(
        "bob",
        &[("e9", "donald trump"), ("e8", "Iran")],
        vec![
            fr(
                "f1",
                "Iran is not winning",
                "warning",
                Some(("Trump", "e9")),
                Some("warned"),
            ),
            fr(
                "f2",
                "any talks",
                "denial",
                Some(("Tehran", "e8")),
                Some("denied"),
            ),
            fr("f3", "中国 stays out", "report", None, Some("said")),
            fr("f4", "vowed to continue", "threat", None, Some("vowed")),
            fr("f5", "talks resume", "report", None, None),
        ],
    );
    // carol: agrees on f1, gives f2 another stance, misses f3, f4 and f5.
    let c = set(
        "carol",
        &[("e1", "Donald Trump"), ("e2", "Iran")],
        vec![
            fr(
                "f1",
                "Iran is not winning",
                "warning",
                trump,
                Some("warned"),
            ),
            fr(
                "f2",
                "any talks",
                "report",
                Some(("Tehran", "e2")),
                Some("denied"),
            ),
        ],
    );
    (a, b, c)
}

#[test]
fn disagreements_are_classified_and_sorted_by_position() {
    let (a, b, c) = three();
    let list = disagreements(&[&a, &b]);
    let kinds: Vec<(Kind, Vec<&str>)> = list
        .iter()
        .map(|d| (d.kind, d.differences.attribution_fields()))
        .collect();
    assert_eq!(
        kinds,
        vec![(Kind::Boundary, vec![]), (Kind::Attribution, vec!["cue"])],
        "f1–f3 agree exactly (entities by name); f4 boundary; f5 cue"
    );
    assert_eq!(list[0].span, at("vowed to continue"));
    assert_eq!(list[0].frames, vec![(0, 3), (1, 3)]);

    let list = disagreements(&[&a, &b, &c]);
    let summary: Vec<(Kind, Span, Vec<usize>)> = list
        .iter()
        .map(|d| (d.kind, d.span, d.missing_from.clone()))
        .collect();
    assert_eq!(
        summary,
        vec![
            (Kind::Stance, at("any talks"), vec![]),
            (Kind::Missing, at("中国 stays out"), vec![2]),
            (Kind::Missing, at("vowed to continue"), vec![2]),
            (Kind::Missing, at("talks resume"), vec![2]),
        ]
    );
    assert!(
        list[2].differences.boundary,
        "missing and boundary both recorded"
    );
    assert!(list[3].differences.cue);
    // Sorted by position.
    assert!(list.windows(2).all(|w| w[0].span.start <= w[1].span.start));
}

#[test]
fn auto_accept_is_one_undoable_step_with_provenance() {
    let (a, b, c) = three();
    let sets = [&a, &b, &c];
    let mut gold = AnnotationSet::new("d", "gold", Schema::default_news().reference());
    let mut history = History::default();

    let step = auto_accept(&sets, &gold, 2, "dana");
    // f1 (3 agree), f2 (alice+bob), f3 (alice+bob); f4 differs in boundary, f5 in cue.
    assert_eq!(step.accepted, 3);
    assert_eq!(step.already_in_gold, 0);
    assert_eq!(
        step.conflicts, 2,
        "f4 and f5 remain; f2's stance conflict is resolved"
    );
    history.apply(&mut gold, step.transaction).unwrap();
    assert_eq!(gold.frames().len(), 3);
    let ids: Vec<&str> = gold.frames().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["f1", "f2", "f3"]);
    // Entities came along, matched by name: one "Donald Trump", one "Iran".
    let names: Vec<&str> = gold.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Donald Trump", "Iran"]);
    let f1 = &gold.frames()[0];
    assert_eq!(f1.source.as_ref().unwrap().entity.as_deref(), Some("e1"));
    let p = Provenance::of(f1).unwrap().unwrap();
    assert_eq!(p.method, Method::Auto);
    assert_eq!(p.adjudicator, "dana");
    let agreed: Vec<(&str, &str)> = p
        .agreed
        .iter()
        .map(|o| (o.annotator.as_str(), o.frame.as_str()))
        .collect();
    assert_eq!(agreed, [("alice", "f1"), ("bob", "f1"), ("carol", "f1")]);
    let p2 = Provenance::of(&gold.frames()[1]).unwrap().unwrap();
    assert_eq!(p2.agreed.len(), 2);

    // Running it again adds nothing.
    let again = auto_accept(&sets, &gold, 2, "dana");
    assert_eq!((again.accepted, again.already_in_gold), (0, 3));
    assert!(again.transaction.is_empty());

    // One undo removes everything the step added, entities included.
    history.undo(&mut gold).unwrap();
    assert!(gold.frames().is_empty() && gold.entities.is_empty());
}

#[test]
fn unanimity_and_competing_versions() {
    let (a, b, c) = three();
    let gold = AnnotationSet::new("d", "gold", Schema::default_news().reference());
    assert_eq!(auto_accept(&[&a, &b, &c], &gold, 3, "x").accepted, 1);
    // With K = 1, f2's two versions (denial by two, report by one) both qualify: left alone.
    let k1 = auto_accept(&[&a, &c], &gold, 1, "x");
    let added: Vec<String> = k1
        .transaction
        .ops
        .iter()
        .filter_map(|op| match op {
            stancemark::model::Op::AddFrame(f) => Some(f.claim.first().text.clone()),
            _ => None,
        })
        .collect();
    assert!(!added.contains(&"any talks".to_owned()), "{added:?}");
    assert!(
        added.contains(&"talks resume".to_owned()),
        "uncontested frames are taken"
    );
}

#[test]
fn via_is_repointed_to_the_gold_frame() {
    let outer = fr("f1", "Netanyahu vowed to continue", "report", None, None);
    let mut inner = fr("f2", "to continue", "threat", None, Some("vowed"));
    inner.via = Some("f1".into());
    let mut inner_b = inner.clone();
    inner_b.id = "f7".into();
    inner_b.via = Some("f3".into());
    let mut outer_b = outer.clone();
    outer_b.id = "f3".into();
    let a = set("alice", &[], vec![outer, inner]);
    let b = set("bob", &[], vec![outer_b, inner_b]);
    let mut gold = AnnotationSet::new("d", "gold", Schema::default_news().reference());
    let existing = fr("f1", "Officials said talks resume", "report", None, None);
    gold.set_frames(vec![existing]);
    assert!(
        disagreements(&[&a, &b]).is_empty(),
        "via agrees through the alignment"
    );
    let step = auto_accept(&[&a, &b], &gold, 2, "x");
    step.transaction.apply(&mut gold).unwrap();
    let inner = gold
        .frames()
        .iter()
        .find(|f| f.claim.first().text == "to continue")
        .unwrap();
    let outer = gold
        .frames()
        .iter()
        .find(|f| f.claim.first().text.starts_with("Netanyahu"))
        .unwrap();
    assert_eq!(outer.id, "f2", "fresh ids after the existing f1");
    assert_eq!(inner.via.as_deref(), Some("f2"));
}

#[test]
fn manual_accept_and_reject() {
    let (a, b, c) = three();
    let sets = [&a, &b, &c];
    let mut gold = AnnotationSet::new("d", "gold", Schema::default_news().reference());
    let tx = accept(&sets, &gold, 2, "f2", None, "dana").unwrap();
    tx.apply(&mut gold).unwrap();
    let g = &gold.frames()[0];
    assert_eq!(g.stance, "report");
    let p = Provenance::of(g).unwrap().unwrap();
    assert_eq!(p.method, Method::Accepted);
    assert_eq!(p.agreed.len(), 1, "nobody else has carol's version");

    let mut edited = a.frames()[3].clone();
    edited.claim = q("vowed to continue");
    let tx = accept(&sets, &gold, 0, "f4", Some(&edited), "dana").unwrap();
    tx.apply(&mut gold).unwrap();
    let g = gold.frames().iter().find(|f| f.stance == "threat").unwrap();
    assert_eq!(g.claim.first().text, "vowed to continue");
    assert_eq!(Provenance::of(g).unwrap().unwrap().method, Method::Edited);

    assert!(accept(&sets, &gold, 5, "f1", None, "dana").is_err());
    assert!(accept(&sets, &gold, 0, "f99", None, "dana").is_err());
    let id = g.id.clone();
    reject(&gold, &id).unwrap().apply(&mut gold).unwrap();
    assert!(gold.frame(&id).is_none());
    assert!(reject(&gold, "f99").is_none());
}
