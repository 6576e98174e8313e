//! The Import or Export window: the form's fields, file pickers, the progress bar and the
//! last run's outcome.

use crate::project::export::ExportFormat;
use crate::project::import::ImportFormat;
use crate::project::Project;

use super::super::command::Command;
use super::job::Pick;
use super::{Form, TransferDialog};

impl TransferDialog {
    /// Draws the window; returns [`Command::StartTransfer`] (the app saves the open document
    /// and calls [`TransferDialog::start`]) or [`Command::CloseTransfer`] when asked for.
    pub fn show(&mut self, ctx: &egui::Context, project: &Project) -> Option<Command> {
        let mut action = None;
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
            action = Some(Command::CloseTransfer);
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
                scheme_rows(ui, f);
                ui.label("");
                ui.vertical(|ui| {
                    ui.checkbox(
                        &mut f.allow_loss,
                        "Import even if some annotations cannot be (they are counted)",
                    );
                    ui.checkbox(
                        &mut f.skip_invalid,
                        "Skip invalid files and import the rest",
                    );
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
            self.start_picker(p, false, project);
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
            self.start_picker(Pick::Output, folder, project);
        }
    }

    fn footer(&mut self, ui: &mut egui::Ui) -> Option<Command> {
        let mut action = None;
        if self.running() {
            let (d, t) = self.progress;
            let fraction = if t == 0 { 0.0 } else { d as f32 / t as f32 };
            ui.add(
                egui::ProgressBar::new(fraction)
                    .show_percentage()
                    .animate(true),
            );
        }
        if let Some(paths) = &self.would_overwrite {
            let mut names: Vec<String> = paths
                .iter()
                .take(3)
                .map(|p| p.display().to_string())
                .collect();
            if paths.len() > 3 {
                names.push("…".into());
            }
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} file(s) the export would write exist already: {}. Overwrite them? \
                     Other files there are left alone.",
                    paths.len(),
                    names.join(", ")
                ),
            );
            ui.horizontal(|ui| {
                if ui.button("Overwrite").clicked() {
                    action = self.answer_overwrite(true);
                }
                if ui.button("Keep them").clicked() {
                    action = self.answer_overwrite(false);
                }
            });
            return action;
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
                action = Some(Command::StartTransfer);
            }
            if ui
                .add_enabled(!self.running(), egui::Button::new("Close"))
                .clicked()
            {
                action = Some(Command::CloseTransfer);
            }
        });
        action
    }
}

/// The rows of the scheme options (`--scheme`, `--roles`, …), and those of the chosen format.
fn scheme_rows(ui: &mut egui::Ui, f: &mut super::ImportForm) {
    ui.label("Scheme:");
    egui::ComboBox::new("import-scheme", "scheme")
        .selected_text(if f.scheme.is_empty() {
            "none"
        } else {
            &f.scheme
        })
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut f.scheme, String::new(), "none");
            for s in crate::io::import::SCHEMES {
                ui.selectable_value(&mut f.scheme, s.to_owned(), s);
            }
        });
    ui.end_row();
    let line = |ui: &mut egui::Ui, label: &str, value: &mut String, hint: &str| {
        ui.label(label);
        ui.add(
            egui::TextEdit::singleline(value)
                .desired_width(400.0)
                .hint_text(hint),
        );
        ui.end_row();
    };
    line(
        ui,
        "Roles:",
        &mut f.roles,
        "e.g. Content=claim,Source=source,Cue=cue",
    );
    if f.format == ImportFormat::Brat {
        line(
            ui,
            "Frame types:",
            &mut f.frame_types,
            "event types, e.g. Attribution",
        );
    }
    line(
        ui,
        "Default stance:",
        &mut f.default_stance,
        "for frames without one, e.g. report",
    );
    if f.format == ImportFormat::LabelStudio {
        line(
            ui,
            "Text field:",
            &mut f.text_key,
            "data field of the text (default: text)",
        );
        line(
            ui,
            "Predictions as:",
            &mut f.predictions_as,
            "annotator for predictions (blank: not imported)",
        );
        ui.checkbox(
            &mut f.predictions_as_suggestions,
            "Predictions as pending suggestions (accept or reject them in the workbench)",
        );
    }
    if f.format == ImportFormat::Doccano {
        line(ui, "Relations:", &mut f.relations, "TYPE=ROLE,… or ignore");
    }
}
