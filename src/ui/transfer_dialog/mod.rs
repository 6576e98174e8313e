//! File ▸ Import… and File ▸ Export…: forms with the command line's options, run on a worker
//! thread with a progress bar fed by the library's progress callback.
//!
//! The forms turn into the same library calls as `stancemark import` / `export`
//! ([`crate::project::import::import`], [`crate::project::export::export`]); label maps are
//! parsed by [`crate::project::import::parse_map`], like the CLI's `--map`. The library is
//! all-or-nothing, so a failed run has written nothing; its message (every unknown label with
//! its places) is shown whole.
//!
//! [`TransferDialog`] is the window's state; the window returns what the user asked for (run,
//! close) and a finished run its report, as [`Command`]s for the app to apply.
//!
//! - [`form`]: the two forms and the arguments they make (no egui);
//! - [`job`]: the worker threads (the run, native file pickers);
//! - `view`: the window.

pub mod form;
pub mod job;
mod view;

use crate::io::export::ExportSummary;
use std::path::PathBuf;

use crate::project::export::Overwrite;
use crate::project::import::ImportReport;
use crate::project::Project;

use super::command::Command;
pub use form::{ExportForm, Form, ImportForm};
use job::{Job, Msg, Pick, Picker};

/// The Import or Export window: the form, the running job, the last result.
pub struct TransferDialog {
    pub form: Form,
    job: Option<Job>,
    /// (done, total) of the running job.
    pub progress: (usize, usize),
    picker: Option<Picker>,
    /// The last run's summary (`Ok`) or every error message (`Err`).
    pub outcome: Option<Result<String, String>>,
    /// Files an export would overwrite: the window asks before running it again with
    /// [`Overwrite::Force`].
    pub would_overwrite: Option<Vec<PathBuf>>,
    /// The next export run may overwrite (the user said yes).
    overwrite_next: bool,
}

impl TransferDialog {
    pub fn new(form: Form) -> TransferDialog {
        TransferDialog {
            form,
            job: None,
            progress: (0, 0),
            picker: None,
            outcome: None,
            would_overwrite: None,
            overwrite_next: false,
        }
    }

    /// The Import window, importing for `annotator` where the sources name nobody.
    pub fn import(annotator: &str) -> TransferDialog {
        TransferDialog::new(Form::Import(ImportForm::new(annotator)))
    }

    /// The Export window, exporting `annotator`'s files of `project` to begin with.
    pub fn export(project: &Project, annotator: &str) -> TransferDialog {
        TransferDialog::new(Form::Export(ExportForm::new(project, annotator)))
    }

    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// Starts the run on a worker thread with a copy of `project`. A form error is shown in the
    /// window instead.
    pub fn start(&mut self, project: &Project) {
        if self.running() {
            return;
        }
        self.outcome = None;
        self.would_overwrite = None;
        self.progress = (0, 0);
        let overwrite = match std::mem::take(&mut self.overwrite_next) {
            true => Overwrite::Force,
            false => Overwrite::Refuse,
        };
        let job = match &self.form {
            Form::Import(f) => f.request().map(|req| Job::import(project.clone(), req)),
            Form::Export(f) => f.request().map(|(format, who, out)| {
                Job::export(project.clone(), format, who, out, overwrite)
            }),
        };
        match job {
            Ok(job) => self.job = Some(job),
            Err(e) => self.outcome = Some(Err(e)),
        }
    }

    /// Takes the worker threads' messages: fills in picked paths, follows the progress, and
    /// returns the report once a run has finished well (a failed run's message stays in the
    /// window).
    pub fn poll(&mut self) -> Option<Command> {
        self.poll_picker();
        let job = self.job.as_ref()?;
        loop {
            let msg = match job.next() {
                Ok(Some(m)) => m,
                Ok(None) => return None,
                Err(e) => {
                    self.job = None;
                    self.outcome = Some(Err(e));
                    return None;
                }
            };
            match msg {
                Msg::Progress(d, t) => self.progress = (d, t),
                Msg::Imported(r) => {
                    self.job = None;
                    self.outcome = Some(r.as_ref().map(import_summary).map_err(Clone::clone));
                    return r.ok().map(Command::Imported);
                }
                Msg::ExportWouldOverwrite(paths) => {
                    self.job = None;
                    self.would_overwrite = Some(paths);
                    return None;
                }
                Msg::Exported(r) => {
                    self.job = None;
                    let out = match &self.form {
                        Form::Export(f) => f.out.trim().to_owned(),
                        Form::Import(_) => String::new(),
                    };
                    self.outcome = Some(
                        r.as_ref()
                            .map(|s| export_summary(s, &out))
                            .map_err(Clone::clone),
                    );
                    return r.ok().map(Command::Exported);
                }
            }
        }
    }

    /// The user's answer to "overwrite these files?": yes runs the export again, allowed to
    /// overwrite ([`Command::StartTransfer`]); no writes nothing.
    pub fn answer_overwrite(&mut self, yes: bool) -> Option<Command> {
        let paths = self.would_overwrite.take()?;
        if yes {
            self.overwrite_next = true;
            Some(Command::StartTransfer)
        } else {
            self.outcome = Some(Err(format!(
                "{} file(s) exist already and were kept.",
                paths.len()
            )));
            None
        }
    }

    fn poll_picker(&mut self) {
        let Some(paths) = self.picker.as_ref().and_then(Picker::poll) else {
            return;
        };
        let pick = self.picker.take().map(|p| p.pick);
        match (&mut self.form, pick) {
            (Form::Import(f), Some(Pick::Inputs | Pick::InputFolder)) => {
                for p in paths {
                    if !f.inputs.is_empty() && !f.inputs.ends_with('\n') {
                        f.inputs.push('\n');
                    }
                    f.inputs.push_str(&p.display().to_string());
                }
            }
            (Form::Export(f), Some(Pick::Output)) => {
                if let Some(p) = paths.into_iter().next() {
                    f.out = p.display().to_string();
                }
            }
            _ => {}
        }
    }

    /// Opens a native file dialog for the form's paths, unless one is open already.
    fn start_picker(&mut self, pick: Pick, folder_out: bool, project: &Project) {
        if self.picker.is_none() {
            let dir = Some(project.root().to_path_buf());
            self.picker = Some(Picker::start(pick, folder_out, dir));
        }
    }
}

/// The command's summary, each line starting as a sentence does in the window.
fn import_summary(r: &ImportReport) -> String {
    let mut lines = r.summary_lines();
    lines.extend(r.warnings.iter().map(|w| format!("warning: {w}")));
    let sentence = |l: String| {
        let mut c = l.chars();
        match c.next() {
            Some(first) => first.to_uppercase().chain(c).collect(),
            None => l,
        }
    };
    lines
        .into_iter()
        .map(sentence)
        .collect::<Vec<_>>()
        .join("\n")
}

fn export_summary(s: &ExportSummary, out: &str) -> String {
    let mut text = format!(
        "Exported {} to {out}; {} spans checked after reading it back.",
        s.counts(),
        s.spans_checked
    );
    for w in &s.warnings {
        text.push_str(&format!("\nwarning: {w}"));
    }
    text
}
