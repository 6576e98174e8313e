//! Shared loading for `agree` and `adjudicate`: the compared annotators and the documents every
//! one of them has annotated.

use std::collections::BTreeSet;

use anyhow::{bail, Context};

use stancemark::model::{AnnotationSet, Document};
use stancemark::project::Project;

/// Documents with each compared annotator's annotations, in document-id order.
pub struct Loaded {
    pub annotators: Vec<String>,
    pub documents: Vec<(Document, Vec<AnnotationSet>)>,
}

/// The annotators named by `--annotators` (checked against the project), or all of them.
pub fn annotators(project: &Project, requested: Option<&[String]>) -> anyhow::Result<Vec<String>> {
    let all = project.annotators()?;
    let chosen = match requested {
        None => all,
        Some(list) => {
            let mut seen = BTreeSet::new();
            for name in list {
                if !all.contains(name) {
                    bail!(
                        "{}: no annotator {name:?} (annotators: {})",
                        project.root().display(),
                        all.join(", ")
                    );
                }
                if !seen.insert(name) {
                    bail!("annotator {name:?} is listed twice");
                }
            }
            list.to_vec()
        }
    };
    if chosen.len() < 2 {
        bail!(
            "{}: comparing needs at least two annotators, found {}",
            project.root().display(),
            chosen.len()
        );
    }
    Ok(chosen)
}

/// Loads every document that all `annotators` have a file for.
pub fn load(project: &Project, annotators: Vec<String>) -> anyhow::Result<Loaded> {
    let mut common: Option<BTreeSet<String>> = None;
    for a in &annotators {
        let ids: BTreeSet<String> = project.annotated_ids(a)?.into_iter().collect();
        common = Some(match common {
            None => ids,
            Some(c) => c.intersection(&ids).cloned().collect(),
        });
    }
    let mut documents = Vec::new();
    for id in common.unwrap_or_default() {
        let doc = project.load_document(&id)?;
        let mut sets = Vec::with_capacity(annotators.len());
        for a in &annotators {
            let set = project
                .load_annotations(a, &id)?
                .with_context(|| format!("annotator {a:?} has no file for document {id:?}"))?;
            sets.push(set);
        }
        documents.push((doc, sets));
    }
    Ok(Loaded {
        annotators,
        documents,
    })
}
