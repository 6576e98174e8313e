//! CSV export: one row per frame (RFC 4180 quoting, written by the `csv` crate).
//!
//! Columns: `document, annotator, frame, claim_start, claim_end, claim_text, stance,
//! source_start, source_end, source_text, source_entity, cue_start, cue_end, cue_text,
//! target_start, target_end, target_text, target_entity, via, attributes, note`. Entities are
//! given by name (`Donald Trump`); attributes as `key=value` pairs joined by `; ` in key order.
//!
//! **Offsets:** code points, half-open (Python `text[start:end]`); empty cells for absent spans.
//! **Fragments:** a span of several fragments has its starts and its ends joined by `;`
//! (`1;24`, `13;34`) and its texts by ` … `.
//! **Line endings:** cells that contain CR or LF are quoted and kept byte for byte; rows end in
//! `\n`. Lost: nothing of a frame, but the article text itself is not in the file.

use std::collections::HashMap;

use super::export::{ExportItem, OutFile};
use crate::model::{AnnotationSet, Participant, Quote, Span};

pub const HEADER: [&str; 21] = [
    "document",
    "annotator",
    "frame",
    "claim_start",
    "claim_end",
    "claim_text",
    "stance",
    "source_start",
    "source_end",
    "source_text",
    "source_entity",
    "cue_start",
    "cue_end",
    "cue_text",
    "target_start",
    "target_end",
    "target_text",
    "target_entity",
    "via",
    "attributes",
    "note",
];

/// Separates the fragments' offsets in the start and end cells.
pub const OFFSET_SEPARATOR: &str = ";";
/// Separates the fragments' texts in the text cell.
pub const TEXT_SEPARATOR: &str = Quote::GAP;

/// Start, end and text cells: one fragment as plain numbers and its text; several as
/// `1;24`, `13;34` and the texts joined by [`TEXT_SEPARATOR`].
fn quote_cells(q: Option<&Quote>) -> [String; 3] {
    let Some(q) = q else {
        return Default::default();
    };
    let join = |f: fn(Span) -> usize| {
        q.spans()
            .map(|s| f(s).to_string())
            .collect::<Vec<_>>()
            .join(OFFSET_SEPARATOR)
    };
    [
        join(|s| s.start),
        join(|s| s.end),
        q.joined_text(TEXT_SEPARATOR).into_owned(),
    ]
}

fn entity_name(set: &AnnotationSet, p: Option<&Participant>) -> String {
    p.and_then(|p| p.entity.as_deref())
        .map(|id| set.entity(id).map_or(id.to_owned(), |e| e.name.clone()))
        .unwrap_or_default()
}

pub fn export(items: &[ExportItem]) -> Result<Vec<OutFile>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    w.write_record(HEADER)?;
    for it in items {
        let set = it.set;
        for f in set.frames() {
            let claim = quote_cells(Some(&f.claim));
            let source = quote_cells(f.source.as_ref().and_then(|p| p.span.as_ref()));
            let cue = quote_cells(f.cue.as_ref());
            let target = quote_cells(f.target.as_ref().and_then(|p| p.span.as_ref()));
            let attrs: Vec<String> = f
                .attributes
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let mut row: Vec<String> =
                vec![it.document.id.clone(), set.annotator.clone(), f.id.clone()];
            row.extend(claim);
            row.push(f.stance.clone());
            row.extend(source);
            row.push(entity_name(set, f.source.as_ref()));
            row.extend(cue);
            row.extend(target);
            row.push(entity_name(set, f.target.as_ref()));
            row.push(f.via.clone().unwrap_or_default());
            row.push(attrs.join("; "));
            row.push(f.note.clone());
            w.write_record(&row)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?;
    // Invariant: every cell is a Rust string, so the output is UTF-8.
    Ok(vec![OutFile::new(
        "",
        String::from_utf8(bytes).expect("csv of UTF-8 cells is UTF-8"),
    )])
}

/// Re-reads the CSV and checks each span cell triple against the document text (code points).
pub fn verify(written: &str, path: &str, items: &[ExportItem]) -> Result<usize, String> {
    let texts: HashMap<&str, &crate::model::Text> = items
        .iter()
        .map(|it| (it.document.id.as_str(), &it.document.text))
        .collect();
    let mut r = csv::Reader::from_reader(written.as_bytes());
    let mut checked = 0;
    for (i, rec) in r.records().enumerate() {
        let rec = rec.map_err(|e| format!("{path}: {e}"))?;
        let row = i + 2; // the header is line 1 (rows with line breaks make this approximate)
        let text = texts
            .get(rec.get(0).unwrap_or(""))
            .ok_or(format!("{path}: row {row}: unknown document"))?;
        for (col, role) in [(3, "claim"), (7, "source"), (11, "cue"), (14, "target")] {
            let (s, e, t) = (
                rec.get(col).unwrap_or(""),
                rec.get(col + 1).unwrap_or(""),
                rec.get(col + 2).unwrap_or(""),
            );
            if s.is_empty() && e.is_empty() {
                continue;
            }
            let numbers = |cell: &str| {
                cell.split(OFFSET_SEPARATOR)
                    .map(str::parse::<usize>)
                    .collect::<Result<Vec<_>, _>>()
            };
            let (Ok(s), Ok(e)) = (numbers(s), numbers(e)) else {
                return Err(format!("{path}: row {row}: {role} offsets are not numbers"));
            };
            if s.len() != e.len() {
                return Err(format!(
                    "{path}: row {row}: {role}: {} starts but {} ends",
                    s.len(),
                    e.len()
                ));
            }
            let mut pieces = Vec::with_capacity(s.len());
            for (&s, &e) in s.iter().zip(&e) {
                let piece = text.slice(Span::new(s, e)).ok_or(format!(
                    "{path}: row {row} {role}: [{s}, {e}) is not inside the text"
                ))?;
                pieces.push(piece);
            }
            let found = pieces.join(TEXT_SEPARATOR);
            if found != t {
                return Err(format!(
                    "{path}: row {row} {role}: the text holds {found:?}, the cell {t:?}"
                ));
            }
            checked += s.len();
        }
    }
    Ok(checked)
}
