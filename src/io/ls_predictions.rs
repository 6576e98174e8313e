//! Pending suggestions as Label Studio `predictions`, both ways.
//!
//! **Export:** [`prediction`] turns a set's pending suggestions into one task's prediction,
//! `{"model_version": …, "result": [...]}`, with the same regions and relations as annotations
//! (see [`super::label_studio`]): the claim region's id is the suggestion's id and its label the
//! suggested stance. The model version names the finder and the lexicon files behind it.
//!
//! **Import:** [`suggestions_of_task`] reads a task's `predictions` back as pending suggestions
//! of the document: every prediction's claims become suggestions whose rule is
//! `label-studio:<model_version>` (so reports and rejections keep them apart from the finder's
//! own rules) and whose explanation names the model version. Regions are checked against the
//! text as annotations are; a bad one is an error naming the task and prediction.

use serde_json::{json, Value};

use super::import::Item;
use super::label_studio::{frames_of, results, ReadOptions};
use super::LoadError;
use crate::model::{AnnotationSet, Document, PendingSuggestion, SuggestedParty};

/// The model version written for suggestions made with lexicon files `names` (paths or names;
/// only file names are kept).
pub fn model_version(names: &[String]) -> String {
    let files: Vec<&str> = names
        .iter()
        .map(|n| {
            std::path::Path::new(n)
                .file_name()
                .and_then(|f| f.to_str())
                .unwrap_or(n)
        })
        .collect();
    format!("stancemark-suggest/lexicon:{}", files.join("+"))
}

/// The prediction of `set`'s pending suggestions, or `None` when it has none.
pub fn prediction(set: &AnnotationSet, model_version: &str) -> Option<Value> {
    let pending = set.suggestions();
    if pending.is_empty() {
        return None;
    }
    let result: Vec<Value> = pending
        .iter()
        .flat_map(|s| {
            // `via` to another pending suggestion is kept (its region exists); to a frame not.
            let via = s.via.clone().filter(|v| pending.iter().any(|p| &p.id == v));
            let mut f = s.to_frame(s.id.clone(), &s.stance, |p| p.entity.clone(), via);
            f.extra.clear();
            results(&f)
        })
        .collect();
    Some(json!({"model_version": model_version, "result": result}))
}

/// The pending suggestions a Label Studio task's `predictions` hold for `doc` (the task's own
/// document), with ids `s1`, `s2`, … in the order read. `place` names the task in errors.
/// Results a suggestion cannot hold (other result types) are added to `dropped`, counted by
/// the import's summary as they are for annotations.
pub fn suggestions_of_task(
    task: &Value,
    doc: &Document,
    path: &str,
    place: &str,
    dropped: &mut Vec<Item>,
) -> Result<Vec<PendingSuggestion>, LoadError> {
    let mut out = Vec::new();
    let predictions = task.get("predictions").and_then(Value::as_array);
    for (j, p) in predictions.into_iter().flatten().enumerate() {
        let version = match p.get("model_version") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => "unnamed".to_owned(),
        };
        let result = p
            .get("result")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let place = format!("{place}.predictions[{j}]");
        let opts = ReadOptions::default();
        let (frames, _) = frames_of(doc, &result, path, &place, &opts, dropped)?;
        let first = out.len();
        let ids: Vec<(String, String)> = frames
            .iter()
            .enumerate()
            .map(|(k, f)| (f.id.clone(), format!("s{}", first + k + 1)))
            .collect();
        for (f, (_, id)) in frames.into_iter().zip(&ids) {
            let party = |p: Option<crate::model::Participant>| {
                p.map(|p| SuggestedParty {
                    span: p.span,
                    entity: None,
                    new_entity: None,
                })
                .filter(|p| p.span.is_some())
            };
            out.push(PendingSuggestion {
                id: id.clone(),
                rule: format!("label-studio:{version}"),
                why: format!("Label Studio prediction ({version})"),
                claim: f.claim,
                stance: f.stance,
                source: party(f.source),
                cue: f.cue,
                target: party(f.target),
                via: f
                    .via
                    .and_then(|v| ids.iter().find(|(old, _)| *old == v))
                    .map(|(_, new)| new.clone()),
                extra: Default::default(),
            });
        }
    }
    Ok(out)
}

/// A Label Studio export read as [`super::label_studio::parse`] reads it, with each task's
/// predictions as pending suggestions (one list per document of the result, in order).
pub fn parse_with_predictions(
    input: &str,
    path: &str,
) -> Result<(super::import::Imported, Vec<Vec<PendingSuggestion>>), LoadError> {
    let imported = super::label_studio::parse(input, path, &ReadOptions::default())?;
    // Invariant: `parse` accepted the input, so it is JSON of the same shape.
    let v: Value = serde_json::from_str(input).unwrap_or(Value::Null);
    let tasks = match v {
        Value::Array(t) => t,
        obj @ Value::Object(_) => vec![obj],
        _ => Vec::new(),
    };
    let mut out = Vec::with_capacity(tasks.len());
    for (i, (task, doc)) in tasks.iter().zip(&imported.docs).enumerate() {
        out.push(suggestions_of_task(
            task,
            &doc.document,
            path,
            &format!("task[{i}]"),
            &mut Vec::new(),
        )?);
    }
    Ok((imported, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Op, Quote, Schema, Span, Transaction};

    // "Rain is coming," she warned.
    //  0         1         2
    //  0123456789012345678901234567
    const TEXT: &str = "\"Rain is coming,\" she warned.";

    fn set_with_pending() -> (Document, AnnotationSet) {
        let doc = Document::new("d", TEXT);
        let mut set = AnnotationSet::new("d", "ann", Schema::default_news().reference());
        let s = PendingSuggestion {
            id: "s1".into(),
            rule: "quote-source-cue".into(),
            why: "w".into(),
            claim: Quote::new(Span::new(1, 15), "Rain is coming"),
            stance: "warning".into(),
            source: Some(SuggestedParty {
                span: Some(Quote::new(Span::new(18, 21), "she")),
                entity: None,
                new_entity: None,
            }),
            cue: Some(Quote::new(Span::new(22, 28), "warned")),
            target: None,
            via: None,
            extra: Default::default(),
        };
        Transaction::new("t")
            .with(Op::AddSuggestion(s))
            .apply(&mut set)
            .unwrap();
        (doc, set)
    }

    #[test]
    fn model_version_names_the_lexicon_files() {
        let names = vec![
            "assets/lexicon/en.json".to_owned(),
            "/p/lexicon.json".to_owned(),
        ];
        assert_eq!(
            model_version(&names),
            "stancemark-suggest/lexicon:en.json+lexicon.json"
        );
    }

    #[test]
    fn a_prediction_round_trips_as_pending_suggestions() {
        let (doc, set) = set_with_pending();
        let p = prediction(&set, "v1").unwrap();
        assert_eq!(p["model_version"], "v1");
        let claim = &p["result"][0];
        assert_eq!(claim["value"]["labels"][0], "warning");
        assert_eq!(claim["value"]["start"], 1);
        assert_eq!(claim["value"]["end"], 15);
        let task = json!({"data": {"text": TEXT}, "predictions": [p]});
        let back = suggestions_of_task(&task, &doc, "in.json", "task[0]", &mut Vec::new()).unwrap();
        let (imported, all) = parse_with_predictions(&task.to_string(), "in.json").unwrap();
        assert_eq!(imported.docs.len(), 1);
        assert_eq!(all, vec![back.clone()]);
        assert_eq!(back.len(), 1);
        let s = &back[0];
        assert_eq!((s.id.as_str(), s.rule.as_str()), ("s1", "label-studio:v1"));
        assert_eq!(s.claim.first().text, "Rain is coming");
        assert_eq!(s.cue.as_ref().unwrap().first().text, "warned");
        let src = s.source.as_ref().unwrap().span.as_ref().unwrap();
        assert_eq!(src.first().span, Span::new(18, 21));
        assert_eq!(s.stance, "warning");
    }

    #[test]
    fn no_pending_suggestions_no_prediction_and_a_bad_region_is_an_error() {
        let doc = Document::new("d", TEXT);
        let set = AnnotationSet::new("d", "ann", Schema::default_news().reference());
        assert!(prediction(&set, "v").is_none());
        let task = json!({"predictions": [{"model_version": "v", "result": [
            {"id": "x", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": 1, "end": 15, "text": "Snow is coming", "labels": ["warning"]}}
        ]}]});
        let e =
            suggestions_of_task(&task, &doc, "in.json", "task[0]", &mut Vec::new()).unwrap_err();
        assert!(e.to_string().contains("predictions[0]"), "{e}");
    }
}
