//! The workbench on a file whose quotes no longer match its text: re-anchoring on open, the
//! banner, and the review queue of moved and orphaned frames.

use std::path::{Path, PathBuf};

use egui::{Event, Key, Modifiers};
use egui_kittest::kittest::Queryable;
use egui_kittest::Harness;

use stancemark::model::AnchorState;
use stancemark::ui::App;

const CLAIM: &str = "Iran is not winning this war";

fn harness(path: &Path, storage: PathBuf) -> Harness<'static, App> {
    let app = App::new_for_test(Some(path), Some(storage));
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .allow_missing_glyphs()
        .build_eframe(move |_| app);
    h.run_steps(3);
    h
}

/// The sample, with its article corrected after the annotations were made: a word inserted at
/// the start (every quote moves) and the sentence of CLAIM rewritten (its frame is orphaned).
fn corrected_sample(dir: &Path) -> PathBuf {
    let json =
        std::fs::read_to_string(crate::sample_path("iran-talks-signals.stance.json")).unwrap();
    // Only the document's text changes (it comes before the frames); frames keep their quotes.
    let frames_at = json.find("\"frames\"").unwrap();
    let text_at = json.find("\"text\": \"").unwrap() + "\"text\": \"".len();
    assert!(text_at < frames_at);
    let head = format!("{}UPDATE: {}", &json[..text_at], &json[text_at..frames_at]).replacen(
        CLAIM,
        "the outcome is open",
        1,
    );
    let tail = &json[frames_at..];
    let p = dir.join("corrected.stance.json");
    std::fs::write(&p, format!("{head}{tail}")).unwrap();
    p
}

fn find(h: &mut Harness<'_, App>, needle: &str) {
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    h.event(Event::Text(needle.to_owned()));
    h.run_steps(2);
    h.key_press(Key::Enter);
    h.run_steps(2);
    h.key_press(Key::Escape);
    h.run_steps(2);
}

fn anchor_of(h: &Harness<'_, App>, id: &str) -> Option<AnchorState> {
    h.state()
        .session()
        .unwrap()
        .annotations()
        .frame(id)
        .map(|f| f.anchor)
}

#[test]
fn opening_a_corrected_file_reanchors_and_lists_moved_and_orphaned_frames() {
    let dir = tempfile::tempdir().unwrap();
    let path = corrected_sample(dir.path());
    let before = stancemark::io::native::load(&path).unwrap();
    let mut h = harness(&path, dir.path().to_path_buf());

    let s = h.state().session().expect("opened");
    assert_eq!(
        s.annotations().frames().len(),
        before.annotations.frames().len(),
        "no frame dropped"
    );
    let orphan = s
        .annotations()
        .frames()
        .iter()
        .find(|f| f.claim.first().text == CLAIM)
        .expect("the frame whose claim was rewritten is kept")
        .clone();
    assert_eq!(orphan.anchor, AnchorState::Orphaned);
    let orphaned = s
        .annotations()
        .frames()
        .iter()
        .filter(|f| f.anchor == AnchorState::Orphaned)
        .count();
    let moved: Vec<String> = s
        .annotations()
        .frames()
        .iter()
        .filter(|f| f.anchor == AnchorState::Moved)
        .map(|f| f.id.clone())
        .collect();
    assert!(!moved.is_empty() && orphaned >= 1);
    assert!(
        s.is_modified(),
        "re-anchoring is an edit, saved with the file"
    );

    // The banner and the section tell the user.
    h.get_by_label_contains(&format!(
        "{} frames found again (moved), {orphaned} not found",
        moved.len()
    ));
    h.get_by_label_contains(&format!(
        "Re-anchoring: {orphaned} orphaned, {} moved",
        moved.len()
    ));
    h.get_by_label_contains(&format!("{} orphaned: “{CLAIM}”", orphan.id));

    // Confirm a moved frame: exact again.
    h.get_by_label(&format!("Confirm {}", moved[0])).click();
    h.run_steps(2);
    assert_eq!(anchor_of(&h, &moved[0]), Some(AnchorState::Exact));

    // Select an orphaned frame from the queue.
    h.get_by_label(&format!("Select {}", orphan.id)).click();
    h.run_steps(2);
    assert_eq!(h.state().selected_frame(), Some(orphan.id.as_str()));

    // Re-attach it to text the user selects.
    find(&mut h, "the outcome is open");
    h.get_by_label(&format!("Re-attach {}", orphan.id)).click();
    h.run_steps(2);
    let f = h
        .state()
        .session()
        .unwrap()
        .annotations()
        .frame(&orphan.id)
        .unwrap()
        .clone();
    assert_eq!(f.anchor, AnchorState::Exact);
    assert_eq!(f.claim.first().text, "the outcome is open");
    assert_eq!(
        h.state()
            .session()
            .unwrap()
            .document
            .text
            .slice(f.claim.first().span),
        Some("the outcome is open")
    );

    // Delete another moved frame from the queue; undo brings it back.
    let victim = moved[1].clone();
    h.get_by_label(&format!("Delete {victim}")).click();
    h.run_steps(2);
    assert_eq!(anchor_of(&h, &victim), None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(anchor_of(&h, &victim), Some(AnchorState::Moved));

    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.state().session().unwrap().reanchor_notice.is_none());
}

#[test]
fn dismiss_hides_the_banner_and_changes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = corrected_sample(dir.path());
    let mut h = harness(&path, dir.path().to_path_buf());
    let s = h.state().session().unwrap();
    let notice = s
        .reanchor_notice
        .clone()
        .expect("a banner after re-anchoring");
    let (revision, frames) = (s.history().revision(), s.annotations().clone());
    h.get_by_label(&notice);
    h.get_by_label("Dismiss").click();
    h.run_steps(2);
    assert!(h.query_by_label(&notice).is_none(), "the banner is gone");
    let s = h.state().session().unwrap();
    assert!(s.reanchor_notice.is_none());
    assert_eq!(
        s.history().revision(),
        revision,
        "dismissing is not an edit"
    );
    assert_eq!(s.annotations(), &frames);
    assert!(
        s.is_modified(),
        "the re-anchoring itself is still to be saved"
    );
}
