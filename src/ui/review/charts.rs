//! The agreement panel's charts: horizontal bars, one row per category named on the axis (every
//! stance, every document), one bar per series in each row, the legend above the plot (never
//! over the bars) and the exact value shown when a bar is hovered.
//!
//! [`Bars`] is the chart as data (rows, series, values, hover texts), built from an agreement
//! report without egui and tested without pixels; [`show`] draws it with egui_plot.

use egui_plot::{Bar, BarChart, GridInput, GridMark, Plot};

use crate::review::agreement::{DocumentAgreement, PairAgreement};

use super::super::theme::annotator_colour;

/// One series: its name (the legend's) and a value per row (`None`: undefined there).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A horizontal bar chart as data.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// What the value is ("span F1 (overlap)", "Fleiss' κ").
    pub measure: &'static str,
    /// Row names, top to bottom.
    pub rows: Vec<String>,
    pub series: Vec<Series>,
}

/// Span F1 (overlap) per stance: a row per stance any pair has (named by `name`, in the
/// reports' order of stance ids), a series per pair.
pub fn label_bars(pairs: &[PairAgreement], name: impl Fn(&str) -> String) -> Bars {
    let mut ids: Vec<&String> = pairs.iter().flat_map(|p| p.per_label.keys()).collect();
    ids.sort();
    ids.dedup();
    let series = pairs
        .iter()
        .map(|p| Series {
            name: format!("{}/{}", p.a, p.b),
            values: ids
                .iter()
                .map(|id| p.per_label.get(*id).and_then(|l| l.f1_overlap.value()))
                .collect(),
        })
        .collect();
    Bars {
        measure: "span F1 (overlap)",
        rows: ids.iter().map(|id| name(id)).collect(),
        series,
    }
}

/// Fleiss' κ per document: a row per document, one series.
pub fn document_bars(docs: &[DocumentAgreement]) -> Bars {
    Bars {
        measure: "Fleiss' κ",
        rows: docs.iter().map(|d| d.id.clone()).collect(),
        series: vec![Series {
            name: "Fleiss' κ".into(),
            values: docs.iter().map(|d| d.fleiss_kappa.value()).collect(),
        }],
    }
}

/// Thickness of one bar and the gap between rows, in plot units (a row is 1 unit).
const ROW_FILL: f64 = 0.8;

impl Bars {
    /// The plot's y of row `row`'s middle: the first row at the top.
    fn row_y(&self, row: usize) -> f64 {
        (self.rows.len() - 1 - row) as f64
    }

    /// The y of series `s`'s bar in row `row`, and the bars' thickness.
    fn bar_y(&self, row: usize, s: usize) -> (f64, f64) {
        let n = self.series.len().max(1) as f64;
        let width = ROW_FILL / n;
        let top = self.row_y(row) + ROW_FILL / 2.0;
        (top - width * (s as f64 + 0.5), width)
    }

    /// The row name at plot position `y`, if it is a row's middle.
    fn row_at(&self, y: f64) -> Option<&str> {
        let i = y.round();
        if (y - i).abs() > 1e-6 || i < 0.0 || i as usize >= self.rows.len() {
            return None;
        }
        let row = self.rows.len() - 1 - i as usize;
        Some(&self.rows[row])
    }

    /// The (row, series) of the bar at plot position `y`, if any.
    pub fn bar_at(&self, y: f64) -> Option<(usize, usize)> {
        (0..self.rows.len())
            .flat_map(|row| (0..self.series.len()).map(move |s| (row, s)))
            .find(|&(row, s)| {
                let (by, width) = self.bar_y(row, s);
                (y - by).abs() <= width / 2.0
            })
    }

    /// What hovering the bar of series `s` in row `row` shows.
    pub fn hover_text(&self, row: usize, s: usize) -> String {
        let value = self.series[s].values[row].map_or("n/a".to_owned(), |v| format!("{v:.3}"));
        if self.series.len() == 1 {
            format!("{}\n{}: {value}", self.rows[row], self.measure)
        } else {
            format!(
                "{}\n{}\n{}: {value}",
                self.rows[row], self.series[s].name, self.measure
            )
        }
    }

    /// The values' range on the axis: 0 … 1, widened for negative values (κ can be).
    fn value_range(&self) -> (f64, f64) {
        let min = self
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten())
            .fold(0.0f64, |m, &v| m.min(v));
        (min, 1.0)
    }
}

/// Colour of series `s` (the review's palette, so pairs read apart in both themes).
fn series_colour(s: usize, dark: bool) -> egui::Color32 {
    annotator_colour(s, dark)
}

/// Draws `bars`: the legend (when there are several series) above the plot, the rows named on
/// the axis, the value of the bar under the pointer in a tooltip, then the undefined values.
pub fn show(ui: &mut egui::Ui, id: &str, bars: &Bars, dark: bool) {
    if bars.rows.is_empty() {
        ui.weak("nothing to chart");
        return;
    }
    if bars.series.len() > 1 {
        legend(ui, bars, dark);
    }
    let axis_width = axis_width(ui, bars);
    let row_height = 10.0 + 12.0 * bars.series.len() as f32;
    let (min, max) = bars.value_range();
    let rows = bars.rows.len();
    let axis = bars.clone();
    let shown = Plot::new(id)
        .height(row_height * rows as f32 + 36.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        // The plot's own hover text is drawn at the bar's end, where the plot's edge cuts it:
        // the value is shown in a tooltip at the pointer instead (below).
        .show_x(false)
        .show_y(false)
        .include_x(min)
        .include_x(max)
        .include_y(-0.5)
        .include_y(rows as f64 - 0.5)
        .y_axis_min_width(axis_width)
        // A grid mark (so an axis label) at every row.
        .y_grid_spacer(move |input: GridInput| {
            let (lo, hi) = input.bounds;
            (0..rows)
                .map(|i| i as f64)
                .filter(|&y| lo <= y && y <= hi)
                .map(|value| GridMark {
                    value,
                    step_size: 1.0,
                })
                .collect()
        })
        .y_axis_formatter(move |mark, _| axis.row_at(mark.value).unwrap_or("").to_owned())
        .show(ui, |plot| {
            for s in 0..bars.series.len() {
                plot.bar_chart(series_chart(bars, s, dark));
            }
        });
    let hovered = shown
        .response
        .hover_pos()
        .and_then(|p| bars.bar_at(shown.transform.value_from_position(p).y));
    if let Some((row, s)) = hovered {
        shown
            .response
            .on_hover_text_at_pointer(bars.hover_text(row, s));
    }
    undefined_values(ui, bars);
}

/// A swatch and the name of each series.
fn legend(ui: &mut egui::Ui, bars: &Bars, dark: bool) {
    ui.horizontal_wrapped(|ui| {
        for (s, series) in bars.series.iter().enumerate() {
            let (r, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(r, 2.0, series_colour(s, dark));
            ui.label(&series.name);
        }
    });
}

/// Room for the longest row name on the axis (at most half the width).
fn axis_width(ui: &egui::Ui, bars: &Bars) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let widest = bars
        .rows
        .iter()
        .map(|r| {
            ui.fonts_mut(|f| {
                f.layout_no_wrap(r.clone(), font.clone(), egui::Color32::WHITE)
                    .size()
                    .x
            })
        })
        .fold(0.0f32, f32::max);
    widest.min(ui.available_width() * 0.5) + 8.0
}

/// The bars of series `s`, in its colour, horizontal.
fn series_chart(bars: &Bars, s: usize, dark: bool) -> BarChart {
    let colour = series_colour(s, dark);
    let series = &bars.series[s];
    let items: Vec<Bar> = series
        .values
        .iter()
        .enumerate()
        .filter_map(|(row, v)| {
            let (y, width) = bars.bar_y(row, s);
            Some(
                Bar::new(y, (*v)?)
                    .width(width * 0.9)
                    .fill(colour.gamma_multiply(0.55))
                    .stroke(egui::Stroke::new(1.0, colour)),
            )
        })
        .collect();
    BarChart::new(series.name.clone(), items)
        .color(colour)
        .horizontal()
}

/// Undefined values are named under the chart, not silently missing from it.
fn undefined_values(ui: &mut egui::Ui, bars: &Bars) {
    for (s, series) in bars.series.iter().enumerate() {
        for (row, v) in series.values.iter().enumerate() {
            if v.is_none() {
                ui.weak(bars.hover_text(row, s).replace('\n', " · "));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::agreement::LabelF1;
    use crate::review::{Score, Undefined};
    use std::collections::BTreeMap;

    fn pair(a: &str, b: &str, f1: &[(&str, Score)]) -> PairAgreement {
        let na = Score::Undefined(Undefined::NoUnits);
        PairAgreement {
            a: a.into(),
            b: b.into(),
            cohen_kappa: na,
            span_f1_exact: na,
            span_f1_overlap: na,
            span_f1_unlabeled_overlap: na,
            source_agreement: na,
            target_agreement: na,
            cue_agreement: na,
            per_label: f1
                .iter()
                .map(|&(id, s)| {
                    (
                        id.to_owned(),
                        LabelF1 {
                            f1_exact: s,
                            f1_overlap: s,
                        },
                    )
                })
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn every_stance_is_a_named_row_with_a_bar_per_pair() {
        let undefined = Score::Undefined(Undefined::NoSpans);
        let pairs = [
            pair(
                "alice",
                "bob",
                &[
                    ("warning", Score::Value(0.5)),
                    ("denial", Score::Value(1.0)),
                ],
            ),
            pair(
                "alice",
                "carol",
                &[("warning", undefined), ("threat", Score::Value(0.25))],
            ),
        ];
        let bars = label_bars(&pairs, |id| id.to_uppercase());
        assert_eq!(bars.rows, ["DENIAL", "THREAT", "WARNING"]);
        assert_eq!(bars.series[0].name, "alice/bob");
        assert_eq!(bars.series[0].values, [Some(1.0), None, Some(0.5)]);
        assert_eq!(bars.series[1].values, [None, Some(0.25), None]);
        // Rows top to bottom; each row's bars inside its band, first series on top.
        assert_eq!(bars.row_at(2.0), Some("DENIAL"));
        assert_eq!(bars.row_at(0.0), Some("WARNING"));
        assert_eq!(bars.row_at(0.5), None);
        let (y0, w) = bars.bar_y(0, 0);
        let (y1, _) = bars.bar_y(0, 1);
        assert!((w - 0.4).abs() < 1e-9);
        assert!((y0 - 2.2).abs() < 1e-9 && (y1 - 1.8).abs() < 1e-9);
        assert_eq!(bars.bar_at(2.3), Some((0, 0)));
        assert_eq!(bars.bar_at(1.7), Some((0, 1)));
        assert_eq!(bars.bar_at(0.1), Some((2, 0)));
        assert_eq!(bars.bar_at(1.5), None, "between rows");
        assert_eq!(
            bars.hover_text(2, 0),
            "WARNING\nalice/bob\nspan F1 (overlap): 0.500"
        );
        assert_eq!(
            bars.hover_text(2, 1),
            "WARNING\nalice/carol\nspan F1 (overlap): n/a"
        );
    }

    #[test]
    fn documents_are_rows_and_negative_kappa_widens_the_axis() {
        let doc = |id: &str, k: Score| DocumentAgreement {
            id: id.into(),
            units: 0,
            claims: Vec::new(),
            cohen_kappa: Vec::new(),
            span_f1_overlap: Vec::new(),
            fleiss_kappa: k,
        };
        let bars = document_bars(&[doc("d1", Score::Value(0.75)), doc("d2", Score::Value(-0.2))]);
        assert_eq!(bars.rows, ["d1", "d2"]);
        assert_eq!(bars.value_range(), (-0.2, 1.0));
        assert_eq!(bars.hover_text(0, 0), "d1\nFleiss' κ: 0.750");
    }
}
