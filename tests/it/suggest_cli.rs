//! `stancemark suggest`: pending suggestions added to an article's file and a project's files
//! (refused while the workbench holds one, nothing written), `--as-frames --out` (refusing to
//! overwrite), `--report` with hand-counted figures, `--score`, and a bad lexicon's error.

use std::path::Path;

use serde_json::Value;

use crate::util::{stancemark, stderr, stdout};
use stancemark::io::lock::{Acquired, EditLock};
use stancemark::model::{Document, Schema};
use stancemark::project::Project;
use stancemark::suggest::pending;

/// The finder proposes, in text order (hand-checked against the rules):
/// s1 "We will not back down" (quote-source-cue, cue "said"),
/// s2 "Police accused the group of arson" (clause-source-cue, "said"),
/// s3 "arson" (cue-target-of, "accused"),
/// s4 "strikes would follow" (source-cue-clause, "warned").
const ARTICLE: &str = "\"We will not back down,\" the minister said.\n\
Police accused the group of arson, a spokesman said.\n\
The union warned that strikes would follow.\n";

fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn texts(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| x["claim"]["text"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn project_with_article(dir: &Path) -> Project {
    let p = Project::init(dir, Some("talks"), None).unwrap();
    p.save_document(&Document::new("talks", ARTICLE)).unwrap();
    p
}

fn run(args: &[&str]) -> std::process::Output {
    stancemark(args)
}

#[test]
fn suggest_on_an_article_adds_pending_suggestions_once() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("talks.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let a = article.to_str().unwrap();
    let o = run(&["suggest", a, "--annotator", "ann"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let saved = dir.path().join("talks.stance.json");
    let v = json(&saved);
    assert_eq!(
        v["frames"].as_array().unwrap().len(),
        0,
        "suggestions are not frames"
    );
    assert_eq!(
        texts(&v, "suggestions"),
        vec![
            "We will not back down",
            "Police accused the group of arson",
            "arson",
            "strikes would follow"
        ]
    );
    assert_eq!(v["suggestions"][0]["id"], "s1");
    assert_eq!(v["suggestions"][0]["rule"], "quote-source-cue");
    assert_eq!(v["suggestions"][0]["cue"]["text"], "said");
    let first = std::fs::read(&saved).unwrap();
    // The native file with suggestions reads and writes back byte for byte.
    let f = stancemark::io::native::load(&saved).unwrap();
    let again = stancemark::io::native::to_string(&f.document, &f.annotations);
    assert_eq!(again.as_bytes(), first.as_slice());
    assert_eq!(f.annotations.suggestions().len(), 4);
    // A second run finds the same and changes nothing.
    let o = run(&["suggest", a, "--annotator", "ann"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&saved).unwrap(), first);
    // stats counts frames only.
    let o = run(&["stats", saved.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stdout(&o).contains("s1"));
}

#[test]
fn suggest_on_a_project_refuses_while_a_file_is_held_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = project_with_article(dir.path());
    let target = p.annotation_path("ann", "talks").unwrap();
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let lock = match EditLock::acquire(&target, "ann (workbench)").unwrap() {
        Acquired::Locked { lock, .. } => lock,
        Acquired::HeldElsewhere { holder } => panic!("held by {holder}"),
    };
    let d = dir.path().to_str().unwrap();
    let o = run(&["suggest", d, "--annotator", "ann"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("being edited"), "{}", stderr(&o));
    assert!(!target.exists(), "nothing was written");
    drop(lock);
    let o = run(&["suggest", d, "--annotator", "ann"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(texts(&json(&target), "suggestions").len(), 4);
}

#[test]
fn a_bad_lexicon_is_named_with_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("talks.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let lex = dir.path().join("mine.json");
    std::fs::write(
        &lex,
        "{\n  \"format\": \"stancemark-lexicon/1\",\n  \"verbs\": [\n    {\"lemma\": \"mutter\", \"forms\": [\"muttered\"], \"stance\": \"grumble\"}\n  ]\n}\n",
    )
    .unwrap();
    let o = run(&[
        "suggest",
        article.to_str().unwrap(),
        "--lexicon",
        lex.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("mine.json:4:"), "{err}");
    assert!(err.contains("grumble"), "{err}");
    assert!(!dir.path().join("talks.stance.json").exists());
}

#[test]
fn as_frames_writes_ordinary_frames_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("talks.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let out = dir.path().join("pre.stance.json");
    let (a, o_) = (article.to_str().unwrap(), out.to_str().unwrap());
    let o = run(&["suggest", a, "--as-frames", "--out", o_]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&out);
    assert_eq!(texts(&v, "frames").len(), 4);
    assert!(v.get("suggestions").is_none());
    assert_eq!(v["frames"][3]["claim"]["text"], "strikes would follow");
    assert_eq!(v["frames"][3]["stance"], "warning");
    assert_eq!(v["frames"][3]["provenance"]["rule"], "source-cue-clause");
    let before = std::fs::read(&out).unwrap();
    let o = run(&["suggest", a, "--as-frames", "--out", o_]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), before);
    let o = run(&["suggest", a, "--as-frames", "--out", o_, "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn as_frames_in_a_project_links_the_names_its_registry_knows() {
    use stancemark::model::{AnnotationSet, CanonicalEntity, Registry};
    let dir = tempfile::tempdir().unwrap();
    let p = project_with_article(&dir.path().join("p"));
    let registry = Registry::new(vec![CanonicalEntity::new(
        "city-police",
        "City Police",
        "organization",
    )
    .with_aliases(["Police"])])
    .unwrap();
    p.save_registry(&registry, None).unwrap();
    let doc = p.load_document("talks").unwrap();
    let empty = AnnotationSet::new("talks", "ann", p.schema().reference());
    p.save_annotations(&doc, &empty).unwrap();
    let file = p.annotation_path("ann", "talks").unwrap();
    let out = dir.path().join("pre.stance.json");
    let o = run(&[
        "suggest",
        file.to_str().unwrap(),
        "--as-frames",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&out);
    // "Police accused the group of arson": the source "Police" is the registry's entity
    let by_police: Vec<&Value> = v["frames"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["source"]["span"]["text"] == "Police")
        .collect();
    assert_eq!(by_police.len(), 1, "{v:#}");
    assert_eq!(by_police[0]["source"]["entity"], "city-police");
    let copy: Vec<&Value> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["id"] == "city-police")
        .collect();
    assert_eq!(copy.len(), 1);
    assert_eq!(copy[0]["name"], "City Police");
    assert_eq!(copy[0]["kind"], "organization");
    // names the registry does not know become file entities with ids it does not use
    for e in v["entities"].as_array().unwrap() {
        if e["id"] != "city-police" {
            assert!(e["id"].as_str().unwrap().starts_with('e'), "{e}");
        }
    }
}

/// The cells of the table row starting with `first`.
fn row(out: &str, first: &str) -> Vec<String> {
    out.lines()
        .find(|l| l.starts_with(&format!("{first} ")))
        .unwrap_or_else(|| panic!("no row {first:?} in\n{out}"))
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn report_counts_accepted_as_is_after_edits_rejected_and_precision() {
    let dir = tempfile::tempdir().unwrap();
    let p = project_with_article(dir.path());
    let d = dir.path().to_str().unwrap();
    let o = run(&["suggest", d, "--annotator", "ann"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // s1 accepted as is, s2 accepted with another stance, s3 rejected, s4 left pending.
    let mut set = p.load_annotations("ann", "talks").unwrap().unwrap();
    let schema = Schema::default_news();
    let tx = pending::accept(&set, &schema, None, "s1", None).unwrap().0;
    tx.apply(&mut set).unwrap();
    let tx = pending::accept(&set, &schema, None, "s2", Some("denial"))
        .unwrap()
        .0;
    tx.apply(&mut set).unwrap();
    let tx = pending::reject(&set, "s3").unwrap();
    tx.apply(&mut set).unwrap();
    let doc = p.load_document("talks").unwrap();
    p.save_annotations(&doc, &set).unwrap();
    let o = run(&["suggest", "--report", d]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    // rule: proposed, as is, after edits, rejected, precision (accepted / decided)
    assert_eq!(
        row(&out, "quote-source-cue"),
        ["quote-source-cue", "1", "1", "0", "0", "1.00"]
    );
    assert_eq!(
        row(&out, "clause-source-cue"),
        ["clause-source-cue", "1", "0", "1", "0", "1.00"]
    );
    assert_eq!(
        row(&out, "cue-target-of"),
        ["cue-target-of", "1", "0", "0", "1", "0.00"]
    );
    assert_eq!(
        row(&out, "source-cue-clause"),
        ["source-cue-clause", "1", "0", "0", "0", "–"]
    );
    // by cue: "said" twice (both accepted), "accused" rejected, "warned" pending
    assert_eq!(row(&out, "said"), ["said", "2", "1", "1", "0", "1.00"]);
    assert_eq!(
        row(&out, "accused"),
        ["accused", "1", "0", "0", "1", "0.00"]
    );
    // total: 2 accepted of 3 decided
    assert_eq!(row(&out, "total"), ["total", "4", "1", "1", "1", "0.67"]);
}

#[test]
fn score_prints_the_table_for_pending_suggestions_against_gold() {
    let dir = tempfile::tempdir().unwrap();
    let article = dir.path().join("talks.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let gold = dir.path().join("gold.stance.json");
    let a = article.to_str().unwrap();
    let g = gold.to_str().unwrap();
    assert!(run(&["suggest", a, "--as-frames", "--out", g])
        .status
        .success());
    assert!(run(&["suggest", a]).status.success());
    let pred = dir.path().join("talks.stance.json");
    let o = run(&["suggest", "--score", g, pred.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The same four frames: every figure 1, one action (accept) per frame.
    let line = stdout(&o).lines().nth(2).unwrap().to_owned();
    assert_eq!(
        line,
        "| talks | 4 | 1.00 | 1.00 | 1.00 / 1.00 / 1.00 | 1.00 | 1.00 | 1.00 | 1.00 / 1.00 / 1.00 | 1.00 |"
    );
    // Without the last suggestion: 3 of 4 claims, F1 = 2·1·0.75/1.75 = 0.86; the missed frame
    // is made by hand (claim, source, cue: 6 actions), so (3 + 6) / 4 = 2.25 per frame.
    let mut v = json(&pred);
    v["suggestions"].as_array_mut().unwrap().pop();
    std::fs::write(&pred, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    let o = run(&["suggest", "--score", g, pred.to_str().unwrap()]);
    let line = stdout(&o).lines().nth(2).unwrap().to_owned();
    assert_eq!(
        line,
        "| talks | 4 | 0.86 | 0.86 | 1.00 / 0.75 / 0.86 | 1.00 | 1.00 | 1.00 | 1.00 / 0.75 / 0.86 | 2.25 |"
    );
}

#[test]
fn label_studio_export_writes_pending_suggestions_as_predictions_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    project_with_article(dir.path());
    let d = dir.path().to_str().unwrap();
    assert!(run(&["suggest", d, "--annotator", "ann"]).status.success());
    let out = dir.path().join("ls.json");
    let o_ = out.to_str().unwrap();
    let args = [
        "export",
        d,
        "--to",
        "label-studio",
        "--annotator",
        "ann",
        "--out",
        o_,
    ];
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&out);
    assert!(
        v[0].get("predictions").is_none(),
        "suggestions are not exported unasked"
    );
    assert_eq!(
        v[0]["annotations"][0]["result"].as_array().unwrap().len(),
        0
    );
    let mut with = args.to_vec();
    with.push("--suggestions");
    // The same output again: an export replaces its files only when told to.
    with.push("--force");
    let o = run(&with);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&out);
    let p = &v[0]["predictions"][0];
    assert_eq!(p["model_version"], "stancemark-suggest/lexicon:en.json");
    let claims: Vec<&str> = p["result"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["from_name"] == "label")
        .map(|r| r["value"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        claims,
        [
            "We will not back down",
            "Police accused the group of arson",
            "arson",
            "strikes would follow"
        ]
    );
    // Back in through the library: the predictions become pending suggestions.
    let text = std::fs::read_to_string(&out).unwrap();
    let (_, back) =
        stancemark::io::ls_predictions::parse_with_predictions(&text, "ls.json").unwrap();
    assert_eq!(back[0].len(), 4);
    assert_eq!(
        back[0][3].rule,
        "label-studio:stancemark-suggest/lexicon:en.json"
    );
    assert_eq!(back[0][3].claim.first().text, "strikes would follow");
    let o = run(&[
        "export",
        d,
        "--to",
        "csv",
        "--annotator",
        "ann",
        "--out",
        o_,
        "--suggestions",
    ]);
    assert!(!o.status.success());
}
