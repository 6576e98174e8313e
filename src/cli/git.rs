//! `stancemark git setup DIR`: prepare a project folder for sharing through git.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};

use stancemark::project::git;

#[derive(Debug, Args)]
pub struct GitArgs {
    #[command(subcommand)]
    pub command: GitCommand,
}

#[derive(Debug, Subcommand)]
pub enum GitCommand {
    /// Route the project's files to the `stancemark` merge driver and keep recovery copies,
    /// locks and temporary files out of the repository.
    ///
    /// Writes (or completes) DIR/.gitattributes and DIR/.gitignore, and registers the driver in
    /// the repository's config (`merge.stancemark.driver`). Git does not share config: run this
    /// once in every clone. Running it again changes nothing.
    Setup {
        /// The project folder (inside a git work tree).
        dir: PathBuf,
    },
}

pub fn run(args: GitArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        GitCommand::Setup { dir } => setup(&dir),
    }
}

fn setup(dir: &Path) -> anyhow::Result<ExitCode> {
    let done = git::setup(dir)?;
    let shown = dir.display();
    if done.unchanged() {
        println!("{shown}: already set up for git (nothing changed)");
    } else {
        for (file, lines) in [
            (".gitattributes", &done.attributes_added),
            (".gitignore", &done.ignore_added),
        ] {
            if !lines.is_empty() {
                println!("{shown}/{file}: added {}", lines.join(", "));
            }
        }
        if !done.exclude_added.is_empty() {
            println!(
                "{}: git's info/exclude: added {}",
                done.work_tree.display(),
                done.exclude_added.join(", ")
            );
        }
        for key in &done.config_set {
            println!("{}: git config {key} set", done.work_tree.display());
        }
    }
    if !on_path("stancemark") {
        println!(
            "note: no `stancemark` program on PATH here; git runs the merge driver by that name \
             (`{}`), so install it on PATH before merging",
            git::DRIVER_COMMAND
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// True when an executable file `name` is in a folder of PATH.
fn on_path(name: &str) -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&path).any(|d| {
        let p = d.join(name);
        p.is_file() || p.with_extension("exe").is_file()
    })
}
