//! Where each file of a project lies, and what a given path is within a project.
//!
//! This module alone spells the folder layout (see the [module doc](super)): every other part of
//! stancemark asks it for a path ([`Project::annotation_path`], [`Project::gold_path`], …) or
//! for the role of a path ([`Project::locate`]).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use super::{check_file_name, io_err, safe_name, Project, ProjectError};

/// The project settings file name.
pub const PROJECT_FILE: &str = "stancemark.json";
/// The annotator name of gold files.
pub const GOLD_ANNOTATOR: &str = "gold";

const DOCUMENTS: &str = "documents";
const ANNOTATIONS: &str = "annotations";
const GOLD: &str = "gold";
/// The project's additions to the cue lexicon.
pub const LEXICON: &str = "lexicon.json";

/// The folders [`Project::init`] creates.
pub(super) const FOLDERS: [&str; 3] = [DOCUMENTS, ANNOTATIONS, GOLD];

/// What a path is within a project folder (see [`Project::locate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRole {
    /// The project folder itself.
    Folder,
    /// `stancemark.json`, the settings.
    Settings,
    /// `documents/<doc_id>.json` or `.txt`.
    Document { doc_id: String },
    /// `annotations/<annotator>/<doc_id>.json`.
    Annotation { annotator: String, doc_id: String },
    /// `gold/<doc_id>.json`.
    Gold { doc_id: String },
    /// Anything else inside the folder (up to three levels down): no role of its own.
    Other,
}

impl FileRole {
    /// The document a document, annotation or gold file is about.
    pub fn doc_id(&self) -> Option<&str> {
        match self {
            FileRole::Document { doc_id }
            | FileRole::Annotation { doc_id, .. }
            | FileRole::Gold { doc_id } => Some(doc_id),
            FileRole::Folder | FileRole::Settings | FileRole::Other => None,
        }
    }

    /// True for the files that hold annotations (an annotator's or gold).
    pub fn is_annotations(&self) -> bool {
        matches!(self, FileRole::Annotation { .. } | FileRole::Gold { .. })
    }
}

impl Project {
    /// The project `path` belongs to and what `path` is in it: the project folder itself, or a
    /// file or folder up to three levels inside one (`annotations/<annotator>/<doc>.json` is
    /// the deepest place of the layout). `Ok(None)` when no project holds it; an error when
    /// one does but its settings cannot be read.
    ///
    /// The path is looked at as given first, so the project's root is spelt the way the caller
    /// spelt the path (`gold/d.json` gives the root `""`, the current folder); then made
    /// absolute (a bare `d.json` run inside `gold/`), then with links resolved.
    pub fn locate(path: &Path) -> Result<Option<(Project, FileRole)>, ProjectError> {
        let mut candidates = vec![path.to_path_buf()];
        if let Ok(abs) = std::path::absolute(path) {
            candidates.push(abs);
        }
        if let Ok(real) = std::fs::canonicalize(path) {
            candidates.push(real);
        }
        for candidate in &candidates {
            if let Some((root, role)) = place_in_project(candidate) {
                return Ok(Some((Project::open(&root)?, role)));
            }
        }
        Ok(None)
    }

    /// The project's additions to the cue lexicon (`lexicon.json` beside the settings).
    pub fn lexicon_path(&self) -> PathBuf {
        self.root.join(LEXICON)
    }

    /// The lexicon of this project: the default one with the project's `lexicon.json` (if any)
    /// merged over it. A bad file is an error naming it with line and column.
    pub fn lexicon(&self) -> Result<crate::suggest::Lexicon, ProjectError> {
        let schema = self.schema();
        let invalid = |e: crate::suggest::LexiconError| ProjectError::Invalid {
            path: format!("{}:{}:{}", e.name, e.line, e.column),
            message: e.message,
        };
        let base = crate::suggest::Lexicon::default_en(schema).map_err(invalid)?;
        let path = self.lexicon_path();
        if !path.exists() {
            return Ok(base);
        }
        let json = std::fs::read_to_string(&path).map_err(io_err(&path))?;
        base.merge(&json, &path.display().to_string(), schema)
            .map_err(invalid)
    }

    pub fn documents_dir(&self) -> PathBuf {
        self.root.join(DOCUMENTS)
    }

    pub fn annotations_dir(&self) -> PathBuf {
        self.root.join(ANNOTATIONS)
    }

    pub fn gold_dir(&self) -> PathBuf {
        self.root.join(GOLD)
    }

    pub(super) fn settings_path(&self) -> PathBuf {
        self.root.join(PROJECT_FILE)
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

    /// Creates `gold/` if it is missing (projects made before it existed, or copied without
    /// empty folders), so that an edit lock can be taken beside a gold file not written yet.
    pub fn ensure_gold_dir(&self) -> Result<(), ProjectError> {
        let dir = self.gold_dir();
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))
    }

    /// The path of an annotation file role (an annotator's or gold), and the annotator the file
    /// must name (`None` for gold, which may be written by anyone).
    pub(super) fn annotation_file<'r>(
        &self,
        role: &'r FileRole,
    ) -> Result<(PathBuf, Option<&'r str>, &'r str), ProjectError> {
        match role {
            FileRole::Annotation { annotator, doc_id } => Ok((
                self.annotation_path(annotator, doc_id)?,
                Some(annotator),
                doc_id,
            )),
            FileRole::Gold { doc_id } => Ok((self.gold_path(doc_id)?, None, doc_id)),
            other => Err(ProjectError::Invalid {
                path: self.root.display().to_string(),
                message: format!("{other:?} is not an annotation file"),
            }),
        }
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
    pub(super) fn document_path(&self, id: &str) -> Result<Option<PathBuf>, ProjectError> {
        Ok(self
            .document_candidates(id)?
            .into_iter()
            .find(|p| p.is_file()))
    }

    /// The files a document may be stored in, the one that wins first: `documents/<id>.json`,
    /// then `documents/<id>.txt`.
    pub(super) fn document_candidates(&self, id: &str) -> Result<[PathBuf; 2], ProjectError> {
        safe_name("document id", id)?;
        let dir = self.documents_dir();
        Ok(["json", "txt"].map(|ext| dir.join(format!("{id}.{ext}"))))
    }

    /// Where a new document is written: `documents/<id>.json`.
    pub(super) fn new_document_path(&self, id: &str) -> Result<PathBuf, ProjectError> {
        safe_name("document id", id)?;
        Ok(self.documents_dir().join(format!("{id}.json")))
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

    /// The ids of the documents that have a gold file, sorted.
    pub fn gold_ids(&self) -> Result<Vec<String>, ProjectError> {
        Ok(json_or_txt_files(&self.gold_dir())?
            .into_iter()
            .filter(|(_, ext)| ext == "json")
            .map(|(stem, _)| stem)
            .collect())
    }
}

/// True when `dir` is a project folder (holds the settings file).
fn is_root(dir: &Path) -> bool {
    dir.join(PROJECT_FILE).is_file() && (dir.as_os_str().is_empty() || dir.is_dir())
}

/// The project root holding `path` and the role of `path` in it, by the path's place alone.
fn place_in_project(path: &Path) -> Option<(PathBuf, FileRole)> {
    if !path.as_os_str().is_empty() && is_root(path) {
        return Some((path.to_path_buf(), FileRole::Folder));
    }
    let root = path.ancestors().skip(1).take(3).find(|d| is_root(d))?;
    let inside: Option<Vec<&str>> = path
        .strip_prefix(root)
        .ok()?
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let role = inside.map_or(FileRole::Other, |parts| role_of(&parts));
    Some((root.to_path_buf(), role))
}

/// The role of the path made of `parts` below the project root.
fn role_of(parts: &[&str]) -> FileRole {
    let stem = |file: &str, exts: &[&str]| -> Option<String> {
        let (stem, ext) = file.rsplit_once('.')?;
        (exts.contains(&ext) && check_file_name(stem).is_ok()).then(|| stem.to_owned())
    };
    match parts {
        [PROJECT_FILE] => FileRole::Settings,
        [DOCUMENTS, file] => stem(file, &["json", "txt"])
            .map_or(FileRole::Other, |doc_id| FileRole::Document { doc_id }),
        [GOLD, file] => {
            stem(file, &["json"]).map_or(FileRole::Other, |doc_id| FileRole::Gold { doc_id })
        }
        [ANNOTATIONS, annotator, file] if check_file_name(annotator).is_ok() => {
            stem(file, &["json"]).map_or(FileRole::Other, |doc_id| FileRole::Annotation {
                annotator: (*annotator).to_owned(),
                doc_id,
            })
        }
        _ => FileRole::Other,
    }
}

/// `(stem, extension)` of the `.json` and `.txt` files directly in `dir` whose stems are safe
/// names; an absent folder has none.
pub(super) fn json_or_txt_files(dir: &Path) -> Result<Vec<(String, String)>, ProjectError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn role(root: &Path, path: &Path) -> Option<(PathBuf, FileRole)> {
        Project::locate(path)
            .unwrap()
            .map(|(p, role)| (p.root().to_path_buf(), role))
            .inspect(|(r, _)| assert_eq!(r, root, "root of {}", path.display()))
    }

    #[test]
    fn every_place_of_the_layout_has_its_role() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("p");
        Project::init(&root, Some("p"), None).unwrap();
        let cases: Vec<(PathBuf, FileRole)> = vec![
            (root.clone(), FileRole::Folder),
            (root.join("stancemark.json"), FileRole::Settings),
            (
                root.join("documents/d-1.txt"),
                FileRole::Document {
                    doc_id: "d-1".into(),
                },
            ),
            (
                root.join("annotations/алиса/d-1.json"),
                FileRole::Annotation {
                    annotator: "алиса".into(),
                    doc_id: "d-1".into(),
                },
            ),
            (
                root.join("gold/文書.json"),
                FileRole::Gold {
                    doc_id: "文書".into(),
                },
            ),
            (root.join("gold"), FileRole::Other),
            (root.join("gold/d.txt"), FileRole::Other),
            (root.join("annotations/alice"), FileRole::Other),
            (root.join("exports/all.jsonl"), FileRole::Other),
            (root.join("annotations/alice/.d.json.lock"), FileRole::Other),
        ];
        for (path, expected) in cases {
            let (_, got) = role(&root, &path).unwrap_or_else(|| panic!("{}", path.display()));
            assert_eq!(got, expected, "{}", path.display());
            assert_eq!(got.doc_id(), expected.doc_id(), "{}", path.display());
        }
        // Four levels down is outside the layout; beside the folder is outside the project.
        assert_eq!(
            Project::locate(&root.join("annotations/alice/old/d.json"))
                .unwrap()
                .map(|(_, r)| r),
            None
        );
        assert!(Project::locate(&dir.path().join("d.json"))
            .unwrap()
            .is_none());
    }

    #[test]
    fn a_gold_folder_without_settings_above_is_no_project() {
        let dir = tempfile::tempdir().unwrap();
        let stray = dir.path().join("gold").join("x.json");
        std::fs::create_dir_all(stray.parent().unwrap()).unwrap();
        std::fs::write(&stray, "{}").unwrap();
        assert!(Project::locate(&stray).unwrap().is_none());
    }

    #[test]
    fn broken_settings_are_an_error_not_a_plain_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(PROJECT_FILE), "{ not json").unwrap();
        let e = Project::locate(&dir.path().join("gold/d.json"))
            .unwrap_err()
            .to_string();
        assert!(e.contains(PROJECT_FILE), "{e}");
    }
}
