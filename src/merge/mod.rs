//! Three-way merges of a project's files, for git's `stancemark` merge driver.
//!
//! A team shares a project through git (see `stancemark git setup`). When two people changed
//! the same file, git calls `stancemark merge BASE OURS THEIRS PATH`, and [`merge_texts`] merges
//! the three versions:
//!
//! - **Annotation and gold files** (`stancemark/1`) merge frame by frame and entity by entity
//!   ([`native`]): changes to different frames combine, the same change on both sides is taken
//!   once, and different changes to one frame — a deletion on one side and a change on the other
//!   included — are a **conflict** that keeps every version in the file
//!   ([`crate::model::conflict`]). Frames both sides created are matched by id, then by claim.
//! - **Project settings** (`stancemark.json`) and the **entity registry** (`entities.json`)
//!   merge structurally ([`json`]); where both sides changed one place differently there is no
//!   room for two versions, so the merge is refused.
//!
//! **Contract.** The result is the canonical serialisation of a file that loads with the usual
//! reader and passes the structural checks its inputs pass (ids unique, references resolve, no
//! `via` cycles); the same inputs always give the same bytes. Nothing of ours or theirs is lost:
//! every frame and entity version of each side is in the result, merged or inside a conflict
//! (theirs' items may get another id, reported in [`native::MergedSet`]). Inputs that are not
//! files of these kinds, are corrupt, or cannot be merged (texts that differ, settings changed
//! differently) give a [`MergeError`] and no result.
//!
//! This module is pure: it turns three texts into one, checking settings and registry results
//! with the project's own readers of those files. Reading, writing OURS atomically and the exit
//! codes are the command's (`stancemark merge`).

mod json;
mod keyed;
pub mod native;
mod refs;
mod suggestions;

use crate::io::{native as native_io, LoadError};
use crate::model::ConflictSite;

pub use native::{merge_files, merge_sets, MergedFile, MergedSet};

#[cfg(test)]
mod tests;

/// The project settings' file name.
pub const PROJECT_FILE_NAME: &str = crate::project::PROJECT_FILE;
/// The entity registry's file name.
pub const REGISTRY_FILE_NAME: &str = crate::project::registry::REGISTRY_FILE;

/// Why a merge gave no result. OURS must be left as it is.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// An input could not be read as the kind of file it should be.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// An input is not valid (e.g. an id used twice).
    #[error("{0}")]
    Invalid(String),
    /// The inputs are fine but cannot be merged structurally.
    #[error("{0}")]
    Refused(String),
}

/// What kind of file is merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A native annotation or gold file (`stancemark/1`).
    Annotations,
    /// The project settings, `stancemark.json`.
    Project,
    /// The entity registry, `entities.json`.
    Registry,
}

impl FileKind {
    /// The kind of the file at `path` (git's `%P`, when known), else of the content `ours`.
    pub fn detect(path: Option<&str>, ours: &str) -> Result<FileKind, MergeError> {
        let name = path.map(|p| p.rsplit(['/', '\\']).next().unwrap_or(p));
        match name {
            Some(PROJECT_FILE_NAME) => return Ok(FileKind::Project),
            Some(REGISTRY_FILE_NAME) => return Ok(FileKind::Registry),
            _ => {}
        }
        #[derive(serde::Deserialize)]
        struct Probe {
            format: Option<serde_json::Value>,
        }
        let tag = serde_json::from_str::<Probe>(ours)
            .ok()
            .and_then(|p| p.format)
            .and_then(|f| f.as_str().map(str::to_owned))
            .unwrap_or_default();
        if tag.starts_with("stancemark/") {
            Ok(FileKind::Annotations)
        } else if tag.starts_with("stancemark-project/") {
            Ok(FileKind::Project)
        } else if tag.starts_with("stancemark-entities/") {
            Ok(FileKind::Registry)
        } else {
            Err(MergeError::Invalid(format!(
                "not a file stancemark can merge (expected an annotation file with \"format\": \
                 {:?}, {PROJECT_FILE_NAME} or {REGISTRY_FILE_NAME}{})",
                native_io::FORMAT,
                if tag.is_empty() {
                    String::new()
                } else {
                    format!("; found format {tag:?}")
                }
            )))
        }
    }
}

/// The names of the three inputs in messages (e.g. their paths).
#[derive(Debug, Clone, Copy)]
pub struct Origins<'a> {
    pub base: &'a str,
    pub ours: &'a str,
    pub theirs: &'a str,
}

/// The merged file.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged file's content.
    pub text: String,
    /// The conflicts this merge made (always empty for settings and registry files, which
    /// refuse instead).
    pub conflicts: Vec<ConflictSite>,
}

/// Merges three versions of one file of the given kind. An empty (or all-whitespace) `base` is
/// no base: git passes an empty file when both sides created the file.
pub fn merge_texts(
    kind: FileKind,
    base: &str,
    ours: &str,
    theirs: &str,
    origins: Origins,
) -> Result<Merged, MergeError> {
    let base = Some(base).filter(|b| !b.trim().is_empty());
    match kind {
        FileKind::Annotations => {
            // The three files are tens of megabytes for a long article: read them side by side.
            let parse = |text: &str, origin: &str| native_io::parse(text, origin);
            let (b, o, t) = std::thread::scope(|s| {
                let b = s.spawn(|| base.map(|b| parse(b, origins.base)).transpose());
                let t = s.spawn(|| parse(theirs, origins.theirs));
                let o = parse(ours, origins.ours);
                (join(b), o, join(t))
            });
            let (b, o, t) = (b?, o?, t?);
            let merged = merge_files(b.as_ref(), &o, &t)?;
            let text = native_io::to_string(&merged.document, &merged.merged.set);
            // The result must load as what was merged; a mismatch is a bug, and then nothing is
            // written.
            let again = native_io::parse(&text, "the merged file")?;
            if again.annotations != merged.merged.set || again.document != merged.document {
                return Err(MergeError::Invalid(
                    "the merged file does not read back as merged; nothing was written".into(),
                ));
            }
            Ok(Merged {
                text,
                conflicts: merged.merged.conflicts,
            })
        }
        FileKind::Project | FileKind::Registry => {
            let parse = |text: &str, origin: &str| -> Result<serde_json::Value, MergeError> {
                serde_json::from_str(text).map_err(|e| {
                    MergeError::Load(LoadError::Json {
                        path: origin.to_owned(),
                        line: e.line(),
                        column: e.column(),
                        // serde_json ends its message with the place, given separately here.
                        message: e
                            .to_string()
                            .split(" at line ")
                            .next()
                            .unwrap_or_default()
                            .to_owned(),
                    })
                })
            };
            let b = base.map(|b| parse(b, origins.base)).transpose()?;
            let (o, t) = (parse(ours, origins.ours)?, parse(theirs, origins.theirs)?);
            let merged = json::merge_value(b.as_ref(), Some(&o), Some(&t), "")
                .map_err(|place| {
                    MergeError::Refused(format!(
                        "{place} was changed differently on both sides, and this file cannot \
                         keep two versions: resolve it by hand"
                    ))
                })?
                .unwrap_or(serde_json::Value::Null);
            let mut text = serde_json::to_string_pretty(&merged)
                .map_err(|e| MergeError::Invalid(e.to_string()))?;
            text.push('\n');
            let text = match kind {
                FileKind::Project => {
                    check_project(&merged)?;
                    text
                }
                _ => canonical_registry(&text)?,
            };
            Ok(Merged {
                text,
                conflicts: Vec::new(),
            })
        }
    }
}

/// The result of a scoped thread (a panic in it goes on in the caller).
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The merged registry must keep the registry's invariants (unique ids, no name or alias of two
/// entities, …); it is written in the registry's canonical form.
fn canonical_registry(text: &str) -> Result<String, MergeError> {
    let origin = "the merged registry";
    let file = crate::project::registry::parse_registry(text, origin)?;
    let mut registry = crate::model::Registry::new(file.entities).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        MergeError::Refused(format!(
            "{origin} would not be valid: {}; resolve it by hand",
            list.join("; ")
        ))
    })?;
    registry.extra = file.extra;
    Ok(crate::project::registry::registry_json(&registry))
}

/// The merged settings must still be settings that open: the format, and an inline schema
/// that passes its own checks (unique ids and hotkeys, …).
fn check_project(value: &serde_json::Value) -> Result<(), MergeError> {
    let refused =
        |m: String| MergeError::Refused(format!("the merged settings are not valid: {m}"));
    let config: crate::project::ProjectConfig =
        serde_json::from_value(value.clone()).map_err(|e| refused(e.to_string()))?;
    let major = config
        .format
        .strip_prefix("stancemark-project/")
        .and_then(|v| v.split('.').next());
    if major != Some("1") {
        return Err(refused(format!("format {:?}", config.format)));
    }
    if let crate::project::SchemaSetting::Inline(schema) = &config.schema {
        schema.check().map_err(|e| refused(e.to_string()))?;
    }
    Ok(())
}
