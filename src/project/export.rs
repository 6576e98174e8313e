//! Exporting a project's annotations (one annotator's, or gold) to other tools' formats.
//!
//! [`export`] loads every document the chosen annotator (or gold) has a file for (each file
//! read and parsed once, on every core), calls the format's pure exporter, runs the format's
//! `verify` on the produced bytes — it parses them as the format's reader would, locates every
//! span again in the format's own offset unit and compares its text with the document — and
//! only then writes the files atomically. Nothing is written when the check fails.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::io::export::{ExportItem, ExportSummary, OutFile};
use crate::io::folder::{self, FolderWrite};
use crate::io::{self, atomic};
use crate::model::{AnnotationSet, Document};

use super::{FileRole, Project, ProjectError};

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
    #[error("the export failed its check, nothing was written: {0}")]
    Verify(String),
    #[error("nothing to export: {0}")]
    Nothing(String),
    /// Files the export would write exist already and overwriting was not asked for.
    #[error("{} file(s) the export would write exist already; nothing was written (use --force to overwrite them): {}{}", .0.len(), .0.iter().take(3).map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "), if .0.len() > 3 { ", …" } else { "" })]
    Exists(Vec<PathBuf>),
}

/// Whether an export may replace files that exist already.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Overwrite {
    /// Refuse with [`ExportError::Exists`] before writing anything (the default).
    #[default]
    Refuse,
    /// Replace them (`--force`, or a yes in the export window).
    Force,
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
/// is called per document loaded and per file written. Files that exist already are replaced
/// only with [`Overwrite::Force`]; otherwise the export writes nothing and names them. Into an
/// existing folder (brat) it writes only its own files and removes nothing.
pub fn export(
    project: &Project,
    format: ExportFormat,
    selection: &Selection,
    out: &Path,
    overwrite: Overwrite,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    export_durable(
        project,
        format,
        selection,
        out,
        overwrite,
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
    overwrite: Overwrite,
    durability: atomic::Durability,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    let how = How {
        overwrite,
        durability,
        suggestions: false,
    };
    export_inner(project, format, selection, out, how, progress)
}

/// How an export writes: over existing files or not, synced or not, with suggestions as
/// Label Studio predictions or not.
#[derive(Debug, Clone, Copy)]
struct How {
    overwrite: Overwrite,
    durability: atomic::Durability,
    suggestions: bool,
}

/// [`export`] to Label Studio with each file's pending suggestions as the task's
/// `predictions` (model version naming the project's lexicon, see [`io::ls_predictions`]).
pub fn export_label_studio_with_suggestions(
    project: &Project,
    selection: &Selection,
    out: &Path,
    overwrite: Overwrite,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    let how = How {
        overwrite,
        durability: atomic::Durability::Synced,
        suggestions: true,
    };
    export_inner(
        project,
        ExportFormat::LabelStudio,
        selection,
        out,
        how,
        progress,
    )
}

fn export_inner(
    project: &Project,
    format: ExportFormat,
    selection: &Selection,
    out: &Path,
    how: How,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ExportSummary, ExportError> {
    let ids = project.document_ids()?;
    let total = ids.len() * 2;
    // Each document and its annotation file are read and parsed once, on every core.
    let results = super::parallel::map_in_order(
        &ids,
        |id| {
            let role = match selection {
                Selection::Annotator(a) => FileRole::Annotation {
                    annotator: a.clone(),
                    doc_id: id.clone(),
                },
                Selection::Gold => FileRole::Gold { doc_id: id.clone() },
            };
            project.load_with_document(&role)
        },
        &mut |n| progress(n, total),
    );
    let mut loaded: Vec<(Document, AnnotationSet)> = Vec::with_capacity(ids.len());
    for r in results {
        loaded.extend(r?);
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
        ExportFormat::LabelStudio if how.suggestions => {
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
    if how.overwrite == Overwrite::Refuse {
        refuse_existing(out, &files)?;
    }
    // The check runs on the bytes to be written, before anything is written.
    let spans_checked = verify(format, out, &files, &items)?;
    let summary = ExportSummary {
        documents: items.len(),
        frames: items.iter().map(|it| it.set.frames().len()).sum(),
        spans_checked,
        warnings,
    };
    let write_err = |path: &Path| {
        let path = path.display().to_string();
        move |source| ExportError::Write { path, source }
    };
    if format.writes_folder() {
        // A new folder is written whole at once (far fewer renames than file by file, and an
        // interrupted export leaves no half folder); into an existing one, file by file.
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        let contents = files
            .iter()
            .map(|f| (f.name.as_str(), f.contents.as_bytes()));
        let new =
            folder::write_new_folder(out, contents, how.durability).map_err(write_err(out))?;
        if new == FolderWrite::Written {
            progress(total, total);
            return Ok(summary);
        }
        std::fs::create_dir_all(out).map_err(write_err(out))?;
    }
    let written = super::parallel::map_in_order(
        &files,
        |f| {
            let path = target(out, &f.name);
            atomic::write_atomic_durable(&path, how.durability, |w| {
                w.write_all(f.contents.as_bytes())
            })
            .map_err(|source| ExportError::Write {
                path: path.display().to_string(),
                source,
            })
        },
        &mut |n| progress(ids.len() + n * ids.len() / files.len().max(1), total),
    );
    written.into_iter().collect::<Result<(), _>>()?;
    Ok(summary)
}

/// Refuses (naming them) when any of the files exists, as a file, folder or link.
fn refuse_existing(out: &Path, files: &[OutFile]) -> Result<(), ExportError> {
    let existing: Vec<PathBuf> = files
        .iter()
        .map(|f| target(out, &f.name))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    match existing.is_empty() {
        true => Ok(()),
        false => Err(ExportError::Exists(existing)),
    }
}

/// Runs the format's check on the files about to be written (named as [`OutFile::name`], for
/// the output `out`): each is parsed as the format's reader would parse it, and every span
/// located again in the format's own offset unit. Returns the number of spans checked.
pub fn verify(
    format: ExportFormat,
    out: &Path,
    files: &[OutFile],
    items: &[ExportItem],
) -> Result<usize, ExportError> {
    let by_name: HashMap<&str, &str> = files
        .iter()
        .map(|f| (f.name.as_str(), f.contents.as_str()))
        .collect();
    let shown = out.display().to_string();
    let file = |name: &str| {
        by_name.get(name).copied().ok_or_else(|| {
            ExportError::Verify(format!(
                "{}: the export has no such file",
                target(out, name).display()
            ))
        })
    };
    let main = || file("");
    let r = match format {
        ExportFormat::Jsonl => io::jsonl::verify(main()?, &shown),
        ExportFormat::Csv => io::csv_export::verify(main()?, &shown, items),
        ExportFormat::Spacy => io::spacy::verify(main()?, &shown),
        ExportFormat::Doccano => io::doccano::verify(main()?, &shown, items),
        ExportFormat::LabelStudio => io::label_studio::verify(main()?, &shown),
        ExportFormat::W3c => io::w3c::verify(main()?, &shown, items),
        ExportFormat::Conll => io::conll::verify(main()?, &shown, items),
        ExportFormat::Brat => {
            let checked = super::parallel::map_in_order(
                items,
                |it| {
                    let id = &it.document.id;
                    let txt = file(&format!("{id}.txt"))?;
                    if txt != it.document.text.as_str() {
                        return Err(ExportError::Verify(format!(
                            "{shown}/{id}.txt differs from the document"
                        )));
                    }
                    let ann_name = format!("{id}.ann");
                    let ann_path = out.join(&ann_name);
                    io::brat::verify(
                        txt,
                        file(&ann_name)?,
                        &ann_path.display().to_string(),
                        it.set,
                    )
                    .map_err(ExportError::Verify)
                },
                &mut |_| {},
            );
            return checked.into_iter().sum();
        }
    };
    r.map_err(ExportError::Verify)
}
