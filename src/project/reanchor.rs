//! Re-anchoring a project's annotation files after a document text was corrected.
//!
//! Every annotation file embeds the text it was made on. When `documents/<id>` holds a
//! different (corrected) text, loading the file is refused; [`Project::reanchor_all`] finds each
//! frame's quotes in the new text ([`crate::model::anchor`]) and returns the re-anchored sets —
//! moved frames flagged `moved`, frames that cannot be found kept as `orphaned` with their old
//! quotes — for `stancemark validate --reanchor` to report. Writing them (`--write`) goes
//! through an editing session, which takes each file's edit lock and re-anchors it again on its
//! own read ([`crate::session::TextChanged::Reanchor`]).

use std::path::PathBuf;

use super::{FileRole, Project, ProjectError};
use crate::io::native;
use crate::io::stamp::DiskStamp;
use crate::model::anchor::{reanchor_set, ReanchorReport};
use crate::model::{AnnotationSet, Document};

/// One annotation file re-anchored to its project document (in memory).
#[derive(Debug)]
pub struct ReanchoredFile {
    pub path: PathBuf,
    /// Whose file it is (an annotator's or gold).
    pub role: FileRole,
    pub document: Document,
    pub annotations: AnnotationSet,
    pub report: ReanchorReport,
    /// The stamp of the bytes read, so that saving refuses a file changed since.
    pub stamp: DiskStamp,
}

impl Project {
    /// Re-anchors every annotation file (annotators' and gold) whose embedded text differs from
    /// the project's document. Files that match are not returned. Nothing is written.
    pub fn reanchor_all(&self) -> Result<Vec<ReanchoredFile>, ProjectError> {
        let mut out = Vec::new();
        for (annotator, id) in self.annotation_files()? {
            let role = match annotator {
                Some(annotator) => FileRole::Annotation {
                    annotator,
                    doc_id: id.clone(),
                },
                None => FileRole::Gold { doc_id: id.clone() },
            };
            let path = self.annotation_file_path(&role)?;
            let (file, stamp) = native::load_stamped(&path)?;
            let document = self.load_document(&id)?;
            if file.document.text == document.text {
                continue;
            }
            let mut annotations = file.annotations;
            let (tx, report) = reanchor_set(&annotations, &document.text);
            tx.apply(&mut annotations)
                .map_err(|e| ProjectError::Invalid {
                    path: path.display().to_string(),
                    message: format!("re-anchoring failed: {e}"),
                })?;
            out.push(ReanchoredFile {
                path,
                role,
                document,
                annotations,
                report,
                stamp,
            });
        }
        Ok(out)
    }
}
