//! CSV: one row per (source, target, stance).
//!
//! Columns: `source, source_label, source_kind, source_linked, target, target_label,
//! target_kind, target_linked, stance, weight`, one `weight_ANNOTATOR` per counted annotator,
//! `documents, frames`.

use super::super::StanceMap;
use super::{documents, frames, kind};

pub(super) fn render(map: &StanceMap) -> String {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "source",
        "source_label",
        "source_kind",
        "source_linked",
        "target",
        "target_label",
        "target_kind",
        "target_linked",
        "stance",
        "weight",
    ]
    .map(str::to_owned)
    .to_vec();
    header.extend(map.annotators.iter().map(|a| format!("weight_{a}")));
    header.extend(["documents".to_owned(), "frames".to_owned()]);
    // Invariant: writing to a Vec cannot fail, and every record has the header's length.
    w.write_record(&header).expect("csv to memory");
    for e in &map.edges {
        let mut row: Vec<String> = Vec::with_capacity(header.len());
        for id in [&e.source, &e.target] {
            let n = map.node(id);
            row.push(id.to_string());
            row.push(n.map_or_else(String::new, |n| n.label.clone()));
            row.push(n.map_or("unknown", kind).to_owned());
            row.push(id.is_linked().to_string());
        }
        row.push(e.stance.clone());
        row.push(e.count.total.to_string());
        row.extend(map.annotators.iter().map(|a| e.count.get(a).to_string()));
        row.push(documents(e));
        row.push(frames(e));
        w.write_record(&row).expect("csv to memory");
    }
    let bytes = w.into_inner().expect("csv to memory");
    // Invariant: every field written was a Rust string.
    String::from_utf8(bytes).expect("csv of strings is UTF-8")
}
