//! The native writer's view of frames: every quote written with its current context.
//!
//! Mirrors the field order of [`Frame`] (id, claim, stance, source, cue, target, via,
//! attributes, note, comments, anchor, then unknown fields) and adds `prefix`/`suffix` to every fragment of
//! every span, taken from the document text when the fragment matches it, else the context stored
//! with the fragment (an orphaned quote keeps the context it was found with).

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

use crate::model::anchor::context_str;
use crate::model::{Fragment, Frame, Participant, Quote, Text};

pub(super) struct FramesOut<'a> {
    pub frames: &'a [Frame],
    pub text: &'a Text,
}

impl Serialize for FramesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.frames.len()))?;
        for frame in self.frames {
            seq.serialize_element(&FrameOut {
                f: frame,
                text: self.text,
            })?;
        }
        seq.end()
    }
}

struct FrameOut<'a> {
    f: &'a Frame,
    text: &'a Text,
}

impl Serialize for FrameOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (f, text) = (self.f, self.text);
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &f.id)?;
        m.serialize_entry("claim", &QuoteOut { q: &f.claim, text })?;
        m.serialize_entry("stance", &f.stance)?;
        if let Some(p) = &f.source {
            m.serialize_entry("source", &ParticipantOut { p, text })?;
        }
        if let Some(q) = &f.cue {
            m.serialize_entry("cue", &QuoteOut { q, text })?;
        }
        if let Some(p) = &f.target {
            m.serialize_entry("target", &ParticipantOut { p, text })?;
        }
        if let Some(v) = &f.via {
            m.serialize_entry("via", v)?;
        }
        if !f.attributes.is_empty() {
            m.serialize_entry("attributes", &f.attributes)?;
        }
        if !f.note.is_empty() {
            m.serialize_entry("note", &f.note)?;
        }
        if !f.comments.is_empty() {
            m.serialize_entry("comments", &f.comments)?;
        }
        if !f.anchor.is_exact() {
            m.serialize_entry("anchor", &f.anchor)?;
        }
        for (k, v) in &f.extra {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

struct ParticipantOut<'a> {
    p: &'a Participant,
    text: &'a Text,
}

impl Serialize for ParticipantOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some(q) = &self.p.span {
            m.serialize_entry("span", &QuoteOut { q, text: self.text })?;
        }
        if let Some(e) = &self.p.entity {
            m.serialize_entry("entity", e)?;
        }
        m.end()
    }
}

struct QuoteOut<'a> {
    q: &'a Quote,
    text: &'a Text,
}

/// A one-fragment quote is written flat, exactly as before fragments existed; several are
/// `{"fragments": [...]}`, each with its own context.
impl Serialize for QuoteOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.q.fragments() {
            [one] => FragmentOut {
                f: one,
                text: self.text,
            }
            .serialize(s),
            many => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry(
                    "fragments",
                    &FragmentsOut {
                        fragments: many,
                        text: self.text,
                    },
                )?;
                m.end()
            }
        }
    }
}

struct FragmentsOut<'a> {
    fragments: &'a [Fragment],
    text: &'a Text,
}

impl Serialize for FragmentsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.fragments.len()))?;
        for f in self.fragments {
            seq.serialize_element(&FragmentOut { f, text: self.text })?;
        }
        seq.end()
    }
}

struct FragmentOut<'a> {
    f: &'a Fragment,
    text: &'a Text,
}

impl Serialize for FragmentOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.f;
        let mut m = s.serialize_map(Some(5))?;
        m.serialize_entry("start", &f.span.start)?;
        m.serialize_entry("end", &f.span.end)?;
        m.serialize_entry("text", &f.text)?;
        if self.text.slice(f.span) == Some(f.text.as_str()) {
            let (prefix, suffix) = context_str(self.text, f.span);
            m.serialize_entry("prefix", prefix)?;
            m.serialize_entry("suffix", suffix)?;
        } else if let Some(c) = &f.context {
            m.serialize_entry("prefix", &c.prefix)?;
            m.serialize_entry("suffix", &c.suffix)?;
        }
        m.end()
    }
}
