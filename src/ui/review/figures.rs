//! The agreement panel: the document's figures (computed when the chosen annotators change)
//! and the project's (over every document all chosen annotators have, computed on a worker
//! thread so the window never waits), with bar charts ([`charts`]) of per-stance F1 and of
//! per-document kappa, and the stance confusion over matched claims as a heat map
//! ([`heatmap`]).

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, TryRecvError};

use crate::model::AnnotationSet;
use crate::project::Project;
use crate::review::agreement::{agree, Agreement, DocumentAnnotations};
use crate::review::confusion::{confusion, Confusion};
use crate::review::Score;

use super::{charts, heatmap, Review};

/// The project figures: not asked for yet, being computed, or done (or failed).
#[derive(Default)]
enum ProjectFigures {
    #[default]
    Idle,
    Running(Receiver<Result<(Agreement, Confusion), String>>),
    Done(Result<Agreement, String>, Option<Box<Confusion>>),
}

/// Cached figures, keyed by the chosen annotators.
#[derive(Default)]
pub struct Figures {
    key: Vec<String>,
    document: Option<Agreement>,
    document_confusion: Option<Confusion>,
    project: ProjectFigures,
}

impl Figures {
    /// Recomputes the document figures and restarts the project computation when the chosen
    /// annotators changed; collects the worker's answer when it is ready.
    pub fn update(
        &mut self,
        root: &Path,
        names: &[String],
        sets: &[&AnnotationSet],
        doc: &crate::model::Document,
    ) {
        if self.key != names || self.document.is_none() {
            self.key = names.to_vec();
            let input = [DocumentAnnotations {
                document: doc,
                sets: sets.to_vec(),
            }];
            self.document = (names.len() >= 2).then(|| agree(names, &input));
            self.document_confusion = (names.len() >= 2).then(|| confusion(names, &input));
            self.project = if names.len() >= 2 {
                ProjectFigures::Running(spawn(root.to_path_buf(), names.to_vec()))
            } else {
                ProjectFigures::Idle
            };
        }
        if let ProjectFigures::Running(rx) = &self.project {
            match rx.try_recv() {
                Ok(Ok((a, c))) => self.project = ProjectFigures::Done(Ok(a), Some(Box::new(c))),
                Ok(Err(e)) => self.project = ProjectFigures::Done(Err(e), None),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.project = ProjectFigures::Done(
                        Err("the agreement computation stopped unexpectedly".into()),
                        None,
                    )
                }
            }
        }
    }

    pub fn document(&self) -> Option<&Agreement> {
        self.document.as_ref()
    }

    /// The stance confusion on this document.
    pub fn document_confusion(&self) -> Option<&Confusion> {
        self.document_confusion.as_ref()
    }

    /// The stance confusion over the project's common documents, once computed.
    pub fn project_confusion(&self) -> Option<&Confusion> {
        match &self.project {
            ProjectFigures::Done(_, c) => c.as_deref(),
            _ => None,
        }
    }

    /// The project figures once computed (`None` while running).
    pub fn project(&self) -> Option<&Result<Agreement, String>> {
        match &self.project {
            ProjectFigures::Done(r, _) => Some(r),
            _ => None,
        }
    }

    pub fn running(&self) -> bool {
        matches!(self.project, ProjectFigures::Running(_))
    }
}

fn spawn(root: PathBuf, names: Vec<String>) -> Receiver<Result<(Agreement, Confusion), String>> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        // The receiver may be gone (annotators changed again): nothing to do then.
        let _ = tx.send(project_report(&root, &names));
    });
    rx
}

/// The agreement report and the stance confusion over every document of the project that all
/// `names` have annotated.
pub fn project_report(root: &Path, names: &[String]) -> Result<(Agreement, Confusion), String> {
    let project = Project::open(root).map_err(|e| e.to_string())?;
    let loaded = project.common_documents(names).map_err(|e| e.to_string())?;
    let docs: Vec<DocumentAnnotations> = loaded
        .iter()
        .map(|d| DocumentAnnotations {
            document: &d.document,
            sets: d.sets.iter().collect(),
        })
        .collect();
    Ok((agree(names, &docs), confusion(names, &docs)))
}

fn score(ui: &mut egui::Ui, s: Score) {
    match s {
        Score::Value(v) => {
            ui.monospace(format!("{v:.3}"));
        }
        Score::Undefined(why) => {
            ui.weak("n/a").on_hover_text(why.reason());
        }
    }
}

/// The pairwise table and the overall figures of a report.
fn report_table(ui: &mut egui::Ui, id: &str, a: &Agreement) {
    // Tight columns: the seven of them fit the review panel.
    egui::Grid::new(id)
        .striped(true)
        .spacing([6.0, 4.0])
        .show(ui, |ui| {
            for h in [
                "pair",
                "κ",
                "F1 exact",
                "F1 overlap",
                "source",
                "target",
                "cue",
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for p in &a.pairs {
                ui.label(format!("{}/{}", p.a, p.b));
                for s in [
                    p.cohen_kappa,
                    p.span_f1_exact,
                    p.span_f1_overlap,
                    p.source_agreement,
                    p.target_agreement,
                    p.cue_agreement,
                ] {
                    score(ui, s);
                }
                ui.end_row();
            }
        });
    ui.horizontal_wrapped(|ui| {
        ui.label("Fleiss' κ");
        score(ui, a.fleiss_kappa);
        ui.label("  Krippendorff's α");
        score(ui, a.krippendorff_alpha);
        ui.label("  α_U");
        score(ui, a.alpha_u.overall);
    });
}

/// The agreement panel.
pub fn panel(ui: &mut egui::Ui, review: &Review, dark: bool) {
    let f = &review.figures;
    let schema = review.project.schema();
    let stance_name = |id: &str| schema.stance(id).map_or(id.to_owned(), |s| s.name.clone());
    egui::ScrollArea::vertical()
        .id_salt("agreement")
        .show(ui, |ui| {
            ui.heading(format!("This document ({})", review.doc_id()));
            match f.document() {
                Some(a) => {
                    report_table(ui, "doc-agreement", a);
                    ui.label("Span F1 (overlap) per stance");
                    let bars = charts::label_bars(&a.pairs, stance_name);
                    charts::show(ui, "label-f1", &bars, dark);
                    if let Some(c) = f.document_confusion() {
                        confusion_map(ui, "doc-confusion", c, &stance_name);
                    }
                }
                None => {
                    ui.label("Choose at least two annotators.");
                }
            }
            ui.separator();
            ui.heading("Project");
            match f.project() {
                None if f.running() => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("computing…");
                    });
                }
                None => {}
                Some(Err(e)) => {
                    ui.colored_label(ui.visuals().error_fg_color, e);
                }
                Some(Ok(a)) => {
                    ui.label(format!(
                        "{} document{} all chosen annotators have: {}",
                        a.documents.len(),
                        if a.documents.len() == 1 { "" } else { "s" },
                        a.documents.join(", ")
                    ));
                    report_table(ui, "project-agreement", a);
                    ui.label("Span F1 (overlap) per stance");
                    let bars = charts::label_bars(&a.pairs, stance_name);
                    charts::show(ui, "project-label-f1", &bars, dark);
                    ui.label("Fleiss' κ per document");
                    let bars = charts::document_bars(&a.per_document);
                    charts::show(ui, "document-kappa", &bars, dark);
                    if let Some(c) = f.project_confusion() {
                        confusion_map(ui, "project-confusion", c, &stance_name);
                    }
                }
            }
        });
}

/// The heat map of the pooled stance confusion, with its agreement figures; collapsed by
/// default so the panel stays short.
fn confusion_map(ui: &mut egui::Ui, id: &str, c: &Confusion, name: &impl Fn(&str) -> String) {
    egui::CollapsingHeader::new("Stance confusion (matched claims)")
        .id_salt(id)
        .default_open(true)
        .show(ui, |ui| {
            let axes = match c.pairs.as_slice() {
                [p] => (p.a.clone(), p.b.clone()),
                _ => (
                    "first of each pair".to_owned(),
                    "second of each pair".to_owned(),
                ),
            };
            heatmap::show(ui, id, &c.pooled.matrix, name, (&axes.0, &axes.1));
            let share = |t: crate::review::spans::Tally| {
                let v = t
                    .share()
                    .value()
                    .map_or("n/a".into(), |v| format!("{v:.3}"));
                format!("{v} ({}/{})", t.agree, t.total)
            };
            ui.label(format!(
                "stance {}   via {}   entity links {}",
                share(c.pooled.stance),
                share(c.pooled.via),
                share(c.pooled.entity_links)
            ));
        });
}
