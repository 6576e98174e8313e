//! Reading Label Studio tasks (see the module doc of [`super`] for the mapping).
//!
//! Every result that does not become part of a frame is counted by its place
//! (`FILE:task[0].annotations[1].result[4]`): results of other types (`rectanglelabels`,
//! document-level `choices`, …), predictions not asked for, cancelled annotations (noted).

use std::collections::HashMap;

use serde_json::Value;

use super::FRAGMENT_RELATION;
use crate::io::import::{
    at, json_error, new_set, quote_at, take_id, take_string, Imported, ImportedDoc, ImportedSet,
    Item, Scheme,
};
use crate::io::LoadError;
use crate::model::{Document, Fragment, Frame, Participant, Quote, SpanRole};

/// What the user said about the file beyond its contents.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// The `data` field that holds the text (`--text-key`; default `text`).
    pub text_key: Option<&'a str>,
    /// Read `predictions` as the annotations of this annotator (`--predictions-as`).
    pub predictions_as: Option<&'a str>,
    /// Read `predictions` as pending suggestions in this annotator's set
    /// (`--predictions-as-suggestions`).
    pub suggestions_for: Option<&'a str>,
    /// Label → role map (`--roles`) and the stance of a claim label (`--default-stance`).
    pub scheme: Option<&'a Scheme>,
}

pub fn parse(input: &str, path: &str, opts: &ReadOptions) -> Result<Imported, LoadError> {
    let v: Value = serde_json::from_str(input).map_err(|e| json_error(path, &e))?;
    let tasks = match v {
        Value::Array(t) => t,
        obj @ Value::Object(_) => vec![obj],
        _ => return Err(at(path, "1:1", "expected a list of Label Studio tasks")),
    };
    let mut out = Imported::default();
    for (i, task) in tasks.into_iter().enumerate() {
        let doc = parse_task(task, path, i, opts, &mut out.dropped)?;
        out.docs.push(doc);
    }
    Ok(out)
}

fn parse_task(
    task: Value,
    path: &str,
    i: usize,
    opts: &ReadOptions,
    dropped: &mut Vec<Item>,
) -> Result<ImportedDoc, LoadError> {
    let place = format!("task[{i}]");
    let Some(mut data) = task.get("data").and_then(Value::as_object).cloned() else {
        return Err(at(path, &place, "no \"data\" object"));
    };
    let key = opts.text_key.unwrap_or("text");
    let Some(text) = take_string(&mut data, key) else {
        let mut strings: Vec<&String> = data
            .iter()
            .filter(|(_, v)| v.is_string())
            .map(|(k, _)| k)
            .collect();
        strings.sort();
        return Err(at(
            path,
            &place,
            format!(
                "no \"data.{key}\" string (only Text tasks can be imported; name the text's \
                 field with --text-key; string fields here: {strings:?})"
            ),
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
    for list in ["annotations", "completions"] {
        let anns = task
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        for (j, ann) in anns.enumerate() {
            let place = format!("{place}.{list}[{j}]");
            if ann.get("was_cancelled").and_then(Value::as_bool) == Some(true) {
                dropped.push(Item::noted(
                    "cancelled annotation (skipped)",
                    format!("{path}:{place}"),
                ));
                continue;
            }
            let who = annotator_name(ann.get("completed_by"));
            sets.push(set_of(&doc, ann, &who, path, &place, opts, dropped)?);
        }
    }
    if let Some(name) = opts.suggestions_for {
        let pending =
            crate::io::ls_predictions::suggestions_of_task(&task, &doc, path, &place, dropped)?;
        if !pending.is_empty() {
            match sets.iter_mut().find(|s| s.set.annotator == name) {
                Some(s) => s.set.set_suggestions(pending, Vec::new()),
                None => {
                    let mut set = new_set(&doc.id, name);
                    set.set_suggestions(pending, Vec::new());
                    sets.push(ImportedSet {
                        set,
                        places: Default::default(),
                    });
                }
            }
        }
        return Ok(ImportedDoc {
            document: doc,
            has_id,
            origin: format!("{path}:{place}"),
            sets,
        });
    }
    let predictions = task.get("predictions").and_then(Value::as_array);
    for (j, pred) in predictions.into_iter().flatten().enumerate() {
        let place = format!("{place}.predictions[{j}]");
        match prediction_set(&doc, pred, j, path, &place, opts, dropped)? {
            Some(set) => sets.push(set),
            None => continue,
        }
    }
    Ok(ImportedDoc {
        document: doc,
        has_id,
        origin: format!("{path}:{place}"),
        sets,
    })
}

/// One annotation (or prediction) as a set of `who`.
fn set_of(
    doc: &Document,
    ann: &Value,
    who: &str,
    path: &str,
    place: &str,
    opts: &ReadOptions,
    dropped: &mut Vec<Item>,
) -> Result<ImportedSet, LoadError> {
    let result = ann
        .get("result")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let (frames, places) = frames_of(doc, &result, path, place, opts, dropped)?;
    let mut set = new_set(&doc.id, who);
    set.set_frames(frames);
    Ok(ImportedSet { set, places })
}

/// A model's prediction: the annotations of `--predictions-as NAME` (the first prediction of a
/// task only, as one annotator has one set per document), or else counted as not imported.
fn prediction_set(
    doc: &Document,
    pred: &Value,
    j: usize,
    path: &str,
    place: &str,
    opts: &ReadOptions,
    dropped: &mut Vec<Item>,
) -> Result<Option<ImportedSet>, LoadError> {
    let here = format!("{path}:{place}");
    match opts.predictions_as {
        None => {
            dropped.push(Item::lost("prediction (see --predictions-as)", here));
            Ok(None)
        }
        Some(_) if j > 0 => {
            dropped.push(Item::lost("prediction after a task's first", here));
            Ok(None)
        }
        Some(name) => set_of(doc, pred, name, path, place, opts, dropped).map(Some),
    }
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

/// The regions of one annotation: claims (frames, by region id) and role spans.
struct Regions {
    frames: Vec<Frame>,
    index: HashMap<String, usize>,
    roles: HashMap<String, (SpanRole, Quote)>,
    places: std::collections::BTreeMap<String, String>,
}

pub(crate) fn frames_of(
    doc: &Document,
    result: &[Value],
    path: &str,
    place: &str,
    opts: &ReadOptions,
    dropped: &mut Vec<Item>,
) -> Result<Frames, LoadError> {
    // Regions first, then everything that refers to them.
    let mut regions = read_regions(doc, result, path, place, opts)?;
    apply_results(&mut regions, result, path, place, dropped)?;
    Ok((regions.frames, regions.places))
}

/// A `labels` region's first label and quote, its stored text checked.
fn labels_region<'r>(
    doc: &Document,
    r: &'r Value,
    path: &str,
    at_k: &str,
) -> Result<(&'r str, Quote), LoadError> {
    let v = &r["value"];
    let (Some(s), Some(e)) = (v["start"].as_u64(), v["end"].as_u64()) else {
        return Err(at(
            path,
            at_k,
            "a labels region needs value.start and value.end",
        ));
    };
    let Some(label) = v["labels"].get(0).and_then(Value::as_str) else {
        return Err(at(path, at_k, "a labels region needs value.labels"));
    };
    let q = quote_at(&doc.text, s as usize, e as usize, path, at_k)?;
    if let Some(t) = v["text"].as_str() {
        if t != q.first().text {
            return Err(at(
                path,
                at_k,
                format!(
                    "region text {t:?} differs from the document's {:?} at [{s}, {e}) (code points)",
                    q.first().text
                ),
            ));
        }
    }
    Ok((label, q))
}

/// Every `labels` region, with further fragments attached to their span's first region.
fn read_regions(
    doc: &Document,
    result: &[Value],
    path: &str,
    place: &str,
    opts: &ReadOptions,
) -> Result<Regions, LoadError> {
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
    for (k, r) in result.iter().enumerate() {
        let at_k = format!("{place}.result[{k}]");
        if r["type"].as_str() != Some("labels") {
            continue;
        }
        let (label, q) = labels_region(doc, r, path, &at_k)?;
        let id = r["id"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("r{k}"));
        if let Some(first) = fragment_of.get(id.as_str()) {
            further.push(((*first).to_owned(), q.first().clone(), at_k));
            continue;
        }
        let role = match opts.scheme {
            Some(s) if s.roles.contains_key(&label.to_ascii_lowercase()) => s.role(label),
            _ => SpanRole::participant_from_label(label),
        };
        match role {
            Some(SpanRole::Claim) | None => {
                // A label the role map names a claim has no stance of its own.
                let stance = match role {
                    Some(_) => opts
                        .scheme
                        .and_then(|s| s.default_stance.clone())
                        .unwrap_or_else(|| label.to_owned()),
                    None => label.to_owned(),
                };
                places.insert(id.clone(), format!("{path}:{at_k}"));
                index.insert(id.clone(), frames.len());
                frames.push(Frame::new(id, q, stance));
            }
            Some(role) => {
                roles.insert(id, (role, q));
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
    Ok(Regions {
        frames,
        index,
        roles,
        places,
    })
}

/// Applies the results that refer to regions: relations, per-region choices and text areas;
/// counts every other result.
fn apply_results(
    regions: &mut Regions,
    result: &[Value],
    path: &str,
    place: &str,
    dropped: &mut Vec<Item>,
) -> Result<(), LoadError> {
    let Regions {
        frames,
        index,
        roles,
        ..
    } = regions;
    for (k, r) in result.iter().enumerate() {
        let at_k = format!("{place}.result[{k}]");
        match r["type"].as_str() {
            Some("relation") if is_fragment_relation(r) => {}
            Some("relation") => link(frames, index, roles, r, path, &at_k)?,
            Some("labels") => {}
            Some(kind @ ("choices" | "textarea")) => {
                let Some(&fi) = r["id"].as_str().and_then(|id| index.get(id)) else {
                    dropped.push(Item::lost(
                        format!("{kind} result not on a claim region"),
                        format!("{path}:{at_k}"),
                    ));
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
            Some(kind) => dropped.push(Item::lost(
                format!("result of type {kind}"),
                format!("{path}:{at_k}"),
            )),
            None => dropped.push(Item::lost(
                "result without a type",
                format!("{path}:{at_k}"),
            )),
        }
    }
    Ok(())
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
