//! View ▸ Stance map, and opening a document at a frame listed in it.
//!
//! The map view belongs to the open project; it is kept while the user visits documents, so
//! showing it again finds it as it was (a view of another project is replaced). A frame is
//! opened in the file it comes from: the current annotator's as from the document list (saving
//! the open document first), another annotator's or gold as File ▸ Open would open it.

use crate::project::FileRole;

use super::super::app::App;
use super::super::stance_map::StanceMapView;

impl App {
    /// Shows the stance map of the open project, or goes back to the document.
    pub(super) fn toggle_stance_map(&mut self) {
        let Some(st) = &self.project else {
            self.status = "the stance map is of a project: File ▸ Open project…".into();
            return;
        };
        if self.map_shown() {
            if let Some(m) = &mut self.stance_map {
                m.shown = false;
            }
            return;
        }
        match &mut self.stance_map {
            Some(m) if m.root == st.project.root() => {
                m.shown = true;
                if m.stale {
                    m.reload(&st.project);
                }
            }
            _ => self.stance_map = Some(StanceMapView::new(&st.project)),
        }
    }

    /// Opens `document` of `annotator` (gold: `None`) with `frame` selected and scrolled to.
    pub(super) fn open_frame(&mut self, document: &str, annotator: Option<&str>, frame: &str) {
        let Some(st) = &self.project else { return };
        let whose = annotator.unwrap_or("gold");
        if annotator == Some(self.annotator.as_str()) {
            self.open_document(document);
        } else {
            let role = match annotator {
                Some(a) => FileRole::Annotation {
                    annotator: a.to_owned(),
                    doc_id: document.to_owned(),
                },
                None => FileRole::Gold {
                    doc_id: document.to_owned(),
                },
            };
            let path = match st.project.annotation_file_path(&role) {
                Ok(p) => p,
                Err(e) => {
                    self.errors.push(e.to_string());
                    return;
                }
            };
            if !self.save_if_modified() {
                return;
            }
            self.open_path(&path);
        }
        let found = self
            .session
            .as_ref()
            .is_some_and(|s| s.document.id == document && s.annotations().frame(frame).is_some());
        if found {
            self.select_frame(Some(frame.to_owned()));
            self.status = format!("opened {document} ({whose}) at frame {frame}");
        } else if self.load_error.is_none() {
            self.errors.push(format!(
                "{document} ({whose}): frame {frame} is not in the file any more; reload the stance map"
            ));
        }
    }
}
