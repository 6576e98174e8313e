//! `stancemark import DIR --from FORMAT INPUT...` and `stancemark export DIR --to FORMAT --out PATH`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use stancemark::project::export::{self, ExportFormat, Selection};
use stancemark::project::import::{self, ImportFormat, ImportOptions};
use stancemark::project::Project;

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The project folder.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Input format.
    #[arg(long = "from", value_name = "FORMAT")]
    pub from: ImportFormat,
    /// Files, or folders of files (.txt, .jsonl, .ann beside its .txt, .json).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Annotator name for formats that carry none (text has no annotations; brat, doccano).
    #[arg(long)]
    pub annotator: Option<String>,
    /// Rename a label while importing (repeatable).
    #[arg(long = "map", value_name = "OLD=NEW")]
    pub map: Vec<String>,
    /// Add labels the project schema lacks instead of refusing the import.
    #[arg(long)]
    pub add_labels: bool,
    /// Replace existing annotation files of the same annotator and document.
    #[arg(long)]
    pub replace: bool,
    /// Import text that is not valid UTF-8, replacing bad bytes with U+FFFD (with a warning).
    #[arg(long)]
    pub lossy: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The project folder.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Output format.
    #[arg(long = "to", value_name = "FORMAT")]
    pub to: ExportFormat,
    /// Output file (a folder for brat).
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Whose annotations to export.
    #[arg(long, conflicts_with = "gold", required_unless_present = "gold")]
    pub annotator: Option<String>,
    /// Export the adjudicated gold annotations.
    #[arg(long)]
    pub gold: bool,
    /// Label Studio only: write each file's pending suggestions as the task's `predictions`
    /// (the model version names the lexicon). Without it, suggestions are not exported.
    #[arg(long)]
    pub suggestions: bool,
}

pub fn run_import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let format = args.from;
    let map = import::parse_map(&args.map).map_err(|e| anyhow::anyhow!("--map: {e}"))?;
    let mut project = Project::open(&args.dir)?;
    let opts = ImportOptions {
        annotator: args.annotator,
        map,
        add_labels: args.add_labels,
        replace: args.replace,
        lossy: args.lossy,
    };
    let report = import::import(&mut project, format, &args.inputs, &opts, &mut |_, _| {})
        .with_context(|| format!("importing {} into {}", format.name(), args.dir.display()))?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    if !report.labels_added.is_empty() {
        println!("added labels: {}", report.labels_added.join(", "));
    }
    println!(
        "imported {} new and {} existing documents, {} annotation sets, {} frames",
        report.documents_added, report.documents_matched, report.annotation_sets, report.frames
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let format = args.to;
    let selection = match args.annotator {
        Some(a) => Selection::Annotator(a),
        None => Selection::Gold,
    };
    let project = Project::open(&args.dir)?;
    let s = if args.suggestions {
        if format != ExportFormat::LabelStudio {
            anyhow::bail!("--suggestions is for --to label-studio only (as its predictions)");
        }
        export::export_label_studio_with_suggestions(
            &project,
            &selection,
            &args.out,
            &mut |_, _| {},
        )?
    } else {
        export::export(&project, format, &selection, &args.out, &mut |_, _| {})?
    };
    for w in &s.warnings {
        eprintln!("warning: {w}");
    }
    println!(
        "exported {} documents, {} frames to {} ({}); {} spans checked after reading it back",
        s.documents,
        s.frames,
        args.out.display(),
        format.name(),
        s.spans_checked
    );
    Ok(ExitCode::SUCCESS)
}
