//! Other tools' files as they really are (issue 12): schemes mapped onto frames, a summary that
//! counts what was not imported, and exports that never overwrite.

mod citron;
mod doccano;
mod export_refuses;
mod label_studio;
mod messages;
mod polnear;

use std::path::{Path, PathBuf};

use stancemark::model::{AnnotationSet, Quote, Span};
use stancemark::project::import::{import, ImportFormat, ImportOptions, ImportReport};
use stancemark::project::Project;

use crate::util::repo_path;

/// A new project (default schema) in a temporary folder.
pub fn empty_project() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let p = Project::init(&dir.path().join("p"), Some("t"), None).unwrap();
    (dir, p)
}

pub fn fixture(rel: &str) -> PathBuf {
    repo_path(&format!("tests/data/{rel}"))
}

pub fn run_import(
    p: &mut Project,
    format: ImportFormat,
    inputs: &[PathBuf],
    opts: &ImportOptions,
) -> Result<ImportReport, String> {
    import(p, format, inputs, opts, &mut |_, _| {}).map_err(|e| e.to_string())
}

pub fn set_of(p: &Project, annotator: &str, doc: &str) -> AnnotationSet {
    p.load_annotations(annotator, doc)
        .unwrap()
        .unwrap_or_else(|| panic!("{annotator} has no file for {doc}"))
}

/// A project made with `stancemark init` at `dir/p`, with the brat files of `attributions`
/// imported through the command under the PolNeAR scheme (which must succeed).
pub fn polnear_project(dir: &Path, attributions: &Path) -> PathBuf {
    use crate::util::{stancemark, stderr};
    let p = dir.join("p");
    let o = stancemark(&["init", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = stancemark(&[
        "import",
        p.to_str().unwrap(),
        "--from",
        "brat",
        "--scheme",
        "polnear",
        attributions.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    p
}

/// The fragment spans of a quote, as `(start, end)` pairs.
pub fn spans(q: &Quote) -> Vec<(usize, usize)> {
    q.spans().map(|s: Span| (s.start, s.end)).collect()
}

/// Every file under `dir` with its bytes.
pub fn files(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    crate::formats::snapshot(dir)
}
