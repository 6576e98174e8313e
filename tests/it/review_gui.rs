//! Review mode driven headless through egui_kittest on a copy of `samples/review-project`
//! (alice, bob and carol disagree on the sample article): the disagreement list against the
//! library, N / Shift+N, accept, reject, "Accept all agreed" with undo, and saving gold.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::io::native;
use stancemark::model::AnnotationSet;
use stancemark::project::Project;
use stancemark::review::adjudicate::{Method, Provenance};
use stancemark::review::disagreements;
use stancemark::review::resolve::rejections;
use stancemark::ui::review::RowState;
use stancemark::ui::App;

const DOC: &str = "iran-talks-signals";

/// The sample project copied into a temporary folder.
fn project_copy(dir: &Path) -> PathBuf {
    let src = crate::sample_path("review-project");
    let dst = dir.join("review-project");
    copy_dir(&src, &dst);
    dst
}

fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let e = e.unwrap();
        let to = dst.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to);
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
}

fn harness(root: &Path, annotators: Option<&[String]>) -> Harness<'static, App> {
    let mut app = App::new_for_test(None, Some(root.join(".storage")));
    assert!(
        app.open_review(root, DOC, annotators),
        "{:?}",
        app.load_error()
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .allow_missing_glyphs()
        .build_eframe(move |_| app);
    h.run_steps(3);
    h
}

/// The annotators' sets as the library sees them.
fn sets(root: &Path, names: &[&str]) -> Vec<AnnotationSet> {
    let p = Project::open(root).unwrap();
    names
        .iter()
        .map(|n| p.load_annotations(n, DOC).unwrap().unwrap())
        .collect()
}

fn gold(h: &Harness<'_, App>) -> AnnotationSet {
    h.state().session().unwrap().annotations().clone()
}

fn press(h: &mut Harness<'_, App>, m: Modifiers, k: Key) {
    h.key_press_modifiers(m, k);
    h.run_steps(2);
}

#[test]
fn the_list_holds_the_library_disagreements_with_their_kinds() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let h = harness(&root, None);
    let sets = sets(&root, &["alice", "bob", "carol"]);
    let refs: Vec<&AnnotationSet> = sets.iter().collect();
    let expected = disagreements(&refs);
    let review = h.state().review().unwrap();
    assert_eq!(review.chosen_names(), ["alice", "bob", "carol"]);
    let rows: Vec<_> = review.rows().iter().filter(|r| r.kind.is_some()).collect();
    assert!(expected.len() >= 4, "the sample disagrees in several ways");
    assert_eq!(rows.len(), expected.len());
    for (r, d) in rows.iter().zip(&expected) {
        assert_eq!(r.kind, Some(d.kind));
        assert_eq!(r.span, d.span);
        assert_eq!(r.frames, d.frames);
        assert_eq!(r.state, RowState::Open);
    }
    let kinds: std::collections::BTreeSet<_> = expected.iter().map(|d| d.kind).collect();
    assert!(kinds.len() >= 3, "several kinds in the sample: {kinds:?}");
    // The panel shows the count and the annotators.
    h.get_by_label(&format!(
        "Disagreements ({} open of {})",
        expected.len(),
        expected.len()
    ));
    h.get_by_label("alice");
    h.get_by_label("carol");
}

#[test]
fn n_and_shift_n_walk_the_list_and_wrap() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    let visible = h.state().review().unwrap().visible();
    assert!(visible.len() >= 2);
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(h.state().review().unwrap().current, Some(visible[0]));
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(h.state().review().unwrap().current, Some(visible[1]));
    press(&mut h, Modifiers::SHIFT, Key::N);
    press(&mut h, Modifiers::SHIFT, Key::N);
    assert_eq!(
        h.state().review().unwrap().current,
        Some(*visible.last().unwrap()),
        "wraps to the last"
    );
    // The current row is expanded with each annotator's version and its buttons.
    h.get_by_label("Reject");
}

#[test]
fn accept_puts_that_annotators_frame_into_gold_with_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    // The first disagreement in which bob has a frame.
    let (i, k) = {
        let r = h.state().review().unwrap();
        r.visible()
            .into_iter()
            .find_map(|i| r.rows()[i].frame_of(1).map(|k| (i, k)))
            .unwrap()
    };
    h.state_mut()
        .push_command(stancemark::ui::command::Command::SelectDisagreement(i));
    h.run_steps(2);
    // The list scrolls the current row into view with an animation: let it settle first.
    h.run();
    h.get_by_label("Accept bob").click();
    h.run_steps(2);
    let bob = &sets(&root, &["bob"])[0];
    let theirs = &bob.frames()[k];
    let g = gold(&h);
    assert_eq!(g.frames().len(), 1);
    let mine = &g.frames()[0];
    assert_eq!(mine.claim, theirs.claim);
    assert_eq!(mine.stance, theirs.stance);
    let p = Provenance::of(mine).unwrap().unwrap();
    assert_eq!(p.method, Method::Accepted);
    assert_eq!(p.adjudicator, "tester");
    assert!(p
        .agreed
        .iter()
        .any(|o| o.annotator == "bob" && o.frame == theirs.id));
    let r = h.state().review().unwrap();
    assert!(
        matches!(&r.rows()[i].state, RowState::Accepted { annotators, .. } if annotators.contains(&1))
    );
    assert_eq!(h.state().selected_frame(), Some(mine.id.as_str()));
    // Alt+1 replaces it with alice's version when she has one; undo brings bob's back.
    if let Some(ka) = r.rows()[i].frame_of(0) {
        press(&mut h, Modifiers::ALT, Key::Num1);
        let g2 = gold(&h);
        assert_eq!(g2.frames().len(), 1);
        let alice = &sets(&root, &["alice"])[0];
        assert_eq!(g2.frames()[0].claim, alice.frames()[ka].claim);
        press(&mut h, Modifiers::COMMAND, Key::Z);
        assert_eq!(gold(&h), g);
    }
}

#[test]
fn reject_resolves_with_nothing_in_gold_and_undo_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    press(&mut h, Modifiers::NONE, Key::N);
    let i = h.state().review().unwrap().current.unwrap();
    press(&mut h, Modifiers::NONE, Key::X);
    let g = gold(&h);
    assert!(g.frames().is_empty());
    assert_eq!(rejections(&g).unwrap().len(), 1);
    assert_eq!(
        h.state().review().unwrap().rows()[i].state,
        RowState::Rejected
    );
    let label = {
        let r = h.state().review().unwrap();
        stancemark::ui::review::list::heading(i, &r.rows()[i], &r.chosen_names())
    };
    assert!(label.ends_with("rejected"), "{label}");
    h.get_by_label(&label);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().review().unwrap().rows()[i].state, RowState::Open);
    assert!(gold(&h).extra.is_empty());
}

#[test]
fn accept_all_agreed_is_one_undoable_step() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    let before = gold(&h);
    assert_eq!(
        h.state().review().unwrap().k(),
        3,
        "K defaults to all chosen"
    );
    h.state_mut().review_mut().unwrap().min_agree = Some(2);
    h.get_by_label("Accept all agreed").click();
    h.run_steps(2);
    let after = gold(&h);
    let sets = sets(&root, &["alice", "bob", "carol"]);
    let refs: Vec<&AnnotationSet> = sets.iter().collect();
    let expected = stancemark::review::auto_accept(&refs, &before, 2, "tester");
    assert!(expected.accepted > 0);
    assert_eq!(after.frames().len(), expected.accepted);
    for f in after.frames() {
        assert_eq!(Provenance::of(f).unwrap().unwrap().method, Method::Auto);
    }
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(gold(&h), before, "one undo restores gold exactly");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    assert_eq!(gold(&h), after, "and redo brings it back");
}

#[test]
fn ctrl_s_writes_a_valid_gold_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, Some(&["alice".to_owned(), "bob".to_owned()]));
    assert_eq!(h.state().review().unwrap().chosen_names(), ["alice", "bob"]);
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::A);
    press(&mut h, Modifiers::NONE, Key::N);
    press(&mut h, Modifiers::NONE, Key::X);
    assert!(h.state().session().unwrap().is_modified());
    let path = root.join("gold").join(format!("{DOC}.json"));
    assert!(!path.exists(), "nothing written before Ctrl+S");
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!h.state().session().unwrap().is_modified());
    let file = native::load(&path).unwrap();
    let p = Project::open(&root).unwrap();
    let problems = file.validate(p.schema());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(file.annotations.annotator, "gold");
    assert_eq!(file.annotations.frames(), gold(&h).frames());
    assert_eq!(rejections(&file.annotations).unwrap().len(), 1);
    assert_eq!(
        p.load_gold(DOC).unwrap().unwrap().frames().len(),
        file.annotations.frames().len()
    );
}

#[test]
fn project_figures_arrive_from_the_worker() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    h.get_by_label("Agreement").click();
    // The worker thread answers while frames keep running; bounded by steps, not time.
    for _ in 0..200 {
        if h.state().review().unwrap().figures.project().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run_steps(1);
    }
    let r = h.state().review().unwrap();
    let report = r.figures.project().unwrap().as_ref().unwrap();
    assert_eq!(report.documents, [DOC]);
    assert_eq!(report.pairs.len(), 3);
    let doc = r.figures.document().unwrap();
    assert_eq!(doc.pairs[0].cohen_kappa, report.pairs[0].cohen_kappa);
    h.run_steps(2);
    assert!(h.query_all_by_label("alice/bob").count() >= 1);
}

/// One definition of "open": the header and the status bar after "Accept all agreed" agree.
/// Alice's [230, 293) (reported via WSJ's [90, 293)) accepted first keeps its link once the
/// report, which all three agree on, arrives.
#[test]
fn accept_all_after_a_nested_frame_links_it_and_counts_as_the_header() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    press(&mut h, Modifiers::NONE, Key::N);
    let i = h.state().review().unwrap().current.unwrap();
    assert_eq!(h.state().review().unwrap().rows()[i].span.start, 230);
    press(&mut h, Modifiers::ALT, Key::Num1);
    h.get_by_label("Disagreements (14 open of 15)");
    press(&mut h, Modifiers::COMMAND | Modifiers::SHIFT, Key::A);
    let g = gold(&h);
    let at = |s: usize, e: usize| {
        g.frames()
            .iter()
            .find(|f| f.claim.extent() == stancemark::model::Span::new(s, e))
            .unwrap()
    };
    assert_eq!(at(230, 293).via.as_deref(), Some(at(90, 293).id.as_str()));
    assert_eq!(g.frames().len(), 11);
    assert_eq!(
        h.state().status(),
        "accepted 10 frames on which at least 3 agree; 14 open of 15 disagreements"
    );
    h.get_by_label("Disagreements (14 open of 15)");
    assert_eq!(h.state().review().unwrap().counts(), (14, 15));
}

/// The per-stance chart names every stance and shows a bar's value on hover. Alice and carol
/// both mark 4 and 5 assessment claims; all 4 of alice's overlap one of carol's, one to one:
/// span F1 (overlap) = 2·4 / (4 + 5) = 0.889.
#[test]
fn hovering_a_bar_of_the_stance_chart_shows_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    h.get_by_label("Agreement").click();
    h.run_steps(3);
    // The document's chart comes first (the project's follows).
    let top = h
        .query_all_by_label("Span F1 (overlap) per stance")
        .next()
        .unwrap()
        .rect();
    let want = "Assessment / analysis\nalice/carol\nspan F1 (overlap): 0.889";
    let mut found = false;
    // Down the plot, left of its middle: every row's bars, one after the other.
    for dy in (20..400).step_by(3) {
        h.hover_at(egui::pos2(top.min.x + 200.0, top.max.y + dy as f32));
        h.run_steps(3);
        if h.query_all_by_label(want).next().is_some() {
            found = true;
            break;
        }
    }
    assert!(found, "no tooltip {want:?}");
}
