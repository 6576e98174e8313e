//! Every user intent as a [`Command`], and the one table of keyboard shortcuts.
//!
//! The key handler ([`match_key`]) and the help screen ([`help_rows`]) both read [`SHORTCUTS`]
//! plus the schema's stance hotkeys, so the help can never disagree with the keys. Commands are
//! collected during a frame and applied in one place at its end (`App::apply`).

use std::path::PathBuf;

use egui::Key;

use crate::model::{Schema, SpanRole, Transaction};

/// One thing the user asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Open,
    OpenPath(PathBuf),
    Save,
    SaveAs,
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
    Help,
    ToggleTheme,
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

/// A key with modifiers (Ctrl means Cmd on macOS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub key: Key,
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

const fn k(key: Key) -> Chord {
    Chord {
        key,
        ctrl: false,
        shift: false,
        alt: false,
    }
}
const fn ctrl(key: Key) -> Chord {
    Chord {
        key,
        ctrl: true,
        shift: false,
        alt: false,
    }
}
const fn shift(key: Key) -> Chord {
    Chord {
        key,
        ctrl: false,
        shift: true,
        alt: false,
    }
}
const fn ctrl_shift(key: Key) -> Chord {
    Chord {
        key,
        ctrl: true,
        shift: true,
        alt: false,
    }
}

const fn alt(key: Key) -> Chord {
    Chord {
        key,
        ctrl: false,
        shift: false,
        alt: true,
    }
}
const fn alt_shift(key: Key) -> Chord {
    Chord {
        key,
        ctrl: false,
        shift: true,
        alt: true,
    }
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

/// What a shortcut does, built lazily because [`Command`] holds heap data.
pub type MakeCommand = fn() -> Command;

/// One row of the shortcut table.
pub struct Shortcut {
    pub chord: Chord,
    pub scope: Scope,
    pub command: MakeCommand,
    pub description: &'static str,
}

const fn row(
    chord: Chord,
    scope: Scope,
    command: MakeCommand,
    description: &'static str,
) -> Shortcut {
    Shortcut {
        chord,
        scope,
        command,
        description,
    }
}

use Scope::{Article, Find, Global};

/// The shortcut table (stance hotkeys come from the schema, see [`stance_chord`]).
pub const SHORTCUTS: &[Shortcut] = &[
    row(ctrl(Key::O), Global, || Command::Open, "Open a file"),
    row(ctrl(Key::S), Global, || Command::Save, "Save"),
    row(ctrl_shift(Key::S), Global, || Command::SaveAs, "Save as"),
    row(ctrl(Key::Q), Global, || Command::Quit, "Quit"),
    row(ctrl(Key::Z), Article, || Command::Undo, "Undo"),
    row(ctrl_shift(Key::Z), Article, || Command::Redo, "Redo"),
    row(ctrl(Key::Y), Article, || Command::Redo, "Redo"),
    row(
        ctrl(Key::F),
        Global,
        || Command::Find,
        "Find in the article",
    ),
    row(
        k(Key::Enter),
        Find,
        || Command::FindNext,
        "Find: select the next match",
    ),
    row(
        shift(Key::Enter),
        Find,
        || Command::FindPrev,
        "Find: select the previous match",
    ),
    row(
        k(Key::Escape),
        Find,
        || Command::CloseFind,
        "Find: close the bar, keep the selection",
    ),
    row(
        k(Key::Escape),
        Article,
        || Command::ClearSelection,
        "Clear the text selection",
    ),
    row(
        k(Key::S),
        Article,
        || Command::SetRole(SpanRole::Source),
        "Set the selected frame's source from the selection",
    ),
    row(
        k(Key::C),
        Article,
        || Command::SetRole(SpanRole::Cue),
        "Set the selected frame's cue from the selection",
    ),
    row(
        k(Key::T),
        Article,
        || Command::SetRole(SpanRole::Target),
        "Set the selected frame's target from the selection",
    ),
    row(
        k(Key::V),
        Article,
        || Command::PickVia,
        "Pick the frame that reports the selected one (via)",
    ),
    row(
        k(Key::Delete),
        Article,
        || Command::DeleteFrame,
        "Delete the selected frame",
    ),
    row(
        k(Key::Tab),
        Article,
        || Command::NextFrame,
        "Next frame in text order",
    ),
    row(
        shift(Key::Tab),
        Article,
        || Command::PrevFrame,
        "Previous frame in text order",
    ),
    row(
        shift(Key::ArrowRight),
        Article,
        || Command::Extend {
            word: false,
            forward: true,
        },
        "Extend the selection by a character",
    ),
    row(
        shift(Key::ArrowLeft),
        Article,
        || Command::Extend {
            word: false,
            forward: false,
        },
        "Shrink the selection by a character",
    ),
    row(
        ctrl_shift(Key::ArrowRight),
        Article,
        || Command::Extend {
            word: true,
            forward: true,
        },
        "Extend the selection by a word",
    ),
    row(
        ctrl_shift(Key::ArrowLeft),
        Article,
        || Command::Extend {
            word: true,
            forward: false,
        },
        "Shrink the selection by a word",
    ),
    row(
        ctrl(Key::C),
        Article,
        || Command::Copy,
        "Copy the selected text",
    ),
    row(
        ctrl(Key::Equals),
        Global,
        || Command::ZoomIn,
        "Larger article text",
    ),
    row(
        ctrl(Key::Plus),
        Global,
        || Command::ZoomIn,
        "Larger article text",
    ),
    row(
        ctrl(Key::Minus),
        Global,
        || Command::ZoomOut,
        "Smaller article text",
    ),
    row(
        ctrl(Key::Num0),
        Global,
        || Command::ZoomReset,
        "Reset the text size",
    ),
    row(
        ctrl(Key::PageDown),
        Global,
        || Command::NextDocument,
        "Project: next document in the list (saves first)",
    ),
    row(
        ctrl(Key::PageUp),
        Global,
        || Command::PrevDocument,
        "Project: previous document in the list (saves first)",
    ),
    row(
        ctrl_shift(Key::D),
        Global,
        || Command::MarkDone,
        "Mark the document done (again: back to in progress) and save",
    ),
    row(k(Key::F1), Global, || Command::Help, "Show this help"),
    row(
        k(Key::N),
        Article,
        || Command::NextDisagreement,
        "Review: next disagreement",
    ),
    row(
        shift(Key::N),
        Article,
        || Command::PrevDisagreement,
        "Review: previous disagreement",
    ),
    row(
        alt(Key::Num1),
        Article,
        || Command::Accept {
            annotator: 0,
            edit: false,
        },
        ACCEPT,
    ),
    row(
        alt(Key::Num2),
        Article,
        || Command::Accept {
            annotator: 1,
            edit: false,
        },
        ACCEPT,
    ),
    row(
        alt(Key::Num3),
        Article,
        || Command::Accept {
            annotator: 2,
            edit: false,
        },
        ACCEPT,
    ),
    row(
        alt(Key::Num4),
        Article,
        || Command::Accept {
            annotator: 3,
            edit: false,
        },
        ACCEPT,
    ),
    row(
        alt(Key::Num5),
        Article,
        || Command::Accept {
            annotator: 4,
            edit: false,
        },
        ACCEPT,
    ),
    row(
        alt(Key::Num6),
        Article,
        || Command::Accept {
            annotator: 5,
            edit: false,
        },
        ACCEPT,
    ),
    row(
        alt(Key::Num7),
        Article,
        || Command::Accept {
            annotator: 6,
            edit: false,
        },
        ACCEPT,
    ),
    row(
        alt(Key::Num8),
        Article,
        || Command::Accept {
            annotator: 7,
            edit: false,
        },
        ACCEPT,
    ),
    row(
        alt(Key::Num9),
        Article,
        || Command::Accept {
            annotator: 8,
            edit: false,
        },
        ACCEPT,
    ),
    row(
        alt_shift(Key::Num1),
        Article,
        || Command::Accept {
            annotator: 0,
            edit: true,
        },
        ACCEPT_EDIT,
    ),
    row(
        alt_shift(Key::Num2),
        Article,
        || Command::Accept {
            annotator: 1,
            edit: true,
        },
        ACCEPT_EDIT,
    ),
    row(
        alt_shift(Key::Num3),
        Article,
        || Command::Accept {
            annotator: 2,
            edit: true,
        },
        ACCEPT_EDIT,
    ),
    row(
        alt_shift(Key::Num4),
        Article,
        || Command::Accept {
            annotator: 3,
            edit: true,
        },
        ACCEPT_EDIT,
    ),
    row(
        alt_shift(Key::Num5),
        Article,
        || Command::Accept {
            annotator: 4,
            edit: true,
        },
        ACCEPT_EDIT,
    ),
    row(
        alt_shift(Key::Num6),
        Article,
        || Command::Accept {
            annotator: 5,
            edit: true,
        },
        ACCEPT_EDIT,
    ),
    row(
        alt_shift(Key::Num7),
        Article,
        || Command::Accept {
            annotator: 6,
            edit: true,
        },
        ACCEPT_EDIT,
    ),
    row(
        alt_shift(Key::Num8),
        Article,
        || Command::Accept {
            annotator: 7,
            edit: true,
        },
        ACCEPT_EDIT,
    ),
    row(
        alt_shift(Key::Num9),
        Article,
        || Command::Accept {
            annotator: 8,
            edit: true,
        },
        ACCEPT_EDIT,
    ),
    row(
        k(Key::X),
        Article,
        || Command::Reject,
        "Review: reject the current disagreement (nothing of it goes into gold)",
    ),
    row(
        ctrl_shift(Key::A),
        Article,
        || Command::AcceptAllAgreed,
        "Review: accept all agreed (every frame at least K annotators agree on exactly)",
    ),
];

const ACCEPT: &str = "Review: accept the version of the 1st … 9th compared annotator";
const ACCEPT_EDIT: &str =
    "Review: accept the version of the 1st … 9th compared annotator and edit it in gold";

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
    if let Some(s) = SHORTCUTS
        .iter()
        .find(|s| s.chord == chord && s.scope.active(focus))
    {
        return Some((s.command)());
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
    for s in SHORTCUTS {
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
        for (i, a) in SHORTCUTS.iter().enumerate() {
            for b in &SHORTCUTS[i + 1..] {
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
            assert!(SHORTCUTS.iter().all(|r| r.chord != c), "{} clashes", s.id);
        }
    }

    #[test]
    fn keys_map_to_commands_by_focus() {
        let schema = Schema::default_news();
        assert_eq!(
            match_key(&schema, k(Key::Num2), Focus::Article),
            Some(Command::Stance("warning".into()))
        );
        assert_eq!(match_key(&schema, k(Key::Num2), Focus::Text), None);
        assert_eq!(match_key(&schema, k(Key::S), Focus::Find), None);
        assert_eq!(
            match_key(&schema, ctrl(Key::S), Focus::Text),
            Some(Command::Save)
        );
        assert_eq!(
            match_key(&schema, ctrl_shift(Key::Z), Focus::Article),
            Some(Command::Redo)
        );
        assert_eq!(
            match_key(&schema, ctrl(Key::Z), Focus::Article),
            Some(Command::Undo)
        );
        assert_eq!(
            match_key(&schema, k(Key::Escape), Focus::Find),
            Some(Command::CloseFind)
        );
        assert_eq!(
            match_key(&schema, k(Key::Escape), Focus::Article),
            Some(Command::ClearSelection)
        );
        assert_eq!(match_key(&schema, k(Key::Enter), Focus::Article), None);
        assert_eq!(
            match_key(&schema, k(Key::N), Focus::Article),
            Some(Command::NextDisagreement)
        );
        assert_eq!(match_key(&schema, k(Key::N), Focus::Text), None);
        assert_eq!(
            match_key(&schema, alt(Key::Num3), Focus::Article),
            Some(Command::Accept {
                annotator: 2,
                edit: false
            })
        );
        assert_eq!(
            match_key(&schema, alt_shift(Key::Num1), Focus::Article),
            Some(Command::Accept {
                annotator: 0,
                edit: true
            })
        );
        assert_eq!(
            match_key(&schema, k(Key::Num3), Focus::Article),
            Some(Command::Stance("denial".into())),
            "Alt+3 does not shadow the stance key 3"
        );
    }

    #[test]
    fn help_lists_every_row() {
        let rows = help_rows(&Schema::default_news());
        assert!(rows
            .iter()
            .any(|(k, d)| k == "Ctrl+Shift+Z / Ctrl+Y" && d == "Redo"));
        assert!(rows.iter().any(|(k, _)| k == "2"));
        for s in SHORTCUTS {
            assert!(rows
                .iter()
                .any(|(keys, _)| keys.contains(&chord_label(s.chord))));
        }
    }
}
