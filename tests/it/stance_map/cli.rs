//! `stancemark entities` and `stancemark map`, run as a user would.

use std::process::Output;

use super::fixture;
use crate::util::stancemark;

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn entities_lists_counts_per_annotator_and_unlinked_groups() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_project(dir.path(), true);
    let d = dir.path().to_str().unwrap();
    let o = stancemark(&["entities", d, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["annotators"], serde_json::json!(["alice", "bob", "gold"]));
    assert_eq!(v["entities"][0]["id"], "kestria");
    assert_eq!(v["entities"][0]["as_source"]["by_annotator"]["bob"], 3);
    assert_eq!(v["unlinked"][0]["key"], "kestria foreign ministry");
    assert_eq!(v["unlinked"][0]["proposals"][0]["action"], "link");
    assert_eq!(v["unlinked"][0]["proposals"][0]["entity"], "kfm");
    let o = stancemark(&["entities", d]);
    let text = out(&o);
    assert!(text.contains("3 registry entities"), "{text}");
    assert!(
        text.contains("source \"kestria foreign ministry\": 2 frames"),
        "{text}"
    );
    assert!(
        text.contains("→ link to kfm (\"Kestrian Foreign Ministry\"), similarity 1.00"),
        "{text}"
    );
}

#[test]
fn entities_merge_rename_alias_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), true);
    let d = dir.path().to_str().unwrap();
    let registry = || std::fs::read_to_string(p.registry_path()).unwrap();
    let before = registry();
    let o = stancemark(&[
        "entities",
        d,
        "--merge",
        "Kestria",
        "Foreign Ministry of Kestria",
        "--dry-run",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(
        out(&o).contains("would rewrite 2 annotation files"),
        "{}",
        out(&o)
    );
    assert_eq!(registry(), before, "--dry-run writes nothing");
    let o = stancemark(&["entities", d, "--merge", "kestria", "kfm"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("merged kfm (\"Kestrian Foreign Ministry\") into kestria; rewrote 2 annotation files (2 frames relinked)"), "{}", out(&o));
    let o = stancemark(&["entities", d, "--rename", "ostland", "Kestria"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("\"Kestria\" is already a name or alias of entity \"kestria\""),
        "{}",
        out(&o)
    );
    let o = stancemark(&["entities", d, "--alias", "ostland", "Osthaven"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(registry().contains("\"Osthaven\""));
    let o = stancemark(&["entities", d, "--alias", "nobody", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("no entity \"nobody\" in the registry"),
        "{}",
        out(&o)
    );
    let o = stancemark(&["entities", d, "--adopt", "--merge", "a", "b"]);
    assert_eq!(o.status.code(), Some(2), "one change at a time");
    let o = stancemark(&["validate", d]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
}

#[test]
fn validate_names_a_broken_registry_and_dangling_links() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), true);
    let text = std::fs::read_to_string(p.registry_path()).unwrap();
    std::fs::write(
        p.registry_path(),
        text.replace("\"id\": \"kfm\"", "\"id\": \"kestria\""),
    )
    .unwrap();
    let o = stancemark(&["validate", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    let reg = p.registry_path().display().to_string();
    assert!(
        text.contains(&format!(
            "{reg}: entity #2 \"kestria\": duplicate id (first used by entity #1)"
        )),
        "{text}"
    );
    let bob = p
        .annotation_path("bob", "d1")
        .unwrap()
        .display()
        .to_string();
    assert!(text.contains(&format!("{bob}: frame f3 source: entity \"kfm\" (\"Kestrian Foreign Ministry\") is not in the registry")), "{text}");
}

#[test]
fn validate_of_one_project_file_checks_its_links_to_the_registry() {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), true);
    let bob = p.annotation_path("bob", "d1").unwrap();
    let shown = bob.display().to_string();
    let o = stancemark(&["validate", &shown]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    // The registry loses "kfm": bob's file is still valid on its own, not in its project.
    let text = std::fs::read_to_string(p.registry_path()).unwrap();
    std::fs::write(
        p.registry_path(),
        text.replace("\"id\": \"kfm\"", "\"id\": \"kfm-old\""),
    )
    .unwrap();
    let o = stancemark(&["validate", &shown]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains(&format!("{shown}: frame f3 source: entity \"kfm\" (\"Kestrian Foreign Ministry\") is not in the registry")), "{}", out(&o));
}

#[test]
fn map_writes_each_format_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_project(dir.path(), true);
    let d = dir.path().to_str().unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    for f in ["csv", "json", "graphml", "gexf", "dot"] {
        let path = out_dir.path().join(format!("map.{f}"));
        let o = stancemark(&["map", d, "--to", f, "--out", path.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(0), "{f}: {}", out(&o));
        assert!(
            out(&o).contains("5 nodes, 9 edges from 14 frames in 4 documents"),
            "{}",
            out(&o)
        );
        assert!(
            out(&o).contains("document d4: published \"soon\" is not a date"),
            "{}",
            out(&o)
        );
        assert!(path.is_file());
    }
    let path = out_dir.path().join("map.csv");
    let before = std::fs::read(&path).unwrap();
    let o = stancemark(&[
        "map",
        d,
        "--gold",
        "--to",
        "csv",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("the file exists; add --force"),
        "{}",
        out(&o)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let o = stancemark(&[
        "map",
        d,
        "--gold",
        "--to",
        "csv",
        "--out",
        path.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let csv = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        csv.lines().count(),
        4,
        "header and the three gold edges:\n{csv}"
    );
    let o = stancemark(&[
        "map",
        d,
        "--annotator",
        "alice",
        "--stance",
        "warning",
        "--outlet",
        "Daily A",
        "--from",
        "2025-03-01",
        "--until",
        "2025-03-31",
        "--to",
        "json",
        "--out",
        out_dir.path().join("f.json").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out_dir.path().join("f.json")).unwrap())
            .unwrap();
    // alice's warnings in Daily A documents dated in March: d1 f3 only (d4 has no date).
    assert_eq!(v["summary"]["frames"], 1);
    assert_eq!(v["edges"][0]["source"], "unlinked:kestria foreign ministry");
    assert_eq!(
        v["perspective"],
        serde_json::json!({"from": "annotator", "annotator": "alice"})
    );
    for (args, message) in [
        (
            vec!["--stance", "gossip"],
            "--stance \"gossip\": not a stance of the project schema",
        ),
        (vec!["--from", "March"], "--from \"March\": not a date"),
        (
            vec!["--annotator", "carol"],
            "--annotator \"carol\": no annotations by \"carol\"",
        ),
        (
            vec!["--from", "2025-04-01", "--until", "2025-03-01"],
            "--from 2025-04-01 is after --until 2025-03-01",
        ),
    ] {
        let target = out_dir.path().join("x.csv");
        let mut all = vec!["map", d, "--to", "csv", "--out", target.to_str().unwrap()];
        all.extend(args);
        let o = stancemark(&all);
        assert_eq!(o.status.code(), Some(1), "{all:?}");
        assert!(out(&o).contains(message), "{all:?}: {}", out(&o));
        assert!(!target.exists());
    }
}

#[test]
fn adopt_from_the_command_line_reports_what_was_merged() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_project(dir.path(), false);
    let d = dir.path().to_str().unwrap();
    let o = stancemark(&["entities", d, "--adopt"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let text = out(&o);
    assert!(text.contains("kestria (new)\n"), "{text}");
    assert!(
        text.contains("adopted 18 per-file entities: 3 new registry entities"),
        "{text}"
    );
    let o = stancemark(&["validate", d]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
}
