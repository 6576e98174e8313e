//! `stancemark feedback` on the sample review project, with bob's annotations as gold.

use std::path::{Path, PathBuf};

use crate::util::{review_project_copy, stancemark, stderr, stdout};

const DOC: &str = "iran-talks-signals";

const MARKUP: &str = "Foreign <script>alert('x')</script> & 20 ministers";

/// The sample with bob's file as gold. The group entity both alice and bob link (alice's
/// source of f18 and f19) is renamed in both files to carry markup, so that the page must
/// escape it and the differences stay those of the sample.
fn project(dir: &Path) -> PathBuf {
    let root = review_project_copy(dir, "p");
    let rename = |path: &Path| -> serde_json::Value {
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let mut renamed = 0;
        for e in v["entities"].as_array_mut().unwrap() {
            if e["name"] == "Foreign ministers of 20 countries (joint statement)" {
                e["name"] = MARKUP.into();
                renamed += 1;
            }
        }
        assert_eq!(renamed, 1, "{}", path.display());
        v
    };
    let alice = root.join("annotations/alice").join(format!("{DOC}.json"));
    let v = rename(&alice);
    std::fs::write(&alice, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let v = rename(&root.join("annotations/bob").join(format!("{DOC}.json")));
    std::fs::create_dir_all(root.join("gold")).unwrap();
    std::fs::write(
        root.join("gold").join(format!("{DOC}.json")),
        serde_json::to_string_pretty(&v).unwrap(),
    )
    .unwrap();
    root
}

#[test]
fn text_digest_names_the_hand_counted_differences() {
    // alice against bob (counted from the files, as for `agree`): f5 and f25 only alice has,
    // f9 only bob; f6, f7 and f24 differ in a boundary; f22 in stance (denial / assessment);
    // f18 in its source. Eight in all.
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path());
    let o = stancemark(&["feedback", root.to_str().unwrap(), "--annotator", "alice"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    for needle in [
        "8 differences:",
        "  missing     3",
        "  boundary    3",
        "  stance      1",
        "  attribution 1",
        "6. stance",
        "alice: [2955, 2975) Denial / rejection \"It is not surprising\"",
        "gold: [2955, 2975) Assessment / analysis \"It is not surprising\"",
        "5. attribution: source differ",
        "4. missing: in gold, not in alice's annotations",
        "1. missing: in alice's annotations, not in gold",
        "stance agreement 0.955 (21/22)",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

/// The tags the page may contain: anything else after a `<` is user text left unescaped.
const TAGS: &[&str] = &[
    "!DOCTYPE html>",
    "html",
    "/html>",
    "head>",
    "/head>",
    "meta ",
    "title>",
    "/title>",
    "style>",
    "/style>",
    "body>",
    "/body>",
    "h1>",
    "/h1>",
    "h2>",
    "/h2>",
    "h3>",
    "/h3>",
    "p>",
    "/p>",
    "table ",
    "/table>",
    "tr>",
    "/tr>",
    "th>",
    "/th>",
    "td>",
    "td ",
    "/td>",
    "div ",
    "/div>",
    "span ",
    "/span>",
    "br>",
    "b>",
    "/b>",
];

#[test]
fn html_digest_is_self_contained_and_escapes_user_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path());
    let out = dir.path().join("alice.html");
    let o = stancemark(&[
        "feedback",
        root.to_str().unwrap(),
        "--annotator",
        "alice",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("8 differences for alice over 1 document"));
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</body>\n</html>\n"));
    for (i, _) in html.match_indices('<') {
        let rest = &html[i + 1..];
        assert!(
            TAGS.iter().any(|t| rest.starts_with(t)),
            "unexpected markup at {i}: {:?}",
            &html[i..(i + 40).min(html.len())]
        );
    }
    // Nothing loaded from elsewhere, no scripts.
    for banned in ["<script", "src=", "href=", "http://", "https://", "@import"] {
        assert!(!html.contains(banned), "{banned}");
    }
    assert!(
        html.contains("Foreign &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 20 ministers")
    );
    // Structure: the summary and per-stance tables with the hand-counted figures, and one
    // item per difference.
    assert!(html.contains("<tr><td>missing</td><td>3</td></tr>"));
    assert!(html.contains("<tr><td>stance</td><td>1</td></tr>"));
    assert!(html.contains("<tr><th>all</th><th>8</th></tr>"));
    assert_eq!(html.matches("<div class=\"item ").count(), 8);
    assert_eq!(html.matches("<div class=\"item stance\"").count(), 1);
    assert_eq!(html.matches("<div class=\"item missing\"").count(), 3);
    assert_eq!(html.matches("<div").count(), html.matches("</div>").count());
    assert_eq!(html.matches("<table").count(), 3);
    assert_eq!(
        html.matches("<table").count(),
        html.matches("</table>").count()
    );
}

#[test]
fn feedback_names_what_it_cannot_compare() {
    let dir = tempfile::tempdir().unwrap();
    let root = review_project_copy(dir.path(), "p");
    let o = stancemark(&["feedback", root.to_str().unwrap(), "--annotator", "alice"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("not compared, no gold yet: iran-talks-signals"),
        "{err}"
    );
    assert!(
        err.contains("no document has both gold and annotations of alice"),
        "{err}"
    );
    let o = stancemark(&["feedback", root.to_str().unwrap(), "--annotator", "dave"]);
    assert!(
        stderr(&o).contains("no annotator \"dave\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn training_scores_are_the_hand_counted_ones() {
    // Gold is bob's file. Counted from the files (as for `agree`): alice matches 22 of bob's 23
    // claims (she has 24) without regard to stance, 21 with his stance; of her 21 labeled
    // overlap matches, f18's source and f7's cue differ: (20 + 21 + 20) / 63 comparisons.
    // carol: 20 matched (22 claims), 17 with the stance; source differs on f18 and f19, cue
    // on f7 over 17 labeled matches: (15 + 17 + 16) / 51.
    let dir = tempfile::tempdir().unwrap();
    let root = project(dir.path());
    let o = stancemark(&["stats", root.to_str().unwrap(), "--training", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let close = |x: &serde_json::Value, want: f64| (x.as_f64().unwrap() - want).abs() < 1e-12;
    let alice = &v[0];
    assert_eq!(alice["annotator"], "alice");
    assert_eq!(
        (alice["matched"].as_u64(), alice["claims"].as_u64()),
        (Some(22), Some(24))
    );
    assert!(close(&alice["span_f1"], 44.0 / 47.0));
    assert!(close(&alice["stance_accuracy"], 21.0 / 22.0));
    assert!(close(&alice["attribution_agreement"], 61.0 / 63.0));
    let carol = &v[2];
    assert!(close(&carol["span_f1"], 40.0 / 45.0));
    assert!(close(&carol["stance_accuracy"], 17.0 / 20.0));
    assert!(close(&carol["attribution_agreement"], 48.0 / 51.0));
    let text = stdout(&stancemark(&[
        "stats",
        root.to_str().unwrap(),
        "--training",
    ]));
    assert!(
        text.contains("0.936") && text.contains("0.955") && text.contains("0.968"),
        "{text}"
    );
}
