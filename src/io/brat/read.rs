//! Turning parsed `.ann` lines into frames (see the module doc of [`super`] for the mapping).
//!
//! Nothing is dropped without a word: every annotation that does not end up in a frame is
//! returned as an [`Item`] named by its own id (`FILE:T192`, `FILE:E50`, `FILE:R3`), with the
//! same reason for every item of its kind.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::ann::{parse_ann, Ann};
use crate::io::import::{new_set, Imported, ImportedDoc, ImportedSet, Item, Scheme};
use crate::io::LoadError;
use crate::model::{Document, Entity, Frame, Participant, Quote, Span, SpanRole};

/// Reads one `.txt` + `.ann` pair. `stem` (the file name) is the document id; `path` names the
/// `.ann` in errors and items. The annotator is left empty (`--annotator` supplies it).
pub fn parse(
    stem: &str,
    txt: &str,
    ann: &str,
    path: &str,
    scheme: &Scheme,
) -> Result<Imported, LoadError> {
    let doc = Document::new(stem, txt);
    let mut a = parse_ann(ann, &doc.text, path)?;
    let dropped = std::mem::take(&mut a.dropped);
    let notices = std::mem::take(&mut a.notices);
    let mut b = Builder {
        doc: &doc,
        a: &a,
        path,
        scheme,
        frames: Vec::new(),
        places: BTreeMap::new(),
        frame_of: HashMap::new(),
        users: HashMap::new(),
        used_t: HashSet::new(),
        dropped,
        notices,
    };
    b.frames_from_events();
    b.lone_claims();
    b.roles();
    b.attributes_and_notes();
    b.stances();
    b.report_unused();
    let mut set = new_set(stem, "");
    set.set_entities(entities(&a));
    set.set_frames(b.frames.into_iter().flatten().collect());
    Ok(Imported {
        docs: vec![ImportedDoc {
            document: doc.clone(),
            has_id: false,
            origin: path.into(),
            sets: vec![ImportedSet {
                set,
                places: b.places,
            }],
        }],
        notices: b.notices,
        dropped: b.dropped,
    })
}

/// Project entities from `N` lines (`Reference T2 KIND:ID<TAB>NAME`).
fn entities(a: &Ann) -> Vec<Entity> {
    let mut out: BTreeMap<String, Entity> = BTreeMap::new();
    for (_, kind, eid, name, _) in &a.n {
        out.entry(eid.clone())
            .or_insert_with(|| Entity::new(eid.clone(), name.clone(), kind.clone()));
    }
    out.into_values().collect()
}

/// A role of a frame: (frame index, role, argument T ids, the E or R id it came from).
type Link = (usize, SpanRole, Vec<String>, String);

struct Builder<'a> {
    doc: &'a Document,
    a: &'a Ann,
    path: &'a str,
    scheme: &'a Scheme,
    /// `None` once a frame is dropped (its stance could not be given).
    frames: Vec<Option<Frame>>,
    places: BTreeMap<String, String>,
    /// E or T id of a frame's claim → frame index.
    frame_of: HashMap<String, usize>,
    /// T id → the frames that use it in any role (for notes on role spans).
    users: HashMap<String, Vec<usize>>,
    used_t: HashSet<String>,
    dropped: Vec<Item>,
    notices: Vec<Item>,
}

impl Builder<'_> {
    fn place(&self, id: &str) -> String {
        format!("{}:{id}", self.path)
    }

    /// An event not imported is one item: its trigger and arguments are not counted again
    /// (unless another frame uses them).
    fn lose_event(&mut self, e: &super::ann::Event, reason: String) {
        self.lose(reason, &e.id);
        self.used_t.insert(e.trigger.clone());
        self.used_t.extend(e.args.iter().map(|(_, a)| a.clone()));
    }

    fn lose(&mut self, reason: impl Into<String>, id: &str) {
        let place = self.place(id);
        self.dropped.push(Item::lost(reason, place));
    }

    /// The quote of T annotations taken together: their fragments in text order, where
    /// fragments separated only by line breaks (how brat, and our export, split a span across
    /// lines) are joined again, and overlapping ones (a repeated role such as `Content2`
    /// overlapping `Content`) are merged with a notice. `None` when a T was not read.
    fn quote(&mut self, tids: &[&str]) -> Option<Quote> {
        let text = &self.doc.text;
        let mut spans: Vec<Span> = Vec::new();
        for tid in tids {
            spans.extend(self.a.t.get(*tid)?.fragments.iter().copied());
        }
        spans.sort_unstable();
        let mut joined: Vec<Span> = Vec::with_capacity(spans.len());
        for s in spans {
            if let Some(last) = joined.last_mut() {
                if s.start < last.end {
                    let place = self.place(tids[0]);
                    self.notices.push(Item::noted(
                        "overlapping fragments of one role merged into one",
                        place,
                    ));
                    last.end = last.end.max(s.end);
                    continue;
                }
                let only_breaks = text
                    .slice(Span::new(last.end, s.start))
                    .is_some_and(|g| g.chars().all(|c| c == '\r' || c == '\n'));
                if only_breaks {
                    last.end = s.end;
                    continue;
                }
            }
            joined.push(s);
        }
        let q = Quote::of_text(text, &joined)?;
        for tid in tids {
            self.used_t.insert((*tid).to_owned());
        }
        Some(q)
    }

    fn push_frame(&mut self, keys: &[&str], id: String, claim: Quote, stance: String, at: &str) {
        let place = self.place(at);
        self.places.insert(id.clone(), place);
        for k in keys {
            self.frame_of.insert((*k).to_owned(), self.frames.len());
            self.users
                .entry((*k).to_owned())
                .or_default()
                .push(self.frames.len());
        }
        self.frames.push(Some(Frame::new(id, claim, stance)));
    }

    fn next_free_id(&self) -> u64 {
        let events = self
            .a
            .e
            .iter()
            .filter_map(|e| e.id[1..].parse::<u64>().ok());
        let frames = self
            .places
            .keys()
            .filter_map(|f| f[1..].parse::<u64>().ok());
        events.chain(frames).max().unwrap_or(0) + 1
    }

    /// `E` lines of type `Claim` (the trigger is the claim) or of a scheme's frame type (the
    /// claim is the argument whose role maps to claim): frame `fN` for `EN`.
    fn frames_from_events(&mut self) {
        for e in &self.a.e {
            let native = self.scheme.role(&e.kind) == Some(SpanRole::Claim);
            if !native && !self.scheme.is_frame_type(&e.kind) {
                let reason = format!(
                    "event of type {} (not a frame type; see --frame-type)",
                    e.kind
                );
                self.lose_event(e, reason);
                continue;
            }
            let claim_args: Vec<&str> = if native {
                vec![e.trigger.as_str()]
            } else {
                e.args
                    .iter()
                    .filter(|(r, _)| self.scheme.role(r) == Some(SpanRole::Claim))
                    .map(|(_, a)| a.as_str())
                    .collect()
            };
            if claim_args.is_empty() {
                self.lose_event(e, format!("{} event without a claim argument", e.kind));
                continue;
            }
            let Some(q) = self.quote(&claim_args) else {
                self.lose_event(e, format!("{} event whose claim span was not read", e.kind));
                continue;
            };
            if !native {
                // The trigger (PolNeAR's `Attribution`, at the cue's offsets) is read as the
                // cue when the event names none.
                self.used_t.insert(e.trigger.clone());
            }
            let id = match e.id[1..].parse::<u64>() {
                Ok(n) => format!("f{n}"),
                Err(_) => format!("f{}", self.next_free_id()),
            };
            let mut keys = vec![e.id.as_str()];
            keys.extend(claim_args.iter().copied());
            self.push_frame(&keys, id, q, String::new(), &e.id);
        }
    }

    /// T lines that no event uses: spans of a claim type (stance from an attribute), and —
    /// when the user did not describe the scheme — spans of types that are no role, read as
    /// claims with their type as stance (brat projects that label stance by span type).
    fn lone_claims(&mut self) {
        let lone: Vec<(String, String)> = self
            .a
            .t
            .iter()
            .filter(|(id, tb)| {
                let claim_type = match self.scheme.role(&tb.kind) {
                    Some(r) => r == SpanRole::Claim,
                    None => {
                        !self.scheme.is_described()
                            && !self.scheme.is_ignored(&tb.kind)
                            && !self.scheme.is_frame_type(&tb.kind)
                    }
                };
                !self.used_t.contains(*id) && !self.frame_of.contains_key(*id) && claim_type
            })
            .map(|(id, tb)| (id.clone(), tb.kind.clone()))
            .collect();
        for (tid, kind) in lone {
            let Some(q) = self.quote(&[&tid]) else {
                continue;
            };
            if self.scheme.is_frame_type_scheme() {
                let place = self.place(&tid);
                self.notices.push(Item::noted(
                    format!("{kind} span in no event, imported as a frame without source or cue"),
                    place,
                ));
            }
            let stance = if self.scheme.role(&kind).is_some() {
                String::new()
            } else {
                kind
            };
            let id = format!("f{}", self.next_free_id());
            self.push_frame(&[&tid], id, q, stance, &tid);
        }
    }

    /// Source, cue, target and via, from event arguments and from `R` relations. A role
    /// given twice (`Source`, `Source2`) becomes one span of all their fragments.
    fn roles(&mut self) {
        let (links, vias) = self.links();
        for (fi, arg, place) in vias {
            match self.frame_of.get(&arg) {
                Some(&to) => {
                    let via = self.frames[to].as_ref().map(|f| f.id.clone());
                    if let Some(f) = self.frames[fi].as_mut() {
                        f.via = via;
                    }
                }
                None => self.lose("Via that names no claim", &place),
            }
        }
        for link in links {
            self.apply(link);
        }
    }

    /// Every role link of the events and relations, with the role arguments of one frame
    /// gathered; what names no role is counted.
    fn links(&mut self) -> (Vec<Link>, Vec<(usize, String, String)>) {
        let mut links: Vec<Link> = Vec::new();
        let mut vias: Vec<(usize, String, String)> = Vec::new();
        for e in &self.a.e {
            let Some(&fi) = self.frame_of.get(&e.id) else {
                continue;
            };
            let native = self.scheme.role(&e.kind) == Some(SpanRole::Claim);
            let mut has_cue = false;
            for (role, arg) in &e.args {
                match self.scheme.role(role) {
                    Some(SpanRole::Claim) if !native => {} // read as the claim
                    Some(r) if r != SpanRole::Claim => {
                        has_cue |= r == SpanRole::Cue;
                        match links.iter_mut().find(|l| l.0 == fi && l.1 == r) {
                            Some(l) => l.2.push(arg.clone()),
                            None => links.push((fi, r, vec![arg.clone()], e.id.clone())),
                        }
                    }
                    _ if is_via(role) => vias.push((fi, arg.clone(), e.id.clone())),
                    _ => self.lose(
                        format!("event argument {role} (no frame role; see --roles)"),
                        &e.id,
                    ),
                }
            }
            if !native && !has_cue {
                links.push((fi, SpanRole::Cue, vec![e.trigger.clone()], e.id.clone()));
            }
        }
        for (kind, a1, a2, rid) in &self.a.r {
            let Some(&fi) = self.frame_of.get(a1) else {
                self.lose(format!("{kind} relation whose Arg1 is not a claim"), rid);
                continue;
            };
            match self.scheme.role(kind) {
                Some(r) if r != SpanRole::Claim => {
                    links.push((fi, r, vec![a2.clone()], rid.clone()))
                }
                _ if is_via(kind) => vias.push((fi, a2.clone(), rid.clone())),
                _ => self.lose(format!("{kind} relation (no frame role; see --roles)"), rid),
            }
        }
        (links, vias)
    }

    /// Fills one role of a frame from its argument spans.
    fn apply(&mut self, (fi, role, args, place): Link) {
        let ids: Vec<&str> = args.iter().map(String::as_str).collect();
        let Some(q) = self.quote(&ids) else {
            self.lose(format!("{role:?} argument whose span was not read"), &place);
            return;
        };
        if args.len() > 1 {
            let p = self.place(&place);
            self.notices.push(Item::noted(
                format!("{role:?} given twice, read as one span of fragments"),
                p,
            ));
        }
        for a in &args {
            self.users.entry(a.clone()).or_default().push(fi);
        }
        let entity = self
            .a
            .n
            .iter()
            .find(|n| args.contains(&n.0))
            .map(|n| n.2.clone());
        let p = Participant {
            span: Some(q.clone()),
            entity,
        };
        let Some(f) = self.frames[fi].as_mut() else {
            return;
        };
        match role {
            SpanRole::Source => f.source = Some(p),
            SpanRole::Target => f.target = Some(p),
            SpanRole::Cue => f.cue = Some(q),
            SpanRole::Claim => {}
        }
    }

    /// `Stance` sets the stance; other attributes become frame attributes (binary → `true`);
    /// `AnnotatorNotes` on a frame's claim, event or role span become (part of) its note.
    fn attributes_and_notes(&mut self) {
        for (name, target, value, aid) in &self.a.a {
            let Some(&fi) = self.frame_of.get(target) else {
                self.lose(
                    format!("attribute {name} on an annotation that is no claim"),
                    aid,
                );
                continue;
            };
            let value = value.clone().unwrap_or_else(|| "true".into());
            let Some(f) = self.frames[fi].as_mut() else {
                continue;
            };
            if name.eq_ignore_ascii_case("stance") {
                f.stance = value;
            } else {
                f.attributes.insert(name.clone(), value);
            }
        }
        let mut notes: Vec<(&String, &String)> = self.a.notes.iter().collect();
        notes.sort();
        for (target, note) in notes {
            let mut users = self.users.get(target).cloned().unwrap_or_default();
            users.sort_unstable();
            users.dedup();
            if users.is_empty() {
                self.lose("AnnotatorNotes on an annotation in no frame", target);
            }
            for fi in users {
                if let Some(f) = self.frames[fi].as_mut() {
                    if !f.note.is_empty() {
                        f.note.push('\n');
                    }
                    f.note.push_str(note);
                }
            }
        }
    }

    /// A frame without a stance takes the scheme's default; without one it is not imported.
    fn stances(&mut self) {
        for i in 0..self.frames.len() {
            let Some(f) = self.frames[i].as_mut() else {
                continue;
            };
            if !f.stance.is_empty() {
                continue;
            }
            match &self.scheme.default_stance {
                Some(d) => f.stance = d.clone(),
                None => {
                    let id = f.id.clone();
                    self.frames[i] = None;
                    let place = self.places.remove(&id).unwrap_or_default();
                    self.dropped.push(Item::lost(
                        "claim without a Stance attribute (see --default-stance)",
                        place,
                    ));
                }
            }
        }
    }

    /// Every T that no frame uses, by type: left out on purpose (the scheme's ignored types)
    /// or not imported.
    fn report_unused(&mut self) {
        for (tid, tb) in &self.a.t {
            if self.used_t.contains(tid) {
                continue;
            }
            let place = self.place(tid);
            if self.scheme.is_ignored(&tb.kind) {
                self.dropped.push(Item::noted(
                    format!("{} span (left out by the scheme)", tb.kind),
                    place,
                ));
            } else {
                self.dropped
                    .push(Item::lost(format!("{} span in no frame", tb.kind), place));
            }
        }
    }
}

fn is_via(name: &str) -> bool {
    name.trim_end_matches(|c: char| c.is_ascii_digit())
        .eq_ignore_ascii_case("via")
}
