//! Training mode (`stancemark DIR --train`): when the annotator marks a document done and the
//! project has gold for it, a window shows where gold differs — classified as Review mode
//! classifies disagreements ([`crate::review::feedback`]) — each with the guideline of its stance,
//! and the document's score ([`crate::review::training`]).

use crate::model::{AnnotationSet, Document, Guidelines, Schema};
use crate::review::feedback::{feedback, Feedback, FeedbackItem, GoldAndAnnotator, Missing};
use crate::review::training::{score, TrainingScore};
use crate::review::Kind;

/// The feedback window's contents for one document.
pub struct TrainingView {
    pub document: String,
    pub feedback: Feedback,
    pub score: TrainingScore,
    guidelines: Guidelines,
    markdown: egui_commonmark::CommonMarkCache,
}

impl TrainingView {
    pub fn new(
        document: &Document,
        gold: &AnnotationSet,
        mine: &AnnotationSet,
        guidelines: Guidelines,
    ) -> TrainingView {
        let docs = [GoldAndAnnotator {
            document,
            gold,
            annotator: mine,
        }];
        TrainingView {
            document: document.id.clone(),
            feedback: feedback(&mine.annotator, &docs),
            score: score(&mine.annotator, &docs),
            guidelines,
            markdown: egui_commonmark::CommonMarkCache::default(),
        }
    }
}

fn headline(item: &FeedbackItem) -> String {
    match (item.kind, item.missing) {
        (Kind::Missing, Some(Missing::FromAnnotator)) => {
            "missing: a claim of gold you did not mark".into()
        }
        (Kind::Missing, _) => "missing: your claim is not in gold".into(),
        (Kind::Attribution, _) => format!("attribution: {} differ", item.fields.join(", ")),
        (k, _) => k.name().to_owned(),
    }
}

/// The window; closing it drops the view.
pub fn window(ctx: &egui::Context, view: &mut Option<TrainingView>, schema: &Schema) {
    let Some(v) = view else { return };
    let mut open = true;
    let name = |id: &str| schema.stance(id).map_or(id.to_owned(), |s| s.name.clone());
    let pct = |s: crate::review::Score| {
        s.value()
            .map_or("n/a".into(), |x| format!("{:.0}%", x * 100.0))
    };
    egui::Window::new(format!("Training feedback — {}", v.document))
        .open(&mut open)
        .default_size([560.0, 600.0])
        .show(ctx, |ui| {
            ui.label(format!(
                "span F1 {}   stance accuracy {}   attribution {}   ({} of gold's {} claims matched)",
                pct(v.score.span_f1),
                pct(v.score.stance_accuracy),
                pct(v.score.attribution_agreement),
                v.score.matched,
                v.score.gold_claims
            ));
            if v.feedback.items.is_empty() {
                ui.strong("No differences: every claim is annotated as in gold.");
            }
            egui::ScrollArea::vertical().id_salt("training").show(ui, |ui| {
                for (n, item) in v.feedback.items.iter().enumerate() {
                    ui.separator();
                    ui.strong(format!("{}. {}", n + 1, headline(item)));
                    for (side, f) in [("gold", &item.gold), ("yours", &item.annotator)] {
                        if let Some(f) = f {
                            ui.label(format!(
                                "{side}: {} “{}”",
                                name(&f.stance),
                                crate::ui::describe::short(&f.claim, 160)
                            ));
                        }
                    }
                    if let Some(g) = v.guidelines.stance(item.stance()) {
                        egui::CollapsingHeader::new(format!("Guideline — {}", name(item.stance())))
                            .id_salt(("training-guideline", n))
                            .show(ui, |ui| {
                                egui_commonmark::CommonMarkViewer::new().show(ui, &mut v.markdown, g);
                            });
                    }
                }
            });
        });
    if !open {
        *view = None;
    }
}
