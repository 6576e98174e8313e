//! Label Studio JSON (Text tasks), both ways, and the matching labeling config.
//!
//! **Import** reads a JSON export (a list of tasks, or one task): `data.text` is the document
//! (`data.doc_id`, else `data.id`, gives its id — a number as written; `data.title` its title;
//! every other `data` key, and one of those of an unexpected type, is kept as metadata in its
//! order, numbers with their exact text), and each entry of `annotations` (cancelled ones skipped) is one annotation set,
//! by `completed_by` (a name, an e-mail, `{"email": …}` or a user number → `user-N`). In
//! `result`:
//! - a `labels` region whose label is `source`, `cue` or `target` (any case) is a role span;
//!   any other label is a claim with that stance, and its region id becomes the frame id;
//! - a `relation` from a claim region to a role region fills that role (the relation's label,
//!   or else the role region's label, says which); a relation labelled `via` between two
//!   claim regions sets `via` of the `from` claim;
//! - a `relation` labelled `fragment` makes its `to_id` region a further fragment of the span
//!   whose first region is `from_id` (a split quote);
//! - a `choices` result with a claim region's id sets attribute `from_name` to the first choice;
//!   a `textarea` result with a claim region's id sets the note.
//!
//! **Export** writes the same shape (claim region id = frame id, role regions `<frame>-source`
//! etc.) plus `<name>.config.xml`, the labeling config (`<Labels name="label">` with the stances,
//! `<Labels name="role">`, `<Relations>`, per-region `<Choices>` for each schema attribute and a
//! per-region `<TextArea name="note">`). A span of several fragments is one region per fragment:
//! the first has the span's id, the others `<id>#2`, `<id>#3`, … each tied to the first by a
//! relation labelled `fragment`. Lost: project entities.
//!
//! **Offsets:** code points, half-open — what the `<Text>` tag uses (not `<HyperText>`, whose
//! offsets are UTF-16 and DOM-based). Each region stores `text`, which the import checks.
//! **Line endings:** CRLF stays two code points.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::export::{check_chars, ExportItem, OutFile};
use super::import::{
    at, json_error, new_set, quote_at, take_id, take_string, Imported, ImportedDoc, ImportedSet,
};
use super::LoadError;
use crate::model::{Document, Fragment, Frame, Participant, Quote, Schema, SpanRole};

pub fn parse(input: &str, path: &str) -> Result<Imported, LoadError> {
    let v: Value = serde_json::from_str(input).map_err(|e| json_error(path, &e))?;
    let tasks = match v {
        Value::Array(t) => t,
        obj @ Value::Object(_) => vec![obj],
        _ => return Err(at(path, "1:1", "expected a list of Label Studio tasks")),
    };
    let mut out = Imported::default();
    for (i, task) in tasks.into_iter().enumerate() {
        out.docs.push(parse_task(task, path, i)?);
    }
    Ok(out)
}

fn parse_task(task: Value, path: &str, i: usize) -> Result<ImportedDoc, LoadError> {
    let place = format!("task[{i}]");
    let Some(mut data) = task.get("data").and_then(Value::as_object).cloned() else {
        return Err(at(path, &place, "no \"data\" object"));
    };
    let Some(text) = take_string(&mut data, "text") else {
        return Err(at(
            path,
            &place,
            "no \"data.text\" string (only Text tasks can be imported)",
        ));
    };
    let id = take_id(&mut data, "doc_id").or_else(|| take_id(&mut data, "id"));
    let has_id = id.is_some();
    let task_id = task
        .get("id")
        .map(|v| v.to_string())
        .unwrap_or_else(|| (i + 1).to_string());
    let mut doc = Document::new(id.unwrap_or_else(|| format!("task-{task_id}")), text);
    doc.title = take_string(&mut data, "title");
    doc.metadata.extend(data);
    let mut sets = Vec::new();
    for (j, ann) in task
        .get("annotations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if ann.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let place = format!("{place}.annotations[{j}]");
        let who = annotator_name(ann.get("completed_by"));
        let result = ann
            .get("result")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let (frames, places) = frames_of(&doc, &result, path, &place)?;
        let mut set = new_set(&doc.id, &who);
        set.set_frames(frames);
        sets.push(ImportedSet { set, places });
    }
    Ok(ImportedDoc {
        document: doc,
        has_id,
        origin: format!("{path}:{place}"),
        sets,
    })
}

fn annotator_name(v: Option<&Value>) -> String {
    let raw = match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => format!("user-{n}"),
        Some(Value::Object(o)) => match (o.get("email"), o.get("id")) {
            (Some(Value::String(e)), _) => e.clone(),
            (_, Some(id)) => format!("user-{id}"),
            _ => String::new(),
        },
        _ => String::new(),
    };
    raw.split('@').next().unwrap_or_default().to_owned()
}

type Frames = (Vec<Frame>, std::collections::BTreeMap<String, String>);

pub(super) fn frames_of(
    doc: &Document,
    result: &[Value],
    path: &str,
    place: &str,
) -> Result<Frames, LoadError> {
    let mut frames: Vec<Frame> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut roles: HashMap<String, (SpanRole, Quote)> = HashMap::new();
    let mut places = std::collections::BTreeMap::new();
    // Regions tied to a span's first region by a `fragment` relation: region id → first id.
    let fragment_of: HashMap<&str, &str> = result
        .iter()
        .filter(|r| is_fragment_relation(r))
        .filter_map(|r| Some((r["to_id"].as_str()?, r["from_id"].as_str()?)))
        .collect();
    // (first region id, further fragment, place), attached once every region is read.
    let mut further: Vec<(String, Fragment, String)> = Vec::new();
    // Regions first, then everything that refers to them.
    for (k, r) in result.iter().enumerate() {
        let at_k = format!("{place}.result[{k}]");
        if r["type"].as_str() != Some("labels") {
            continue;
        }
        let v = &r["value"];
        let (Some(s), Some(e)) = (v["start"].as_u64(), v["end"].as_u64()) else {
            return Err(at(
                path,
                at_k,
                "a labels region needs value.start and value.end",
            ));
        };
        let Some(label) = v["labels"].get(0).and_then(Value::as_str) else {
            return Err(at(path, &at_k, "a labels region needs value.labels"));
        };
        let q = quote_at(&doc.text, s as usize, e as usize, path, &at_k)?;
        if let Some(t) = v["text"].as_str() {
            if t != q.first().text {
                return Err(at(path, &at_k, format!("region text {t:?} differs from the document's {:?} at [{s}, {e}) (code points)", q.first().text)));
            }
        }
        let id = r["id"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("r{k}"));
        if let Some(first) = fragment_of.get(id.as_str()) {
            further.push(((*first).to_owned(), q.first().clone(), at_k));
            continue;
        }
        match SpanRole::participant_from_label(label) {
            Some(role) => {
                roles.insert(id, (role, q));
            }
            None => {
                places.insert(id.clone(), format!("{path}:{at_k}"));
                index.insert(id.clone(), frames.len());
                frames.push(Frame::new(id, q, label));
            }
        }
    }
    for (first, fragment, at_k) in further {
        let quote = match (index.get(&first), roles.get_mut(&first)) {
            (Some(&fi), _) => &mut frames[fi].claim,
            (None, Some((_, q))) => q,
            (None, None) => {
                return Err(at(
                    path,
                    &at_k,
                    format!("a fragment of {first:?}, which is not a labels region"),
                ))
            }
        };
        quote
            .insert_fragment(fragment)
            .map_err(|e| at(path, &at_k, format!("a fragment of {first:?}: {e}")))?;
    }
    for (k, r) in result.iter().enumerate() {
        let at_k = format!("{place}.result[{k}]");
        match r["type"].as_str() {
            Some("relation") if is_fragment_relation(r) => {}
            Some("relation") => link(&mut frames, &index, &roles, r, path, &at_k)?,
            Some("choices") | Some("textarea") => {
                let Some(&fi) = r["id"].as_str().and_then(|id| index.get(id)) else {
                    continue;
                };
                let name = r["from_name"].as_str().unwrap_or_default().to_owned();
                let v = &r["value"];
                if r["type"] == "textarea" {
                    frames[fi].note = v["text"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join("\n");
                } else if let Some(c) = v["choices"].get(0).and_then(Value::as_str) {
                    frames[fi].attributes.insert(name, c.to_owned());
                }
            }
            _ => {}
        }
    }
    Ok((frames, places))
}

/// A `relation` result labelled `fragment`: its `to_id` region is a further fragment of the
/// span whose first region is `from_id`.
fn is_fragment_relation(r: &Value) -> bool {
    r["type"] == "relation"
        && r["labels"]
            .get(0)
            .and_then(Value::as_str)
            .is_some_and(|l| l.eq_ignore_ascii_case(FRAGMENT_RELATION))
}

/// Applies one `relation` result: a role to a claim, or `via` between two claims.
fn link(
    frames: &mut [Frame],
    index: &HashMap<String, usize>,
    roles: &HashMap<String, (SpanRole, Quote)>,
    r: &Value,
    path: &str,
    at_k: &str,
) -> Result<(), LoadError> {
    let (Some(from), Some(to)) = (r["from_id"].as_str(), r["to_id"].as_str()) else {
        return Err(at(path, at_k, "a relation needs from_id and to_id"));
    };
    let label = r["labels"]
        .get(0)
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase);
    let Some(&fi) = index.get(from) else {
        return Err(at(
            path,
            at_k,
            format!("relation from {from:?}, which is not a claim region"),
        ));
    };
    if label.as_deref() == Some("via") || (label.is_none() && index.contains_key(to)) {
        if !index.contains_key(to) {
            return Err(at(
                path,
                at_k,
                format!("via relation to {to:?}, which is not a claim region"),
            ));
        }
        frames[fi].via = Some(to.to_owned());
        return Ok(());
    }
    let Some((region_role, q)) = roles.get(to) else {
        return Err(at(
            path,
            at_k,
            format!("relation to {to:?}, which is not a role region"),
        ));
    };
    let role = label
        .as_deref()
        .and_then(SpanRole::participant_from_label)
        .unwrap_or(*region_role);
    let f = &mut frames[fi];
    let p = Participant {
        span: Some(q.clone()),
        entity: None,
    };
    match role {
        SpanRole::Source => f.source = Some(p),
        SpanRole::Target => f.target = Some(p),
        SpanRole::Cue => f.cue = Some(q.clone()),
        SpanRole::Claim => {}
    }
    Ok(())
}

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
        let mut task = json!({"id": i + 1, "data": data, "annotations": [{"id": i + 1, "completed_by": it.set.annotator, "result": result, "was_cancelled": false, "ground_truth": it.set.annotator == "gold"}]});
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
