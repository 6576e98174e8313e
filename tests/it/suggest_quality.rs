//! Quality of the attribution finder against hand-made gold. The sample article and the dev
//! articles of `tests/data/suggest/dev/` (the ones the rules were written against) must each meet
//! the targets of issue 13: cue F1 ≥ 0.85, claim overlap F1 ≥ 0.80, full-frame F1 ≥ 0.65,
//! actions per gold frame ≤ 3. The held-out articles of `tests/data/suggest/heldout/` were never
//! used to write rules; their table is printed for the README and the targets are asserted over
//! the held-out set as a whole (one of them falls short on its own, as the README says).
//!
//! `STANCEMARK_SUGGEST_DETAIL=1` also prints every gold frame next to the suggestion matched to
//! it, and the suggestions matched to none.

use std::path::{Path, PathBuf};

use stancemark::io::native;
use stancemark::model::Schema;
use stancemark::suggest::score::{score_document, Score, ScoredFrame};
use stancemark::suggest::{find, Lexicon, Suggestion};

use crate::util::sample_path;

/// Every `*.stance.json` of `tests/data/suggest/SET`, sorted by name.
fn gold_set(set: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/suggest")
        .join(set);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".stance.json"))
        .collect();
    files.sort();
    files
}

/// Whether one score meets the targets of issue 13.
fn meets_targets(s: &Score) -> bool {
    s.cue.f1() >= 0.85
        && s.claim_overlap.f1() >= 0.80
        && s.full_frame.f1() >= 0.65
        && s.actions_per_frame() <= 3.0
}

/// Scores the finder on each file; returns the printed table's rows, the total over all files,
/// and the names of the files below the targets.
fn score_files(files: &[PathBuf]) -> (Vec<String>, Score, Vec<String>) {
    let schema = Schema::default_news();
    let lexicon = Lexicon::default_en(&schema).unwrap();
    let details = std::env::var_os("STANCEMARK_SUGGEST_DETAIL").is_some();
    let mut rows = vec![Score::table_header()];
    let mut total = Score::default();
    let mut failures = Vec::new();
    for path in files {
        let file = native::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let gold: Vec<ScoredFrame> = file
            .annotations
            .frames()
            .iter()
            .map(ScoredFrame::from_frame)
            .collect();
        let suggestions = find(&file.document.text, &lexicon, &schema, &[]);
        let pred: Vec<ScoredFrame> = suggestions
            .iter()
            .map(ScoredFrame::from_suggestion)
            .collect();
        let s = score_document(&gold, &pred);
        let name = path
            .file_name()
            .unwrap()
            .to_string_lossy()
            .trim_end_matches(".stance.json")
            .to_owned();
        if details {
            println!("==== {name}");
            detail(file.document.text.as_str(), &gold, &suggestions);
        }
        rows.push(s.row(&name));
        total.add(&s);
        if !meets_targets(&s) {
            failures.push(name);
        }
    }
    rows.push(total.row("all"));
    println!("{}", rows.join("\n"));
    (rows, total, failures)
}

fn detail(text: &str, gold: &[ScoredFrame], sugg: &[Suggestion]) {
    let chars: Vec<char> = text.chars().collect();
    let show = |spans: &[stancemark::model::Span]| -> String {
        spans
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" … ")
    };
    let pred: Vec<ScoredFrame> = sugg.iter().map(ScoredFrame::from_suggestion).collect();
    let mut used = vec![false; pred.len()];
    for g in gold {
        let best = (0..pred.len())
            .filter(|&k| !used[k])
            .max_by_key(|&k| stancemark::suggest::score::overlap(&g.claim, &pred[k].claim))
            .filter(|&k| stancemark::suggest::score::overlap(&g.claim, &pred[k].claim) > 0);
        println!(
            "GOLD  [{}] {} | {} | {} | tgt {}",
            g.stance,
            show(&g.source),
            show(&g.cue),
            show(&g.claim),
            show(&g.target)
        );
        match best {
            Some(k) => {
                used[k] = true;
                let p = &pred[k];
                println!(
                    "PRED  [{}] {} | {} | {} | tgt {}   ({}: {})",
                    p.stance,
                    show(&p.source),
                    show(&p.cue),
                    show(&p.claim),
                    show(&p.target),
                    sugg[k].rule,
                    sugg[k].explanation
                );
            }
            None => println!("PRED  -- missed"),
        }
    }
    for (k, p) in pred.iter().enumerate().filter(|(k, _)| !used[*k]) {
        println!(
            "EXTRA [{}] {} | {} | {} ({})",
            p.stance,
            show(&p.source),
            show(&p.cue),
            show(&p.claim),
            sugg[k].rule
        );
    }
}

#[test]
fn finder_meets_the_quality_targets_on_each_dev_article() {
    let mut files = vec![sample_path("iran-talks-signals.stance.json")];
    files.extend(gold_set("dev"));
    assert_eq!(files.len(), 5, "the sample and four dev articles");
    let (rows, _, failures) = score_files(&files);
    assert!(
        failures.is_empty(),
        "below the targets: {failures:?}\n{}",
        rows.join("\n")
    );
}

#[test]
fn finder_meets_the_quality_targets_over_the_held_out_articles() {
    let files = gold_set("heldout");
    assert_eq!(files.len(), 3, "three held-out articles");
    let (rows, total, _) = score_files(&files);
    assert!(
        meets_targets(&total),
        "held-out set below the targets\n{}",
        rows.join("\n")
    );
}
