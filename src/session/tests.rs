//! Sessions on plain files and on project files.

use super::*;

#[test]
fn sample_parses() {
    let s = Session::sample(Schema::default_news());
    assert!(!s.annotations.frames().is_empty());
}

#[test]
fn text_files_save_beside_and_recovery_is_hidden() {
    let dir = tempfile::tempdir().unwrap();
    let txt = dir.path().join("a.txt");
    std::fs::write(&txt, "Iran warned.\r\n").unwrap();
    let mut s = Session::open(&txt, "ann", Schema::default_news()).unwrap();
    assert_eq!(
        s.save_path.as_deref(),
        Some(dir.path().join("a.stance.json").as_path())
    );
    assert_eq!(
        s.recovery_path(),
        Some(dir.path().join(".a.stance.recovery.json"))
    );
    let f = crate::model::Frame::new(
        "f1",
        crate::model::Quote::new(crate::model::Span::new(0, 4), "Iran"),
        "warning",
    );
    s.apply(Transaction::new("add f1").with(crate::model::Op::AddFrame(f)))
        .unwrap();
    let rec = s.write_recovery(None).unwrap().unwrap();
    assert!(rec.exists());
    assert_eq!(s.newer_recovery(), Some(rec.clone()), "no saved file yet");
    s.save_to(&dir.path().join("a.stance.json"), false).unwrap();
    assert!(!rec.exists(), "saving removes the recovery copy");
    let again = Session::open(&txt, "ann", Schema::default_news()).unwrap();
    assert_eq!(
        again.annotations.frames().len(),
        1,
        "reopens the saved annotations"
    );
    assert!(again.annotations.created.is_some());
}

mod project_files {
    use super::*;
    use crate::io::lock::{lock_path, Acquired, EditLock};
    use crate::model::{Frame, Op, Quote, Span};
    use crate::project::GOLD_ANNOTATOR;

    /// "Iran 😀 warned Israel." — the frame's claim `Israel` is [14, 20) in code points.
    const TEXT: &str = "Iran 😀 warned Israel.";

    fn project() -> (tempfile::TempDir, Project) {
        let dir = tempfile::tempdir().unwrap();
        let p = Project::init(&dir.path().join("p"), Some("p"), None).unwrap();
        p.save_document(&Document::new("d", TEXT)).unwrap();
        (dir, p)
    }

    fn add_frame(s: &mut Session, id: &str) {
        let f = Frame::new(id, Quote::new(Span::new(14, 20), "Israel"), "warning");
        s.apply(Transaction::new(format!("add {id}")).with(Op::AddFrame(f)))
            .unwrap();
    }

    fn frame_ids(set: &AnnotationSet) -> Vec<&str> {
        set.frames().iter().map(|f| f.id.as_str()).collect()
    }

    #[test]
    fn a_project_document_saves_through_the_project() {
        let (_dir, p) = project();
        let mut s = Session::open_in_project(&p, "alice", "d").unwrap();
        assert_eq!(s.name, "p — d");
        assert_eq!(s.annotations().annotator, "alice");
        let path = p.annotation_path("alice", "d").unwrap();
        assert_eq!(s.save_path.as_deref(), Some(path.as_path()));
        assert!(matches!(
            s.project_file(),
            Some((_, FileRole::Annotation { annotator, doc_id })) if annotator == "alice" && doc_id == "d"
        ));
        add_frame(&mut s, "f1");
        s.save(false).unwrap();
        let saved = p.load_annotations("alice", "d").unwrap().unwrap();
        assert_eq!(frame_ids(&saved), ["f1"]);
        assert!(saved.modified.is_some(), "saves are stamped");

        // Reopened: the file and its change stamp are the same read, so saving again is not
        // taken for a change on disk.
        drop(s);
        let mut s = Session::open_in_project(&p, "alice", "d").unwrap();
        add_frame(&mut s, "f2");
        s.save(false).unwrap();
        assert_eq!(
            frame_ids(&p.load_annotations("alice", "d").unwrap().unwrap()),
            ["f1", "f2"]
        );
    }

    /// Active time is saved for the file's annotator and added up over sessions; idle gaps
    /// (over 60 s) count nothing; a failed save keeps the time for the next one.
    #[test]
    fn active_time_is_added_on_save() {
        let (_dir, p) = project();
        let mut s = Session::open_in_project(&p, "alice", "d").unwrap();
        // 0 → 30 s → 75 s (45 s) → 500 s (idle) → 512.5 s: 30 + 45 + 12.5 = 87.5 s.
        for ms in [0, 30_000, 75_000, 500_000, 512_500] {
            s.note_input(ms);
        }
        assert_eq!(s.unsaved_seconds(), 87);
        add_frame(&mut s, "f1");
        s.save(false).unwrap();
        assert_eq!(s.unsaved_seconds(), 0);
        let saved = p.load_annotations("alice", "d").unwrap().unwrap();
        assert_eq!(saved.time_spent.seconds("alice"), 87);
        drop(s);
        let mut s = Session::open_in_project(&p, "alice", "d").unwrap();
        s.note_input(1_000_000);
        s.note_input(1_020_000);
        add_frame(&mut s, "f2");
        s.save(false).unwrap();
        let saved = p.load_annotations("alice", "d").unwrap().unwrap();
        assert_eq!(saved.time_spent.seconds("alice"), 107);
        assert_eq!(saved.time_spent.total(), 107);

        // On gold, the adjudicator's time is theirs.
        drop(s);
        let mut g = Session::open_gold(&p, "d", "carol").unwrap();
        g.set_time_owner(Some(" carol "));
        g.note_input(0);
        g.note_input(42_000);
        add_frame(&mut g, "f1");
        g.save(false).unwrap();
        let gold = p.load_gold("d").unwrap().unwrap();
        assert_eq!(gold.time_spent.seconds("carol"), 42);
        assert_eq!(gold.time_spent.seconds(GOLD_ANNOTATOR), 0);
    }

    /// The project's document-text check runs on every save: a session may not write a file
    /// the project would refuse to load.
    #[test]
    fn a_save_is_refused_when_the_project_document_changed() {
        let (_dir, p) = project();
        let mut s = Session::open_in_project(&p, "alice", "d").unwrap();
        add_frame(&mut s, "f1");
        std::fs::write(
            p.documents_dir().join("d.json"),
            serde_json::to_string(&Document::new("d", "Iran warned Israel again.")).unwrap(),
        )
        .unwrap();
        match s.save(false) {
            Err(SaveFailure::Other(e)) => {
                assert!(e.contains("differs from the project's document"), "{e}")
            }
            other => panic!("saved over a changed document: {other:?}"),
        }
        assert!(!p.annotation_path("alice", "d").unwrap().exists());
    }

    #[test]
    fn changes_on_disk_are_refused_unless_forced() {
        let (_dir, p) = project();
        let mut s = Session::open_in_project(&p, "alice", "d").unwrap();
        add_frame(&mut s, "f1");
        s.save(false).unwrap();
        // Another program writes the file: a set with no frames.
        let doc = p.load_document("d").unwrap();
        let other = AnnotationSet::new("d", "alice", p.schema().reference());
        p.save_annotations(&doc, &other).unwrap();
        add_frame(&mut s, "f2");
        assert!(matches!(s.save(false), Err(SaveFailure::ChangedOnDisk)));
        assert!(frame_ids(&p.load_annotations("alice", "d").unwrap().unwrap()).is_empty());
        s.save(true).unwrap();
        assert_eq!(
            frame_ids(&p.load_annotations("alice", "d").unwrap().unwrap()),
            ["f1", "f2"]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_save_removes_stray_temporary_files_of_its_folder() {
        let (_dir, p) = project();
        let mut s = Session::open_in_project(&p, "alice", "d").unwrap();
        add_frame(&mut s, "f1");
        s.save(false).unwrap();
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stray = p.annotations_dir().join("alice").join(format!(
            ".d.json.{}.{dead}.Zz9Yy8.tmp",
            crate::io::atomic::this_host()
        ));
        std::fs::write(&stray, "half a file").unwrap();
        add_frame(&mut s, "f2");
        s.save(false).unwrap();
        assert!(!stray.exists(), "left {}", stray.display());
    }

    #[test]
    fn gold_opens_empty_and_the_first_save_creates_it() {
        let (_dir, p) = project();
        std::fs::remove_dir(p.gold_dir()).unwrap();
        let mut s = Session::open_gold(&p, "d", "dana").unwrap();
        let path = p.gold_path("d").unwrap();
        assert_eq!(s.name, "d.json");
        assert_eq!(s.annotations().annotator, GOLD_ANNOTATOR);
        assert!(s.read_only.is_none());
        assert!(lock_path(&path).exists(), "locked before the first save");
        assert!(!path.exists());
        add_frame(&mut s, "f1");
        s.save(false).unwrap();
        assert_eq!(frame_ids(&p.load_gold("d").unwrap().unwrap()), ["f1"]);
        // A second opening while the first holds the lock is read-only.
        let s2 = Session::open_gold(&p, "d", "eve").unwrap();
        assert!(s2
            .read_only
            .as_deref()
            .is_some_and(|h| h.contains("by dana")));
    }

    #[test]
    fn a_file_another_instance_edits_opens_read_only() {
        let (_dir, p) = project();
        let path = p.annotation_path("alice", "d").unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let Acquired::Locked { lock: held, .. } = EditLock::acquire(&path, "bob").unwrap() else {
            panic!("lock refused")
        };
        let mut s = Session::open_in_project(&p, "alice", "d").unwrap();
        let holder = s.read_only.clone().expect("read-only");
        assert!(holder.contains("by bob"), "{holder}");
        add_frame(&mut s, "f1");
        assert!(matches!(s.save(false), Err(SaveFailure::ReadOnly(h)) if h == holder));
        assert!(!path.exists(), "nothing written");
        drop(held);
    }

    #[test]
    fn a_project_file_opened_by_its_path_is_opened_through_its_project() {
        let (_dir, p) = project();
        let doc = p.load_document("d").unwrap();
        p.save_annotations(
            &doc,
            &AnnotationSet::new("d", "alice", p.schema().reference()),
        )
        .unwrap();
        let path = p.annotation_path("alice", "d").unwrap();
        let s = Session::open(&path, "someone", Schema::default_news()).unwrap();
        assert_eq!(s.name, "d.json");
        assert!(!s.is_project_doc(), "not opened from the document list");
        assert!(matches!(
            s.project_file(),
            Some((_, FileRole::Annotation { .. }))
        ));
        drop(s);

        // Its text no longer the project's: refused with the way out.
        let mut file = native::load(&path).unwrap();
        file.document = Document::new("d", "Another text altogether.");
        native::save(&path, &file.document, &file.annotations).unwrap();
        let e = Session::open(&path, "someone", Schema::default_news())
            .err()
            .expect("refused")
            .to_string();
        assert!(e.contains("validate --reanchor"), "{e}");
    }

    #[test]
    fn a_corrected_document_is_reanchored_when_asked() {
        let (_dir, p) = project();
        let mut s = Session::open_in_project(&p, "alice", "d").unwrap();
        add_frame(&mut s, "f1");
        s.save(false).unwrap();
        drop(s);
        // The article is corrected: a flag (two code points) and a space inserted before the claim.
        let corrected = "Iran 😀 warned 🇮🇱 Israel.";
        std::fs::write(
            p.documents_dir().join("d.json"),
            serde_json::to_string(&Document::new("d", corrected)).unwrap(),
        )
        .unwrap();
        assert!(Session::open_in_project(&p, "alice", "d").is_err());
        let role = FileRole::Annotation {
            annotator: "alice".into(),
            doc_id: "d".into(),
        };
        let mut s = Session::open_project_file(&p, role, "fixer", TextChanged::Reanchor).unwrap();
        let report = s.reanchor_report().expect("re-anchored");
        assert_eq!(report.moved.len(), 1);
        assert_eq!(report.moved[0].to, Span::new(17, 23));
        assert_eq!(s.document.text.as_str(), corrected);
        assert!(s.is_modified());
        s.save(false).unwrap();
        let f = p.load_annotations("alice", "d").unwrap().unwrap();
        assert_eq!(f.frames()[0].claim.extent(), Span::new(17, 23));
        assert_eq!(f.frames()[0].anchor, crate::model::AnchorState::Moved);
    }
}
