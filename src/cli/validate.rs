//! `stancemark validate PATH...`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use stancemark::io::native;

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Native annotation files (.json) to check.
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
    for path in &args.paths {
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
        eprintln!("{failed} of {} files invalid", args.paths.len());
        Ok(ExitCode::from(super::EXIT_FAILURE))
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
