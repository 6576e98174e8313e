//! The checks an import makes on what it read, before anything is written: identical frames,
//! files that do not validate (`--skip-invalid`), and every set against its document, the
//! schema and the files already in the project.

use std::collections::{BTreeMap, BTreeSet};

use crate::io::import::{ImportedDoc, ImportedSet, Item};
use crate::model::{validate, Frame, Problem, Schema};

use super::{ImportError, ImportOptions, ImportReport, Planned};
use crate::project::Project;

/// Keeps one of frames that are identical but for their id (in one annotator's set of one
/// document), and says so: tools that export a region twice, or a file given twice, would
/// otherwise double the counts silently.
pub(super) fn drop_duplicate_frames(docs: &mut [ImportedDoc], dropped: &mut Vec<Item>) {
    for d in docs.iter_mut() {
        for s in &mut d.sets {
            let mut kept: Vec<Frame> = Vec::new();
            let mut removed = false;
            for f in s.set.frames() {
                // Frames are in claim order: identical claims are neighbours.
                let extent = f.claim.extent();
                let same = kept
                    .iter()
                    .rev()
                    .take_while(|k| k.claim.extent() == extent)
                    .any(|k| {
                        let mut g = f.clone();
                        g.id.clone_from(&k.id);
                        g == *k
                    });
                if same {
                    removed = true;
                    let place = s
                        .places
                        .get(&f.id)
                        .cloned()
                        .unwrap_or_else(|| format!("{}: frame {}", d.origin, f.id));
                    dropped.push(Item::noted(
                        "frame identical to another, imported once",
                        place,
                    ));
                } else {
                    kept.push(f.clone());
                }
            }
            if removed {
                s.set.set_frames(kept);
            }
        }
    }
}

/// With `--skip-invalid`: leaves out every file (origin) that has a set that does not validate,
/// names it in the report, and drops the items that came from it.
pub(super) fn skip_invalid_docs(
    docs: Vec<ImportedDoc>,
    schema: &Schema,
    dropped: &mut Vec<Item>,
    report: &mut ImportReport,
) -> Vec<ImportedDoc> {
    let mut bad: BTreeMap<String, String> = BTreeMap::new(); // origin → first problem
    for d in &docs {
        for s in &d.sets {
            if let Some(p) = validate(&s.set, &d.document, schema).into_iter().next() {
                let place = place_of(&p, s, &d.origin);
                bad.entry(d.origin.clone())
                    .or_insert_with(|| format!("{place}: {p}"));
            }
        }
    }
    report.skipped_files.extend(bad.values().cloned());
    dropped.retain(|i| {
        !bad.keys().any(|o| {
            i.place
                .strip_prefix(o.as_str())
                .is_some_and(|r| r.starts_with(':'))
        })
    });
    docs.into_iter()
        .filter(|d| !bad.contains_key(&d.origin))
        .collect()
}

/// Validates every set against its document and the (possibly extended) schema, and refuses
/// duplicates within the input and existing files unless `replace`.
pub(super) fn check_sets(
    project: &Project,
    schema: &Schema,
    plan: &[Planned],
    opts: &ImportOptions,
) -> Result<(), ImportError> {
    let mut problems = Vec::new();
    for d in plan {
        let mut seen = BTreeSet::new();
        for s in &d.doc.sets {
            let who = &s.set.annotator;
            if !seen.insert(who.clone()) {
                problems.push(format!(
                    "{}: annotator {who:?} appears twice for document {:?}",
                    d.doc.origin, d.doc.document.id
                ));
            }
            if !opts.replace && project.annotation_path(who, &d.doc.document.id)?.exists() {
                problems.push(format!(
                    "{}: {who:?} already has annotations of {:?} in the project (use --replace)",
                    d.doc.origin, d.doc.document.id
                ));
            }
            for p in validate(&s.set, &d.doc.document, schema) {
                let place = place_of(&p, s, &d.doc.origin);
                problems.push(format!("{place}: {p}"));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ImportError::Rejected(problems))
    }
}

/// Where in the input a validation problem is: the place its frame was read (`FILE:E5`), else
/// the input itself.
fn place_of(p: &Problem, s: &ImportedSet, origin: &str) -> String {
    p.location
        .strip_prefix("frame ")
        .and_then(|r| r.split(' ').next())
        .and_then(|f| s.places.get(f).cloned())
        .unwrap_or_else(|| origin.to_owned())
}
