//! Pending suggestions and rejected ones: what the attribution finder proposed for one
//! annotator's file and what the annotator turned down.
//!
//! Suggestions are **not annotations**: they live beside the frames of an [`AnnotationSet`]
//! (see [`AnnotationSet::suggestions`]) and nothing that counts frames (agreement, stats,
//! exports) sees them unless asked. Accepting one turns it into a frame; rejecting one records a
//! [`Rejection`] (rule id and spans) so that the same suggestion is not proposed again.
//!
//! Wire form (in the native file, after `frames`; both keys are omitted when empty, so a file
//! without suggestions is written exactly as before):
//!
//! ```text
//! "suggestions": [{"id": "s1", "rule": "quote-source-cue", "why": "…",
//!                  "claim": {…}, "stance": "warning",
//!                  "source"?: {"span"?: {…}, "entity"?: "e4", "new_entity"?: {"name", "kind"}},
//!                  "cue"?: {…}, "target"?: {…}, "via"?: "s2" | "f7"}],
//! "rejected_suggestions": [{"rule": "quote-source-cue", "claim": {…}, "cue"?: {…}}]
//! ```
//!
//! Spans are code points, half-open, with their text, one-fragment spans flat, like frames.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::extra_fields::deserialize_keeping_extra;
use super::{AnnotationSet, Entity, Frame, Participant, Quote, Registry};

/// A source or target of a pending suggestion: a span at this place and the entity it names —
/// one of the set (`entity`) or one the finder proposes to create (`new_entity`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestedParty {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Quote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_entity: Option<ProposedEntity>,
}

/// An entity the finder proposes (created when the suggestion is accepted, unless an entity of
/// that name exists by then).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposedEntity {
    pub name: String,
    pub kind: String,
}

/// One pending suggestion: a frame the finder proposes, with the rule that made it and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PendingSuggestion {
    /// `s` and a number, fresh in the set; `via` of other suggestions may name it.
    pub id: String,
    /// The finder's stable rule id (`suggest::Rule::id`).
    pub rule: String,
    /// Why, in a few words ("source and cue 'warned' open the quote").
    pub why: String,
    pub claim: Quote,
    pub stance: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<SuggestedParty>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cue: Option<Quote>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<SuggestedParty>,
    /// The suggestion (`s…`) or, once that was accepted, the frame (`f…`) reporting this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra!(
    PendingSuggestion,
    "a suggestion object",
    required {
        id,
        rule,
        why,
        claim,
        stance
    },
    optional {
        source,
        cue,
        target,
        via
    }
);

/// A suggestion the annotator turned down: its rule and spans. A new run of the finder drops
/// suggestions that match one (see [`Rejection::matches`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rejection {
    pub rule: String,
    pub claim: Quote,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cue: Option<Quote>,
}

impl Rejection {
    pub fn of(s: &PendingSuggestion) -> Rejection {
        Rejection {
            rule: s.rule.clone(),
            claim: s.claim.clone(),
            cue: s.cue.clone(),
        }
    }

    /// The same rule and the same claim and cue spans (texts are implied by the spans).
    pub fn matches(&self, rule: &str, claim: &Quote, cue: Option<&Quote>) -> bool {
        self.rule == rule
            && self.claim.same_spans(claim)
            && match (&self.cue, cue) {
                (None, None) => true,
                (Some(a), Some(b)) => a.same_spans(b),
                _ => false,
            }
    }
}

impl PendingSuggestion {
    /// Whether a frame of the set already says what this suggestion says: a claim overlapping
    /// its claim with a cue overlapping its cue (or, without cues, the same claim spans). Such a
    /// suggestion is not added again by a new run.
    pub fn is_covered_by(&self, frame: &Frame) -> bool {
        if !frame.claim.overlaps(&self.claim) {
            return false;
        }
        match (&frame.cue, &self.cue) {
            (Some(a), Some(b)) => a.overlaps(b),
            (None, None) => frame.claim.same_spans(&self.claim),
            _ => false,
        }
    }

    /// The frame accepting this suggestion makes, with id `frame_id`, its stance `stance` (the
    /// suggested one unless the annotator chose another) and provenance
    /// `{"method": "suggested", "rule": …}`. Entities the suggestion proposes are resolved by
    /// `entity_of` (which creates them as needed) and `via` by `via_of` (`None`: dropped).
    pub fn to_frame(
        &self,
        frame_id: String,
        stance: &str,
        mut entity_of: impl FnMut(&SuggestedParty) -> Option<String>,
        via: Option<String>,
    ) -> Frame {
        let mut f = Frame::new(frame_id, self.claim.clone(), stance);
        let mut party = |p: &Option<SuggestedParty>| {
            let p = p.as_ref()?;
            let out = Participant {
                span: p.span.clone(),
                entity: entity_of(p),
            };
            (!out.is_empty()).then_some(out)
        };
        f.source = party(&self.source);
        f.target = party(&self.target);
        f.cue = self.cue.clone();
        f.via = via;
        f.extra.insert(
            "provenance".to_owned(),
            serde_json::json!({
                "method": "suggested",
                "rule": self.rule,
                "suggested": self.fingerprint(),
            }),
        );
        f
    }

    /// What was proposed, kept in the provenance of the frame accepting it so that a report
    /// can tell a frame accepted as is from one edited after: the stance and each role's
    /// fragments as `[start, end]` pairs.
    pub fn fingerprint(&self) -> Value {
        let spans = |q: Option<&Quote>| -> Vec<[usize; 2]> {
            q.map(|q| q.spans().map(|s| [s.start, s.end]).collect())
                .unwrap_or_default()
        };
        let party = |p: &Option<SuggestedParty>| spans(p.as_ref().and_then(|p| p.span.as_ref()));
        serde_json::json!({
            "stance": self.stance,
            "claim": spans(Some(&self.claim)),
            "source": party(&self.source),
            "cue": spans(self.cue.as_ref()),
            "target": party(&self.target),
        })
    }
}

/// Whether a frame made from a suggestion still is what was suggested (stance and every role's
/// fragments); `None` for a frame not made from one (or without the record).
pub fn accepted_as_is(frame: &Frame) -> Option<bool> {
    let was = frame.extra.get("provenance")?.get("suggested")?;
    let spans = |q: Option<&Quote>| -> Value {
        let v: Vec<[usize; 2]> = q
            .map(|q| q.spans().map(|s| [s.start, s.end]).collect())
            .unwrap_or_default();
        serde_json::json!(v)
    };
    let party = |p: &Option<Participant>| spans(p.as_ref().and_then(|p| p.span.as_ref()));
    let now = serde_json::json!({
        "stance": frame.stance,
        "claim": spans(Some(&frame.claim)),
        "source": party(&frame.source),
        "cue": spans(frame.cue.as_ref()),
        "target": party(&frame.target),
    });
    Some(&now == was)
}

/// The rule id of a frame made from a suggestion (its provenance), if it was.
pub fn suggested_rule(frame: &Frame) -> Option<&str> {
    let p = frame.extra.get("provenance")?;
    if p.get("method")?.as_str()? != "suggested" {
        return None;
    }
    p.get("rule")?.as_str()
}

/// Resolves proposed entities against `set` and entities created earlier in the same step:
/// an entity of the same name is reused; else, in a project, an entity of the `registry` with
/// that name or alias is linked (the file gets its copy, as `entities --adopt` would do);
/// otherwise a new one is made, with an id neither the file nor the registry uses. New
/// entities and copies are pushed on `created`.
pub fn resolve_party(
    set: &AnnotationSet,
    registry: Option<&Registry>,
    created: &mut Vec<Entity>,
    party: &SuggestedParty,
) -> Option<String> {
    if let Some(id) = &party.entity {
        return Some(id.clone());
    }
    let new = party.new_entity.as_ref()?;
    if let Some(e) = set
        .entities
        .iter()
        .chain(created.iter())
        .find(|e| e.name == new.name)
    {
        return Some(e.id.clone());
    }
    if let Some(canonical) = registry.and_then(|r| r.by_name(&new.name)) {
        let holder = set
            .entities
            .iter()
            .chain(created.iter())
            .find(|e| e.id == canonical.id);
        match holder {
            None => {
                created.push(canonical.file_copy());
                return Some(canonical.id.clone());
            }
            // the file's copy of that very entity (under its name while this is an alias)
            Some(copy) if registry.and_then(|r| r.links(copy)).is_some() => {
                return Some(canonical.id.clone());
            }
            // the id names another entity of this file: a file entity of its own, below
            Some(_) => {}
        }
    }
    // A new file entity's id is not a registry id either (it would read as a link).
    let registry_ids = registry
        .into_iter()
        .flat_map(|r| r.entities().iter().map(|e| e.id.as_str()));
    let n = super::annotation::next_number(
        set.entities
            .iter()
            .chain(created.iter())
            .map(|e| e.id.as_str())
            .chain(registry_ids),
        'e',
    );
    let id = format!("e{n}");
    created.push(Entity::new(id.clone(), new.name.clone(), new.kind.clone()));
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Schema, Span};

    fn pending() -> PendingSuggestion {
        PendingSuggestion {
            id: "s1".into(),
            rule: "quote-source-cue".into(),
            why: "cue 'warned' after the quote".into(),
            claim: Quote::new(Span::new(1, 12), "We will not"),
            stance: "warning".into(),
            source: Some(SuggestedParty {
                span: Some(Quote::new(Span::new(15, 17), "he")),
                entity: None,
                new_entity: Some(ProposedEntity {
                    name: "Espen Barth Eide".into(),
                    kind: "person".into(),
                }),
            }),
            cue: Some(Quote::new(Span::new(18, 24), "warned")),
            target: None,
            via: None,
            extra: Map::new(),
        }
    }

    #[test]
    fn wire_form_round_trips_and_keeps_unknown_keys() {
        let json = r#"{"id":"s1","rule":"r","why":"w","claim":{"start":0,"end":2,"text":"ab"},"stance":"report","later":1}"#;
        let s: PendingSuggestion = serde_json::from_str(json).unwrap();
        assert_eq!(s.extra.get("later"), Some(&serde_json::json!(1)));
        assert_eq!(serde_json::to_string(&s).unwrap(), json);
    }

    #[test]
    fn rejection_matches_rule_and_spans_only() {
        let s = pending();
        let r = Rejection::of(&s);
        assert!(r.matches("quote-source-cue", &s.claim, s.cue.as_ref()));
        assert!(!r.matches("split-quote", &s.claim, s.cue.as_ref()));
        assert!(!r.matches("quote-source-cue", &s.claim, None));
        let moved = Quote::new(Span::new(1, 11), "We will no");
        assert!(!r.matches("quote-source-cue", &moved, s.cue.as_ref()));
    }

    #[test]
    fn accepted_frame_records_provenance_and_creates_the_entity_once() {
        let set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        let s = pending();
        let mut created = Vec::new();
        let f = s.to_frame(
            "f1".into(),
            "denial",
            |p| resolve_party(&set, None, &mut created, p),
            None,
        );
        assert_eq!(f.stance, "denial");
        assert_eq!(suggested_rule(&f), Some("quote-source-cue"));
        assert_eq!(accepted_as_is(&f), Some(false), "the stance was changed");
        let g = s.to_frame("f2".into(), "warning", |_| None, None);
        assert_eq!(accepted_as_is(&g), Some(true));
        let mut h = g.clone();
        h.cue = Some(Quote::new(Span::new(18, 22), "warn"));
        assert_eq!(accepted_as_is(&h), Some(false), "the cue was edited");
        assert_eq!(
            accepted_as_is(&Frame::new("f3", s.claim.clone(), "warning")),
            None
        );
        assert_eq!(f.source.as_ref().unwrap().entity.as_deref(), Some("e1"));
        assert_eq!(
            created,
            vec![Entity::new("e1", "Espen Barth Eide", "person")]
        );
        // a second party of the same name reuses it
        let again = resolve_party(&set, None, &mut created, s.source.as_ref().unwrap());
        assert_eq!(again.as_deref(), Some("e1"));
        assert_eq!(created.len(), 1);
    }

    #[test]
    fn a_name_the_registry_knows_links_its_entity() {
        use crate::model::CanonicalEntity;
        let registry = Registry::new(vec![
            CanonicalEntity::new("iran-mfa", "Iran's Foreign Ministry", "organization")
                .with_aliases(["Iranian Foreign Ministry"]),
            CanonicalEntity::new("e1", "Espen Barth Eide", "person"),
        ])
        .unwrap();
        let party = |name: &str| SuggestedParty {
            span: None,
            entity: None,
            new_entity: Some(ProposedEntity {
                name: name.into(),
                kind: "organization".into(),
            }),
        };
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        let mut created = Vec::new();
        let reg = Some(&registry);
        // by an alias: the file gets the registry's copy, under the registry's name
        let id = resolve_party(&set, reg, &mut created, &party("Iranian Foreign Ministry"));
        assert_eq!(id.as_deref(), Some("iran-mfa"));
        assert_eq!(
            created,
            vec![Entity::new(
                "iran-mfa",
                "Iran's Foreign Ministry",
                "organization"
            )]
        );
        // again by the alias: the copy just made is that entity, nothing new
        let id = resolve_party(&set, reg, &mut created, &party("Iranian Foreign Ministry"));
        assert_eq!(id.as_deref(), Some("iran-mfa"));
        assert_eq!(created.len(), 1);
        // a name the registry does not know: a file entity, with an id that is no registry id
        let id = resolve_party(&set, reg, &mut created, &party("Oslo police"));
        assert_eq!(id.as_deref(), Some("e2"));
        // a registry id this file already uses for someone else is not taken over
        set.entities = vec![Entity::new("e1", "Someone Else", "person")];
        let mut created = Vec::new();
        let id = resolve_party(&set, reg, &mut created, &party("Espen Barth Eide"));
        assert_eq!(id.as_deref(), Some("e2"));
        assert_eq!(
            created,
            vec![Entity::new("e2", "Espen Barth Eide", "organization")]
        );
        // without a registry nothing is linked
        let mut created = Vec::new();
        let set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        let id = resolve_party(&set, None, &mut created, &party("Iranian Foreign Ministry"));
        assert_eq!(id.as_deref(), Some("e1"));
    }

    #[test]
    fn validate_names_a_suggestion_span_that_does_not_match_the_text() {
        use crate::model::{validate, Document, Op, Transaction};
        let doc = Document::new("d", "\"We will not\" he warned");
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        let mut s = pending();
        s.source = None;
        s.cue = Some(Quote::new(Span::new(17, 23), "warned"));
        Transaction::new("t")
            .with(Op::AddSuggestion(s.clone()))
            .apply(&mut set)
            .unwrap();
        let schema = Schema::default_news();
        assert_eq!(validate(&set, &doc, &schema), vec![]);
        let mut bad = s.clone();
        bad.cue = Some(Quote::new(Span::new(17, 23), "warns!"));
        Transaction::new("t")
            .with(Op::UpdateSuggestion { old: s, new: bad })
            .apply(&mut set)
            .unwrap();
        let problems = validate(&set, &doc, &schema);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].location, "suggestion s1 cue");
    }

    #[test]
    fn reanchoring_to_a_corrected_text_drops_pending_suggestions_that_no_longer_match() {
        use crate::model::anchor::reanchor_set;
        use crate::model::{Op, Text, Transaction};
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        let mut s = pending();
        s.source = None;
        s.cue = None;
        let mut kept = s.clone();
        kept.id = "s2".into();
        kept.claim = Quote::new(Span::new(0, 1), "\"");
        Transaction::new("t")
            .with(Op::AddSuggestion(s))
            .with(Op::AddSuggestion(kept.clone()))
            .with(Op::AddRejection(Rejection::of(&kept)))
            .apply(&mut set)
            .unwrap();
        // "We will not" moved one code point to the right.
        let (tx, _) = reanchor_set(&set, &Text::new("\"(We will not\" he warned"));
        tx.apply(&mut set).unwrap();
        let ids: Vec<&str> = set.suggestions().iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, vec!["s2"]);
        assert_eq!(set.rejected_suggestions().len(), 1, "rejections stay");
    }

    #[test]
    fn covered_by_a_frame_with_overlapping_claim_and_cue() {
        let s = pending();
        let mut f = Frame::new(
            "f1",
            Quote::new(Span::new(0, 12), "\"We will not"),
            "report",
        );
        assert!(!s.is_covered_by(&f), "no cue on the frame");
        f.cue = Some(Quote::new(Span::new(18, 22), "warn"));
        assert!(s.is_covered_by(&f));
        f.cue = Some(Quote::new(Span::new(30, 34), "said"));
        assert!(!s.is_covered_by(&f), "another cue: another frame");
    }
}
