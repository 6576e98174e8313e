//! The timeline tab: frames per stance per ISO week of `published`, as stacked bars (egui_plot),
//! every week from the first to the last with frames. Hovering a bar names its week, stance and
//! count; clicking it lists its frames.
//!
//! [`Stacks`] is the chart as data (no egui; [`Stacks::bar_at`] maps a plot point to the bar
//! under it), drawn by [`show`].

use egui_plot::{Bar, BarChart, Plot};
use jiff::civil::Date;

use crate::corpus::map::Timeline;
use crate::model::Schema;

use super::drill::Pick;
use super::theme::Tokens;
use super::{stance_name, stance_rgb};

/// Stacked bars: one column per week, one layer per stance (bottom first).
#[derive(Debug, Clone, PartialEq)]
pub struct Stacks {
    /// `(2025-W10, its Monday)` per column.
    pub weeks: Vec<(String, Date)>,
    /// Stance ids, bottom layer first, in the order given.
    pub stances: Vec<String>,
    /// `counts[stance][week]`.
    pub counts: Vec<Vec<usize>>,
}

impl Stacks {
    /// The timeline's stances in `order` (those it lacks left out, those `order` lacks after
    /// them).
    pub fn of(timeline: &Timeline, order: &[String]) -> Stacks {
        let mut stances: Vec<String> = order
            .iter()
            .filter(|s| timeline.weeks.iter().any(|w| w.by_stance.contains_key(*s)))
            .cloned()
            .collect();
        for w in &timeline.weeks {
            for s in w.by_stance.keys() {
                if !stances.contains(s) {
                    stances.push(s.clone());
                }
            }
        }
        let weeks = timeline
            .weeks
            .iter()
            .filter_map(|w| Some((w.week.clone(), w.start.parse().ok()?)))
            .collect();
        let counts = stances
            .iter()
            .map(|s| {
                timeline
                    .weeks
                    .iter()
                    .map(|w| w.by_stance.get(s).copied().unwrap_or(0))
                    .collect()
            })
            .collect();
        Stacks {
            weeks,
            stances,
            counts,
        }
    }

    /// The bar (week column, stance layer) under plot point (`x`, `y`): columns are centred on
    /// 0, 1, 2 … and 0.8 wide; layers stack from 0 upward.
    pub fn bar_at(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let col = x.round();
        if col < 0.0 || (x - col).abs() > 0.4 || y < 0.0 {
            return None;
        }
        let col = col as usize;
        if col >= self.weeks.len() {
            return None;
        }
        let mut base = 0.0;
        for (s, counts) in self.counts.iter().enumerate() {
            let top = base + counts[col] as f64;
            if y < top {
                return Some((col, s));
            }
            base = top;
        }
        None
    }
}

/// Draws the chart; returns the bar clicked.
pub fn show(
    ui: &mut egui::Ui,
    timeline: &Timeline,
    schema: &Schema,
    tokens: Tokens,
) -> Option<Pick> {
    if timeline.undated > 0 {
        ui.weak(format!(
            "{} frames of documents without a readable published date are not on the timeline.",
            timeline.undated
        ));
    }
    let order: Vec<String> = schema.stances.iter().map(|s| s.id.clone()).collect();
    let stacks = Stacks::of(timeline, &order);
    if stacks.weeks.is_empty() {
        ui.label("No frame with a published date passes the filters.");
        return None;
    }
    let labels: Vec<String> = stacks.weeks.iter().map(|(w, _)| w.clone()).collect();
    let mut charts: Vec<BarChart> = Vec::new();
    for (s, stance) in stacks.stances.iter().enumerate() {
        let colour = tokens.stance_line(stance_rgb(schema, stance));
        let bars = stacks.counts[s]
            .iter()
            .enumerate()
            .map(|(i, n)| Bar::new(i as f64, *n as f64).width(0.8).fill(colour))
            .collect();
        let refs: Vec<&BarChart> = charts.iter().collect();
        let chart = BarChart::new(stance_name(schema, stance), bars)
            .color(colour)
            .stack_on(&refs);
        charts.push(chart);
    }
    let shown = Plot::new("map-timeline")
        .legend(egui_plot::Legend::default())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_x(false)
        .show_y(false)
        .include_y(0.0)
        .include_x(-0.6)
        .include_x(stacks.weeks.len() as f64 - 0.4)
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 {
                labels.get(i as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_axis_label("frames")
        .show(ui, |plot| {
            for c in charts {
                plot.bar_chart(c);
            }
        });
    let at = shown.response.hover_pos().and_then(|p| {
        let v = shown.transform.value_from_position(p);
        stacks.bar_at(v.x, v.y)
    });
    let (col, s) = at?;
    let (week, monday) = &stacks.weeks[col];
    let stance = &stacks.stances[s];
    let clicked = shown.response.clicked();
    shown.response.on_hover_text_at_pointer(format!(
        "{week} (from {monday}): {} {}",
        stacks.counts[s][col],
        stance_name(schema, stance)
    ));
    clicked.then(|| Pick::Bar {
        week: *monday,
        stance: stance.clone(),
    })
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::corpus::map::Week;

    fn week(name: &str, start: &str, counts: &[(&str, usize)]) -> Week {
        let by_stance: BTreeMap<String, usize> =
            counts.iter().map(|(s, n)| (s.to_string(), *n)).collect();
        Week {
            week: name.into(),
            start: start.into(),
            total: by_stance.values().sum(),
            by_stance,
        }
    }

    #[test]
    fn stacks_follow_the_schema_order_and_bars_are_found_by_height() {
        let t = Timeline {
            weeks: vec![
                week("2025-W10", "2025-03-03", &[("warning", 2), ("denial", 1)]),
                week("2025-W11", "2025-03-10", &[]),
                week("2025-W12", "2025-03-17", &[("other", 3), ("warning", 1)]),
            ],
            undated: 0,
        };
        let order = ["condemnation", "warning", "denial"].map(String::from);
        let s = Stacks::of(&t, &order);
        assert_eq!(s.stances, ["warning", "denial", "other"]);
        assert_eq!(s.counts, [vec![2, 0, 1], vec![1, 0, 0], vec![0, 0, 3]]);
        assert_eq!(s.weeks[1].1, "2025-03-10".parse::<Date>().unwrap());
        // Week W10: warning from 0 to 2, denial from 2 to 3.
        assert_eq!(s.bar_at(0.1, 1.5), Some((0, 0)));
        assert_eq!(s.bar_at(-0.2, 2.5), Some((0, 1)));
        assert_eq!(s.bar_at(0.0, 3.5), None);
        assert_eq!(s.bar_at(1.0, 0.5), None, "an empty week");
        // Week W12: warning 0 to 1, other 1 to 4.
        assert_eq!(s.bar_at(2.0, 3.9), Some((2, 2)));
        assert_eq!(s.bar_at(2.5, 0.5), None, "between columns");
        assert_eq!(s.bar_at(3.0, 0.5), None);
    }
}
