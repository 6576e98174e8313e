//! Files and questions: opening and saving, the unsaved-changes guard, file dialogs, and the
//! answers to every question of [`Modal`], each with what it leads to.

use std::path::{Path, PathBuf};

use super::super::app::App;
use super::super::article::ArticleView;
use super::super::command::{Answer, Command};
use super::super::dialogs::{Pending, Purpose};
use super::super::modal::{After, Modal};
use crate::io::LoadError;
use crate::project::{FileRole, Project, ProjectError};
use crate::session::view::Selection;
use crate::session::{SaveFailure, Session};

impl App {
    /// Open, Save, Save as, Quit and Open project.
    pub(super) fn apply_file(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::Open => self.guarded(After::Open(None)),
            Command::OpenPath(p) => self.guarded(After::Open(Some(p))),
            Command::Dropped(mut paths) => {
                let first = paths.remove(0);
                if !paths.is_empty() {
                    // Said in a window: a status line would be replaced by the open's.
                    let rest: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                    self.errors.push(format!(
                        "One file opens at a time: {} is opened; not opened: {}",
                        first.display(),
                        rest.join(", ")
                    ));
                }
                self.guarded(After::Open(Some(first)));
            }
            Command::Save => {
                self.save(None);
            }
            Command::SaveAs => self.ask_path(Purpose::SaveAs, None),
            // The guard was answered: now the window closes.
            Command::Quit if matches!(self.modal, Modal::Closing) => {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close)
            }
            Command::Quit => self.guarded(After::Close),
            Command::OpenProject => self.ask_path(Purpose::OpenProject, None),
            _ => {}
        }
    }

    /// Does `after` now, or first asks what to do with the unsaved changes.
    pub(in crate::ui) fn guarded(&mut self, after: After) {
        if self.is_modified() {
            self.modal = Modal::Unsaved { then: after };
        } else {
            self.proceed(after);
        }
    }

    fn proceed(&mut self, after: After) {
        match after {
            After::Close => {
                self.modal = Modal::Closing;
                self.commands.push(Command::Quit);
            }
            After::Open(None) => self.ask_path(Purpose::Open, None),
            After::Open(Some(p)) => self.open_path(&p),
            After::Review(root, doc) => {
                self.open_review(&root, &doc, None);
            }
        }
    }

    /// An answer to the question being asked; one that does not fit it changes nothing.
    pub(super) fn answer(&mut self, a: Answer) {
        match (std::mem::take(&mut self.modal), a) {
            (Modal::Unsaved { then }, Answer::Save) => {
                self.save(Some(then));
            }
            (Modal::Unsaved { then }, Answer::Discard) => {
                self.remove_recovery();
                self.proceed(then)
            }
            (Modal::Unsaved { then }, Answer::SaveAs) => self.ask_path(Purpose::SaveAs, Some(then)),
            (Modal::Picking { dialog, then }, Answer::Path(p)) => {
                self.picked(dialog.purpose, p, then)
            }
            (Modal::TypingPath { purpose, then, .. }, Answer::Path(p)) => {
                self.picked(purpose, p, then)
            }
            (Modal::Picking { dialog, then }, Answer::NoDialog) => {
                let text = self.path_hint(dialog.purpose);
                self.modal = Modal::TypingPath {
                    purpose: dialog.purpose,
                    text,
                    then,
                };
            }
            (Modal::ChangedOnDisk { path, .. }, Answer::Reload) => self.open_path(&path),
            (Modal::ChangedOnDisk { path, then }, Answer::Overwrite) => {
                self.save_to(path, true, then);
            }
            (Modal::ChangedOnDisk { then, .. }, Answer::SaveAs) => {
                self.ask_path(Purpose::SaveAs, then)
            }
            (Modal::Recovery { path }, Answer::Restore) => self.restore(&path),
            (Modal::Recovery { .. }, Answer::Ignore) => self.remove_recovery(),
            (Modal::NotUtf8 { path, .. }, Answer::Lossy) => self.open_lossy(&path),
            // The question is closed and nothing waits for it any more.
            (
                Modal::Unsaved { .. }
                | Modal::Picking { .. }
                | Modal::TypingPath { .. }
                | Modal::ChangedOnDisk { .. }
                | Modal::NotUtf8 { .. },
                Answer::Cancel,
            ) => {}
            (asked, _) => self.modal = asked,
        }
    }

    /// A path chosen for `purpose`; `then` follows a successful Save as.
    fn picked(&mut self, purpose: Purpose, p: PathBuf, then: Option<After>) {
        match purpose {
            Purpose::Open => self.open_path(&p),
            Purpose::OpenProject => self.open_project(&p),
            Purpose::SaveAs => {
                self.save_to(p, false, then);
            }
        }
    }

    /// Asks for a path: a native dialog on a worker thread, or the in-app path field where
    /// native dialogs are off. Nothing happens while one is already open.
    fn ask_path(&mut self, purpose: Purpose, then: Option<After>) {
        if self.modal.picking() {
            return;
        }
        if !self.native_dialogs {
            let text = self.path_hint(purpose);
            self.modal = Modal::TypingPath {
                purpose,
                text,
                then,
            };
            return;
        }
        let (dir, name) = match self.session.as_ref().and_then(|s| s.save_path.clone()) {
            Some(p) => (
                p.parent().map(PathBuf::from),
                p.file_name().map(|n| n.to_string_lossy().into_owned()),
            ),
            None => (
                std::env::current_dir().ok(),
                self.session
                    .as_ref()
                    .map(|s| format!("{}.stance.json", s.document.id)),
            ),
        };
        let dialog = Pending::start(purpose, dir, name);
        self.modal = Modal::Picking { dialog, then };
    }

    /// What the path field starts with: the open file's path; with none (the bundled sample),
    /// the working folder — and for Save as a `.stance.json` file in it named after the
    /// document.
    fn path_hint(&self, purpose: Purpose) -> String {
        let saved = self.session.as_ref().and_then(|s| s.save_path.as_ref());
        if let Some(p) = saved {
            return p.display().to_string();
        }
        let dir = std::env::current_dir().unwrap_or_default();
        match (purpose, &self.session) {
            (Purpose::SaveAs, Some(s)) => dir.join(format!("{}.stance.json", s.document.id)),
            _ => dir.join(""),
        }
        .display()
        .to_string()
    }

    /// Saves to the current target (or asks for one), then does `then`. True when saved.
    pub(in crate::ui) fn save(&mut self, then: Option<After>) -> bool {
        let Some(s) = &self.session else { return false };
        match s.save_path.clone() {
            Some(p) => self.save_to(p, false, then),
            None => {
                self.ask_path(Purpose::SaveAs, then);
                false
            }
        }
    }

    /// Saves to `p`, then does `then`; `force` overwrites a file that changed on disk (the
    /// user chose to). A file that changed on disk is not overwritten: the question is asked,
    /// and `then` waits for its answer. True when saved.
    fn save_to(&mut self, p: PathBuf, force: bool, then: Option<After>) -> bool {
        let Some(s) = &mut self.session else {
            return false;
        };
        match s.save_to(&p, force) {
            Ok(()) => {
                self.status = format!("saved {}", p.display());
                self.project_saved();
                if let Some(then) = then {
                    self.proceed(then);
                }
                true
            }
            Err(SaveFailure::ChangedOnDisk) => {
                self.modal = Modal::ChangedOnDisk { path: p, then };
                false
            }
            Err(SaveFailure::ReadOnly(holder)) => {
                self.errors.push(format!(
                    "{} is open read-only: {holder} is editing it. Use File ▸ Save as to keep your changes in another file.",
                    p.display()
                ));
                false
            }
            Err(SaveFailure::Other(e)) => {
                self.errors.push(e);
                false
            }
        }
    }

    /// Removes the open document's recovery copy: its unsaved changes were discarded, or the
    /// copy was ignored.
    fn remove_recovery(&mut self) {
        if let Some(s) = &mut self.session {
            if let Err(e) = s.remove_recovery(self.storage_dir.as_deref()) {
                self.errors.push(e);
            }
        }
    }

    /// Replaces the annotations with the recovery copy's, as one undoable step.
    fn restore(&mut self, path: &Path) {
        if let Some(s) = &mut self.session {
            match s.restore(path) {
                Ok(()) => self.status = "restored the recovery copy".into(),
                Err(e) => self.errors.push(e),
            }
        }
    }

    /// Opens an article, an annotation file or a project folder (no question asked).
    pub(in crate::ui) fn open_path(&mut self, path: &Path) {
        // A project folder opens its document list; one whose settings cannot be read is
        // reported by the project too.
        match Project::locate(path) {
            Ok(Some((_, FileRole::Folder))) => return self.open_project(path),
            Err(_) if path.is_dir() => return self.open_project(path),
            _ => {}
        }
        if let Some(st) = &mut self.project {
            st.current = None; // a file outside the project's list
        }
        // Reopening the file this session edits: give up its lock first, or the new session
        // would find it held and open read-only.
        if let Some(s) = &mut self.session {
            let target = if is_json(path) {
                path.to_path_buf()
            } else {
                crate::session::stance_path_for(path)
            };
            if s.save_path.as_deref() == Some(target.as_path()) {
                s.release_lock();
            }
        }
        match Session::open(path, &self.annotator, self.schema.clone()) {
            Ok(s) => {
                self.status = format!("opened {}", path.display());
                self.set_session(s);
            }
            // An article that is not UTF-8 can be opened with its bad bytes replaced.
            Err(ProjectError::Load(LoadError::NotUtf8 { offset, .. })) if !is_json(path) => {
                self.status = format!("{} is not valid UTF-8", path.display());
                self.modal = Modal::NotUtf8 {
                    path: path.to_path_buf(),
                    offset,
                };
            }
            Err(ProjectError::Load(LoadError::NotUtf8 {
                path: shown,
                offset,
            })) => self.open_failed(
                path,
                format!(
                    "{shown}: byte {offset}: not valid UTF-8 (an annotation file is UTF-8 JSON)"
                ),
            ),
            Err(e) => self.open_failed(path, e.to_string()),
        }
    }

    /// The article opened with its invalid UTF-8 replaced by U+FFFD (the user chose to).
    fn open_lossy(&mut self, path: &Path) {
        match Session::open_lossy(path, &self.annotator, self.schema.clone()) {
            Ok(s) => {
                self.status = format!(
                    "opened {} with its invalid UTF-8 replaced by U+FFFD",
                    path.display()
                );
                self.set_session(s);
            }
            Err(e) => self.open_failed(path, e.to_string()),
        }
    }

    /// Says why `path` did not open: in an error window over the open document, or instead
    /// of the article when nothing is open.
    fn open_failed(&mut self, path: &Path, msg: String) {
        if self.session.is_some() {
            self.errors.push(msg.clone());
        }
        self.status = format!("could not open {}", path.display());
        self.load_error = Some(msg);
    }

    /// Makes `s` the open document: a fresh article view and selection, and the offer of
    /// its recovery copy when one is newer than the file.
    pub(in crate::ui) fn set_session(&mut self, s: Session) {
        // A document opened (from the map or elsewhere) is shown in place of the map.
        if let Some(m) = &mut self.stance_map {
            m.shown = false;
        }
        self.article = Some(ArticleView::new(&s));
        let lexicon = match s.project_file() {
            Some((p, _)) => p.lexicon().map_err(|e| e.to_string()),
            None => crate::suggest::Lexicon::default_en(&s.schema).map_err(|e| e.to_string()),
        };
        self.suggest.open(lexicon);
        match s.newer_recovery() {
            Some(path) => self.modal = Modal::Recovery { path },
            // The offer was about the document that is closing.
            None if matches!(self.modal, Modal::Recovery { .. }) => self.modal = Modal::None,
            None => {}
        }
        self.session = Some(s);
        self.cover_rev = None;
        self.view.selection = Selection::default();
        self.view.frame = None;
        self.view.find.found = None;
        self.view.panels.note = None;
        self.load_error = None;
    }
}

fn is_json(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}
