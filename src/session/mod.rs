//! The open document: its text, one annotator's annotations, the undo history and where it is
//! saved. Loading, saving (atomic, timestamped) and the autosave recovery copy. The workbench
//! edits through a session, and so do the commands that write annotation files (`adjudicate`,
//! `validate --reanchor --write`), with the same edit lock and the same guarded save.
//!
//! Annotations change only through [`Session::apply`] (a [`Transaction`] recorded by the
//! [`History`]). The `created`/`modified` timestamps are file metadata stamped on save, not
//! annotation edits, so they are not undoable. So is the active time: the workbench reports
//! input with [`Session::note_input`] (its own clock's milliseconds), and each save adds the
//! whole seconds measured since the last save to the file's `time_spent` for the file's
//! annotator, or for the adjudicator in Review mode ([`Session::set_time_owner`]) (see
//! [`crate::model::time_spent`]); time with input but no edit is recorded with the next save.
//!
//! **Project files.** A session on a project's annotation file (an annotator's or gold; see
//! [`Session::open_project_file`]) takes the edit lock, then reads the file once through the
//! project — its checks and its change stamp come from the same bytes — and saves back through
//! the project's guarded save: the document-text check, the changed-on-disk guard, the atomic
//! write and the clean-up of interrupted writes. Any other file is read and saved as a plain
//! native file, with the same lock and changed-on-disk guard.

pub mod bidi;
mod open;
pub mod view;

pub use open::{save_target, TextChanged};

use std::path::{Path, PathBuf};

use crate::io::lock::EditLock;
use crate::io::stamp::DiskStamp;
use crate::io::{atomic, native};
use crate::model::anchor::ReanchorReport;
use crate::model::{ActiveTime, AnnotationSet, Document, EditError, History, Schema, Transaction};
use crate::project::{FileRole, Overwrite, Project, ProjectError};

/// The bundled sample, compiled in so the binary works from any folder.
pub const SAMPLE_JSON: &str = include_str!("../../samples/iran-talks-signals.stance.json");
pub const SAMPLE_NAME: &str = "iran-talks-signals.stance.json";

/// The number of the next session made (see [`Session::stamp`]).
static NEXT_SESSION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Undo steps kept (the issue asks for at least 1,000).
pub const UNDO_LIMIT: usize = 5_000;

pub struct Session {
    /// This session's own number (see [`Session::stamp`]).
    number: u64,
    pub document: Document,
    /// Changed only through [`Session::apply`], [`Session::undo`] and [`Session::redo`].
    annotations: AnnotationSet,
    history: History,
    pub schema: Schema,
    /// Where Ctrl+S writes; `None` for the bundled sample until "Save as".
    pub save_path: Option<PathBuf>,
    /// What the title shows.
    pub name: String,
    /// Revision last written to the recovery copy (or whose changes were discarded).
    pub recovered_rev: Option<u64>,
    /// The content of `save_path` when it was loaded or last saved, to detect changes on disk.
    disk: Option<DiskStamp>,
    /// The edit lock on `save_path`, while this instance holds it.
    lock: Option<EditLock>,
    /// Set when another instance holds the lock: who it is. Saving to `save_path` is refused.
    pub read_only: Option<String>,
    /// What re-anchoring on open did, for a banner (see `ui::orphans`).
    pub reanchor_notice: Option<String>,
    /// What re-anchoring on open found (`None` when every quote matched).
    reanchored: Option<ReanchorReport>,
    /// The project file `save_path` is, when it is one: saves to it go through the project.
    home: Option<ProjectFile>,
    /// Opened from a project's document list: the name shows project and title, and Save as
    /// leaves the project's file.
    project_doc: bool,
    /// Active time measured since the last save.
    active: ActiveTime,
    /// Whose time it is when not the file's annotator (the adjudicator on a gold file).
    time_owner: Option<String>,
    /// The text direction chosen in View ▸ Text direction (not saved in the file).
    pub direction: bidi::DirectionSetting,
}

/// A project annotation file a session edits.
struct ProjectFile {
    project: Project,
    role: FileRole,
}

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveFailure {
    /// The file changed on disk since it was loaded or saved (Reload / Overwrite / Save As).
    ChangedOnDisk,
    /// Another instance is editing the file.
    ReadOnly(String),
    Other(String),
}

impl Session {
    fn new(
        file: native::NativeFile,
        schema: Schema,
        save_path: Option<PathBuf>,
        name: String,
    ) -> Self {
        Session {
            number: NEXT_SESSION.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            document: file.document,
            annotations: file.annotations,
            history: History::new(UNDO_LIMIT),
            schema,
            save_path,
            name,
            recovered_rev: None,
            disk: None,
            lock: None,
            read_only: None,
            reanchor_notice: None,
            reanchored: None,
            home: None,
            project_doc: false,
            active: ActiveTime::default(),
            time_owner: None,
            direction: bidi::DirectionSetting::default(),
        }
    }

    /// Releases the edit lock (before the same file is opened again).
    pub fn release_lock(&mut self) {
        self.lock = None;
    }

    /// True for a document opened from a project (its save target is the project's file).
    pub fn is_project_doc(&self) -> bool {
        self.project_doc
    }

    /// The annotations being edited.
    pub fn annotations(&self) -> &AnnotationSet {
        &self.annotations
    }

    /// The undo history (descriptions, revision).
    pub fn history(&self) -> &History {
        &self.history
    }

    /// The revision of the annotations: it changes with every applied, undone or redone edit.
    pub fn revision(&self) -> u64 {
        self.history.revision()
    }

    /// Changes whenever the frames, entities or suggestions may have: a number of its own for
    /// every session made (another document, or the same file read again), and the revision.
    /// What caches derived from the annotations are keyed by.
    pub fn stamp(&self) -> (u64, u64) {
        (self.number, self.revision())
    }

    /// Undoes the last edit; returns its description (`None` when there is nothing to undo).
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        self.history.undo(&mut self.annotations)
    }

    /// Redoes the last undone edit; returns its description (`None`: nothing to redo).
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        self.history.redo(&mut self.annotations)
    }

    /// Applies an edit and records it for undo.
    pub fn apply(&mut self, tx: Transaction) -> Result<bool, EditError> {
        self.history.apply(&mut self.annotations, tx)
    }

    pub fn is_modified(&self) -> bool {
        self.history.is_modified()
    }

    /// Notes user input at `now_ms` (milliseconds of a monotonic clock) for the active time.
    pub fn note_input(&mut self, now_ms: u64) {
        self.active.input(now_ms);
    }

    /// Records the active time for `owner` instead of the file's annotator (Review mode: the
    /// adjudicator on the gold file); `None` or an empty name goes back to the annotator.
    pub fn set_time_owner(&mut self, owner: Option<&str>) {
        self.time_owner = owner
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_owned);
    }

    /// Whole seconds of active time measured and not yet saved.
    pub fn unsaved_seconds(&self) -> u64 {
        self.active.pending_seconds()
    }

    /// Saves atomically to `path` (stamping `created` on first save and `modified`), makes
    /// `path` the save target and removes the recovery copy. Saving over the file this session
    /// was loaded from is refused when it changed on disk since, unless `force`; saving over a
    /// file another instance has locked is refused. A project file is saved through the
    /// project (see the module doc); Save As elsewhere leaves the project.
    pub fn save_to(&mut self, path: &Path, force: bool) -> Result<(), SaveFailure> {
        let same_file = self.save_path.as_deref() == Some(path);
        if let (true, Some(holder)) = (same_file, &self.read_only) {
            return Err(SaveFailure::ReadOnly(holder.clone()));
        }
        let now = crate::io::timestamp_now();
        let mut set = self.annotations.clone();
        set.created.get_or_insert_with(|| now.clone());
        set.modified = Some(now);
        let seconds = self.active.pending_seconds();
        let who = self
            .time_owner
            .clone()
            .unwrap_or_else(|| set.annotator.clone());
        set.time_spent.add(&who, seconds);
        let disk = match self.home.as_ref().filter(|_| same_file) {
            Some(home) => self.save_in_project(home, &set, force)?,
            None => self.save_plain(path, same_file && !force, &set)?,
        };
        self.disk = Some(disk);
        // The old file's recovery copy is this session's only if it holds that file's lock.
        if let (Some(old), None) = (self.recovery_path(), &self.read_only) {
            let _ = std::fs::remove_file(old);
        }
        self.annotations.created = set.created;
        self.annotations.modified = set.modified;
        self.annotations.time_spent = set.time_spent;
        self.active.recorded(seconds);
        self.history.mark_saved();
        if !same_file {
            self.project_doc = false;
            self.home = None;
            self.read_only = None;
            self.lock = None;
            self.save_path = Some(path.to_path_buf());
            self.take_lock(&self.annotations.annotator.clone());
        } else if self.lock.is_none() && self.read_only.is_none() {
            // The folder may not have existed when the file was opened (a new project file).
            self.take_lock(&self.annotations.annotator.clone());
        }
        if !(same_file && self.project_doc) {
            self.name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
        }
        if let Some(p) = self.recovery_path() {
            let _ = std::fs::remove_file(p);
        }
        Ok(())
    }

    /// Saves to the save target ([`Session::save_to`] it); an error when there is none yet
    /// (the bundled sample).
    pub fn save(&mut self, force: bool) -> Result<(), SaveFailure> {
        let path = self.save_path.clone().ok_or_else(|| {
            SaveFailure::Other(format!(
                "{}: nowhere to save yet; choose a file with Save as",
                self.name
            ))
        })?;
        self.save_to(&path, force)
    }

    /// The project's guarded save of this session's project file.
    fn save_in_project(
        &self,
        home: &ProjectFile,
        set: &AnnotationSet,
        force: bool,
    ) -> Result<DiskStamp, SaveFailure> {
        let overwrite = if force {
            Overwrite::Always
        } else {
            Overwrite::IfUnchanged(self.disk)
        };
        home.project
            .save_file(&home.role, &self.document, set, overwrite)
            .map_err(|e| match e {
                ProjectError::ChangedOnDisk(_) => SaveFailure::ChangedOnDisk,
                e => SaveFailure::Other(format!("cannot save: {e}")),
            })
    }

    /// A plain native file's save, guarded by the stamp of what was loaded when `guarded`.
    fn save_plain(
        &self,
        path: &Path,
        guarded: bool,
        set: &AnnotationSet,
    ) -> Result<DiskStamp, SaveFailure> {
        // Save As over another existing file is the user's explicit choice: no check there.
        let expected = if guarded {
            self.disk
        } else {
            DiskStamp::read(path)
                .map_err(|e| SaveFailure::Other(format!("{}: cannot read: {e}", path.display())))?
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| SaveFailure::Other(format!("{}: {e}", dir.display())))?;
        }
        native::save_checked(path, &self.document, set, expected).map_err(|e| {
            if e.is_changed_on_disk() {
                SaveFailure::ChangedOnDisk
            } else {
                SaveFailure::Other(format!("{}: cannot save: {e}", path.display()))
            }
        })
    }

    /// The project and role of the file this session edits, when it is a project's
    /// annotation file (an annotator's or gold).
    pub fn project_file(&self) -> Option<(&Project, &FileRole)> {
        self.home.as_ref().map(|h| (&h.project, &h.role))
    }

    /// What re-anchoring on open found, when some quote did not match the text.
    pub fn reanchor_report(&self) -> Option<&ReanchorReport> {
        self.reanchored.as_ref()
    }

    /// `.NAME.recovery.json` beside the save target, or in `fallback_dir` (the app's storage
    /// folder) for the sample.
    pub fn recovery_path(&self) -> Option<PathBuf> {
        recovery_path_for(self.save_path.as_deref(), &self.document.id, None)
    }

    /// Writes the recovery copy atomically if the annotations changed since the last one.
    /// Returns the path written. A read-only session writes none: the recovery copy beside
    /// the file belongs to the instance holding its edit lock.
    pub fn write_recovery(
        &mut self,
        fallback_dir: Option<&Path>,
    ) -> Result<Option<PathBuf>, String> {
        if !self.is_modified()
            || self.recovered_rev == Some(self.history.revision())
            || self.read_only.is_some()
        {
            return Ok(None);
        }
        let Some(path) =
            recovery_path_for(self.save_path.as_deref(), &self.document.id, fallback_dir)
        else {
            return Ok(None);
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let json = native::to_string(&self.document, &self.annotations);
        atomic::write_atomic(&path, json.as_bytes())
            .map_err(|e| format!("{}: cannot write recovery copy: {e}", path.display()))?;
        self.recovered_rev = Some(self.history.revision());
        Ok(Some(path))
    }

    /// A recovery copy newer than the saved file, if one exists (and this session holds the
    /// file's edit lock: another instance's recovery copy is that instance's work in progress).
    pub fn newer_recovery(&self) -> Option<PathBuf> {
        if self.read_only.is_some() {
            return None;
        }
        self.save_path.as_deref().and_then(unsaved_edits)
    }

    /// Removes the recovery copy (the user discarded the unsaved changes, or chose to ignore
    /// the copy). A read-only session leaves it: it belongs to the instance holding the lock.
    pub fn remove_recovery(&mut self, fallback_dir: Option<&Path>) -> Result<(), String> {
        if self.read_only.is_some() {
            return Ok(());
        }
        // The changes of this revision were given up: no copy of them is written again.
        self.recovered_rev = Some(self.history.revision());
        let Some(path) =
            recovery_path_for(self.save_path.as_deref(), &self.document.id, fallback_dir)
        else {
            return Ok(());
        };
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!(
                "{}: cannot remove the recovery copy: {e}",
                path.display()
            )),
            _ => Ok(()),
        }
    }

    /// Replaces the annotations with those of a recovery copy, as one undoable step.
    pub fn restore(&mut self, recovery: &Path) -> Result<(), String> {
        let file = native::load(recovery).map_err(|e| e.to_string())?;
        if file.document.text != self.document.text {
            return Err(format!(
                "{}: the recovery copy belongs to another text",
                recovery.display()
            ));
        }
        let mut tx = Transaction::new("restore the recovery copy");
        for f in self.annotations.frames() {
            tx.push(crate::model::Op::RemoveFrame(f.clone()));
        }
        for e in &self.annotations.entities {
            tx.push(crate::model::Op::RemoveEntity(e.clone()));
        }
        for e in &file.annotations.entities {
            tx.push(crate::model::Op::AddEntity(e.clone()));
        }
        for f in file.annotations.frames() {
            tx.push(crate::model::Op::AddFrame(f.clone()));
        }
        self.apply(tx).map_err(|e| e.to_string())?;
        Ok(())
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The recovery copy beside `path` when it is newer than `path` (or `path` is gone): edits a
/// workbench made and never saved, e.g. before a crash. Whoever writes `path` must not lose
/// them unasked.
pub fn unsaved_edits(path: &Path) -> Option<PathBuf> {
    let rec = recovery_path_for(Some(path), "", None)?;
    let rec_time = std::fs::metadata(&rec).and_then(|m| m.modified()).ok()?;
    match std::fs::metadata(path) {
        Ok(m) => match m.modified() {
            Ok(file_time) if file_time >= rec_time => None,
            _ => Some(rec),
        },
        Err(_) => Some(rec),
    }
}

/// `NAME.stance.json` beside `NAME.txt` (any extension).
pub fn stance_path_for(text_path: &Path) -> PathBuf {
    let stem = text_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    text_path.with_file_name(format!("{stem}.stance.json"))
}

fn recovery_path_for(
    save: Option<&Path>,
    doc_id: &str,
    fallback: Option<&Path>,
) -> Option<PathBuf> {
    match save {
        Some(p) => {
            let name = p.file_name()?.to_string_lossy();
            let stem = name.strip_suffix(".json").unwrap_or(&name);
            Some(p.with_file_name(format!(".{stem}.recovery.json")))
        }
        None => {
            let safe: String = doc_id
                .chars()
                .map(|c| {
                    if c.is_alphanumeric() || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            Some(fallback?.join(format!(".{safe}.recovery.json")))
        }
    }
}

#[cfg(test)]
mod tests;
