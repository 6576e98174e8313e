//! The project's entity registry file, `entities.json`, beside `stancemark.json`.
//!
//! ```text
//! {
//!   "format": "stancemark-entities/1",
//!   "entities": [
//!     {"id": "iran-fm", "name": "Iran's Foreign Ministry", "kind": "government",
//!      "aliases": ["Foreign Ministry of Iran"], "description": "…", "url": "https://…"}
//!   ]
//! }
//! ```
//!
//! Written pretty-printed with a final newline, entities sorted by id and aliases sorted, so a
//! change shows as a small `git diff`; unknown keys are kept. `aliases`, `description` and
//! `url` are optional. A project without the file has no registry (and no registry checks).
//! Reading checks the invariants of [`Registry`]; [`Project::check`] reports each broken one
//! with its place, and every annotation file link that does not reach the registry.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{Map, Value};

use super::{io_err, Project, ProjectError};
use crate::corpus::{Corpus, CorpusDocument};
use crate::io::stamp::DiskStamp;
use crate::io::{self, LoadError};
use crate::model::{CanonicalEntity, Problem, Registry};

/// The registry file name.
pub const REGISTRY_FILE: &str = "entities.json";
/// The format tag of the registry file.
pub const REGISTRY_FORMAT: &str = "stancemark-entities/1";

/// The registry file as read, before its invariants are checked.
pub struct RegistryFile {
    pub format: String,
    pub entities: Vec<CanonicalEntity>,
    pub extra: Map<String, Value>,
}

crate::model::deserialize_keeping_extra!(
    RegistryFile,
    "a stancemark entity registry (a JSON object)",
    required { format, entities },
    optional {}
);

#[derive(Serialize)]
struct RegistryOut<'a> {
    format: &'static str,
    entities: &'a [CanonicalEntity],
    #[serde(flatten)]
    extra: &'a Map<String, Value>,
}

/// The canonical text of `registry` as `entities.json` holds it.
pub fn registry_json(registry: &Registry) -> String {
    let mut s = serde_json::to_string_pretty(&RegistryOut {
        format: REGISTRY_FORMAT,
        entities: registry.entities(),
        extra: &registry.extra,
    })
    // Invariant: entities hold strings and JSON values only.
    .expect("a registry serialises");
    s.push('\n');
    s
}

/// Parses registry text (not checking invariants). `origin` names it in errors.
pub fn parse_registry(json: &str, origin: &str) -> Result<RegistryFile, LoadError> {
    let file: RegistryFile = serde_json::from_str(json).map_err(|e| LoadError::Json {
        path: origin.into(),
        line: e.line(),
        column: e.column(),
        message: without_position(&e),
    })?;
    let major = file
        .format
        .strip_prefix("stancemark-entities/")
        .and_then(|v| v.split('.').next());
    if major != Some("1") {
        return Err(LoadError::Format {
            path: origin.into(),
            message: format!(
                "unsupported registry format {:?} (expected {REGISTRY_FORMAT:?})",
                file.format
            ),
        });
    }
    Ok(file)
}

/// serde_json's message without its " at line L column C" (the error names the place).
fn without_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

impl Project {
    pub fn registry_path(&self) -> PathBuf {
        self.root().join(REGISTRY_FILE)
    }

    /// The registry file as read, with the stamp of its bytes; `None` when there is none.
    pub fn read_registry_file(&self) -> Result<Option<(RegistryFile, DiskStamp)>, ProjectError> {
        let path = self.registry_path();
        if !path.is_file() {
            return Ok(None);
        }
        let text = io::read_utf8(&path)?;
        let stamp = DiskStamp::of_bytes(text.as_bytes());
        Ok(Some((
            parse_registry(&text, &path.display().to_string())?,
            stamp,
        )))
    }

    /// The registry, or `None` when the project has none. A registry that breaks an invariant
    /// is an error listing every problem.
    pub fn load_registry(&self) -> Result<Option<Registry>, ProjectError> {
        Ok(self.load_registry_stamped()?.map(|(r, _)| r))
    }

    /// [`Project::load_registry`] with the stamp of the bytes read, for a guarded write.
    pub fn load_registry_stamped(&self) -> Result<Option<(Registry, DiskStamp)>, ProjectError> {
        let Some((file, stamp)) = self.read_registry_file()? else {
            return Ok(None);
        };
        let mut registry = Registry::new(file.entities).map_err(|problems| LoadError::Invalid {
            path: self.registry_path().display().to_string(),
            problems,
        })?;
        registry.extra = file.extra;
        Ok(Some((registry, stamp)))
    }

    /// Writes the registry atomically, only if the file still has the content `expected` had
    /// (`None`: there was no file, and there still must be none).
    pub fn save_registry(
        &self,
        registry: &Registry,
        expected: Option<DiskStamp>,
    ) -> Result<(), ProjectError> {
        let path = self.registry_path();
        write_guarded(&path, registry_json(registry).as_bytes(), expected)
    }

    /// Every broken invariant of the registry file and every kind the schema does not have.
    /// Empty without a registry file; a file that cannot be read or parsed is an error.
    pub fn registry_problems(&self) -> Result<Vec<Problem>, ProjectError> {
        let Some((file, _)) = self.read_registry_file()? else {
            return Ok(Vec::new());
        };
        let mut problems = Registry::problems(&file.entities);
        let schema = self.schema();
        if !schema.entity_kinds.is_empty() {
            for (i, e) in file.entities.iter().enumerate() {
                if schema.entity_kind(&e.kind).is_none() {
                    problems.push(Problem {
                        location: format!("entity #{} {:?}", i + 1, e.id),
                        message: format!("unknown entity kind {:?}", e.kind),
                    });
                }
            }
        }
        Ok(problems)
    }

    /// Every document's metadata with every annotator's and the gold annotations.
    pub fn load_corpus(&self) -> Result<Corpus, ProjectError> {
        let mut documents = Vec::new();
        let annotators = self.annotators()?;
        for id in self.document_ids()? {
            let doc = self.load_document(&id)?;
            let mut entry = CorpusDocument::of(&doc);
            for a in &annotators {
                if let Some(set) = self.load_annotations(a, &id)? {
                    entry.annotations.push(set);
                }
            }
            entry.gold = self.load_gold(&id)?;
            documents.push(entry);
        }
        Ok(Corpus { documents })
    }
}

/// Writes `bytes` to `path` atomically if the file still has the content of `expected`.
pub(super) fn write_guarded(
    path: &Path,
    bytes: &[u8],
    expected: Option<DiskStamp>,
) -> Result<(), ProjectError> {
    match io::stamp::check_unchanged(path, expected) {
        Ok(()) => {}
        Err(io::stamp::CheckError::Changed(c)) => return Err(c.into()),
        Err(io::stamp::CheckError::Io { path, source }) => {
            return Err(ProjectError::Io { path, source })
        }
    }
    io::atomic::write_atomic(path, bytes).map_err(io_err(path))
}
