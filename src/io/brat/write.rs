//! Writing `.ann` files and `annotation.conf`, and checking what was written.

use std::collections::{HashMap, HashSet};

use super::ann::parse_ann;
use super::role_of;
use crate::io::export::{check_chars, ExportItem, OutFile};
use crate::model::{Document, Quote, Schema, Span, SpanRole, Text};

/// One fragment split at line breaks (brat's own way), unless it starts or ends with one (then
/// one piece, whose text field shows the breaks as spaces).
fn split_at_breaks(text: &Text, span: Span, out: &mut Vec<Span>) {
    let s = text.slice(span).unwrap_or_default();
    let is_break = |c: char| c == '\r' || c == '\n';
    if !s.contains(is_break) || s.starts_with(is_break) || s.ends_with(is_break) {
        out.push(span);
        return;
    }
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
}

/// The brat fragments of a quote: each of its fragments, split at line breaks.
pub(super) fn brat_fragments(text: &Text, q: &Quote) -> Vec<Span> {
    let mut out = Vec::with_capacity(q.fragments().len());
    for s in q.spans() {
        split_at_breaks(text, s, &mut out);
    }
    out
}

/// Appends `n` in decimal.
fn push_num(out: &mut String, n: impl itoa::Integer) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Appends `s` with every CR, LF (and TAB, when `tabs`) written as a space.
fn push_spaced(out: &mut String, s: &str, tabs: bool) {
    let mut rest = s;
    while let Some(i) = rest.find(|c| c == '\r' || c == '\n' || (tabs && c == '\t')) {
        out.push_str(&rest[..i]);
        out.push(' ');
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
}

/// `T{id}\t{kind} start end;start end\t{text}`: the text field is the fragments' texts joined
/// by one space, line breaks inside one shown as spaces.
fn t_line(out: &mut String, frags: &mut Vec<Span>, id: usize, kind: &str, text: &Text, q: &Quote) {
    frags.clear();
    for s in q.spans() {
        split_at_breaks(text, s, frags);
    }
    out.push('T');
    push_num(out, id);
    out.push('\t');
    out.push_str(kind);
    for (i, f) in frags.iter().enumerate() {
        out.push(if i == 0 { ' ' } else { ';' });
        push_num(out, f.start);
        out.push(' ');
        push_num(out, f.end);
    }
    out.push('\t');
    for (i, f) in frags.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_spaced(out, text.slice(*f).unwrap_or_default(), false);
    }
    out.push('\n');
}

/// The brat type of a role.
fn kind_of(role: SpanRole) -> &'static str {
    match role {
        SpanRole::Claim => "Claim",
        SpanRole::Source => "Source",
        SpanRole::Cue => "Cue",
        SpanRole::Target => "Target",
    }
}

/// The event number of every frame: `fN` is `EN` unless another frame took N; the rest are
/// numbered after the largest.
fn event_numbers(set: &crate::model::AnnotationSet) -> HashMap<&str, u64> {
    let number = |id: &str| id.strip_prefix('f')?.parse::<u64>().ok();
    let mut next_e = set
        .frames()
        .iter()
        .filter_map(|f| number(&f.id))
        .max()
        .unwrap_or(0)
        + 1;
    let mut e_of: HashMap<&str, u64> = HashMap::with_capacity(set.frames().len());
    let mut taken: HashSet<u64> = HashSet::with_capacity(set.frames().len());
    for f in set.frames() {
        let e = match number(&f.id) {
            Some(n) if !taken.contains(&n) => n,
            _ => {
                next_e += 1;
                next_e - 1
            }
        };
        // A frame id seen twice keeps its last number, as its lines are written with it.
        if let Some(old) = e_of.insert(&f.id, e) {
            taken.remove(&old);
        }
        taken.insert(e);
    }
    e_of
}

/// The `.ann` of one document, plus warnings.
pub fn ann(doc: &Document, set: &crate::model::AnnotationSet) -> (String, Vec<String>) {
    let mut out = String::with_capacity(256 * set.frames().len());
    let mut warnings = Vec::new();
    let (mut t, mut a, mut n, mut note) = (0, 0, 0, 0);
    let e_of = event_numbers(set);
    let mut frags = Vec::new();
    let mut args = String::new();
    for f in set.frames() {
        let e = e_of[f.id.as_str()];
        t += 1;
        t_line(&mut out, &mut frags, t, "Claim", &doc.text, &f.claim);
        args.clear();
        args.push('E');
        push_num(&mut args, e);
        args.push_str("\tClaim:T");
        push_num(&mut args, t);
        for (role, q) in f.quotes().skip(1) {
            t += 1;
            t_line(&mut out, &mut frags, t, kind_of(role), &doc.text, q);
            args.push(' ');
            args.push_str(kind_of(role));
            args.push_str(":T");
            push_num(&mut args, t);
            let entity = match role {
                SpanRole::Source => f.source.as_ref().and_then(|p| p.entity.as_deref()),
                SpanRole::Target => f.target.as_ref().and_then(|p| p.entity.as_deref()),
                _ => None,
            };
            if let Some(ent) = entity.and_then(|id| set.entity(id)) {
                n += 1;
                out.push('N');
                push_num(&mut out, n);
                out.push_str("\tReference T");
                push_num(&mut out, t);
                out.push(' ');
                out.push_str(&ent.kind);
                out.push(':');
                out.push_str(&ent.id);
                out.push('\t');
                push_spaced(&mut out, &ent.name, true);
                out.push('\n');
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
            args.push_str(" Via:E");
            push_num(&mut args, *v);
        }
        out.push_str(&args);
        out.push('\n');
        let attributes = f.attributes.iter().map(|(k, v)| (k.as_str(), v));
        for (k, v) in std::iter::once(("Stance", &f.stance)).chain(attributes) {
            a += 1;
            out.push('A');
            push_num(&mut out, a);
            out.push('\t');
            out.push_str(k);
            out.push_str(" E");
            push_num(&mut out, e);
            out.push(' ');
            out.push_str(v);
            out.push('\n');
        }
        if !f.note.is_empty() {
            note += 1;
            if f.note.contains(['\r', '\n', '\t']) {
                warnings.push(format!(
                    "{}: frame {}: line breaks and tabs in the note are written as spaces",
                    doc.id, f.id
                ));
            }
            out.push('#');
            push_num(&mut out, note);
            out.push_str("\tAnnotatorNotes E");
            push_num(&mut out, e);
            out.push('\t');
            push_spaced(&mut out, &f.note, true);
            out.push('\n');
        }
    }
    (out, warnings)
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
    let mut files = Vec::with_capacity(2 * items.len() + 1);
    files.push(OutFile::new("annotation.conf", annotation_conf(schema)));
    let mut warnings = Vec::new();
    let parts = crate::io::export::per_share(items, |share| {
        share
            .iter()
            .map(|it| (it, ann(it.document, it.set)))
            .map(|(it, (a, w))| {
                let txt =
                    OutFile::new(format!("{}.txt", it.document.id), it.document.text.as_str());
                (txt, OutFile::new(format!("{}.ann", it.document.id), a), w)
            })
            .collect::<Vec<_>>()
    });
    for (txt, a, w) in parts.into_iter().flatten() {
        warnings.extend(w);
        files.push(txt);
        files.push(a);
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
    if let Some(d) = a.dropped.first() {
        return Err(format!("{}: {}", d.place, d.reason));
    }
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
    // Every (role, fragments) written, looked up once per quote below.
    let written: HashSet<(SpanRole, &[Span])> =
        a.t.values()
            .filter_map(|tb| Some((role_of(&tb.kind)?, tb.fragments.as_slice())))
            .collect();
    for f in set.frames() {
        for (role, q) in f.quotes() {
            for frag in q.fragments() {
                let found = text.slice(frag.span).unwrap_or_default();
                check_chars(
                    &text,
                    frag.span.start,
                    frag.span.end,
                    found,
                    &format!("{path}: frame {}", f.id),
                )?;
                if found != frag.text {
                    return Err(format!(
                        "{path}: frame {} {}: the .txt holds {found:?} at {}, the quote is {:?}",
                        f.id,
                        role.name(),
                        frag.span,
                        frag.text
                    ));
                }
            }
            let expected = brat_fragments(&text, q);
            if !written.contains(&(role, expected.as_slice())) {
                return Err(format!(
                    "{path}: frame {} {}: span {} is missing",
                    f.id,
                    role.name(),
                    q.extent()
                ));
            }
        }
    }
    Ok(checked)
}
