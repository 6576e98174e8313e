//! `stancemark validate PATH...`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use stancemark::io::native;
use stancemark::model::anchor::reanchor_set;
use stancemark::project::reanchor::ReanchoredFile;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Native annotation files (.json) or project folders to check.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Check against this schema instead of the project's (for files inside a project folder)
    /// or the built-in one.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Print nothing for valid files.
    #[arg(short, long)]
    pub quiet: bool,
    /// Find quotes that no longer match their text (a corrected document) again, and list
    /// the frames that moved and those left orphaned.
    #[arg(long)]
    pub reanchor: bool,
    /// With --reanchor: save the re-anchored files (atomically).
    #[arg(long, requires = "reanchor")]
    pub write: bool,
    /// With --write: overwrite files even if they changed on disk since they were read.
    #[arg(long, requires = "write")]
    pub force: bool,
}

pub fn run(args: ValidateArgs) -> anyhow::Result<ExitCode> {
    let schema = super::load_schema(args.schema.as_ref())?;
    let mut failed = 0usize;
    let mut total = 0usize;
    for path in &args.paths {
        if args.reanchor {
            reanchor(path, args.write, args.force)?;
        }
        if super::is_project(path) {
            let project = stancemark::project::Project::open(path)?;
            let removed = project.remove_stray_temp_files()?;
            if !removed.is_empty() && !args.quiet {
                println!(
                    "{}: removed {} temporary file(s) of interrupted writes",
                    path.display(),
                    removed.len()
                );
            }
            let report = project.check()?;
            total += report.files;
            for p in &report.problems {
                println!("{p}");
            }
            if report.problems.is_empty() {
                if !args.quiet {
                    println!("{}: ok ({} files)", path.display(), report.files);
                }
            } else {
                failed += report
                    .problems
                    .iter()
                    .map(|p| &p.path)
                    .collect::<std::collections::BTreeSet<_>>()
                    .len();
            }
            continue;
        }
        total += 1;
        let shown = path.display();
        match native::load(path) {
            Err(e) => {
                failed += 1;
                println!("{e}");
            }
            Ok(file) => {
                let project_schema = match &args.schema {
                    Some(_) => None,
                    None => enclosing_project(path)?.map(|p| p.schema().clone()),
                };
                let problems = file.validate(project_schema.as_ref().unwrap_or(&schema));
                if problems.is_empty() {
                    if !args.quiet {
                        println!(
                            "{shown}: ok ({} frames, {} entities)",
                            file.annotations.frames().len(),
                            file.annotations.entities.len()
                        );
                    }
                } else {
                    failed += 1;
                    for p in &problems {
                        println!("{shown}: {p}");
                    }
                }
            }
        }
    }
    if failed > 0 {
        eprintln!("{failed} of {total} files invalid");
        Ok(ExitCode::from(super::EXIT_FAILURE))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}

/// Re-anchors the files under `path` (a project folder or one native file), prints what moved
/// and what is orphaned, and saves them when `write` is set.
fn reanchor(path: &Path, write: bool, force: bool) -> anyhow::Result<()> {
    let files = if super::is_project(path) {
        let project = stancemark::project::Project::open(path)?;
        let files = project.reanchor_all()?;
        if write {
            for f in &files {
                super::pause_before_write(&f.path);
                project
                    .save_reanchored(f, force)
                    .map_err(super::project_error)?;
            }
        }
        files
    } else {
        let (mut file, stamp) = native::load_stamped(path)?;
        let (tx, report) = reanchor_set(&file.annotations, &file.document.text);
        if tx.is_empty() {
            Vec::new()
        } else {
            tx.apply(&mut file.annotations)?;
            if write {
                super::pause_before_write(path);
                let expected = if force {
                    stancemark::io::stamp::DiskStamp::read(path)?
                } else {
                    Some(stamp)
                };
                native::save_checked(path, &file.document, &file.annotations, expected).map_err(
                    |e| match e {
                        e if e.is_changed_on_disk() => {
                            super::changed_on_disk(&path.display().to_string())
                        }
                        e => e.into(),
                    },
                )?;
            }
            vec![ReanchoredFile {
                path: path.to_owned(),
                document: file.document,
                annotations: file.annotations,
                report,
                stamp,
            }]
        }
    };
    for f in &files {
        let shown = f.path.display();
        for m in &f.report.moved {
            println!(
                "{shown}: frame {} {}: moved {} → {}{}",
                m.frame,
                m.role.name(),
                m.from,
                m.to,
                match m.errors {
                    0 => String::new(),
                    n => format!(" ({n} edits)"),
                }
            );
        }
        for o in &f.report.orphaned {
            println!(
                "{shown}: frame {} {}: orphaned: {:?} not found; kept for review",
                o.frame,
                o.role.name(),
                o.quote.display_text()
            );
        }
        let (moved, orphaned) = (f.report.moved.len(), f.report.orphaned.len());
        println!(
            "{shown}: re-anchored: {moved} spans moved, {orphaned} orphaned{}",
            if write {
                "; saved"
            } else {
                " (not saved: add --write)"
            }
        );
    }
    Ok(())
}

/// The project whose folder holds `file` (its `annotations/<annotator>/` or `gold/`), if any.
fn enclosing_project(file: &Path) -> anyhow::Result<Option<stancemark::project::Project>> {
    let Ok(abs) = std::fs::canonicalize(file) else {
        return Ok(None);
    };
    for dir in abs.ancestors().skip(1).take(3) {
        if super::is_project(dir) {
            return Ok(Some(stancemark::project::Project::open(dir)?));
        }
    }
    Ok(None)
}
