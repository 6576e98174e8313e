//! `stancemark map DIR --to FORMAT --out PATH`: the stance map of a project as a file.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use clap::{Args, ValueEnum};

use stancemark::corpus::export::{render, MapFormat};
use stancemark::corpus::map::published_date;
use stancemark::corpus::{Corpus, MapFilter, Perspective, StanceMap};
use stancemark::project::Project;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum MapTo {
    Csv,
    Json,
    Graphml,
    Gexf,
    Dot,
}

#[derive(Debug, Args)]
pub struct MapArgs {
    /// The project folder.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Whose frames: one annotator (repeat for several, counted per annotator).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["gold", "all"])]
    pub annotator: Vec<String>,
    /// The adjudicated gold annotations.
    #[arg(long, conflicts_with = "all")]
    pub gold: bool,
    /// Every annotator, counted per annotator (the default).
    #[arg(long)]
    pub all: bool,
    /// Only frames with this stance (repeatable).
    #[arg(long, value_name = "STANCE")]
    pub stance: Vec<String>,
    /// Only documents of this outlet (repeatable).
    #[arg(long, value_name = "OUTLET")]
    pub outlet: Vec<String>,
    /// Only documents with this id (repeatable).
    #[arg(long = "document", value_name = "DOC_ID")]
    pub documents: Vec<String>,
    /// Only documents published on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only documents published on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Output format.
    #[arg(long = "to", value_name = "FORMAT")]
    pub to: MapTo,
    /// Output file.
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// Overwrite PATH if it exists.
    #[arg(long)]
    pub force: bool,
}

fn date(flag: &str, value: &Option<String>) -> anyhow::Result<Option<jiff::civil::Date>> {
    value
        .as_deref()
        .map(|v| published_date(v).ok_or_else(|| anyhow!("{flag} {v:?}: not a date (YYYY-MM-DD)")))
        .transpose()
}

/// "1 frame", "2 frames".
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

pub fn run(args: MapArgs) -> anyhow::Result<ExitCode> {
    let project = Project::open(&args.dir)?;
    if args.out.exists() && !args.force {
        bail!(
            "{}: the file exists; add --force to overwrite it",
            args.out.display()
        );
    }
    let filter = filter(&args, &project)?;
    let registry = project.load_registry()?;
    let corpus = project.load_corpus()?;
    let (perspective, filter) = perspective(&args, &corpus, filter)?;
    let map = StanceMap::build(&corpus, registry.as_ref(), &perspective, &filter);
    let format = match args.to {
        MapTo::Csv => MapFormat::Csv,
        MapTo::Json => MapFormat::Json,
        MapTo::Graphml => MapFormat::Graphml,
        MapTo::Gexf => MapFormat::Gexf,
        MapTo::Dot => MapFormat::Dot,
    };
    let text = render(&map, format, project.schema());
    stancemark::io::atomic::write_atomic(&args.out, text.as_bytes())
        .map_err(|e| anyhow!("{}: cannot write: {e}", args.out.display()))?;
    report(&args, format, &map);
    Ok(ExitCode::SUCCESS)
}

/// The filter of the flags, each value checked.
fn filter(args: &MapArgs, project: &Project) -> anyhow::Result<MapFilter> {
    let schema = project.schema();
    for s in &args.stance {
        if schema.stance(s).is_none() {
            let known: Vec<&str> = schema.stances.iter().map(|s| s.id.as_str()).collect();
            bail!(
                "--stance {s:?}: not a stance of the project schema ({})",
                known.join(", ")
            );
        }
    }
    let filter = MapFilter {
        stances: args.stance.iter().cloned().collect(),
        annotators: BTreeSet::new(),
        outlets: args.outlet.iter().cloned().collect(),
        from: date("--from", &args.from)?,
        until: date("--until", &args.until)?,
        documents: (!args.documents.is_empty()).then(|| args.documents.iter().cloned().collect()),
    };
    if let (Some(f), Some(u)) = (filter.from, filter.until) {
        if f > u {
            bail!("--from {f} is after --until {u}");
        }
    }
    Ok(filter)
}

/// Whose frames: one annotator, several (a filter of all), gold, or all.
fn perspective(
    args: &MapArgs,
    corpus: &Corpus,
    filter: MapFilter,
) -> anyhow::Result<(Perspective, MapFilter)> {
    let known = corpus.annotators();
    for a in &args.annotator {
        if !known.contains(a) {
            bail!(
                "--annotator {a:?}: no annotations by {a:?} in the project ({})",
                known.join(", ")
            );
        }
    }
    if args.gold && !corpus.has_gold() {
        bail!("--gold: the project has no gold annotations (gold/ is empty)");
    }
    Ok(match args.annotator.as_slice() {
        [one] => (Perspective::Annotator(one.clone()), filter),
        [] if args.gold => (Perspective::Gold, filter),
        [] => (Perspective::AllAnnotators, filter),
        many => (
            Perspective::AllAnnotators,
            MapFilter {
                annotators: many.iter().cloned().collect(),
                ..filter
            },
        ),
    })
}

/// What was written, and what the map could not place.
fn report(args: &MapArgs, format: MapFormat, map: &StanceMap) {
    let s = &map.summary;
    println!(
        "wrote {} ({}): {} nodes, {} edges from {} in {}",
        args.out.display(),
        format.name(),
        map.nodes.len(),
        map.edges.len(),
        count(s.frames, "frame"),
        count(s.documents, "document")
    );
    let missing: Vec<String> = [(s.without_source, "source"), (s.without_target, "target")]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, role)| format!("{} without a {role}", count(*n, "frame")))
        .collect();
    if !missing.is_empty() {
        println!(
            "{} make no edge (they are counted on their nodes, the outlet table and the timeline)",
            missing.join(" and ")
        );
    }
    if s.excluded_undated > 0 {
        println!(
            "{} without a readable published date left out by the date range",
            count(s.excluded_undated, "document")
        );
    }
    for (doc, value) in &s.unreadable_dates {
        eprintln!("warning: document {doc}: published {value:?} is not a date");
    }
}
