//! What a project holds per document: each annotator's progress for the document list, and the
//! documents several annotators have in common for agreement and adjudication.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{safe_name, FileRole, Project, ProjectError};
use crate::model::{AnnotationSet, Document, Status};

/// One document's state for one annotator, for document lists and progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocStatus {
    pub id: String,
    pub title: String,
    /// The annotator's status (`todo` when they have no file).
    pub status: Status,
    /// The annotator's number of frames (0 without a file).
    pub frames: usize,
    /// How many annotators have a file for this document (gold not counted).
    pub annotators: usize,
    /// The annotator's recorded active time on it, in seconds (0 without a file).
    pub seconds: u64,
}

/// Done and total documents, from a [`Project::status`] list.
pub fn progress(list: &[DocStatus]) -> (usize, usize) {
    let done = list.iter().filter(|d| d.status == Status::Done).count();
    (done, list.len())
}

/// A document with the annotations of several annotators of it.
#[derive(Debug, Clone, PartialEq)]
pub struct AnnotatedDocument {
    pub document: Document,
    /// One set per annotator, in the order the annotators were asked for.
    pub sets: Vec<AnnotationSet>,
}

/// One annotator's files beside gold: the documents that have both, and those left out.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AgainstGold {
    /// (document, gold, the annotator's set), by document id.
    pub documents: Vec<(Document, AnnotationSet, AnnotationSet)>,
    /// The annotator's documents without gold yet.
    pub without_gold: Vec<String>,
    /// Gold documents the annotator has no file for.
    pub not_annotated: Vec<String>,
}

impl AgainstGold {
    /// Each document with gold as the digest and the training score take it.
    pub fn pairs(&self) -> Vec<crate::review::feedback::GoldAndAnnotator<'_>> {
        self.documents
            .iter()
            .map(
                |(document, gold, annotator)| crate::review::feedback::GoldAndAnnotator {
                    document,
                    gold,
                    annotator,
                },
            )
            .collect()
    }
}

impl Project {
    /// The annotator's files of the documents that have gold, each with its gold set (for
    /// feedback and training scores), and the documents left out, named.
    pub fn against_gold(&self, annotator: &str) -> Result<AgainstGold, ProjectError> {
        let gold_ids: BTreeSet<String> = self.gold_ids()?.into_iter().collect();
        let mine: BTreeSet<String> = self.annotated_ids(annotator)?.into_iter().collect();
        let mut out = AgainstGold {
            without_gold: mine.difference(&gold_ids).cloned().collect(),
            not_annotated: gold_ids.difference(&mine).cloned().collect(),
            ..AgainstGold::default()
        };
        for id in gold_ids.intersection(&mine) {
            let gone = || ProjectError::Io {
                path: id.clone(),
                source: std::io::ErrorKind::NotFound.into(),
            };
            let document = self.load_document(id)?;
            let gold = self.load_gold(id)?.ok_or_else(gone)?;
            let set = self.load_annotations(annotator, id)?.ok_or_else(gone)?;
            out.documents.push((document, gold, set));
        }
        Ok(out)
    }

    /// Every document with the annotator's status and frame count and the number of annotators
    /// who have a file for it, sorted by id.
    pub fn status(&self, annotator: &str) -> Result<Vec<DocStatus>, ProjectError> {
        safe_name("annotator", annotator)?;
        let mut per_annotator = Vec::new();
        for a in self.annotators()? {
            let ids: BTreeSet<String> = self.annotated_ids(&a)?.into_iter().collect();
            per_annotator.push(ids);
        }
        let mut out = Vec::new();
        for id in self.document_ids()? {
            let doc = self.load_document(&id)?;
            let (status, frames, seconds) = match self.load_annotations(annotator, &id)? {
                Some(set) => (
                    set.status,
                    set.frames().len(),
                    set.time_spent.seconds(annotator),
                ),
                None => (Status::Todo, 0, 0),
            };
            out.push(DocStatus {
                annotators: per_annotator.iter().filter(|s| s.contains(&id)).count(),
                title: doc.display_title().to_owned(),
                id,
                status,
                frames,
                seconds,
            });
        }
        Ok(out)
    }

    /// The documents every one of `annotators` has a file for, sorted by id, each with their
    /// sets in the order of `annotators` (none for an empty list). Every file is loaded with
    /// the checks of [`Project::load_file`]; an annotation file whose document is missing from
    /// `documents/` is an error naming it, not skipped.
    pub fn common_documents(
        &self,
        annotators: &[String],
    ) -> Result<Vec<AnnotatedDocument>, ProjectError> {
        let mut common: Option<BTreeSet<String>> = None;
        for a in annotators {
            let ids: BTreeSet<String> = self.annotated_ids(a)?.into_iter().collect();
            common = Some(match common {
                None => ids,
                Some(c) => c.intersection(&ids).cloned().collect(),
            });
        }
        let ids: Vec<String> = common.unwrap_or_default().into_iter().collect();
        // Each document is parsed once for all its annotators' files, documents on every core.
        let loaded = super::parallel::map_in_order(
            &ids,
            |id| -> Result<AnnotatedDocument, ProjectError> {
                let document = self.load_document(id)?;
                let mut sets = Vec::with_capacity(annotators.len());
                for a in annotators {
                    let role = FileRole::Annotation {
                        annotator: a.clone(),
                        doc_id: id.clone(),
                    };
                    // Listed a moment ago; a file removed since is reported, not skipped.
                    let set =
                        self.load_set_of(&role, &document)?
                            .ok_or_else(|| ProjectError::Io {
                                path: self
                                    .annotation_path(a, id)
                                    .map_or_else(|_| id.clone(), |p| p.display().to_string()),
                                source: std::io::ErrorKind::NotFound.into(),
                            })?;
                    sets.push(set);
                }
                Ok(AnnotatedDocument { document, sets })
            },
            &mut |_| {},
        );
        let out = loaded.into_iter().collect::<Result<Vec<_>, _>>()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Schema;

    fn set(doc: &str, annotator: &str) -> AnnotationSet {
        AnnotationSet::new(doc, annotator, Schema::default_news().reference())
    }

    #[test]
    fn common_documents_are_those_every_annotator_has() {
        let dir = tempfile::tempdir().unwrap();
        let p = Project::init(dir.path(), Some("p"), None).unwrap();
        for id in ["a", "b", "c"] {
            p.save_document(&Document::new(id, format!("Text of {id}.")))
                .unwrap();
        }
        let doc = |id: &str| p.load_document(id).unwrap();
        // alice: a, b, c; bob: c, a; carol: b.
        for (who, ids) in [
            ("alice", ["a", "b", "c"].as_slice()),
            ("bob", &["c", "a"]),
            ("carol", &["b"]),
        ] {
            for id in ids {
                p.save_annotations(&doc(id), &set(id, who)).unwrap();
            }
        }
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let common = p.common_documents(&names(&["bob", "alice"])).unwrap();
        let ids: Vec<&str> = common.iter().map(|d| d.document.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        for d in &common {
            let who: Vec<&str> = d.sets.iter().map(|s| s.annotator.as_str()).collect();
            assert_eq!(who, ["bob", "alice"], "sets in the order asked for");
        }
        assert!(p
            .common_documents(&names(&["bob", "carol"]))
            .unwrap()
            .is_empty());
        assert!(p.common_documents(&[]).unwrap().is_empty());

        // An annotation file without its document is reported.
        std::fs::remove_file(p.documents_dir().join("c.json")).unwrap();
        let e = p
            .common_documents(&names(&["alice", "bob"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("\"c\""), "{e}");
    }
}
