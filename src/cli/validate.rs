//! `stancemark validate PATH...`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use stancemark::io::native;
use stancemark::model::anchor::ReanchorReport;
use stancemark::model::Schema;
use stancemark::project::{FileRole, Project};
use stancemark::session::{Session, TextChanged};

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
            reanchor(path, &schema, args.write, args.force)?;
        }
        // A file is checked against its project's schema unless --schema names one.
        let place = match (&args.schema, path.is_dir()) {
            (Some(_), false) => None,
            _ => Project::locate(path)?,
        };
        if let Some((project, FileRole::Folder)) = &place {
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
                let project_schema = place.as_ref().map(|(p, _)| p.schema());
                let mut problems = file.validate(project_schema.unwrap_or(&schema));
                // A project's annotation file must also link only to its registry's entities.
                if let Some((project, role)) = &place {
                    if role.is_annotations() {
                        problems.extend(project.registry_link_problems(&file.annotations));
                    }
                }
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

/// Re-anchors the files under `path` (a project folder or one native file) and prints what
/// moved and what is orphaned. With `write`, saves them the way the workbench does: through an
/// editing session holding each file's edit lock, refused (before anything is written) when
/// the workbench edits one of them.
fn reanchor(path: &Path, schema: &Schema, write: bool, force: bool) -> anyhow::Result<()> {
    let who = super::user_name();
    let mut done: Vec<(PathBuf, ReanchorReport)> = Vec::new();
    match Project::locate(path)? {
        Some((project, FileRole::Folder)) => {
            let files = project.reanchor_all()?;
            if !write {
                done.extend(files.into_iter().map(|f| (f.path, f.report)));
            } else {
                super::refuse_if_in_use(files.iter().map(|f| f.path.as_path()))?;
                for f in files {
                    let s =
                        Session::open_project_file(&project, f.role, &who, TextChanged::Reanchor)?;
                    done.extend(save_reanchored(s, force)?);
                }
            }
        }
        place => {
            if write {
                super::refuse_if_in_use([path])?;
            }
            let s = match place {
                Some((project, role)) if role.is_annotations() && path.is_file() => {
                    Session::open_project_file(&project, role, &who, TextChanged::Reanchor)?
                }
                _ => Session::open(path, &who, schema.clone())?,
            };
            done.extend(if write {
                save_reanchored(s, force)?
            } else {
                s.reanchor_report().cloned().map(|r| (path.to_owned(), r))
            });
        }
    }
    for (path, report) in &done {
        print_report(path, report, write);
    }
    Ok(())
}

/// Saves a session that re-anchored its file on opening; nothing when nothing moved.
fn save_reanchored(
    mut s: Session,
    force: bool,
) -> anyhow::Result<Option<(PathBuf, ReanchorReport)>> {
    let Some(report) = s.reanchor_report().cloned() else {
        return Ok(None);
    };
    super::save_session(&mut s, force)?;
    Ok(s.save_path.clone().map(|p| (p, report)))
}

fn print_report(path: &Path, report: &ReanchorReport, written: bool) {
    let shown = path.display();
    for m in &report.moved {
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
    for o in &report.orphaned {
        println!(
            "{shown}: frame {} {}: orphaned: {:?} not found; kept for review",
            o.frame,
            o.role.name(),
            o.quote.display_text()
        );
    }
    let (moved, orphaned) = (report.moved.len(), report.orphaned.len());
    println!(
        "{shown}: re-anchored: {moved} spans moved, {orphaned} orphaned{}",
        if written {
            "; saved"
        } else {
            " (not saved: add --write)"
        }
    );
}
