//! Registry changes written to the project: all or nothing, one write per file.
//!
//! [`Project::load_linkable`] reads every annotation file (each annotator's, then gold) with
//! the bytes read. [`Project::commit_relink`] takes a [`RelinkPlan`] made from them and:
//!
//! 1. applies each file's transaction to a copy of its annotations;
//! 2. refuses, writing nothing, when a changed file would have a problem it did not have
//!    before (model validation against its document and the schema, and links that do not
//!    reach the new registry);
//! 3. writes each changed file once (guarded: a file that changed on disk since it was read
//!    stops the commit), then the registry when it changed (guarded the same way);
//! 4. if any write fails, writes the files already written back to the bytes read, so the
//!    project is as it was; the error names what failed (and any file it could not restore).

use std::collections::BTreeSet;
use std::path::PathBuf;

use super::{FileRole, Overwrite, Project, ProjectError};
use crate::corpus::relink::{FileRef, RelinkPlan};
use crate::io::stamp::DiskStamp;
use crate::model::{validate, AnnotationSet, Document, Registry};

/// One annotation file as read, for a registry change.
#[derive(Debug, Clone)]
pub struct LinkableFile {
    pub file: FileRef,
    pub path: PathBuf,
    pub document: Document,
    pub annotations: AnnotationSet,
    /// The bytes read, to restore the file if a later write of the same change fails.
    bytes: Vec<u8>,
    stamp: DiskStamp,
}

/// What a commit wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CommitReport {
    /// The annotation files written, in the order of the plan.
    pub files: Vec<PathBuf>,
    /// Frames whose links changed.
    pub frames: usize,
    /// Whether the registry file was written (not when the change left it as it was).
    pub registry: bool,
}

impl Project {
    /// Every annotation file (annotators' in name order, then gold), each with the bytes read.
    pub fn load_linkable(&self) -> Result<Vec<LinkableFile>, ProjectError> {
        let mut out = Vec::new();
        for (annotator, id) in self.annotation_files()? {
            let role = match &annotator {
                Some(a) => FileRole::Annotation {
                    annotator: a.clone(),
                    doc_id: id.clone(),
                },
                None => FileRole::Gold { doc_id: id.clone() },
            };
            let path = self.annotation_file_path(&role)?;
            let Some((loaded, stamp)) = self.load_file(&role)? else {
                continue;
            };
            let annotations = loaded.annotations;
            let bytes = std::fs::read(&path).map_err(super::io_err(&path))?;
            if DiskStamp::of_bytes(&bytes) != stamp {
                return Err(ProjectError::Invalid {
                    path: path.display().to_string(),
                    message: "the file changed while it was being read; run the command again"
                        .into(),
                });
            }
            out.push(LinkableFile {
                file: FileRef {
                    annotator,
                    document: id.clone(),
                },
                path,
                document: self.load_document(&id)?,
                annotations,
                bytes,
                stamp,
            });
        }
        Ok(out)
    }

    /// Checks and writes `plan` (see the module docs). `before` is the registry the plan was
    /// made from, `registry_stamp` the stamp of its file (`None`: there was none).
    pub fn commit_relink(
        &self,
        files: &[LinkableFile],
        before: &Registry,
        plan: &RelinkPlan,
        registry_stamp: Option<DiskStamp>,
    ) -> Result<CommitReport, ProjectError> {
        let mut changed: Vec<(&LinkableFile, AnnotationSet)> = Vec::new();
        let mut refused = Vec::new();
        let mut report = CommitReport::default();
        for (i, tx) in &plan.files {
            let f = &files[*i];
            let mut next = f.annotations.clone();
            tx.apply(&mut next).map_err(|e| ProjectError::Invalid {
                path: f.path.display().to_string(),
                message: format!("the change does not apply: {e}"),
            })?;
            let old = self.problems(&f.annotations, &f.document, before);
            for p in self.problems(&next, &f.document, &plan.registry) {
                if !old.contains(&p) {
                    refused.push(format!("{}: {p}", f.path.display()));
                }
            }
            report.frames += tx.ops.iter().filter(|op| op.frame_id().is_some()).count();
            changed.push((f, next));
        }
        if !refused.is_empty() {
            return Err(ProjectError::Invalid {
                path: self.registry_path().display().to_string(),
                message: format!(
                    "the change was refused and nothing was written; it would leave:\n{}",
                    refused.join("\n")
                ),
            });
        }
        let mut written: Vec<&LinkableFile> = Vec::new();
        let result = (|| {
            for (f, next) in &changed {
                self.write_annotation_file(
                    &f.path,
                    &f.document,
                    next,
                    Overwrite::IfUnchanged(Some(f.stamp)),
                )?;
                written.push(f);
            }
            if plan.registry == *before && registry_stamp.is_some() {
                return Ok(false);
            }
            self.save_registry(&plan.registry, registry_stamp)
                .map(|_| true)
        })();
        match result {
            Ok(wrote) => report.registry = wrote,
            Err(e) => return Err(restore(&written, e)),
        }
        report.files = changed.iter().map(|(f, _)| f.path.clone()).collect();
        Ok(report)
    }

    /// The problems of a set as strings: validation against its document and the schema, and
    /// links that do not reach `registry`.
    fn problems(
        &self,
        set: &AnnotationSet,
        doc: &Document,
        registry: &Registry,
    ) -> BTreeSet<String> {
        validate(set, doc, self.schema())
            .into_iter()
            .chain(registry.link_problems(set))
            .map(|p| p.to_string())
            .collect()
    }
}

/// Writes the files of a failed commit back to the bytes read; the error says what failed and
/// which files (if any) could not be restored.
fn restore(written: &[&LinkableFile], cause: ProjectError) -> ProjectError {
    let mut lost = Vec::new();
    for f in written.iter().rev() {
        if let Err(e) = write_guarded_restore(f) {
            lost.push(format!("{}: {e}", f.path.display()));
        }
    }
    if lost.is_empty() {
        return cause;
    }
    ProjectError::Invalid {
        path: cause.to_string(),
        message: format!(
            "the change stopped there, and these files written before could not be restored to \
             their previous content:\n{}",
            lost.join("\n")
        ),
    }
}

fn write_guarded_restore(f: &LinkableFile) -> std::io::Result<()> {
    crate::io::atomic::write_atomic(&f.path, &f.bytes)
}
