//! Guarded writes of annotation files, and the clean-up of interrupted writes.
//!
//! A command that reads an annotation file and later writes it back (the workbench saving,
//! adjudication writing gold, re-anchoring) passes the [`DiskStamp`] of the bytes it read; the
//! write is refused with [`ProjectError::ChangedOnDisk`] when the file is no longer those bytes
//! (another program, a second instance, a `git pull` wrote it meanwhile), and the file is left
//! untouched. [`Overwrite::Always`] is the explicit override (`--force`, "Overwrite").
//!
//! Every write also removes the temporary files that writes killed before their rename left in
//! the same folder ([`crate::io::atomic::remove_stray_temp_files`]); readers never open them.

use std::path::{Path, PathBuf};

use super::{io_err, FileRole, Project, ProjectError};
use crate::io::atomic::{remove_stray_temp_files, write_atomic};
use crate::io::native;
use crate::io::stamp::{check_unchanged, CheckError, DiskStamp};
use crate::model::{AnnotationSet, Document};

/// What a save may overwrite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Whatever is on disk (a new file, an explicit replace, or `--force`).
    Always,
    /// Only the content that was read (`None`: the file did not exist and still must not).
    IfUnchanged(Option<DiskStamp>),
}

impl Project {
    /// An annotator's annotations of a document with the stamp of the bytes read (`None` when
    /// there is no file), for a later guarded save.
    pub fn load_annotations_stamped(
        &self,
        annotator: &str,
        doc_id: &str,
    ) -> Result<(Option<AnnotationSet>, Option<DiskStamp>), ProjectError> {
        let role = FileRole::Annotation {
            annotator: annotator.into(),
            doc_id: doc_id.into(),
        };
        Ok(split(self.load_file(&role)?))
    }

    /// The gold annotations of a document with the stamp of the bytes read.
    pub fn load_gold_stamped(
        &self,
        doc_id: &str,
    ) -> Result<(Option<AnnotationSet>, Option<DiskStamp>), ProjectError> {
        let role = FileRole::Gold {
            doc_id: doc_id.into(),
        };
        Ok(split(self.load_file(&role)?))
    }

    /// Saves gold annotations, refusing to overwrite a file that changed since it was read
    /// unless `overwrite` is [`Overwrite::Always`]. Returns the stamp of the bytes written.
    pub fn save_gold_guarded(
        &self,
        doc: &Document,
        set: &AnnotationSet,
        overwrite: Overwrite,
    ) -> Result<DiskStamp, ProjectError> {
        let role = FileRole::Gold {
            doc_id: doc.id.clone(),
        };
        self.save_file(&role, doc, set, overwrite)
    }

    /// Saves an annotator's annotations, guarded like [`Project::save_gold_guarded`].
    pub fn save_annotations_guarded(
        &self,
        doc: &Document,
        set: &AnnotationSet,
        overwrite: Overwrite,
    ) -> Result<DiskStamp, ProjectError> {
        let role = FileRole::Annotation {
            annotator: set.annotator.clone(),
            doc_id: doc.id.clone(),
        };
        self.save_file(&role, doc, set, overwrite)
    }

    /// Saves an annotation file (an annotator's or gold, by `role`) after the checks of
    /// [`Project::load_file`], guarded by `overwrite`. Returns the stamp of the bytes written.
    pub fn save_file(
        &self,
        role: &FileRole,
        doc: &Document,
        set: &AnnotationSet,
        overwrite: Overwrite,
    ) -> Result<DiskStamp, ProjectError> {
        let path = self.check_save(role, doc, set)?;
        self.write_annotation_file(&path, doc, set, overwrite)
    }

    /// The last step of every annotation file save: the guard, the atomic write, the clean-up.
    pub(super) fn write_annotation_file(
        &self,
        path: &Path,
        doc: &Document,
        set: &AnnotationSet,
        overwrite: Overwrite,
    ) -> Result<DiskStamp, ProjectError> {
        if let Overwrite::IfUnchanged(expected) = overwrite {
            check_unchanged(path, expected).map_err(|e| match e {
                CheckError::Changed(c) => ProjectError::ChangedOnDisk(c),
                CheckError::Io { path, source } => ProjectError::Io { path, source },
            })?;
        }
        let json = native::to_string(doc, set);
        write_atomic(path, json.as_bytes()).map_err(io_err(path))?;
        if let Some(dir) = path.parent() {
            remove_stray_temp_files(dir).map_err(io_err(dir))?;
        }
        Ok(DiskStamp::of_bytes(json.as_bytes()))
    }

    /// Removes the temporary files of interrupted writes from every folder of the project.
    /// Returns the removed paths, sorted.
    pub fn remove_stray_temp_files(&self) -> Result<Vec<PathBuf>, ProjectError> {
        let mut dirs = vec![
            self.root().to_path_buf(),
            self.documents_dir(),
            self.gold_dir(),
        ];
        for a in self.annotators()? {
            dirs.push(self.annotations_dir().join(a));
        }
        let mut removed = Vec::new();
        for dir in dirs {
            removed.extend(remove_stray_temp_files(&dir).map_err(io_err(&dir))?);
        }
        removed.sort();
        Ok(removed)
    }
}

fn split<T>(found: Option<(native::NativeFile, T)>) -> (Option<AnnotationSet>, Option<T>) {
    match found {
        Some((f, s)) => (Some(f.annotations), Some(s)),
        None => (None, None),
    }
}
