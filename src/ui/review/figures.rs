//! The agreement panel: the document's figures (computed when the chosen annotators change)
//! and the project's (over every document all chosen annotators have, computed on a worker
//! thread so the window never waits), with egui_plot bar charts of per-label F1 and of
//! per-document kappa.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, TryRecvError};

use egui_plot::{Bar, BarChart, Legend, Plot};

use crate::model::AnnotationSet;
use crate::project::Project;
use crate::review::agreement::{agree, Agreement, DocumentAnnotations};
use crate::review::Score;

use super::Review;

/// The project figures: not asked for yet, being computed, or done (or failed).
#[derive(Default)]
enum ProjectFigures {
    #[default]
    Idle,
    Running(Receiver<Result<Agreement, String>>),
    Done(Result<Agreement, String>),
}

/// Cached figures, keyed by the chosen annotators.
#[derive(Default)]
pub struct Figures {
    key: Vec<String>,
    document: Option<Agreement>,
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
            self.document = (names.len() >= 2).then(|| {
                agree(
                    names,
                    &[DocumentAnnotations {
                        document: doc,
                        sets: sets.to_vec(),
                    }],
                )
            });
            self.project = if names.len() >= 2 {
                ProjectFigures::Running(spawn(root.to_path_buf(), names.to_vec()))
            } else {
                ProjectFigures::Idle
            };
        }
        if let ProjectFigures::Running(rx) = &self.project {
            match rx.try_recv() {
                Ok(r) => self.project = ProjectFigures::Done(r),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.project = ProjectFigures::Done(Err(
                        "the agreement computation stopped unexpectedly".into(),
                    ))
                }
            }
        }
    }

    pub fn document(&self) -> Option<&Agreement> {
        self.document.as_ref()
    }

    /// The project figures once computed (`None` while running).
    pub fn project(&self) -> Option<&Result<Agreement, String>> {
        match &self.project {
            ProjectFigures::Done(r) => Some(r),
            _ => None,
        }
    }

    pub fn running(&self) -> bool {
        matches!(self.project, ProjectFigures::Running(_))
    }
}

fn spawn(root: PathBuf, names: Vec<String>) -> Receiver<Result<Agreement, String>> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        // The receiver may be gone (annotators changed again): nothing to do then.
        let _ = tx.send(project_report(&root, &names));
    });
    rx
}

/// The agreement report over every document of the project that all `names` have annotated.
pub fn project_report(root: &Path, names: &[String]) -> Result<Agreement, String> {
    let project = Project::open(root).map_err(|e| e.to_string())?;
    let loaded = project.common_documents(names).map_err(|e| e.to_string())?;
    let docs: Vec<DocumentAnnotations> = loaded
        .iter()
        .map(|d| DocumentAnnotations {
            document: &d.document,
            sets: d.sets.iter().collect(),
        })
        .collect();
    Ok(agree(names, &docs))
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
    egui::Grid::new(id).striped(true).show(ui, |ui| {
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

/// Grouped bars of span F1 (overlap) per stance label, one colour per pair.
fn label_chart(ui: &mut egui::Ui, a: &Agreement) {
    let labels: Vec<String> = a
        .pairs
        .first()
        .map(|p| p.per_label.keys().cloned().collect())
        .unwrap_or_default();
    let n = a.pairs.len().max(1) as f64;
    let width = 0.8 / n;
    let names = labels.clone();
    Plot::new("label-f1")
        .height(170.0)
        .legend(Legend::default())
        .include_y(0.0)
        .include_y(1.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(move |m, _| axis_name(&names, m.value))
        .show(ui, |plot| {
            for (p, pair) in a.pairs.iter().enumerate() {
                let bars: Vec<Bar> = labels
                    .iter()
                    .enumerate()
                    .filter_map(|(i, l)| {
                        let v = pair.per_label.get(l)?.f1_overlap.value()?;
                        let x = i as f64 - 0.4 + width * (p as f64 + 0.5);
                        Some(Bar::new(x, v).width(width * 0.95).name(l))
                    })
                    .collect();
                plot.bar_chart(BarChart::new(format!("{}/{}", pair.a, pair.b), bars));
            }
        });
}

/// Bars of Fleiss' κ per document (undefined ones are left out and named below).
fn document_chart(ui: &mut egui::Ui, a: &Agreement) {
    let names: Vec<String> = a.per_document.iter().map(|d| d.id.clone()).collect();
    let bars: Vec<Bar> = a
        .per_document
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            Some(
                Bar::new(i as f64, d.fleiss_kappa.value()?)
                    .width(0.6)
                    .name(&d.id),
            )
        })
        .collect();
    let axis = names.clone();
    Plot::new("document-kappa")
        .height(150.0)
        .include_y(0.0)
        .include_y(1.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .x_axis_formatter(move |m, _| axis_name(&axis, m.value))
        .show(ui, |plot| plot.bar_chart(BarChart::new("Fleiss' κ", bars)));
    for d in &a.per_document {
        if let Some(why) = d.fleiss_kappa.reason() {
            ui.weak(format!("{}: κ n/a ({})", d.id, why.reason()));
        }
    }
}

/// The name at an integer axis position, or nothing between names.
fn axis_name(names: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    names.get(i as usize).cloned().unwrap_or_default()
}

/// The agreement panel.
pub fn panel(ui: &mut egui::Ui, review: &Review) {
    let f = &review.figures;
    egui::ScrollArea::vertical()
        .id_salt("agreement")
        .show(ui, |ui| {
            ui.heading(format!("This document ({})", review.doc_id()));
            match f.document() {
                Some(a) => {
                    report_table(ui, "doc-agreement", a);
                    ui.label("Span F1 (overlap) per stance");
                    label_chart(ui, a);
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
                    ui.push_id("project-labels", |ui| label_chart(ui, a));
                    ui.label("Fleiss' κ per document");
                    document_chart(ui, a);
                }
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_names_only_at_whole_positions() {
        let n = vec!["a".to_owned(), "b".to_owned()];
        assert_eq!(axis_name(&n, 1.0), "b");
        assert_eq!(axis_name(&n, 0.5), "");
        assert_eq!(axis_name(&n, -1.0), "");
        assert_eq!(axis_name(&n, 7.0), "");
    }
}
