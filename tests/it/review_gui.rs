//! Review mode driven headless through egui_kittest on a copy of `samples/review-project`
//! (alice, bob and carol disagree on the sample article): the disagreement list and the result
//! of "Accept all agreed" against what a reader of the three files finds by hand, N / Shift+N,
//! accept, reject, undo, and saving gold.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::io::native;
use stancemark::model::AnnotationSet;
use stancemark::project::Project;
use stancemark::review::adjudicate::{Method, Provenance};
use stancemark::review::resolve::rejections;
use stancemark::ui::review::RowState;
use stancemark::ui::App;

use crate::util::{self, press, review_project_copy, session};

const DOC: &str = "iran-talks-signals";

/// The sample project copied into a temporary folder.
fn project_copy(dir: &Path) -> PathBuf {
    review_project_copy(dir, "review-project")
}

/// Review mode on the sample document, with `annotators` ticked (default: all).
fn harness(root: &Path, annotators: Option<&[String]>) -> Harness<'static, App> {
    let mut app = App::new_for_test(None, Some(root.join(".storage")));
    assert!(
        app.open_review(root, DOC, annotators),
        "{:?}",
        app.load_error()
    );
    util::harness(app)
}

fn gold(h: &Harness<'_, App>) -> AnnotationSet {
    session(h).annotations().clone()
}

/// A group of the list: its heading if it is a disagreement, and its (annotator, frame id)s.
type Group = (
    Option<&'static str>,
    &'static [(&'static str, &'static str)],
);

/// The groups of aligned frames on the sample article, in text order, as a reader of the three
/// files finds them: the heading the list shows for each disagreement (its number counts the
/// agreed groups too, which the list hides), and the frames of each annotator in it. `None`:
/// a group all three agree on exactly.
///
/// Carol's report f12 starts where the nested threat does ([1676, 1815)), so it pairs with
/// alice's and bob's threat f13 (equal claims first) and their reports f12 miss her.
const GROUPS: [Group; 25] = [
    (None, &[("alice", "f1"), ("bob", "f1"), ("carol", "f1")]),
    (
        Some("2 · missing · [230, 293) · open"),
        &[("alice", "f2"), ("bob", "f2")],
    ),
    (None, &[("alice", "f3"), ("bob", "f3"), ("carol", "f3")]),
    (None, &[("alice", "f4"), ("bob", "f4"), ("carol", "f4")]),
    (
        Some("5 · missing · [795, 848) · open"),
        &[("alice", "f5"), ("carol", "f5")],
    ),
    // bob's claim takes in "that"
    (
        Some("6 · boundary · [872, 1020) · open"),
        &[("alice", "f6"), ("bob", "f6"), ("carol", "f6")],
    ),
    // alice's takes in the full stop; bob has no cue
    (
        Some("7 · boundary · [1033, 1102) · open"),
        &[("alice", "f7"), ("bob", "f7"), ("carol", "f7")],
    ),
    (None, &[("alice", "f8"), ("bob", "f8"), ("carol", "f8")]),
    (
        Some("9 · missing · [1158, 1247) · open"),
        &[("bob", "f9"), ("carol", "f9")],
    ),
    (None, &[("alice", "f10"), ("bob", "f10"), ("carol", "f10")]),
    (
        Some("11 · missing · [1533, 1603) · open"),
        &[("alice", "f11"), ("bob", "f11")],
    ),
    (
        Some("12 · missing · [1629, 1815) · open"),
        &[("alice", "f12"), ("bob", "f12")],
    ),
    (
        Some("13 · stance · [1676, 1815) · open"),
        &[("alice", "f13"), ("bob", "f13"), ("carol", "f12")],
    ),
    (None, &[("alice", "f14"), ("bob", "f14"), ("carol", "f14")]),
    (None, &[("alice", "f15"), ("bob", "f15"), ("carol", "f15")]),
    (None, &[("alice", "f16"), ("bob", "f16"), ("carol", "f16")]),
    (None, &[("alice", "f17"), ("bob", "f17"), ("carol", "f17")]),
    // bob names the Egyptian ministry as the source, the others the 20 foreign ministers
    (
        Some("18 · attribution: source · [2377, 2458) · open"),
        &[("alice", "f18"), ("bob", "f18"), ("carol", "f18")],
    ),
    // and carol the other way round
    (
        Some("19 · attribution: source · [2503, 2589) · open"),
        &[("alice", "f19"), ("bob", "f19"), ("carol", "f19")],
    ),
    (None, &[("alice", "f20"), ("bob", "f20"), ("carol", "f20")]),
    // demand, demand, warning
    (
        Some("21 · stance · [2777, 2825) · open"),
        &[("alice", "f21"), ("bob", "f21"), ("carol", "f21")],
    ),
    // denial, assessment, denial
    (
        Some("22 · stance · [2955, 2975) · open"),
        &[("alice", "f22"), ("bob", "f22"), ("carol", "f22")],
    ),
    // accusation, accusation, condemnation
    (
        Some("23 · stance · [2998, 3049) · open"),
        &[("alice", "f23"), ("bob", "f23"), ("carol", "f23")],
    ),
    // bob's claim starts at "Even during the discussions"
    (
        Some("24 · boundary · [3061, 3194) · open"),
        &[("alice", "f24"), ("bob", "f24"), ("carol", "f24")],
    ),
    (
        Some("25 · missing · [3207, 3247) · open"),
        &[("alice", "f25"), ("carol", "f25")],
    ),
];

/// The list positions (into all groups) of the disagreements in [`GROUPS`].
const DISAGREEMENT_ROWS: [usize; 15] = [1, 4, 5, 6, 8, 10, 11, 12, 17, 18, 20, 21, 22, 23, 24];

/// A row's frames as (annotator, frame id).
fn frame_ids(h: &Harness<'_, App>, frames: &[(usize, usize)]) -> Vec<(String, String)> {
    let r = h.state().review().unwrap();
    let (names, sets) = (r.chosen_names(), r.sets());
    frames
        .iter()
        .map(|&(a, k)| (names[a].clone(), sets[a].frames()[k].id.clone()))
        .collect()
}

#[test]
fn the_list_holds_the_disagreements_a_reader_finds() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let h = harness(&root, None);
    let review = h.state().review().unwrap();
    assert_eq!(review.chosen_names(), ["alice", "bob", "carol"]);
    let rows = review.rows();
    assert_eq!(rows.len(), GROUPS.len());
    for (i, (row, (heading, frames))) in rows.iter().zip(GROUPS).enumerate() {
        let expected: Vec<(String, String)> = frames
            .iter()
            .map(|&(a, f)| (a.to_owned(), f.to_owned()))
            .collect();
        assert_eq!(frame_ids(&h, &row.frames), expected, "group {}", i + 1);
        match heading {
            Some(heading) => {
                assert_eq!(row.state, RowState::Open);
                // The list shows it, as written here.
                h.get_by_label(heading);
            }
            None => assert_eq!(row.kind, None, "group {} is agreed", i + 1),
        }
    }
    assert_eq!(review.visible(), DISAGREEMENT_ROWS);
    h.get_by_label("Disagreements (15 open of 15)");
    h.get_by_label("alice");
    h.get_by_label("carol");
}

#[test]
fn n_and_shift_n_walk_the_list_and_wrap() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    let visible = DISAGREEMENT_ROWS;
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(h.state().review().unwrap().current, Some(visible[0]));
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(h.state().review().unwrap().current, Some(visible[1]));
    press(&mut h, Modifiers::SHIFT, Key::N);
    press(&mut h, Modifiers::SHIFT, Key::N);
    assert_eq!(
        h.state().review().unwrap().current,
        Some(24),
        "wraps to the last"
    );
    // The current row is expanded with each annotator's version and its buttons.
    h.get_by_label("Reject");
}

/// (claim, stance, agreeing frames) of the open gold set's frames.
fn gold_claims(h: &Harness<'_, App>) -> Vec<([usize; 2], String, Vec<String>)> {
    gold(h)
        .frames()
        .iter()
        .map(|f| {
            let p = Provenance::of(f).unwrap().unwrap();
            assert_eq!(
                (p.method, p.adjudicator.as_str()),
                (Method::Accepted, "tester")
            );
            let agreed = p
                .agreed
                .iter()
                .map(|o| format!("{}:{}", o.annotator, o.frame))
                .collect();
            (
                [f.claim.extent().start, f.claim.extent().end],
                f.stance.clone(),
                agreed,
            )
        })
        .collect()
}

#[test]
fn accept_puts_that_annotators_frame_into_gold_with_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    // Group 6: bob's claim takes in "that" ([872, 1020)); alice's and carol's start at 877.
    h.get_by_label("6 · boundary · [872, 1020) · open").click();
    h.run_steps(2);
    assert_eq!(h.state().review().unwrap().current, Some(5));
    // The list scrolls the current row into view with an animation: let it settle first.
    h.run();
    h.get_by_label("Accept bob").click();
    h.run_steps(2);
    let bobs = vec![(
        [872, 1020],
        "assessment".to_owned(),
        vec!["bob:f6".to_owned()],
    )];
    assert_eq!(gold_claims(&h), bobs);
    let g = gold(&h);
    assert_eq!(
        g.frames()[0].claim.first().text,
        "that Israel, currently dominating the airspace over Iran, is in a position to attempt \
         additional strikes on nuclear facilities and weaken the regime"
    );
    h.get_by_label("6 · boundary · [872, 1020) · accepted (bob)");
    assert_eq!(h.state().selected_frame(), Some(g.frames()[0].id.as_str()));
    // Alt+1 replaces it with alice's version, which carol's agrees with; undo brings bob's back.
    press(&mut h, Modifiers::ALT, Key::Num1);
    assert_eq!(
        gold_claims(&h),
        [(
            [877, 1020],
            "assessment".to_owned(),
            vec!["alice:f6".to_owned(), "carol:f6".to_owned()]
        )]
    );
    h.get_by_label("6 · boundary · [872, 1020) · accepted (alice, carol)");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(gold(&h), g);
}

#[test]
fn reject_resolves_with_nothing_in_gold_and_undo_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    // N goes to the first disagreement: alice's and bob's nested proposal, which carol lacks.
    press(&mut h, Modifiers::NONE, Key::N);
    assert_eq!(h.state().review().unwrap().current, Some(1));
    press(&mut h, Modifiers::NONE, Key::X);
    let g = gold(&h);
    assert!(g.frames().is_empty());
    assert_eq!(
        g.extra["rejected"],
        serde_json::json!([{"claim": [230, 293], "frames": [
            {"annotator": "alice", "frame": "f2"},
            {"annotator": "bob", "frame": "f2"}
        ]}])
    );
    assert_eq!(rejections(&g).unwrap().len(), 1);
    assert_eq!(
        h.state().review().unwrap().rows()[1].state,
        RowState::Rejected
    );
    h.get_by_label("2 · missing · [230, 293) · rejected");
    h.get_by_label("Disagreements (14 open of 15)");
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert_eq!(h.state().review().unwrap().rows()[1].state, RowState::Open);
    h.get_by_label("2 · missing · [230, 293) · open");
    assert!(gold(&h).extra.is_empty());
}

/// A gold frame: id, claim [start, end), stance, via, "annotator:frame …" it agrees with.
type Accepted = (
    &'static str,
    [usize; 2],
    &'static str,
    Option<&'static str>,
    &'static str,
);

/// Gold after "Accept all agreed" with K = 2 on the sample, read off the three files: every
/// group in which two versions agree exactly (claim, stance, source, cue, target), by gold id
/// in text order: claim, stance, the frame it reports (`via`, a gold id), and the agreeing
/// frames. Group 7 (f7: alice's claim takes in the full stop, bob has no cue) is the only one
/// left out.
const AUTO_ACCEPTED_K2: [Accepted; 24] = [
    ("f1", [90, 293], "report", None, "alice:f1 bob:f1 carol:f1"),
    ("f2", [230, 293], "proposal", Some("f1"), "alice:f2 bob:f2"),
    ("f3", [366, 563], "report", None, "alice:f3 bob:f3 carol:f3"),
    (
        "f4",
        [408, 563],
        "proposal",
        Some("f3"),
        "alice:f4 bob:f4 carol:f4",
    ),
    (
        "f5",
        [795, 848],
        "proposal",
        Some("f3"),
        "alice:f5 carol:f5",
    ),
    ("f6", [877, 1020], "assessment", None, "alice:f6 carol:f6"),
    (
        "f7",
        [1131, 1247],
        "assessment",
        None,
        "alice:f8 bob:f8 carol:f8",
    ),
    (
        "f8",
        [1158, 1247],
        "assessment",
        Some("f7"),
        "bob:f9 carol:f9",
    ),
    (
        "f9",
        [1514, 1603],
        "assessment",
        None,
        "alice:f10 bob:f10 carol:f10",
    ),
    (
        "f10",
        [1533, 1603],
        "proposal",
        Some("f9"),
        "alice:f11 bob:f11",
    ),
    ("f11", [1629, 1815], "report", None, "alice:f12 bob:f12"),
    (
        "f12",
        [1676, 1815],
        "threat",
        Some("f11"),
        "alice:f13 bob:f13",
    ),
    (
        "f13",
        [1845, 1934],
        "report",
        None,
        "alice:f14 bob:f14 carol:f14",
    ),
    (
        "f14",
        [1886, 1934],
        "demand",
        Some("f13"),
        "alice:f15 bob:f15 carol:f15",
    ),
    (
        "f15",
        [2032, 2110],
        "demand",
        Some("f13"),
        "alice:f16 bob:f16 carol:f16",
    ),
    (
        "f16",
        [2169, 2237],
        "condemnation",
        None,
        "alice:f17 bob:f17 carol:f17",
    ),
    ("f17", [2377, 2458], "demand", None, "alice:f18 carol:f18"),
    ("f18", [2503, 2589], "support", None, "alice:f19 bob:f19"),
    (
        "f19",
        [2738, 2766],
        "warning",
        None,
        "alice:f20 bob:f20 carol:f20",
    ),
    ("f20", [2777, 2825], "demand", None, "alice:f21 bob:f21"),
    ("f21", [2955, 2975], "denial", None, "alice:f22 carol:f22"),
    ("f22", [2998, 3049], "accusation", None, "alice:f23 bob:f23"),
    (
        "f23",
        [3090, 3194],
        "accusation",
        None,
        "alice:f24 carol:f24",
    ),
    ("f24", [3207, 3247], "threat", None, "alice:f25 carol:f25"),
];

type GoldRow = (String, [usize; 2], String, Option<String>, String);

/// Gold frames in the shape of [`AUTO_ACCEPTED_K2`]; every one must be an automatic acceptance
/// by the test's adjudicator.
fn gold_summary(gold: &AnnotationSet) -> Vec<GoldRow> {
    gold.frames()
        .iter()
        .map(|f| {
            let p = Provenance::of(f).unwrap().unwrap();
            assert_eq!((p.method, p.adjudicator.as_str()), (Method::Auto, "tester"));
            let agreed: Vec<String> = p
                .agreed
                .iter()
                .map(|o| format!("{}:{}", o.annotator, o.frame))
                .collect();
            (
                f.id.clone(),
                [f.claim.extent().start, f.claim.extent().end],
                f.stance.clone(),
                f.via.clone(),
                agreed.join(" "),
            )
        })
        .collect()
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
    // K from 3 down to 2 in the spin box next to the button
    // (a click selects the number for typing over it).
    let k = "How many annotators must agree";
    h.get_by_label(k).click();
    h.run_steps(2);
    h.get_by_label(k).type_text("2");
    h.run_steps(2);
    press(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().review().unwrap().k(), 2);
    h.get_by_label("Accept all agreed").click();
    h.run_steps(2);
    let after = gold(&h);
    let expected: Vec<GoldRow> = AUTO_ACCEPTED_K2
        .iter()
        .map(|&(id, claim, stance, via, agreed)| {
            (
                id.into(),
                claim,
                stance.into(),
                via.map(Into::into),
                agreed.into(),
            )
        })
        .collect();
    assert_eq!(gold_summary(&after), expected);
    h.get_by_label("Disagreements (1 open of 15)");
    h.get_by_label("7 · boundary · [1033, 1102) · open");
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
    assert!(session(&h).is_modified());
    let path = root.join("gold").join(format!("{DOC}.json"));
    assert!(!path.exists(), "nothing written before Ctrl+S");
    press(&mut h, Modifiers::COMMAND, Key::S);
    assert!(!session(&h).is_modified());
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
    // The figures the README publishes for the sample (one document: the project's are the
    // document's).
    let three = |s: stancemark::review::Score| format!("{:.3}", s.value().unwrap());
    for report in [report, r.figures.document().unwrap()] {
        let kappas: Vec<String> = report.pairs.iter().map(|p| three(p.cohen_kappa)).collect();
        assert_eq!(kappas, ["0.939", "0.828", "0.765"]);
        assert_eq!(three(report.fleiss_kappa), "0.844");
        assert_eq!(three(report.alpha_u.overall), "0.927");
    }
    h.run_steps(2);
    assert!(h.query_all_by_label("alice/bob").count() >= 1);
    assert!(
        h.query_all_by_label("0.939").count() >= 1,
        "the tab shows alice/bob's kappa"
    );
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

/// The Agreement tab shows the stance confusion of the chosen annotators as a heat map whose
/// cells are named. Pooled over the three pairs (counted from the files): alice and bob call
/// f22 denial and assessment; two pairs split accusation / condemnation.
#[test]
fn agreement_tab_shows_the_stance_confusion_heat_map() {
    let dir = tempfile::tempdir().unwrap();
    let root = project_copy(dir.path());
    let mut h = harness(&root, None);
    h.get_by_label("Agreement").click();
    h.run_steps(2);
    assert!(h
        .query_all_by_label("Stance confusion (matched claims)")
        .next()
        .is_some());
    assert!(h
        .query_all_by_label("Accusation × Condemnation / criticism: 2")
        .next()
        .is_some());
    assert!(h
        .query_all_by_label("Denial / rejection × Assessment / analysis: 1")
        .next()
        .is_some());
    let c = h
        .state()
        .review()
        .unwrap()
        .figures
        .document_confusion()
        .unwrap();
    assert_eq!(c.pooled.stance.total, 22 + 21 + 20);
}
