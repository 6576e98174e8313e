//! Command-line interface: clap definitions and dispatch.
//!
//! Exit codes: 0 success, 1 when a check fails (e.g. `validate` found problems) or a command
//! fails, 2 on usage errors (clap's own exit code). `merge`, git's merge driver, has its own:
//! 0 merged, 1 merged with conflicts kept in the file, 2 not merged (the file left as it was).

mod adjudicate;
mod agree;
mod git;
mod init;
mod merge;
mod review;
mod stats;
mod table;
mod transfer;
mod validate;
mod write_loop;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use stancemark::model::Schema;

pub const EXIT_FAILURE: u8 = 1;

/// Annotate claims, stances and attribution in news articles.
///
/// Without a subcommand, opens the annotation workbench on PATH (a plain text article, a
/// native annotation file, or a project folder with its document list); with no PATH, on the
/// bundled sample article.
#[derive(Debug, Parser)]
#[command(name = "stancemark", version, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub open: OpenArgs,
    /// Refuse input files larger than this many MiB (before reading them).
    #[arg(long, global = true, value_name = "MIB", default_value_t = 256)]
    pub max_input_mb: u64,
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// Article (.txt), annotation file (.json) or project folder to open.
    pub path: Option<PathBuf>,
    /// Annotator name recorded in new annotation files; in a project, whose files are edited
    /// [default: the one last used, else the OS user name].
    #[arg(long)]
    pub annotator: Option<String>,
    /// Label schema (JSON) to use instead of the built-in news-stance schema.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Open Review mode on this document of the project folder PATH: compare its annotators
    /// and adjudicate gold/<DOC_ID>.json.
    #[arg(long, value_name = "DOC_ID", requires = "path")]
    pub review: Option<String>,
    /// With --review: the annotators to compare first, comma-separated [default: all who have
    /// the document].
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "A,B,...",
        requires = "review"
    )]
    pub annotators: Option<Vec<String>>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check annotation files (or every file of a project folder) against their text and schema.
    ///
    /// Prints each problem as `PATH: WHERE: MESSAGE`. Exits 0 when every file is valid, 1 when
    /// any is not.
    Validate(validate::ValidateArgs),
    /// Count frames per stance, per source and per annotator (files or a project folder).
    Stats(stats::StatsArgs),
    /// Saves the canonical form of A and B to OUT alternately, forever. Used by the
    /// crash-safety test, which kills it at random moments.
    #[command(hide = true)]
    SaveLoop {
        a: PathBuf,
        b: PathBuf,
        out: PathBuf,
    },
    /// Imports the INPUTs (native files, in turn, with --replace) into the project DIR and
    /// rewrites its gold after each, ROUNDS times (0: forever). Used by the crash-safety test.
    #[command(hide = true)]
    ProjectWriteLoop {
        dir: PathBuf,
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long, default_value_t = 0)]
        rounds: u64,
    },
    /// Create a project folder: stancemark.json, documents/, annotations/, gold/.
    Init(init::InitArgs),
    /// Import documents and annotations into a project (all or nothing).
    Import(transfer::ImportArgs),
    /// Export one annotator's (or the gold) annotations of a project; re-reads and checks it.
    Export(transfer::ExportArgs),
    /// Measure agreement between annotators of a project: kappa, alpha, span F1, alpha_U.
    ///
    /// Compares the documents that every compared annotator has annotated.
    Agree(agree::AgreeArgs),
    /// Build the gold version of a project: --auto accepts frames enough annotators agree on.
    ///
    /// Prints, per document, how many frames were accepted and how many conflicts remain.
    Adjudicate(adjudicate::AdjudicateArgs),
    /// Share a project through git: `git setup DIR` routes its files to the merge driver.
    Git(git::GitArgs),
    /// Merge three versions of an annotation, gold, settings or registry file (git's merge
    /// driver, registered by `git setup`).
    ///
    /// Annotation files merge frame by frame; different changes to one frame are kept side by
    /// side in the file as a conflict. Writes the result to OURS. Exits 0 when merged, 1 when
    /// merged with conflicts, 2 when not merged (OURS left as it was).
    Merge(merge::MergeArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    stancemark::io::set_max_input_bytes(cli.max_input_mb.saturating_mul(1024 * 1024));
    match cli.command {
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Stats(args)) => stats::run(args),
        Some(Command::SaveLoop { a, b, out }) => write_loop::save_loop(&a, &b, &out),
        Some(Command::ProjectWriteLoop {
            dir,
            inputs,
            rounds,
        }) => write_loop::project_write_loop(&dir, &inputs, rounds),
        Some(Command::Init(args)) => init::run(args),
        Some(Command::Import(args)) => transfer::run_import(args),
        Some(Command::Export(args)) => transfer::run_export(args),
        Some(Command::Agree(args)) => agree::run(args),
        Some(Command::Adjudicate(args)) => adjudicate::run(args),
        Some(Command::Git(args)) => git::run(args),
        Some(Command::Merge(args)) => merge::run(args),
        None => open_gui(cli.open),
    }
}

#[cfg(feature = "gui")]
fn open_gui(args: OpenArgs) -> anyhow::Result<ExitCode> {
    let schema = load_schema(args.schema.as_ref())?;
    let review = match args.review {
        Some(doc_id) => {
            // Invariant: clap's `requires = "path"` guarantees a PATH with --review.
            let dir = args.path.clone().unwrap_or_default();
            if !is_project(&dir) {
                anyhow::bail!(
                    "{}: --review needs a project folder (with {})",
                    dir.display(),
                    stancemark::project::PROJECT_FILE
                );
            }
            Some(stancemark::ui::ReviewRequest {
                doc_id,
                annotators: args.annotators,
            })
        }
        None => None,
    };
    stancemark::ui::run(stancemark::ui::Options {
        path: args.path,
        annotator: args.annotator,
        schema,
        review,
    })
    .map_err(|e| anyhow::anyhow!("the workbench failed: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open_gui(_args: OpenArgs) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this stancemark was built without the `gui` feature; use a subcommand (see --help)"
    )
}

/// Test hook for the changed-on-disk tests: when `STANCEMARK_TEST_PAUSE_BEFORE_WRITE` is set,
/// prints `about to write PATH` and waits for a line on stdin before a guarded write, so that a
/// test can change the file between the read and the write. Does nothing otherwise.
pub fn pause_before_write(path: &Path) {
    if std::env::var_os("STANCEMARK_TEST_PAUSE_BEFORE_WRITE").is_none() {
        return;
    }
    println!("about to write {}", path.display());
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// The message of a guarded write that found its file changed on disk.
pub fn changed_on_disk(path: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "{path}: the file changed on disk since this command read it (another program or a sync \
         wrote it); it was not overwritten. Run the command again to work on the new content, \
         or add --force to overwrite it"
    )
}

/// A project error, with the changed-on-disk case said as [`changed_on_disk`].
pub fn project_error(e: stancemark::project::ProjectError) -> anyhow::Error {
    match e {
        stancemark::project::ProjectError::ChangedOnDisk(c) => changed_on_disk(&c.path),
        e => e.into(),
    }
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

/// True when `path` is a project folder (holds `stancemark.json`).
pub fn is_project(path: &std::path::Path) -> bool {
    path.is_dir() && path.join(stancemark::project::PROJECT_FILE).is_file()
}
