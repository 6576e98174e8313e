//! The registry in a project: adopting per-file entities, merging, renaming, aliases; every
//! change all or nothing with one write per file; what `check` reports.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use stancemark::corpus::relink::{plan_adopt, plan_change, FileRef, Found};
use stancemark::model::{AnnotationSet, CanonicalEntity, Entity, Registry};
use stancemark::project::{Project, ProjectError};

use super::fixture::{self, frame, D1, D2, P};

/// Every file of the project folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, &mut out);
    out
}

/// A project whose files still have per-file entities (ids e1, e2), and a registry that only
/// knows Kestria (alias "Kestrian government").
fn unadopted(dir: &Path) -> Project {
    let p = Project::init(dir, Some("adopt"), None).unwrap();
    let docs = fixture::documents();
    p.save_document(&docs[0]).unwrap();
    p.save_document(&docs[1]).unwrap();
    let schema = stancemark::model::Schema::default_news();
    let mut alice = AnnotationSet::new("d1", "alice", schema.reference());
    alice.set_entities(vec![
        Entity::new("e1", "Kestria", "government"),
        Entity::new("e2", "Ostland", "government"),
    ]);
    alice.set_frames(vec![
        frame(
            D1,
            "f1",
            "Ostland over the dam",
            "condemnation",
            P::E("e1"),
            P::E("e2"),
        ),
        frame(D1, "f2", "it", "denial", P::E("e2"), P::E("e1")),
    ]);
    let mut bob = AnnotationSet::new("d2", "bob", schema.reference());
    let mut ostland = Entity::new("e1", "Ostland", "government");
    ostland.extra.insert("wikidata".into(), "Q0".into());
    bob.set_entities(vec![
        ostland,
        Entity::new("e2", "the Kestrian government", "government"),
    ]);
    bob.set_frames(vec![frame(
        D2,
        "f2",
        "Kestria.",
        "warning",
        P::E("e1"),
        P::E("e2"),
    )]);
    p.save_annotations(&docs[0], &alice).unwrap();
    p.save_annotations(&docs[1], &bob).unwrap();
    let r = Registry::new(vec![CanonicalEntity::new(
        "kestria",
        "Kestria",
        "government",
    )
    .with_aliases(["Kestrian government"])])
    .unwrap();
    p.save_registry(&r, None).unwrap();
    p
}

fn adopt(p: &Project) -> Result<stancemark::project::CommitReport, ProjectError> {
    let (before, stamp) = p.load_registry_stamped().unwrap().unwrap();
    let files = p.load_linkable().unwrap();
    let sets: Vec<(FileRef, &AnnotationSet)> = files
        .iter()
        .map(|f| (f.file.clone(), &f.annotations))
        .collect();
    let (plan, _) = plan_adopt(&before, &sets).unwrap();
    p.commit_relink(&files, &before, &plan, Some(stamp))
}

#[test]
fn adopt_links_by_name_and_alias_and_makes_new_entries() {
    let dir = tempfile::tempdir().unwrap();
    let p = unadopted(dir.path());
    assert_eq!(
        p.check().unwrap().problems.len(),
        6,
        "e1/e2 links are not registry ids yet"
    );
    let (before, _) = p.load_registry_stamped().unwrap().unwrap();
    let files = p.load_linkable().unwrap();
    let sets: Vec<(FileRef, &AnnotationSet)> = files
        .iter()
        .map(|f| (f.file.clone(), &f.annotations))
        .collect();
    let (plan, report) = plan_adopt(&before, &sets).unwrap();
    assert_eq!(report.created, ["ostland"]);
    let found: Vec<(String, &str, &str, Found)> = report
        .adopted
        .iter()
        .map(|a| {
            (
                a.file.to_string(),
                a.was.as_str(),
                a.entity.as_str(),
                a.found,
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "annotations/alice/d1.json".to_owned(),
                "e1",
                "kestria",
                Found::Name
            ),
            (
                "annotations/bob/d2.json".to_owned(),
                "e2",
                "kestria",
                Found::Alias
            ),
            (
                "annotations/alice/d1.json".to_owned(),
                "e2",
                "ostland",
                Found::New
            ),
            (
                "annotations/bob/d2.json".to_owned(),
                "e1",
                "ostland",
                Found::New
            ),
        ]
    );
    assert_eq!(plan.files.len(), 2);
    let done = p
        .commit_relink(
            &files,
            &before,
            &plan,
            p.load_registry_stamped().unwrap().map(|(_, s)| s),
        )
        .unwrap();
    assert_eq!(done.files.len(), 2);
    assert_eq!(done.frames, 3);

    let alice = p.load_annotations("alice", "d1").unwrap().unwrap();
    let ids: Vec<&str> = alice.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["kestria", "ostland"]);
    let f1 = alice.frame("f1").unwrap();
    assert_eq!(
        f1.source.as_ref().unwrap().entity.as_deref(),
        Some("kestria")
    );
    assert_eq!(
        f1.target.as_ref().unwrap().entity.as_deref(),
        Some("ostland")
    );
    let bob = p.load_annotations("bob", "d2").unwrap().unwrap();
    let kestria = bob.entity("kestria").unwrap();
    assert_eq!(
        kestria.name, "Kestria",
        "the copy carries the registry name"
    );
    let ostland = bob.entity("ostland").unwrap();
    assert_eq!(
        ostland.extra["wikidata"], "Q0",
        "unknown fields of a per-file entity are kept"
    );
    let r = p.load_registry().unwrap().unwrap();
    assert_eq!(r.get("ostland").unwrap().extra["wikidata"], "Q0");
    assert_eq!(p.check().unwrap().problems, []);

    // Adopting again changes nothing.
    let snap = snapshot(dir.path());
    let done = adopt(&p).unwrap();
    assert_eq!((done.files.len(), done.registry), (0, false));
    assert_eq!(snapshot(dir.path()), snap);
}

#[test]
fn adopt_refuses_an_entity_without_a_name_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = unadopted(dir.path());
    let mut bob = p.load_annotations("bob", "d2").unwrap().unwrap();
    let mut e = bob.entities[1].clone();
    e.id = "e3".into();
    e.name = "  ".into();
    bob.entities.push(e);
    p.save_annotations(&p.load_document("d2").unwrap(), &bob)
        .unwrap();
    let snap = snapshot(dir.path());
    let (before, _) = p.load_registry_stamped().unwrap().unwrap();
    let files = p.load_linkable().unwrap();
    let sets: Vec<(FileRef, &AnnotationSet)> = files
        .iter()
        .map(|f| (f.file.clone(), &f.annotations))
        .collect();
    let err = plan_adopt(&before, &sets).unwrap_err();
    assert!(
        err.starts_with("annotations/bob/d2.json: entity e3 (\"  \"): "),
        "{err}"
    );
    assert!(err.contains("blank name"), "{err}");
    assert_eq!(snapshot(dir.path()), snap);
}

#[test]
fn a_file_changed_on_disk_stops_the_commit_and_written_files_are_restored() {
    let dir = tempfile::tempdir().unwrap();
    let p = unadopted(dir.path());
    let (before, stamp) = p.load_registry_stamped().unwrap().unwrap();
    let files = p.load_linkable().unwrap();
    let sets: Vec<(FileRef, &AnnotationSet)> = files
        .iter()
        .map(|f| (f.file.clone(), &f.annotations))
        .collect();
    let (plan, _) = plan_adopt(&before, &sets).unwrap();
    // Someone saves bob's file after it was read: alice's is written first, then bob's guard
    // stops the commit.
    let bob_path = p.annotation_path("bob", "d2").unwrap();
    let mut theirs = std::fs::read_to_string(&bob_path).unwrap();
    theirs = theirs.replace("\"status\": \"todo\"", "\"status\": \"in_progress\"");
    std::fs::write(&bob_path, &theirs).unwrap();
    let snap = snapshot(dir.path());
    let err = p
        .commit_relink(&files, &before, &plan, Some(stamp))
        .unwrap_err();
    assert!(matches!(err, ProjectError::ChangedOnDisk(_)), "{err}");
    assert_eq!(
        snapshot(dir.path()),
        snap,
        "alice's file was written back; nothing else changed"
    );
}

#[test]
fn merge_relinks_every_file_once_and_renames_keep_copies_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), true);
    let (before, stamp) = p.load_registry_stamped().unwrap().unwrap();
    let mut after = before.clone();
    after.merge("kestria", "kfm").unwrap();
    let files = p.load_linkable().unwrap();
    let sets: Vec<(FileRef, &AnnotationSet)> = files
        .iter()
        .map(|f| (f.file.clone(), &f.annotations))
        .collect();
    let plan = plan_change(
        &before,
        after,
        |id| (id == "kfm" || id == "kestria").then(|| "kestria".to_owned()),
        &sets,
    );
    // kfm is linked in bob/d1 and gold/d1 only.
    let changed: Vec<String> = plan
        .files
        .iter()
        .map(|(i, _)| files[*i].file.to_string())
        .collect();
    assert_eq!(changed, ["annotations/bob/d1.json", "gold/d1.json"]);
    let done = p
        .commit_relink(&files, &before, &plan, Some(stamp))
        .unwrap();
    assert_eq!((done.files.len(), done.frames), (2, 2));
    let bob = p.load_annotations("bob", "d1").unwrap().unwrap();
    assert_eq!(
        bob.frame("f3")
            .unwrap()
            .source
            .as_ref()
            .unwrap()
            .entity
            .as_deref(),
        Some("kestria")
    );
    let ids: Vec<&str> = bob.entities.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["kestria", "ostland"]);
    let r = p.load_registry().unwrap().unwrap();
    assert!(r.get("kfm").is_none());
    assert_eq!(
        r.get("kestria").unwrap().aliases,
        [
            "Foreign Ministry of Kestria",
            "Kestrian Foreign Ministry",
            "Kestrian government"
        ]
    );
    assert_eq!(p.check().unwrap().problems, []);

    // Rename: every copy of the entity follows, the old name stays an alias.
    let (before, stamp) = p.load_registry_stamped().unwrap().unwrap();
    let mut after = before.clone();
    after.rename("ostland", "Republic of Ostland").unwrap();
    let files = p.load_linkable().unwrap();
    let sets: Vec<(FileRef, &AnnotationSet)> = files
        .iter()
        .map(|f| (f.file.clone(), &f.annotations))
        .collect();
    let plan = plan_change(
        &before,
        after,
        |id| (id == "ostland").then(|| id.to_owned()),
        &sets,
    );
    assert_eq!(plan.files.len(), 8, "every file links ostland");
    p.commit_relink(&files, &before, &plan, Some(stamp))
        .unwrap();
    let alice = p.load_annotations("alice", "d4").unwrap().unwrap();
    assert_eq!(alice.entity("ostland").unwrap().name, "Republic of Ostland");
    assert_eq!(p.check().unwrap().problems, []);
}

#[test]
fn a_merge_that_would_leave_invalid_files_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), true);
    // A registry entry with a kind the schema does not have: merging kfm into it would give
    // the files copies of an unknown kind.
    let mut entities = p.load_registry().unwrap().unwrap().entities().to_vec();
    entities.push(CanonicalEntity::new(
        "kestria-state",
        "Kestrian state",
        "nation",
    ));
    let r = Registry::new(entities).unwrap();
    let stamp = p.load_registry_stamped().unwrap().unwrap().1;
    p.save_registry(&r, Some(stamp)).unwrap();
    let snap = snapshot(dir.path());
    let (before, stamp) = p.load_registry_stamped().unwrap().unwrap();
    let mut after = before.clone();
    after.merge("kestria-state", "kfm").unwrap();
    let files = p.load_linkable().unwrap();
    let sets: Vec<(FileRef, &AnnotationSet)> = files
        .iter()
        .map(|f| (f.file.clone(), &f.annotations))
        .collect();
    let plan = plan_change(
        &before,
        after,
        |id| (id == "kfm" || id == "kestria-state").then(|| "kestria-state".to_owned()),
        &sets,
    );
    let err = p
        .commit_relink(&files, &before, &plan, Some(stamp))
        .unwrap_err()
        .to_string();
    assert!(err.contains("refused and nothing was written"), "{err}");
    assert!(
        err.contains(
            "annotations/bob/d1.json: entity kestria-state: unknown entity kind \"nation\""
        ),
        "{err}"
    );
    assert!(
        err.contains("gold/d1.json: entity kestria-state: unknown entity kind \"nation\""),
        "{err}"
    );
    assert_eq!(snapshot(dir.path()), snap);
}

#[test]
fn check_reports_registry_problems_and_dangling_links_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), true);
    std::fs::write(
        p.registry_path(),
        r#"{
  "format": "stancemark-entities/1",
  "entities": [
    {"id": "kestria", "name": "Kestria", "kind": "government", "aliases": ["Kestrian government", "Osthaven"]},
    {"id": "kestria", "name": "Kestria again", "kind": "government"},
    {"id": "ostland", "name": "Ostland", "kind": "government", "aliases": ["Osthaven"]}
  ]
}
"#,
    )
    .unwrap();
    let report = p.check().unwrap();
    let lines: Vec<String> = report.problems.iter().map(|x| x.to_string()).collect();
    let reg = p.registry_path().display().to_string();
    let bob = p
        .annotation_path("bob", "d1")
        .unwrap()
        .display()
        .to_string();
    let gold = p.gold_path("d1").unwrap().display().to_string();
    assert_eq!(
        lines,
        [
            format!("{reg}: entity #2 \"kestria\": duplicate id (first used by entity #1)"),
            format!("{reg}: entity #3 \"ostland\": alias \"Osthaven\" is also an alias (\"Osthaven\") of entity #1 \"kestria\""),
            format!("{bob}: frame f3 source: entity \"kfm\" (\"Kestrian Foreign Ministry\") is not in the registry"),
            format!("{gold}: frame f3 source: entity \"kfm\" (\"Kestrian Foreign Ministry\") is not in the registry"),
        ]
    );
}

#[test]
fn registry_file_is_canonical_and_keeps_unknown_keys() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), false);
    std::fs::write(
        p.registry_path(),
        "{\"format\": \"stancemark-entities/1\", \"note\": \"kept\", \"entities\": [\
         {\"id\": \"ostland\", \"name\": \"Ostland\", \"kind\": \"government\", \"wikidata\": \"Q1\"},\
         {\"id\": \"kestria\", \"name\": \"Kestria\", \"kind\": \"government\", \"aliases\": [\"Kestrian government\", \"Kestria State\", \"Kestria State\"], \"url\": \"https://example.org/k\"}]}",
    )
    .unwrap();
    let (r, stamp) = p.load_registry_stamped().unwrap().unwrap();
    p.save_registry(&r, Some(stamp)).unwrap();
    let text = std::fs::read_to_string(p.registry_path()).unwrap();
    assert_eq!(
        text,
        r#"{
  "format": "stancemark-entities/1",
  "entities": [
    {
      "id": "kestria",
      "name": "Kestria",
      "kind": "government",
      "aliases": [
        "Kestria State",
        "Kestrian government"
      ],
      "url": "https://example.org/k"
    },
    {
      "id": "ostland",
      "name": "Ostland",
      "kind": "government",
      "wikidata": "Q1"
    }
  ],
  "note": "kept"
}
"#
    );
    // A registry changed on disk since it was read is not overwritten.
    std::fs::write(p.registry_path(), text.replace("Q1", "Q2")).unwrap();
    assert!(matches!(
        p.save_registry(&r, Some(stamp)),
        Err(ProjectError::ChangedOnDisk(_))
    ));
    // A broken file is an error with its line and column.
    std::fs::write(
        p.registry_path(),
        "{\"format\": \"stancemark-entities/1\",\n \"entities\": [}",
    )
    .unwrap();
    let err = p.load_registry().unwrap_err().to_string();
    assert!(err.contains("entities.json:2:15"), "{err}");
}
