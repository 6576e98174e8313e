//! The stance map in the formats that graph and table tools read.
//!
//! Every format carries the same data: nodes with their kind (registry kind, the per-file
//! entity's kind, or `unknown` for a bare span), whether they are registry entities, their
//! frames as source and as target; edges source → target with the stance, the weight (frames),
//! the weight per annotator, the documents and the frames behind them. Lists inside one value
//! (documents, frames) are joined with `|`, which document ids and annotator names cannot
//! contain; a frame is written `DOCUMENT/ANNOTATOR/FRAME`.
//!
//! - **CSV**: one row per (source, target, stance), for pandas.
//! - **JSON**: the whole [`StanceMap`] (nodes, edges with frames, per-outlet table, weekly
//!   timeline, summary) under `"format": "stancemark-map/1"`.
//! - **GraphML** and **GEXF 1.2**: directed graphs for networkx and Gephi (parallel edges for
//!   several stances between two nodes; node positions from [`Layout`]; edge colours from the
//!   schema's stance colours in GEXF).
//! - **DOT**: Graphviz, edges labelled and coloured by stance.
//!
//! Output is deterministic: the map's order, fixed attribute order, positions from a
//! deterministic layout.

mod csv;
mod dot;
mod gexf;
mod graphml;

use crate::model::Schema;

use super::layout::Layout;
use super::map::{Edge, FrameRef, Node};
use super::StanceMap;

/// The formats `stancemark map --to` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapFormat {
    Csv,
    Json,
    Graphml,
    Gexf,
    Dot,
}

impl MapFormat {
    pub const ALL: [MapFormat; 5] = [
        MapFormat::Csv,
        MapFormat::Json,
        MapFormat::Graphml,
        MapFormat::Gexf,
        MapFormat::Dot,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MapFormat::Csv => "csv",
            MapFormat::Json => "json",
            MapFormat::Graphml => "graphml",
            MapFormat::Gexf => "gexf",
            MapFormat::Dot => "dot",
        }
    }

    pub fn from_name(name: &str) -> Option<MapFormat> {
        MapFormat::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The format tag of the JSON export.
pub const JSON_FORMAT: &str = "stancemark-map/1";

/// `map` in `format`. `schema` names and colours the stances.
pub fn render(map: &StanceMap, format: MapFormat, schema: &Schema) -> String {
    match format {
        MapFormat::Csv => csv::render(map),
        MapFormat::Json => json(map),
        MapFormat::Graphml => graphml::render(map, &Layout::of(map), schema),
        MapFormat::Gexf => gexf::render(map, &Layout::of(map), schema),
        MapFormat::Dot => dot::render(map, schema),
    }
}

fn json(map: &StanceMap) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        format: &'static str,
        #[serde(flatten)]
        map: &'a StanceMap,
    }
    let mut s = serde_json::to_string_pretty(&Out {
        format: JSON_FORMAT,
        map,
    })
    // Invariant: the map holds strings, numbers, lists and maps with string keys only.
    .expect("a stance map serialises");
    s.push('\n');
    s
}

/// A node's kind as the exports write it.
fn kind(node: &Node) -> &str {
    node.kind.as_deref().unwrap_or("unknown")
}

/// The edge's documents joined with `|`.
fn documents(edge: &Edge) -> String {
    edge.documents.join("|")
}

/// The edge's frames as `DOCUMENT/ANNOTATOR/FRAME`, joined with `|`.
fn frames(edge: &Edge) -> String {
    let one = |f: &FrameRef| format!("{}/{}/{}", f.document, f.annotator, f.frame);
    edge.frames.iter().map(one).collect::<Vec<_>>().join("|")
}

/// The stance's colour from the schema, grey when it has none.
fn color(schema: &Schema, stance: &str) -> [u8; 3] {
    schema.stance(stance).map_or([128, 128, 128], |s| s.rgb())
}

/// Text made safe for XML 1.0: characters XML cannot hold (control characters other than
/// tab, newline and carriage return; U+FFFE, U+FFFF) become U+FFFD, then `<>&'"` are escaped.
fn xml(text: &str) -> String {
    let valid: String = text
        .chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect();
    quick_xml::escape::escape(valid.as_str()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped_and_made_valid() {
        assert_eq!(
            xml("a<b & \"c\" 'd'\u{0}\u{1b}\t"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;\u{fffd}\u{fffd}\t"
        );
    }

    #[test]
    fn format_names_round_trip() {
        for f in MapFormat::ALL {
            assert_eq!(MapFormat::from_name(f.name()), Some(f));
        }
        assert_eq!(MapFormat::from_name("xml"), None);
    }
}
