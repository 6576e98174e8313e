//! `stancemark validate PATH...`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use stancemark::io::native;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Native annotation files (.json) or project folders to check.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Check against this schema instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Print nothing for valid files.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: ValidateArgs) -> anyhow::Result<ExitCode> {
    let schema = super::load_schema(args.schema.as_ref())?;
    let mut failed = 0usize;
    let mut total = 0usize;
    for path in &args.paths {
        if super::is_project(path) {
            let project = stancemark::project::Project::open(path)?;
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
                let problems = file.validate(&schema);
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
