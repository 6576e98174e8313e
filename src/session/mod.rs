//! The open document: its text, one annotator's annotations, the undo history and where it is
//! saved. Loading, saving (atomic, timestamped) and the autosave recovery copy.
//!
//! Annotations change only through [`Session::apply`] (a [`Transaction`] recorded by the
//! [`History`]). The `created`/`modified` timestamps are file metadata stamped on save, not
//! annotation edits, so they are not undoable.

pub mod view;

use std::path::{Path, PathBuf};

use crate::io::lock::{Acquired, EditLock};
use crate::io::stamp::DiskStamp;
use crate::io::{atomic, native, LoadError};
use crate::model::anchor::reanchor_set;
use crate::model::{
    AnchorState, AnnotationSet, Document, EditError, History, Op, Schema, Transaction,
};
use crate::project::{Project, ProjectError};

/// The bundled sample, compiled in so the binary works from any folder.
pub const SAMPLE_JSON: &str = include_str!("../../samples/iran-talks-signals.stance.json");
pub const SAMPLE_NAME: &str = "iran-talks-signals.stance.json";

/// Undo steps kept (the issue asks for at least 1,000).
pub const UNDO_LIMIT: usize = 5_000;

pub struct Session {
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
    /// What re-anchoring on open did, for a banner (see [`super::orphans`]).
    pub reanchor_notice: Option<String>,
    /// Opened from a project's document list: the name shows project and title, and Save as
    /// leaves the project's file.
    project_doc: bool,
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
            project_doc: false,
        }
    }

    /// Takes the edit lock on the save target, or marks the session read-only when another
    /// instance holds it. A stale lock (its holder died) is taken over.
    fn take_lock(&mut self, annotator: &str) {
        let Some(path) = &self.save_path else { return };
        match EditLock::acquire(path, annotator) {
            Ok(Acquired::Locked { lock, .. }) => self.lock = Some(lock),
            Ok(Acquired::HeldElsewhere { holder }) => self.read_only = Some(holder),
            // A folder where no lock file can be made (read-only media): edit without one.
            Err(_) => {}
        }
    }

    /// Releases the edit lock (before the same file is opened again).
    pub fn release_lock(&mut self) {
        self.lock = None;
    }

    /// The bundled sample article with its reference annotations.
    pub fn sample(schema: Schema) -> Session {
        // Invariant: the compiled-in sample parses (tested by `sample_parses`).
        let file = native::parse(SAMPLE_JSON, SAMPLE_NAME).expect("bundled sample parses");
        Session::new(file, schema, None, SAMPLE_NAME.to_owned())
    }

    /// A new annotation set that is not on disk yet, saved to `save_path` by the first Ctrl+S
    /// (e.g. a gold file created by the first acceptance in Review mode).
    pub fn create(
        document: Document,
        annotations: AnnotationSet,
        schema: Schema,
        save_path: PathBuf,
        locker: &str,
    ) -> Session {
        let name = save_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = native::NativeFile {
            document,
            annotations,
        };
        let mut s = Session::new(file, schema, Some(save_path), name);
        s.take_lock(locker);
        s
    }

    /// Opens a native annotation file, or a plain text article (`NAME.txt`, saved as
    /// `NAME.stance.json` beside it; an existing `NAME.stance.json` is opened instead).
    pub fn open(path: &Path, annotator: &str, schema: Schema) -> Result<Session, LoadError> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let opened = |file, target: PathBuf, name, disk| {
            let mut s = Session::new(file, schema.clone(), Some(target), name);
            s.disk = disk;
            s.take_lock(annotator);
            s.reanchor_on_open();
            s
        };
        if is_json {
            let (file, disk) = native::load_stamped(path)?;
            return Ok(opened(file, path.to_path_buf(), name, Some(disk)));
        }
        let target = stance_path_for(path);
        if target.exists() {
            let (file, disk) = native::load_stamped(&target)?;
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(name);
            return Ok(opened(file, target, name, Some(disk)));
        }
        let text = crate::io::read_utf8(path)?;
        Session::text_article(path, text, annotator, schema)
    }

    /// A plain text article that is not all valid UTF-8, opened with every invalid byte
    /// sequence replaced by U+FFFD (the user chose to): a new annotation set saved as
    /// `NAME.stance.json` beside it. The article file itself is never written.
    pub fn open_lossy(path: &Path, annotator: &str, schema: Schema) -> Result<Session, LoadError> {
        let text = crate::io::read_text(path, true)?.text;
        Session::text_article(path, text, annotator, schema)
    }

    /// A new annotation set on the article `text` read from `path`.
    fn text_article(
        path: &Path,
        text: String,
        annotator: &str,
        schema: Schema,
    ) -> Result<Session, LoadError> {
        if text.trim().is_empty() {
            return Err(LoadError::Empty {
                path: path.display().to_string(),
            });
        }
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "document".into());
        let document = Document::new(id.clone(), text);
        let annotations = AnnotationSet::new(id, annotator, schema.reference());
        let file = native::NativeFile {
            document,
            annotations,
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let mut s = Session::new(file, schema, Some(stance_path_for(path)), name);
        s.take_lock(annotator);
        Ok(s)
    }

    /// Opens `annotator`'s annotations of project document `doc_id`
    /// (`annotations/<annotator>/<doc_id>.json`, checked against the project's document), or a
    /// fresh todo set on the project's document when the annotator has no file yet. The save
    /// target is that file either way; the project's schema is used.
    pub fn open_in_project(
        project: &Project,
        annotator: &str,
        doc_id: &str,
    ) -> Result<Session, ProjectError> {
        let path = project.annotation_path(annotator, doc_id)?;
        let document = project.load_document(doc_id)?;
        let name = format!("{} — {}", project.name(), document.display_title());
        let schema = project.schema().clone();
        let (file, disk) = if path.is_file() {
            // Checks document id, annotator folder and embedded text against the project.
            project.load_annotations(annotator, doc_id)?;
            let (file, disk) = native::load_stamped(&path)?;
            (file, Some(disk))
        } else {
            let annotations = AnnotationSet::new(doc_id, annotator, schema.reference());
            let file = native::NativeFile {
                document,
                annotations,
            };
            (file, None)
        };
        let mut s = Session::new(file, schema, Some(path), name);
        s.disk = disk;
        s.project_doc = true;
        s.take_lock(annotator);
        Ok(s)
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

    /// Undoes the last edit; returns its description (`None` when there is nothing to undo).
    pub fn undo(&mut self) -> Result<Option<String>, EditError> {
        self.history.undo(&mut self.annotations)
    }

    /// Redoes the last undone edit; returns its description (`None`: nothing to redo).
    pub fn redo(&mut self) -> Result<Option<String>, EditError> {
        self.history.redo(&mut self.annotations)
    }

    /// Re-anchors frames whose quotes do not match the text, through the undo history, and
    /// records the banner text in [`Session::reanchor_notice`].
    fn reanchor_on_open(&mut self) {
        let (tx, _report) = reanchor_set(&self.annotations, &self.document.text);
        if tx.is_empty() {
            return;
        }
        let count = |state: AnchorState| {
            tx.ops
                .iter()
                .filter(|op| matches!(op, Op::UpdateFrame { new, .. } if new.anchor == state))
                .count()
        };
        let (moved, orphaned) = (count(AnchorState::Moved), count(AnchorState::Orphaned));
        // The ops were built from these very annotations, so they apply; should one not, the
        // frames stay as loaded and the panel still lists what is flagged.
        if self.apply(tx).is_ok() {
            self.reanchor_notice = Some(format!(
                "The text no longer matches some annotations: {moved} frame{} found again \
                 (moved), {orphaned} not found (orphaned, kept with their quotes). Review them \
                 under Re-anchoring in the panel; Undo reverts the re-anchoring.",
                plural(moved),
            ));
        }
    }

    /// Applies an edit and records it for undo.
    pub fn apply(&mut self, tx: Transaction) -> Result<bool, EditError> {
        self.history.apply(&mut self.annotations, tx)
    }

    pub fn is_modified(&self) -> bool {
        self.history.is_modified()
    }

    /// Saves atomically to `path` (stamping `created` on first save and `modified`), makes
    /// `path` the save target and removes the recovery copy. Saving over the file this session
    /// was loaded from is refused when it changed on disk since, unless `force`; saving over a
    /// file another instance has locked is refused.
    pub fn save_to(&mut self, path: &Path, force: bool) -> Result<(), SaveFailure> {
        let same_file = self.save_path.as_deref() == Some(path);
        if let (true, Some(holder)) = (same_file, &self.read_only) {
            return Err(SaveFailure::ReadOnly(holder.clone()));
        }
        let now = crate::io::timestamp_now();
        let mut set = self.annotations.clone();
        set.created.get_or_insert_with(|| now.clone());
        set.modified = Some(now);
        // Save As over another existing file is the user's explicit choice: no check there.
        let expected = if same_file && !force {
            self.disk
        } else {
            DiskStamp::read(path)
                .map_err(|e| SaveFailure::Other(format!("{}: cannot read: {e}", path.display())))?
        };
        // A project annotator's folder appears with their first save.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| SaveFailure::Other(format!("{}: {e}", dir.display())))?;
        }
        let disk = native::save_checked(path, &self.document, &set, expected).map_err(|e| {
            if e.is_changed_on_disk() {
                SaveFailure::ChangedOnDisk
            } else {
                SaveFailure::Other(format!("{}: cannot save: {e}", path.display()))
            }
        })?;
        self.disk = Some(disk);
        // The old file's recovery copy is this session's only if it holds that file's lock.
        if let (Some(old), None) = (self.recovery_path(), &self.read_only) {
            let _ = std::fs::remove_file(old);
        }
        self.annotations.created = set.created;
        self.annotations.modified = set.modified;
        self.history.mark_saved();
        if !same_file {
            self.project_doc = false;
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
        let rec = self.recovery_path()?;
        let rec_time = std::fs::metadata(&rec).and_then(|m| m.modified()).ok()?;
        match self.save_path.as_deref().map(std::fs::metadata) {
            Some(Ok(m)) => match m.modified() {
                Ok(file_time) if file_time >= rec_time => None,
                _ => Some(rec),
            },
            _ => Some(rec),
        }
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
mod tests {
    use super::*;

    #[test]
    fn sample_parses() {
        let s = Session::sample(Schema::default_news());
        assert!(!s.annotations.frames().is_empty());
    }

    #[test]
    fn text_files_save_beside_and_recovery_is_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let txt = dir.path().join("a.txt");
        std::fs::write(&txt, "Iran warned.\r\n").unwrap();
        let mut s = Session::open(&txt, "ann", Schema::default_news()).unwrap();
        assert_eq!(
            s.save_path.as_deref(),
            Some(dir.path().join("a.stance.json").as_path())
        );
        assert_eq!(
            s.recovery_path(),
            Some(dir.path().join(".a.stance.recovery.json"))
        );
        let f = crate::model::Frame::new(
            "f1",
            crate::model::Quote::new(crate::model::Span::new(0, 4), "Iran"),
            "warning",
        );
        s.apply(Transaction::new("add f1").with(crate::model::Op::AddFrame(f)))
            .unwrap();
        let rec = s.write_recovery(None).unwrap().unwrap();
        assert!(rec.exists());
        assert_eq!(s.newer_recovery(), Some(rec.clone()), "no saved file yet");
        s.save_to(&dir.path().join("a.stance.json"), false).unwrap();
        assert!(!rec.exists(), "saving removes the recovery copy");
        let again = Session::open(&txt, "ann", Schema::default_news()).unwrap();
        assert_eq!(
            again.annotations.frames().len(),
            1,
            "reopens the saved annotations"
        );
        assert!(again.annotations.created.is_some());
    }
}
