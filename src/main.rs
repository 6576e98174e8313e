//! The `stancemark` binary: the workbench GUI (no subcommand) or a headless subcommand.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("stancemark: error: {}", cli::error_message(&err));
            ExitCode::from(cli::EXIT_FAILURE)
        }
    }
}
