//! Active annotation time per person on one annotation file, and how it is measured.
//!
//! [`TimeSpent`] maps a person (the annotator of an annotation file; each adjudicator of a gold
//! file) to whole seconds of active time. In the native file it is the optional top-level
//! `"time_spent": {"alice": 754}`, written only when not empty, so files without it are
//! unchanged byte for byte. It is file metadata like `modified`, not an annotation edit: it is
//! not undoable and never marks a document modified on its own.
//!
//! [`ActiveTime`] turns input events into active time: the time between two consecutive inputs
//! counts when the gap is at most [`IDLE_LIMIT_MS`] (60 s); a longer gap is idle and counts
//! nothing. Times are milliseconds of whatever monotonic clock the caller uses (the workbench
//! passes its frame clock; tests pass numbers), so the measure needs no clock of its own.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Gaps between inputs longer than this are idle time (not counted).
pub const IDLE_LIMIT_MS: u64 = 60_000;

/// Seconds of active time per person, sorted by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TimeSpent(BTreeMap<String, u64>);

impl TimeSpent {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The seconds recorded for `who` (0 when none).
    pub fn seconds(&self, who: &str) -> u64 {
        self.0.get(who).copied().unwrap_or(0)
    }

    /// Everyone's seconds together.
    pub fn total(&self) -> u64 {
        self.0.values().sum()
    }

    /// Adds `seconds` for `who` (nothing is recorded for 0 seconds).
    pub fn add(&mut self, who: &str, seconds: u64) {
        if seconds > 0 {
            let s = self.0.entry(who.to_owned()).or_default();
            *s = s.saturating_add(seconds);
        }
    }

    /// People and their seconds, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u64)> {
        self.0.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The three-way merge by adding: per person, base + what ours added + what theirs added
    /// (time is only ever added; a side below base counts as adding nothing). When both sides
    /// are equal they are the same change, taken once, as everywhere in the merge driver.
    pub fn merge(base: Option<&TimeSpent>, ours: &TimeSpent, theirs: &TimeSpent) -> TimeSpent {
        if ours == theirs {
            return ours.clone();
        }
        let empty = TimeSpent::default();
        let base = base.unwrap_or(&empty);
        let mut out = TimeSpent::default();
        let people: std::collections::BTreeSet<&String> = ours
            .0
            .keys()
            .chain(theirs.0.keys())
            .chain(base.0.keys())
            .collect();
        for who in people {
            let b = base.seconds(who);
            let gained = |side: &TimeSpent| side.seconds(who).saturating_sub(b);
            out.add(
                who,
                b.saturating_add(gained(ours))
                    .saturating_add(gained(theirs)),
            );
        }
        out
    }
}

/// `h:mm:ss` (or `m:ss` under an hour) for a number of seconds.
pub fn clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The median of `values` (sorted in place): the middle value, or for an even count the mean
/// of the two middle ones rounded down; `None` when empty.
pub fn median(values: &mut [u64]) -> Option<u64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => {
            let (a, b) = (u128::from(values[n / 2 - 1]), u128::from(values[n / 2]));
            Some(((a + b) / 2) as u64)
        }
    }
}

/// Active time measured from input events (see the module doc).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActiveTime {
    last_input_ms: Option<u64>,
    /// Active milliseconds measured and not yet recorded.
    pending_ms: u64,
}

impl ActiveTime {
    /// Notes an input at `now_ms`. An earlier time than the last (a clock that went back)
    /// counts nothing.
    pub fn input(&mut self, now_ms: u64) {
        if let Some(last) = self.last_input_ms {
            let gap = now_ms.saturating_sub(last);
            if gap <= IDLE_LIMIT_MS {
                self.pending_ms += gap;
            }
        }
        self.last_input_ms = Some(now_ms);
    }

    /// Whole seconds measured and not yet recorded.
    pub fn pending_seconds(&self) -> u64 {
        self.pending_ms / 1000
    }

    /// Marks `seconds` as recorded (after a successful save); the fraction of a second left
    /// over is kept for the next time.
    pub fn recorded(&mut self, seconds: u64) {
        self.pending_ms = self.pending_ms.saturating_sub(seconds * 1000);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_gaps_over_a_minute_count_nothing() {
        let mut t = ActiveTime::default();
        // Inputs at 0, 10 s, 70 s (gap 60 s: counted), 200 s (gap 130 s: idle), 201.5 s,
        // 203.2 s. Active: 10 + 60 + 1.5 + 1.7 = 73.2 s.
        for ms in [0, 10_000, 70_000, 200_000, 201_500, 203_200] {
            t.input(ms);
        }
        assert_eq!(t.pending_seconds(), 73);
        t.recorded(73);
        assert_eq!(t.pending_seconds(), 0);
        // The 0.2 s left over and 0.9 s more make one second.
        t.input(204_100);
        assert_eq!(t.pending_seconds(), 1);
        // A gap of 60.001 s is idle.
        t.input(264_101);
        assert_eq!(t.pending_seconds(), 1);
        // A clock going back counts nothing.
        t.input(100);
        assert_eq!(t.pending_seconds(), 1);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [300, 100, 200]), Some(200));
        assert_eq!(median(&mut [400, 100, 200, 301]), Some(250));
        assert_eq!(median(&mut [u64::MAX, u64::MAX]), Some(u64::MAX));
        assert_eq!(clock(59), "0:59");
        assert_eq!(clock(3 * 60 + 7), "3:07");
        assert_eq!(clock(2 * 3600 + 5 * 60 + 9), "2:05:09");
    }

    #[test]
    fn merge_adds_what_each_side_added() {
        let ts = |v: &[(&str, u64)]| {
            let mut t = TimeSpent::default();
            for (k, s) in v {
                t.add(k, *s);
            }
            t
        };
        let base = ts(&[("alice", 100)]);
        let ours = ts(&[("alice", 160)]);
        let theirs = ts(&[("alice", 130), ("bob", 40)]);
        // alice: 100 + 60 + 30 = 190; bob: 0 + 0 + 40.
        assert_eq!(
            TimeSpent::merge(Some(&base), &ours, &theirs),
            ts(&[("alice", 190), ("bob", 40)])
        );
        // Both sides created the file: the sum.
        assert_eq!(
            TimeSpent::merge(None, &ours, &theirs),
            ts(&[("alice", 290), ("bob", 40)])
        );
        assert!(TimeSpent::merge(None, &TimeSpent::default(), &TimeSpent::default()).is_empty());
        // The same change on both sides is taken once.
        assert_eq!(TimeSpent::merge(Some(&base), &ours, &ours), ours);
    }
}
