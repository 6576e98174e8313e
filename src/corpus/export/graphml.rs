//! GraphML for networkx (`read_graphml`) and Gephi: typed keys, a directed graph, one edge per
//! (source, target, stance) with its id.

use std::fmt::Write;

use super::super::layout::Layout;
use super::super::StanceMap;
use super::{color, documents, frames, kind, xml};
use crate::model::Schema;

/// `(id, for, attr.name, attr.type)` of the fixed keys; per-annotator weights follow.
const KEYS: [(&str, &str, &str, &str); 13] = [
    ("n_label", "node", "label", "string"),
    ("n_kind", "node", "kind", "string"),
    ("n_linked", "node", "linked", "boolean"),
    ("n_frames", "node", "frames", "int"),
    ("n_source", "node", "as_source", "int"),
    ("n_target", "node", "as_target", "int"),
    ("n_x", "node", "x", "double"),
    ("n_y", "node", "y", "double"),
    ("e_stance", "edge", "stance", "string"),
    ("e_weight", "edge", "weight", "int"),
    ("e_documents", "edge", "documents", "string"),
    ("e_frames", "edge", "frames", "string"),
    ("e_color", "edge", "color", "string"),
];

pub(super) fn render(map: &StanceMap, layout: &Layout, schema: &Schema) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
         http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    // Invariant (for every `write!` below): writing to a String cannot fail.
    for (id, on, name, ty) in KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{on}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    for (i, a) in map.annotators.iter().enumerate() {
        let _ = writeln!(
            out,
            "  <key id=\"e_w{i}\" for=\"edge\" attr.name=\"{}\" attr.type=\"int\"/>",
            xml(&format!("weight_{a}"))
        );
    }
    out.push_str("  <graph id=\"stance-map\" edgedefault=\"directed\">\n");
    let data = |out: &mut String, key: &str, value: &str| {
        let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", xml(value));
    };
    for n in &map.nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", xml(n.id.as_str()));
        let [x, y] = layout.position(&n.id);
        data(&mut out, "n_label", &n.label);
        data(&mut out, "n_kind", kind(n));
        data(&mut out, "n_linked", &n.linked.to_string());
        data(&mut out, "n_frames", &n.frames().to_string());
        data(&mut out, "n_source", &n.as_source.total.to_string());
        data(&mut out, "n_target", &n.as_target.total.to_string());
        data(&mut out, "n_x", &format!("{x:.3}"));
        data(&mut out, "n_y", &format!("{y:.3}"));
        out.push_str("    </node>\n");
    }
    for (i, e) in map.edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\">",
            xml(e.source.as_str()),
            xml(e.target.as_str())
        );
        let [r, g, b] = color(schema, &e.stance);
        data(&mut out, "e_stance", &e.stance);
        data(&mut out, "e_weight", &e.count.total.to_string());
        data(&mut out, "e_documents", &documents(e));
        data(&mut out, "e_frames", &frames(e));
        data(&mut out, "e_color", &format!("#{r:02x}{g:02x}{b:02x}"));
        for (i, a) in map.annotators.iter().enumerate() {
            data(&mut out, &format!("e_w{i}"), &e.count.get(a).to_string());
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
