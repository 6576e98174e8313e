//! brat standoff (`.txt` + `.ann`, and `annotation.conf`), both ways.
//!
//! **Mapping (export, and what import reads back).** A frame is an event:
//!
//! ```text
//! T1	Claim 120 148	Iran is not winning this war     the claim span (the event trigger)
//! T2	Source 98 113	President Trump
//! T3	Cue 114 120	warned
//! T4	Target 120 124	Iran
//! E20	Claim:T1 Source:T2 Cue:T3 Target:T4 Via:E12  frame f20; Via = the reporting frame
//! A1	Stance E20 warning                          the stance (multi-valued attribute)
//! A2	polarity E20 against                        each schema attribute
//! N1	Reference T2 person:e4	Donald Trump        the project entity of a source/target span
//! #1	AnnotatorNotes E20	free text               the note
//! ```
//!
//! Frame `fN` becomes `EN` (other frame ids are renumbered after the largest). `annotation.conf`
//! declares `Source`, `Cue`, `Target` entities, the `Claim` event with optional roles, the
//! `Stance` attribute with the schema's stance ids and one attribute per schema attribute, so
//! brat accepts every line. Lost: participants that are an entity without a span, the entity of
//! a participant only named by kind, line breaks inside notes (written as spaces, with a
//! warning), frame ids not of the form `fN`.
//!
//! **Import** also reads brat files made elsewhere: `R` relations `Source`/`Cue`/`Target`/`Via`
//! with `Arg1` the claim (a `T` or its event) and `Arg2` the other span; a `T` of any type other
//! than `Claim`/`Source`/`Cue`/`Target` that no event uses becomes a claim with that type as its
//! stance; a binary attribute on a claim sets it to `true`; unused role spans are ignored with a
//! warning. Discontinuous spans (`start end;start end`) are read and the frame keeps the
//! covering span — with a warning, unless the gaps hold only line breaks (which is how our own
//! export splits spans across lines, as brat itself does).
//!
//! **Offsets:** code points, half-open, into the `.txt` read as UTF-8 (brat's Python indices).
//! **Line endings:** CRLF counts as two code points; the `.txt` is written byte for byte (brat
//! issue #853 came from a browser counting CRLF as one). Spans that contain a line break are
//! written as fragments split at the break, since a `.ann` text field cannot hold one.

use std::collections::{BTreeMap, HashMap};

use super::export::{check_chars, ExportItem, OutFile};
use super::import::{at, new_set, Imported, ImportedDoc, ImportedSet};
use super::LoadError;
use crate::model::{Document, Entity, Frame, Participant, Quote, Schema, Span, SpanRole, Text};

/// One parsed `T` line.
#[derive(Debug, Clone)]
struct TextBound {
    kind: String,
    fragments: Vec<Span>,
    line: usize,
}

impl TextBound {
    fn covering(&self) -> Span {
        let s = self.fragments.iter().map(|f| f.start).min().unwrap_or(0);
        let e = self.fragments.iter().map(|f| f.end).max().unwrap_or(0);
        Span::new(s, e)
    }
}

#[derive(Debug, Default)]
struct Ann {
    t: BTreeMap<String, TextBound>,
    /// (id, type, trigger T, [(role, arg)], line)
    e: Vec<(String, String, String, Vec<(String, String)>, usize)>,
    /// (type, arg1, arg2, line)
    r: Vec<(String, String, String, usize)>,
    /// (name, target, value, line)
    a: Vec<(String, String, Option<String>, usize)>,
    /// (target, db, id, text, line)
    n: Vec<(String, String, String, String, usize)>,
    /// target → note
    notes: HashMap<String, String>,
}

fn parse_ann(ann: &str, text: &Text, path: &str) -> Result<Ann, LoadError> {
    let mut out = Ann::default();
    for (i, raw) in ann.split('\n').enumerate() {
        let n = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        let bad = |m: String| at(path, n.to_string(), m);
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or_default();
        let Some(body) = cols.next() else {
            return Err(bad(format!("expected ID<TAB>…, found {line:?}")));
        };
        let rest = cols.next();
        let words: Vec<&str> = body.split(' ').filter(|w| !w.is_empty()).collect();
        match id.chars().next() {
            Some('T') => {
                let (kind, offs) = body
                    .split_once(' ')
                    .ok_or_else(|| bad("a T line needs a type and offsets".into()))?;
                let mut fragments = Vec::new();
                for frag in offs.split(';') {
                    let mut p = frag.split(' ').filter(|w| !w.is_empty());
                    let (Some(s), Some(e), None) = (p.next(), p.next(), p.next()) else {
                        return Err(bad(format!(
                            "bad offsets {offs:?} (expected \"START END\" or \"S E;S E\")"
                        )));
                    };
                    let (Ok(s), Ok(e)) = (s.parse::<usize>(), e.parse::<usize>()) else {
                        return Err(bad(format!("offsets {frag:?} are not numbers")));
                    };
                    let span = Span::new(s, e);
                    if text.slice(span).is_none() {
                        return Err(bad(format!(
                            "span {span} is not inside the text ({} code points)",
                            text.len_chars()
                        )));
                    }
                    fragments.push(span);
                }
                let tb = TextBound {
                    kind: kind.into(),
                    fragments,
                    line: n,
                };
                if let Some(stored) = rest {
                    let found: Vec<&str> =
                        tb.fragments.iter().filter_map(|f| text.slice(*f)).collect();
                    if found.join(" ") != stored
                        && found.join(" ").replace(['\r', '\n'], " ") != stored
                    {
                        return Err(bad(format!("the text field {stored:?} differs from the text at those offsets, {:?}", found.join(" "))));
                    }
                }
                out.t.insert(id.into(), tb);
            }
            Some('E') => {
                let (kind, trigger) = words
                    .first()
                    .and_then(|w| w.split_once(':'))
                    .ok_or_else(|| bad("an E line starts with TYPE:TRIGGER".into()))?;
                let mut args = Vec::new();
                for w in &words[1..] {
                    let (role, arg) = w
                        .split_once(':')
                        .ok_or_else(|| bad(format!("argument {w:?} is not ROLE:ID")))?;
                    args.push((role.into(), arg.into()));
                }
                out.e
                    .push((id.into(), kind.into(), trigger.into(), args, n));
            }
            Some('R') => {
                let arg =
                    |w: Option<&&str>| w.and_then(|w| w.split_once(':')).map(|(_, a)| a.to_owned());
                let (Some(kind), Some(a1), Some(a2)) =
                    (words.first(), arg(words.get(1)), arg(words.get(2)))
                else {
                    return Err(bad("an R line is TYPE Arg1:ID Arg2:ID".into()));
                };
                out.r.push((kind.to_string(), a1, a2, n));
            }
            Some('A') | Some('M') => {
                let (Some(name), Some(target)) = (words.first(), words.get(1)) else {
                    return Err(bad("an A line is NAME ID [VALUE]".into()));
                };
                out.a.push((
                    name.to_string(),
                    target.to_string(),
                    words.get(2).map(|s| s.to_string()),
                    n,
                ));
            }
            Some('N') => {
                let (Some(target), Some((db, eid))) =
                    (words.get(1), words.get(2).and_then(|w| w.split_once(':')))
                else {
                    return Err(bad("an N line is Reference ID DB:KEY<TAB>TEXT".into()));
                };
                out.n.push((
                    target.to_string(),
                    db.into(),
                    eid.into(),
                    rest.unwrap_or_default().into(),
                    n,
                ));
            }
            Some('#') => {
                if let (Some(&"AnnotatorNotes"), Some(target)) = (words.first(), words.get(1)) {
                    out.notes
                        .insert(target.to_string(), rest.unwrap_or_default().into());
                }
            }
            Some('*') => {} // equivalences carry nothing a frame can hold
            _ => return Err(bad(format!("unknown annotation id {id:?}"))),
        }
    }
    Ok(out)
}

fn role_of(kind: &str) -> Option<SpanRole> {
    match kind.to_ascii_lowercase().as_str() {
        "claim" => Some(SpanRole::Claim),
        "source" => Some(SpanRole::Source),
        "cue" => Some(SpanRole::Cue),
        "target" => Some(SpanRole::Target),
        _ => None,
    }
}

/// Reads one `.txt` + `.ann` pair. `stem` (the file name) is the document id; `path` names the
/// `.ann` in errors and warnings. The annotator is left empty (`--annotator` supplies it).
pub fn parse(stem: &str, txt: &str, ann: &str, path: &str) -> Result<Imported, LoadError> {
    let doc = Document::new(stem, txt);
    let a = parse_ann(ann, &doc.text, path)?;
    let mut warnings = Vec::new();
    let quote = |tid: &str, line: usize, warnings: &mut Vec<String>| -> Result<Quote, LoadError> {
        let tb =
            a.t.get(tid)
                .ok_or_else(|| at(path, line.to_string(), format!("unknown span {tid}")))?;
        let cover = tb.covering();
        let full = doc.text.slice(cover).unwrap_or_default();
        if tb.fragments.len() > 1 {
            let gaps_only_breaks = tb.fragments.windows(2).all(|w| {
                doc.text
                    .slice(Span::new(w[0].end, w[1].start))
                    .is_some_and(|g| g.chars().all(|c| c == '\r' || c == '\n'))
            });
            if !gaps_only_breaks {
                warnings.push(format!("{path}:{}: discontinuous span {tid}: the frame keeps the covering span {cover}", tb.line));
            }
        }
        Ok(Quote::new(cover, full))
    };
    // Entity links of spans, from N lines.
    let mut entity_of: HashMap<String, String> = HashMap::new();
    let mut entities: BTreeMap<String, Entity> = BTreeMap::new();
    for (target, kind, eid, name, _) in &a.n {
        entity_of.insert(target.clone(), eid.clone());
        entities
            .entry(eid.clone())
            .or_insert_with(|| Entity::new(eid.clone(), name.clone(), kind.clone()));
    }
    let participant = |tid: &str, q: Quote| Participant {
        span: Some(q),
        entity: entity_of.get(tid).cloned(),
    };

    let mut frames: Vec<Frame> = Vec::new();
    let mut places = BTreeMap::new();
    let mut frame_of: HashMap<String, usize> = HashMap::new(); // E or T id → frame index
    let mut used_t = std::collections::HashSet::new();
    let mut next_free =
        a.e.iter()
            .filter_map(|e| e.0[1..].parse::<u64>().ok())
            .max()
            .unwrap_or(0)
            + 1;
    for (eid, kind, trigger, _, line) in &a.e {
        if role_of(kind) != Some(SpanRole::Claim) {
            warnings.push(format!(
                "{path}:{line}: event type {kind:?} is not Claim; ignored"
            ));
            continue;
        }
        let fid = match eid[1..].parse::<u64>() {
            Ok(n) => format!("f{n}"),
            Err(_) => {
                next_free += 1;
                format!("f{}", next_free - 1)
            }
        };
        let q = quote(trigger, *line, &mut warnings)?;
        used_t.insert(trigger.clone());
        places.insert(fid.clone(), format!("{path}:{line}"));
        frame_of.insert(eid.clone(), frames.len());
        frame_of.insert(trigger.clone(), frames.len());
        frames.push(Frame::new(fid, q, ""));
    }
    // Claims that no event uses: T lines of type Claim, or of a stance type.
    let lone: Vec<(String, TextBound)> =
        a.t.iter()
            .filter(|(id, tb)| {
                !used_t.contains(*id)
                    && !matches!(
                        role_of(&tb.kind),
                        Some(SpanRole::Source | SpanRole::Cue | SpanRole::Target)
                    )
            })
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
    for (tid, tb) in lone {
        let q = quote(&tid, tb.line, &mut warnings)?;
        let fid = format!("f{next_free}");
        next_free += 1;
        let stance = if role_of(&tb.kind) == Some(SpanRole::Claim) {
            String::new()
        } else {
            tb.kind.clone()
        };
        places.insert(fid.clone(), format!("{path}:{}", tb.line));
        frame_of.insert(tid.clone(), frames.len());
        used_t.insert(tid);
        frames.push(Frame::new(fid, q, stance));
    }
    // Roles from event arguments and from relations.
    let mut links: Vec<(usize, String, String, usize)> = Vec::new(); // frame, role, arg, line
    for (eid, _, _, args, line) in &a.e {
        if let Some(&fi) = frame_of.get(eid) {
            links.extend(args.iter().map(|(r, x)| (fi, r.clone(), x.clone(), *line)));
        }
    }
    for (kind, a1, a2, line) in &a.r {
        let Some(&fi) = frame_of.get(a1) else {
            return Err(at(
                path,
                line.to_string(),
                format!("relation {kind}: Arg1 {a1} is not a claim"),
            ));
        };
        links.push((fi, kind.clone(), a2.clone(), *line));
    }
    for (fi, role, arg, line) in links {
        let role_l = role.to_ascii_lowercase();
        let role_l = role_l.trim_end_matches(|c: char| c.is_ascii_digit());
        if role_l == "via" {
            let Some(&to) = frame_of.get(&arg) else {
                return Err(at(
                    path,
                    line.to_string(),
                    format!("Via:{arg} does not name a claim"),
                ));
            };
            frames[fi].via = Some(frames[to].id.clone());
            continue;
        }
        let r = role_of(role_l)
            .filter(|r| *r != SpanRole::Claim)
            .ok_or_else(|| {
                at(
                    path,
                    line.to_string(),
                    format!("unknown role {role:?} (expected Source, Cue, Target or Via)"),
                )
            })?;
        let q = quote(&arg, line, &mut warnings)?;
        used_t.insert(arg.clone());
        let f = &mut frames[fi];
        match r {
            SpanRole::Source => f.source = Some(participant(&arg, q)),
            SpanRole::Target => f.target = Some(participant(&arg, q)),
            SpanRole::Cue => f.cue = Some(q),
            SpanRole::Claim => {}
        }
    }
    for (name, target, value, line) in &a.a {
        let Some(&fi) = frame_of.get(target) else {
            warnings.push(format!(
                "{path}:{line}: attribute {name} on {target}, which is not a claim; ignored"
            ));
            continue;
        };
        let value = value.clone().unwrap_or_else(|| "true".into());
        if name.eq_ignore_ascii_case("stance") {
            frames[fi].stance = value;
        } else {
            frames[fi].attributes.insert(name.clone(), value);
        }
    }
    for (target, note) in &a.notes {
        if let Some(&fi) = frame_of.get(target) {
            frames[fi].note = note.clone();
        }
    }
    for f in &frames {
        if f.stance.is_empty() {
            return Err(at(
                path,
                places
                    .get(&f.id)
                    .and_then(|p| p.rsplit(':').next())
                    .unwrap_or("?"),
                format!("claim {} has no Stance attribute", f.id),
            ));
        }
    }
    for (tid, tb) in &a.t {
        if !used_t.contains(tid) {
            warnings.push(format!(
                "{path}:{}: {} span {tid} belongs to no claim; ignored",
                tb.line, tb.kind
            ));
        }
    }
    let mut set = new_set(stem, "");
    set.entities = entities.into_values().collect();
    set.set_frames(frames);
    Ok(Imported {
        docs: vec![ImportedDoc {
            document: doc,
            has_id: false,
            origin: path.into(),
            sets: vec![ImportedSet { set, places }],
        }],
        warnings,
    })
}

/// The fragments of a span split at line breaks (brat's own way), unless the span starts or
/// ends with one (then one fragment, whose text field shows the breaks as spaces).
fn fragments(text: &Text, span: Span) -> Vec<Span> {
    let s = text.slice(span).unwrap_or_default();
    let is_break = |c: char| c == '\r' || c == '\n';
    if !s.contains(is_break) || s.starts_with(is_break) || s.ends_with(is_break) {
        return vec![span];
    }
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.chars().enumerate() {
        match (is_break(c), start) {
            (false, None) => start = Some(i),
            (true, Some(st)) => {
                out.push(Span::new(span.start + st, span.start + i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(st) = start {
        out.push(Span::new(span.start + st, span.end));
    }
    out
}

fn t_line(id: usize, kind: &str, text: &Text, span: Span) -> String {
    let frags = fragments(text, span);
    let offs: Vec<String> = frags
        .iter()
        .map(|f| format!("{} {}", f.start, f.end))
        .collect();
    let texts: Vec<String> = frags
        .iter()
        .map(|f| {
            text.slice(*f)
                .unwrap_or_default()
                .replace(['\r', '\n'], " ")
        })
        .collect();
    format!("T{id}\t{kind} {}\t{}\n", offs.join(";"), texts.join(" "))
}

/// The `.ann` of one document, plus warnings.
pub fn ann(doc: &Document, set: &crate::model::AnnotationSet) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut warnings = Vec::new();
    let (mut t, mut a, mut n, mut note) = (0, 0, 0, 0);
    let mut next_e = set
        .frames()
        .iter()
        .filter_map(|f| f.id.strip_prefix('f')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let mut e_of: HashMap<&str, u64> = HashMap::new();
    for f in set.frames() {
        let e = match f.id.strip_prefix('f').and_then(|n| n.parse::<u64>().ok()) {
            Some(n) if !e_of.values().any(|v| *v == n) => n,
            _ => {
                next_e += 1;
                next_e - 1
            }
        };
        e_of.insert(&f.id, e);
    }
    for f in set.frames() {
        let e = e_of[f.id.as_str()];
        t += 1;
        out.push_str(&t_line(t, "Claim", &doc.text, f.claim.span));
        let mut args = format!("E{e}\tClaim:T{t}");
        for (role, q) in f.quotes().skip(1) {
            t += 1;
            out.push_str(&t_line(t, &capitalised(role.name()), &doc.text, q.span));
            args.push_str(&format!(" {}:T{t}", capitalised(role.name())));
            let entity = match role {
                SpanRole::Source => f.source.as_ref().and_then(|p| p.entity.as_deref()),
                SpanRole::Target => f.target.as_ref().and_then(|p| p.entity.as_deref()),
                _ => None,
            };
            if let Some(ent) = entity.and_then(|id| set.entity(id)) {
                n += 1;
                out.push_str(&format!(
                    "N{n}\tReference T{t} {}:{}\t{}\n",
                    ent.kind,
                    ent.id,
                    ent.name.replace(['\t', '\r', '\n'], " ")
                ));
            }
        }
        for (name, p) in [("source", &f.source), ("target", &f.target)] {
            if p.as_ref()
                .is_some_and(|p| p.span.is_none() && p.entity.is_some())
            {
                warnings.push(format!(
                    "{}: frame {}: the {name} is an entity without a span, which brat cannot hold",
                    doc.id, f.id
                ));
            }
        }
        if let Some(v) = f.via.as_deref().and_then(|v| e_of.get(v)) {
            args.push_str(&format!(" Via:E{v}"));
        }
        out.push_str(&args);
        out.push('\n');
        a += 1;
        out.push_str(&format!("A{a}\tStance E{e} {}\n", f.stance));
        for (k, v) in &f.attributes {
            a += 1;
            out.push_str(&format!("A{a}\t{k} E{e} {v}\n"));
        }
        if !f.note.is_empty() {
            note += 1;
            if f.note.contains(['\r', '\n', '\t']) {
                warnings.push(format!(
                    "{}: frame {}: line breaks and tabs in the note are written as spaces",
                    doc.id, f.id
                ));
            }
            out.push_str(&format!(
                "#{note}\tAnnotatorNotes E{e}\t{}\n",
                f.note.replace(['\r', '\n', '\t'], " ")
            ));
        }
    }
    (out, warnings)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// `annotation.conf` declaring every type the export uses.
pub fn annotation_conf(schema: &Schema) -> String {
    let stances: Vec<&str> = schema.stances.iter().map(|s| s.id.as_str()).collect();
    let mut c = String::from("# stancemark attribution frames: see the stancemark README (brat mapping)\n[entities]\nSource\nCue\nTarget\n\n[relations]\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n\n[events]\nClaim\tSource?:Source, Cue?:Cue, Target?:Target, Via?:Claim\n\n[attributes]\n");
    c.push_str(&format!("Stance\tArg:Claim, Value:{}\n", stances.join("|")));
    for a in &schema.attributes {
        c.push_str(&format!(
            "{}\tArg:Claim, Value:{}\n",
            a.id,
            a.values.join("|")
        ));
    }
    c
}

/// `<id>.txt` and `<id>.ann` per document, and `annotation.conf`.
pub fn export(items: &[ExportItem], schema: &Schema) -> (Vec<OutFile>, Vec<String>) {
    let mut files = vec![OutFile::new("annotation.conf", annotation_conf(schema))];
    let mut warnings = Vec::new();
    for it in items {
        let (a, w) = ann(it.document, it.set);
        warnings.extend(w);
        files.push(OutFile::new(
            format!("{}.txt", it.document.id),
            it.document.text.as_str(),
        ));
        files.push(OutFile::new(format!("{}.ann", it.document.id), a));
    }
    (files, warnings)
}

/// Re-reads a written `.txt`/`.ann` pair and checks every T fragment's text field against
/// `text[start:end]` in code points (the parser does that check), then that every frame's
/// spans came back.
pub fn verify(
    txt: &str,
    ann_text: &str,
    path: &str,
    set: &crate::model::AnnotationSet,
) -> Result<usize, String> {
    let text = Text::new(txt);
    let a = parse_ann(ann_text, &text, path).map_err(|e| e.to_string())?;
    let mut checked = 0;
    // parse_ann compared each T line's text field with `text[start:end]` of its fragments.
    for tb in a.t.values() {
        checked += tb.fragments.len();
    }
    let expected: usize = set.frames().iter().map(|f| f.quotes().count()).sum();
    if a.t.len() != expected {
        return Err(format!(
            "{path}: {} spans written, {expected} expected",
            a.t.len()
        ));
    }
    for f in set.frames() {
        for (role, q) in f.quotes() {
            let cover = text.slice(q.span).unwrap_or_default();
            check_chars(
                &text,
                q.span.start,
                q.span.end,
                cover,
                &format!("{path}: frame {}", f.id),
            )?;
            if cover != q.text {
                return Err(format!(
                    "{path}: frame {} {}: the .txt holds {cover:?} at {}, the quote is {:?}",
                    f.id,
                    role.name(),
                    q.span,
                    q.text
                ));
            }
            if !a
                .t
                .values()
                .any(|tb| tb.covering() == q.span && role_of(&tb.kind) == Some(role))
            {
                return Err(format!(
                    "{path}: frame {} {}: span {} is missing",
                    f.id,
                    role.name(),
                    q.span
                ));
            }
        }
    }
    Ok(checked)
}
