//! `stancemark feedback DIR --annotator A [--out FILE.html] [--json]`: where gold differs from
//! one annotator's annotations, as text on standard output or as a self-contained HTML page.
//!
//! Compares the documents that have both a gold file and a file of the annotator; the
//! documents left out (gold without the annotator's file, or theirs without gold) are named on
//! standard error, never dropped silently.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;

use stancemark::io::atomic::write_atomic;
use stancemark::io::digest;
use stancemark::project::Project;
use stancemark::review::feedback::{feedback, GoldAndAnnotator};

#[derive(Debug, Args)]
pub struct FeedbackArgs {
    /// Project folder.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Whose annotations are compared with gold.
    #[arg(long)]
    pub annotator: String,
    /// Write the digest as a self-contained HTML page to FILE instead of printing text.
    #[arg(long, value_name = "FILE.html")]
    pub out: Option<PathBuf>,
    /// Print the digest as one JSON object instead of text.
    #[arg(long, conflicts_with = "out")]
    pub json: bool,
}

pub fn run(args: FeedbackArgs) -> anyhow::Result<ExitCode> {
    let project = Project::open(&args.dir)?;
    let annotators = project.annotators()?;
    if !annotators.contains(&args.annotator) {
        bail!(
            "{}: no annotator {:?} (annotators: {})",
            project.root().display(),
            args.annotator,
            annotators.join(", ")
        );
    }
    let gold_ids = project.gold_ids()?;
    let mine = project.annotated_ids(&args.annotator)?;
    let without_gold: Vec<&String> = mine.iter().filter(|id| !gold_ids.contains(id)).collect();
    let not_annotated: Vec<&String> = gold_ids.iter().filter(|id| !mine.contains(id)).collect();
    if !not_annotated.is_empty() {
        eprintln!(
            "not compared, gold but no file of {}: {}",
            args.annotator,
            join(&not_annotated)
        );
    }
    if !without_gold.is_empty() {
        eprintln!("not compared, no gold yet: {}", join(&without_gold));
    }
    let mut loaded = Vec::new();
    for id in gold_ids.iter().filter(|id| mine.contains(id)) {
        let document = project.load_document(id)?;
        let missing = || format!("{id}: the file disappeared while reading");
        let gold = project.load_gold(id)?.with_context(missing)?;
        let set = project
            .load_annotations(&args.annotator, id)?
            .with_context(missing)?;
        loaded.push((document, gold, set));
    }
    if loaded.is_empty() {
        bail!(
            "{}: no document has both gold and annotations of {}",
            project.root().display(),
            args.annotator
        );
    }
    let input: Vec<GoldAndAnnotator> = loaded
        .iter()
        .map(|(document, gold, annotator)| GoldAndAnnotator {
            document,
            gold,
            annotator,
        })
        .collect();
    let report = feedback(&args.annotator, &input);
    let schema = project.schema();
    let name = |id: &str| schema.stance(id).map_or(id.to_owned(), |s| s.name.clone());
    if args.json {
        let json = serde_json::to_string_pretty(&report).context("the digest as JSON")?;
        println!("{json}");
    } else if let Some(out) = &args.out {
        write_atomic(out, digest::html(&report, &name).as_bytes())
            .with_context(|| format!("{}: cannot write the digest", out.display()))?;
        println!(
            "{}: {} differences for {} over {} document{}",
            out.display(),
            report.items.len(),
            args.annotator,
            report.documents.len(),
            if report.documents.len() == 1 { "" } else { "s" }
        );
    } else {
        print!("{}", digest::text(&report, &name));
    }
    Ok(ExitCode::SUCCESS)
}

fn join(ids: &[&String]) -> String {
    ids.iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
