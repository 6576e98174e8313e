//! The JSON shape of a [`Quote`]: one fragment flat, several as a `"fragments"` list.
//!
//! ```text
//! {"start": 10, "end": 20, "text": "…", "prefix"?: "…", "suffix"?: "…"}
//! {"fragments": [{"start": 1, "end": 14, "text": "We will not,"}, {"start": 25, …}]}
//! ```
//!
//! Reading is a streaming visitor (no `serde(flatten)`, no buffering), so that an error keeps
//! the line:column of the bad value. An unknown key, a mix of the two shapes and an empty
//! fragment list are errors; the order and overlap of fragments are checked by the model's
//! `validate` (see [`Quote::shape_problem`]), which names the frame and role.

use serde::de::{self, Error as _, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Fragment, Fragments, Quote, QuoteContext, Span};
use crate::model::extra_fields::Key;

const QUOTE_KEYS: &[&str] = &["start", "end", "text", "prefix", "suffix", "fragments"];
const FRAGMENT_KEYS: &[&str] = &["start", "end", "text", "prefix", "suffix"];

/// Serialised without context: `{"start", "end", "text"}` (the native writer adds context).
impl Serialize for Fragment {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("start", &self.span.start)?;
        m.serialize_entry("end", &self.span.end)?;
        m.serialize_entry("text", &self.text)?;
        m.end()
    }
}

impl Serialize for Quote {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.fragments() {
            [one] => one.serialize(s),
            many => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry("fragments", &FragmentList(many))?;
                m.end()
            }
        }
    }
}

struct FragmentList<'a>(&'a [Fragment]);

impl Serialize for FragmentList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for f in self.0 {
            seq.serialize_element(f)?;
        }
        seq.end()
    }
}

/// The keys of one flat fragment object, as read so far.
#[derive(Default)]
struct Flat {
    start: Option<usize>,
    end: Option<usize>,
    text: Option<String>,
    prefix: Option<String>,
    suffix: Option<String>,
}

impl Flat {
    /// Reads the value of `key` if it is a fragment key; `Ok(false)` for any other key.
    fn read<'de, A: MapAccess<'de>>(&mut self, key: &str, map: &mut A) -> Result<bool, A::Error> {
        fn put<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
            slot: &mut Option<T>,
            name: &'static str,
            map: &mut A,
        ) -> Result<(), A::Error> {
            if slot.is_some() {
                return Err(A::Error::duplicate_field(name));
            }
            *slot = Some(map.next_value()?);
            Ok(())
        }
        match key {
            "start" => put(&mut self.start, "start", map)?,
            "end" => put(&mut self.end, "end", map)?,
            "text" => put(&mut self.text, "text", map)?,
            "prefix" => put(&mut self.prefix, "prefix", map)?,
            "suffix" => put(&mut self.suffix, "suffix", map)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    fn is_empty(&self) -> bool {
        self.start.is_none()
            && self.end.is_none()
            && self.text.is_none()
            && self.prefix.is_none()
            && self.suffix.is_none()
    }

    fn finish<E: de::Error>(self) -> Result<Fragment, E> {
        let start = self.start.ok_or_else(|| E::missing_field("start"))?;
        let end = self.end.ok_or_else(|| E::missing_field("end"))?;
        let text = self.text.ok_or_else(|| E::missing_field("text"))?;
        let context = (self.prefix.is_some() || self.suffix.is_some()).then(|| {
            Box::new(QuoteContext {
                prefix: self.prefix.unwrap_or_default(),
                suffix: self.suffix.unwrap_or_default(),
            })
        });
        Ok(Fragment {
            span: Span::new(start, end),
            text,
            context,
        })
    }
}

impl<'de> Deserialize<'de> for Fragment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fragment;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a fragment object {\"start\", \"end\", \"text\"}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fragment, A::Error> {
                let mut flat = Flat::default();
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if !flat.read(&key.0, &mut map)? {
                        return Err(A::Error::unknown_field(&key.0, FRAGMENT_KEYS));
                    }
                }
                flat.finish()
            }
        }
        d.deserialize_map(V)
    }
}

/// A non-empty list of fragments.
struct NonEmpty(Fragments);

impl<'de> Deserialize<'de> for NonEmpty {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = NonEmpty;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a non-empty list of fragment objects")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NonEmpty, A::Error> {
                let mut out = Fragments::new();
                while let Some(f) = seq.next_element::<Fragment>()? {
                    out.push(f);
                }
                if out.is_empty() {
                    return Err(A::Error::custom(
                        "\"fragments\" is an empty list: a span needs at least one fragment",
                    ));
                }
                Ok(NonEmpty(out))
            }
        }
        d.deserialize_seq(V)
    }
}

impl<'de> Deserialize<'de> for Quote {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Quote;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a span object: {\"start\", \"end\", \"text\"} or {\"fragments\": [...]}",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Quote, A::Error> {
                let mut flat = Flat::default();
                let mut fragments: Option<NonEmpty> = None;
                while let Some(key) = map.next_key::<Key<'de>>()? {
                    if key.0 == "fragments" {
                        if fragments.is_some() {
                            return Err(A::Error::duplicate_field("fragments"));
                        }
                        if !flat.is_empty() {
                            return Err(mixed());
                        }
                        fragments = Some(map.next_value()?);
                    } else if fragments.is_some() && FRAGMENT_KEYS.contains(&&*key.0) {
                        return Err(mixed());
                    } else if !flat.read(&key.0, &mut map)? {
                        return Err(A::Error::unknown_field(&key.0, QUOTE_KEYS));
                    }
                }
                match fragments {
                    Some(NonEmpty(list)) => Ok(Quote { fragments: list }),
                    None => Ok(Quote::from_fragment(flat.finish()?)),
                }
            }
        }
        d.deserialize_map(V)
    }
}

fn mixed<E: de::Error>() -> E {
    E::custom(
        "a span has either \"start\"/\"end\"/\"text\" (one fragment) or \"fragments\", not both",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Quote, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn one_fragment_is_flat_both_ways() {
        let q = Quote::new(Span::new(1, 3), "ab");
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(json, r#"{"start":1,"end":3,"text":"ab"}"#);
        assert_eq!(read(&json).unwrap(), q);
        assert!(!q.is_discontinuous());
    }

    #[test]
    fn several_fragments_are_a_list() {
        let q = Quote::from_fragments([
            Fragment::new(Span::new(1, 13), "We will not,"),
            Fragment::new(Span::new(24, 34), "back down."),
        ])
        .unwrap();
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(
            json,
            r#"{"fragments":[{"start":1,"end":13,"text":"We will not,"},{"start":24,"end":34,"text":"back down."}]}"#
        );
        assert_eq!(read(&json).unwrap(), q);
    }

    #[test]
    fn context_is_read_per_fragment() {
        let q = read(
            r#"{"fragments": [{"start": 0, "end": 1, "text": "a", "prefix": "", "suffix": "b"},
                              {"start": 5, "end": 6, "text": "c"}]}"#,
        )
        .unwrap();
        let c = q.fragments()[0].context.as_deref().unwrap();
        assert_eq!((c.prefix.as_str(), c.suffix.as_str()), ("", "b"));
        assert!(q.fragments()[1].context.is_none());
    }

    #[test]
    fn malformed_spans_are_refused_at_their_place() {
        let e = read("{\"fragments\": [\n]}").unwrap_err();
        assert!(e.contains("empty list") && e.contains("line 2"), "{e}");
        let e = read(r#"{"start": 0, "end": 1, "text": "a", "label": "x"}"#).unwrap_err();
        assert!(
            e.contains("unknown field `label`") && e.contains("column 43"),
            "{e}"
        );
        let e = read(r#"{"fragments": [{"start": 0, "end": 1, "text": "a", "fragments": []}]}"#)
            .unwrap_err();
        assert!(e.contains("unknown field `fragments`"), "{e}");
        let e = read(r#"{"start": 0, "fragments": [{"start": 0, "end": 1, "text": "a"}]}"#)
            .unwrap_err();
        assert!(e.contains("not both"), "{e}");
        let e =
            read(r#"{"fragments": [{"start": 0, "end": 1, "text": "a"}], "end": 1}"#).unwrap_err();
        assert!(e.contains("not both"), "{e}");
        let e = read(r#"{"fragments": [{"start": 0, "text": "a"}]}"#).unwrap_err();
        assert!(e.contains("missing field `end`"), "{e}");
        let e = read(r#"{"fragments": {"start": 0}}"#).unwrap_err();
        assert!(e.contains("non-empty list"), "{e}");
        let e = read(r#"{"start": 0, "end": 1, "text": "a", "end": 2}"#).unwrap_err();
        assert!(e.contains("duplicate field `end`"), "{e}");
    }
}
