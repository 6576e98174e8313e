//! Label Studio JSON (Text tasks), both ways, and the matching labeling config.
//!
//! **Import** reads a JSON export (a list of tasks, or one task): `data.text` (or the field
//! `--text-key` names, e.g. `ner`) is the document (`data.doc_id`, else `data.id`, gives its
//! id — a number as written; `data.title` its title; every other `data` key, and one of those of
//! an unexpected type, is kept as metadata in its order, numbers with their exact text), and
//! each entry of `annotations`
//! — `completions` in Label Studio 0.x exports — is one annotation set, by `completed_by` (a
//! name, an e-mail, `{"email": …}` or a user number → `user-N`). Cancelled annotations are
//! skipped and counted. `predictions` are imported only with `--predictions-as NAME` (the
//! first of a task, as NAME's set); otherwise each is counted as not imported. In `result`:
//! - a `labels` region whose label is `source`, `cue` or `target` (any case, or what
//!   `--roles` maps it to) is a role span; any other label is a claim with that stance, and
//!   its region id becomes the frame id;
//! - a `relation` from a claim region to a role region fills that role (the relation's label,
//!   or else the role region's label, says which); a relation labelled `via` between two
//!   claim regions sets `via` of the `from` claim;
//! - a `relation` labelled `fragment` makes its `to_id` region a further fragment of the span
//!   whose first region is `from_id` (a split quote);
//! - a `choices` result with a claim region's id sets attribute `from_name` to the first choice;
//!   a `textarea` result with a claim region's id sets the note;
//! - every other result (`rectanglelabels`, document-level `choices`, …) is counted as not
//!   imported, by type, with its place `FILE:task[i].annotations[j].result[k]`.
//!
//! **Export** writes the same shape (claim region id = frame id, role regions `<frame>-source`
//! etc.) plus `<name>.config.xml`, the labeling config (`<Labels name="label">` with the stances,
//! `<Labels name="role">`, `<Relations>`, per-region `<Choices>` for each schema attribute and a
//! per-region `<TextArea name="note">`). A span of several fragments is one region per fragment:
//! the first has the span's id, the others `<id>#2`, `<id>#3`, … each tied to the first by a
//! relation labelled `fragment`. `completed_by` is `{"email": "NAME@stancemark.local"}`: Label
//! Studio's import accepts only that, a user number, or nothing (a plain name rejects the whole
//! file), and our import reads the address back as `NAME`. Lost: project entities.
//!
//! **Offsets:** code points, half-open — what the `<Text>` tag uses (not `<HyperText>`, whose
//! offsets are UTF-16 and DOM-based). Each region stores `text`, which the import checks.
//! **Line endings:** CRLF stays two code points.

mod read;

pub(crate) use read::frames_of;
pub use read::{parse, ReadOptions};

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{json, Value};

use super::export::{check_chars, per_share, ExportItem, OutFile};
use super::json_out::JsonOut;
use crate::model::{Fragment, Frame, Quote, Schema, Span};

/// A `labels` region of one fragment.
fn region(w: &mut JsonOut, id: &str, from: &str, f: &Fragment, label: &str) {
    w.element();
    w.begin_object();
    w.str_field("id", id);
    w.str_field("from_name", from);
    w.str_field("to_name", "text");
    w.str_field("type", "labels");
    w.str_field("origin", "manual");
    w.key("value");
    w.begin_object();
    w.uint_field("start", f.span.start as u64);
    w.uint_field("end", f.span.end as u64);
    w.str_field("text", &f.text);
    w.key("labels");
    w.begin_array();
    w.element();
    w.str(label);
    w.end_array();
    w.end_object();
    w.end_object();
}

/// A relation from region `from` to region `to`, labelled `label`.
fn relation(w: &mut JsonOut, from: &str, to: &str, label: &str) {
    w.element();
    w.begin_object();
    w.str_field("type", "relation");
    w.str_field("from_id", from);
    w.str_field("to_id", to);
    w.str_field("direction", "right");
    w.key("labels");
    w.begin_array();
    w.element();
    w.str(label);
    w.end_array();
    w.end_object();
}

/// The relation label that ties a further fragment's region to its span's first region.
pub const FRAGMENT_RELATION: &str = "fragment";

/// The regions of a quote: the first fragment's with id `id`, every further fragment's with
/// `id#2`, `id#3`, … and a `fragment` relation from the first to it.
fn regions(w: &mut JsonOut, id: &str, from: &str, q: &Quote, label: &str) {
    region(w, id, from, q.first(), label);
    for (i, f) in q.fragments().iter().enumerate().skip(1) {
        let rid = format!("{id}#{}", i + 1);
        region(w, &rid, from, f, label);
        relation(w, id, &rid, FRAGMENT_RELATION);
    }
}

/// A per-region result on the claim's first fragment: `choices` or `textarea`, whose value
/// holds `[value]` under `key`.
fn per_region(w: &mut JsonOut, frame: &Frame, from: &str, kind: &str, key: &str, value: &str) {
    let claim = frame.claim.first();
    w.element();
    w.begin_object();
    w.str_field("id", &frame.id);
    w.str_field("from_name", from);
    w.str_field("to_name", "text");
    w.str_field("type", kind);
    w.key("value");
    w.begin_object();
    w.uint_field("start", claim.span.start as u64);
    w.uint_field("end", claim.span.end as u64);
    w.key(key);
    w.begin_array();
    w.element();
    w.str(value);
    w.end_array();
    w.end_object();
    w.end_object();
}

/// The results of one frame, as elements of the open `result` array: its regions, the
/// relations to its roles and `via`, a `choices` per attribute and a `textarea` for the note.
fn write_results(w: &mut JsonOut, frame: &Frame) {
    regions(w, &frame.id, "label", &frame.claim, &frame.stance);
    for (role, q) in frame.quotes().skip(1) {
        let rid = format!("{}-{}", frame.id, role.name());
        regions(w, &rid, "role", q, role.name());
        relation(w, &frame.id, &rid, role.name());
    }
    if let Some(v) = &frame.via {
        relation(w, &frame.id, v, "via");
    }
    for (k, v) in &frame.attributes {
        per_region(w, frame, k, "choices", "choices", v);
    }
    if !frame.note.is_empty() {
        per_region(w, frame, "note", "textarea", "text", &frame.note);
    }
}

/// The results of one frame as JSON values (for predictions; the export writes them directly).
pub(super) fn results(frame: &Frame) -> Vec<Value> {
    let mut w = JsonOut::compact(String::new());
    w.begin_array();
    write_results(&mut w, frame);
    w.end_array();
    serde_json::from_str(&w.into_string()).expect("the results writer writes JSON")
}

/// The domain of the e-mail addresses an export gives annotators.
pub const ANNOTATOR_EMAIL_DOMAIN: &str = "stancemark.local";

/// `completed_by` as Label Studio's import accepts it: absent, a user number, or
/// `{"email": …}` — a plain name rejects the whole file. The annotator becomes
/// `{"email": "NAME@stancemark.local"}` (and reads back as `NAME`); Label Studio creates or
/// matches a user of that address.
pub fn completed_by(annotator: &str) -> Value {
    json!({ "email": format!("{annotator}@{ANNOTATOR_EMAIL_DOMAIN}") })
}

/// The tasks file (`""`) and its labeling config (`.config.xml` next to it).
pub fn export(items: &[ExportItem], schema: &Schema) -> Result<Vec<OutFile>, serde_json::Error> {
    export_with(items, schema, |_| None)
}

/// [`export`] with `predictions(item)` added to each task as its `predictions` (see
/// [`super::ls_predictions`]).
pub fn export_with(
    items: &[ExportItem],
    schema: &Schema,
    predictions: impl Fn(&ExportItem) -> Option<Value>,
) -> Result<Vec<OutFile>, serde_json::Error> {
    // About 1,600 bytes per frame (a claim and its roles as regions, their relations), indented.
    let capacity = items
        .iter()
        .map(|it| it.document.text.as_str().len() * 11 / 10 + 1_800 * it.set.frames().len())
        .sum::<usize>()
        + 256;
    let mut w = JsonOut::pretty(capacity);
    // Predictions first (they are few, and `predictions` need not be shared between cores),
    // then the tasks of each share of the documents on a core of its own, in order.
    let numbered: Vec<(u64, &ExportItem, Option<Value>)> = items
        .iter()
        .enumerate()
        .map(|(i, it)| (i as u64 + 1, it, predictions(it)))
        .collect();
    w.begin_array();
    for members in per_share(&numbered, |share| {
        let capacity = share
            .iter()
            .map(|(_, it, _)| {
                it.document.text.as_str().len() * 11 / 10 + 1_800 * it.set.frames().len()
            })
            .sum();
        let mut m = JsonOut::pretty_members(1, capacity);
        for (n, it, prediction) in share {
            task(&mut m, *n, it, prediction.as_ref());
        }
        m.into_members()
    }) {
        w.append_members(&members);
    }
    w.end_array();
    let mut json = w.into_string();
    json.push('\n');
    Ok(vec![
        OutFile::new("", json),
        OutFile::new(".config.xml", config_xml(schema)),
    ])
}

/// One task, numbered `n` (its annotation too), as an element of the open array.
fn task(w: &mut JsonOut, n: u64, it: &ExportItem, prediction: Option<&Value>) {
    let d = it.document;
    w.element();
    w.begin_object();
    w.uint_field("id", n);
    w.key("data");
    w.begin_object();
    w.str_field("text", d.text.as_str());
    w.str_field("doc_id", &d.id);
    if let Some(t) = &d.title {
        w.str_field("title", t);
    }
    w.end_object();
    w.key("annotations");
    w.begin_array();
    w.element();
    w.begin_object();
    w.uint_field("id", n);
    w.key("completed_by");
    w.value(&completed_by(&it.set.annotator));
    w.key("result");
    w.begin_array();
    for f in it.set.frames() {
        write_results(w, f);
    }
    w.end_array();
    w.key("was_cancelled");
    w.bool(false);
    w.key("ground_truth");
    w.bool(it.set.annotator == "gold");
    w.end_object();
    w.end_array();
    if let Some(p) = prediction {
        w.key("predictions");
        w.begin_array();
        w.element();
        w.value(p);
        w.end_array();
    }
    w.end_object();
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The labeling config matching the export.
pub fn config_xml(schema: &Schema) -> String {
    let mut x = String::from("<View>\n  <Labels name=\"label\" toName=\"text\">\n");
    for s in &schema.stances {
        x.push_str(&format!(
            "    <Label value=\"{}\" background=\"{}\"/>\n",
            xml_escape(&s.id),
            xml_escape(&s.color)
        ));
    }
    x.push_str("  </Labels>\n  <Labels name=\"role\" toName=\"text\">\n");
    for r in ["source", "cue", "target"] {
        x.push_str(&format!("    <Label value=\"{r}\"/>\n"));
    }
    x.push_str("  </Labels>\n  <Relations>\n");
    for r in ["source", "cue", "target", "via", FRAGMENT_RELATION] {
        x.push_str(&format!("    <Relation value=\"{r}\"/>\n"));
    }
    x.push_str("  </Relations>\n  <Text name=\"text\" value=\"$text\"/>\n");
    for a in &schema.attributes {
        x.push_str(&format!(
            "  <Choices name=\"{}\" toName=\"text\" perRegion=\"true\" choice=\"single\">\n",
            xml_escape(&a.id)
        ));
        for v in &a.values {
            x.push_str(&format!("    <Choice value=\"{}\"/>\n", xml_escape(v)));
        }
        x.push_str("  </Choices>\n");
    }
    x.push_str("  <TextArea name=\"note\" toName=\"text\" perRegion=\"true\"/>\n</View>\n");
    x
}

/// A task as the check reads it: the text and the `labels` regions; every other member is
/// skipped (still parsed as JSON).
#[derive(Deserialize)]
struct TaskIn<'a> {
    #[serde(borrow)]
    data: DataIn<'a>,
    #[serde(borrow, default)]
    annotations: Vec<AnnotationIn<'a>>,
}

#[derive(Deserialize)]
struct DataIn<'a> {
    #[serde(borrow, default)]
    text: Cow<'a, str>,
}

#[derive(Deserialize)]
struct AnnotationIn<'a> {
    #[serde(borrow, default)]
    result: Vec<ResultIn<'a>>,
}

#[derive(Deserialize)]
struct ResultIn<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    value: Option<ValueIn<'a>>,
}

#[derive(Deserialize)]
struct ValueIn<'a> {
    start: Option<u64>,
    end: Option<u64>,
    /// A string in a `labels` region (a list of strings in a `textarea`).
    #[serde(borrow, default)]
    text: StrOrOther<'a>,
}

/// A JSON string, or `Other` for any other value (skipped).
#[derive(Default)]
enum StrOrOther<'a> {
    Str(Cow<'a, str>),
    #[default]
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for StrOrOther<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = StrOrOther<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(StrOrOther::Str(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(StrOrOther::Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(StrOrOther::Str(Cow::Owned(v)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Self::Value, A::Error> {
                while a.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(StrOrOther::Other)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Self::Value, A::Error> {
                while a
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(StrOrOther::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(StrOrOther::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(StrOrOther::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(StrOrOther::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(StrOrOther::Other)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(StrOrOther::Other)
            }
        }
        d.deserialize_any(Visit)
    }
}

/// Re-reads the tasks and checks every region's `text[start:end]` (code points) against its
/// stored `text` and the task's `data.text`.
pub fn verify(written: &str, path: &str) -> Result<usize, String> {
    let tasks: Vec<TaskIn> = serde_json::from_str(written).map_err(|e| format!("{path}: {e}"))?;
    let mut checked = 0;
    for (i, t) in tasks.iter().enumerate() {
        let text = crate::model::Text::new(t.data.text.as_ref());
        for ann in &t.annotations {
            for (k, r) in ann.result.iter().enumerate() {
                if r.kind != "labels" {
                    continue;
                }
                let (s, e, found) = match &r.value {
                    Some(v) => (
                        v.start.unwrap_or(u64::MAX) as usize,
                        v.end.unwrap_or(0) as usize,
                        match &v.text {
                            StrOrOther::Str(s) => s.as_ref(),
                            StrOrOther::Other => "",
                        },
                    ),
                    None => (usize::MAX, 0, ""),
                };
                if text.slice(Span::new(s, e)) != Some(found) {
                    check_chars(
                        &text,
                        s,
                        e,
                        found,
                        &format!("{path}: task[{i}] result[{k}]"),
                    )?;
                }
                checked += 1;
            }
        }
    }
    Ok(checked)
}
