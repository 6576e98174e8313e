//! `stancemark agree` and `stancemark adjudicate` on the sample review project.

use crate::util::{repo_path, review_project_copy, sample_path, stancemark, stderr, stdout};

/// The agreement block the README publishes for the sample project: the text between the
/// fence that opens on its first line and the closing fence.
fn readme_agreement_block() -> String {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let open = "```text\n3 annotators (alice, bob, carol)";
    let start = readme
        .find(open)
        .expect("the README shows `agree` on the sample project")
        + "```text\n".len();
    let end = start + readme[start..].find("```").expect("the block is closed");
    readme[start..end].to_owned()
}

/// A table as lines of cells: cells are separated by two or more spaces (so "1.000 / 0.500"
/// stays one cell); rule lines (`───`) and blank lines are left out, so that column widths do
/// not matter but every word and figure does.
fn cells(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('─'))
        .map(|l| {
            l.split("  ")
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// The row of `table` whose first cell is `first`.
fn row<'t>(table: &'t [Vec<String>], first: &str) -> &'t [String] {
    table
        .iter()
        .find(|r| r.first().is_some_and(|c| c == first))
        .unwrap_or_else(|| panic!("no row {first:?} in {table:#?}"))
}

/// A JSON figure as the tables print it.
fn fig(v: &serde_json::Value) -> String {
    format!(
        "{:.3}",
        v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
    )
}

fn agree_json(args: &[&str]) -> serde_json::Value {
    let dir = sample_path("review-project");
    let mut all = vec!["agree", dir.to_str().unwrap(), "--json"];
    all.extend_from_slice(args);
    let o = stancemark(&all);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

/// What the README publishes for the sample project, written out here so that a change of
/// either the measures or the README fails until both are checked again.
const PUBLISHED_PAIRS: [(&str, [&str; 7]); 3] = [
    // pair          kappa    F1 exact F1 overl. F1 unlab. source   target   cue
    (
        "alice/bob",
        [
            "0.939", "0.766", "0.894", "0.936", "0.952", "1.000", "0.952",
        ],
    ),
    (
        "alice/carol",
        [
            "0.828", "0.739", "0.826", "0.913", "0.947", "1.000", "1.000",
        ],
    ),
    (
        "bob/carol",
        [
            "0.765", "0.622", "0.756", "0.889", "0.882", "1.000", "0.941",
        ],
    ),
];

#[test]
fn agree_prints_what_the_readme_publishes() {
    let dir = sample_path("review-project");
    let o = stancemark(&["agree", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let printed = cells(&stdout(&o));
    let published = cells(&readme_agreement_block());
    assert_eq!(
        printed,
        published,
        "README and `stancemark agree samples/review-project` differ; the command prints:\n{}",
        stdout(&o)
    );

    assert_eq!(
        published[0],
        ["3 annotators (alice, bob, carol), 1 document (iran-talks-signals), 2780 units (non-whitespace code points)"]
    );
    for (pair, figures) in PUBLISHED_PAIRS {
        assert_eq!(row(&published, pair)[1..], figures, "{pair}");
    }
    assert_eq!(
        row(&published, "Fleiss' kappa 0.844"),
        [
            "Fleiss' kappa 0.844",
            "Krippendorff's alpha 0.844",
            "(character level)"
        ]
    );
    assert_eq!(
        row(&published, "unitizing alpha (alpha_U), all stances: 0.927"),
        ["unitizing alpha (alpha_U), all stances: 0.927"]
    );
    assert_eq!(
        row(&published, "iran-talks-signals"),
        [
            "iran-talks-signals",
            "2780",
            "24/23/22",
            "0.939",
            "0.828",
            "0.765",
            "0.844",
            "0.825"
        ]
    );
}

#[test]
fn the_readme_figures_are_those_of_agree_json() {
    let v = agree_json(&[]);
    let published = cells(&readme_agreement_block());
    assert_eq!(v["units"], 2780);
    let columns = [
        "cohen_kappa",
        "span_f1_exact",
        "span_f1_overlap",
        "span_f1_unlabeled_overlap",
        "source_agreement",
        "target_agreement",
        "cue_agreement",
    ];
    let pairs = v["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), PUBLISHED_PAIRS.len());
    for (p, (name, _)) in pairs.iter().zip(PUBLISHED_PAIRS) {
        assert_eq!(
            format!("{}/{}", p["a"].as_str().unwrap(), p["b"].as_str().unwrap()),
            name
        );
        let json: Vec<String> = columns.iter().map(|c| fig(&p[c])).collect();
        assert_eq!(row(&published, name)[1..], json, "{name}");
    }
    let first = &published[row_index(&published, "Fleiss' kappa")];
    assert_eq!(
        first[..2],
        [
            format!("Fleiss' kappa {}", fig(&v["fleiss_kappa"])),
            format!("Krippendorff's alpha {}", fig(&v["krippendorff_alpha"]))
        ]
    );
    assert_eq!(
        published[row_index(&published, "unitizing alpha")],
        [format!(
            "unitizing alpha (alpha_U), all stances: {}",
            fig(&v["alpha_u"]["overall"])
        )]
    );

    // Per stance: "overlap / exact" for each pair, then alpha_U.
    let header = row_index(&published, "stance");
    assert_eq!(
        published[header],
        ["stance", "alice/bob", "alice/carol", "bob/carol", "alpha_U"]
    );
    let stances: Vec<&String> = v["pairs"][0]["per_label"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        stances.len(),
        10,
        "every stance of the sample is in the table"
    );
    for (k, stance) in stances.iter().enumerate() {
        let r = &published[header + 1 + k];
        let mut json = vec![stance.to_string()];
        for p in pairs {
            let l = &p["per_label"][stance.as_str()];
            json.push(format!(
                "{} / {}",
                fig(&l["f1_overlap"]),
                fig(&l["f1_exact"])
            ));
        }
        json.push(fig(&v["alpha_u"][stance.as_str()]));
        assert_eq!(r, &json, "per-stance row {stance}");
    }
}

/// Equal up to the last bits that a decimal print and parse may change.
fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
}

/// The index of the first row whose first cell starts with `prefix`.
fn row_index(table: &[Vec<String>], prefix: &str) -> usize {
    table
        .iter()
        .position(|r| r.first().is_some_and(|c| c.starts_with(prefix)))
        .unwrap_or_else(|| panic!("no row {prefix:?}"))
}

#[test]
fn span_f1_and_attribution_are_the_hand_counted_ones() {
    // Counted from the three files (claims: alice 24, bob 23, carol 22), F1 = 2·matched / (a + b).
    // alice/bob: exact 18 (f6 and f7 differ in a boundary, f22 in stance, f24 in its start,
    // f5, f9 and f25 only one has); overlap 21 (+f6, f7, f24); unlabeled 22 (+f22). Of the 21
    // overlap matches, f18's source and f7's cue differ.
    // alice/carol: exact 17, overlap 19 (+f7, alice's f12 with carol's shorter f12), unlabeled 21
    // (+f21, f23); f19's source differs.
    // bob/carol: exact 14, overlap 17 (+f6, f12, f24), unlabeled 20 (+f21, f22, f23); f18 and
    // f19 differ in source, f7 in cue.
    let f1 = |matched: f64, total: f64| 2.0 * matched / total;
    let expected = [
        (
            "alice",
            "bob",
            [
                f1(18.0, 47.0),
                f1(21.0, 47.0),
                f1(22.0, 47.0),
                20.0 / 21.0,
                1.0,
                20.0 / 21.0,
            ],
        ),
        (
            "alice",
            "carol",
            [
                f1(17.0, 46.0),
                f1(19.0, 46.0),
                f1(21.0, 46.0),
                18.0 / 19.0,
                1.0,
                1.0,
            ],
        ),
        (
            "bob",
            "carol",
            [
                f1(14.0, 45.0),
                f1(17.0, 45.0),
                f1(20.0, 45.0),
                15.0 / 17.0,
                1.0,
                16.0 / 17.0,
            ],
        ),
    ];
    let v = agree_json(&[]);
    for (p, (a, b, values)) in v["pairs"].as_array().unwrap().iter().zip(expected) {
        assert_eq!((p["a"].as_str(), p["b"].as_str()), (Some(a), Some(b)));
        let got: Vec<f64> = [
            "span_f1_exact",
            "span_f1_overlap",
            "span_f1_unlabeled_overlap",
            "source_agreement",
            "target_agreement",
            "cue_agreement",
        ]
        .iter()
        .map(|k| p[k].as_f64().unwrap())
        .collect();
        assert!(close(&got, &values), "{a}/{b}: {got:?}, counted {values:?}");
    }

    // Per stance for alice/bob, (claims of alice, of bob, exact matches, overlap matches):
    // assessment: alice f6 f7 f8 f10, bob those and f9 f22; exact f8 f10, overlap all four.
    let per_stance = [
        ("accusation", 2, 2, 1, 2),
        ("assessment", 4, 6, 2, 4),
        ("condemnation", 1, 1, 1, 1),
        ("demand", 4, 4, 4, 4),
        ("denial", 1, 0, 0, 0),
        ("proposal", 4, 3, 3, 3),
        ("report", 4, 4, 4, 4),
        ("support", 1, 1, 1, 1),
        ("threat", 2, 1, 1, 1),
        ("warning", 1, 1, 1, 1),
    ];
    let labels = v["pairs"][0]["per_label"].as_object().unwrap();
    assert_eq!(labels.len(), per_stance.len());
    for (stance, a, b, exact, overlap) in per_stance {
        let l = &labels[stance];
        let total = f64::from(a + b);
        let got = [
            l["f1_exact"].as_f64().unwrap(),
            l["f1_overlap"].as_f64().unwrap(),
        ];
        let counted = [f1(exact.into(), total), f1(overlap.into(), total)];
        assert!(
            close(&got, &counted),
            "alice/bob {stance}: {got:?}, counted {counted:?}"
        );
    }
}

#[test]
fn agree_json_is_deterministic_and_keeps_the_annotator_order() {
    let dir = sample_path("review-project");
    let a = stancemark(&["agree", dir.to_str().unwrap(), "--json"]);
    let b = stancemark(&["agree", dir.to_str().unwrap(), "--json"]);
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    assert_eq!(a.stdout, b.stdout, "byte-identical output");
    let v: serde_json::Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["documents"], serde_json::json!(["iran-talks-signals"]));
    let two = agree_json(&["--annotators", "carol,alice"]);
    assert_eq!(two["annotators"], serde_json::json!(["carol", "alice"]));
    let pairs = two["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 1);
    // The same pair as alice/carol above, named in the order asked for: 17 exact matches.
    assert_eq!(
        (pairs[0]["a"].as_str(), pairs[0]["b"].as_str()),
        (Some("carol"), Some("alice"))
    );
    let exact = pairs[0]["span_f1_exact"].as_f64().unwrap();
    assert!(close(&[exact], &[2.0 * 17.0 / 46.0]), "{exact}");
}

#[test]
fn agree_refuses_unknown_or_too_few_annotators() {
    let dir = sample_path("review-project");
    let o = stancemark(&["agree", dir.to_str().unwrap(), "--annotators", "alice,zed"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no annotator \"zed\""),
        "{}",
        stderr(&o)
    );
    let o = stancemark(&["agree", dir.to_str().unwrap(), "--annotators", "alice"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("at least two annotators"),
        "{}",
        stderr(&o)
    );
    let o = stancemark(&["agree", "/nonexistent/project"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn adjudicate_auto_writes_gold_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = review_project_copy(tmp.path(), "p");
    let d = dir.to_str().unwrap();
    let o = stancemark(&["adjudicate", d, "--auto", "--adjudicator", "dana"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    // 25 reference frames; for 24 at least two of the three versions agree exactly. The one
    // left is f7, where all three differ (full stop, missing cue, reference).
    assert!(
        out.contains("iran-talks-signals        24                0               1"),
        "{out}"
    );
    let gold = std::fs::read_to_string(dir.join("gold/iran-talks-signals.json")).unwrap();
    assert!(gold.contains("\"provenance\"") && gold.contains("\"adjudicator\": \"dana\""));
    let o = stancemark(&["validate", d]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = stancemark(&["adjudicate", d, "--auto"]);
    assert!(
        stdout(&o).contains("iran-talks-signals         0               24               1"),
        "{}",
        stdout(&o)
    );
    let o = stancemark(&["adjudicate", d]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "without --auto there is nothing to do headless"
    );
    let o = stancemark(&["adjudicate", d, "--auto", "--min-agree", "0"]);
    assert_eq!(o.status.code(), Some(2));
}
