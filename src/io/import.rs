//! What every importer returns, and the helpers they share.
//!
//! An importer is a pure function from the bytes of one input (plus its name, for messages) to
//! [`Imported`]: documents, each with the annotation sets found for it, and the place in the
//! input where each frame came from (`file:line`, used when a label is unknown or a frame is
//! invalid). Matching documents to a project, checking labels and writing files is done by
//! [`crate::project`]; importers never touch the file system.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::model::{AnnotationSet, Document, Quote, SchemaRef, Span, SpanRole, Text};

use super::LoadError;

/// One annotator's frames of one imported document.
#[derive(Debug, Clone)]
pub struct ImportedSet {
    /// `annotator` is empty when the source does not name one (the caller supplies it).
    pub set: AnnotationSet,
    /// Frame id → where in the input the frame was read (e.g. `in.ann:12`).
    pub places: BTreeMap<String, String>,
}

/// One imported document and the annotation sets that came with it.
#[derive(Debug, Clone)]
pub struct ImportedDoc {
    pub document: Document,
    /// True when the source carries a document id (match by id); false when the id was made up
    /// (match by identical text).
    pub has_id: bool,
    /// Where the document was read (`file` or `file:line`).
    pub origin: String,
    pub sets: Vec<ImportedSet>,
}

/// The result of reading one input.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub docs: Vec<ImportedDoc>,
    /// Things that were read but changed (a removed byte order mark, a text field over several
    /// lines), by kind, so a summary can group them.
    pub notices: Vec<Item>,
    /// Annotations in the input that did not become part of any frame, by reason.
    pub dropped: Vec<Item>,
}

/// One thing an import changed or did not take: why (the same words for every item of its kind,
/// so items group) and where, in the input's own ids (`in.ann:T192`, `in.json:task 3`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub reason: String,
    pub place: String,
    /// False when the user's scheme says to leave this kind of annotation out (PolNeAR's
    /// `Discard`): it is counted, but an import does not need `--allow-loss` for it.
    pub loss: bool,
}

impl Item {
    /// An annotation not imported.
    pub fn lost(reason: impl Into<String>, place: impl Into<String>) -> Item {
        Item {
            reason: reason.into(),
            place: place.into(),
            loss: true,
        }
    }

    /// An annotation left out on purpose, or a change worth a word (not a loss).
    pub fn noted(reason: impl Into<String>, place: impl Into<String>) -> Item {
        Item {
            reason: reason.into(),
            place: place.into(),
            loss: false,
        }
    }
}

/// Items of one reason: how many, and the first few places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemGroup {
    pub reason: String,
    pub count: usize,
    pub first: Vec<String>,
    pub loss: bool,
}

impl std::fmt::Display for ItemGroup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} × {}", self.count, self.reason)?;
        if !self.first.is_empty() {
            let more = if self.count > self.first.len() {
                ", …"
            } else {
                ""
            };
            write!(f, " ({}{more})", self.first.join(", "))?;
        }
        Ok(())
    }
}

/// How many places a group names.
pub const FIRST_PLACES: usize = 3;

/// Groups items by reason (in order of first appearance), keeping the first
/// [`FIRST_PLACES`] places of each.
pub fn group_items<'a>(items: impl IntoIterator<Item = &'a Item>) -> Vec<ItemGroup> {
    let mut out: Vec<ItemGroup> = Vec::new();
    for it in items {
        let g = match out
            .iter_mut()
            .find(|g| g.reason == it.reason && g.loss == it.loss)
        {
            Some(g) => g,
            None => {
                out.push(ItemGroup {
                    reason: it.reason.clone(),
                    count: 0,
                    first: Vec::new(),
                    loss: it.loss,
                });
                out.last_mut().expect("just pushed")
            }
        };
        g.count += 1;
        if g.first.len() < FIRST_PLACES {
            g.first.push(it.place.clone());
        }
    }
    out
}

/// A placeholder schema reference for imported sets; the project replaces it with its own.
pub fn unknown_schema() -> SchemaRef {
    SchemaRef {
        id: String::new(),
        version: String::new(),
    }
}

/// An empty set for a document, with no annotator yet.
pub fn new_set(doc_id: &str, annotator: &str) -> AnnotationSet {
    AnnotationSet::new(doc_id, annotator, unknown_schema())
}

/// The quote of `[start, end)` in code points, or an error naming `path:place` when the span is
/// inverted or leaves the text.
pub fn quote_at(
    text: &Text,
    start: usize,
    end: usize,
    path: &str,
    place: &str,
) -> Result<Quote, LoadError> {
    let span = Span::new(start, end);
    match text.slice(span) {
        Some(s) => Ok(Quote::new(span, s)),
        None => Err(LoadError::At {
            path: path.into(),
            place: place.into(),
            message: format!(
                "span {span} is not inside the text ({} code points)",
                text.len_chars()
            ),
        }),
    }
}

/// Takes `key` out of `obj` when it is a string or a number and returns its text (a number as
/// written: `12345678901234567890123` stays those digits). A value of another type stays in
/// `obj`, to be kept as metadata rather than dropped. The other keys keep their order.
pub fn take_id(obj: &mut Map<String, Value>, key: &str) -> Option<String> {
    let id = match obj.get(key)? {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    obj.shift_remove(key);
    Some(id)
}

/// Takes `key` out of `obj` when it is a string; otherwise leaves it there (see [`take_id`]).
pub fn take_string(obj: &mut Map<String, Value>, key: &str) -> Option<String> {
    if !obj.get(key)?.is_string() {
        return None;
    }
    match obj.shift_remove(key)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// An error at `path:place`.
pub fn at(path: &str, place: impl Into<String>, message: impl Into<String>) -> LoadError {
    LoadError::At {
        path: path.into(),
        place: place.into(),
        message: message.into(),
    }
}

/// A JSON parse error of a whole file, with its line:column.
pub fn json_error(path: &str, e: &serde_json::Error) -> LoadError {
    LoadError::Json {
        path: path.into(),
        line: e.line(),
        column: e.column(),
        message: strip_position(e),
    }
}

/// A JSON parse error inside line `line` of a JSONL file (serde_json counts from that line).
pub fn jsonl_error(path: &str, line: usize, e: &serde_json::Error) -> LoadError {
    LoadError::At {
        path: path.into(),
        place: format!("{line}:{}", e.column()),
        message: strip_position(e),
    }
}

/// serde_json appends " at line L column C"; the place is reported separately.
pub fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// The non-empty lines of a JSONL input with their 1-based line numbers. A trailing `\r` is
/// part of the line break, not of the JSON.
pub fn jsonl_lines(input: &str) -> impl Iterator<Item = (usize, &str)> {
    input
        .split('\n')
        .enumerate()
        .map(|(i, l)| (i + 1, l.strip_suffix('\r').unwrap_or(l)))
        .filter(|(_, l)| !l.trim().is_empty())
}

/// How another tool's annotation types map onto frames: which type or role name is which frame
/// role, which event types are frames, which types the user leaves out on purpose, and the
/// stance of a frame whose scheme has none. Names match in any case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scheme {
    /// Type or role name (lower case) → frame role; consulted before the built-in names
    /// (`Claim`, `Source`, `Cue`, `Target`).
    pub roles: BTreeMap<String, SpanRole>,
    /// Event types (lower case) that become frames, besides `Claim`. Their claim is the
    /// argument whose role maps to [`SpanRole::Claim`].
    pub frame_types: Vec<String>,
    /// Types (lower case) left out on purpose: counted in the summary, not a loss.
    pub ignore_types: Vec<String>,
    /// The stance of a frame that has none.
    pub default_stance: Option<String>,
    /// brat files are named `ARTICLE_ANNOTATOR.ann` and the text is `ARTICLE.txt` beside them
    /// or in `../text/` (PolNeAR's layout).
    pub annotator_in_file_name: bool,
}

/// The built-in schemes, by the name `--scheme` takes.
pub const SCHEMES: [&str; 1] = ["polnear"];

impl Scheme {
    /// The built-in scheme `name` (see [`SCHEMES`]).
    pub fn named(name: &str) -> Option<Scheme> {
        match name.to_ascii_lowercase().as_str() {
            // PolNeAR (Newell et al. 2018): `Attribution` and `Attribution-no-source` events
            // with `Source`/`Cue`/`Content` arguments; `Discuss` and `Discard` mark passages the
            // annotators set aside, not attributions; nothing carries a stance.
            "polnear" => Some(Scheme {
                roles: [
                    ("content", SpanRole::Claim),
                    ("source", SpanRole::Source),
                    ("cue", SpanRole::Cue),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
                frame_types: vec!["attribution".into(), "attribution-no-source".into()],
                ignore_types: vec!["discuss".into(), "discard".into()],
                default_stance: Some("report".into()),
                annotator_in_file_name: true,
            }),
            _ => None,
        }
    }

    /// Adds `NAME=ROLE,…` (`Content=claim,Source=source`) to the role map; the error names the
    /// entry that is not of that form or names no role.
    pub fn add_roles(&mut self, list: &str) -> Result<(), String> {
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let Some((name, role)) = entry.split_once('=') else {
                return Err(format!("role map {entry:?}: expected NAME=ROLE"));
            };
            let role = match role.trim().to_ascii_lowercase().as_str() {
                "claim" => SpanRole::Claim,
                "source" => SpanRole::Source,
                "cue" => SpanRole::Cue,
                "target" => SpanRole::Target,
                other => {
                    return Err(format!(
                        "role map {entry:?}: {other:?} is not claim, source, cue or target"
                    ))
                }
            };
            if name.trim().is_empty() {
                return Err(format!("role map {entry:?}: the name is empty"));
            }
            self.roles.insert(name.trim().to_ascii_lowercase(), role);
        }
        Ok(())
    }

    /// The frame role a type or role name stands for: the map first, then the built-in names.
    /// A trailing number (`Content2`, brat's repeated role) is ignored.
    pub fn role(&self, name: &str) -> Option<SpanRole> {
        let lower = name.to_ascii_lowercase();
        let bare = lower.trim_end_matches(|c: char| c.is_ascii_digit());
        for n in [lower.as_str(), bare] {
            if let Some(r) = self.roles.get(n) {
                return Some(*r);
            }
        }
        match bare {
            "claim" => Some(SpanRole::Claim),
            "source" => Some(SpanRole::Source),
            "cue" => Some(SpanRole::Cue),
            "target" => Some(SpanRole::Target),
            _ => None,
        }
    }

    /// True when events of type `kind` become frames.
    pub fn is_frame_type(&self, kind: &str) -> bool {
        let k = kind.to_ascii_lowercase();
        self.frame_types.contains(&k)
    }

    /// True when frames come from events of the scheme's own types (a lone claim span is then
    /// unusual enough to mention).
    pub fn is_frame_type_scheme(&self) -> bool {
        !self.frame_types.is_empty()
    }

    /// True when annotations of type `kind` are left out on purpose.
    pub fn is_ignored(&self, kind: &str) -> bool {
        self.ignore_types.contains(&kind.to_ascii_lowercase())
    }

    /// True when the user described the tool's scheme (then types it does not name are
    /// reported as not imported instead of read as stance labels).
    pub fn is_described(&self) -> bool {
        !self.frame_types.is_empty() || !self.roles.is_empty()
    }
}

/// What relations of each type mean (doccano's free-text relation types): `--relations
/// TYPE=ROLE,…` names them, `--relations ignore` leaves every unnamed type out (counted).
/// The built-in types `source`, `cue`, `target`, `via` and `fragment` need no entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RelationMap {
    /// Type (lower case) → `source`, `cue`, `target`, `via` or `fragment`.
    pub map: BTreeMap<String, String>,
    /// Relations of a type neither built in nor mapped are left out (and counted) instead of
    /// refusing the file.
    pub ignore_unmapped: bool,
}

impl RelationMap {
    /// Adds `ignore` or `TYPE=ROLE,…` entries; the error names the entry that is wrong.
    pub fn add(&mut self, list: &str) -> Result<(), String> {
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if entry.eq_ignore_ascii_case("ignore") {
                self.ignore_unmapped = true;
                continue;
            }
            let Some((kind, role)) = entry.split_once('=') else {
                return Err(format!(
                    "relation map {entry:?}: expected TYPE=ROLE or ignore"
                ));
            };
            let role = role.trim().to_ascii_lowercase();
            if !["source", "cue", "target", "via", "fragment", "ignore"].contains(&role.as_str()) {
                return Err(format!(
                    "relation map {entry:?}: {role:?} is not source, cue, target, via, fragment or ignore"
                ));
            }
            self.map.insert(kind.trim().to_ascii_lowercase(), role);
        }
        Ok(())
    }

    /// What a relation of type `kind` means: `Some(role)`, `Some("ignore")`, or `None` when it
    /// is unknown (an error unless [`RelationMap::ignore_unmapped`]).
    pub fn meaning(&self, kind: &str) -> Option<&str> {
        let k = kind.to_ascii_lowercase();
        if let Some(r) = self.map.get(&k) {
            return Some(r);
        }
        match k.as_str() {
            "source" => Some("source"),
            "cue" => Some("cue"),
            "target" => Some("target"),
            "via" => Some("via"),
            "fragment" => Some("fragment"),
            _ if self.ignore_unmapped => Some("ignore"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_order_count_and_first_places() {
        let items = [
            Item::lost("unknown type", "a.ann:T1"),
            Item::noted("Discard span", "a.ann:T2"),
            Item::lost("unknown type", "a.ann:T3"),
            Item::lost("unknown type", "b.ann:T1"),
            Item::lost("unknown type", "b.ann:T9"),
        ];
        let g = group_items(&items);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].count, 4);
        assert_eq!(g[0].first, ["a.ann:T1", "a.ann:T3", "b.ann:T1"]);
        assert_eq!(
            g[0].to_string(),
            "4 × unknown type (a.ann:T1, a.ann:T3, b.ann:T1, …)"
        );
        assert_eq!(g[1].to_string(), "1 × Discard span (a.ann:T2)");
        assert!(!g[1].loss);
    }

    #[test]
    fn role_maps_parse_and_name_bad_entries() {
        let mut s = Scheme::default();
        s.add_roles("Content=claim, Source=source,Speaker=SOURCE")
            .unwrap();
        assert_eq!(s.role("content"), Some(SpanRole::Claim));
        assert_eq!(s.role("Content2"), Some(SpanRole::Claim));
        assert_eq!(s.role("SPEAKER"), Some(SpanRole::Source));
        assert_eq!(s.role("Target"), Some(SpanRole::Target));
        assert_eq!(s.role("Topic"), None);
        for bad in ["Content", "Content=speaker", "=claim"] {
            let e = Scheme::default().add_roles(bad).unwrap_err();
            assert!(e.contains(&format!("{bad:?}")), "{e}");
        }
    }

    #[test]
    fn polnear_scheme_reads_its_types() {
        let s = Scheme::named("PolNeAR").unwrap();
        assert!(s.is_frame_type("Attribution-no-source"));
        assert!(!s.is_frame_type("Content"));
        assert!(s.is_ignored("Discuss"));
        assert_eq!(s.role("Content"), Some(SpanRole::Claim));
        assert!(Scheme::named("parc").is_none());
    }

    fn map(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn ids_are_taken_as_written_and_other_types_stay() {
        let mut m = map(r#"{"a": 1, "id": 12345678901234567890123, "b": 2, "c": 3}"#);
        assert_eq!(
            take_id(&mut m, "id").as_deref(),
            Some("12345678901234567890123")
        );
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b", "c"], "order kept");
        let mut m = map(r#"{"id": {"x": 1}, "b": 2}"#);
        assert_eq!(take_id(&mut m, "id"), None);
        assert_eq!(m.keys().collect::<Vec<_>>(), ["id", "b"], "kept in place");
        assert_eq!(take_id(&mut m, "missing"), None);
    }

    #[test]
    fn strings_are_taken_and_other_types_stay_in_place() {
        let mut m = map(r#"{"title": 5, "annotator": "ann", "z": null}"#);
        assert_eq!(take_string(&mut m, "title"), None);
        assert_eq!(take_string(&mut m, "annotator").as_deref(), Some("ann"));
        assert_eq!(m.keys().collect::<Vec<_>>(), ["title", "z"]);
    }
}
