//! Exporting a project's annotations (one annotator's, or gold) to other tools' formats.
//!
//! [`export`] loads every document the chosen annotator (or gold) has a file for, calls the
//! format's pure exporter, writes its files atomically, then reads them back from disk and runs
//! the format's `verify`, which locates every span again in the format's own offset unit and
//! compares its text with the document. Only then does it report success.

use std::path::{Path, PathBuf};

use crate::io::export::{ExportItem, ExportSummary, OutFile};
use crate::io::{self, atomic};
use crate::model::{AnnotationSet, Document};

use super::{Project, ProjectError};

/// The formats `export` writes.
///
/// The command line takes them by [`ExportFormat::name`] (`clap::ValueEnum`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Jsonl,
    Csv,
    Brat,
    LabelStudio,
    Doccano,
    Spacy,
    Conll,
    W3c,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 8] = [
        ExportFormat::Jsonl,
        ExportFormat::Csv,
        ExportFormat::Brat,
        ExportFormat::LabelStudio,
        ExportFormat::Doccano,
        ExportFormat::Spacy,
        ExportFormat::Conll,
        ExportFormat::W3c,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Csv => "csv",
            ExportFormat::Brat => "brat",
            ExportFormat::LabelStudio => "label-studio",
            ExportFormat::Doccano => "doccano",
            ExportFormat::Spacy => "spacy",
            ExportFormat::Conll => "conll",
            ExportFormat::W3c => "w3c",
        }
    }

    /// The format named `name` (as [`ExportFormat::name`] spells it), if any.
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        ExportFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// True when `--out` is a folder (brat) rather than a file.
    pub fn writes_folder(self) -> bool {
        self == ExportFormat::Brat
    }
}

/// Whose annotations to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Annotator(String),
    Gold,
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error("{path}: cannot write: {source}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot serialise: {0}")]
    Serialise(String),
    #[error("the export was written but its check failed: {0}")]
    Verify(String),
    #[error("nothing to export: {0}")]
    Nothing(String),
}

/// The path an output file goes to: the output itself (`""`), a file inside the output folder,
/// or (a name starting with `.`) a sibling that shares the output's stem.
fn target(out: &Path, name: &str) -> PathBuf {
    if name.is_empty() {
        out.to_path_buf()
    } else if let Some(suffix) = name.strip_prefix('.') {
        out.with_extension(suffix)
    } else {
        out.join(name)
    }
}

/// Exports `selection`'s annotations of every document that has them. `progress(done, total)`
/// is called per document loaded and per file written.
pub fn export(
    project: &Project,
    format: ExportFormat,
    selection: &Selection,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    export_durable(
        project,
        format,
        selection,
        out,
        atomic::Durability::Synced,
        progress,
    )
}

/// [`export`] with a choice of [`atomic::Durability`] (benchmarks measure an export without
/// waiting for the disk; every command uses [`export`]).
pub fn export_durable(
    project: &Project,
    format: ExportFormat,
    selection: &Selection,
    out: &Path,
    durability: atomic::Durability,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    export_inner(project, format, selection, out, durability, false, progress)
}

/// [`export`] to Label Studio with each file's pending suggestions as the task's
/// `predictions` (model version naming the project's lexicon, see [`io::ls_predictions`]).
pub fn export_label_studio_with_suggestions(
    project: &Project,
    selection: &Selection,
    out: &Path,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    export_inner(
        project,
        ExportFormat::LabelStudio,
        selection,
        out,
        atomic::Durability::Synced,
        true,
        progress,
    )
}

fn export_inner(
    project: &Project,
    format: ExportFormat,
    selection: &Selection,
    out: &Path,
    durability: atomic::Durability,
    suggestions: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    let ids = project.document_ids()?;
    let mut loaded: Vec<(Document, AnnotationSet)> = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let set = match selection {
            Selection::Annotator(a) => project.load_annotations(a, id)?,
            Selection::Gold => project.load_gold(id)?,
        };
        if let Some(set) = set {
            loaded.push((project.load_document(id)?, set));
        }
        progress(i + 1, ids.len() * 2);
    }
    if loaded.is_empty() {
        let who = match selection {
            Selection::Annotator(a) => format!("annotator {a:?} has no annotation files"),
            Selection::Gold => "the project has no gold files".into(),
        };
        return Err(ExportError::Nothing(who));
    }
    let items: Vec<ExportItem> = loaded
        .iter()
        .map(|(document, set)| ExportItem { document, set })
        .collect();
    let schema = project.schema();
    let ser = |e: &dyn std::fmt::Display| ExportError::Serialise(e.to_string());
    let (files, warnings): (Vec<OutFile>, Vec<String>) = match format {
        ExportFormat::Jsonl => (io::jsonl::export(&items).map_err(|e| ser(&e))?, vec![]),
        ExportFormat::Csv => (io::csv_export::export(&items).map_err(|e| ser(&e))?, vec![]),
        ExportFormat::Spacy => (io::spacy::export(&items).map_err(|e| ser(&e))?, vec![]),
        ExportFormat::Doccano => (io::doccano::export(&items).map_err(|e| ser(&e))?, vec![]),
        ExportFormat::LabelStudio if suggestions => {
            let version = io::ls_predictions::model_version(
                project
                    .lexicon()
                    .map_err(|e| ExportError::Serialise(e.to_string()))?
                    .names(),
            );
            let files = io::label_studio::export_with(&items, schema, |it| {
                io::ls_predictions::prediction(it.set, &version)
            });
            (files.map_err(|e| ser(&e))?, vec![])
        }
        ExportFormat::LabelStudio => (
            io::label_studio::export(&items, schema).map_err(|e| ser(&e))?,
            vec![],
        ),
        ExportFormat::W3c => (io::w3c::export(&items).map_err(|e| ser(&e))?, vec![]),
        ExportFormat::Brat => io::brat::export(&items, schema),
        ExportFormat::Conll => io::conll::export(&items),
    };
    if format.writes_folder() {
        std::fs::create_dir_all(out).map_err(|source| ExportError::Write {
            path: out.display().to_string(),
            source,
        })?;
    }
    for (i, f) in files.iter().enumerate() {
        let path = target(out, &f.name);
        atomic::write_atomic_durable(&path, durability, |w| w.write_all(f.contents.as_bytes()))
            .map_err(|source| ExportError::Write {
                path: path.display().to_string(),
                source,
            })?;
        progress(
            ids.len() + (i + 1) * ids.len() / files.len().max(1),
            ids.len() * 2,
        );
    }
    let spans_checked = verify(format, out, &items)?;
    Ok(ExportSummary {
        documents: items.len(),
        frames: items.iter().map(|it| it.set.frames().len()).sum(),
        spans_checked,
        warnings,
    })
}

/// Reads the written files back from disk and runs the format's check.
fn verify(format: ExportFormat, out: &Path, items: &[ExportItem]) -> Result<usize, ExportError> {
    let read = |p: &Path| io::read_utf8(p).map_err(|e| ExportError::Verify(e.to_string()));
    let shown = out.display().to_string();
    let main = || read(out);
    let r = match format {
        ExportFormat::Jsonl => io::jsonl::verify(&main()?, &shown),
        ExportFormat::Csv => io::csv_export::verify(&main()?, &shown, items),
        ExportFormat::Spacy => io::spacy::verify(&main()?, &shown),
        ExportFormat::Doccano => io::doccano::verify(&main()?, &shown, items),
        ExportFormat::LabelStudio => io::label_studio::verify(&main()?, &shown),
        ExportFormat::W3c => io::w3c::verify(&main()?, &shown, items),
        ExportFormat::Conll => io::conll::verify(&main()?, &shown, items),
        ExportFormat::Brat => {
            let mut n = 0;
            for it in items {
                let id = &it.document.id;
                let txt = read(&out.join(format!("{id}.txt")))?;
                if txt != it.document.text.as_str() {
                    return Err(ExportError::Verify(format!(
                        "{shown}/{id}.txt differs from the document"
                    )));
                }
                let ann_path = out.join(format!("{id}.ann"));
                let ann = read(&ann_path)?;
                n += io::brat::verify(&txt, &ann, &ann_path.display().to_string(), it.set)
                    .map_err(ExportError::Verify)?;
            }
            Ok(n)
        }
    };
    r.map_err(ExportError::Verify)
}
