//! Parsing `.ann` lines into their parts (no frames yet). Errors name `FILE:LINE`.

use std::collections::{BTreeMap, HashMap};

use crate::io::import::at;
use crate::io::LoadError;
use crate::model::{Span, Text};

/// One parsed `T` line.
#[derive(Debug, Clone)]
pub(super) struct TextBound {
    pub kind: String,
    pub fragments: Vec<Span>,
    pub line: usize,
}

/// One parsed `E` line.
#[derive(Debug)]
pub(super) struct Event {
    pub id: String,
    pub kind: String,
    pub trigger: String,
    /// (role, argument id)
    pub args: Vec<(String, String)>,
    pub line: usize,
}

#[derive(Debug, Default)]
pub(super) struct Ann {
    pub t: BTreeMap<String, TextBound>,
    pub e: Vec<Event>,
    /// (type, arg1, arg2, line)
    pub r: Vec<(String, String, String, usize)>,
    /// (name, target, value, line)
    pub a: Vec<(String, String, Option<String>, usize)>,
    /// (target, db, id, text, line)
    pub n: Vec<(String, String, String, String, usize)>,
    /// target → note
    pub notes: HashMap<String, String>,
}

pub(super) fn parse_ann(ann: &str, text: &Text, path: &str) -> Result<Ann, LoadError> {
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
                let tb = text_bound(body, rest, text, n).map_err(bad)?;
                out.t.insert(id.into(), tb);
            }
            Some('E') => {
                out.e.push(event(id, &words, n).map_err(bad)?);
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

/// A `T` line's `TYPE START END[;START END]…` and text field, checked against the text.
fn text_bound(
    body: &str,
    stored: Option<&str>,
    text: &Text,
    line: usize,
) -> Result<TextBound, String> {
    let (kind, offs) = body
        .split_once(' ')
        .ok_or("a T line needs a type and offsets")?;
    let mut fragments = Vec::new();
    for frag in offs.split(';') {
        let mut p = frag.split(' ').filter(|w| !w.is_empty());
        let (Some(s), Some(e), None) = (p.next(), p.next(), p.next()) else {
            return Err(format!(
                "bad offsets {offs:?} (expected \"START END\" or \"S E;S E\")"
            ));
        };
        let (Ok(s), Ok(e)) = (s.parse::<usize>(), e.parse::<usize>()) else {
            return Err(format!("offsets {frag:?} are not numbers"));
        };
        let span = Span::new(s, e);
        if text.slice(span).is_none() {
            return Err(format!(
                "span {span} is not inside the text ({} code points)",
                text.len_chars()
            ));
        }
        fragments.push(span);
    }
    if let Some(stored) = stored {
        let found: Vec<&str> = fragments.iter().filter_map(|f| text.slice(*f)).collect();
        let found = found.join(" ");
        // Our export shows line breaks inside a single fragment as spaces.
        if found != stored && found.replace(['\r', '\n'], " ") != stored {
            return Err(format!(
                "the text field {stored:?} differs from the text at those offsets, {found:?}"
            ));
        }
    }
    Ok(TextBound {
        kind: kind.into(),
        fragments,
        line,
    })
}

/// An `E` line's `TYPE:TRIGGER ROLE:ID…`.
fn event(id: &str, words: &[&str], line: usize) -> Result<Event, String> {
    let (kind, trigger) = words
        .first()
        .and_then(|w| w.split_once(':'))
        .ok_or("an E line starts with TYPE:TRIGGER")?;
    let mut args = Vec::new();
    for w in &words[1..] {
        let (role, arg) = w
            .split_once(':')
            .ok_or_else(|| format!("argument {w:?} is not ROLE:ID"))?;
        args.push((role.into(), arg.into()));
    }
    Ok(Event {
        id: id.into(),
        kind: kind.into(),
        trigger: trigger.into(),
        args,
        line,
    })
}
