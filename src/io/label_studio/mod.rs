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

use serde_json::{json, Map, Value};

use super::export::{check_chars, ExportItem, OutFile};
use crate::model::{Fragment, Frame, Quote, Schema};

fn region(id: &str, from: &str, f: &Fragment, label: &str) -> Value {
    json!({"id": id, "from_name": from, "to_name": "text", "type": "labels", "origin": "manual",
           "value": {"start": f.span.start, "end": f.span.end, "text": f.text, "labels": [label]}})
}

/// The relation label that ties a further fragment's region to its span's first region.
pub const FRAGMENT_RELATION: &str = "fragment";

/// The regions of a quote: the first fragment's with id `id`, every further fragment's with
/// `id#2`, `id#3`, … and a `fragment` relation from the first to it.
fn regions(out: &mut Vec<Value>, id: &str, from: &str, q: &Quote, label: &str) {
    out.push(region(id, from, q.first(), label));
    for (i, f) in q.fragments().iter().enumerate().skip(1) {
        let rid = format!("{id}#{}", i + 1);
        out.push(region(&rid, from, f, label));
        out.push(json!({"type": "relation", "from_id": id, "to_id": rid, "direction": "right", "labels": [FRAGMENT_RELATION]}));
    }
}

pub(super) fn results(frame: &Frame) -> Vec<Value> {
    let mut out = Vec::new();
    regions(&mut out, &frame.id, "label", &frame.claim, &frame.stance);
    let claim = frame.claim.first();
    for (role, q) in frame.quotes().skip(1) {
        let rid = format!("{}-{}", frame.id, role.name());
        regions(&mut out, &rid, "role", q, role.name());
        out.push(json!({"type": "relation", "from_id": frame.id, "to_id": rid, "direction": "right", "labels": [role.name()]}));
    }
    if let Some(v) = &frame.via {
        out.push(json!({"type": "relation", "from_id": frame.id, "to_id": v, "direction": "right", "labels": ["via"]}));
    }
    let value = |extra: (&str, Value)| {
        let mut m = Map::new();
        m.insert("start".into(), claim.span.start.into());
        m.insert("end".into(), claim.span.end.into());
        m.insert(extra.0.into(), extra.1);
        Value::Object(m)
    };
    for (k, v) in &frame.attributes {
        out.push(json!({"id": frame.id, "from_name": k, "to_name": "text", "type": "choices", "value": value(("choices", json!([v])))}));
    }
    if !frame.note.is_empty() {
        out.push(json!({"id": frame.id, "from_name": "note", "to_name": "text", "type": "textarea", "value": value(("text", json!([frame.note])))}));
    }
    out
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
    let tasks: Vec<Value> = items.iter().enumerate().map(|(i, it)| {
        let d = it.document;
        let mut data = Map::new();
        data.insert("text".into(), d.text.as_str().into());
        data.insert("doc_id".into(), d.id.clone().into());
        if let Some(t) = &d.title {
            data.insert("title".into(), t.clone().into());
        }
        let result: Vec<Value> = it.set.frames().iter().flat_map(results).collect();
        let mut task = json!({"id": i + 1, "data": data, "annotations": [{"id": i + 1, "completed_by": completed_by(&it.set.annotator), "result": result, "was_cancelled": false, "ground_truth": it.set.annotator == "gold"}]});
        if let Some(p) = predictions(it) {
            task["predictions"] = json!([p]);
        }
        task
    }).collect();
    let mut json = serde_json::to_string_pretty(&tasks)?;
    json.push('\n');
    Ok(vec![
        OutFile::new("", json),
        OutFile::new(".config.xml", config_xml(schema)),
    ])
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

/// Re-reads the tasks and checks every region's `text[start:end]` (code points) against its
/// stored `text` and the task's `data.text`.
pub fn verify(written: &str, path: &str) -> Result<usize, String> {
    let tasks: Vec<Value> = serde_json::from_str(written).map_err(|e| format!("{path}: {e}"))?;
    let mut checked = 0;
    for (i, t) in tasks.iter().enumerate() {
        let text = crate::model::Text::new(t["data"]["text"].as_str().unwrap_or_default());
        for ann in t["annotations"].as_array().into_iter().flatten() {
            for (k, r) in ann["result"].as_array().into_iter().flatten().enumerate() {
                if r["type"] != "labels" {
                    continue;
                }
                let v = &r["value"];
                let (s, e) = (
                    v["start"].as_u64().unwrap_or(u64::MAX),
                    v["end"].as_u64().unwrap_or(0),
                );
                check_chars(
                    &text,
                    s as usize,
                    e as usize,
                    v["text"].as_str().unwrap_or_default(),
                    &format!("{path}: task[{i}] result[{k}]"),
                )?;
                checked += 1;
            }
        }
    }
    Ok(checked)
}
