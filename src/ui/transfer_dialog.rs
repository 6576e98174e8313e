//! File ▸ Import… and File ▸ Export…: forms with the command line's options, run on a worker
//! thread with a progress bar fed by the library's progress callback.
//!
//! The forms turn into the same library calls as `stancemark import` / `export`
//! ([`crate::project::import::import`], [`crate::project::export::export`]); label maps are
//! parsed by [`crate::project::import::parse_map`], like the CLI's `--map`. The library is
//! all-or-nothing, so a failed run has written nothing; its message (every unknown label with
//! its places) is shown whole. The import runs on a clone of the [`Project`] and hands the
//! clone back, since an import with "add labels" changes the project's schema.

use std::path::PathBuf;
use std::sync::mpsc::{channel, Receiver, TryRecvError};

use crate::io::export::ExportSummary;
use crate::project::export::{self, ExportFormat, Selection};
use crate::project::import::{self, ImportFormat, ImportOptions, ImportReport};
use crate::project::Project;

/// The import form: the options of `stancemark import`.
#[derive(Debug, Clone)]
pub struct ImportForm {
    pub format: ImportFormat,
    /// Input files or folders, one per line.
    pub inputs: String,
    /// `--annotator` for sources that name none (blank: none).
    pub annotator: String,
    /// `--map` entries, `OLD=NEW`, one per line.
    pub map: String,
    pub add_labels: bool,
    pub replace: bool,
    pub lossy: bool,
}

/// What an import run needs.
#[derive(Debug)]
pub struct ImportRequest {
    pub format: ImportFormat,
    pub inputs: Vec<PathBuf>,
    pub options: ImportOptions,
}

impl ImportForm {
    pub fn new(annotator: &str) -> ImportForm {
        ImportForm {
            format: ImportFormat::Jsonl,
            inputs: String::new(),
            annotator: annotator.to_owned(),
            map: String::new(),
            add_labels: false,
            replace: false,
            lossy: false,
        }
    }

    /// The library call's arguments, or what is wrong with the form.
    pub fn request(&self) -> Result<ImportRequest, String> {
        let inputs: Vec<PathBuf> = lines(&self.inputs).map(PathBuf::from).collect();
        if inputs.is_empty() {
            return Err("give at least one input file or folder".into());
        }
        let map_lines: Vec<&str> = lines(&self.map).collect();
        let map = import::parse_map(&map_lines)?;
        let annotator = Some(self.annotator.trim())
            .filter(|a| !a.is_empty())
            .map(str::to_owned);
        Ok(ImportRequest {
            format: self.format,
            inputs,
            options: ImportOptions {
                annotator,
                map,
                add_labels: self.add_labels,
                replace: self.replace,
                lossy: self.lossy,
            },
        })
    }
}

/// The export form: the options of `stancemark export`.
#[derive(Debug, Clone)]
pub struct ExportForm {
    pub format: ExportFormat,
    /// Output file (a folder for brat).
    pub out: String,
    pub gold: bool,
    pub annotator: String,
    /// The project's annotators, offered in a combo box.
    pub annotators: Vec<String>,
}

impl ExportForm {
    pub fn new(project: &Project, annotator: &str) -> ExportForm {
        let mut f = ExportForm {
            format: ExportFormat::Jsonl,
            out: String::new(),
            gold: false,
            annotator: annotator.to_owned(),
            annotators: project.annotators().unwrap_or_default(),
        };
        f.out = f.default_out(project).display().to_string();
        f
    }

    /// `DIR/export/<who>.<ext>` (a folder `DIR/export/<who>-brat` for brat).
    pub fn default_out(&self, project: &Project) -> PathBuf {
        let who = if self.gold { "gold" } else { &self.annotator };
        let name = match self.format {
            ExportFormat::Brat => format!("{who}-brat"),
            ExportFormat::Csv => format!("{who}.csv"),
            ExportFormat::LabelStudio => format!("{who}.label-studio.json"),
            ExportFormat::Doccano => format!("{who}.doccano.jsonl"),
            ExportFormat::Spacy => format!("{who}.spacy.jsonl"),
            ExportFormat::Conll => format!("{who}.conll"),
            ExportFormat::W3c => format!("{who}.w3c.jsonld"),
            ExportFormat::Jsonl => format!("{who}.jsonl"),
        };
        project.root().join("export").join(name)
    }

    pub fn request(&self) -> Result<(ExportFormat, Selection, PathBuf), String> {
        let out = self.out.trim();
        if out.is_empty() {
            return Err("give an output path".into());
        }
        let selection = if self.gold {
            Selection::Gold
        } else if self.annotator.trim().is_empty() {
            return Err("choose an annotator, or gold".into());
        } else {
            Selection::Annotator(self.annotator.trim().to_owned())
        };
        Ok((self.format, selection, PathBuf::from(out)))
    }
}

fn lines(s: &str) -> impl Iterator<Item = &str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty())
}

#[derive(Debug, Clone)]
pub enum Form {
    Import(ImportForm),
    Export(ExportForm),
}

/// What a finished run gives back to the app.
pub enum Finished {
    /// The project after the import (its schema may have gained labels).
    Imported(Box<Project>, ImportReport),
    Exported(ExportSummary),
}

enum Msg {
    Progress(usize, usize),
    Imported(Result<(Box<Project>, ImportReport), String>),
    Exported(Result<ExportSummary, String>),
}

/// What a file picker fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pick {
    Inputs,
    InputFolder,
    Output,
}

/// The Import or Export window: the form, the running job, the last result.
pub struct TransferDialog {
    pub form: Form,
    job: Option<Receiver<Msg>>,
    /// (done, total) of the running job.
    pub progress: (usize, usize),
    picker: Option<(Pick, Receiver<Vec<PathBuf>>)>,
    /// The last run's summary (`Ok`) or every error message (`Err`).
    pub outcome: Option<Result<String, String>>,
}

/// What the user did in the window this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    None,
    Start,
    Close,
}

impl TransferDialog {
    pub fn new(form: Form) -> TransferDialog {
        TransferDialog {
            form,
            job: None,
            progress: (0, 0),
            picker: None,
            outcome: None,
        }
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
        let (tx, rx) = channel();
        let mut project = project.clone();
        self.outcome = None;
        self.progress = (0, 0);
        match &self.form {
            Form::Import(f) => {
                let req = match f.request() {
                    Ok(r) => r,
                    Err(e) => {
                        self.outcome = Some(Err(e));
                        return;
                    }
                };
                std::thread::spawn(move || {
                    let p = tx.clone();
                    let mut progress = |d, t| {
                        let _ = p.send(Msg::Progress(d, t));
                    };
                    let r = import::import(
                        &mut project,
                        req.format,
                        &req.inputs,
                        &req.options,
                        &mut progress,
                    )
                    .map(|report| (Box::new(project), report))
                    .map_err(|e| e.to_string());
                    let _ = tx.send(Msg::Imported(r));
                });
            }
            Form::Export(f) => {
                let (format, selection, out) = match f.request() {
                    Ok(r) => r,
                    Err(e) => {
                        self.outcome = Some(Err(e));
                        return;
                    }
                };
                std::thread::spawn(move || {
                    let p = tx.clone();
                    let mut progress = |d, t| {
                        let _ = p.send(Msg::Progress(d, t));
                    };
                    let r = export::export(&project, format, &selection, &out, &mut progress)
                        .map_err(|e| e.to_string());
                    let _ = tx.send(Msg::Exported(r));
                });
            }
        }
        self.job = Some(rx);
    }

    /// Takes the worker's messages; returns the result once the run has finished well.
    pub fn poll(&mut self) -> Option<Finished> {
        self.poll_picker();
        let rx = self.job.as_ref()?;
        loop {
            let msg = match rx.try_recv() {
                Ok(m) => m,
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => {
                    self.job = None;
                    self.outcome = Some(Err("the worker stopped without an answer".into()));
                    return None;
                }
            };
            match msg {
                Msg::Progress(d, t) => self.progress = (d, t),
                Msg::Imported(r) => {
                    self.job = None;
                    return match r {
                        Ok((project, report)) => {
                            self.outcome = Some(Ok(import_summary(&report)));
                            Some(Finished::Imported(project, report))
                        }
                        Err(e) => {
                            self.outcome = Some(Err(e));
                            None
                        }
                    };
                }
                Msg::Exported(r) => {
                    self.job = None;
                    return match r {
                        Ok(s) => {
                            let out = match &self.form {
                                Form::Export(f) => f.out.trim().to_owned(),
                                Form::Import(_) => String::new(),
                            };
                            self.outcome = Some(Ok(export_summary(&s, &out)));
                            Some(Finished::Exported(s))
                        }
                        Err(e) => {
                            self.outcome = Some(Err(e));
                            None
                        }
                    };
                }
            }
        }
    }

    fn poll_picker(&mut self) {
        let Some((pick, rx)) = &self.picker else {
            return;
        };
        let paths = match rx.try_recv() {
            Ok(p) => p,
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => Vec::new(),
        };
        let pick = *pick;
        self.picker = None;
        match (&mut self.form, pick) {
            (Form::Import(f), Pick::Inputs | Pick::InputFolder) => {
                for p in paths {
                    if !f.inputs.is_empty() && !f.inputs.ends_with('\n') {
                        f.inputs.push('\n');
                    }
                    f.inputs.push_str(&p.display().to_string());
                }
            }
            (Form::Export(f), Pick::Output) => {
                if let Some(p) = paths.into_iter().next() {
                    f.out = p.display().to_string();
                }
            }
            _ => {}
        }
    }

    /// Opens a native file dialog on a worker thread (it would block the UI thread). Where no
    /// dialog can be shown it answers nothing and the typed path fields remain.
    fn start_picker(&mut self, pick: Pick, folder_out: bool, start_dir: Option<PathBuf>) {
        if self.picker.is_some() {
            return;
        }
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
        self.picker = Some((pick, rx));
    }

    /// Draws the window. `Start` asks the app to save the open document and call [`start`].
    ///
    /// [`start`]: TransferDialog::start
    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> Action {
        let mut action = Action::None;
        let mut open = true;
        let title = match self.form {
            Form::Import(_) => "Import into the project",
            Form::Export(_) => "Export from the project",
        };
        egui::Window::new(title)
            .open(&mut open)
            .collapsible(false)
            .default_width(560.0)
            .show(ctx, |ui| {
                let import = matches!(self.form, Form::Import(_));
                ui.add_enabled_ui(!self.running(), |ui| {
                    if import {
                        self.import_fields(ui, project);
                    } else {
                        self.export_fields(ui, project);
                    }
                });
                ui.separator();
                action = self.footer(ui);
            });
        if !open && !self.running() {
            action = Action::Close;
        }
        action
    }

    fn import_fields(&mut self, ui: &mut egui::Ui, project: &Project) {
        let mut pick = None;
        let Form::Import(f) = &mut self.form else {
            return;
        };
        egui::Grid::new("import-form")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                ui.label("Format:");
                egui::ComboBox::new("import-format", "format")
                    .selected_text(f.format.name())
                    .show_ui(ui, |ui| {
                        for fmt in ImportFormat::ALL {
                            ui.selectable_value(&mut f.format, fmt, fmt.name());
                        }
                    });
                ui.end_row();
                ui.label("Inputs:");
                ui.vertical(|ui| {
                    ui.add(
                        egui::TextEdit::multiline(&mut f.inputs)
                            .desired_rows(3)
                            .desired_width(400.0)
                            .hint_text("files or folders, one per line"),
                    );
                    ui.horizontal(|ui| {
                        if ui.button("Add files…").clicked() {
                            pick = Some(Pick::Inputs);
                        }
                        if ui.button("Add folder…").clicked() {
                            pick = Some(Pick::InputFolder);
                        }
                    });
                });
                ui.end_row();
                ui.label("Annotator:");
                ui.add(
                    egui::TextEdit::singleline(&mut f.annotator)
                        .desired_width(200.0)
                        .hint_text("for sources that name none"),
                );
                ui.end_row();
                ui.label("Label map:");
                ui.add(
                    egui::TextEdit::multiline(&mut f.map)
                        .desired_rows(2)
                        .desired_width(400.0)
                        .hint_text("OLD=NEW, one per line"),
                );
                ui.end_row();
                ui.label("");
                ui.vertical(|ui| {
                    ui.checkbox(&mut f.add_labels, "Add unknown labels to the schema");
                    ui.checkbox(&mut f.replace, "Replace existing annotation files");
                    ui.checkbox(
                        &mut f.lossy,
                        "Accept text that is not UTF-8 (bad bytes become U+FFFD)",
                    );
                });
                ui.end_row();
            });
        if let Some(p) = pick {
            self.start_picker(p, false, Some(project.root().to_path_buf()));
        }
    }

    fn export_fields(&mut self, ui: &mut egui::Ui, project: &Project) {
        let mut pick = false;
        let Form::Export(f) = &mut self.form else {
            return;
        };
        let before = f.default_out(project).display().to_string();
        egui::Grid::new("export-form")
            .num_columns(2)
            .spacing([8.0, 6.0])
            .show(ui, |ui| {
                ui.label("Format:");
                egui::ComboBox::new("export-format", "format")
                    .selected_text(f.format.name())
                    .show_ui(ui, |ui| {
                        for fmt in ExportFormat::ALL {
                            ui.selectable_value(&mut f.format, fmt, fmt.name());
                        }
                    });
                ui.end_row();
                ui.label("Annotations of:");
                ui.horizontal(|ui| {
                    ui.radio_value(&mut f.gold, false, "one annotator");
                    ui.add_enabled_ui(!f.gold, |ui| {
                        egui::ComboBox::new("export-annotator", "name")
                            .selected_text(f.annotator.as_str())
                            .show_ui(ui, |ui| {
                                for a in &f.annotators {
                                    ui.selectable_value(&mut f.annotator, a.clone(), a);
                                }
                            });
                    });
                    ui.radio_value(&mut f.gold, true, "gold");
                });
                ui.end_row();
                ui.label(if f.format.writes_folder() {
                    "Output folder:"
                } else {
                    "Output file:"
                });
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut f.out).desired_width(400.0));
                    pick = ui.button("Choose…").clicked();
                });
                ui.end_row();
            });
        // The suggested path follows the format and annotator until the user edits it.
        if f.out.trim() == before {
            f.out = f.default_out(project).display().to_string();
        }
        if pick {
            let folder = f.format.writes_folder();
            self.start_picker(Pick::Output, folder, Some(project.root().to_path_buf()));
        }
    }

    fn footer(&mut self, ui: &mut egui::Ui) -> Action {
        let mut action = Action::None;
        if self.running() {
            let (d, t) = self.progress;
            let fraction = if t == 0 { 0.0 } else { d as f32 / t as f32 };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .show_percentage()
                    .animate(true),
            );
        }
        match &self.outcome {
            Some(Ok(summary)) => {
                ui.label(summary);
            }
            Some(Err(e)) => {
                ui.colored_label(ui.visuals().error_fg_color, "Nothing was written:");
                egui::ScrollArea::vertical()
                    .id_salt("transfer-errors")
                    .max_height(220.0)
                    .show(ui, |ui| {
                        ui.add(
                            egui::Label::new(
                                egui::RichText::new(e)
                                    .monospace()
                                    .color(ui.visuals().error_fg_color),
                            )
                            .wrap(),
                        );
                    });
            }
            None => {}
        }
        ui.horizontal(|ui| {
            let go = match self.form {
                Form::Import(_) => "Import",
                Form::Export(_) => "Export",
            };
            if ui
                .add_enabled(!self.running(), egui::Button::new(go))
                .clicked()
            {
                action = Action::Start;
            }
            if ui
                .add_enabled(!self.running(), egui::Button::new("Close"))
                .clicked()
            {
                action = Action::Close;
            }
        });
        action
    }
}

fn import_summary(r: &ImportReport) -> String {
    let mut s = format!(
        "Imported {} new and {} existing documents, {} annotation sets, {} frames.",
        r.documents_added, r.documents_matched, r.annotation_sets, r.frames
    );
    if !r.labels_added.is_empty() {
        s.push_str(&format!("\nAdded labels: {}", r.labels_added.join(", ")));
    }
    for w in &r.warnings {
        s.push_str(&format!("\nwarning: {w}"));
    }
    s
}

fn export_summary(s: &ExportSummary, out: &str) -> String {
    let mut text = format!(
        "Exported {} documents, {} frames to {out}; {} spans checked after reading it back.",
        s.documents, s.frames, s.spans_checked
    );
    for w in &s.warnings {
        text.push_str(&format!("\nwarning: {w}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_form_becomes_the_cli_options() {
        let mut f = ImportForm::new("alice");
        assert!(f.request().is_err(), "no inputs");
        f.inputs = " a.jsonl \n\n folder/b \n".into();
        f.map = "warn=warning\n deny=denial ".into();
        f.format = ImportFormat::Brat;
        f.add_labels = true;
        let r = f.request().unwrap();
        assert_eq!(
            r.inputs,
            vec![PathBuf::from("a.jsonl"), PathBuf::from("folder/b")]
        );
        assert_eq!(r.format, ImportFormat::Brat);
        assert_eq!(r.options.annotator.as_deref(), Some("alice"));
        assert_eq!(r.options.map.len(), 2);
        assert!(r.options.add_labels && !r.options.replace && !r.options.lossy);
        f.annotator = "  ".into();
        assert_eq!(f.request().unwrap().options.annotator, None);
        f.map = "nonsense".into();
        assert!(f.request().unwrap_err().contains("nonsense"));
    }

    #[test]
    fn export_form_needs_a_path_and_a_whose() {
        let dir = tempfile::tempdir().unwrap();
        let project = Project::init(dir.path(), Some("p"), None).unwrap();
        let mut f = ExportForm::new(&project, "bob");
        let (fmt, sel, out) = f.request().unwrap();
        assert_eq!(fmt, ExportFormat::Jsonl);
        assert_eq!(sel, Selection::Annotator("bob".into()));
        assert_eq!(out, dir.path().join("export").join("bob.jsonl"));
        f.gold = true;
        assert_eq!(f.request().unwrap().1, Selection::Gold);
        f.gold = false;
        f.annotator.clear();
        assert!(f.request().is_err());
        f.annotator = "bob".into();
        f.out = " ".into();
        assert!(f.request().is_err());
    }
}
