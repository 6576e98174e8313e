//! `stancemark init DIR [--name NAME] [--schema FILE]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use stancemark::project::Project;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The project folder to create (it may exist, but must not hold a project).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Project name [default: the folder's name].
    #[arg(long)]
    pub name: Option<String>,
    /// Label schema (JSON) to copy into the project [default: the built-in news-stance schema].
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
}

pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    let schema = super::load_schema(args.schema.as_ref())?;
    let p = Project::init(&args.dir, args.name.as_deref(), Some(schema))?;
    println!(
        "created project {:?} in {} (schema {} with {} stances)",
        p.name(),
        p.root().display(),
        p.schema().id,
        p.schema().stances.len()
    );
    Ok(ExitCode::SUCCESS)
}
