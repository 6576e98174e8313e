//! A project: a folder of documents and per-annotator annotation files that a team shares.
//!
//! Layout (see `DESIGN.md`):
//!
//! ```text
//! DIR/stancemark.json                  {"format": "stancemark-project/1", "name",
//!                                       "schema": {…inline schema…} | "relative/path.json"}
//! DIR/documents/<doc-id>.json|.txt     a document object (id, title, …, text) or plain text
//! DIR/annotations/<annotator>/<doc-id>.json   native `stancemark/1` files
//! DIR/gold/<doc-id>.json               the adjudicated version (native, annotator "gold")
//! ```
//!
//! **Contract.** Document ids and annotator names become file names, so each passes
//! [`check_file_name`] before any path is built from it. Every annotation file embeds the
//! document text; loading checks that it equals the project's document and that the file's
//! document id and annotator match its place in the folder. Every write is atomic
//! ([`crate::io::atomic`]). Lists returned are sorted.

mod check;
pub mod export;
pub mod git;
mod guard;
pub mod import;
mod names;
pub mod reanchor;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use guard::Overwrite;

use crate::io::{self, native, LoadError};
use crate::model::{AnnotationSet, Document, Schema, Status};

pub use check::{AnnotatorStats, CheckReport, FileProblem, ProjectStats};
pub use names::{check_file_name, sanitize_file_name, truncate_bytes, NameError, MAX_NAME_BYTES};

/// The project settings file name.
pub const PROJECT_FILE: &str = "stancemark.json";
/// The format tag of the project settings file.
pub const PROJECT_FORMAT: &str = "stancemark-project/1";
/// The annotator name of gold files.
pub const GOLD_ANNOTATOR: &str = "gold";

/// Why a project operation failed. Each variant names the file or the name at fault.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{what} {name:?} cannot be used as a file name: {reason}")]
    UnsafeName {
        what: &'static str,
        name: String,
        reason: NameError,
    },
    #[error(
        "{0}: not a stancemark project (no {PROJECT_FILE}; create one with `stancemark init`)"
    )]
    NotAProject(String),
    #[error("{0}: already a stancemark project")]
    AlreadyAProject(String),
    #[error("no document {0:?} in the project")]
    NoSuchDocument(String),
    /// A guarded save found the file changed since it was read; nothing was written.
    #[error(transparent)]
    ChangedOnDisk(#[from] io::stamp::ChangedOnDisk),
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> ProjectError + '_ {
    move |source| ProjectError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Checks a document id or annotator name before it becomes a file name.
pub fn safe_name(what: &'static str, name: &str) -> Result<(), ProjectError> {
    check_file_name(name).map_err(|reason| ProjectError::UnsafeName {
        what,
        name: name.into(),
        reason,
    })
}

/// Where the project's schema lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SchemaSetting {
    /// A path relative to the project folder.
    Path(String),
    Inline(Box<Schema>),
}

/// The contents of `stancemark.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectConfig {
    pub format: String,
    pub name: String,
    pub schema: SchemaSetting,
    /// Unknown keys, kept when the settings are rewritten.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One document's state for one annotator, for document lists and progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocStatus {
    pub id: String,
    pub title: String,
    /// The annotator's status (`todo` when they have no file).
    pub status: Status,
    /// The annotator's number of frames (0 without a file).
    pub frames: usize,
    /// How many annotators have a file for this document (gold not counted).
    pub annotators: usize,
}

/// Done and total documents, from a [`Project::status`] list.
pub fn progress(list: &[DocStatus]) -> (usize, usize) {
    let done = list.iter().filter(|d| d.status == Status::Done).count();
    (done, list.len())
}

/// An open project folder.
#[derive(Debug, Clone)]
pub struct Project {
    root: PathBuf,
    config: ProjectConfig,
    schema: Schema,
}

impl Project {
    /// Creates the project folder (which may exist but must not hold a project yet) with
    /// `documents/`, `annotations/` and `gold/`. The schema (default: the built-in one) is
    /// stored inline in `stancemark.json`; the name defaults to the folder's name.
    pub fn init(
        dir: &Path,
        name: Option<&str>,
        schema: Option<Schema>,
    ) -> Result<Project, ProjectError> {
        let file = dir.join(PROJECT_FILE);
        if file.exists() {
            return Err(ProjectError::AlreadyAProject(dir.display().to_string()));
        }
        for sub in ["documents", "annotations", "gold"] {
            let p = dir.join(sub);
            std::fs::create_dir_all(&p).map_err(io_err(&p))?;
        }
        let name = match name {
            Some(n) => n.to_owned(),
            None => std::fs::canonicalize(dir)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "stancemark project".into()),
        };
        let schema = schema.unwrap_or_else(Schema::default_news);
        let config = ProjectConfig {
            format: PROJECT_FORMAT.into(),
            name,
            schema: SchemaSetting::Inline(Box::new(schema.clone())),
            extra: Default::default(),
        };
        let project = Project {
            root: dir.to_path_buf(),
            config,
            schema,
        };
        project.write_config()?;
        Ok(project)
    }

    /// Opens the project in `dir` by reading `stancemark.json` and its schema.
    pub fn open(dir: &Path) -> Result<Project, ProjectError> {
        let file = dir.join(PROJECT_FILE);
        if !file.is_file() {
            return Err(ProjectError::NotAProject(dir.display().to_string()));
        }
        let text = io::read_utf8(&file)?;
        let shown = file.display().to_string();
        let config: ProjectConfig = serde_json::from_str(&text).map_err(|e| LoadError::Json {
            path: shown.clone(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        let major = config
            .format
            .strip_prefix("stancemark-project/")
            .and_then(|v| v.split('.').next());
        if major != Some("1") {
            return Err(ProjectError::Invalid {
                path: shown,
                message: format!(
                    "unsupported project format {:?} (expected {PROJECT_FORMAT:?})",
                    config.format
                ),
            });
        }
        let schema = match &config.schema {
            SchemaSetting::Inline(s) => {
                s.check().map_err(|e| ProjectError::Invalid {
                    path: format!("{shown}: schema"),
                    message: e.to_string(),
                })?;
                (**s).clone()
            }
            SchemaSetting::Path(p) => {
                let path = dir.join(p);
                let json = io::read_utf8(&path)?;
                Schema::from_json(&json).map_err(|e| ProjectError::Invalid {
                    path: path.display().to_string(),
                    message: e.to_string(),
                })?
            }
        };
        Ok(Project {
            root: dir.to_path_buf(),
            config,
            schema,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn name(&self) -> &str {
        &self.config.name
    }

    pub fn config(&self) -> &ProjectConfig {
        &self.config
    }

    pub fn schema(&self) -> &Schema {
        &self.schema
    }

    /// Replaces the schema (e.g. after an import added labels) and rewrites the settings, or the
    /// schema file when the settings name one.
    pub fn set_schema(&mut self, schema: Schema) -> Result<(), ProjectError> {
        match &self.config.schema {
            SchemaSetting::Inline(_) => {
                self.config.schema = SchemaSetting::Inline(Box::new(schema.clone()));
                self.schema = schema;
                self.write_config()
            }
            SchemaSetting::Path(p) => {
                let path = self.root.join(p);
                let mut json = serde_json::to_string_pretty(&schema)
                    .map_err(|e| io_err(&path)(std::io::Error::other(e)))?;
                json.push('\n');
                io::atomic::write_atomic(&path, json.as_bytes()).map_err(io_err(&path))?;
                self.schema = schema;
                Ok(())
            }
        }
    }

    fn write_config(&self) -> Result<(), ProjectError> {
        let path = self.root.join(PROJECT_FILE);
        let mut json = serde_json::to_string_pretty(&self.config)
            .map_err(|e| io_err(&path)(std::io::Error::other(e)))?;
        json.push('\n');
        io::atomic::write_atomic(&path, json.as_bytes()).map_err(io_err(&path))
    }

    pub fn documents_dir(&self) -> PathBuf {
        self.root.join("documents")
    }

    pub fn annotations_dir(&self) -> PathBuf {
        self.root.join("annotations")
    }

    pub fn gold_dir(&self) -> PathBuf {
        self.root.join("gold")
    }

    /// The path of an annotator's file for a document (names checked).
    pub fn annotation_path(&self, annotator: &str, doc_id: &str) -> Result<PathBuf, ProjectError> {
        safe_name("annotator", annotator)?;
        safe_name("document id", doc_id)?;
        Ok(self
            .annotations_dir()
            .join(annotator)
            .join(format!("{doc_id}.json")))
    }

    /// The path of a document's gold file (name checked).
    pub fn gold_path(&self, doc_id: &str) -> Result<PathBuf, ProjectError> {
        safe_name("document id", doc_id)?;
        Ok(self.gold_dir().join(format!("{doc_id}.json")))
    }

    /// The ids of all documents (`documents/*.json` and `*.txt`), sorted and unique.
    pub fn document_ids(&self) -> Result<Vec<String>, ProjectError> {
        let mut ids = BTreeSet::new();
        for (stem, _) in json_or_txt_files(&self.documents_dir())? {
            ids.insert(stem);
        }
        Ok(ids.into_iter().collect())
    }

    /// The path a document is stored at: `<id>.json` when it exists, else `<id>.txt`.
    fn document_path(&self, id: &str) -> Result<Option<PathBuf>, ProjectError> {
        safe_name("document id", id)?;
        let dir = self.documents_dir();
        for ext in ["json", "txt"] {
            let p = dir.join(format!("{id}.{ext}"));
            if p.is_file() {
                return Ok(Some(p));
            }
        }
        Ok(None)
    }

    /// Loads a document. A `.json` file is a document object whose `id` must equal the file
    /// name; a `.txt` file is the text alone (its id is the file name).
    pub fn load_document(&self, id: &str) -> Result<Document, ProjectError> {
        let path = self
            .document_path(id)?
            .ok_or_else(|| ProjectError::NoSuchDocument(id.into()))?;
        let text = io::read_utf8(&path)?;
        let shown = path.display().to_string();
        if path.extension().is_some_and(|e| e == "txt") {
            return Ok(Document::new(id, text));
        }
        let doc: Document = serde_json::from_str(&text).map_err(|e| LoadError::Json {
            path: shown.clone(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
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
        let path = self.documents_dir().join(format!("{}.json", doc.id));
        std::fs::create_dir_all(self.documents_dir()).map_err(io_err(&self.documents_dir()))?;
        let mut json = serde_json::to_string_pretty(doc)
            .map_err(|e| io_err(&path)(std::io::Error::other(e)))?;
        json.push('\n');
        io::atomic::write_atomic(&path, json.as_bytes()).map_err(io_err(&path))
    }

    /// Annotator names: the sub-folders of `annotations/`, sorted. Folders whose names fail
    /// [`check_file_name`] are skipped.
    pub fn annotators(&self) -> Result<Vec<String>, ProjectError> {
        let dir = self.annotations_dir();
        let mut out = Vec::new();
        let entries = match std::fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
            Err(e) => return Err(io_err(&dir)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io_err(&dir))?;
            if !entry.file_type().map_err(io_err(&dir))?.is_dir() {
                continue;
            }
            if let Some(name) = entry.file_name().to_str() {
                if check_file_name(name).is_ok() {
                    out.push(name.to_owned());
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// The ids of the documents an annotator has a file for, sorted.
    pub fn annotated_ids(&self, annotator: &str) -> Result<Vec<String>, ProjectError> {
        safe_name("annotator", annotator)?;
        let mut ids: Vec<String> = json_or_txt_files(&self.annotations_dir().join(annotator))?
            .into_iter()
            .filter(|(_, ext)| ext == "json")
            .map(|(stem, _)| stem)
            .collect();
        ids.sort();
        Ok(ids)
    }

    /// An annotator's annotations of a document, or `None` when they have no file.
    pub fn load_annotations(
        &self,
        annotator: &str,
        doc_id: &str,
    ) -> Result<Option<AnnotationSet>, ProjectError> {
        let path = self.annotation_path(annotator, doc_id)?;
        Ok(self
            .load_checked(&path, Some(annotator), doc_id)?
            .map(|(set, _)| set))
    }

    /// Saves an annotator's annotations of a document atomically, creating the annotator's
    /// folder. The document must be the project's (same id and text).
    pub fn save_annotations(
        &self,
        doc: &Document,
        set: &AnnotationSet,
    ) -> Result<(), ProjectError> {
        let path = self.annotation_path(&set.annotator, &doc.id)?;
        self.save_checked(&path, doc, set, Overwrite::Always)
    }

    /// The gold annotations of a document, or `None`.
    pub fn load_gold(&self, doc_id: &str) -> Result<Option<AnnotationSet>, ProjectError> {
        let path = self.gold_path(doc_id)?;
        Ok(self.load_checked(&path, None, doc_id)?.map(|(set, _)| set))
    }

    /// Saves the gold annotations of a document atomically.
    pub fn save_gold(&self, doc: &Document, set: &AnnotationSet) -> Result<(), ProjectError> {
        let path = self.gold_path(&doc.id)?;
        self.save_checked(&path, doc, set, Overwrite::Always)
    }

    /// Loads an annotation file with the stamp of the bytes read, after checking that it
    /// belongs where it lies.
    fn load_checked(
        &self,
        path: &Path,
        annotator: Option<&str>,
        doc_id: &str,
    ) -> Result<Option<(AnnotationSet, io::stamp::DiskStamp)>, ProjectError> {
        if !path.is_file() {
            return Ok(None);
        }
        let (file, stamp) = native::load_stamped(path)?;
        let shown = path.display().to_string();
        let bad = |message: String| ProjectError::Invalid {
            path: shown.clone(),
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
        let doc = self.load_document(doc_id)?;
        if doc.text != file.document.text {
            return Err(bad(format!(
                "the embedded document text differs from documents/{doc_id} (first difference at code point {}); \
                 `stancemark validate --reanchor --write DIR` moves the annotations to the new text",
                first_difference(doc.text.as_str(), file.document.text.as_str())
            )));
        }
        Ok(Some((file.annotations, stamp)))
    }

    fn save_checked(
        &self,
        path: &Path,
        doc: &Document,
        set: &AnnotationSet,
        overwrite: Overwrite,
    ) -> Result<(), ProjectError> {
        let shown = path.display().to_string();
        if set.document_id != doc.id {
            return Err(ProjectError::Invalid {
                path: shown,
                message: format!(
                    "annotations of {:?} cannot be saved for document {:?}",
                    set.document_id, doc.id
                ),
            });
        }
        let stored = self.load_document(&doc.id)?;
        if stored.text != doc.text {
            return Err(ProjectError::Invalid {
                path: shown,
                message: "the document text differs from the project's document".into(),
            });
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io_err(dir))?;
        }
        self.write_annotation_file(path, doc, set, overwrite)
    }

    /// Every document with the annotator's status and frame count and the number of annotators
    /// who have a file for it, sorted by id.
    pub fn status(&self, annotator: &str) -> Result<Vec<DocStatus>, ProjectError> {
        safe_name("annotator", annotator)?;
        let mut per_annotator = Vec::new();
        for a in self.annotators()? {
            let ids: BTreeSet<String> = self.annotated_ids(&a)?.into_iter().collect();
            per_annotator.push(ids);
        }
        let mut out = Vec::new();
        for id in self.document_ids()? {
            let doc = self.load_document(&id)?;
            let (status, frames) = match self.load_annotations(annotator, &id)? {
                Some(set) => (set.status, set.frames().len()),
                None => (Status::Todo, 0),
            };
            out.push(DocStatus {
                annotators: per_annotator.iter().filter(|s| s.contains(&id)).count(),
                title: doc.display_title().to_owned(),
                id,
                status,
                frames,
            });
        }
        Ok(out)
    }
}

/// `(stem, extension)` of the `.json` and `.txt` files directly in `dir` whose stems are safe
/// names; an absent folder has none.
fn json_or_txt_files(dir: &Path) -> Result<Vec<(String, String)>, ProjectError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err(dir)(e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_err(dir))?;
        let p = entry.path();
        if !p.is_file() {
            continue;
        }
        let (Some(stem), Some(ext)) = (
            p.file_stem().and_then(|s| s.to_str()),
            p.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        if (ext == "json" || ext == "txt") && check_file_name(stem).is_ok() {
            out.push((stem.to_owned(), ext.to_owned()));
        }
    }
    out.sort();
    Ok(out)
}

/// The code point index of the first difference between two strings.
fn first_difference(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}
