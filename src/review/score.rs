//! A measured value, or the reason it is undefined.
//!
//! Agreement measures divide by quantities that can be zero (no units, one label only, no
//! matched claims). Such a measure is [`Score::Undefined`] with a [`Undefined`] reason — never
//! NaN, never a panic. In JSON a score is a number or `null`; the reason is shown in tables.

use serde::{Serialize, Serializer};

/// Why a measure has no value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Undefined {
    /// Fewer than two annotators are compared.
    TooFewAnnotators,
    /// There is nothing to compare: no units (no text, or no document annotated by everyone).
    NoUnits,
    /// Expected disagreement is 0: every annotator used one and the same label throughout.
    NoVariation,
    /// No claims were matched, so nothing can be compared about them.
    NoMatchedClaims,
    /// No annotator has a claim of positive length (of this stance, for a per-stance measure).
    NoSpans,
    /// Neither annotator filled this role (source, target, cue) in any matched claim.
    RoleNeverFilled,
}

impl Undefined {
    /// A short reason for tables.
    pub fn reason(self) -> &'static str {
        match self {
            Undefined::TooFewAnnotators => "fewer than two annotators",
            Undefined::NoUnits => "no units to compare",
            Undefined::NoVariation => "one label only, expected disagreement 0",
            Undefined::NoMatchedClaims => "no claims matched by overlap",
            Undefined::NoSpans => "no claims, expected disagreement 0",
            Undefined::RoleNeverFilled => "neither annotator filled this role",
        }
    }
}

impl std::fmt::Display for Undefined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason())
    }
}

/// A measured value or the reason there is none. Values are finite by construction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Score {
    Value(f64),
    Undefined(Undefined),
}

impl Score {
    /// `num / den`, or `why` when `den` is 0 (or the result is not finite).
    pub fn ratio(num: f64, den: f64, why: Undefined) -> Score {
        if den == 0.0 {
            return Score::Undefined(why);
        }
        Score::finite(num / den, why)
    }

    /// `value` when finite, else `why`.
    pub fn finite(value: f64, why: Undefined) -> Score {
        if value.is_finite() {
            Score::Value(value)
        } else {
            Score::Undefined(why)
        }
    }

    pub fn value(self) -> Option<f64> {
        match self {
            Score::Value(v) => Some(v),
            Score::Undefined(_) => None,
        }
    }

    pub fn reason(self) -> Option<Undefined> {
        match self {
            Score::Value(_) => None,
            Score::Undefined(u) => Some(u),
        }
    }

    /// Three decimals, or `n/a (reason)`.
    pub fn display(self) -> String {
        match self {
            Score::Value(v) => format!("{v:.3}"),
            Score::Undefined(u) => format!("n/a ({u})"),
        }
    }
}

/// A number, or `null` when undefined.
impl Serialize for Score {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Score::Value(v) => s.serialize_f64(*v),
            Score::Undefined(_) => s.serialize_none(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_never_yields_nan() {
        assert_eq!(
            Score::ratio(0.0, 0.0, Undefined::NoUnits),
            Score::Undefined(Undefined::NoUnits)
        );
        assert_eq!(
            Score::ratio(1.0, 4.0, Undefined::NoUnits),
            Score::Value(0.25)
        );
        assert_eq!(
            Score::finite(f64::NAN, Undefined::NoVariation).reason(),
            Some(Undefined::NoVariation)
        );
        assert_eq!(
            serde_json::to_string(&Score::Undefined(Undefined::NoUnits)).unwrap(),
            "null"
        );
        assert_eq!(serde_json::to_string(&Score::Value(0.5)).unwrap(), "0.5");
        assert_eq!(
            Score::Undefined(Undefined::NoVariation).display(),
            "n/a (one label only, expected disagreement 0)"
        );
    }
}
