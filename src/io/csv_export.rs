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

/// Writes the start, end and text cells of a quote: one fragment as plain numbers and its
/// text; several as `1;24`, `13;34` and the texts joined by [`TEXT_SEPARATOR`]; an absent span
/// as three empty cells.
fn quote_cells<W: std::io::Write>(
    w: &mut csv::Writer<W>,
    q: Option<&Quote>,
    cell: &mut String,
) -> csv::Result<()> {
    let Some(q) = q else {
        for _ in 0..3 {
            w.write_field("")?;
        }
        return Ok(());
    };
    let mut num = itoa::Buffer::new();
    for end in [false, true] {
        cell.clear();
        for (i, s) in q.spans().enumerate() {
            if i > 0 {
                cell.push_str(OFFSET_SEPARATOR);
            }
            cell.push_str(num.format(if end { s.end } else { s.start }));
        }
        w.write_field(cell.as_str())?;
    }
    w.write_field(q.joined_text(TEXT_SEPARATOR).as_ref())
}

/// The name of a participant's entity (its id when the set has no such entity).
fn entity_name<'a>(set: &'a AnnotationSet, p: Option<&'a Participant>) -> &'a str {
    p.and_then(|p| p.entity.as_deref())
        .map(|id| set.entity(id).map_or(id, |e| e.name.as_str()))
        .unwrap_or_default()
}

/// The header and one row per frame, cell by cell; the rows of each share of the documents
/// on a core of its own, joined in order.
pub fn export(items: &[ExportItem]) -> Result<Vec<OutFile>, csv::Error> {
    let mut header = writer(256);
    header.write_record(HEADER)?;
    let mut parts = vec![header
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))?];
    for part in super::export::per_share(items, rows) {
        parts.push(part?);
    }
    // Invariant: every cell is a Rust string, so the output is UTF-8.
    Ok(vec![OutFile::new(
        "",
        String::from_utf8(parts.concat()).expect("csv of UTF-8 cells is UTF-8"),
    )])
}

/// A writer of our dialect: RFC 4180 quoting, rows ending in `\n`.
fn writer(capacity: usize) -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::with_capacity(capacity))
}

/// The rows of the frames of `items`.
fn rows(items: &[ExportItem]) -> Result<Vec<u8>, csv::Error> {
    let capacity = items.iter().map(|it| 320 * it.set.frames().len()).sum();
    let mut w = writer(capacity);
    let mut cell = String::new();
    for it in items {
        let set = it.set;
        for f in set.frames() {
            w.write_field(&it.document.id)?;
            w.write_field(&set.annotator)?;
            w.write_field(&f.id)?;
            quote_cells(&mut w, Some(&f.claim), &mut cell)?;
            w.write_field(&f.stance)?;
            quote_cells(
                &mut w,
                f.source.as_ref().and_then(|p| p.span.as_ref()),
                &mut cell,
            )?;
            w.write_field(entity_name(set, f.source.as_ref()))?;
            quote_cells(&mut w, f.cue.as_ref(), &mut cell)?;
            quote_cells(
                &mut w,
                f.target.as_ref().and_then(|p| p.span.as_ref()),
                &mut cell,
            )?;
            w.write_field(entity_name(set, f.target.as_ref()))?;
            w.write_field(f.via.as_deref().unwrap_or_default())?;
            cell.clear();
            for (i, (k, v)) in f.attributes.iter().enumerate() {
                if i > 0 {
                    cell.push_str("; ");
                }
                cell.push_str(k);
                cell.push('=');
                cell.push_str(v);
            }
            w.write_field(cell.as_str())?;
            w.write_field(&f.note)?;
            w.write_record(None::<&[u8]>)?;
        }
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// Re-reads the CSV and checks each span cell triple against the document text (code points).
pub fn verify(written: &str, path: &str, items: &[ExportItem]) -> Result<usize, String> {
    let texts: HashMap<&str, &crate::model::Text> = items
        .iter()
        .map(|it| (it.document.id.as_str(), &it.document.text))
        .collect();
    let mut r = csv::Reader::from_reader(written.as_bytes());
    let mut checked = 0;
    let mut rec = csv::StringRecord::new();
    for i in 0.. {
        if !r
            .read_record(&mut rec)
            .map_err(|e| format!("{path}: {e}"))?
        {
            break;
        }
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
