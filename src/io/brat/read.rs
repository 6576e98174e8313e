//! Turning parsed `.ann` lines into frames (see the module doc of [`super`] for the mapping).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::ann::{parse_ann, Ann};
use super::role_of;
use crate::io::import::{at, new_set, Imported, ImportedDoc, ImportedSet};
use crate::io::LoadError;
use crate::model::{Document, Entity, Frame, Participant, Quote, Span, SpanRole};

/// Reads one `.txt` + `.ann` pair. `stem` (the file name) is the document id; `path` names the
/// `.ann` in errors and warnings. The annotator is left empty (`--annotator` supplies it).
pub fn parse(stem: &str, txt: &str, ann: &str, path: &str) -> Result<Imported, LoadError> {
    let doc = Document::new(stem, txt);
    let a = parse_ann(ann, &doc.text, path)?;
    let mut b = Builder {
        doc: &doc,
        a: &a,
        path,
        frames: Vec::new(),
        places: BTreeMap::new(),
        frame_of: HashMap::new(),
        used_t: HashSet::new(),
        warnings: Vec::new(),
    };
    b.claims_from_events()?;
    b.lone_claims()?;
    b.roles()?;
    b.attributes_and_notes()?;
    b.warn_unused();
    let mut set = new_set(stem, "");
    set.set_entities(entities(&a));
    set.set_frames(b.frames);
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
        warnings: b.warnings,
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

struct Builder<'a> {
    doc: &'a Document,
    a: &'a Ann,
    path: &'a str,
    frames: Vec<Frame>,
    places: BTreeMap<String, String>,
    /// E or T id → frame index.
    frame_of: HashMap<String, usize>,
    used_t: HashSet<String>,
    warnings: Vec<String>,
}

impl Builder<'_> {
    fn err(&self, line: usize, message: String) -> LoadError {
        at(self.path, line.to_string(), message)
    }

    /// The quote of a T annotation: its fragments in text order, where fragments separated only
    /// by line breaks (how brat, and our export, split a span across lines) are joined again.
    fn quote(&mut self, tid: &str, line: usize) -> Result<Quote, LoadError> {
        let tb = self
            .a
            .t
            .get(tid)
            .ok_or_else(|| self.err(line, format!("unknown span {tid}")))?;
        let text = &self.doc.text;
        let mut spans = tb.fragments.clone();
        spans.sort_unstable();
        let mut joined: Vec<Span> = Vec::with_capacity(spans.len());
        for s in spans {
            if let Some(last) = joined.last_mut() {
                let only_breaks = s.start >= last.end
                    && text
                        .slice(Span::new(last.end, s.start))
                        .is_some_and(|g| g.chars().all(|c| c == '\r' || c == '\n'));
                if only_breaks {
                    last.end = s.end;
                    continue;
                }
            }
            joined.push(s);
        }
        let q = Quote::of_text(text, &joined)
            .ok_or_else(|| self.err(tb.line, format!("span {tid} has no fragment in the text")))?;
        self.used_t.insert(tid.to_owned());
        Ok(q)
    }

    fn push_frame(&mut self, keys: &[&str], id: String, claim: Quote, stance: String, line: usize) {
        self.places
            .insert(id.clone(), format!("{}:{line}", self.path));
        for k in keys {
            self.frame_of.insert((*k).to_owned(), self.frames.len());
        }
        self.frames.push(Frame::new(id, claim, stance));
    }

    fn next_free_id(&self) -> u64 {
        let events = self
            .a
            .e
            .iter()
            .filter_map(|e| e.id[1..].parse::<u64>().ok());
        let frames = self
            .frames
            .iter()
            .filter_map(|f| f.id[1..].parse::<u64>().ok());
        events.chain(frames).max().unwrap_or(0) + 1
    }

    /// `E` lines of type Claim: frame `fN` for `EN`.
    fn claims_from_events(&mut self) -> Result<(), LoadError> {
        for e in &self.a.e {
            if role_of(&e.kind) != Some(SpanRole::Claim) {
                self.warnings.push(format!(
                    "{}:{}: event type {:?} is not Claim; ignored",
                    self.path, e.line, e.kind
                ));
                continue;
            }
            let id = match e.id[1..].parse::<u64>() {
                Ok(n) => format!("f{n}"),
                Err(_) => format!("f{}", self.next_free_id()),
            };
            let q = self.quote(&e.trigger, e.line)?;
            self.push_frame(&[&e.id, &e.trigger], id, q, String::new(), e.line);
        }
        Ok(())
    }

    /// T lines that no event uses and that are not roles: claims (type `Claim`, stance from an
    /// attribute) or stance-typed spans from other brat projects (type = stance).
    fn lone_claims(&mut self) -> Result<(), LoadError> {
        let lone: Vec<(String, String, usize)> = self
            .a
            .t
            .iter()
            .filter(|(id, tb)| {
                !self.used_t.contains(*id)
                    && matches!(role_of(&tb.kind), None | Some(SpanRole::Claim))
            })
            .map(|(id, tb)| (id.clone(), tb.kind.clone(), tb.line))
            .collect();
        for (tid, kind, line) in lone {
            let q = self.quote(&tid, line)?;
            let stance = if role_of(&kind).is_some() {
                String::new()
            } else {
                kind
            };
            let id = format!("f{}", self.next_free_id());
            self.push_frame(&[&tid], id, q, stance, line);
        }
        Ok(())
    }

    /// Source, cue, target and via, from event arguments and from `R` relations.
    fn roles(&mut self) -> Result<(), LoadError> {
        let mut links: Vec<(usize, String, String, usize)> = Vec::new(); // frame, role, arg, line
        for e in &self.a.e {
            if let Some(&fi) = self.frame_of.get(&e.id) {
                links.extend(
                    e.args
                        .iter()
                        .map(|(r, x)| (fi, r.clone(), x.clone(), e.line)),
                );
            }
        }
        for (kind, a1, a2, line) in &self.a.r {
            let Some(&fi) = self.frame_of.get(a1) else {
                return Err(self.err(*line, format!("relation {kind}: Arg1 {a1} is not a claim")));
            };
            links.push((fi, kind.clone(), a2.clone(), *line));
        }
        for (fi, role, arg, line) in links {
            // brat numbers repeated roles (Target2); one of each fits a frame.
            let name = role.to_ascii_lowercase();
            let name = name.trim_end_matches(|c: char| c.is_ascii_digit());
            if name == "via" {
                let Some(&to) = self.frame_of.get(&arg) else {
                    return Err(self.err(line, format!("Via:{arg} does not name a claim")));
                };
                self.frames[fi].via = Some(self.frames[to].id.clone());
                continue;
            }
            let Some(r) = role_of(name).filter(|r| *r != SpanRole::Claim) else {
                return Err(self.err(
                    line,
                    format!("unknown role {role:?} (expected Source, Cue, Target or Via)"),
                ));
            };
            let q = self.quote(&arg, line)?;
            let entity = self.a.n.iter().find(|n| n.0 == arg).map(|n| n.2.clone());
            let p = Participant {
                span: Some(q.clone()),
                entity,
            };
            let f = &mut self.frames[fi];
            match r {
                SpanRole::Source => f.source = Some(p),
                SpanRole::Target => f.target = Some(p),
                SpanRole::Cue => f.cue = Some(q),
                SpanRole::Claim => {}
            }
        }
        Ok(())
    }

    /// `Stance` sets the stance; other attributes become frame attributes (binary → `true`);
    /// `AnnotatorNotes` become the note. Every claim must end up with a stance.
    fn attributes_and_notes(&mut self) -> Result<(), LoadError> {
        for (name, target, value, line) in &self.a.a {
            let Some(&fi) = self.frame_of.get(target) else {
                self.warnings.push(format!(
                    "{}:{line}: attribute {name} on {target}, which is not a claim; ignored",
                    self.path
                ));
                continue;
            };
            let value = value.clone().unwrap_or_else(|| "true".into());
            if name.eq_ignore_ascii_case("stance") {
                self.frames[fi].stance = value;
            } else {
                self.frames[fi].attributes.insert(name.clone(), value);
            }
        }
        for (target, note) in &self.a.notes {
            if let Some(&fi) = self.frame_of.get(target) {
                self.frames[fi].note = note.clone();
            }
        }
        if let Some(f) = self.frames.iter().find(|f| f.stance.is_empty()) {
            let line = self.places[&f.id]
                .rsplit(':')
                .next()
                .unwrap_or("?")
                .to_owned();
            return Err(at(
                self.path,
                line,
                format!("claim {} has no Stance attribute", f.id),
            ));
        }
        Ok(())
    }

    fn warn_unused(&mut self) {
        for (tid, tb) in &self.a.t {
            if !self.used_t.contains(tid) {
                self.warnings.push(format!(
                    "{}:{}: {} span {tid} belongs to no claim; ignored",
                    self.path, tb.line, tb.kind
                ));
            }
        }
    }
}
