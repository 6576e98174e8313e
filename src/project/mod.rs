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
//! DIR/entities.json                    the entity registry (optional, see [`registry`])
//! ```
//!
//! **Contract.** Document ids and annotator names become file names, so each passes
//! [`check_file_name`] before any path is built from it. Every annotation file embeds the
//! document text; loading checks that it equals the project's document and that the file's
//! document id and annotator match its place in the folder. Every write is atomic
//! ([`crate::io::atomic`]). Lists returned are sorted.

//!
//! The code is split by concern: this file opens and creates projects and keeps their settings;
//! [`layout`] knows where each file lies and what a path is ([`Project::locate`]); [`files`]
//! reads and writes documents and annotation files with their checks, [`guard`] the guarded
//! saves; [`status`] lists progress and the documents annotators have in common; [`check`]
//! validates a whole project; [`import`], [`export`] and [`reanchor`] are the bulk operations.

mod check;
pub mod export;
mod files;
pub mod git;
mod guard;
pub mod import;
mod layout;
mod names;
mod parallel;
pub mod reanchor;
pub mod registry;
pub mod relink;
mod status;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use guard::Overwrite;

use crate::io::{self, LoadError};
use crate::model::Schema;

pub use check::{AnnotatorStats, CheckReport, FileProblem, ProjectStats};
pub use layout::{FileRole, GOLD_ANNOTATOR, PROJECT_FILE};
pub use names::{check_file_name, sanitize_file_name, truncate_bytes, NameError, MAX_NAME_BYTES};
pub use registry::{REGISTRY_FILE, REGISTRY_FORMAT};
pub use relink::{CommitReport, LinkableFile};
pub use status::{progress, AgainstGold, AnnotatedDocument, DocStatus};

/// The format tag of the project settings file.
pub const PROJECT_FORMAT: &str = "stancemark-project/1";
/// The optional Markdown guidelines of a project, one section per stance or role.
pub const GUIDELINES_FILE: &str = "guidelines.md";

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
        for sub in layout::FOLDERS {
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

    /// The project's guidelines: the schema's stance texts with the sections of
    /// [`GUIDELINES_FILE`] when the project has one (see [`crate::model::guidelines`]).
    pub fn guidelines(&self) -> Result<crate::model::Guidelines, ProjectError> {
        let path = self.root().join(GUIDELINES_FILE);
        let file = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(ProjectError::Io {
                    path: path.display().to_string(),
                    source,
                })
            }
        };
        Ok(crate::model::Guidelines::new(&self.schema, file.as_deref()))
    }

    /// Replaces the schema (e.g. after an import added labels) and rewrites the settings, or the
    /// schema file when the settings name one.
    pub fn set_schema(&mut self, schema: Schema) -> Result<(), ProjectError> {
        let change = self.schema_change(schema)?;
        io::atomic::write_atomic(&change.path, change.content.as_bytes())
            .map_err(io_err(&change.path))?;
        self.adopt_schema(change);
        Ok(())
    }

    /// What [`Project::set_schema`] writes, without writing it (for writers of several files).
    pub(crate) fn schema_change(&self, schema: Schema) -> Result<SchemaChange, ProjectError> {
        let (path, config, json) = match &self.config.schema {
            SchemaSetting::Inline(_) => {
                let mut config = self.config.clone();
                config.schema = SchemaSetting::Inline(Box::new(schema.clone()));
                let json = serde_json::to_string_pretty(&config);
                (self.settings_path(), Some(config), json)
            }
            SchemaSetting::Path(p) => (
                self.root.join(p),
                None,
                serde_json::to_string_pretty(&schema),
            ),
        };
        let mut content = json.map_err(|e| io_err(&path)(std::io::Error::other(e)))?;
        content.push('\n');
        Ok(SchemaChange {
            path,
            content,
            schema,
            config,
        })
    }

    /// Takes on a schema change once its file is written.
    pub(crate) fn adopt_schema(&mut self, change: SchemaChange) {
        if let Some(config) = change.config {
            self.config = config;
        }
        self.schema = change.schema;
    }

    fn write_config(&self) -> Result<(), ProjectError> {
        let path = self.settings_path();
        let mut json = serde_json::to_string_pretty(&self.config)
            .map_err(|e| io_err(&path)(std::io::Error::other(e)))?;
        json.push('\n');
        io::atomic::write_atomic(&path, json.as_bytes()).map_err(io_err(&path))
    }
}

/// A new schema and the file that stores it (the settings, or the schema file they name).
#[derive(Debug)]
pub(crate) struct SchemaChange {
    pub path: PathBuf,
    pub content: String,
    schema: Schema,
    /// The new settings, when the schema is stored in them.
    config: Option<ProjectConfig>,
}

impl SchemaChange {
    /// The new schema.
    pub fn schema(&self) -> &Schema {
        &self.schema
    }
}
