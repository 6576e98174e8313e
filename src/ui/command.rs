//! Every user intent as a [`Command`], and the one table of keyboard shortcuts.
//!
//! The key handler ([`match_key`]) and the help screen ([`help_rows`]) both read
//! [`shortcuts`] plus the schema's stance hotkeys, so the help can never disagree with the keys.
//! Views push commands during a frame (keys, clicks, dialog answers, banner dismissals, the
//! answers of worker threads); `App::apply` applies them in one place.

use std::path::PathBuf;
use std::sync::LazyLock;

use egui::Key;

use super::theme::ThemeChoice;
use crate::io::export::ExportSummary;
use crate::model::{Schema, SpanRole, Transaction};
use crate::project::import::ImportReport;

/// One thing the user asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Open,
    OpenPath(PathBuf),
    Save,
    SaveAs,
    /// Close the window (asking first about unsaved changes).
    Quit,
    Undo,
    Redo,
    /// An annotation edit built by a panel (already described).
    Edit(Transaction),
    /// Stance hotkey: with text selected, create a frame; otherwise change the selected frame.
    Stance(String),
    /// Set the selected frame's source, cue or target from the text selection.
    SetRole(SpanRole),
    DeleteFrame,
    /// Open the picker for the selected frame's `via` (the frame that reports it).
    PickVia,
    NextFrame,
    PrevFrame,
    /// Select a frame by id and scroll it into view.
    SelectFrame(String),
    ClearSelection,
    /// Extend the text selection by characters (`false`) or words (`true`), forward or back.
    Extend {
        word: bool,
        forward: bool,
    },
    Copy,
    Find,
    FindNext,
    FindPrev,
    CloseFind,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    /// Show the help screen, or close it when it is shown.
    Help,
    SetTheme(ThemeChoice),
    /// The answer to the question (or file dialog) the workbench is waiting on.
    Answer(Answer),
    /// Close the first error window.
    DismissError,
    /// Hide the banner that says what re-anchoring did when the file was opened.
    DismissReanchorNotice,
    /// Ask for a project folder to open.
    OpenProject,
    /// Open a project document (saving the open one first).
    OpenDocument(String),
    /// The next/previous document of the filtered project list (saving first).
    NextDocument,
    PrevDocument,
    /// Toggle the open document's status done ↔ in progress, then save.
    MarkDone,
    /// Switch the current annotator (name checked as a file name).
    SetAnnotator(String),
    /// The File ▸ Import / Export windows (project mode).
    Import,
    Export,
    /// Run the Import or Export window's form (after saving the open document).
    StartTransfer,
    CloseTransfer,
    /// The import run has written its files (answer of the worker thread).
    Imported(ImportReport),
    /// The export run has written and checked its output (answer of the worker thread).
    Exported(ExportSummary),
    /// Review mode on a document of the open project (see `App::open_review`).
    OpenReview {
        doc_id: String,
    },
    CloseReview,
    NextDisagreement,
    PrevDisagreement,
    /// Make a row of the review list current (index into the review's rows).
    SelectDisagreement(usize),
    /// Accept the current disagreement's version of the `annotator`-th compared annotator into
    /// gold; with `edit`, select the new gold frame in the editor.
    Accept {
        annotator: usize,
        edit: bool,
    },
    /// Reject the current disagreement: nothing of it goes into gold.
    Reject,
    /// Accept every frame at least K compared annotators agree on, in one step.
    AcceptAllAgreed,
}

/// The answers to the workbench's questions (see `modal::Modal`). An answer that does not fit
/// the question being asked is ignored.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Unsaved changes: save them first.
    Save,
    /// Unsaved changes: go on without them.
    Discard,
    /// Any question: do nothing (a file dialog closed without a path).
    Cancel,
    /// The file changed on disk: load it again, losing the unsaved changes.
    Reload,
    /// The file changed on disk: write this version over it.
    Overwrite,
    /// The file changed on disk: write this version to another file.
    SaveAs,
    /// A recovery copy exists: restore it (one undoable step).
    Restore,
    /// A recovery copy exists: leave it.
    Ignore,
    /// The path chosen in a file dialog or typed in the path field.
    Path(PathBuf),
    /// No native file dialog could be shown: ask for the path in the window.
    NoDialog,
}

/// A key with modifiers (Ctrl means Cmd on macOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub key: Key,
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

const fn chord(key: Key, ctrl: bool, shift: bool, alt: bool) -> Chord {
    Chord {
        key,
        ctrl,
        shift,
        alt,
    }
}
const fn k(key: Key) -> Chord {
    chord(key, false, false, false)
}
const fn ctrl(key: Key) -> Chord {
    chord(key, true, false, false)
}
const fn shift(key: Key) -> Chord {
    chord(key, false, true, false)
}
const fn ctrl_shift(key: Key) -> Chord {
    chord(key, true, true, false)
}
const fn alt(key: Key) -> Chord {
    chord(key, false, false, true)
}
const fn alt_shift(key: Key) -> Chord {
    chord(key, false, true, true)
}

/// Where a shortcut works: always, only while no text field has keyboard focus (plain keys
/// such as `S` or `2` must type into a focused field instead), or only in the find bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Article,
    /// Only while the find bar has keyboard focus.
    Find,
}

/// One row of the shortcut table.
pub struct Shortcut {
    pub chord: Chord,
    pub scope: Scope,
    /// What the key asks for (cloned when it is pressed).
    pub command: Command,
    pub description: &'static str,
}

fn row(chord: Chord, scope: Scope, command: Command, description: &'static str) -> Shortcut {
    Shortcut {
        chord,
        scope,
        command,
        description,
    }
}

use Scope::{Article, Find, Global};

/// The shortcut table (stance hotkeys come from the schema, see [`stance_chord`]).
pub fn shortcuts() -> &'static [Shortcut] {
    static TABLE: LazyLock<Vec<Shortcut>> = LazyLock::new(table);
    &TABLE
}

const ACCEPT: &str = "Review: accept the version of the 1st … 9th compared annotator";
const ACCEPT_EDIT: &str =
    "Review: accept the version of the 1st … 9th compared annotator and edit it in gold";
/// The keys of the 1st … 9th compared annotator.
const DIGITS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

// One row per line, like the help screen.
#[rustfmt::skip]
fn table() -> Vec<Shortcut> {
    use Command as C;
    let extend = |word, forward| C::Extend { word, forward };
    let mut t = vec![
        row(ctrl(Key::O), Global, C::Open, "Open a file"),
        row(ctrl(Key::S), Global, C::Save, "Save"),
        row(ctrl_shift(Key::S), Global, C::SaveAs, "Save as"),
        row(ctrl(Key::Q), Global, C::Quit, "Quit"),
        row(ctrl(Key::Z), Article, C::Undo, "Undo"),
        row(ctrl_shift(Key::Z), Article, C::Redo, "Redo"),
        row(ctrl(Key::Y), Article, C::Redo, "Redo"),
        row(ctrl(Key::F), Global, C::Find, "Find in the article"),
        row(k(Key::Enter), Find, C::FindNext, "Find: select the next match"),
        row(shift(Key::Enter), Find, C::FindPrev, "Find: select the previous match"),
        row(k(Key::Escape), Find, C::CloseFind, "Find: close the bar, keep the selection"),
        row(k(Key::Escape), Article, C::ClearSelection, "Clear the text selection"),
        row(k(Key::S), Article, C::SetRole(SpanRole::Source), "Set the selected frame's source from the selection"),
        row(k(Key::C), Article, C::SetRole(SpanRole::Cue), "Set the selected frame's cue from the selection"),
        row(k(Key::T), Article, C::SetRole(SpanRole::Target), "Set the selected frame's target from the selection"),
        row(k(Key::V), Article, C::PickVia, "Pick the frame that reports the selected one (via)"),
        row(k(Key::Delete), Article, C::DeleteFrame, "Delete the selected frame"),
        row(k(Key::Tab), Article, C::NextFrame, "Next frame in text order"),
        row(shift(Key::Tab), Article, C::PrevFrame, "Previous frame in text order"),
        row(shift(Key::ArrowRight), Article, extend(false, true), "Extend the selection by a character"),
        row(shift(Key::ArrowLeft), Article, extend(false, false), "Shrink the selection by a character"),
        row(ctrl_shift(Key::ArrowRight), Article, extend(true, true), "Extend the selection by a word"),
        row(ctrl_shift(Key::ArrowLeft), Article, extend(true, false), "Shrink the selection by a word"),
        row(ctrl(Key::C), Article, C::Copy, "Copy the selected text"),
        row(ctrl(Key::Equals), Global, C::ZoomIn, "Larger article text"),
        row(ctrl(Key::Plus), Global, C::ZoomIn, "Larger article text"),
        row(ctrl(Key::Minus), Global, C::ZoomOut, "Smaller article text"),
        row(ctrl(Key::Num0), Global, C::ZoomReset, "Reset the text size"),
        row(ctrl(Key::PageDown), Global, C::NextDocument, "Project: next document in the list (saves first)"),
        row(ctrl(Key::PageUp), Global, C::PrevDocument, "Project: previous document in the list (saves first)"),
        row(ctrl_shift(Key::D), Global, C::MarkDone, "Mark the document done (again: back to in progress) and save"),
        row(k(Key::F1), Global, C::Help, "Show this help"),
        row(k(Key::N), Article, C::NextDisagreement, "Review: next disagreement"),
        row(shift(Key::N), Article, C::PrevDisagreement, "Review: previous disagreement"),
    ];
    // Alt+digit accepts the version of that compared annotator; with Shift, to edit it.
    for edit in [false, true] {
        let description = if edit { ACCEPT_EDIT } else { ACCEPT };
        t.extend(DIGITS.iter().enumerate().map(|(annotator, &key)| {
            let keys = if edit { alt_shift(key) } else { alt(key) };
            row(keys, Article, C::Accept { annotator, edit }, description)
        }));
    }
    t.extend([
        row(k(Key::X), Article, C::Reject, "Review: reject the current disagreement (nothing of it goes into gold)"),
        row(ctrl_shift(Key::A), Article, C::AcceptAllAgreed, "Review: accept all agreed (every frame at least K annotators agree on exactly)"),
    ]);
    t
}

/// The chord of a stance's schema hotkey (a digit or a letter), if it has one.
pub fn stance_chord(hotkey: &str) -> Option<Chord> {
    let key = Key::from_name(&hotkey.to_ascii_uppercase())?;
    Some(k(key))
}

/// Which keys may fire now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// No text field has keyboard focus: every shortcut may fire.
    Article,
    /// The find bar has keyboard focus.
    Find,
    /// Another text field has keyboard focus: only global shortcuts fire.
    Text,
}

impl Scope {
    fn active(self, focus: Focus) -> bool {
        match self {
            Scope::Global => true,
            Scope::Article => focus == Focus::Article,
            Scope::Find => focus == Focus::Find,
        }
    }
}

/// The command bound to `chord` given the keyboard `focus`, if any. Stance hotkeys are
/// article-scoped.
pub fn match_key(schema: &Schema, chord: Chord, focus: Focus) -> Option<Command> {
    if let Some(s) = shortcuts()
        .iter()
        .find(|s| s.chord == chord && s.scope.active(focus))
    {
        return Some(s.command.clone());
    }
    if focus != Focus::Article {
        return None;
    }
    schema
        .stances
        .iter()
        .find(|s| s.hotkey.as_deref().and_then(stance_chord) == Some(chord))
        .map(|s| Command::Stance(s.id.clone()))
}

/// "Ctrl+Shift+Z".
pub fn chord_label(c: Chord) -> String {
    let mut s = String::new();
    if c.ctrl {
        s.push_str("Ctrl+");
    }
    if c.alt {
        s.push_str("Alt+");
    }
    if c.shift {
        s.push_str("Shift+");
    }
    s.push_str(match c.key {
        Key::Equals => "=",
        Key::Plus => "+",
        Key::Minus => "-",
        Key::ArrowLeft => "Left",
        Key::ArrowRight => "Right",
        other => other.name(),
    });
    s
}

/// Every shortcut as (keys, description), stance hotkeys first, shortcuts with the same
/// description merged ("Ctrl+Shift+Z / Ctrl+Y"). Read by the help screen and the README test.
pub fn help_rows(schema: &Schema) -> Vec<(String, String)> {
    let mut rows: Vec<(String, String)> = Vec::new();
    for s in &schema.stances {
        if let Some(c) = s.hotkey.as_deref().and_then(stance_chord) {
            rows.push((
                chord_label(c),
                format!(
                    "Stance: {} (new frame from the selection, or change the selected frame)",
                    s.name
                ),
            ));
        }
    }
    for s in shortcuts() {
        let label = chord_label(s.chord);
        match rows.iter_mut().find(|(_, d)| d == s.description) {
            Some((keys, _)) => {
                keys.push_str(" / ");
                keys.push_str(&label);
            }
            None => rows.push((label, s.description.to_owned())),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chords_are_unique() {
        let table = shortcuts();
        for (i, a) in table.iter().enumerate() {
            for b in &table[i + 1..] {
                assert!(
                    a.chord != b.chord || a.scope != b.scope,
                    "{} / {}",
                    a.description,
                    b.description
                );
            }
        }
        let schema = Schema::default_news();
        for s in &schema.stances {
            let c = stance_chord(s.hotkey.as_deref().unwrap()).unwrap();
            assert!(table.iter().all(|r| r.chord != c), "{} clashes", s.id);
        }
    }

    #[test]
    fn keys_map_to_commands_by_focus() {
        let schema = Schema::default_news();
        let key = |c, f| match_key(&schema, c, f);
        assert_eq!(
            key(k(Key::Num2), Focus::Article),
            Some(Command::Stance("warning".into()))
        );
        assert_eq!(key(k(Key::Num2), Focus::Text), None);
        assert_eq!(key(k(Key::S), Focus::Find), None);
        assert_eq!(key(ctrl(Key::S), Focus::Text), Some(Command::Save));
        assert_eq!(key(ctrl_shift(Key::Z), Focus::Article), Some(Command::Redo));
        assert_eq!(key(ctrl(Key::Z), Focus::Article), Some(Command::Undo));
        assert_eq!(key(k(Key::Escape), Focus::Find), Some(Command::CloseFind));
        assert_eq!(
            key(k(Key::Escape), Focus::Article),
            Some(Command::ClearSelection)
        );
        assert_eq!(key(k(Key::Enter), Focus::Article), None);
        assert_eq!(
            key(k(Key::N), Focus::Article),
            Some(Command::NextDisagreement)
        );
        assert_eq!(key(k(Key::N), Focus::Text), None);
        assert_eq!(
            key(k(Key::Num3), Focus::Article),
            Some(Command::Stance("denial".into())),
            "Alt+3 does not shadow the stance key 3"
        );
    }

    #[test]
    fn alt_digits_accept_the_annotator_of_that_place() {
        let schema = Schema::default_news();
        let accept = |annotator, edit| Some(Command::Accept { annotator, edit });
        let key = |c| match_key(&schema, c, Focus::Article);
        assert_eq!(key(alt(Key::Num1)), accept(0, false));
        assert_eq!(key(alt(Key::Num3)), accept(2, false));
        assert_eq!(key(alt(Key::Num9)), accept(8, false));
        assert_eq!(key(alt_shift(Key::Num1)), accept(0, true));
        assert_eq!(key(alt_shift(Key::Num7)), accept(6, true));
        assert_eq!(key(alt_shift(Key::Num9)), accept(8, true));
        assert_eq!(key(alt(Key::Num0)), None, "there is no 0th annotator");
        assert_eq!(match_key(&schema, alt(Key::Num1), Focus::Text), None);
        let accepting = shortcuts()
            .iter()
            .filter(|s| matches!(s.command, Command::Accept { .. }))
            .count();
        assert_eq!(accepting, 18);
    }

    #[test]
    fn help_lists_every_row() {
        let rows = help_rows(&Schema::default_news());
        assert!(rows
            .iter()
            .any(|(k, d)| k == "Ctrl+Shift+Z / Ctrl+Y" && d == "Redo"));
        assert!(rows.iter().any(|(k, _)| k == "2"));
        assert!(rows.iter().any(|(k, d)| k
            == "Alt+1 / Alt+2 / Alt+3 / Alt+4 / Alt+5 / Alt+6 / Alt+7 / Alt+8 / Alt+9"
            && d == ACCEPT));
        for s in shortcuts() {
            assert!(rows
                .iter()
                .any(|(keys, _)| keys.contains(&chord_label(s.chord))));
        }
    }
}
