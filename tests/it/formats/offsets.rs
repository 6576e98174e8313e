//! Every export's spans, read in the format's own unit, slice to the stored quotes.

use std::path::PathBuf;

use serde_json::Value;
use stancemark::io;
use stancemark::model::AnnotationSet;
use stancemark::project::export::{export, ExportFormat, Overwrite, Selection};

use super::*;

/// `text[start:end]` in Python terms: code points.
fn py_slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn exported(to: ExportFormat) -> (tempfile::TempDir, PathBuf, AnnotationSet) {
    let (doc, set) = tricky();
    let (dir, p) = project_with(&doc, &set);
    let out = dir.path().join(format!("out.{}", to.name()));
    export(
        &p,
        to,
        &Selection::Annotator("alice".into()),
        &out,
        Overwrite::Refuse,
        &mut |_, _| {},
    )
    .unwrap();
    (dir, out, set)
}

fn all_quotes(set: &AnnotationSet) -> Vec<(u64, u64, String)> {
    let mut v: Vec<_> = set
        .frames()
        .iter()
        .flat_map(|f| {
            f.quotes().flat_map(|(_, q)| {
                q.fragments()
                    .iter()
                    .map(|x| (x.span.start as u64, x.span.end as u64, x.text.clone()))
            })
        })
        .collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<(u64, u64, String)>) -> Vec<(u64, u64, String)> {
    v.sort();
    v
}

#[test]
fn every_export_slices_to_the_stored_quotes_in_its_own_unit() {
    // jsonl, spacy: code points into the line's text.
    for to in [ExportFormat::Jsonl, ExportFormat::Spacy] {
        let (_d, out, set) = exported(to);
        let line: Value = serde_json::from_str(
            std::fs::read_to_string(&out)
                .unwrap()
                .lines()
                .next()
                .unwrap(),
        )
        .unwrap();
        let text = line["text"].as_str().unwrap();
        let mut got = Vec::new();
        if to == ExportFormat::Spacy {
            for s in line["spans"].as_array().unwrap() {
                let (a, b) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
                got.push((a, b, py_slice(text, a, b)));
            }
        } else {
            for f in line["frames"].as_array().unwrap() {
                for k in ["claim", "cue"] {
                    if let Some(q) = f.get(k) {
                        let (a, b) = (q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap());
                        assert_eq!(py_slice(text, a, b), q["text"].as_str().unwrap());
                        got.push((a, b, py_slice(text, a, b)));
                    }
                }
                for k in ["source", "target"] {
                    if let Some(q) = f.get(k).and_then(|p| p.get("span")) {
                        let (a, b) = (q["start"].as_u64().unwrap(), q["end"].as_u64().unwrap());
                        got.push((a, b, py_slice(text, a, b)));
                    }
                }
            }
        }
        assert_eq!(sorted(got), all_quotes(&set), "{}", to.name());
    }
    // doccano: entities' start_offset/end_offset in code points.
    let (_d, out, set) = exported(ExportFormat::Doccano);
    let line: Value =
        serde_json::from_str(std::fs::read_to_string(&out).unwrap().trim_end()).unwrap();
    let text = line["text"].as_str().unwrap();
    let got = line["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let (a, b) = (
                e["start_offset"].as_u64().unwrap(),
                e["end_offset"].as_u64().unwrap(),
            );
            (a, b, py_slice(text, a, b))
        })
        .collect();
    assert_eq!(sorted(got), all_quotes(&set));
    // label-studio: value.start/end in code points; value.text must match.
    let (_d, out, set) = exported(ExportFormat::LabelStudio);
    let tasks: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let text = tasks[0]["data"]["text"].as_str().unwrap();
    let mut got = Vec::new();
    for r in tasks[0]["annotations"][0]["result"].as_array().unwrap() {
        if r["type"] == "labels" {
            let v = &r["value"];
            let (a, b) = (v["start"].as_u64().unwrap(), v["end"].as_u64().unwrap());
            assert_eq!(py_slice(text, a, b), v["text"].as_str().unwrap());
            got.push((a, b, py_slice(text, a, b)));
        }
    }
    assert_eq!(sorted(got), all_quotes(&set));
    assert!(out.with_extension("config.xml").is_file());
    // csv: claim/source/cue/target start, end, text columns.
    let (_d, out, set) = exported(ExportFormat::Csv);
    let mut r = csv::Reader::from_path(&out).unwrap();
    let mut got = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        for col in [3, 7, 11, 14] {
            if rec[col].is_empty() {
                continue;
            }
            let (a, b) = (rec[col].parse().unwrap(), rec[col + 1].parse().unwrap());
            assert_eq!(py_slice(TEXT, a, b), &rec[col + 2]);
            got.push((a, b, rec[col + 2].to_owned()));
        }
    }
    assert_eq!(sorted(got), all_quotes(&set));
    // w3c: TextPositionSelector vs TextQuoteSelector (exact, 32-code-point prefix and suffix).
    let (_d, out, set) = exported(ExportFormat::W3c);
    let page: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let mut got = Vec::new();
    for a in page["items"].as_array().unwrap() {
        let mut res = vec![a["target"].clone()];
        res.extend(
            a["body"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|b| b["type"] == "SpecificResource")
                .cloned(),
        );
        for r in res {
            let (pos, q) = (&r["selector"][0], &r["selector"][1]);
            let (s, e) = (pos["start"].as_u64().unwrap(), pos["end"].as_u64().unwrap());
            assert_eq!(py_slice(TEXT, s, e), q["exact"].as_str().unwrap());
            assert_eq!(
                py_slice(TEXT, s.saturating_sub(32), s),
                q["prefix"].as_str().unwrap()
            );
            assert_eq!(py_slice(TEXT, e, e + 32), q["suffix"].as_str().unwrap());
            got.push((s, e, py_slice(TEXT, s, e)));
        }
    }
    assert_eq!(sorted(got), all_quotes(&set));
    // brat: every fragment's text field equals the .txt at its code point offsets.
    let (_d, out, set) = exported(ExportFormat::Brat);
    let txt = std::fs::read_to_string(out.join("tricky.txt")).unwrap();
    assert_eq!(txt, TEXT, "the .txt keeps CRLF byte for byte");
    let ann = std::fs::read_to_string(out.join("tricky.ann")).unwrap();
    let mut got = Vec::new();
    for line in ann.lines().filter(|l| l.starts_with('T')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let offs = cols[1].split_once(' ').unwrap().1;
        let frags: Vec<(u64, u64)> = offs
            .split(';')
            .map(|f| {
                let (a, b) = f.split_once(' ').unwrap();
                (a.parse().unwrap(), b.parse().unwrap())
            })
            .collect();
        let joined: Vec<String> = frags.iter().map(|(a, b)| py_slice(&txt, *a, *b)).collect();
        assert_eq!(joined.join(" "), cols[2], "{line}");
        let (a, b) = (frags[0].0, frags.last().unwrap().1);
        got.push((a, b, py_slice(&txt, a, b)));
    }
    assert_eq!(sorted(got), all_quotes(&set));
    assert!(
        ann.lines().any(|l| l.contains("\tClaim ")
            && l.contains(';')
            && l.ends_with("he said. The ministry")),
        "the claim across CRLF is split at the line break:\n{ann}"
    );
    // conll: every token line's START/END slice to its token; claim runs slice to claims.
    let (_d, out, set) = exported(ExportFormat::Conll);
    let conll = std::fs::read_to_string(&out).unwrap();
    let claims: Vec<String> = set
        .frames()
        .iter()
        .map(|f| f.claim.first().text.clone())
        .collect();
    let mut run: Option<(u64, u64)> = None;
    let mut runs = Vec::new();
    for line in conll.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() != 5 || c[0] == "-DOCSTART-" {
            continue; // the test text has no empty line, so one sentence
        }
        let (a, b): (u64, u64) = (c[1].parse().unwrap(), c[2].parse().unwrap());
        assert_eq!(py_slice(TEXT, a, b), c[0]);
        if c[3].starts_with("I-") {
            run = run.map(|(s, _)| (s, b));
        } else {
            runs.extend(run.take());
            if c[3].starts_with("B-") {
                run = Some((a, b));
            }
        }
    }
    runs.extend(run);
    assert!(!runs.is_empty());
    for (a, b) in runs {
        assert!(
            claims.contains(&py_slice(TEXT, a, b)),
            "{:?}",
            py_slice(TEXT, a, b)
        );
    }
}

#[test]
fn conll_reports_overlapping_claims_with_their_count() {
    let (doc, set) = tricky();
    let (dir, p) = project_with(&doc, &set);
    let s = export(
        &p,
        ExportFormat::Conll,
        &Selection::Annotator("alice".into()),
        &dir.path().join("o.conll"),
        Overwrite::Refuse,
        &mut |_, _| {},
    )
    .unwrap();
    // f2 is nested in f1, f5 overlaps f4 (f3 crosses the line and overlaps neither).
    assert!(
        s.warnings.iter().any(|w| w.contains("2 claim(s) overlap")),
        "{:?}",
        s.warnings
    );
}

#[test]
fn a_shifted_offset_is_caught_by_the_export_check() {
    let (_d, out, _set) = exported(ExportFormat::LabelStudio);
    let good = std::fs::read_to_string(&out).unwrap();
    assert!(io::label_studio::verify(&good, "t.json").is_ok());
    // What a UTF-16 counting tool would write: every offset after the emoji one larger.
    let mut tasks: Value = serde_json::from_str(&good).unwrap();
    for r in tasks[0]["annotations"][0]["result"].as_array_mut().unwrap() {
        if let Some(s) = r["value"]["start"].as_u64() {
            if s > 16 {
                r["value"]["start"] = (s + 1).into();
                r["value"]["end"] = (r["value"]["end"].as_u64().unwrap() + 1).into();
            }
        }
    }
    let e = io::label_studio::verify(&tasks.to_string(), "t.json").unwrap_err();
    assert!(
        e.contains("t.json: task[0] result[") && e.contains("expected"),
        "{e}"
    );
}
