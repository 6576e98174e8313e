//! The worker threads of the Import and Export window: the library's import or export run with
//! its progress callback, and native file pickers (which would block the UI thread).

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, TryRecvError};

use crate::io::export::ExportSummary;
use crate::project::export::{self, ExportError, ExportFormat, Overwrite, Selection};
use crate::project::import::{self, ImportReport};
use crate::project::Project;

use super::form::ImportRequest;

/// What a run's thread reports.
pub enum Msg {
    /// (done, total).
    Progress(usize, usize),
    Imported(Result<ImportReport, String>),
    Exported(Result<ExportSummary, String>),
    /// The export wrote nothing because these files exist (the window asks whether to
    /// overwrite them).
    ExportWouldOverwrite(Vec<PathBuf>),
}

/// An import or export running on a worker thread, on its own copy of the project (an import
/// with "add labels" changes the project's schema on disk; the app reads it again after).
pub struct Job {
    rx: Receiver<Msg>,
}

impl Job {
    pub fn import(mut project: Project, req: ImportRequest) -> Job {
        Job::spawn(move |progress| {
            let r = import::import(
                &mut project,
                req.format,
                &req.inputs,
                &req.options,
                progress,
            );
            Msg::Imported(r.map_err(|e| e.to_string()))
        })
    }

    pub fn export(
        project: Project,
        format: ExportFormat,
        who: Selection,
        out: PathBuf,
        overwrite: Overwrite,
    ) -> Job {
        Job::spawn(move |progress| {
            match export::export(&project, format, &who, &out, overwrite, progress) {
                Err(ExportError::Exists(paths)) => Msg::ExportWouldOverwrite(paths),
                r => Msg::Exported(r.map_err(|e| e.to_string())),
            }
        })
    }

    /// Runs `run` on a thread that sends its progress and, last, its result.
    fn spawn(run: impl FnOnce(&mut dyn FnMut(usize, usize)) -> Msg + Send + 'static) -> Job {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let p = tx.clone();
            let mut progress = |d, t| {
                let _ = p.send(Msg::Progress(d, t));
            };
            // The window may be gone: nobody listens then.
            let _ = tx.send(run(&mut progress));
        });
        Job { rx }
    }

    /// The next message; `Err` when the thread stopped without an answer.
    pub fn next(&self) -> Result<Option<Msg>, String> {
        match self.rx.try_recv() {
            Ok(m) => Ok(Some(m)),
            Err(TryRecvError::Empty) => Ok(None),
            Err(TryRecvError::Disconnected) => Err("the worker stopped without an answer".into()),
        }
    }
}

/// What a file picker fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Inputs,
    InputFolder,
    Output,
}

/// A native file dialog on a worker thread. Where no dialog can be shown it answers nothing
/// and the typed path fields remain.
pub struct Picker {
    pub pick: Pick,
    rx: Receiver<Vec<PathBuf>>,
}

impl Picker {
    /// `folder_out`: the output is a folder (brat).
    pub fn start(pick: Pick, folder_out: bool, start_dir: Option<PathBuf>) -> Picker {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut d = rfd::FileDialog::new();
            if let Some(dir) = start_dir {
                d = d.set_directory(dir);
            }
            let picked: Vec<PathBuf> = match pick {
                Pick::Inputs => d.pick_files().unwrap_or_default(),
                Pick::InputFolder => d.pick_folder().into_iter().collect(),
                Pick::Output if folder_out => d.pick_folder().into_iter().collect(),
                Pick::Output => d.save_file().into_iter().collect(),
            };
            let _ = tx.send(picked);
        });
        Picker { pick, rx }
    }

    /// The paths picked, once the dialog has closed (none when cancelled).
    pub fn poll(&self) -> Option<Vec<PathBuf>> {
        match self.rx.try_recv() {
            Ok(p) => Some(p),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Vec::new()),
        }
    }
}
