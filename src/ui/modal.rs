//! The one question (or file dialog) the workbench is waiting on, with what happens after it.
//!
//! Only one is open at a time: a new question replaces the one before (a file dialog replaced
//! this way is no longer listened to). While a question is shown, keyboard shortcuts are not
//! collected. Its window returns the user's [`Answer`](super::command::Answer) as a
//! [`Command`]; the answer takes effect where every command does (`apply`), which also decides
//! what comes next: the action in [`After`] that was waiting for the question.

use std::path::PathBuf;

use super::command::Command;
use super::dialogs::{self, Pending, Purpose};

/// What to do once a question about unsaved changes is answered (or a Save as it led to
/// has saved).
#[derive(Debug, Clone, PartialEq)]
pub enum After {
    Close,
    /// Open a file; `None` asks for one first.
    Open(Option<PathBuf>),
    /// Review mode on (project folder, document id).
    Review(PathBuf, String),
}

/// The workbench's modal state.
#[derive(Default)]
pub enum Modal {
    #[default]
    None,
    /// "Save your changes?" (Save / Discard / Cancel) before `then`.
    Unsaved { then: After },
    /// A native file dialog on a worker thread; `then` follows a successful Save as.
    Picking {
        dialog: Pending,
        then: Option<After>,
    },
    /// The in-app path field, where no native file dialog could be shown.
    TypingPath {
        purpose: Purpose,
        text: String,
        then: Option<After>,
    },
    /// A save to `path` was refused because the file changed on disk since it was read
    /// (Reload / Overwrite / Save as / Cancel); `then` follows a save that succeeds.
    ChangedOnDisk { path: PathBuf, then: Option<After> },
    /// A recovery copy newer than the saved file (Restore / Ignore).
    Recovery { path: PathBuf },
    /// The unsaved-changes question was answered: the window closes.
    Closing,
}

impl Modal {
    /// True while a question is on screen: keyboard shortcuts wait.
    pub fn asks(&self) -> bool {
        matches!(
            self,
            Modal::Unsaved { .. }
                | Modal::TypingPath { .. }
                | Modal::ChangedOnDisk { .. }
                | Modal::Recovery { .. }
        )
    }

    /// True while a file dialog or the path field is open (another one is not started).
    pub fn picking(&self) -> bool {
        matches!(self, Modal::Picking { .. } | Modal::TypingPath { .. })
    }

    /// The native file dialog's answer, once it has one.
    pub fn poll(&self) -> Option<Command> {
        match self {
            Modal::Picking { dialog, .. } => dialog.poll().map(Command::Answer),
            _ => None,
        }
    }

    /// Draws the question, if one is asked; returns the user's answer. `document` names the
    /// open document in the unsaved-changes question.
    pub fn show(&mut self, ctx: &egui::Context, document: &str) -> Option<Command> {
        let answer = match self {
            Modal::None | Modal::Picking { .. } | Modal::Closing => None,
            Modal::Unsaved { .. } => dialogs::unsaved_guard(ctx, document),
            Modal::TypingPath { purpose, text, .. } => dialogs::path_prompt(ctx, *purpose, text),
            Modal::ChangedOnDisk { path, .. } => dialogs::changed_on_disk(ctx, path),
            Modal::Recovery { path } => dialogs::recovery_offer(ctx, path),
        };
        answer.map(Command::Answer)
    }
}
