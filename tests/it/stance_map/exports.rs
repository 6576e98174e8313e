//! The map exports read back: GraphML and GEXF parsed as XML with their attributes checked,
//! CSV with the csv reader, JSON with serde_json, DOT by its lines.

use std::collections::BTreeMap;

use stancemark::corpus::export::{render, MapFormat, JSON_FORMAT};
use stancemark::corpus::{MapFilter, Perspective, StanceMap};
use stancemark::model::Schema;

use super::fixture;

fn map() -> StanceMap {
    let dir = tempfile::tempdir().unwrap();
    let p = fixture::write_project(dir.path(), true);
    let c = p.load_corpus().unwrap();
    let r = p.load_registry().unwrap();
    StanceMap::build(
        &c,
        r.as_ref(),
        &Perspective::AllAnnotators,
        &MapFilter::default(),
    )
}

fn text(m: &StanceMap, f: MapFormat) -> String {
    render(m, f, &Schema::default_news())
}

const GRAPHML: &str = "http://graphml.graphdrawing.org/xmlns";
const GEXF: &str = "http://www.gexf.net/1.2draft";

#[test]
fn graphml_parses_back_with_typed_keys_and_attributes() {
    let m = map();
    let xml = text(&m, MapFormat::Graphml);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed GraphML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(GRAPHML));
    // key id → (for, attr.name, attr.type)
    let keys: BTreeMap<&str, (&str, &str, &str)> = root
        .children()
        .filter(|n| n.has_tag_name((GRAPHML, "key")))
        .map(|k| {
            (
                k.attribute("id").unwrap(),
                (
                    k.attribute("for").unwrap(),
                    k.attribute("attr.name").unwrap(),
                    k.attribute("attr.type").unwrap(),
                ),
            )
        })
        .collect();
    let named = |name: &str| {
        keys.iter()
            .find(|(_, v)| v.1 == name)
            .map(|(k, v)| (*k, *v))
            .unwrap()
    };
    assert_eq!(named("kind").1, ("node", "kind", "string"));
    assert_eq!(named("stance").1, ("edge", "stance", "string"));
    assert_eq!(named("weight").1, ("edge", "weight", "int"));
    assert_eq!(named("documents").1, ("edge", "documents", "string"));
    assert_eq!(named("weight_bob").1, ("edge", "weight_bob", "int"));
    let graph = root
        .children()
        .find(|n| n.has_tag_name((GRAPHML, "graph")))
        .unwrap();
    assert_eq!(graph.attribute("edgedefault"), Some("directed"));
    let data = |n: roxmltree::Node, name: &str| -> String {
        let key = named(name).0;
        n.children()
            .find(|d| d.has_tag_name((GRAPHML, "data")) && d.attribute("key") == Some(key))
            .and_then(|d| d.text())
            .unwrap_or_default()
            .to_owned()
    };
    let nodes: Vec<roxmltree::Node> = graph
        .children()
        .filter(|n| n.has_tag_name((GRAPHML, "node")))
        .collect();
    assert_eq!(nodes.len(), 5);
    let kfm = nodes
        .iter()
        .find(|n| n.attribute("id") == Some("kfm"))
        .unwrap();
    assert_eq!(data(*kfm, "label"), "Kestrian Foreign Ministry");
    assert_eq!(data(*kfm, "kind"), "government");
    assert_eq!(data(*kfm, "linked"), "true");
    let farmers = nodes
        .iter()
        .find(|n| n.attribute("id") == Some("unlinked:farmers"))
        .unwrap();
    assert_eq!(
        (
            data(*farmers, "kind").as_str(),
            data(*farmers, "linked").as_str()
        ),
        ("unknown", "false")
    );
    let edges: Vec<roxmltree::Node> = graph
        .children()
        .filter(|n| n.has_tag_name((GRAPHML, "edge")))
        .collect();
    assert_eq!(edges.len(), 9);
    let first = edges[0];
    assert_eq!(
        (first.attribute("source"), first.attribute("target")),
        (Some("kestria"), Some("ostland"))
    );
    assert_eq!(data(first, "stance"), "condemnation");
    assert_eq!(data(first, "weight"), "3");
    assert_eq!(data(first, "weight_alice"), "1");
    assert_eq!(data(first, "weight_bob"), "2");
    assert_eq!(data(first, "documents"), "d1|d2");
    assert_eq!(data(first, "frames"), "d1/alice/f1|d1/bob/f1|d2/bob/f1");
    assert_eq!(data(first, "color"), "#d62728");
    // Every edge id is unique (networkx keys parallel edges by them).
    let mut ids: Vec<&str> = edges.iter().map(|e| e.attribute("id").unwrap()).collect();
    ids.dedup();
    assert_eq!(ids.len(), 9);
}

#[test]
fn gexf_parses_back_with_declared_attributes_weights_and_positions() {
    let m = map();
    let xml = text(&m, MapFormat::Gexf);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed GEXF");
    let root = doc.root_element();
    assert_eq!(
        (root.tag_name().namespace(), root.attribute("version")),
        (Some(GEXF), Some("1.2"))
    );
    let graph = root
        .children()
        .find(|n| n.has_tag_name((GEXF, "graph")))
        .unwrap();
    assert_eq!(graph.attribute("defaultedgetype"), Some("directed"));
    let declared = |class: &str| -> BTreeMap<String, (String, String)> {
        graph
            .children()
            .filter(|n| n.has_tag_name((GEXF, "attributes")) && n.attribute("class") == Some(class))
            .flat_map(|a| a.children().filter(|n| n.is_element()))
            .map(|a| {
                (
                    a.attribute("id").unwrap().to_owned(),
                    (
                        a.attribute("title").unwrap().to_owned(),
                        a.attribute("type").unwrap().to_owned(),
                    ),
                )
            })
            .collect()
    };
    let node_attrs = declared("node");
    let edge_attrs = declared("edge");
    assert_eq!(node_attrs["0"], ("kind".to_owned(), "string".to_owned()));
    assert_eq!(edge_attrs["0"], ("stance".to_owned(), "string".to_owned()));
    assert_eq!(
        edge_attrs["1"],
        ("documents".to_owned(), "string".to_owned())
    );
    assert_eq!(
        edge_attrs["4"],
        ("weight_bob".to_owned(), "integer".to_owned())
    );
    let values = |n: roxmltree::Node,
                  attrs: &BTreeMap<String, (String, String)>|
     -> BTreeMap<String, String> {
        n.descendants()
            .filter(|v| v.has_tag_name((GEXF, "attvalue")))
            .map(|v| {
                (
                    attrs[v.attribute("for").unwrap()].0.clone(),
                    v.attribute("value").unwrap().to_owned(),
                )
            })
            .collect()
    };
    let section = |name: &str| {
        graph
            .children()
            .find(|n| n.has_tag_name((GEXF, name)))
            .unwrap()
    };
    let nodes: Vec<roxmltree::Node> = section("nodes")
        .children()
        .filter(|n| n.is_element())
        .collect();
    assert_eq!(nodes.len(), 5);
    let ostland = nodes
        .iter()
        .find(|n| n.attribute("id") == Some("ostland"))
        .unwrap();
    assert_eq!(ostland.attribute("label"), Some("Ostland"));
    let v = values(*ostland, &node_attrs);
    assert_eq!(
        (
            v["kind"].as_str(),
            v["frames"].as_str(),
            v["as_target"].as_str()
        ),
        ("government", "13", "8")
    );
    let viz = "http://www.gexf.net/1.2draft/viz";
    let pos = ostland
        .children()
        .find(|n| n.has_tag_name((viz, "position")))
        .unwrap();
    let x: f64 = pos.attribute("x").unwrap().parse().unwrap();
    assert!(x.abs() <= 500.0);
    let edges: Vec<roxmltree::Node> = section("edges")
        .children()
        .filter(|n| n.is_element())
        .collect();
    assert_eq!(edges.len(), 9);
    let warn = edges
        .iter()
        .find(|e| {
            e.attribute("source") == Some("ostland")
                && values(**e, &edge_attrs)["stance"] == "warning"
        })
        .unwrap();
    assert_eq!(warn.attribute("weight"), Some("2"));
    assert_eq!(warn.attribute("label"), Some("Warning"));
    let v = values(*warn, &edge_attrs);
    assert_eq!(
        (
            v["documents"].as_str(),
            v["weight_alice"].as_str(),
            v["weight_bob"].as_str()
        ),
        ("d2", "1", "1")
    );
    let color = warn
        .children()
        .find(|n| n.has_tag_name((viz, "color")))
        .unwrap();
    assert_eq!(
        (
            color.attribute("r"),
            color.attribute("g"),
            color.attribute("b")
        ),
        (Some("255"), Some("127"), Some("14"))
    );
}

#[test]
fn csv_is_one_row_per_source_target_stance() {
    let m = map();
    let csv = text(&m, MapFormat::Csv);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header,
        [
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
            "weight_alice",
            "weight_bob",
            "documents",
            "frames"
        ]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 9);
    let last = &rows[8];
    assert_eq!(&last[0], "unlinked:kestria foreign ministry");
    assert_eq!(&last[1], "Kestria's foreign ministry");
    assert_eq!(
        (&last[3], &last[8], &last[9], &last[12]),
        ("false", "warning", "1", "d1")
    );
}

#[test]
fn json_holds_the_whole_map_and_dot_every_edge() {
    let m = map();
    let v: serde_json::Value = serde_json::from_str(&text(&m, MapFormat::Json)).unwrap();
    assert_eq!(v["format"], JSON_FORMAT);
    assert_eq!(v["perspective"]["from"], "all_annotators");
    assert_eq!(v["edges"].as_array().unwrap().len(), 9);
    assert_eq!(v["edges"][0]["frames"][2]["claim"], "Ostland.");
    assert_eq!(v["timeline"]["weeks"][1]["week"], "2025-W11");
    assert_eq!(v["summary"]["without_target"], 2);
    let dot = text(&m, MapFormat::Dot);
    assert!(dot.starts_with("digraph \"stance map\" {"));
    assert_eq!(dot.matches(" -> ").count(), 9);
    assert!(
        dot.contains("\"unlinked:kestria foreign ministry\" [label=\"Kestria's foreign ministry\""),
        "{dot}"
    );
}

#[test]
fn exports_are_deterministic_and_escape_names() {
    let mut m = map();
    assert_eq!(text(&m, MapFormat::Gexf), text(&map(), MapFormat::Gexf));
    m.nodes[0].label = "A & B <\"quoted\">\u{1}".into();
    for f in [MapFormat::Graphml, MapFormat::Gexf] {
        let xml = text(&m, f);
        let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{}: {e}", f.name()));
        assert!(
            doc.descendants()
                .any(|n| n.text() == Some("A & B <\"quoted\">\u{fffd}")
                    || n.attribute("label") == Some("A & B <\"quoted\">\u{fffd}")),
            "{}",
            f.name()
        );
    }
    let dot = text(&m, MapFormat::Dot);
    assert!(
        dot.contains("label=\"A & B <\\\"quoted\\\">\u{1}\""),
        "{dot}"
    );
}
