//! Suggested frames in the workbench, driven by keys in egui_kittest and checked in the saved
//! file: J steps to a suggestion, A accepts it (S then fixes its source), a stance key accepts
//! it with that stance, R rejects it (remembered in the file), Shift+A accepts a paragraph's;
//! E makes a frame from a selected cue the lexicon does not know; F and Shift+Delete add and
//! remove a fragment of the selected frame's claim.

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use serde_json::Value;

use crate::util::{find, open, press, session};
use stancemark::ui::App;

/// Three paragraphs; the finder proposes, in text order (hand-checked against the rules):
/// 1. "We will not back down" — source "the minister", cue "said" (rule quote-source-cue);
/// 2. "Police accused the group of arson" — "a spokesman", "said" (clause-source-cue);
/// 3. "arson" — "Police", "accused" (cue-target-of);
/// 4. "strikes would follow" — "The union", "warned" (source-cue-clause).
///
/// "murmured" is no cue of the lexicon: nothing is proposed for the last paragraph.
const ARTICLE: &str = "\"We will not back down,\" the minister said.\n\
Police accused the group of arson, a spokesman said.\n\
The union warned that strikes would follow.\n\
Officials murmured that the deal was dead.\n";

fn article(dir: &Path) -> PathBuf {
    let p = dir.join("talks.txt");
    std::fs::write(&p, ARTICLE).unwrap();
    p
}

/// The workbench on the article, once the background run has answered.
fn opened(dir: &Path) -> Harness<'static, App> {
    let mut h = open(Some(&article(dir)), Some(dir.join("storage")));
    for _ in 0..400 {
        if !h.state().suggestions().running() && !h.state().suggestions().shown().is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.run_steps(1);
    }
    assert_eq!(
        h.state().suggestions().shown().len(),
        4,
        "the four suggestions"
    );
    h
}

/// Saves with Ctrl+S and reads the saved file back as JSON.
fn saved(h: &mut Harness<'_, App>, dir: &Path) -> Value {
    press(h, Modifiers::COMMAND, Key::S);
    let text = std::fs::read_to_string(dir.join("talks.stance.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn key(h: &mut Harness<'_, App>, k: Key) {
    press(h, Modifiers::NONE, k);
}

#[test]
fn j_then_a_accepts_with_provenance_and_s_fixes_the_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = opened(dir.path());
    key(&mut h, Key::J);
    let cur = h.state().suggestions().current().unwrap().clone();
    assert_eq!(cur.claim.first().text, "We will not back down");
    key(&mut h, Key::A);
    assert_eq!(
        h.state().selected_frame(),
        Some("f1"),
        "the new frame is selected"
    );
    // The usual S key fixes a role of the accepted frame.
    find(&mut h, "minister");
    key(&mut h, Key::S);
    let v = saved(&mut h, dir.path());
    let f = &v["frames"][0];
    assert_eq!(f["id"], "f1");
    assert_eq!(f["claim"]["text"], "We will not back down");
    assert_eq!(
        (f["claim"]["start"].as_u64(), f["claim"]["end"].as_u64()),
        (Some(1), Some(22))
    );
    assert_eq!(f["cue"]["text"], "said");
    assert_eq!(f["source"]["span"]["text"], "minister");
    assert_eq!(f["provenance"]["method"], "suggested");
    assert_eq!(f["provenance"]["rule"], "quote-source-cue");
    assert!(v.get("rejected_suggestions").is_none());
    // Shown suggestions were never written as pending ones.
    assert!(v.get("suggestions").is_none());
    assert_eq!(v["frames"].as_array().unwrap().len(), 1);
}

#[test]
fn a_stance_key_on_the_current_suggestion_accepts_it_with_that_stance() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = opened(dir.path());
    key(&mut h, Key::J);
    key(&mut h, Key::J);
    assert_eq!(
        h.state()
            .suggestions()
            .current()
            .unwrap()
            .claim
            .first()
            .text,
        "Police accused the group of arson"
    );
    key(&mut h, Key::Num3); // denial in the default schema
    let v = saved(&mut h, dir.path());
    let f = &v["frames"][0];
    assert_eq!(f["claim"]["text"], "Police accused the group of arson");
    assert_eq!(f["stance"], "denial");
    assert_eq!(f["source"]["span"]["text"], "a spokesman");
    assert_eq!(f["provenance"]["rule"], "clause-source-cue");
}

#[test]
fn r_rejects_and_the_rejection_is_saved_and_not_proposed_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = opened(dir.path());
    key(&mut h, Key::J);
    key(&mut h, Key::R);
    // The next one is current at once.
    assert_eq!(
        h.state()
            .suggestions()
            .current()
            .unwrap()
            .claim
            .first()
            .text,
        "Police accused the group of arson"
    );
    for _ in 0..400 {
        if !h.state().suggestions().running() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.run_steps(1);
    }
    assert_eq!(
        h.state().suggestions().shown().len(),
        3,
        "the rejected one stays away"
    );
    let v = saved(&mut h, dir.path());
    assert_eq!(v["frames"].as_array().unwrap().len(), 0);
    let r = &v["rejected_suggestions"][0];
    assert_eq!(r["rule"], "quote-source-cue");
    assert_eq!(r["claim"]["text"], "We will not back down");
    assert_eq!(r["cue"]["text"], "said");
    // Undo takes the rejection back.
    press(&mut h, Modifiers::COMMAND, Key::Z);
    assert!(session(&h).annotations().rejected_suggestions().is_empty());
}

#[test]
fn shift_a_accepts_every_suggestion_of_the_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = opened(dir.path());
    key(&mut h, Key::J);
    key(&mut h, Key::J); // the second paragraph, with two suggestions
    press(&mut h, Modifiers::SHIFT, Key::A);
    let v = saved(&mut h, dir.path());
    let claims: Vec<&str> = v["frames"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["claim"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(claims, vec!["Police accused the group of arson", "arson"]);
}

#[test]
fn e_on_a_cue_the_lexicon_does_not_know_makes_a_frame_to_correct() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = opened(dir.path());
    find(&mut h, "murmured");
    key(&mut h, Key::E);
    assert_eq!(h.state().selected_frame(), Some("f1"));
    let v = saved(&mut h, dir.path());
    let f = &v["frames"][0];
    assert_eq!(f["cue"]["text"], "murmured");
    assert_eq!(f["claim"]["text"], "the deal was dead");
    assert_eq!(f["source"]["span"]["text"], "Officials");
    assert_eq!(f["stance"], "report");
}

#[test]
fn f_adds_a_claim_fragment_and_shift_delete_removes_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = opened(dir.path());
    find(&mut h, "We will not");
    key(&mut h, Key::Num2); // a warning frame on the first piece
    find(&mut h, "back down");
    key(&mut h, Key::F);
    let v = saved(&mut h, dir.path());
    let frags = v["frames"][0]["claim"]["fragments"].as_array().unwrap();
    let texts: Vec<&str> = frags.iter().map(|f| f["text"].as_str().unwrap()).collect();
    assert_eq!(texts, vec!["We will not", "back down"]);
    assert_eq!(frags[1]["start"], 13);
    assert_eq!(frags[1]["end"], 22);
    // The caret in the second piece: Shift+Delete removes that fragment.
    find(&mut h, "down");
    press(&mut h, Modifiers::SHIFT, Key::Delete);
    let v = saved(&mut h, dir.path());
    assert_eq!(v["frames"][0]["claim"]["text"], "We will not");
    assert!(v["frames"][0]["claim"].get("fragments").is_none());
}

/// Runs frames until the background run has answered.
fn settle(h: &mut Harness<'_, App>) {
    for _ in 0..400 {
        if !h.state().suggestions().running() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.run_steps(1);
    }
}

#[test]
fn undo_of_an_accept_brings_the_suggestion_back_and_hidden_suggestions_take_no_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = opened(dir.path());
    key(&mut h, Key::J);
    key(&mut h, Key::A);
    settle(&mut h);
    assert_eq!(h.state().suggestions().shown().len(), 3);
    press(&mut h, Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    assert!(session(&h).annotations().frames().is_empty());
    assert_eq!(
        h.state().suggestions().shown().len(),
        4,
        "shown again after undo"
    );
    // View ▸ Suggestions off: J and A do nothing.
    h.state_mut()
        .push_command(stancemark::ui::command::Command::ToggleSuggestions);
    h.run_steps(2);
    key(&mut h, Key::J);
    assert!(
        h.state().status().contains("hidden"),
        "{}",
        h.state().status()
    );
    key(&mut h, Key::A);
    assert!(session(&h).annotations().frames().is_empty());
}

/// The ghost frames are drawn where their claims are (one outline per row of each claim, the
/// current suggestion's drawn apart), and their meshes are kept while nothing changes.
#[test]
fn ghosts_outline_the_suggested_claims_and_are_kept_while_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = opened(dir.path());
    h.run_steps(2);
    let claims = |h: &Harness<'_, App>, skip: Option<usize>| -> Vec<egui::Rect> {
        let app = h.state();
        let shown = app.suggestions().shown();
        let mut out: Vec<egui::Rect> = (shown.iter().enumerate())
            .filter(|&(i, _)| Some(i) != skip)
            .flat_map(|(_, s)| s.claim.spans().collect::<Vec<_>>())
            .flat_map(|span| app.span_screen_rects(span))
            .collect();
        out.sort_by(|a, b| (a.min.y, a.min.x).partial_cmp(&(b.min.y, b.min.x)).unwrap());
        out
    };
    // Each outline lies just outside its claim's row: within two points of it on every side.
    let around = |outlines: &[egui::Rect], claims: &[egui::Rect]| {
        assert_eq!(outlines.len(), claims.len(), "{outlines:?} {claims:?}");
        for (o, c) in outlines.iter().zip(claims) {
            assert!(o.contains_rect(*c), "{o:?} around {c:?}");
            assert!(c.expand(2.0).contains_rect(*o), "{o:?} near {c:?}");
        }
    };
    let outlines = h.state().ghost_outlines();
    // The four claims of the article, each on one row.
    assert_eq!(outlines.len(), 4);
    around(&outlines, &claims(&h, None));
    let built = h.state().ghost_meshes_built();
    h.run_steps(3);
    assert_eq!(h.state().ghost_meshes_built(), built, "nothing built again");
    // J: the first suggestion is current, outlined on its own; the other three as ghosts.
    key(&mut h, Key::J);
    h.run_steps(1);
    assert_eq!(h.state().suggestions().current, Some(0));
    around(&h.state().ghost_outlines(), &claims(&h, Some(0)));
}
