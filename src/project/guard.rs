//! Guarded writes of annotation files, and the clean-up of interrupted writes.
//!
//! A command that reads an annotation file and later writes it back (adjudication writing gold,
//! re-anchoring) passes the [`DiskStamp`] of the bytes it read; the write is refused with
//! [`ProjectError::ChangedOnDisk`] when the file is no longer those bytes (another program, a
//! second instance, a `git pull` wrote it meanwhile), and the file is left untouched.
//! [`Overwrite::Always`] is the explicit override (`--force`).
//!
//! Every write also removes the temporary files that writes killed before their rename left in
//! the same folder ([`crate::io::atomic::remove_stray_temp_files`]); readers never open them.

use std::path::{Path, PathBuf};

use super::{io_err, Project, ProjectError};
use crate::io::atomic::remove_stray_temp_files;
use crate::io::native::{self, SaveError};
use crate::io::stamp::{CheckError, DiskStamp};
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
        let path = self.annotation_path(annotator, doc_id)?;
        Ok(split(self.load_checked(&path, Some(annotator), doc_id)?))
    }

    /// The gold annotations of a document with the stamp of the bytes read.
    pub fn load_gold_stamped(
        &self,
        doc_id: &str,
    ) -> Result<(Option<AnnotationSet>, Option<DiskStamp>), ProjectError> {
        let path = self.gold_path(doc_id)?;
        Ok(split(self.load_checked(&path, None, doc_id)?))
    }

    /// Saves gold annotations, refusing to overwrite a file that changed since it was read
    /// unless `overwrite` is [`Overwrite::Always`].
    pub fn save_gold_guarded(
        &self,
        doc: &Document,
        set: &AnnotationSet,
        overwrite: Overwrite,
    ) -> Result<(), ProjectError> {
        let path = self.gold_path(&doc.id)?;
        self.save_checked(&path, doc, set, overwrite)
    }

    /// Saves an annotator's annotations, guarded like [`Project::save_gold_guarded`].
    pub fn save_annotations_guarded(
        &self,
        doc: &Document,
        set: &AnnotationSet,
        overwrite: Overwrite,
    ) -> Result<(), ProjectError> {
        let path = self.annotation_path(&set.annotator, &doc.id)?;
        self.save_checked(&path, doc, set, overwrite)
    }

    /// The last step of every annotation file save: the guard, the atomic write, the clean-up.
    pub(super) fn write_annotation_file(
        &self,
        path: &Path,
        doc: &Document,
        set: &AnnotationSet,
        overwrite: Overwrite,
    ) -> Result<(), ProjectError> {
        match overwrite {
            Overwrite::Always => native::save(path, doc, set).map_err(io_err(path))?,
            Overwrite::IfUnchanged(expected) => {
                match native::save_checked(path, doc, set, expected) {
                    Ok(_) => {}
                    Err(SaveError::Check(CheckError::Changed(c))) => return Err(c.into()),
                    Err(SaveError::Check(CheckError::Io { path, source }))
                    | Err(SaveError::Io { path, source }) => {
                        return Err(ProjectError::Io { path, source })
                    }
                }
            }
        }
        if let Some(dir) = path.parent() {
            remove_stray_temp_files(dir).map_err(io_err(dir))?;
        }
        Ok(())
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

fn split<T>(found: Option<(T, DiskStamp)>) -> (Option<T>, Option<DiskStamp>) {
    match found {
        Some((t, s)) => (Some(t), Some(s)),
        None => (None, None),
    }
}
