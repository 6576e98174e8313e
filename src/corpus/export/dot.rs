//! Graphviz DOT: a directed graph, edges labelled with stance and count, coloured by stance,
//! thicker with more frames.

use std::fmt::Write;

use super::super::StanceMap;
use super::{color, documents, kind};
use crate::model::Schema;

/// `text` as a DOT double-quoted string.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(super) fn render(map: &StanceMap, schema: &Schema) -> String {
    let mut out = String::from("digraph \"stance map\" {\n");
    out.push_str("  graph [overlap=false, splines=true];\n");
    out.push_str("  node [shape=box, style=rounded];\n");
    // Invariant (for every `write!` below): writing to a String cannot fail.
    for n in &map.nodes {
        let _ = writeln!(
            out,
            "  {} [label={}, kind={}, linked={}, frames={}{}];",
            quoted(n.id.as_str()),
            quoted(&n.label),
            quoted(kind(n)),
            n.linked,
            n.frames(),
            if n.linked {
                ""
            } else {
                ", style=\"rounded,dashed\""
            }
        );
    }
    for e in &map.edges {
        let name = schema
            .stance(&e.stance)
            .map_or(e.stance.as_str(), |s| s.name.as_str());
        let [r, g, b] = color(schema, &e.stance);
        let _ = writeln!(
            out,
            "  {} -> {} [label={}, stance={}, weight={}, color=\"#{r:02x}{g:02x}{b:02x}\", penwidth={:.1}, documents={}];",
            quoted(e.source.as_str()),
            quoted(e.target.as_str()),
            quoted(&format!("{name} ({})", e.count.total)),
            quoted(&e.stance),
            e.count.total,
            1.0 + (e.count.total as f64).ln(),
            quoted(&documents(e)),
        );
    }
    out.push_str("}\n");
    out
}
