//! `stancemark adjudicate DIR --auto [--min-agree K]`

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::Args;

use stancemark::model::AnnotationSet;
use stancemark::project::{Overwrite, Project};
use stancemark::review::auto_accept;

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
    let adjudicator = args.adjudicator.clone().unwrap_or_else(|| {
        std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_else(|_| "stancemark".into())
    });
    let project = Project::open(&args.dir)?;
    let annotators = super::review::annotators(&project, args.annotators.as_deref())?;
    let loaded = super::review::load(&project, annotators)?;
    let mut rows = Vec::new();
    let (mut accepted, mut already, mut conflicts) = (0, 0, 0);
    for (doc, sets) in &loaded.documents {
        let (gold, stamp) = project.load_gold_stamped(&doc.id)?;
        let mut gold = gold
            .unwrap_or_else(|| AnnotationSet::new(&doc.id, "gold", project.schema().reference()));
        let refs: Vec<&AnnotationSet> = sets.iter().collect();
        let step = auto_accept(&refs, &gold, args.min_agree as usize, &adjudicator);
        if !step.transaction.is_empty() {
            step.transaction.apply(&mut gold).map_err(|e| {
                anyhow::anyhow!("{}: gold for {:?}: {e}", project.root().display(), doc.id)
            })?;
            super::pause_before_write(&project.gold_path(&doc.id)?);
            let overwrite = if args.force {
                Overwrite::Always
            } else {
                Overwrite::IfUnchanged(stamp)
            };
            project
                .save_gold_guarded(doc, &gold, overwrite)
                .map_err(super::project_error)?;
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
    let n = loaded.documents.len();
    println!(
        "{n} document{}, annotators {}, at least {} agreeing\n",
        if n == 1 { "" } else { "s" },
        loaded.annotators.join(", "),
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
