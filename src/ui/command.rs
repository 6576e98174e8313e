//! Every user intent as a [`Command`], and the one table of keyboard shortcuts.
//!
//! The key handler ([`match_key`]) and the help screen ([`super::help::help_rows`]) both read
//! [`shortcuts`] plus the schema's stance hotkeys, so the help can never disagree with the keys.
//! Each row belongs to a [`Group`], the help's sections.
//! Views push commands during a frame (keys, clicks, dialog answers, banner dismissals, the
//! answers of worker threads); `App::apply` applies them in one place.

use std::path::PathBuf;
use std::sync::LazyLock;

use egui::Key;

use super::theme::ThemeChoice;
use crate::io::export::ExportSummary;
use crate::model::registry_link::LinkTarget;
use crate::model::{Schema, SpanRole, Transaction};
use crate::project::import::ImportReport;

/// One thing the user asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Open,
    OpenPath(PathBuf),
    /// Files or folders dropped on the window: the first opens (asking first about unsaved
    /// changes); the others are named as not opened.
    Dropped(Vec<PathBuf>),
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
    /// F2: hide or show the guideline card of the panel.
    ToggleGuideline,
    /// Help ▸ Guidelines: the window with every stance's guideline.
    ShowGuidelines,
    /// Escape: close the help, an open menu or a window (the first that is open), else clear
    /// the text selection.
    Dismiss,
    SetTheme(ThemeChoice),
    /// View ▸ Text direction for the open document.
    SetDirection(crate::session::bidi::DirectionSetting),
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
    /// View ▸ Suggestions: show or hide the suggested (ghost) frames.
    ToggleSuggestions,
    NextSuggestion,
    PrevSuggestion,
    /// Accept the current suggestion as a frame, with its own stance (a stance key on it
    /// accepts it with that stance, see [`Command::Stance`]).
    AcceptSuggestion,
    /// Reject the current suggestion; it is remembered and not proposed again.
    RejectSuggestion,
    /// Accept every suggestion in the paragraph of the current suggestion (else of the caret).
    AcceptParagraphSuggestions,
    /// Cue-driven entry: the finder reads around the selected reporting expression and makes a
    /// frame of what it finds, selected for correction.
    FrameFromCue,
    /// Add the selected text as one more fragment of the selected frame's claim or role.
    AddFragment(SpanRole),
    /// Remove the fragment of the selected frame under the caret (or the selection's start).
    RemoveFragment,
    /// Link the source or target of a frame to a registry entity (project mode with a
    /// registry), writing the registry first when the link creates an entity or an alias.
    LinkRegistry {
        frame: String,
        role: SpanRole,
        target: LinkTarget,
    },
    /// Show the project's stance map, or go back to the document when it is shown.
    StanceMap,
    /// Open a project document at one of its frames: `annotator`'s file, or gold (`None`).
    OpenFrame {
        document: String,
        annotator: Option<String>,
        frame: String,
    },
}

/// The answers to the workbench's questions (see `modal::Modal`). An answer that does not fit
/// the question being asked is ignored.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Unsaved changes: save them first.
    Save,
    /// Unsaved changes: go on without them (their recovery copy is removed).
    Discard,
    /// Any question: do nothing (a file dialog closed without a path).
    Cancel,
    /// The file changed on disk: load it again, losing the unsaved changes.
    Reload,
    /// The file changed on disk: write this version over it.
    Overwrite,
    /// The file changed on disk, or a read-only instance has unsaved changes: write this
    /// version to another file.
    SaveAs,
    /// A recovery copy exists: restore it (one undoable step).
    Restore,
    /// A recovery copy exists: leave the saved file as it is and remove the copy.
    Ignore,
    /// The path chosen in a file dialog or typed in the path field.
    Path(PathBuf),
    /// No native file dialog could be shown: ask for the path in the window.
    NoDialog,
    /// The article is not valid UTF-8: open it with the bad bytes replaced by U+FFFD.
    Lossy,
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

/// The task a shortcut belongs to: the help screen's sections, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    Select,
    Annotate,
    Suggest,
    Navigate,
    View,
    File,
    Project,
    Review,
}

impl Group {
    pub const ALL: [Group; 8] = [
        Group::Select,
        Group::Annotate,
        Group::Suggest,
        Group::Navigate,
        Group::View,
        Group::File,
        Group::Project,
        Group::Review,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Group::Select => "Select",
            Group::Annotate => "Annotate",
            Group::Suggest => "Suggestions",
            Group::Navigate => "Navigate",
            Group::View => "View",
            Group::File => "File",
            Group::Project => "Project",
            Group::Review => "Review",
        }
    }
}

/// One row of the shortcut table.
pub struct Shortcut {
    pub group: Group,
    pub chord: Chord,
    pub scope: Scope,
    /// What the key asks for (cloned when it is pressed).
    pub command: Command,
    pub description: &'static str,
}

fn row(
    group: Group,
    chord: Chord,
    scope: Scope,
    command: Command,
    description: &'static str,
) -> Shortcut {
    Shortcut {
        group,
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

const ACCEPT: &str = "Accept the version of the 1st … 9th compared annotator";
const ACCEPT_EDIT: &str =
    "Accept the version of the 1st … 9th compared annotator and edit it in gold";
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

// One row per line, grouped by task as the help screen shows them.
#[rustfmt::skip]
fn table() -> Vec<Shortcut> {
    use Command as C;
    use Group::{Annotate, File, Navigate, Project, Review, Select, Suggest, View};
    let extend = |word, forward| C::Extend { word, forward };
    let mut t = vec![
        row(Select, ctrl(Key::F), Global, C::Find, "Find in the article"),
        row(Select, k(Key::Enter), Find, C::FindNext, "Find: select the next match"),
        row(Select, shift(Key::Enter), Find, C::FindPrev, "Find: select the previous match"),
        row(Select, k(Key::Escape), Find, C::CloseFind, "Find: close the bar, keep the selection"),
        row(Select, shift(Key::ArrowRight), Article, extend(false, true), "Extend the selection by a character"),
        row(Select, shift(Key::ArrowLeft), Article, extend(false, false), "Shrink the selection by a character"),
        row(Select, ctrl_shift(Key::ArrowRight), Article, extend(true, true), "Extend the selection by a word"),
        row(Select, ctrl_shift(Key::ArrowLeft), Article, extend(true, false), "Shrink the selection by a word"),
        row(Select, ctrl(Key::C), Article, C::Copy, "Copy the selected text"),
        row(Select, k(Key::Escape), Article, C::Dismiss, "Close the help, a menu or a window; else clear the text selection"),
        row(Annotate, k(Key::S), Article, C::SetRole(SpanRole::Source), "Set the selected frame's source from the selection"),
        row(Annotate, k(Key::C), Article, C::SetRole(SpanRole::Cue), "Set the selected frame's cue from the selection"),
        row(Annotate, k(Key::T), Article, C::SetRole(SpanRole::Target), "Set the selected frame's target from the selection"),
        row(Annotate, k(Key::V), Article, C::PickVia, "Pick the frame that reports the selected one (via)"),
        row(Annotate, k(Key::Delete), Article, C::DeleteFrame, "Delete the selected frame"),
        row(Annotate, k(Key::F), Article, C::AddFragment(SpanRole::Claim), "Add the selection to the selected frame's claim as one more fragment"),
        row(Annotate, shift(Key::S), Article, C::AddFragment(SpanRole::Source), "Add the selection to the selected frame's source as one more fragment"),
        row(Annotate, shift(Key::C), Article, C::AddFragment(SpanRole::Cue), "Add the selection to the selected frame's cue as one more fragment"),
        row(Annotate, shift(Key::T), Article, C::AddFragment(SpanRole::Target), "Add the selection to the selected frame's target as one more fragment"),
        row(Annotate, shift(Key::Delete), Article, C::RemoveFragment, "Remove the selected frame's fragment under the caret"),
        row(Suggest, k(Key::J), Article, C::NextSuggestion, "Next suggestion (the bar under the article says its rule and why)"),
        row(Suggest, k(Key::K), Article, C::PrevSuggestion, "Previous suggestion"),
        row(Suggest, k(Key::A), Article, C::AcceptSuggestion, "Accept the current suggestion as a frame (a stance key accepts it with that stance)"),
        row(Suggest, k(Key::R), Article, C::RejectSuggestion, "Reject the current suggestion (it is not proposed again)"),
        row(Suggest, shift(Key::A), Article, C::AcceptParagraphSuggestions, "Accept every suggestion in the current paragraph"),
        row(Suggest, k(Key::E), Article, C::FrameFromCue, "Make a frame from the selected cue: source, claim and stance read around it"),
        row(Annotate, ctrl(Key::Z), Article, C::Undo, "Undo (selects what it changes)"),
        row(Annotate, ctrl_shift(Key::Z), Article, C::Redo, "Redo (selects what it changes)"),
        row(Annotate, ctrl(Key::Y), Article, C::Redo, "Redo (selects what it changes)"),
        row(Navigate, k(Key::Tab), Article, C::NextFrame, "Next frame in text order"),
        row(Navigate, shift(Key::Tab), Article, C::PrevFrame, "Previous frame in text order"),
        row(View, ctrl(Key::Equals), Global, C::ZoomIn, "Larger article text"),
        row(View, ctrl(Key::Plus), Global, C::ZoomIn, "Larger article text"),
        row(View, ctrl(Key::Minus), Global, C::ZoomOut, "Smaller article text"),
        row(View, ctrl(Key::Num0), Global, C::ZoomReset, "Reset the text size"),
        row(View, k(Key::F1), Global, C::Help, "Show this help (type to search it)"),
        row(View, k(Key::F2), Global, C::ToggleGuideline, "Hide or show the guideline card of the stance"),
        row(View, ctrl(Key::M), Global, C::StanceMap, "Stance map of the project (again: back to the document)"),
        row(File, ctrl(Key::O), Global, C::Open, "Open a file"),
        row(File, ctrl(Key::S), Global, C::Save, "Save"),
        row(File, ctrl_shift(Key::S), Global, C::SaveAs, "Save as"),
        row(File, ctrl(Key::Q), Global, C::Quit, "Quit"),
        row(Project, ctrl(Key::PageDown), Global, C::NextDocument, "Next document in the list (saves first)"),
        row(Project, ctrl(Key::PageUp), Global, C::PrevDocument, "Previous document in the list (saves first)"),
        row(Project, ctrl_shift(Key::D), Global, C::MarkDone, "Mark the document done (again: back to in progress) and save"),
        row(Review, k(Key::N), Article, C::NextDisagreement, "Next disagreement"),
        row(Review, shift(Key::N), Article, C::PrevDisagreement, "Previous disagreement"),
    ];
    // Alt+digit accepts the version of that compared annotator; with Shift, to edit it.
    for edit in [false, true] {
        let description = if edit { ACCEPT_EDIT } else { ACCEPT };
        t.extend(DIGITS.iter().enumerate().map(|(annotator, &key)| {
            let keys = if edit { alt_shift(key) } else { alt(key) };
            row(Review, keys, Article, C::Accept { annotator, edit }, description)
        }));
    }
    t.extend([
        row(Review, k(Key::X), Article, C::Reject, "Reject the current disagreement (nothing of it goes into gold)"),
        row(Review, ctrl_shift(Key::A), Article, C::AcceptAllAgreed, "Accept all agreed (every frame at least K annotators agree on exactly)"),
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
        assert_eq!(key(k(Key::Escape), Focus::Article), Some(Command::Dismiss));
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
}
