//! Importing other tools' files into a project, all or nothing.
//!
//! [`import`] reads and parses every input, fills in the annotator, maps or adds labels,
//! matches each document to the project (by id when the source has one, otherwise by identical
//! text), validates every annotation set against its document and the schema, and checks for
//! files it would overwrite — and only when all of that passed, writes anything. The writes are
//! one [`WriteBatch`]: every file is staged beside its place first and renamed into place only
//! when all are staged, and a rename failing half-way puts back the files renamed before it. A
//! failure at any step leaves the project folder exactly as it was.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::io::import::{group_items, Imported, ImportedDoc, ItemGroup};
use crate::io::LoadError;
use crate::model::{Schema, StanceLabel};

use super::{
    check_file_name, io_err, safe_name, sanitize_file_name, Project, ProjectError, MAX_NAME_BYTES,
};
use crate::io::atomic::remove_stray_temp_files;
use crate::io::batch::{BatchError, WriteBatch};

mod checks;
mod read;

pub use crate::io::import::{RelationMap, Scheme};
use checks::{check_sets, drop_duplicate_frames, skip_invalid_docs};
pub use read::ImportFormat;
use read::{expand_inputs, read_one};

/// What to do beyond reading.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The annotator for sources that do not name one.
    pub annotator: Option<String>,
    /// Label renames (`--map OLD=NEW`), applied before checking against the schema.
    pub map: BTreeMap<String, String>,
    /// Add unknown labels to the project schema instead of refusing.
    pub add_labels: bool,
    /// Replace existing annotation files of the same annotator and document.
    pub replace: bool,
    /// Import text that is not valid UTF-8 by replacing bad bytes with U+FFFD (with a warning)
    /// instead of refusing it.
    pub lossy: bool,
    /// How the tool's types and roles map onto frames (`--scheme`, `--roles`, `--frame-type`,
    /// `--default-stance`).
    pub scheme: Scheme,
    /// Import even though some annotations of the input cannot be (they are counted).
    pub allow_loss: bool,
    /// Import the files that are fine and list the others, instead of refusing all.
    pub skip_invalid: bool,
    /// Label Studio: read `predictions` as the annotations of this annotator.
    pub predictions_as: Option<String>,
    /// Label Studio: read `predictions` as pending suggestions in this annotator's files.
    pub predictions_as_suggestions: Option<String>,
    /// Label Studio: the `data` field that holds the text (default `text`).
    pub text_key: Option<String>,
    /// doccano: what relations of each type mean.
    pub relations: RelationMap,
}

/// Parses label renames written `OLD=NEW` (the CLI's `--map`, the import dialog's list).
/// Blank entries are skipped; an entry without `=` or with an empty side is an error naming it.
/// A later entry for the same OLD replaces an earlier one.
pub fn parse_map<S: AsRef<str>>(entries: &[S]) -> Result<BTreeMap<String, String>, String> {
    let mut map = BTreeMap::new();
    for e in entries {
        let e = e.as_ref().trim();
        if e.is_empty() {
            continue;
        }
        match e.split_once('=') {
            Some((old, new)) if !old.trim().is_empty() && !new.trim().is_empty() => {
                map.insert(old.trim().to_owned(), new.trim().to_owned());
            }
            _ => return Err(format!("label map {e:?}: expected OLD=NEW")),
        }
    }
    Ok(map)
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub documents_added: usize,
    pub documents_matched: usize,
    pub annotation_sets: usize,
    pub frames: usize,
    pub labels_added: Vec<String>,
    /// One line per kind of change, with a count and the first places.
    pub warnings: Vec<String>,
    /// Annotations of the input not imported, by reason (each a loss the user accepted with
    /// `--allow-loss`).
    pub not_imported: Vec<ItemGroup>,
    /// Annotations the scheme leaves out on purpose, by type.
    pub left_out: Vec<ItemGroup>,
    /// Files not imported with `--skip-invalid`, each with why.
    pub skipped_files: Vec<String>,
}

impl ImportReport {
    /// The summary an import prints: what was imported, then every group of what was not.
    pub fn summary_lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "imported {} new and {} existing documents, {} annotation sets, {} frames",
            self.documents_added, self.documents_matched, self.annotation_sets, self.frames
        )];
        if !self.labels_added.is_empty() {
            out.push(format!("added labels: {}", self.labels_added.join(", ")));
        }
        let lost: usize = self.not_imported.iter().map(|g| g.count).sum();
        if lost > 0 {
            out.push(format!("not imported: {lost} annotations (--allow-loss)"));
            out.extend(self.not_imported.iter().map(|g| format!("  {g}")));
        }
        let left: usize = self.left_out.iter().map(|g| g.count).sum();
        if left > 0 {
            out.push(format!("left out on purpose: {left} annotations"));
            out.extend(self.left_out.iter().map(|g| format!("  {g}")));
        }
        if !self.skipped_files.is_empty() {
            out.push(format!(
                "skipped {} invalid files (--skip-invalid; each file is all or nothing):",
                self.skipped_files.len()
            ));
            out.extend(self.skipped_files.iter().map(|f| format!("  {f}")));
        }
        out
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error("{} unknown label(s); nothing was imported (use --map OLD=NEW or --add-labels):\n{}", .0.len(), .0.join("\n"))]
    UnknownLabels(Vec<String>),
    #[error("nothing was imported:\n{}", .0.join("\n"))]
    Rejected(Vec<String>),
    /// Some annotations would not be imported and `--allow-loss` was not given.
    #[error("{} annotations would not be imported; nothing was imported (use --allow-loss to import the rest):\n{}", .0.iter().map(|g| g.count).sum::<usize>(), .0.iter().map(|g| format!("  {g}")).collect::<Vec<_>>().join("\n"))]
    Loss(Vec<ItemGroup>),
    /// Writing failed after every check passed (see [`WriteBatch`]).
    #[error(transparent)]
    Write(#[from] BatchError),
}

/// Imports `inputs` (files, or folders of files with the format's extension) into `project`.
/// `progress(done, total)` is called as inputs are read and as files are written.
pub fn import(
    project: &mut Project,
    format: ImportFormat,
    inputs: &[PathBuf],
    opts: &ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, ImportError> {
    if let Some(a) = &opts.annotator {
        safe_name("annotator", a)?;
    }
    let files = expand_inputs(format, inputs)?;
    let mut imported = Imported::default();
    let mut report = ImportReport::default();
    for (i, path) in files.iter().enumerate() {
        match read_one(format, path, opts) {
            Ok(one) => {
                imported.docs.extend(one.docs);
                imported.notices.extend(one.notices);
                imported.dropped.extend(one.dropped);
            }
            Err(e) if opts.skip_invalid => report.skipped_files.push(e.to_string()),
            Err(e) => return Err(e.into()),
        }
        progress(i + 1, files.len() * 2);
    }
    let mut docs = imported.docs;

    fill_annotators(&mut docs, opts)?;
    drop_duplicate_frames(&mut docs, &mut imported.dropped);
    let schema = check_labels(project.schema(), &mut docs, opts, &mut report)?;
    if opts.skip_invalid {
        docs = skip_invalid_docs(docs, &schema, &mut imported.dropped, &mut report);
    }
    report.warnings = group_items(&imported.notices)
        .iter()
        .map(|g| g.to_string())
        .collect();
    report.not_imported = group_items(imported.dropped.iter().filter(|d| d.loss));
    report.left_out = group_items(imported.dropped.iter().filter(|d| !d.loss));
    if !report.not_imported.is_empty() && !opts.allow_loss {
        return Err(ImportError::Loss(report.not_imported));
    }
    let plan = match_documents(project, docs, &mut report)?;
    check_sets(project, &schema, &plan, opts)?;

    // Everything is read and checked: write, all or nothing.
    let step = |i: usize| files.len() + i * files.len() / plan.len().max(1);
    write(project, schema, &plan, &mut report, &mut |i| {
        progress(step(i), files.len() * 2)
    })?;
    progress(files.len() * 2, files.len() * 2);
    Ok(report)
}

/// Writes the checked plan as one [`WriteBatch`]: the schema when labels were added, the new
/// documents, the annotation sets. `written(i)` is called when the `i`-th planned document is
/// staged.
fn write(
    project: &mut Project,
    schema: Schema,
    plan: &[Planned],
    report: &mut ImportReport,
    written: &mut dyn FnMut(usize),
) -> Result<(), ImportError> {
    let mut batch = WriteBatch::new();
    let schema_change = match report.labels_added.is_empty() {
        true => None,
        false => {
            let change = project.schema_change(schema)?;
            batch
                .add(&change.path, change.content.as_bytes())
                .map_err(io_err(&change.path))?;
            Some(change)
        }
    };
    let schema_ref = schema_change
        .as_ref()
        .map_or_else(|| project.schema().reference(), |c| c.schema().reference());
    for (i, d) in plan.iter().enumerate() {
        if d.is_new {
            let (path, json) = project.document_file(&d.doc.document)?;
            batch.add(&path, json.as_bytes()).map_err(io_err(&path))?;
        }
        for s in &d.doc.sets {
            let mut set = s.set.clone();
            set.schema = schema_ref.clone();
            let path = project.annotation_path(&set.annotator, &d.doc.document.id)?;
            let json = crate::io::native::to_string(&d.doc.document, &set);
            batch.add(&path, json.as_bytes()).map_err(io_err(&path))?;
            report.annotation_sets += 1;
            report.frames += set.frames().len();
        }
        written(i + 1);
    }
    let folders: BTreeSet<PathBuf> = batch
        .targets()
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    batch.commit()?;
    if let Some(change) = schema_change {
        project.adopt_schema(change);
    }
    // Like every project write, clean up after writes killed in these folders before.
    for dir in folders {
        remove_stray_temp_files(&dir).map_err(io_err(&dir))?;
    }
    Ok(())
}

fn fill_annotators(docs: &mut [ImportedDoc], opts: &ImportOptions) -> Result<(), ImportError> {
    let mut problems = Vec::new();
    for d in docs.iter_mut() {
        for s in &mut d.sets {
            if s.set.annotator.is_empty() {
                match &opts.annotator {
                    Some(a) => s.set.annotator = a.clone(),
                    None => problems.push(format!(
                        "{}: the source names no annotator; give one with --annotator NAME",
                        d.origin
                    )),
                }
            } else if let Err(e) = check_file_name(&s.set.annotator) {
                problems.push(format!(
                    "{}: annotator {:?}: {e}",
                    d.origin, s.set.annotator
                ));
            }
        }
    }
    problems.dedup();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ImportError::Rejected(problems))
    }
}

/// Applies `--map`, then reports every stance label the schema lacks with where it occurs, or
/// (with `--add-labels`) returns a schema that has them.
fn check_labels(
    schema: &Schema,
    docs: &mut [ImportedDoc],
    opts: &ImportOptions,
    report: &mut ImportReport,
) -> Result<Schema, ImportError> {
    let mut unknown: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in docs.iter_mut() {
        for s in &mut d.sets {
            let mut frames = s.set.frames().to_vec();
            for f in &mut frames {
                if let Some(new) = opts.map.get(&f.stance) {
                    f.stance = new.clone();
                }
                if schema.stance(&f.stance).is_none() {
                    let place = s
                        .places
                        .get(&f.id)
                        .cloned()
                        .unwrap_or_else(|| format!("{}: frame {}", d.origin, f.id));
                    unknown.entry(f.stance.clone()).or_default().push(place);
                }
            }
            s.set.set_frames(frames);
        }
    }
    let mut schema = schema.clone();
    if unknown.is_empty() {
        return Ok(schema);
    }
    if !opts.add_labels {
        let lines = unknown
            .iter()
            .flat_map(|(label, places)| {
                places
                    .iter()
                    .map(move |p| format!("{p}: unknown label {label:?}"))
            })
            .collect();
        return Err(ImportError::UnknownLabels(lines));
    }
    const PALETTE: [&str; 8] = [
        "#1f77b4", "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2",
    ];
    for (i, label) in unknown.into_keys().enumerate() {
        schema.stances.push(StanceLabel {
            id: label.clone(),
            name: label.clone(),
            color: PALETTE[i % PALETTE.len()].into(),
            hotkey: None,
            guideline: "Added by an import.".into(),
        });
        report.labels_added.push(label);
    }
    schema.check().map_err(|e| {
        ImportError::Rejected(vec![format!(
            "the schema with the added labels is invalid: {e}"
        )])
    })?;
    Ok(schema)
}

/// An imported document with its final id and whether the project already has it.
struct Planned {
    doc: ImportedDoc,
    is_new: bool,
}

/// Gives every imported document its project id: the existing document with the same id (same
/// text required) or, without a source id, the same text; otherwise a new safe, unique id.
/// Imported documents that land on the same project document are merged.
fn match_documents(
    project: &Project,
    docs: Vec<ImportedDoc>,
    report: &mut ImportReport,
) -> Result<Vec<Planned>, ImportError> {
    let mut by_id: HashMap<String, String> = HashMap::new(); // id → text
    let mut by_text: HashMap<String, String> = HashMap::new(); // text → id
    for id in project.document_ids()? {
        let d = project.load_document(&id)?;
        by_text
            .entry(d.text.as_str().to_owned())
            .or_insert_with(|| id.clone());
        by_id.insert(id, d.text.as_str().to_owned());
    }
    let existing: BTreeSet<String> = by_id.keys().cloned().collect();
    let mut plan: Vec<Planned> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new(); // id → plan position
    let mut problems = Vec::new();
    for mut d in docs {
        let text = d.document.text.as_str().to_owned();
        let id = if d.has_id && check_file_name(&d.document.id).is_ok() {
            match by_id.get(&d.document.id) {
                Some(t) if *t != text => {
                    problems.push(format!(
                        "{}: document {:?} exists with a different text (texts never change after import)",
                        d.origin, d.document.id
                    ));
                    continue;
                }
                _ => d.document.id.clone(),
            }
        } else if let Some(id) = by_text.get(&text) {
            id.clone()
        } else {
            unique_id(&sanitize_file_name(&d.document.id), &by_id)
        };
        by_id.entry(id.clone()).or_insert_with(|| text.clone());
        by_text.entry(text).or_insert_with(|| id.clone());
        d.document.id = id.clone();
        for s in &mut d.sets {
            s.set.document_id = id.clone();
        }
        match index.get(&id) {
            Some(&i) => plan[i].doc.sets.append(&mut d.sets),
            None => {
                let is_new = !existing.contains(&id);
                if is_new {
                    report.documents_added += 1;
                } else {
                    report.documents_matched += 1;
                }
                index.insert(id, plan.len());
                plan.push(Planned { doc: d, is_new });
            }
        }
    }
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(ImportError::Rejected(problems))
    }
}

fn unique_id(base: &str, taken: &HashMap<String, String>) -> String {
    if !taken.contains_key(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| {
            let suffix = format!("-{n}");
            let mut b = base.to_owned();
            super::truncate_bytes(&mut b, MAX_NAME_BYTES - suffix.len());
            b + &suffix
        })
        .find(|c| !taken.contains_key(c))
        .unwrap_or_else(|| base.to_owned()) // unreachable: the range is unbounded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_maps_parse_and_name_bad_entries() {
        let m = parse_map(&["warn=warning", " ", "deny = denial", "warn=threat"]).unwrap();
        assert_eq!(m.get("warn").map(String::as_str), Some("threat"));
        assert_eq!(m.get("deny").map(String::as_str), Some("denial"));
        assert_eq!(m.len(), 2);
        for bad in ["warning", "=x", "x=", "="] {
            let e = parse_map(&[bad]).unwrap_err();
            assert!(e.contains(&format!("{bad:?}")), "{e}");
        }
    }

    #[test]
    fn format_names_round_trip() {
        use super::super::export::ExportFormat;
        use clap::ValueEnum;
        for f in ImportFormat::ALL {
            assert_eq!(ImportFormat::from_name(f.name()), Some(f));
        }
        for f in ExportFormat::ALL {
            assert_eq!(ExportFormat::from_name(f.name()), Some(f));
        }
        assert_eq!(ImportFormat::from_name("Brat"), None);
        // The command line spells them as the README and the dialogs do.
        let cli = |v: Option<clap::builder::PossibleValue>| v.unwrap().get_name().to_owned();
        let import: Vec<String> = ImportFormat::value_variants()
            .iter()
            .map(|f| cli(f.to_possible_value()))
            .collect();
        assert_eq!(
            import,
            [
                "text",
                "jsonl",
                "brat",
                "label-studio",
                "doccano",
                "native",
                "citron"
            ]
        );
        assert_eq!(ImportFormat::value_variants(), ImportFormat::ALL);
        let export: Vec<String> = ExportFormat::value_variants()
            .iter()
            .map(|f| cli(f.to_possible_value()))
            .collect();
        assert_eq!(
            export,
            [
                "jsonl",
                "csv",
                "brat",
                "label-studio",
                "doccano",
                "spacy",
                "conll",
                "w3c"
            ]
        );
        assert_eq!(ExportFormat::value_variants(), ExportFormat::ALL);
        for f in ImportFormat::ALL {
            assert_eq!(cli(f.to_possible_value()), f.name());
        }
        for f in ExportFormat::ALL {
            assert_eq!(cli(f.to_possible_value()), f.name());
        }
    }
}
