//! GEXF 1.2 (the `1.2draft` namespace that networkx's `read_gexf` and Gephi read): declared
//! node and edge attributes, node sizes and positions, edges weighted, labelled and coloured
//! by stance.

use std::fmt::Write;

use super::super::layout::Layout;
use super::super::StanceMap;
use super::{color, documents, frames, kind, xml};
use crate::model::Schema;

const NODE_ATTRIBUTES: [(&str, &str); 5] = [
    ("kind", "string"),
    ("linked", "boolean"),
    ("frames", "integer"),
    ("as_source", "integer"),
    ("as_target", "integer"),
];

pub(super) fn render(map: &StanceMap, layout: &Layout, schema: &Schema) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <gexf xmlns=\"http://www.gexf.net/1.2draft\" \
         xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" version=\"1.2\">\n\
         \x20 <meta>\n    <creator>stancemark</creator>\n    \
         <description>stance map: sources to targets per stance</description>\n  </meta>\n\
         \x20 <graph mode=\"static\" defaultedgetype=\"directed\">\n",
    );
    declarations(&mut out, map);
    nodes(&mut out, map, layout);
    edges(&mut out, map, schema);
    out.push_str("  </graph>\n</gexf>\n");
    out
}

// Invariant (for every `write!` below): writing to a String cannot fail.

/// The node and edge attribute declarations; edge attributes 3… are the per-annotator weights.
fn declarations(out: &mut String, map: &StanceMap) {
    out.push_str("    <attributes class=\"node\">\n");
    for (i, (title, ty)) in NODE_ATTRIBUTES.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <attribute id=\"{i}\" title=\"{title}\" type=\"{ty}\"/>"
        );
    }
    out.push_str("    </attributes>\n    <attributes class=\"edge\">\n");
    let mut edge_attributes = vec![
        "stance".to_owned(),
        "documents".to_owned(),
        "frames".to_owned(),
    ];
    edge_attributes.extend(map.annotators.iter().map(|a| format!("weight_{a}")));
    for (i, title) in edge_attributes.iter().enumerate() {
        let ty = if i < 3 { "string" } else { "integer" };
        let _ = writeln!(
            out,
            "      <attribute id=\"{i}\" title=\"{}\" type=\"{ty}\"/>",
            xml(title)
        );
    }
    out.push_str("    </attributes>\n");
}

fn value(out: &mut String, i: usize, v: &str) {
    let _ = writeln!(
        out,
        "          <attvalue for=\"{i}\" value=\"{}\"/>",
        xml(v)
    );
}

fn nodes(out: &mut String, map: &StanceMap, layout: &Layout) {
    out.push_str("    <nodes>\n");
    for n in &map.nodes {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">\n        <attvalues>",
            xml(n.id.as_str()),
            xml(&n.label)
        );
        value(out, 0, kind(n));
        value(out, 1, &n.linked.to_string());
        value(out, 2, &n.frames().to_string());
        value(out, 3, &n.as_source.total.to_string());
        value(out, 4, &n.as_target.total.to_string());
        let [x, y] = layout.position(&n.id);
        let _ = writeln!(
            out,
            "        </attvalues>\n        <viz:size value=\"{:.1}\"/>\n        \
             <viz:position x=\"{x:.3}\" y=\"{y:.3}\" z=\"0.0\"/>\n      </node>",
            4.0 + 2.0 * (n.frames() as f64).sqrt()
        );
    }
    out.push_str("    </nodes>\n");
}

fn edges(out: &mut String, map: &StanceMap, schema: &Schema) {
    out.push_str("    <edges>\n");
    for (i, e) in map.edges.iter().enumerate() {
        let name = schema
            .stance(&e.stance)
            .map_or(e.stance.as_str(), |s| s.name.as_str());
        let _ = writeln!(
            out,
            "      <edge id=\"{i}\" source=\"{}\" target=\"{}\" weight=\"{}\" label=\"{}\">\n        <attvalues>",
            xml(e.source.as_str()),
            xml(e.target.as_str()),
            e.count.total,
            xml(name)
        );
        value(out, 0, &e.stance);
        value(out, 1, &documents(e));
        value(out, 2, &frames(e));
        for (j, a) in map.annotators.iter().enumerate() {
            value(out, 3 + j, &e.count.get(a).to_string());
        }
        let [r, g, b] = color(schema, &e.stance);
        let _ = writeln!(
            out,
            "        </attvalues>\n        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>\n      </edge>"
        );
    }
    out.push_str("    </edges>\n");
}
