//! Unit tests of the registry search and of link plans.

use super::*;
use crate::model::{Entity, Participant, Quote, SchemaRef, Span};

fn registry() -> Registry {
    Registry::new(vec![
        CanonicalEntity::new("iran-fm", "Iran's Foreign Ministry", "government")
            .with_aliases(["Foreign Ministry of Iran"]),
        CanonicalEntity::new("trump", "Donald Trump", "person").with_aliases(["Trump"]),
        CanonicalEntity::new("israel", "Israel", "government"),
    ])
    .expect("valid")
}

/// A file with frame f1 whose source span is `source` (at 0..len in code points).
fn set(source: &str) -> AnnotationSet {
    let mut s = AnnotationSet::new(
        "d",
        "a",
        SchemaRef {
            id: "s".into(),
            version: "1".into(),
        },
    );
    let mut f = Frame::new("f1", Quote::new(Span::new(40, 50), "we condemn"), "condemn");
    f.source = Some(Participant {
        span: Some(Quote::new(Span::new(0, source.chars().count()), source)),
        entity: None,
    });
    s.set_frames(vec![f]);
    s
}

fn ids(m: &[RegistryMatch]) -> Vec<&str> {
    m.iter().map(|m| m.id.as_str()).collect()
}

#[test]
fn search_ranks_exact_prefix_contained_then_fuzzy() {
    let r = registry();
    assert_eq!(ids(&search(&r, "trump", 5)), ["trump"]);
    let m = search(&r, "trump", 5);
    assert_eq!((m[0].score, m[0].alias.as_deref()), (3.0, Some("Trump")));
    // A prefix of the name.
    assert_eq!(search(&r, "Isr", 5)[0].id, "israel");
    assert_eq!(search(&r, "Isr", 5)[0].score, 2.0);
    // Contained in an alias only: the alias is named.
    let m = search(&r, "ministry of ir", 5);
    assert_eq!(ids(&m), ["iran-fm"]);
    assert_eq!(m[0].alias.as_deref(), Some("Foreign Ministry of Iran"));
    // Misspelt: "Foriegn Minsitry of Iran" is two transpositions from the alias.
    let m = search(&r, "Foriegn Minsitry of Iran", 5);
    assert_eq!(ids(&m), ["iran-fm"]);
    assert_eq!(m[0].alias.as_deref(), Some("Foreign Ministry of Iran"));
    // The key form: "the Iranian…" is not Iran's, but the key of "Iran foreign ministry" is.
    assert_eq!(search(&r, "Iran foreign ministry", 5)[0].score, 3.0);
    assert!(search(&r, "Hezbollah", 5).is_empty());
    assert!(search(&r, "  ", 5).is_empty());
}

#[test]
fn search_is_limited_and_ties_go_by_name() {
    let r = registry();
    // "r" is inside every name and none starts with it: 1.5 each, so by name.
    let m = search(&r, "r", 2);
    assert_eq!(ids(&m), ["trump", "iran-fm"]);
}

#[test]
fn linking_an_existing_entity_adds_the_copy_and_the_new_surface_as_alias() {
    let r = registry();
    let s = set("the Iranian foreign ministry");
    let plan = plan_link(
        &s,
        &r,
        "f1",
        SpanRole::Source,
        &LinkTarget::Existing("iran-fm".into()),
    )
    .unwrap();
    assert_eq!(
        plan.alias_added.as_deref(),
        Some("the Iranian foreign ministry")
    );
    let reg = plan.registry.expect("an alias was added");
    assert_eq!(
        reg.get("iran-fm").unwrap().aliases,
        ["Foreign Ministry of Iran", "the Iranian foreign ministry"]
    );
    let mut after = s.clone();
    plan.transaction.apply(&mut after).unwrap();
    assert_eq!(
        after.entities,
        [Entity::new(
            "iran-fm",
            "Iran's Foreign Ministry",
            "government"
        )]
    );
    let f = after.frame("f1").unwrap();
    assert_eq!(
        f.source.as_ref().unwrap().entity.as_deref(),
        Some("iran-fm")
    );
    assert_eq!(
        plan.transaction.description,
        "link source of f1 to Iran's Foreign Ministry"
    );
}

#[test]
fn a_known_surface_adds_no_alias_and_leaves_the_registry() {
    let r = registry();
    // "Foreign Ministry of Iran" has the key of the name: already a name.
    let plan = plan_link(
        &set("Foreign Ministry of Iran"),
        &r,
        "f1",
        SpanRole::Source,
        &LinkTarget::Existing("iran-fm".into()),
    )
    .unwrap();
    assert_eq!((plan.registry, plan.alias_added), (None, None));
}

#[test]
fn a_surface_naming_another_entity_is_not_an_alias() {
    let plan = plan_link(
        &set("Trump"),
        &registry(),
        "f1",
        SpanRole::Source,
        &LinkTarget::Existing("israel".into()),
    )
    .unwrap();
    assert!(plan.registry.is_none());
    assert!(plan.alias_refused.unwrap().contains("\"trump\""));
}

#[test]
fn a_new_entity_gets_a_fresh_id_and_its_surface() {
    let plan = plan_link(
        &set("Tehran's diplomats"),
        &registry(),
        "f1",
        SpanRole::Source,
        &LinkTarget::New {
            name: " Iranian diplomats ".into(),
            kind: "group".into(),
        },
    )
    .unwrap();
    assert!(plan.created);
    assert_eq!(plan.entity, "iranian-diplomats");
    let reg = plan.registry.unwrap();
    let e = reg.get("iranian-diplomats").unwrap();
    assert_eq!(
        (e.name.as_str(), e.kind.as_str()),
        ("Iranian diplomats", "group")
    );
    assert_eq!(e.aliases, ["Tehran's diplomats"]);
    // A taken name is refused, naming the holder.
    let err = plan_link(
        &set("x"),
        &registry(),
        "f1",
        SpanRole::Source,
        &LinkTarget::New {
            name: "trump".into(),
            kind: "person".into(),
        },
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"trump\" is already a name or alias of entity \"trump\""
    );
}

#[test]
fn a_per_file_entity_with_the_registry_id_is_not_overwritten() {
    let mut s = set("Israel");
    s.set_entities(vec![Entity::new("israel", "Israeli army", "military")]);
    let err = plan_link(
        &s,
        &registry(),
        "f1",
        SpanRole::Source,
        &LinkTarget::Existing("israel".into()),
    )
    .unwrap_err();
    assert!(matches!(err, LinkError::IdClash { .. }), "{err}");
    // A stale copy of a registry link (an alias as its name) is refreshed, not refused.
    s.set_entities(vec![Entity::new("trump", "Trump", "person")]);
    let plan = plan_link(
        &s,
        &registry(),
        "f1",
        SpanRole::Target,
        &LinkTarget::Existing("trump".into()),
    )
    .unwrap();
    assert!(matches!(
        &plan.transaction.ops[0],
        Op::UpdateEntity { new, .. } if new.name == "Donald Trump"
    ));
}
