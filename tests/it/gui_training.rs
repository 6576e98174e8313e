//! Training mode: Mark done on a document with gold shows the differences and the score.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;

use stancemark::model::{AnnotationSet, Document, Frame, Quote, Span};
use stancemark::project::Project;
use stancemark::review::Kind;
use stancemark::ui::App;

use crate::util::{self, press};

#[test]
fn mark_done_shows_the_differences_to_gold_with_guidelines() {
    let dir = tempfile::tempdir().unwrap();
    let storage = tempfile::tempdir().unwrap();
    let root = dir.path().join("p");
    let p = Project::init(&root, Some("p"), None).unwrap();
    // "Iran warned Israel. 中国 denied it." — gold: warning [0,18), denial [20,32);
    // alice: warning [0,18) (agrees), threat [20,32) (stance differs).
    let doc = Document::new("d1", "Iran warned Israel. 中国 denied it.");
    p.save_document(&doc).unwrap();
    let frame = |id: &str, a: usize, b: usize, stance: &str| {
        Frame::new(
            id,
            Quote::new(Span::new(a, b), doc.text.slice(Span::new(a, b)).unwrap()),
            stance,
        )
    };
    let mut gold = AnnotationSet::new("d1", "gold", p.schema().reference());
    gold.set_frames(vec![
        frame("f1", 0, 18, "warning"),
        frame("f2", 20, 32, "denial"),
    ]);
    p.save_gold(&doc, &gold).unwrap();
    let mut mine = AnnotationSet::new("d1", "alice", p.schema().reference());
    mine.set_frames(vec![
        frame("f1", 0, 18, "warning"),
        frame("f2", 20, 32, "threat"),
    ]);
    p.save_annotations(&doc, &mine).unwrap();

    let app = App::new_for_test_as(Some(&root), Some(storage.path().to_path_buf()), "alice")
        .with_training();
    let mut h = util::harness(app);
    h.run_steps(2);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::D);
    h.run_steps(3);
    let v = h.state().training_view().expect("the feedback window");
    assert_eq!(v.document, "d1");
    let kinds: Vec<Kind> = v.feedback.items.iter().map(|i| i.kind).collect();
    assert_eq!(kinds, [Kind::Stance]);
    // Both claims matched, one stance of two agrees.
    assert_eq!(v.score.stance_accuracy.value(), Some(0.5));
    assert_eq!(v.score.span_f1.value(), Some(1.0));
    h.get_by_label("Training feedback — d1");
    h.get_by_label("1. stance");
    h.get_by_label("Guideline — Denial / rejection");
}
