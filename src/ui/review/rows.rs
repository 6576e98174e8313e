//! The review list as a view-model: one [`Row`] per aligned group of the chosen annotators'
//! frames, in text order, classified ([`Kind`]) and with its state against the gold set.
//! No egui here, so the list's contents are tested without pixels.

use crate::model::{AnnotationSet, Frame, Span};
use crate::review::disagreement::{align, classify, Differences, FrameAt, Kind};
use crate::review::resolve::{resolution, Resolution};
use crate::ui::describe::{participant_text, short};

/// Where a row stands against the gold set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowState {
    Open,
    /// Resolved by gold frames; `annotators` (chosen indices) are those whose version is in gold
    /// as it is (empty when the accepted frame was edited afterwards).
    Accepted {
        gold: Vec<String>,
        annotators: Vec<usize>,
    },
    Rejected,
}

/// One aligned group.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Union of the group's claims (code points, half-open).
    pub span: Span,
    /// (chosen annotator index, frame index into that annotator's set), by annotator.
    pub frames: Vec<FrameAt>,
    /// `None` when every chosen annotator agrees exactly.
    pub kind: Option<Kind>,
    pub differences: Differences,
    /// Chosen annotators with no frame in the group.
    pub missing_from: Vec<usize>,
    pub state: RowState,
}

impl Row {
    /// "missing", "boundary", "stance", "attribution: source, cue" or "agreed".
    pub fn label(&self) -> String {
        match self.kind {
            None => "agreed".into(),
            Some(Kind::Attribution) => format!(
                "attribution: {}",
                self.differences.attribution_fields().join(", ")
            ),
            Some(k) => k.name().into(),
        }
    }

    /// The first frame of chosen annotator `a` in this group.
    pub fn frame_of(&self, a: usize) -> Option<usize> {
        self.frames.iter().find(|&&(r, _)| r == a).map(|&(_, k)| k)
    }

    pub fn is_open(&self) -> bool {
        self.state == RowState::Open
    }
}

/// Every aligned group of `sets` (the chosen annotators, one document), in text order.
pub fn rows(sets: &[&AnnotationSet], gold: &AnnotationSet) -> Vec<Row> {
    let groups = align(sets);
    let disagreements = classify(sets, &groups);
    groups
        .iter()
        .map(|g| {
            let d = disagreements.iter().find(|d| d.frames == g.frames);
            let state = match resolution(sets, gold, &g.frames) {
                Resolution::Open => RowState::Open,
                Resolution::Rejected => RowState::Rejected,
                Resolution::Accepted { gold, annotators } => {
                    RowState::Accepted { gold, annotators }
                }
            };
            Row {
                span: g.span,
                frames: g.frames.clone(),
                kind: d.map(|d| d.kind),
                differences: d.map(|d| d.differences).unwrap_or_default(),
                missing_from: d.map(|d| d.missing_from.clone()).unwrap_or_default(),
                state,
            }
        })
        .collect()
}

/// Indices of the rows the list shows: the disagreements, plus agreed groups if asked.
pub fn visible(rows: &[Row], show_agreed: bool) -> Vec<usize> {
    (0..rows.len())
        .filter(|&i| show_agreed || rows[i].kind.is_some())
        .collect()
}

/// The next (or previous) visible row after `current`, wrapping around; the first (last) when
/// there is no current row or it is not visible.
pub fn step(visible: &[usize], current: Option<usize>, forward: bool) -> Option<usize> {
    if visible.is_empty() {
        return None;
    }
    let n = visible.len();
    let at = current.and_then(|c| visible.iter().position(|&v| v == c));
    let i = match (at, forward) {
        (None, true) => 0,
        (None, false) => n - 1,
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
    };
    Some(visible[i])
}

/// One annotator's version as (field, value) lines: claim with its span, stance, source, cue,
/// target, via, then one line per comment of its thread ("author, time: text").
pub fn version_lines(f: &Frame, set: &AnnotationSet, stance_name: &str) -> Vec<(String, String)> {
    let cue = f
        .cue
        .as_ref()
        .map_or("—".into(), |q| format!("“{}”", q.display_text()));
    let via = f.via.as_ref().map_or("—".into(), |v| {
        set.frame(v).map_or(v.clone(), |r| {
            format!("{v} “{}”", short(&r.claim.display_text(), 40))
        })
    });
    vec![
        (
            "claim".into(),
            format!(
                "[{}, {}) “{}”",
                f.claim.extent().start,
                f.claim.extent().end,
                short(&f.claim.display_text(), 160)
            ),
        ),
        ("stance".into(), stance_name.to_owned()),
        ("source".into(), participant_text(f.source.as_ref(), set)),
        ("cue".into(), cue),
        ("target".into(), participant_text(f.target.as_ref(), set)),
        ("via".into(), via),
    ]
    .into_iter()
    .chain(f.comments.iter().map(|c| {
        let when = crate::ui::panel::comments::short_time(&c.time);
        (
            "comment".into(),
            format!("{}, {when}: {}", c.author, c.text),
        )
    }))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Op, Quote, Schema};

    fn set(annotator: &str, frames: &[(usize, usize, &str)]) -> AnnotationSet {
        let mut s = AnnotationSet::new("d", annotator, Schema::default_news().reference());
        for (i, &(a, b, stance)) in frames.iter().enumerate() {
            let f = Frame::new(
                format!("f{}", i + 1),
                Quote::new(Span::new(a, b), "x"),
                stance,
            );
            Op::AddFrame(f).apply(&mut s).unwrap();
        }
        s
    }

    #[test]
    fn a_version_shows_its_comment_thread() {
        let s = set("alice", &[(0, 1, "warning")]);
        let mut f = s.frames()[0].clone();
        assert_eq!(version_lines(&f, &s, "Warning").len(), 6);
        f.comments.push(crate::model::Comment {
            author: "carol".into(),
            time: "2026-03-01T10:05:09Z".into(),
            text: "Why warning?".into(),
        });
        let lines = version_lines(&f, &s, "Warning");
        assert_eq!(
            lines.last().unwrap(),
            &(
                "comment".to_owned(),
                "carol, 2026-03-01 10:05: Why warning?".to_owned()
            )
        );
    }

    #[test]
    fn rows_classify_every_group_and_visible_hides_the_agreed() {
        let a = set(
            "a",
            &[(0, 5, "warning"), (10, 20, "denial"), (30, 40, "threat")],
        );
        let b = set("b", &[(0, 5, "warning"), (10, 22, "denial")]);
        let gold = AnnotationSet::new("d", "gold", Schema::default_news().reference());
        let rows = rows(&[&a, &b], &gold);
        let labels: Vec<String> = rows.iter().map(Row::label).collect();
        assert_eq!(labels, ["agreed", "boundary", "missing"]);
        assert_eq!(rows[2].missing_from, vec![1]);
        assert_eq!(rows[1].frame_of(1), Some(1));
        assert!(rows.iter().all(Row::is_open));
        assert_eq!(visible(&rows, false), vec![1, 2]);
        assert_eq!(visible(&rows, true), vec![0, 1, 2]);
    }

    #[test]
    fn step_wraps_and_starts_at_either_end() {
        let v = [1, 4, 6];
        assert_eq!(step(&v, None, true), Some(1));
        assert_eq!(step(&v, None, false), Some(6));
        assert_eq!(step(&v, Some(4), true), Some(6));
        assert_eq!(step(&v, Some(6), true), Some(1));
        assert_eq!(step(&v, Some(1), false), Some(6));
        assert_eq!(step(&v, Some(5), true), Some(1), "a hidden current row");
        assert_eq!(step(&[], Some(1), true), None);
    }
}
