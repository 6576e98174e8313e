//! The invariants of an annotation set, checked in one place.
//!
//! [`validate`] checks a set against its document's text and a schema and returns every problem
//! found (never stops at the first): spans inside the text with `start <= end`, the fragments of
//! a span in text order, non-empty, neither overlapping nor touching, each fragment's stored text
//! equal to the text at its span, stance ids and entity kinds known to the schema, attribute
//! values allowed, unique frame and entity ids, resolvable entity and `via` references, no `via`
//! cycles, no unresolved merge conflicts (see [`super::conflict`]), and the spans of pending
//! suggestions. Problems come back in a stable order: by frame/entity position, then
//! check (merge conflicts, then suggestions, last).

use std::collections::{HashMap, HashSet};

use super::{AnchorState, AnnotationSet, Document, Fragment, Quote, Schema, Text};

/// One broken invariant: where (e.g. `frame f3 claim`) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Checks every invariant of `set` against `doc` and `schema`.
pub fn validate(set: &AnnotationSet, doc: &Document, schema: &Schema) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut problem = |location: String, message: String| out.push(Problem { location, message });

    if set.document_id != doc.id {
        problem(
            "annotations".into(),
            format!(
                "document id {:?} does not match the document {:?}",
                set.document_id, doc.id
            ),
        );
    }

    let mut entity_ids = HashSet::new();
    for e in &set.entities {
        let at = format!("entity {}", e.id);
        if e.id.trim().is_empty() {
            problem(at.clone(), "empty id".into());
        }
        if !entity_ids.insert(e.id.as_str()) {
            problem(at.clone(), "duplicate entity id".into());
        }
        if schema.entity_kind(&e.kind).is_none() && !schema.entity_kinds.is_empty() {
            problem(at, format!("unknown entity kind {:?}", e.kind));
        }
    }

    let mut frame_ids = HashSet::new();
    for f in set.frames() {
        let at = |what: &str| format!("frame {} {}", f.id, what).trim_end().to_owned();
        if f.id.trim().is_empty() {
            problem(at(""), "empty id".into());
        }
        if !frame_ids.insert(f.id.as_str()) {
            problem(at(""), "duplicate frame id".into());
        }
        // An orphaned frame keeps its old quotes on purpose, for review; they cannot match.
        for (role, q) in f.quotes().filter(|_| f.anchor != AnchorState::Orphaned) {
            if let Some(m) = check_quote(q, &doc.text) {
                problem(at(role.name()), m);
            }
        }
        if schema.stance(&f.stance).is_none() {
            problem(at("stance"), format!("unknown stance {:?}", f.stance));
        }
        for (name, p) in [("source", &f.source), ("target", &f.target)] {
            let Some(p) = p else { continue };
            if p.is_empty() {
                problem(at(name), "has neither a span nor an entity".into());
            }
            if let Some(e) = &p.entity {
                if !entity_ids.contains(e.as_str()) && set.entity(e).is_none() {
                    problem(at(name), format!("unknown entity {e:?}"));
                }
            }
        }
        for (k, v) in &f.attributes {
            match schema.attribute(k) {
                None => problem(at("attributes"), format!("unknown attribute {k:?}")),
                Some(def) if !def.values.iter().any(|x| x == v) => problem(
                    at("attributes"),
                    format!("{k}: value {v:?} is not one of {:?}", def.values),
                ),
                Some(_) => {}
            }
        }
    }

    // via: references resolve, no self-reference, no cycles.
    let via: HashMap<&str, &str> = set
        .frames()
        .iter()
        .filter_map(|f| Some((f.id.as_str(), f.via.as_deref()?)))
        .collect();
    let mut reported_cycles = HashSet::new();
    for f in set.frames() {
        let Some(v) = f.via.as_deref() else { continue };
        if !frame_ids.contains(v) {
            problem(
                format!("frame {} via", f.id),
                format!("unknown frame {v:?}"),
            );
            continue;
        }
        // Follow the chain; a chain longer than the number of frames must loop.
        let mut seen = vec![f.id.as_str()];
        let mut cur = v;
        loop {
            if let Some(pos) = seen.iter().position(|s| *s == cur) {
                let mut cycle: Vec<&str> = seen[pos..].to_vec();
                let min = cycle.iter().min().copied().unwrap_or_default();
                if pos == 0 && reported_cycles.insert(min) {
                    cycle.push(cur);
                    problem(
                        format!("frame {} via", f.id),
                        format!("via forms a cycle: {}", cycle.join(" → ")),
                    );
                }
                break;
            }
            seen.push(cur);
            match via.get(cur) {
                Some(next) => cur = next,
                None => break,
            }
        }
    }

    for c in super::conflict::conflicts(set) {
        problem(
            format!("{} {}", c.on.name(), c.id),
            format!(
                "unresolved merge conflict: {}; every version is kept under \"conflict\" \
                 (take one or edit, then remove the mark)",
                c.what
            ),
        );
    }
    check_suggestions(set, doc, &mut out);
    out
}

/// Pending suggestions: ids unique, spans in the text and equal to it. (Stances are not checked:
/// a suggestion from another tool may name a label the schema lacks; it is refused only when
/// accepted. Rejections are records of a decision, kept as they were made.)
fn check_suggestions(set: &AnnotationSet, doc: &Document, out: &mut Vec<Problem>) {
    let mut ids = HashSet::new();
    for s in set.suggestions() {
        let at = |what: &str| format!("suggestion {} {what}", s.id).trim_end().to_owned();
        if !ids.insert(s.id.as_str()) {
            out.push(Problem {
                location: at(""),
                message: "duplicate suggestion id".into(),
            });
        }
        let party = |p: &Option<super::SuggestedParty>| p.as_ref().and_then(|p| p.span.clone());
        let quotes = [
            ("claim", Some(s.claim.clone())),
            ("source", party(&s.source)),
            ("cue", s.cue.clone()),
            ("target", party(&s.target)),
        ];
        for (role, q) in quotes {
            if let Some(m) = q.and_then(|q| check_quote(&q, &doc.text)) {
                out.push(Problem {
                    location: at(role),
                    message: m,
                });
            }
        }
    }
}

/// Checks one quote against the text: its fragments well-formed (see [`Quote::shape_problem`]),
/// each in range and equal to the text there. Fragments are named by number (from 1) when the
/// quote has several.
pub fn check_quote(q: &Quote, text: &Text) -> Option<String> {
    if let Some(m) = q.shape_problem() {
        return Some(m);
    }
    let several = q.is_discontinuous();
    q.fragments().iter().enumerate().find_map(|(i, f)| {
        let m = check_fragment(f, text)?;
        Some(if several {
            format!("fragment {}: {m}", i + 1)
        } else {
            m
        })
    })
}

/// Checks one fragment against the text: in range, ordered, and equal to the text there.
pub fn check_fragment(f: &Fragment, text: &Text) -> Option<String> {
    let s = f.span;
    if s.start > s.end {
        return Some(format!("start {} is after end {}", s.start, s.end));
    }
    if s.end > text.len_chars() {
        return Some(format!(
            "span {} ends past the end of the text ({} code points)",
            s,
            text.len_chars()
        ));
    }
    let found = text.slice(s).unwrap_or_default();
    (found != f.text).then(|| {
        format!(
            "quote mismatch at {}: stored {:?}, text has {:?}",
            s, f.text, found
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, Frame, Participant, Span};

    fn doc() -> Document {
        Document::new("d", "Trump warned: Iran is not winning.")
    }

    fn q(doc: &Document, s: usize, e: usize) -> Quote {
        Quote::new(Span::new(s, e), doc.text.slice(Span::new(s, e)).unwrap())
    }

    fn base() -> (Document, AnnotationSet, Schema) {
        let d = doc();
        let schema = Schema::default_news();
        let mut set = AnnotationSet::new("d", "a", schema.reference());
        set.entities
            .push(Entity::new("e1", "Donald Trump", "person"));
        let mut f1 = Frame::new("f1", q(&d, 14, 33), "warning");
        f1.source = Some(Participant {
            span: Some(q(&d, 0, 5)),
            entity: Some("e1".into()),
        });
        f1.cue = Some(q(&d, 6, 12));
        set.set_frames(vec![f1]);
        (d, set, schema)
    }

    fn messages(set: &AnnotationSet, d: &Document, s: &Schema) -> Vec<String> {
        validate(set, d, s).iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn valid_set_has_no_problems() {
        let (d, set, s) = base();
        assert_eq!(messages(&set, &d, &s), Vec::<String>::new());
    }

    #[test]
    fn each_broken_invariant_is_named() {
        let (d, mut set, s) = base();
        let mut frames = set.frames().to_vec();
        let mut bad = frames[0].clone();
        bad.id = "f2".into();
        bad.claim = Quote::new(Span::new(14, 18), "Iraq");
        bad.stance = "gossip".into();
        bad.via = Some("f3".into());
        bad.source.as_mut().unwrap().entity = Some("e9".into());
        bad.attributes.insert("polarity".into(), "sideways".into());
        let mut dup = frames[0].clone();
        dup.claim = Quote::new(Span::new(30, 99), "x");
        frames.push(bad);
        frames.push(dup);
        set.set_frames(frames);
        let m = messages(&set, &d, &s).join("\n");
        for needle in [
            "frame f2 claim: quote mismatch at [14, 18): stored \"Iraq\", text has \"Iran\"",
            "frame f2 stance: unknown stance \"gossip\"",
            "frame f2 via: unknown frame \"f3\"",
            "frame f2 source: unknown entity \"e9\"",
            "polarity: value \"sideways\"",
            "frame f1: duplicate frame id",
            "ends past the end of the text (34 code points)",
        ] {
            assert!(m.contains(needle), "missing {needle:?} in\n{m}");
        }
    }

    #[test]
    fn via_cycle_is_reported_once() {
        let (d, mut set, s) = base();
        let mut a = set.frames()[0].clone();
        let mut b = a.clone();
        b.id = "f2".into();
        a.via = Some("f2".into());
        b.via = Some("f1".into());
        set.set_frames(vec![a, b]);
        let m = messages(&set, &d, &s);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].contains("cycle: f1 → f2 → f1"), "{m:?}");
    }

    #[test]
    fn every_fragment_is_checked_against_the_text() {
        // "Trump warned: Iran is not winning." — claim "Iran is" + "winning."
        let (d, mut set, s) = base();
        let mut f = set.frames()[0].clone();
        f.claim = Quote::of_text(&d.text, &[Span::new(14, 21), Span::new(26, 34)]).unwrap();
        set.set_frames(vec![f.clone()]);
        assert_eq!(messages(&set, &d, &s), Vec::<String>::new());

        f.claim.fragments_mut()[1].text = "winning!".into();
        set.set_frames(vec![f.clone()]);
        assert_eq!(
            messages(&set, &d, &s),
            vec![
                "frame f1 claim: fragment 2: quote mismatch at [26, 34): stored \"winning!\", \
                 text has \"winning.\""
            ]
        );

        let mut cue = Quote::of_text(&d.text, &[Span::new(6, 12), Span::new(0, 5)]).unwrap();
        f.claim = Quote::of_text(&d.text, &[Span::new(14, 21), Span::new(18, 34)]).unwrap();
        f.cue = Some(cue.clone());
        set.set_frames(vec![f.clone()]);
        assert_eq!(
            messages(&set, &d, &s),
            vec![
                "frame f1 claim: fragments 1 [14, 21) and 2 [18, 34) overlap",
                "frame f1 cue: fragment 2 [0, 5) comes before fragment 1 [6, 12): fragments must \
                 be in text order",
            ]
        );

        cue = Quote::of_text(&d.text, &[Span::new(0, 5), Span::new(6, 12)]).unwrap();
        cue.fragments_mut()[1].span = Span::new(30, 40);
        f.claim = cue.clone();
        f.cue = None;
        set.set_frames(vec![f]);
        assert_eq!(
            messages(&set, &d, &s),
            vec!["frame f1 claim: fragment 2: span [30, 40) ends past the end of the text (34 code points)"]
        );
    }

    #[test]
    fn inverted_span() {
        let (d, mut set, s) = base();
        let mut f = set.frames()[0].clone();
        f.cue = Some(Quote::new(Span::new(12, 6), ""));
        set.set_frames(vec![f]);
        assert_eq!(
            messages(&set, &d, &s),
            vec!["frame f1 cue: start 12 is after end 6"]
        );
    }
}
