//! Reading and writing a project's documents and annotation files.
//!
//! Every annotation file is checked on load: its document id and annotator must match its
//! place in the folder, and its embedded text must equal the project's document (a corrected
//! document is re-anchored by [`super::reanchor`] instead). Saves check the same before
//! writing. Guarded saves, which refuse a file changed on disk since it was read, are in
//! [`super::guard`].

use std::path::{Path, PathBuf};

use super::{io_err, safe_name, FileRole, Overwrite, Project, ProjectError};
use crate::io::native::{self, NativeFile};
use crate::io::stamp::DiskStamp;
use crate::io::{self, LoadError};
use crate::model::{AnnotationSet, Document};

impl Project {
    /// Loads a document. A `.json` file is a document object whose `id` must equal the file
    /// name; a `.txt` file is the text alone (its id is the file name).
    pub fn load_document(&self, id: &str) -> Result<Document, ProjectError> {
        // Opening each candidate is the look-up (one system call less per document than a
        // look first: exports and agreement read thousands).
        let [json, txt] = self.document_candidates(id)?;
        let shown = json.display().to_string();
        let parsed = absent_as_none(io::parse_utf8(&json, |text| {
            serde_json::from_str::<Document>(text).map_err(|e| LoadError::Json {
                path: shown.clone(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })
        }))?;
        let Some(doc) = parsed else {
            return match absent_as_none(io::read_utf8(&txt))? {
                Some(text) => Ok(Document::new(id, text)),
                None => Err(ProjectError::NoSuchDocument(id.into())),
            };
        };
        if doc.id != id {
            return Err(ProjectError::Invalid {
                path: shown,
                message: format!(
                    "document id {:?} does not match the file name {id:?}",
                    doc.id
                ),
            });
        }
        Ok(doc)
    }

    /// Writes a document as `documents/<id>.json` (atomic). Refuses to change the text of an
    /// existing document, since annotations refer to it by offset.
    pub fn save_document(&self, doc: &Document) -> Result<(), ProjectError> {
        let (path, json) = self.document_file(doc)?;
        std::fs::create_dir_all(self.documents_dir()).map_err(io_err(&self.documents_dir()))?;
        io::atomic::write_atomic(&path, json.as_bytes()).map_err(io_err(&path))
    }

    /// The path and content [`Project::save_document`] writes, after its check.
    pub(super) fn document_file(&self, doc: &Document) -> Result<(PathBuf, String), ProjectError> {
        safe_name("document id", &doc.id)?;
        if self.document_path(&doc.id)?.is_some() {
            let old = self.load_document(&doc.id)?;
            if old.text != doc.text {
                return Err(ProjectError::Invalid {
                    path: self.documents_dir().join(&doc.id).display().to_string(),
                    message:
                        "the document exists with a different text; texts never change after import"
                            .into(),
                });
            }
        }
        let path = self.new_document_path(&doc.id)?;
        let mut json = serde_json::to_string_pretty(doc)
            .map_err(|e| io_err(&path)(std::io::Error::other(e)))?;
        json.push('\n');
        Ok((path, json))
    }

    /// An annotator's annotations of a document, or `None` when they have no file.
    pub fn load_annotations(
        &self,
        annotator: &str,
        doc_id: &str,
    ) -> Result<Option<AnnotationSet>, ProjectError> {
        let role = FileRole::Annotation {
            annotator: annotator.into(),
            doc_id: doc_id.into(),
        };
        Ok(self.load_file(&role)?.map(|(f, _)| f.annotations))
    }

    /// Saves an annotator's annotations of a document atomically, creating the annotator's
    /// folder. The document must be the project's (same id and text).
    pub fn save_annotations(
        &self,
        doc: &Document,
        set: &AnnotationSet,
    ) -> Result<(), ProjectError> {
        self.save_annotations_guarded(doc, set, Overwrite::Always)
            .map(drop)
    }

    /// The gold annotations of a document, or `None`.
    pub fn load_gold(&self, doc_id: &str) -> Result<Option<AnnotationSet>, ProjectError> {
        let role = FileRole::Gold {
            doc_id: doc_id.into(),
        };
        Ok(self.load_file(&role)?.map(|(f, _)| f.annotations))
    }

    /// Saves the gold annotations of a document atomically.
    pub fn save_gold(&self, doc: &Document, set: &AnnotationSet) -> Result<(), ProjectError> {
        self.save_gold_guarded(doc, set, Overwrite::Always)
            .map(drop)
    }

    /// Reads an annotation file (an annotator's or gold, by `role`) once: the file as stored
    /// and the [`DiskStamp`] of the bytes read, after checking that it belongs where it lies
    /// and that its text is the project's document. `None` when there is no file.
    pub fn load_file(
        &self,
        role: &FileRole,
    ) -> Result<Option<(NativeFile, DiskStamp)>, ProjectError> {
        let (path, annotator, doc_id) = self.annotation_file(role)?;
        let Some((file, stamp)) = self.load_placed(&path, annotator, doc_id)? else {
            return Ok(None);
        };
        let doc = self.load_document(doc_id)?;
        same_text(&path, &doc, &file)?;
        Ok(Some((file, stamp)))
    }

    /// The project's document and the annotation set of `role` for it, each file read and
    /// parsed once, with the checks of [`Project::load_file`] (for exports, which need the
    /// project's document — its metadata — and no stamp). `None` when there is no file.
    pub fn load_with_document(
        &self,
        role: &FileRole,
    ) -> Result<Option<(Document, AnnotationSet)>, ProjectError> {
        let (path, annotator, doc_id) = self.annotation_file(role)?;
        // The annotation file first: without one, the document is not read at all.
        let Some(file) = absent_as_none(native::load(&path))? else {
            return Ok(None);
        };
        let doc = self.load_document(doc_id)?;
        let set = checked_set(&path, file, annotator, doc_id, &doc)?;
        Ok(Some((doc, set)))
    }

    /// The annotation set of `role`, with the checks of [`Project::load_file`] made against
    /// `doc`, the project's document as already loaded by the caller (so that reading several
    /// annotators' files of one document parses the document once). `None` when there is no
    /// file.
    pub fn load_set_of(
        &self,
        role: &FileRole,
        doc: &Document,
    ) -> Result<Option<AnnotationSet>, ProjectError> {
        let (path, annotator, doc_id) = self.annotation_file(role)?;
        let Some(file) = absent_as_none(native::load(&path))? else {
            return Ok(None);
        };
        checked_set(&path, file, annotator, doc_id, doc).map(Some)
    }

    /// The path of an annotation file role (an annotator's or gold; an error for other roles).
    pub fn annotation_file_path(&self, role: &FileRole) -> Result<PathBuf, ProjectError> {
        Ok(self.annotation_file(role)?.0)
    }

    /// Like [`Project::load_file`], but a file whose embedded text is no longer the project's
    /// document (a corrected article) is returned as it is, for re-anchoring.
    pub fn load_placed_file(
        &self,
        role: &FileRole,
    ) -> Result<Option<(NativeFile, DiskStamp)>, ProjectError> {
        let (path, annotator, doc_id) = self.annotation_file(role)?;
        self.load_placed(&path, annotator, doc_id)
    }

    /// Reads an annotation file with the stamp of the bytes read, checking its document id and
    /// annotator against its place (not its text). `None` when there is no file.
    pub(super) fn load_placed(
        &self,
        path: &Path,
        annotator: Option<&str>,
        doc_id: &str,
    ) -> Result<Option<(NativeFile, DiskStamp)>, ProjectError> {
        let Some((file, stamp)) = absent_as_none(native::load_stamped(path))? else {
            return Ok(None);
        };
        check_placed(path, &file, annotator, doc_id)?;
        Ok(Some((file, stamp)))
    }

    /// Checks that `set` may be saved as `role` with document `doc` — the annotator of the
    /// place, the project's document with its very text — and creates the file's folder.
    pub(super) fn check_save(
        &self,
        role: &FileRole,
        doc: &Document,
        set: &AnnotationSet,
    ) -> Result<PathBuf, ProjectError> {
        let (path, annotator, doc_id) = self.annotation_file(role)?;
        let bad = |message: String| ProjectError::Invalid {
            path: path.display().to_string(),
            message,
        };
        if set.document_id != doc.id || doc.id != doc_id {
            return Err(bad(format!(
                "annotations of {:?} cannot be saved for document {doc_id:?}",
                set.document_id
            )));
        }
        if let Some(a) = annotator.filter(|a| *a != set.annotator) {
            return Err(bad(format!(
                "annotations by {:?} cannot be saved in the folder of {a:?}",
                set.annotator
            )));
        }
        let stored = self.load_document(&doc.id)?;
        if stored.text != doc.text {
            return Err(bad(
                "the document text differs from the project's document".into()
            ));
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        }
        Ok(path)
    }
}

/// The set of a file read for `doc_id` (by `annotator`, or gold), after checking that it lies
/// in its place and embeds the very text of `doc`, the project's document.
fn checked_set(
    path: &Path,
    file: NativeFile,
    annotator: Option<&str>,
    doc_id: &str,
    doc: &Document,
) -> Result<AnnotationSet, ProjectError> {
    check_placed(path, &file, annotator, doc_id)?;
    if doc.id != doc_id {
        return Err(ProjectError::Invalid {
            path: path.display().to_string(),
            message: format!("checked against document {:?}, not {doc_id:?}", doc.id),
        });
    }
    same_text(path, doc, &file)?;
    Ok(file.annotations)
}

/// A file that does not exist as `None` (opening it is the check: no separate look first).
fn absent_as_none<T>(read: Result<T, LoadError>) -> Result<Option<T>, LoadError> {
    match read {
        Ok(v) => Ok(Some(v)),
        Err(LoadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The code point index of the first difference between two strings.
fn first_difference(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Checks an annotation file's document id and annotator against its place.
fn check_placed(
    path: &Path,
    file: &NativeFile,
    annotator: Option<&str>,
    doc_id: &str,
) -> Result<(), ProjectError> {
    let bad = |message: String| ProjectError::Invalid {
        path: path.display().to_string(),
        message,
    };
    if file.document.id != doc_id || file.annotations.document_id != doc_id {
        return Err(bad(format!(
            "the file is for document {:?}, but its name says {doc_id:?}",
            file.document.id
        )));
    }
    if let Some(a) = annotator {
        if file.annotations.annotator != a {
            return Err(bad(format!(
                "the file is by annotator {:?}, but it is in the folder of {a:?}",
                file.annotations.annotator
            )));
        }
    }
    Ok(())
}

/// Checks that an annotation file embeds the very text of the project's document.
fn same_text(path: &Path, doc: &Document, file: &NativeFile) -> Result<(), ProjectError> {
    if doc.text != file.document.text {
        let doc_id = &doc.id;
        return Err(ProjectError::Invalid {
            path: path.display().to_string(),
            message: format!(
                "the embedded document text differs from documents/{doc_id} (first difference at code point {}); \
                 `stancemark validate --reanchor --write DIR` moves the annotations to the new text",
                first_difference(doc.text.as_str(), file.document.text.as_str())
            ),
        });
    }
    Ok(())
}
