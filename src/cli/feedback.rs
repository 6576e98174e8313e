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
use stancemark::review::feedback::feedback;

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
    let against = project.against_gold(&args.annotator)?;
    if !against.not_annotated.is_empty() {
        eprintln!(
            "not compared, gold but no file of {}: {}",
            args.annotator,
            against.not_annotated.join(", ")
        );
    }
    if !against.without_gold.is_empty() {
        eprintln!(
            "not compared, no gold yet: {}",
            against.without_gold.join(", ")
        );
    }
    if against.documents.is_empty() {
        bail!(
            "{}: no document has both gold and annotations of {}",
            project.root().display(),
            args.annotator
        );
    }
    let report = feedback(&args.annotator, &against.pairs());
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
