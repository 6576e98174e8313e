//! The stance map's filters: whose frames (all annotators, one, gold), stances, outlets, a
//! `published` date range and a document set. [`FilterForm`] is the form's state and the
//! [`Request`] it makes (no egui, tested without pixels); [`panel`] draws it.

use std::collections::BTreeSet;

use crate::corpus::map::published_date;
use crate::corpus::{MapFilter, Perspective};
use crate::model::Schema;

use super::job::{Loaded, Request};
use super::theme_colour;

/// Whose frames the map counts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Whose {
    /// Every annotator, each counted.
    #[default]
    All,
    Annotator(String),
    Gold,
}

/// The filter form. Unchecked items are kept as sets of what is left out, so that an item the
/// corpus gains later is shown by default.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterForm {
    pub whose: Whose,
    pub hidden_stances: BTreeSet<String>,
    pub hidden_outlets: BTreeSet<String>,
    /// `YYYY-MM-DD` or empty.
    pub from: String,
    pub until: String,
    /// Left-out documents.
    pub hidden_documents: BTreeSet<String>,
    /// The document list's search text.
    pub document_search: String,
}

impl FilterForm {
    /// The map this form asks for, or what is wrong with it (a date that is not one, a range
    /// that ends before it starts).
    pub fn request(&self, loaded: &Loaded, schema: &Schema) -> Result<Request, String> {
        let perspective = match &self.whose {
            Whose::All => Perspective::AllAnnotators,
            Whose::Annotator(a) => Perspective::Annotator(a.clone()),
            Whose::Gold => Perspective::Gold,
        };
        let date = |what: &str, v: &str| -> Result<_, String> {
            let v = v.trim();
            if v.is_empty() {
                return Ok(None);
            }
            published_date(v)
                .map(Some)
                .ok_or_else(|| format!("{what} {v:?} is not a date (YYYY-MM-DD)"))
        };
        let from = date("from", &self.from)?;
        let until = date("until", &self.until)?;
        if let (Some(f), Some(u)) = (from, until) {
            if f > u {
                return Err(format!("from {f} is after until {u}"));
            }
        }
        let stances = if self.hidden_stances.is_empty() {
            BTreeSet::new()
        } else {
            all_stances(loaded, schema)
                .into_iter()
                .filter(|s| !self.hidden_stances.contains(s))
                .collect()
        };
        let outlets = if self.hidden_outlets.is_empty() {
            BTreeSet::new()
        } else {
            loaded
                .outlets
                .iter()
                .filter(|o| !self.hidden_outlets.contains(*o))
                .cloned()
                .collect()
        };
        let documents = (!self.hidden_documents.is_empty()).then(|| {
            loaded
                .corpus
                .documents
                .iter()
                .filter(|d| !self.hidden_documents.contains(&d.id))
                .map(|d| d.id.clone())
                .collect()
        });
        Ok(Request {
            perspective,
            filter: MapFilter {
                stances,
                annotators: BTreeSet::new(),
                outlets,
                from,
                until,
                documents,
            },
        })
    }
}

/// The schema's stances and any others the corpus uses, schema order first.
pub fn all_stances(loaded: &Loaded, schema: &Schema) -> Vec<String> {
    let mut out: Vec<String> = schema.stances.iter().map(|s| s.id.clone()).collect();
    for s in &loaded.stances {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

/// Flips `item` in a set of left-out items.
fn toggle(set: &mut BTreeSet<String>, item: &str, shown: bool) {
    if shown {
        set.remove(item);
    } else {
        set.insert(item.to_owned());
    }
}

/// The filter panel. `problem` is what is wrong with the form, shown under it.
pub fn panel(
    ui: &mut egui::Ui,
    form: &mut FilterForm,
    loaded: &Loaded,
    schema: &Schema,
    dark: bool,
    problem: Option<&str>,
) {
    ui.strong("Whose frames");
    ui.radio_value(&mut form.whose, Whose::All, "All annotators");
    for a in &loaded.annotators {
        ui.radio_value(&mut form.whose, Whose::Annotator(a.clone()), a.as_str());
    }
    ui.add_enabled_ui(loaded.has_gold, |ui| {
        ui.radio_value(&mut form.whose, Whose::Gold, "Gold");
    });
    ui.separator();
    ui.horizontal(|ui| {
        ui.strong("Stances");
        if ui.small_button("all").clicked() {
            form.hidden_stances.clear();
        }
    });
    for id in all_stances(loaded, schema) {
        let (name, colour) = match schema.stance(&id) {
            Some(s) => (s.name.clone(), theme_colour(s.rgb(), dark)),
            None => (id.clone(), theme_colour([128, 128, 128], dark)),
        };
        let mut shown = !form.hidden_stances.contains(&id);
        let text = egui::RichText::new(name).color(colour);
        if ui.checkbox(&mut shown, text).changed() {
            toggle(&mut form.hidden_stances, &id, shown);
        }
    }
    if !loaded.outlets.is_empty() {
        ui.separator();
        ui.horizontal(|ui| {
            ui.strong("Outlets");
            if ui.small_button("all").clicked() {
                form.hidden_outlets.clear();
            }
        });
        for o in &loaded.outlets {
            let mut shown = !form.hidden_outlets.contains(o);
            if ui.checkbox(&mut shown, o.as_str()).changed() {
                toggle(&mut form.hidden_outlets, o, shown);
            }
        }
    }
    ui.separator();
    ui.strong("Published");
    if let Some((first, last)) = loaded.dates {
        ui.weak(format!("{first} to {last}"));
    }
    egui::Grid::new("map-dates").num_columns(2).show(ui, |ui| {
        ui.label("from");
        ui.add(
            egui::TextEdit::singleline(&mut form.from)
                .hint_text("YYYY-MM-DD")
                .desired_width(100.0),
        );
        ui.end_row();
        ui.label("until");
        ui.add(
            egui::TextEdit::singleline(&mut form.until)
                .hint_text("YYYY-MM-DD")
                .desired_width(100.0),
        );
        ui.end_row();
    });
    if let Some(p) = problem {
        ui.colored_label(ui.visuals().error_fg_color, p);
    }
    ui.separator();
    documents(ui, form, loaded);
}

/// The document set: a searchable list of checkboxes (only visible rows are laid out).
fn documents(ui: &mut egui::Ui, form: &mut FilterForm, loaded: &Loaded) {
    let docs = &loaded.corpus.documents;
    let header = format!(
        "Documents ({} of {})",
        docs.len() - form.hidden_documents.len(),
        docs.len()
    );
    egui::CollapsingHeader::new(header)
        .id_salt("map-documents")
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui.small_button("all").clicked() {
                    form.hidden_documents.clear();
                }
                if ui.small_button("none").clicked() {
                    form.hidden_documents = docs.iter().map(|d| d.id.clone()).collect();
                }
            });
            ui.add(
                egui::TextEdit::singleline(&mut form.document_search)
                    .hint_text("id or title contains")
                    .desired_width(f32::INFINITY),
            );
            let needle = form.document_search.trim().to_lowercase();
            let shown: Vec<usize> = (0..docs.len())
                .filter(|&i| {
                    let d = &docs[i];
                    needle.is_empty()
                        || d.id.to_lowercase().contains(&needle)
                        || d.title
                            .as_ref()
                            .is_some_and(|t| t.to_lowercase().contains(&needle))
                })
                .collect();
            let row_h = ui.spacing().interact_size.y;
            egui::ScrollArea::vertical()
                .id_salt("map-doc-list")
                .max_height(240.0)
                .show_rows(ui, row_h, shown.len(), |ui, range| {
                    for &i in &shown[range] {
                        let d = &docs[i];
                        let mut on = !form.hidden_documents.contains(&d.id);
                        let r = ui.checkbox(&mut on, d.id.as_str());
                        let r = match &d.title {
                            Some(t) => r.on_hover_text(t),
                            None => r,
                        };
                        if r.changed() {
                            toggle(&mut form.hidden_documents, &d.id, on);
                        }
                    }
                });
        });
}
