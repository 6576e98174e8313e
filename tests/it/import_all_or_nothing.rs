//! `import` writes all or nothing, also when a write fails after the checks passed: the project
//! folder is exactly as before, byte for byte, with no temporary files and no new folders.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use stancemark::io::native;
use stancemark::model::{AnnotationSet, Document, Frame, Quote, Schema, Span};
use stancemark::project::import::{import, ImportError, ImportFormat, ImportOptions};
use stancemark::project::Project;

const D: &str = "Officials 😀 warned of 日本語 talks.\r\nThey denied it.";
const E: &str = "Another article: the minister condemned the strike.";

/// Every file and folder under `dir`: relative path → content (`None` for a folder).
fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            if p.is_dir() {
                out.insert(rel, None);
                stack.push(p);
            } else {
                out.insert(rel, Some(std::fs::read(&p).unwrap()));
            }
        }
    }
    out
}

/// A native file of `annotator` on document `id` with one frame on its first word, labelled
/// `stance`.
fn input(dir: &Path, annotator: &str, id: &str, text: &str, stance: &str) -> PathBuf {
    let doc = Document::new(id, text);
    let word = text.split(' ').next().unwrap();
    let mut set = AnnotationSet::new(id, annotator, Schema::default_news().reference());
    set.set_frames(vec![Frame::new(
        "f1",
        Quote::new(Span::new(0, word.chars().count()), word),
        stance,
    )]);
    let path = dir.join(format!("{annotator}-{id}.json"));
    native::save(&path, &doc, &set).unwrap();
    path
}

/// A project with document `d`, and the inputs: alice on `d` and on the new document `e`, bob
/// on `e`; alice's frame on `e` has a label the schema lacks ("gossip", added by the import).
fn setup(dir: &Path) -> (Project, Vec<PathBuf>) {
    let p = Project::init(&dir.join("p"), Some("p"), None).unwrap();
    p.save_document(&Document::new("d", D)).unwrap();
    let inputs = vec![
        input(dir, "alice", "d", D, "warning"),
        input(dir, "alice", "e", E, "gossip"),
        input(dir, "bob", "e", E, "condemnation"),
    ];
    (p, inputs)
}

fn opts(replace: bool) -> ImportOptions {
    ImportOptions {
        add_labels: true,
        replace,
        ..ImportOptions::default()
    }
}

/// The last file's rename fails (its place is taken by a folder with a file in it, as a sync
/// tool's conflict copy might leave): the settings, the new document and alice's files,
/// already renamed into place, are put back.
#[test]
fn a_write_failing_half_way_leaves_the_project_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, inputs) = setup(dir.path());
    let taken = p.annotations_dir().join("bob").join("e.json");
    std::fs::create_dir_all(&taken).unwrap();
    std::fs::write(taken.join("conflict.txt"), "someone's").unwrap();
    let before = tree(p.root());
    let e = import(
        &mut p,
        ImportFormat::Native,
        &inputs,
        &opts(true),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(matches!(e, ImportError::Write(_)), "{e}");
    let msg = e.to_string();
    assert!(
        msg.contains(&format!("{}: cannot write", taken.display()))
            && msg.contains("nothing was changed"),
        "{msg}"
    );
    assert_eq!(tree(p.root()), before);
    assert!(
        p.schema().stance("gossip").is_none(),
        "the schema in memory too"
    );
    let reopened = Project::open(p.root()).unwrap();
    assert!(reopened.schema().stance("gossip").is_none());
    assert_eq!(reopened.document_ids().unwrap(), ["d"]);

    // With the obstacle gone the same import goes through.
    std::fs::remove_dir_all(&taken).unwrap();
    let r = import(
        &mut p,
        ImportFormat::Native,
        &inputs,
        &opts(true),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!((r.documents_added, r.annotation_sets), (1, 3));
    assert_eq!(r.labels_added, ["gossip"]);
    assert_eq!(p.annotators().unwrap(), ["alice", "bob"]);
    assert!(Project::open(p.root())
        .unwrap()
        .schema()
        .stance("gossip")
        .is_some());
}

/// A folder that cannot be made (a file named like bob's folder): nothing is renamed at all,
/// and the folders made for the staged files go again.
#[test]
fn a_write_failing_while_staging_leaves_the_project_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, inputs) = setup(dir.path());
    std::fs::create_dir_all(p.annotations_dir()).unwrap();
    std::fs::write(p.annotations_dir().join("bob"), "not a folder").unwrap();
    let before = tree(p.root());
    let e = import(
        &mut p,
        ImportFormat::Native,
        &inputs,
        &opts(false),
        &mut |_, _| {},
    )
    .unwrap_err();
    assert!(e.to_string().contains("bob"), "{e}");
    assert_eq!(tree(p.root()), before);
    assert!(!p.annotations_dir().join("alice").exists());
}
