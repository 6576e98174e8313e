//! Command-line writes and the workbench's edit lock: while the workbench edits a file (holds
//! its lock), `adjudicate` and `validate --reanchor --write` refuse with a message naming the
//! holder, exit 1, and write nothing; a recovery copy of unsaved edits stops them the same way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stancemark::io::lock::{Acquired, EditLock};
use stancemark::io::native;
use stancemark::model::Text;

use crate::sample_path;

const DOC: &str = "iran-talks-signals";

fn stancemark(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancemark"))
        .args(args)
        .output()
        .unwrap()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file and folder under `dir`: relative path → bytes (`None` for a folder).
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            if e.file_type().unwrap().is_dir() {
                out.insert(rel, None);
                walk(root, &e.path(), out);
            } else {
                out.insert(rel, Some(std::fs::read(e.path()).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Locks `target` as a workbench of annotator `who` would.
fn workbench_lock(target: &Path, who: &str) -> EditLock {
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    match EditLock::acquire(target, who).unwrap() {
        Acquired::Locked { lock, .. } => lock,
        Acquired::HeldElsewhere { holder } => panic!("already held by {holder}"),
    }
}

fn assert_refused(o: &Output, file: &Path, who: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let holder = format!("pid {} on ", std::process::id());
    assert!(
        err.contains(&format!(
            "{}: the file is being edited ({holder}",
            file.display()
        )) && err.contains(&format!(" by {who} since "))
            && err.contains("nothing was written"),
        "{err}"
    );
}

fn sample_project(dir: &Path) -> PathBuf {
    let root = dir.join("p");
    copy_tree(&sample_path("review-project"), &root);
    root
}

#[test]
fn adjudicate_refuses_while_the_workbench_edits_a_gold_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = sample_project(tmp.path());
    let gold = root.join("gold").join(format!("{DOC}.json"));
    let lock = workbench_lock(&gold, "dana");
    let before = tree(&root);
    let o = stancemark(&["adjudicate", root.to_str().unwrap(), "--auto"]);
    assert_refused(&o, &gold, "dana");
    assert_eq!(tree(&root), before, "the project is unchanged");
    assert!(!gold.exists());
    // `--force` overrides a change on disk, never another editor.
    let o = stancemark(&["adjudicate", root.to_str().unwrap(), "--auto", "--force"]);
    assert_refused(&o, &gold, "dana");
    assert_eq!(tree(&root), before);

    drop(lock);
    let o = stancemark(&["adjudicate", root.to_str().unwrap(), "--auto"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(native::load(&gold).unwrap().annotations.frames().len(), 24);
    assert!(
        !root.join("gold").join(format!(".{DOC}.json.lock")).exists(),
        "the command's own lock is gone"
    );
}

#[test]
fn adjudicate_keeps_unsaved_workbench_edits() {
    let tmp = tempfile::tempdir().unwrap();
    let root = sample_project(tmp.path());
    let rec = root.join("gold").join(format!(".{DOC}.recovery.json"));
    std::fs::create_dir_all(rec.parent().unwrap()).unwrap();
    std::fs::write(&rec, "unsaved edits of a workbench that crashed").unwrap();
    let before = tree(&root);
    let o = stancemark(&["adjudicate", root.to_str().unwrap(), "--auto"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "left unsaved edits of this file in {}",
            rec.display()
        )),
        "{err}"
    );
    assert_eq!(tree(&root), before);
}

/// The sample project with its document corrected (a word inserted at the start), so every
/// annotation file needs re-anchoring.
fn corrected_project(dir: &Path) -> PathBuf {
    let root = sample_project(dir);
    let path = root.join("documents").join(format!("{DOC}.json"));
    let mut doc: stancemark::model::Document =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    doc.text = Text::new(format!("UPDATE: {}", doc.text.as_str()));
    std::fs::write(&path, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    root
}

#[test]
fn reanchor_write_refuses_while_the_workbench_edits_one_of_the_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = corrected_project(tmp.path());
    // carol's file is open in a workbench; alice's and bob's come first in the folder.
    let carol = root.join("annotations/carol").join(format!("{DOC}.json"));
    let lock = workbench_lock(&carol, "carol");
    let before = tree(&root);
    let d = root.to_str().unwrap();
    let o = stancemark(&["validate", "--reanchor", "--write", d]);
    assert_refused(&o, &carol, "carol");
    assert_eq!(tree(&root), before, "not even alice's and bob's files");

    drop(lock);
    let o = stancemark(&["validate", "--reanchor", "--write", d]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert_eq!(out.matches("; saved").count(), 3, "{out}");
}

#[test]
fn reanchor_write_of_one_file_refuses_while_it_is_edited() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("a.json");
    let mut file = native::load(&sample_path("iran-talks-signals.stance.json")).unwrap();
    file.document.text = Text::new(format!("UPDATE: {}", file.document.text.as_str()));
    native::save(&path, &file.document, &file.annotations).unwrap();
    let lock = workbench_lock(&path, "ann");
    let before = std::fs::read(&path).unwrap();
    let o = stancemark(&["validate", "--reanchor", "--write", path.to_str().unwrap()]);
    assert_refused(&o, &path, "ann");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    drop(lock);
    let o = stancemark(&["validate", "--reanchor", "--write", path.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_ne!(std::fs::read(&path).unwrap(), before);
}
