//! Checking every file of a project, and counting what it holds.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{safe_name, Project, ProjectError};
use crate::io::native;
use crate::model::{AnnotationSet, Problem, Registry, Status};

/// One problem in one file of a project: `PATH: MESSAGE` (the message may start with a place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The result of [`check`]: problems, and how many files were read.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub files: usize,
    pub problems: Vec<FileProblem>,
}

impl Project {
    /// Reads every document and annotation file (each annotator's and gold) and checks it
    /// against its document and the project schema. Never stops at the first problem.
    pub fn check(&self) -> Result<CheckReport, ProjectError> {
        let mut report = CheckReport::default();
        let registry = self.check_registry(&mut report)?;
        let ids = self.document_ids()?;
        for id in &ids {
            report.files += 1;
            if let Err(e) = self.load_document(id) {
                push_error(
                    &mut report,
                    &self.documents_dir().join(id).display().to_string(),
                    e,
                );
            }
        }
        for (annotator, id) in self.annotation_files()? {
            report.files += 1;
            let path = match &annotator {
                Some(a) => self.annotation_path(a, &id)?,
                None => self.gold_path(&id)?,
            };
            let shown = path.display().to_string();
            if !ids.contains(&id) {
                report.problems.push(FileProblem {
                    path: shown,
                    message: format!("no document {id:?} in documents/"),
                });
                continue;
            }
            let loaded = match &annotator {
                Some(a) => self.load_annotations(a, &id),
                None => self.load_gold(&id),
            };
            match loaded {
                Err(e) => push_error(&mut report, &shown, e),
                Ok(None) => {}
                Ok(Some(set)) => {
                    // Invariant: load_* succeeded, so the document loads too.
                    let doc = self.load_document(&id)?;
                    let file = native::NativeFile {
                        document: doc,
                        annotations: set,
                    };
                    let links = registry
                        .as_ref()
                        .map(|r| r.link_problems(&file.annotations));
                    for p in file
                        .validate(self.schema())
                        .into_iter()
                        .chain(links.into_iter().flatten())
                    {
                        report.problems.push(FileProblem {
                            path: shown.clone(),
                            message: p.to_string(),
                        });
                    }
                }
            }
        }
        Ok(report)
    }

    /// The links of `set` (one annotation file of this project) that do not reach the project's
    /// registry, for checking a single file. Empty without a registry, or when the registry
    /// cannot be read (checking the project reports that).
    pub fn registry_link_problems(&self, set: &AnnotationSet) -> Vec<Problem> {
        match self.read_registry_file() {
            Ok(Some((file, _))) => Registry::for_reporting(file.entities).link_problems(set),
            _ => Vec::new(),
        }
    }

    /// Checks the registry file into `report`; returns the registry to check links against
    /// (built whatever its problems, see [`Registry::for_reporting`]), `None` without one.
    fn check_registry(&self, report: &mut CheckReport) -> Result<Option<Registry>, ProjectError> {
        let path = self.registry_path();
        if !path.is_file() {
            return Ok(None);
        }
        report.files += 1;
        let shown = path.display().to_string();
        match self.registry_problems() {
            Ok(problems) => {
                for p in problems {
                    report.problems.push(FileProblem {
                        path: shown.clone(),
                        message: p.to_string(),
                    });
                }
            }
            Err(e @ ProjectError::Load(_)) => push_error(report, &shown, e),
            Err(e) => return Err(e),
        }
        Ok(match self.read_registry_file() {
            Ok(Some((file, _))) => Some(Registry::for_reporting(file.entities)),
            _ => None,
        })
    }

    /// Every annotation file of the project as (annotator, document id); `None` is gold.
    pub fn annotation_files(&self) -> Result<Vec<(Option<String>, String)>, ProjectError> {
        let mut files = Vec::new();
        for a in self.annotators()? {
            for id in self.annotated_ids(&a)? {
                files.push((Some(a.clone()), id));
            }
        }
        for id in self.gold_ids()? {
            files.push((None, id));
        }
        Ok(files)
    }

    /// Counts over the whole project.
    pub fn stats(&self) -> Result<ProjectStats, ProjectError> {
        let ids = self.document_ids()?;
        let mut stats = ProjectStats {
            documents: ids.len(),
            ..Default::default()
        };
        for a in self.annotators()? {
            safe_name("annotator", &a)?;
            let mut p = AnnotatorStats {
                documents_total: ids.len(),
                ..Default::default()
            };
            for d in self.status(&a)? {
                match d.status {
                    Status::Done => p.done += 1,
                    Status::InProgress => p.in_progress += 1,
                    Status::Todo => {}
                }
                if let Some(set) = self.load_annotations(&a, &d.id)? {
                    p.files += 1;
                    p.frames += set.frames().len();
                    for f in set.frames() {
                        *p.by_stance.entry(f.stance.clone()).or_default() += 1;
                        *stats.by_stance.entry(f.stance.clone()).or_default() += 1;
                    }
                }
            }
            stats.frames += p.frames;
            stats.annotators.insert(a, p);
        }
        for id in &ids {
            if let Some(g) = self.load_gold(id)? {
                stats.gold_documents += 1;
                stats.gold_frames += g.frames().len();
            }
        }
        Ok(stats)
    }
}

fn push_error(report: &mut CheckReport, path: &str, e: ProjectError) {
    let text = e.to_string();
    // Load errors already start with the path; keep one `PATH: ` prefix.
    let message = text
        .strip_prefix(&format!("{path}: "))
        .unwrap_or(&text)
        .to_owned();
    report.problems.push(FileProblem {
        path: path.into(),
        message,
    });
}

/// Per-annotator counts of a project.
#[derive(Debug, Default, Serialize)]
pub struct AnnotatorStats {
    pub files: usize,
    pub frames: usize,
    pub done: usize,
    pub in_progress: usize,
    pub documents_total: usize,
    pub by_stance: BTreeMap<String, usize>,
}

/// Counts over a project: documents, frames per stance and per annotator, progress.
#[derive(Debug, Default, Serialize)]
pub struct ProjectStats {
    pub documents: usize,
    pub frames: usize,
    pub by_stance: BTreeMap<String, usize>,
    pub annotators: BTreeMap<String, AnnotatorStats>,
    pub gold_documents: usize,
    pub gold_frames: usize,
}
