//! The merge of whole files: determinism, refused inputs, project settings, registries,
//! conflicts merged again, split quotes.

use super::*;

fn native_text(f: &NativeFile) -> String {
    crate::io::native::to_string(&f.document, &f.annotations)
}

const ORIGINS: Origins = Origins {
    base: "BASE",
    ours: "OURS",
    theirs: "THEIRS",
};

#[test]
fn merged_files_are_deterministic_and_load() {
    let b = base();
    let o = edit(&b, |f| restance(f, "f2", "accusation"));
    let t = edit(&b, |f| restance(f, "f2", "support"));
    let (bt, ot, tt) = (native_text(&b), native_text(&o), native_text(&t));
    let kind = FileKind::detect(None, &ot).unwrap();
    assert_eq!(kind, FileKind::Annotations);
    let one = merge_texts(kind, &bt, &ot, &tt, ORIGINS).unwrap();
    let two = merge_texts(kind, &bt, &ot, &tt, ORIGINS).unwrap();
    assert_eq!(one, two);
    assert_eq!(one.conflicts.len(), 1);
    let loaded = crate::io::native::parse(&one.text, "merged").unwrap();
    assert_eq!(
        native_text(&loaded),
        one.text,
        "a round trip keeps every byte"
    );
    assert!(
        one.text.contains("\"conflict\": {\n        \"base\": {"),
        "{}",
        one.text
    );

    // Merging a side with itself gives that side, byte for byte.
    let same = merge_texts(kind, &bt, &ot, &ot, ORIGINS).unwrap();
    assert_eq!(same.text, ot);
}

#[test]
fn inputs_that_are_not_stancemark_files_are_refused() {
    let e = FileKind::detect(Some("notes/todo.json"), "{\"format\": \"other/1\"}").unwrap_err();
    assert!(e.to_string().contains("found format \"other/1\""), "{e}");
    let ot = native_text(&base());
    let e = merge_texts(
        FileKind::Annotations,
        "",
        &ot,
        "{\"format\": \"stancemark/1\",",
        ORIGINS,
    )
    .unwrap_err()
    .to_string();
    assert!(e.starts_with("THEIRS:1:"), "{e}");
}

#[test]
fn project_settings_merge_structurally_or_refuse() {
    let project = |stances: serde_json::Value, name: &str| {
        let mut schema = serde_json::to_value(Schema::default_news()).unwrap();
        schema["stances"] = stances;
        serde_json::to_string_pretty(&json!({
            "format": "stancemark-project/1", "name": name, "schema": schema
        }))
        .unwrap()
    };
    let stances = serde_json::to_value(Schema::default_news().stances).unwrap();
    let with = |id: &str, hotkey: Option<&str>| {
        let mut s = stances.clone();
        s.as_array_mut().unwrap().push(json!({
            "id": id, "name": id, "color": "#123456", "hotkey": hotkey, "guideline": ""
        }));
        s
    };
    let b = project(stances.clone(), "p");
    let o = project(with("rumour", None), "p");
    let t = project(stances.clone(), "team p");
    let kind = FileKind::detect(Some("proj/stancemark.json"), &o).unwrap();
    assert_eq!(kind, FileKind::Project);
    let m = merge_texts(kind, &b, &o, &t, ORIGINS).unwrap();
    let v: serde_json::Value = serde_json::from_str(&m.text).unwrap();
    assert_eq!(v["name"], "team p");
    assert_eq!(
        v["schema"]["stances"].as_array().unwrap().last().unwrap()["id"],
        "rumour"
    );

    // Two new stances on the same hotkey would make settings that do not open.
    let hotkey = Schema::default_news().stances[0].hotkey.clone().unwrap();
    let t = project(with("gossip", Some(&hotkey)), "p");
    let e = merge_texts(kind, &b, &o, &t, ORIGINS)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("the merged settings are not valid"), "{e}");

    let t = project(stances, "other name");
    let o = project(
        serde_json::to_value(Schema::default_news().stances).unwrap(),
        "mine",
    );
    let e = merge_texts(kind, &b, &o, &t, ORIGINS)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "name was changed differently on both sides, and this file cannot keep two versions: \
         resolve it by hand"
    );
}

#[test]
fn conflicts_are_kept_when_merged_again() {
    // A file committed with an unresolved conflict, merged with a change to another frame:
    // the mark stays, and it is not a new conflict of this merge.
    let b = base();
    let o = edit(&b, |f| restance(f, "f2", "accusation"));
    let t = edit(&b, |f| restance(f, "f2", "support"));
    let first = merge(Some(&b), &o, &t);
    let mut marked = b.clone();
    marked.annotations = first.set.clone();
    let t2 = edit(&marked, |f| restance(f, "f3", "threat"));
    let m = merge(Some(&marked), &marked, &t2);
    assert!(m.conflicts.is_empty());
    assert!(frame_conflict(m.set.frame("f2").unwrap()).is_some());
    assert_eq!(m.set.frame("f3").unwrap().stance, "threat");
}

#[test]
fn what_either_version_of_a_conflict_links_is_kept() {
    // Ours links f2 to e1; theirs changes f2's stance and deletes e1, which nothing of theirs
    // links. Whichever side is ours, taking the linking version later must find e1.
    let b = base();
    let o = edit(&b, |f| {
        f[1].target = Some(Participant {
            span: None,
            entity: Some("e1".into()),
        });
    });
    let mut t = edit(&b, |f| {
        restance(f, "f2", "accusation");
        f[0].source.as_mut().unwrap().entity = None;
    });
    t.annotations.set_entities(Vec::new());
    // (Theirs' unlinking of f1, which ours did not touch, merges cleanly.)
    for (ours, theirs, entity) in [
        (
            &o,
            &t,
            "entity e1: deleted in theirs, still referred to in ours",
        ),
        (
            &t,
            &o,
            "entity e1: deleted in ours, still referred to in theirs",
        ),
    ] {
        let m = merge(Some(&b), ours, theirs);
        let listed: Vec<String> = m.conflicts.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            listed,
            vec![entity, "frame f2: changed differently on both sides"]
        );
        assert_eq!(
            m.set.frame("f1").unwrap().source.as_ref().unwrap().entity,
            None
        );
    }
}

#[test]
fn split_quotes_are_matched_by_all_their_fragments_and_kept_in_conflicts() {
    // "Iran is" + "winning": one claim of two fragments, created on both sides under
    // different ids; theirs has another frame on "Iran is" alone, which is a different claim.
    let split = || {
        crate::model::Quote::of_text(
            &Document::new("d", TEXT).text,
            &[Span::new(14, 21), Span::new(26, 33)],
        )
        .unwrap()
    };
    let b = base();
    let o = edit(&b, |f| f.push(Frame::new("f4", split(), "warning")));
    let t = edit(&b, |f| {
        f.push(Frame::new("f8", split(), "threat"));
        f.push(frame("f9", (14, 21), "threat"));
    });
    let m = merge(Some(&b), &o, &t);
    assert_eq!(
        m.conflicts
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
        vec!["frame f4: added on both sides differently"]
    );
    assert_eq!(m.frame_renames.get("f8").map(String::as_str), Some("f4"));
    assert!(m.set.frame("f9").is_some());
    let text = crate::io::native::to_string(&Document::new("d", TEXT), &m.set);
    assert!(
        text.contains(
            "\"theirs\": {\n          \"id\": \"f4\",\n          \"claim\": {\n            \
             \"fragments\": ["
        ),
        "{text}"
    );
    let back = crate::io::native::parse(&text, "merged").unwrap();
    let c = frame_conflict(back.annotations.frame("f4").unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(c.theirs.unwrap().claim, split());
}

const REGISTRY_BASE: &str = r#"{
  "format": "stancemark-entities/1",
  "entities": [
    {"id": "iran-fm", "name": "Iran's Foreign Ministry", "kind": "government"},
    {"id": "israel", "name": "Israel", "kind": "country", "aliases": ["State of Israel"]}
  ]
}
"#;

#[test]
fn registries_merge_entity_by_entity_into_their_canonical_form() {
    // Ours adds an alias to iran-fm; theirs adds an entity and an alias of Israel.
    let ours = REGISTRY_BASE.replace(
        r#""kind": "government"}"#,
        r#""kind": "government", "aliases": ["Foreign Ministry of Iran"]}"#,
    );
    let theirs = REGISTRY_BASE
        .replace(r#"["State of Israel"]"#, r#"["State of Israel", "Israeli government"]"#)
        .replace(
            "  ]\n}",
            "    ,{\"id\": \"araghchi\", \"name\": \"Abbas Araghchi\", \"kind\": \"person\"}\n  ]\n}",
        );
    let kind = FileKind::detect(Some("p/entities.json"), &ours).unwrap();
    assert_eq!(kind, FileKind::Registry);
    let m = merge_texts(kind, REGISTRY_BASE, &ours, &theirs, ORIGINS).unwrap();
    assert_eq!(
        m.text,
        r#"{
  "format": "stancemark-entities/1",
  "entities": [
    {
      "id": "araghchi",
      "name": "Abbas Araghchi",
      "kind": "person"
    },
    {
      "id": "iran-fm",
      "name": "Iran's Foreign Ministry",
      "kind": "government",
      "aliases": [
        "Foreign Ministry of Iran"
      ]
    },
    {
      "id": "israel",
      "name": "Israel",
      "kind": "country",
      "aliases": [
        "Israeli government",
        "State of Israel"
      ]
    }
  ]
}
"#
    );
}

#[test]
fn a_merged_registry_that_breaks_its_rules_is_refused() {
    // Both sides give the alias "Tehran" to a different entity.
    let ours = REGISTRY_BASE.replace(
        r#""kind": "government"}"#,
        r#""kind": "government", "aliases": ["Tehran"]}"#,
    );
    let theirs =
        REGISTRY_BASE.replace(r#"["State of Israel"]"#, r#"["State of Israel", "Tehran"]"#);
    let e = merge_texts(FileKind::Registry, REGISTRY_BASE, &ours, &theirs, ORIGINS)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("the merged registry would not be valid: ") && e.contains("Tehran"),
        "{e}"
    );
}

#[test]
fn an_entity_id_from_the_registry_is_one_entity_on_both_sides() {
    // Both sides link a frame to the registry's iran-fm, copying it under two of its names:
    // one entity (a conflict on the name), not a renamed copy that would leave the registry.
    let b = base();
    let add = |name: &str| {
        let mut f = b.clone();
        let mut entities = f.annotations.entities.clone();
        entities.push(Entity::new("iran-fm", name, "government"));
        f.annotations.set_entities(entities);
        f
    };
    let m = merge(
        Some(&b),
        &add("Iran's Foreign Ministry"),
        &add("Foreign Ministry of Iran"),
    );
    assert!(m.entity_renames.is_empty());
    assert_eq!(
        m.conflicts
            .iter()
            .map(|c| c.to_string())
            .collect::<Vec<_>>(),
        vec!["entity iran-fm: added on both sides differently"]
    );
}
