//! Unit tests of the registry invariants and changes.

use super::*;

fn sample() -> Registry {
    Registry::new(vec![
        CanonicalEntity::new("iran-fm", "Iran's Foreign Ministry", "government")
            .with_aliases(["Tehran", "Foreign Ministry of Iran"]),
        CanonicalEntity::new("trump", "Donald Trump", "person").with_aliases(["Trump"]),
        CanonicalEntity::new("israel", "Israel", "government"),
    ])
    .expect("valid")
}

fn messages(entities: Vec<CanonicalEntity>) -> Vec<String> {
    Registry::problems(&entities)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn canonical_order_and_lookups() {
    let r = sample();
    let ids: Vec<&str> = r.entities().iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["iran-fm", "israel", "trump"]);
    assert_eq!(
        r.get("iran-fm").unwrap().aliases,
        ["Foreign Ministry of Iran", "Tehran"]
    );
    assert_eq!(
        r.by_name("the foreign ministry of Iran").unwrap().id,
        "iran-fm"
    );
    assert_eq!(r.by_name("TRUMP").unwrap().id, "trump");
    assert_eq!(r.resolve("israel").unwrap().name, "Israel");
    assert_eq!(r.resolve("Donald Trump").unwrap().id, "trump");
    assert!(r.resolve("Iraq").is_none());
}

#[test]
fn links_need_the_id_and_a_name_of_that_entity() {
    let r = sample();
    assert!(r.links(&Entity::new("trump", "Trump", "person")).is_some());
    assert!(r
        .links(&Entity::new("trump", "Donald Trump", "x"))
        .is_some());
    // A per-file id that happens to be a registry id, with another name: not linked.
    assert!(r
        .links(&Entity::new("israel", "Donald Trump", "person"))
        .is_none());
    assert!(r
        .links(&Entity::new("e1", "Israel", "government"))
        .is_none());
}

#[test]
fn each_broken_invariant_is_reported_with_its_place() {
    let m = messages(vec![
        CanonicalEntity::new("iran", "Iran", "government").with_aliases(["Tehran"]),
        CanonicalEntity::new("iran", "Islamic Republic", "government"),
        CanonicalEntity::new("irgc", "IRGC", "group").with_aliases(["Tehran", "iran"]),
        CanonicalEntity::new("bad id", "THE IRGC", "group"),
        CanonicalEntity::new("", " ", "group"),
    ]);
    assert_eq!(
        m,
        [
            "entity #2 \"iran\": duplicate id (first used by entity #1)",
            "entity #3 \"irgc\": alias \"Tehran\" is also an alias (\"Tehran\") of entity #1 \"iran\"",
            "entity #3 \"irgc\": alias \"iran\" is the name \"Iran\" of entity #1 \"iran\"",
            "entity #4 \"bad id\": id \"bad id\" has ' '; ids are letters, digits, '-', '_' and '.'",
            "entity #4 \"bad id\": name \"THE IRGC\" is the same name as \"IRGC\" of entity #3 \"irgc\"",
            "entity #5 \"\": empty id",
            "entity #5 \"\": blank name",
        ]
    );
}

#[test]
fn an_alias_may_share_its_own_entity_key() {
    assert!(messages(vec![CanonicalEntity::new(
        "iran-fm",
        "Iran's Foreign Ministry",
        "government"
    )
    .with_aliases(["Foreign Ministry of Iran"])])
    .is_empty());
}

#[test]
fn merge_moves_names_and_fills_gaps() {
    let mut r = sample();
    let mut tehran = CanonicalEntity::new("tehran-gov", "Iranian government", "government")
        .with_aliases(["the Iranian leadership"]);
    tehran.url = Some("https://www.wikidata.org/wiki/Q794".into());
    r.insert(tehran).unwrap();
    let dropped = r.merge("iran-fm", "tehran-gov").unwrap();
    assert_eq!(dropped.id, "tehran-gov");
    let kept = r.get("iran-fm").unwrap();
    assert_eq!(
        kept.aliases,
        [
            "Foreign Ministry of Iran",
            "Iranian government",
            "Tehran",
            "the Iranian leadership"
        ]
    );
    assert_eq!(
        kept.url.as_deref(),
        Some("https://www.wikidata.org/wiki/Q794")
    );
    assert!(r.get("tehran-gov").is_none());
    assert_eq!(r.by_name("Iranian government").unwrap().id, "iran-fm");
    assert_eq!(
        r.merge("iran-fm", "iran-fm"),
        Err(RegistryError::SameEntity("iran-fm".into()))
    );
    assert_eq!(
        r.merge("iran-fm", "nobody"),
        Err(RegistryError::Unknown("nobody".into()))
    );
}

#[test]
fn rename_keeps_the_old_name_as_alias_and_refuses_taken_names() {
    let mut r = sample();
    r.rename("trump", "President Trump").unwrap();
    let t = r.get("trump").unwrap();
    assert_eq!(t.name, "President Trump");
    assert_eq!(t.aliases, ["Donald Trump", "Trump"]);
    let before = r.clone();
    assert_eq!(
        r.rename("israel", "Tehran"),
        Err(RegistryError::NameTaken {
            name: "Tehran".into(),
            holder: "iran-fm".into()
        })
    );
    assert_eq!(r, before, "a refused change changes nothing");
    // Renaming to one's own alias is fine: the alias becomes the name.
    r.rename("trump", "Trump").unwrap();
    assert_eq!(
        r.get("trump").unwrap().aliases,
        ["Donald Trump", "President Trump"]
    );
}

#[test]
fn aliases_are_checked_against_every_other_entity() {
    let mut r = sample();
    assert_eq!(r.add_alias("israel", "Jerusalem"), Ok(true));
    assert_eq!(r.add_alias("israel", "Jerusalem"), Ok(false));
    assert_eq!(
        r.add_alias("israel", "the Tehran"),
        Err(RegistryError::NameTaken {
            name: "the Tehran".into(),
            holder: "iran-fm".into()
        })
    );
    assert!(matches!(
        r.add_alias("nobody", "x"),
        Err(RegistryError::Unknown(_))
    ));
    assert!(matches!(
        r.insert(CanonicalEntity::new("dt", "donald trump", "person")),
        Err(RegistryError::NameTaken { .. })
    ));
}

#[test]
fn fresh_ids_are_slugs_made_unique() {
    let r = sample();
    assert_eq!(
        r.fresh_id("Iran's Foreign Ministry"),
        "irans-foreign-ministry"
    );
    assert_eq!(r.fresh_id("Israel"), "israel-2");
    assert_eq!(r.fresh_id("U.S. State Dept."), "us-state-dept");
    assert_eq!(r.fresh_id("東京 (Tokyo)"), "東京-tokyo");
    assert_eq!(r.fresh_id("—"), "entity");
    assert_eq!(id_problem(&r.fresh_id("Re\u{301}sume\u{301} office")), None);
}
