//! Project folders: layout, loading and saving, status, unsafe names.

use stancemark::model::{AnnotationSet, Document, Frame, Quote, Span, Status};
use stancemark::project::{progress, Project, ProjectError};

pub fn doc(id: &str, text: &str) -> Document {
    let mut d = Document::new(id, text);
    d.title = Some(format!("Title of {id}"));
    d
}

pub fn frame(d: &Document, id: &str, s: usize, e: usize, stance: &str) -> Frame {
    let span = Span::new(s, e);
    Frame::new(id, Quote::new(span, d.text.slice(span).unwrap()), stance)
}

fn new_project() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let p = Project::init(dir.path(), Some("test"), None).unwrap();
    (dir, p)
}

#[test]
fn init_creates_the_layout_and_open_reads_it() {
    let (dir, p) = new_project();
    for sub in ["documents", "annotations", "gold"] {
        assert!(dir.path().join(sub).is_dir(), "{sub}");
    }
    let cfg: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("stancemark.json")).unwrap())
            .unwrap();
    assert_eq!(cfg["format"], "stancemark-project/1");
    assert_eq!(cfg["name"], "test");
    assert_eq!(cfg["schema"]["id"], "news-stance");
    let again = Project::open(dir.path()).unwrap();
    assert_eq!(again.schema(), p.schema());
    assert!(matches!(
        Project::init(dir.path(), None, None),
        Err(ProjectError::AlreadyAProject(_))
    ));
    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        Project::open(empty.path()),
        Err(ProjectError::NotAProject(_))
    ));
}

#[test]
fn schema_by_relative_path() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("labels.json"),
        stancemark::model::schema::DEFAULT_SCHEMA_JSON,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("stancemark.json"),
        r#"{"format": "stancemark-project/1", "name": "x", "schema": "labels.json"}"#,
    )
    .unwrap();
    let p = Project::open(dir.path()).unwrap();
    assert_eq!(p.schema().id, "news-stance");
}

#[test]
fn save_load_status_and_annotators() {
    let (_dir, p) = new_project();
    let a = doc("a", "Iran warned 😀 Israel.\r\n日本\u{301} said no.");
    let b = doc("b", "Nothing here.");
    p.save_document(&a).unwrap();
    p.save_document(&b).unwrap();
    assert_eq!(p.document_ids().unwrap(), vec!["a", "b"]);
    assert_eq!(p.load_document("a").unwrap(), a);

    let mut set = AnnotationSet::new("a", "zoe", p.schema().reference());
    set.set_frames(vec![frame(&a, "f1", 14, 20, "warning")]);
    set.status = Status::Done;
    p.save_annotations(&a, &set).unwrap();
    let mut set2 = AnnotationSet::new("a", "bob", p.schema().reference());
    set2.status = Status::InProgress;
    p.save_annotations(&a, &set2).unwrap();

    assert_eq!(p.annotators().unwrap(), vec!["bob", "zoe"]);
    assert_eq!(p.load_annotations("zoe", "a").unwrap(), Some(set));
    assert_eq!(p.load_annotations("zoe", "b").unwrap(), None);

    let st = p.status("zoe").unwrap();
    assert_eq!(st.len(), 2);
    assert_eq!(
        (
            st[0].id.as_str(),
            st[0].status,
            st[0].annotators,
            st[0].frames
        ),
        ("a", Status::Done, 2, 1)
    );
    assert_eq!(st[0].title, "Title of a");
    assert_eq!((st[1].status, st[1].annotators), (Status::Todo, 0));
    assert_eq!(progress(&st), (1, 2));

    let mut gold = AnnotationSet::new("a", "gold", p.schema().reference());
    gold.set_frames(vec![frame(&a, "f1", 14, 20, "warning")]);
    p.save_gold(&a, &gold).unwrap();
    assert_eq!(p.load_gold("a").unwrap(), Some(gold));
    assert_eq!(p.load_gold("b").unwrap(), None);

    let report = p.check().unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.files, 5);
    let stats = p.stats().unwrap();
    assert_eq!(
        (stats.documents, stats.frames, stats.gold_frames),
        (2, 1, 1)
    );
    assert_eq!(stats.annotators["zoe"].done, 1);
    assert_eq!(stats.by_stance["warning"], 1);
}

#[test]
fn annotation_file_with_another_text_is_refused() {
    let (dir, p) = new_project();
    let a = doc("a", "Iran warned Israel.");
    p.save_document(&a).unwrap();
    let other = doc("a", "Iran warned Israel!");
    let set = AnnotationSet::new("a", "zoe", p.schema().reference());
    let e = p.save_annotations(&other, &set).unwrap_err().to_string();
    assert!(e.contains("differs"), "{e}");
    // A file written behind the project's back is caught on load and by check.
    std::fs::create_dir_all(dir.path().join("annotations/zoe")).unwrap();
    std::fs::write(
        dir.path().join("annotations/zoe/a.json"),
        stancemark::io::native::to_string(&other, &set),
    )
    .unwrap();
    let e = p.load_annotations("zoe", "a").unwrap_err().to_string();
    assert!(
        e.contains("annotations/zoe/a.json") && e.contains("code point 18"),
        "{e}"
    );
    let report = p.check().unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    // The document text of an existing document never changes.
    assert!(p.save_document(&other).is_err());
}

#[test]
fn unsafe_names_never_become_paths() {
    let (dir, p) = new_project();
    let bad_ids = [
        "../escape",
        "a/b",
        "a\\b",
        "/abs",
        "C:x",
        "a\0b",
        "a\tb",
        "CON",
        "nul.txt",
        "..",
    ];
    for id in bad_ids {
        let d = doc(id, "text");
        assert!(
            matches!(p.save_document(&d), Err(ProjectError::UnsafeName { .. })),
            "{id:?}"
        );
        assert!(matches!(
            p.load_annotations("zoe", id),
            Err(ProjectError::UnsafeName { .. })
        ));
        assert!(matches!(
            p.load_annotations(id, "a"),
            Err(ProjectError::UnsafeName { .. })
        ));
    }
    let long = "x".repeat(201);
    assert!(matches!(
        p.load_gold(&long),
        Err(ProjectError::UnsafeName { .. })
    ));
    assert!(!dir.path().parent().unwrap().join("escape.json").exists());
    assert_eq!(p.document_ids().unwrap(), Vec::<String>::new());
}
