//! `stancemark import DIR --from FORMAT INPUT...` and `stancemark export DIR --to FORMAT --out PATH`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use stancemark::project::export::{self, ExportFormat, Overwrite, Selection};
use stancemark::project::import::{self, ImportFormat, ImportOptions, RelationMap, Scheme};
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
    /// A built-in scheme of another tool's corpus: polnear (Attribution events with
    /// Source/Cue/Content, Attribution-no-source; Discuss/Discard left out and counted;
    /// ARTICLE_ANNOTATOR.ann files with the text in ../text/; default stance report).
    #[arg(long, value_name = "NAME")]
    pub scheme: Option<String>,
    /// Which type or role name is which frame role, e.g. Content=claim,Source=source,Cue=cue
    /// (repeatable; roles: claim, source, cue, target).
    #[arg(long = "roles", value_name = "NAME=ROLE,...")]
    pub roles: Vec<String>,
    /// brat: events of this type become frames (repeatable); their claim is the argument whose
    /// role maps to claim.
    #[arg(long = "frame-type", value_name = "TYPE")]
    pub frame_types: Vec<String>,
    /// The stance of a frame whose source gives none (e.g. report).
    #[arg(long, value_name = "LABEL")]
    pub default_stance: Option<String>,
    /// Import even though some annotations cannot be (the summary counts them by reason).
    #[arg(long)]
    pub allow_loss: bool,
    /// Import the files that are fine and list the others (each file is all or nothing).
    #[arg(long)]
    pub skip_invalid: bool,
    /// Label Studio: import the tasks' predictions as the annotations of this annotator.
    #[arg(long, value_name = "NAME")]
    pub predictions_as: Option<String>,
    /// Label Studio: import the tasks' predictions as pending suggestions in this annotator's
    /// files (accepted or rejected in the workbench like the finder's own).
    #[arg(long, value_name = "NAME", conflicts_with = "predictions_as")]
    pub predictions_as_suggestions: Option<String>,
    /// Label Studio: the task data field that holds the text (default: text).
    #[arg(long, value_name = "KEY")]
    pub text_key: Option<String>,
    /// doccano: what relation types mean, TYPE=ROLE,... (source, cue, target, via, fragment,
    /// ignore), or `ignore` to leave out (and count) every other type.
    #[arg(long = "relations", value_name = "TYPE=ROLE,...|ignore")]
    pub relations: Vec<String>,
}

/// The scheme the import options describe: the named preset, then the role map, frame types
/// and default stance on top.
fn scheme_of(args: &ImportArgs) -> anyhow::Result<Scheme> {
    let mut scheme = match &args.scheme {
        Some(name) => Scheme::named(name).ok_or_else(|| {
            anyhow::anyhow!(
                "--scheme {name:?}: unknown (known: {})",
                stancemark::io::import::SCHEMES.join(", ")
            )
        })?,
        None => Scheme::default(),
    };
    for r in &args.roles {
        scheme
            .add_roles(r)
            .map_err(|e| anyhow::anyhow!("--roles: {e}"))?;
    }
    scheme
        .frame_types
        .extend(args.frame_types.iter().map(|t| t.to_ascii_lowercase()));
    if args.default_stance.is_some() {
        scheme.default_stance = args.default_stance.clone();
    }
    Ok(scheme)
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
    /// Replace files the export would write that exist already (without it, the export refuses
    /// and writes nothing). Other files in the output folder are never touched.
    #[arg(long)]
    pub force: bool,
    /// Label Studio only: write each file's pending suggestions as the task's `predictions`
    /// (the model version names the lexicon). Without it, suggestions are not exported.
    #[arg(long)]
    pub suggestions: bool,
}

pub fn run_import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let format = args.from;
    let map = import::parse_map(&args.map).map_err(|e| anyhow::anyhow!("--map: {e}"))?;
    let scheme = scheme_of(&args)?;
    let mut relations = RelationMap::default();
    for r in &args.relations {
        relations
            .add(r)
            .map_err(|e| anyhow::anyhow!("--relations: {e}"))?;
    }
    let mut project = Project::open(&args.dir)?;
    let opts = ImportOptions {
        annotator: args.annotator,
        map,
        add_labels: args.add_labels,
        replace: args.replace,
        lossy: args.lossy,
        scheme,
        allow_loss: args.allow_loss,
        skip_invalid: args.skip_invalid,
        predictions_as: args.predictions_as,
        predictions_as_suggestions: args.predictions_as_suggestions,
        text_key: args.text_key,
        relations,
    };
    let report = import::import(&mut project, format, &args.inputs, &opts, &mut |_, _| {})
        .with_context(|| format!("importing {} into {}", format.name(), args.dir.display()))?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    for line in report.summary_lines() {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let format = args.to;
    let selection = match args.annotator {
        Some(a) => Selection::Annotator(a),
        None => Selection::Gold,
    };
    let project = Project::open(&args.dir)?;
    let overwrite = match args.force {
        true => Overwrite::Force,
        false => Overwrite::Refuse,
    };
    let s = if args.suggestions {
        if format != ExportFormat::LabelStudio {
            anyhow::bail!("--suggestions is for --to label-studio only (as its predictions)");
        }
        export::export_label_studio_with_suggestions(
            &project,
            &selection,
            &args.out,
            overwrite,
            &mut |_, _| {},
        )?
    } else {
        export::export(
            &project,
            format,
            &selection,
            &args.out,
            overwrite,
            &mut |_, _| {},
        )?
    };
    for w in &s.warnings {
        eprintln!("warning: {w}");
    }
    println!(
        "exported {} to {} ({}); {} spans checked after reading it back",
        s.counts(),
        args.out.display(),
        format.name(),
        s.spans_checked
    );
    Ok(ExitCode::SUCCESS)
}
