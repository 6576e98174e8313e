//! `stancemark adjudicate DIR --auto [--min-agree K]`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args;

use stancemark::model::AnnotationSet;
use stancemark::project::Project;
use stancemark::review::auto_accept;
use stancemark::session::Session;

use super::table;

#[derive(Debug, Args)]
pub struct AdjudicateArgs {
    /// Project folder.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Accept into gold/ every frame on which at least K annotators agree exactly (claim span,
    /// stance, source, cue, target). The other decisions belong to the workbench's Review mode.
    #[arg(long)]
    pub auto: bool,
    /// K for --auto.
    #[arg(long, value_name = "K", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
    pub min_agree: u16,
    /// Annotators to compare, comma-separated [default: all].
    #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
    pub annotators: Option<Vec<String>>,
    /// Name recorded as the adjudicator in the gold frames' provenance [default: the OS user
    /// name].
    #[arg(long, value_name = "NAME")]
    pub adjudicator: Option<String>,
    /// Overwrite gold files even if they changed on disk since this command read them.
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: AdjudicateArgs) -> anyhow::Result<ExitCode> {
    if !args.auto {
        bail!("only --auto adjudication runs headless; decide the rest in the workbench's Review mode");
    }
    let adjudicator = args.adjudicator.clone().unwrap_or_else(super::user_name);
    let project = Project::open(&args.dir)?;
    let annotators = super::review::annotators(&project, args.annotators.as_deref())?;
    let documents = project.common_documents(&annotators)?;
    // Gold files open in the workbench (or written by another command) are not written
    // behind its back: refuse before writing any.
    let targets = documents
        .iter()
        .map(|d| project.gold_path(&d.document.id))
        .collect::<Result<Vec<_>, _>>()?;
    super::refuse_if_in_use(targets.iter().map(PathBuf::as_path))?;
    let mut rows = Vec::new();
    let (mut accepted, mut already, mut conflicts) = (0, 0, 0);
    for d in &documents {
        let doc = &d.document;
        // The workbench's own way in: edit lock, one read, the project's guarded save.
        let mut gold = Session::open_gold(&project, &doc.id, &adjudicator)?;
        let refs: Vec<&AnnotationSet> = d.sets.iter().collect();
        let step = auto_accept(
            &refs,
            gold.annotations(),
            args.min_agree as usize,
            &adjudicator,
        );
        if !step.transaction.is_empty() {
            gold.apply(step.transaction).map_err(|e| {
                anyhow::anyhow!("{}: gold for {:?}: {e}", project.root().display(), doc.id)
            })?;
            super::save_session(&mut gold, args.force)?;
        }
        accepted += step.accepted;
        already += step.already_in_gold;
        conflicts += step.conflicts;
        rows.push(vec![
            doc.id.clone(),
            step.accepted.to_string(),
            step.already_in_gold.to_string(),
            step.conflicts.to_string(),
        ]);
    }
    rows.push(vec![
        "total".into(),
        accepted.to_string(),
        already.to_string(),
        conflicts.to_string(),
    ]);
    let n = documents.len();
    println!(
        "{n} document{}, annotators {}, at least {} agreeing\n",
        if n == 1 { "" } else { "s" },
        annotators.join(", "),
        args.min_agree
    );
    print!(
        "{}",
        table::render(
            &["document", "accepted", "already in gold", "conflicts left"],
            &rows
        )
    );
    Ok(ExitCode::SUCCESS)
}
