//! `stancemark merge BASE OURS THEIRS [PATH]`: git's merge driver (see `stancemark::merge`).
//!
//! Exit codes, as git expects of a driver: 0 merged cleanly; 1 merged with conflicts, which
//! are kept in OURS for the workbench (git reports the file as conflicted); 2 not merged — an
//! input is unreadable or not a stancemark file, or the sides cannot be merged (different
//! texts, settings changed differently) — and OURS is left exactly as it was. The result is
//! written to OURS atomically: a merge killed at any moment leaves OURS whole (old or new).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use stancemark::merge::{merge_texts, FileKind, Merged, Origins};

/// The merge gave no result; OURS is untouched.
pub const EXIT_NOT_MERGED: u8 = 2;
/// Merged, with conflicts kept in the file.
pub const EXIT_CONFLICTS: u8 = 1;

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The common ancestor (git's %O; may be empty when both sides created the file).
    pub base: PathBuf,
    /// Our version (git's %A); the result is written here.
    pub ours: PathBuf,
    /// Their version (git's %B).
    pub theirs: PathBuf,
    /// The file's path in the repository (git's %P), for messages and to tell settings and
    /// registry files from annotation files.
    pub path: Option<String>,
}

pub fn run(args: MergeArgs) -> anyhow::Result<ExitCode> {
    let shown = args
        .path
        .clone()
        .unwrap_or_else(|| args.ours.display().to_string());
    match merge(&args, &shown) {
        Ok(merged) if merged.conflicts.is_empty() => Ok(ExitCode::SUCCESS),
        Ok(merged) => {
            let list: Vec<String> = merged.conflicts.iter().map(|c| c.to_string()).collect();
            eprintln!(
                "stancemark merge: {shown}: {} conflict(s), both versions kept in the file: {}. \
                 Resolve them in the workbench (or edit the \"conflict\" fields), then `git add` \
                 the file; `stancemark validate` lists what is left",
                list.len(),
                list.join("; ")
            );
            Ok(ExitCode::from(EXIT_CONFLICTS))
        }
        Err(e) => {
            eprintln!("stancemark merge: {shown}: not merged: {e:#}; the file is left as ours");
            Ok(ExitCode::from(EXIT_NOT_MERGED))
        }
    }
}

fn merge(args: &MergeArgs, shown: &str) -> anyhow::Result<Merged> {
    let read = |p: &Path| stancemark::io::read_utf8(p);
    let base = read(&args.base)?;
    let ours = read(&args.ours)?;
    let theirs = read(&args.theirs)?;
    let kind = FileKind::detect(args.path.as_deref(), &ours)?;
    let (b, o, t) = (
        format!("{shown} (base)"),
        format!("{shown} (ours)"),
        format!("{shown} (theirs)"),
    );
    let origins = Origins {
        base: &b,
        ours: &o,
        theirs: &t,
    };
    let merged = merge_texts(kind, &base, &ours, &theirs, origins)?;
    if merged.text != ours {
        write(&args.ours, merged.text.as_bytes())?;
    }
    Ok(merged)
}

/// Writes the result over OURS atomically. With the test hook on, stops half way through the
/// temporary file so that a test can kill the process there.
fn write(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    stancemark::io::atomic::write_atomic_with(path, |w| {
        let half = bytes.len() / 2;
        w.write_all(&bytes[..half])?;
        pause_mid_write(w)?;
        w.write_all(&bytes[half..])
    })
    .map_err(|e| anyhow::anyhow!("{}: cannot write the merged file: {e}", path.display()))
}

/// Test hook for the kill-during-merge tests (`test-hooks` builds only): when
/// `STANCEMARK_TEST_PAUSE_MID_MERGE` names a file, flushes what is written so far, writes this
/// process's id to that file and waits (up to a minute) to be killed. Does nothing otherwise.
#[cfg(feature = "test-hooks")]
fn pause_mid_write(w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let Some(signal) = std::env::var_os("STANCEMARK_TEST_PAUSE_MID_MERGE") else {
        return Ok(());
    };
    w.flush()?;
    // Written whole (then renamed), so that the test never reads half an id.
    let part = std::path::PathBuf::from(&signal).with_extension("part");
    std::fs::write(&part, std::process::id().to_string())?;
    std::fs::rename(&part, &signal)?;
    std::thread::sleep(std::time::Duration::from_secs(60));
    Ok(())
}

/// Without `test-hooks`, a merge never pauses.
#[cfg(not(feature = "test-hooks"))]
fn pause_mid_write(_w: &mut dyn std::io::Write) -> std::io::Result<()> {
    Ok(())
}
