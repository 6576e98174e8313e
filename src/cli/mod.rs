//! Command-line interface: clap definitions and dispatch.
//!
//! Exit codes: 0 success, 1 when a check fails (e.g. `validate` found problems) or a command
//! fails, 2 on usage errors (clap's own exit code). `merge`, git's merge driver, has its own:
//! 0 merged, 1 merged with conflicts kept in the file, 2 not merged (the file left as it was).

mod adjudicate;
mod agree;
mod entities;
mod git;
mod init;
mod map;
mod merge;
mod review;
mod stats;
mod suggest;
mod table;
mod transfer;
mod validate;
#[cfg(feature = "test-hooks")]
mod write_loop;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use stancemark::io::lock;
use stancemark::model::Schema;
use stancemark::session::{self, SaveFailure, Session};

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
    /// crash-safety test, which kills it at random moments (`test-hooks` builds only).
    #[cfg(feature = "test-hooks")]
    #[command(hide = true)]
    SaveLoop {
        a: PathBuf,
        b: PathBuf,
        out: PathBuf,
    },
    /// Imports the INPUTs (native files, in turn, with --replace) into the project DIR and
    /// rewrites its gold after each, ROUNDS times (0: forever). Used by the crash-safety test
    /// (`test-hooks` builds only).
    #[cfg(feature = "test-hooks")]
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
    /// The entity registry: every entity with its frames as source and target per annotator,
    /// unlinked names grouped with proposed links and merges; --adopt, --merge, --rename,
    /// --alias change it (all or nothing, one write per file).
    Entities(entities::EntitiesArgs),
    /// The stance map: who takes which stance toward whom, as CSV, JSON, GraphML, GEXF or DOT.
    /// Nodes are registry entities and unlinked names; edges source → target per stance with
    /// the weight, documents and frames behind them.
    Map(map::MapArgs),
    /// Suggested frames from the attribution finder: add them as pending suggestions to
    /// articles, annotation files or a project's files; write them as ordinary frames
    /// (--as-frames); report how annotators took them (--report); score a file (--score).
    ///
    /// Pending suggestions are not annotations: agree, stats and exports do not count them.
    /// Files open in the workbench are refused; a run that fails writes nothing.
    Suggest(suggest::SuggestArgs),
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    stancemark::io::set_max_input_bytes(cli.max_input_mb.saturating_mul(1024 * 1024));
    match cli.command {
        Some(Command::Validate(args)) => validate::run(args),
        Some(Command::Stats(args)) => stats::run(args),
        #[cfg(feature = "test-hooks")]
        Some(Command::SaveLoop { a, b, out }) => write_loop::save_loop(&a, &b, &out),
        #[cfg(feature = "test-hooks")]
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
        Some(Command::Entities(args)) => entities::run(args),
        Some(Command::Map(args)) => map::run(args),
        Some(Command::Suggest(args)) => suggest::run(args),
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
            let place = stancemark::project::Project::locate(&dir)?;
            if !matches!(place, Some((_, stancemark::project::FileRole::Folder))) {
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

/// Test hook for the changed-on-disk tests (`test-hooks` builds only): when
/// `STANCEMARK_TEST_PAUSE_BEFORE_WRITE` is set, prints `about to write PATH` and waits for a line
/// on stdin before a guarded write, so that a test can change the file between the read and the
/// write. Does nothing otherwise.
#[cfg(feature = "test-hooks")]
pub fn pause_before_write(path: &Path) {
    if std::env::var_os("STANCEMARK_TEST_PAUSE_BEFORE_WRITE").is_none() {
        return;
    }
    println!("about to write {}", path.display());
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

/// Without `test-hooks`, writes never pause.
#[cfg(not(feature = "test-hooks"))]
pub fn pause_before_write(_path: &Path) {}

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

/// The user a command works for: recorded as the holder of the edit locks it takes (and by
/// `adjudicate` as the adjudicator). `$USER` (`%USERNAME%`), else `stancemark`.
pub fn user_name() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "stancemark".into())
}

/// Refuses, before a command writes anything, when one of the files it is about to write is
/// being edited (in the workbench, or by another command: its edit lock is held), or holds
/// edits a workbench never saved (a recovery copy newer than the file). The message names the
/// file and who holds it.
pub fn refuse_if_in_use<'a>(targets: impl IntoIterator<Item = &'a Path>) -> anyhow::Result<()> {
    for path in targets {
        if let Some(holder) = lock::holder(path)
            .with_context(|| format!("{}: cannot check its edit lock", path.display()))?
        {
            return Err(in_use(path, &holder, "nothing was written"));
        }
        if let Some(rec) = session::unsaved_edits(path) {
            anyhow::bail!(
                "{}: a workbench left unsaved edits of this file in {}; open the file in the \
                 workbench to restore or discard them, then run the command again (nothing was \
                 written)",
                path.display(),
                rec.display()
            );
        }
    }
    Ok(())
}

fn in_use(path: &Path, holder: &str, outcome: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "{}: the file is being edited ({holder}); {outcome}. Save and close it there, then run \
         the command again",
        path.display()
    )
}

/// Saves a session a command opened and changed, with the command's words for a refusal.
pub fn save_session(session: &mut Session, force: bool) -> anyhow::Result<()> {
    let path = session.save_path.clone().unwrap_or_default();
    if let Some(holder) = &session.read_only {
        // Taken between the check before writing and this file's turn.
        return Err(in_use(&path, holder, "it was not written"));
    }
    pause_before_write(&path);
    session.save(force).map_err(|e| match e {
        SaveFailure::ChangedOnDisk => changed_on_disk(&path.display().to_string()),
        SaveFailure::ReadOnly(holder) => in_use(&path, &holder, "it was not written"),
        SaveFailure::Other(message) => anyhow::anyhow!("{message}"),
    })
}
