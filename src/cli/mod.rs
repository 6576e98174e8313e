//! Command-line interface: clap definitions and dispatch.
//!
//! Exit codes: 0 success, 1 when a check fails (e.g. `validate` found problems) or a command
//! fails, 2 on usage errors (clap's own exit code).

mod stats;
mod table;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use stancemark::model::Schema;

pub const EXIT_FAILURE: u8 = 1;

/// Annotate claims, stances and attribution in news articles.
///
/// Without a subcommand, opens the annotation workbench on PATH (a plain text article or a
/// native annotation file); with no PATH, on the bundled sample article.
#[derive(Debug, Parser)]
#[command(name = "stancemark", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub open: OpenArgs,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Article (.txt) or annotation file (.json) to open.
    pub path: Option<PathBuf>,
    /// Annotator name recorded in new annotation files [default: the OS user name].
    #[arg(long)]
    pub annotator: Option<String>,
    /// Label schema (JSON) to use instead of the built-in news-stance schema.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check annotation files against their text and schema.
    ///
    /// Prints each problem as `PATH: WHERE: MESSAGE`. Exits 0 when every file is valid, 1 when
    /// any is not.
    Validate(validate::ValidateArgs),
    /// Count frames per stance, per source and per annotator.
    Stats(stats::StatsArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Stats(args)) => stats::run(args),
        None => open_gui(cli.open),
    }
}

#[cfg(feature = "gui")]
fn open_gui(args: OpenArgs) -> anyhow::Result<ExitCode> {
    let schema = load_schema(args.schema.as_ref())?;
    let annotator = args.annotator.unwrap_or_else(os_user_name);
    stancemark::ui::run(stancemark::ui::Options {
        path: args.path,
        annotator,
        schema,
    })
    .map_err(|e| anyhow::anyhow!("the workbench failed: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The OS user name ($USER, $USERNAME on Windows), or "annotator".
#[cfg(feature = "gui")]
fn os_user_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "annotator".to_owned())
}

#[cfg(not(feature = "gui"))]
fn open_gui(_args: OpenArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this stancemark was built without the `gui` feature; use a subcommand (see --help)"
    )
}

/// The schema named by `--schema`, or the built-in one.
pub fn load_schema(path: Option<&PathBuf>) -> anyhow::Result<Schema> {
    match path {
        None => Ok(Schema::default_news()),
        Some(p) => {
            let text = stancemark::io::read_utf8(p)?;
            Schema::from_json(&text).with_context(|| format!("{}: invalid schema", p.display()))
        }
    }
}
