//! Parsing `.ann` lines into their parts (no frames yet). Errors name `FILE:LINE`.

use std::collections::{BTreeMap, HashMap};

use crate::io::import::{at, Item};
use crate::io::LoadError;
use crate::model::{Span, Text};

/// One parsed `T` line.
#[derive(Debug, Clone)]
pub(super) struct TextBound {
    pub kind: String,
    pub fragments: Vec<Span>,
}

/// One parsed `E` line.
#[derive(Debug)]
pub(super) struct Event {
    pub id: String,
    pub kind: String,
    pub trigger: String,
    /// (role, argument id)
    pub args: Vec<(String, String)>,
}

#[derive(Debug, Default)]
pub(super) struct Ann {
    pub t: BTreeMap<String, TextBound>,
    /// `T` lines not taken (offsets outside the text, text field differs).
    pub dropped: Vec<Item>,
    /// Things read with a change (a text field over several lines).
    pub notices: Vec<Item>,
    pub e: Vec<Event>,
    /// (type, arg1, arg2, id)
    pub r: Vec<(String, String, String, String)>,
    /// (name, target, value, id)
    pub a: Vec<(String, String, Option<String>, String)>,
    /// (target, db, id, text, line)
    pub n: Vec<(String, String, String, String, usize)>,
    /// target → note
    pub notes: HashMap<String, String>,
}

/// True when `line` starts an annotation (`T12<TAB>`, `#3<TAB>`, `*<TAB>`); other lines
/// continue the text field of the line before (PolNeAR has text fields with line breaks).
fn starts_annotation(line: &str) -> bool {
    let Some((id, _)) = line.split_once('\t') else {
        return false;
    };
    let mut chars = id.chars();
    matches!(
        chars.next(),
        Some('T' | 'E' | 'R' | 'A' | 'M' | 'N' | '#' | '*')
    ) && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The `.ann` lines joined with their continuation lines: (first line number, line, number of
/// physical lines). Blank lines between a line and its continuation belong to the text field.
fn logical_lines(ann: &str) -> Vec<(usize, String, usize)> {
    let mut out: Vec<(usize, String, usize)> = Vec::new();
    let mut pending_blank = 0;
    for (i, raw) in ann.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            pending_blank += 1;
            continue;
        }
        match out.last_mut() {
            Some((first, text, count)) if !starts_annotation(line) && text.starts_with('T') => {
                text.push_str(&"\n".repeat(pending_blank + 1));
                text.push_str(line);
                *count = i + 1 - *first + 1;
            }
            _ => out.push((i + 1, line.to_owned(), 1)),
        }
        pending_blank = 0;
    }
    out
}

/// Parses the lines of an `.ann` file. A `T` line whose offsets leave the text or whose text
/// field differs from the text is not taken: it is returned in `dropped` (so the frames that
/// use it can still be read) instead of failing the file.
pub(super) fn parse_ann(ann: &str, text: &Text, path: &str) -> Result<Ann, LoadError> {
    let mut out = Ann::default();
    for (n, line, lines) in logical_lines(ann) {
        let line = line.as_str();
        let bad = |m: String| at(path, n.to_string(), m);
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or_default();
        let Some(body) = cols.next() else {
            return Err(bad(format!("expected ID<TAB>…, found {line:?}")));
        };
        let rest = cols.next();
        let words: Vec<&str> = body.split(' ').filter(|w| !w.is_empty()).collect();
        match id.chars().next() {
            Some('T') => match text_bound(body, rest, text) {
                Ok(tb) => {
                    if lines > 1 {
                        out.notices.push(Item::noted(
                            "text field over several lines, compared with line breaks normalised",
                            format!("{path}:{id}"),
                        ));
                    }
                    out.t.insert(id.into(), tb);
                }
                Err(reason) => out.dropped.push(Item::lost(reason, format!("{path}:{id}"))),
            },
            Some('E') => {
                out.e.push(event(id, &words).map_err(bad)?);
            }
            Some('R') => {
                let arg =
                    |w: Option<&&str>| w.and_then(|w| w.split_once(':')).map(|(_, a)| a.to_owned());
                let (Some(kind), Some(a1), Some(a2)) =
                    (words.first(), arg(words.get(1)), arg(words.get(2)))
                else {
                    return Err(bad("an R line is TYPE Arg1:ID Arg2:ID".into()));
                };
                out.r.push((kind.to_string(), a1, a2, id.to_owned()));
            }
            Some('A') | Some('M') => {
                let (Some(name), Some(target)) = (words.first(), words.get(1)) else {
                    return Err(bad("an A line is NAME ID [VALUE]".into()));
                };
                out.a.push((
                    name.to_string(),
                    target.to_string(),
                    words.get(2).map(|s| s.to_string()),
                    id.to_owned(),
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
fn text_bound(body: &str, stored: Option<&str>, text: &Text) -> Result<TextBound, String> {
    let bad_offsets = || "offsets are not START END[;START END]".to_owned();
    let (kind, offs) = body.split_once(' ').ok_or_else(bad_offsets)?;
    let mut fragments = Vec::new();
    for frag in offs.split(';') {
        let mut p = frag.split(' ').filter(|w| !w.is_empty());
        let (Some(s), Some(e), None) = (p.next(), p.next(), p.next()) else {
            return Err(bad_offsets());
        };
        let (Ok(s), Ok(e)) = (s.parse::<usize>(), e.parse::<usize>()) else {
            return Err(bad_offsets());
        };
        let span = Span::new(s, e);
        if text.slice(span).is_none() {
            return Err(format!(
                "{kind} span outside the text ({} code points)",
                text.len_chars()
            ));
        }
        fragments.push(span);
    }
    if let Some(stored) = stored {
        let found: Vec<&str> = fragments.iter().filter_map(|f| text.slice(*f)).collect();
        let found = found.join(" ");
        // Our export shows line breaks inside a single fragment as spaces; other tools write
        // them into the field, as CRLF or LF.
        let norm = |s: &str| s.replace("\r\n", "\n").replace('\r', "\n");
        if found != stored
            && found.replace(['\r', '\n'], " ") != stored
            && norm(&found) != norm(stored)
        {
            return Err(format!(
                "{kind} text field differs from the text at its offsets"
            ));
        }
    }
    Ok(TextBound {
        kind: kind.into(),
        fragments,
    })
}

/// An `E` line's `TYPE:TRIGGER ROLE:ID…`.
fn event(id: &str, words: &[&str]) -> Result<Event, String> {
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fields_over_several_lines_are_one_annotation() {
        // The document has a paragraph break inside the second fragment, as PolNeAR has.
        let doc = Text::from("He said: ends here.\n\nNext one. Plain.");
        let ann = "T1\tContent 9 30\tends here.\n\nNext one.\nT2\tCue 3 7\tsaid\n";
        let a = parse_ann(ann, &doc, "a.ann").unwrap();
        assert_eq!(a.t.len(), 2);
        assert_eq!(a.t["T1"].fragments, [Span::new(9, 30)]);
        assert_eq!(a.t["T2"].fragments, [Span::new(3, 7)]);
        assert_eq!(a.notices.len(), 1);
        assert_eq!(a.notices[0].place, "a.ann:T1");
        assert!(a.dropped.is_empty());
    }

    #[test]
    fn bad_spans_are_dropped_by_id_not_fatal() {
        let doc = Text::from("short");
        let ann = "T1\tSource 0 99\tshort\nT2\tCue 0 5\tother\nT3\tCue 0 5\tshort\n";
        let a = parse_ann(ann, &doc, "a.ann").unwrap();
        assert_eq!(a.t.keys().collect::<Vec<_>>(), ["T3"]);
        let places: Vec<&str> = a.dropped.iter().map(|d| d.place.as_str()).collect();
        assert_eq!(places, ["a.ann:T1", "a.ann:T2"]);
        assert_eq!(
            a.dropped[0].reason,
            "Source span outside the text (5 code points)"
        );
    }
}
