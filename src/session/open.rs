//! Opening a session: the bundled sample, a file by path, a project's annotation file.
//!
//! Every opening of a file takes its edit lock *before* reading it, so that what was read is
//! what the lock protects (a second instance, or a command-line write, finds the lock and opens
//! read-only, or refuses). The file is read once: for a project file, the project's checks and
//! the change stamp come from the same bytes.

use std::path::{Path, PathBuf};

use super::{plural, ProjectFile, Session, SAMPLE_JSON, SAMPLE_NAME};
use crate::io::lock::{Acquired, EditLock};
use crate::io::native::{self, NativeFile};
use crate::io::LoadError;
use crate::model::anchor::reanchor_set;
use crate::model::{AnchorState, AnnotationSet, Document, Op, Schema};
use crate::project::{FileRole, Project, ProjectError, GOLD_ANNOTATOR};

/// What opening a project file does when the file's embedded text is no longer the project's
/// document (the article was corrected after the file was written).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextChanged {
    /// Refuse, naming `stancemark validate --reanchor` (the workbench's project list).
    Refuse,
    /// Take the project's text and re-anchor the frames to it, as one undoable step (the
    /// command-line re-anchoring).
    Reanchor,
}

/// The edit lock on `target` for `who`: held, or the holder's description when another
/// instance holds it. A folder where no lock file can be made (read-only media, or not there
/// yet) gives neither: the file is edited without a lock.
fn lock(target: &Path, who: &str) -> (Option<EditLock>, Option<String>) {
    match EditLock::acquire(target, who) {
        Ok(Acquired::Locked { lock, .. }) => (Some(lock), None),
        Ok(Acquired::HeldElsewhere { holder }) => (None, Some(holder)),
        Err(_) => (None, None),
    }
}

impl Session {
    /// Takes the edit lock on the save target, or marks the session read-only when another
    /// instance holds it. A stale lock (its holder died) is taken over.
    pub(super) fn take_lock(&mut self, who: &str) {
        let Some(path) = &self.save_path else { return };
        (self.lock, self.read_only) = lock(path, who);
    }

    /// The bundled sample article with its reference annotations.
    pub fn sample(schema: Schema) -> Session {
        // Invariant: the compiled-in sample parses (tested by `sample_parses`).
        let file = native::parse(SAMPLE_JSON, SAMPLE_NAME).expect("bundled sample parses");
        Session::new(file, schema, None, SAMPLE_NAME.to_owned())
    }

    /// Opens a native annotation file, or a plain text article (`NAME.txt`, saved as
    /// `NAME.stance.json` beside it; an existing `NAME.stance.json` is opened instead). A
    /// project's annotation file (an annotator's or gold, wherever it is opened from) is opened
    /// through its project like [`Session::open_in_project`], with the project's schema.
    pub fn open(path: &Path, annotator: &str, schema: Schema) -> Result<Session, ProjectError> {
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let target = save_target(path);
        // A project whose settings cannot be read does not stop its files from opening as
        // plain files.
        if let Ok(Some((project, role))) = Project::locate(&target) {
            if role.is_annotations() && target.is_file() {
                let mut s =
                    Session::open_project_file(&project, role, annotator, TextChanged::Refuse)?;
                s.name = file_name(&target);
                return Ok(s);
            }
        }
        if is_json || target.exists() {
            let (lock, read_only) = lock(&target, annotator);
            let (file, disk) = native::load_stamped(&target)?;
            let mut s = Session::new(file, schema, Some(target.clone()), file_name(&target));
            (s.disk, s.lock, s.read_only) = (Some(disk), lock, read_only);
            s.reanchor_to_text();
            return Ok(s);
        }
        let text = crate::io::read_utf8(path)?;
        if text.trim().is_empty() {
            return Err(LoadError::Empty {
                path: path.display().to_string(),
            }
            .into());
        }
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "document".into());
        let file = NativeFile {
            document: Document::new(id.clone(), text),
            annotations: AnnotationSet::new(id, annotator, schema.reference()),
        };
        let mut s = Session::new(file, schema, Some(target), file_name(path));
        s.take_lock(annotator);
        Ok(s)
    }

    /// Opens `annotator`'s annotations of project document `doc_id`
    /// (`annotations/<annotator>/<doc_id>.json`, checked against the project's document), or a
    /// fresh todo set on the project's document when the annotator has no file yet. The save
    /// target is that file either way, saved through the project; the project's schema is
    /// used. The title shows project and document.
    pub fn open_in_project(
        project: &Project,
        annotator: &str,
        doc_id: &str,
    ) -> Result<Session, ProjectError> {
        let role = FileRole::Annotation {
            annotator: annotator.into(),
            doc_id: doc_id.into(),
        };
        let mut s = Session::open_project_file(project, role, annotator, TextChanged::Refuse)?;
        s.name = format!("{} — {}", project.name(), s.document.display_title());
        s.project_doc = true;
        Ok(s)
    }

    /// Opens the gold annotations of project document `doc_id` (`gold/<doc_id>.json`), or an
    /// empty gold set on the project's document when there is none yet (the first save creates
    /// it). `adjudicator` names the holder of the edit lock.
    pub fn open_gold(
        project: &Project,
        doc_id: &str,
        adjudicator: &str,
    ) -> Result<Session, ProjectError> {
        // The lock file lies beside the gold file, so its folder must be there from the start.
        project.ensure_gold_dir()?;
        let role = FileRole::Gold {
            doc_id: doc_id.into(),
        };
        Session::open_project_file(project, role, adjudicator, TextChanged::Refuse)
    }

    /// Opens a project's annotation file by its role (an annotator's or gold) for `who`: the
    /// edit lock first, then one read through the project (see the module doc), or a new empty
    /// set when the file does not exist. When the file's text is no longer the project's
    /// document, `on_text_change` decides. The title is the file name.
    pub fn open_project_file(
        project: &Project,
        role: FileRole,
        who: &str,
        on_text_change: TextChanged,
    ) -> Result<Session, ProjectError> {
        let path = project.annotation_file_path(&role)?;
        let doc_id = role.doc_id().unwrap_or_default().to_owned();
        let schema = project.schema().clone();
        let (lock, read_only) = lock(&path, who);
        let loaded = match on_text_change {
            TextChanged::Refuse => project.load_file(&role)?,
            TextChanged::Reanchor => project.load_placed_file(&role)?,
        };
        let (mut file, disk) = match loaded {
            Some((file, stamp)) => (file, Some(stamp)),
            None => {
                let owner = match &role {
                    FileRole::Annotation { annotator, .. } => annotator.as_str(),
                    _ => GOLD_ANNOTATOR,
                };
                let file = NativeFile {
                    document: project.load_document(&doc_id)?,
                    annotations: AnnotationSet::new(&doc_id, owner, schema.reference()),
                };
                (file, None)
            }
        };
        let corrected = match on_text_change {
            TextChanged::Refuse => None,
            TextChanged::Reanchor => Some(project.load_document(&doc_id)?),
        };
        let reanchor = corrected.is_some_and(|doc| {
            let changed = doc.text != file.document.text;
            if changed {
                file.document = doc;
            }
            changed
        });
        let mut s = Session::new(file, schema, Some(path.clone()), file_name(&path));
        (s.disk, s.lock, s.read_only) = (disk, lock, read_only);
        s.home = Some(ProjectFile {
            project: project.clone(),
            role,
        });
        if reanchor {
            s.reanchor_to_text();
        }
        Ok(s)
    }

    /// Re-anchors frames whose quotes do not match the text, through the undo history, and
    /// records what it found and the banner text in [`Session::reanchor_notice`].
    fn reanchor_to_text(&mut self) {
        let (tx, report) = reanchor_set(&self.annotations, &self.document.text);
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
            self.reanchored = Some(report);
            self.reanchor_notice = Some(format!(
                "The text no longer matches some annotations: {moved} frame{} found again \
                 (moved), {orphaned} not found (orphaned, kept with their quotes). Review them \
                 under Re-anchoring in the panel; Undo reverts the re-anchoring.",
                plural(moved),
            ));
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The file Ctrl+S writes for a path the user opens: the path itself for a `.json`, else
/// `NAME.stance.json` beside it.
pub fn save_target(path: &Path) -> PathBuf {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        path.to_path_buf()
    } else {
        super::stance_path_for(path)
    }
}
