//! The eframe app: state, the per-frame layout, and the keyboard/close/drop handling.
//!
//! State is split three ways: the [`Session`] (document, annotations, history — the only thing
//! saved to annotation files), the [`ViewState`] (selection, find bar, filters; never saved),
//! and [`Prefs`] (panel size, theme, zoom; saved with eframe storage, never annotation data).
//! Input becomes [`Command`]s during the frame; `App::apply_all` applies them at its end.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Schema, Span};
use crate::project::{FileRole, Project};

use super::article::{ArticleInput, ArticleView};
use super::command::{match_key, Chord, Command, Focus};
use super::dialogs::{self, ConflictAnswer, Pending, Purpose};
use super::panel::{self, PanelState};
use super::project_list::ProjectState;
use super::theme::Tokens;
use super::transfer_dialog::TransferDialog;
use super::{help, Options};
use crate::session::view::{CoverIndex, Selection};
use crate::session::Session;

const PREFS_KEY: &str = "stancemark-prefs";
/// Seconds between recovery copies while there are unsaved changes.
pub const AUTOSAVE_SECS: f64 = 30.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

/// UI preferences persisted with eframe storage. Never annotation data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: ThemeChoice,
    /// Article text zoom (1 = 16 pt).
    pub zoom: f32,
    pub side_width: f32,
    /// Width of a project's document list.
    pub list_width: f32,
    /// The annotator last used (when `--annotator` is not given).
    pub annotator: Option<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            theme: ThemeChoice::System,
            zoom: 1.0,
            side_width: 420.0,
            list_width: 300.0,
            annotator: None,
        }
    }
}

/// Selection, find bar, filters: what the user is looking at.
#[derive(Default)]
pub struct ViewState {
    pub selection: Selection,
    /// The selected frame's id.
    pub frame: Option<String>,
    pub find_open: bool,
    pub find_text: String,
    pub find_match: Option<Span>,
    pub find_focus_request: bool,
    /// The find field had keyboard focus at the end of the last frame (egui drops focus on
    /// Escape before our key handler runs, so "Escape in the find bar" is decided by this).
    pub find_had_focus: bool,
    pub panels: PanelState,
    pub hover: Option<usize>,
    pub help_open: bool,
}

/// What to do once the unsaved-changes question is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum After {
    Close,
    Open(Option<PathBuf>),
    /// Review mode on (project folder, document id).
    Review(PathBuf, String),
}

pub struct App {
    pub(super) session: Option<Session>,
    /// Why the last open failed (shown instead of the article when nothing is open).
    pub(super) load_error: Option<String>,
    pub(super) article: Option<ArticleView>,
    pub(super) cover: CoverIndex,
    pub(super) cover_rev: Option<(u64, usize)>,
    pub(super) view: ViewState,
    pub(super) prefs: Prefs,
    pub(super) annotator: String,
    pub(super) schema: Schema,
    pub(super) commands: Vec<Command>,
    pub(super) storage_dir: Option<PathBuf>,
    pub(super) status: String,
    pub(super) errors: Vec<String>,
    pub(super) dialog: Option<Pending>,
    pub(super) prompt: Option<(Purpose, String)>,
    pub(super) guard: Option<After>,
    /// An action waiting for a "Save as" started from the guard.
    pub(super) after_save: Option<After>,
    pub(super) recovery: Option<PathBuf>,
    /// A save refused because the file changed on disk: ask Reload / Overwrite / Save as.
    pub(super) conflict: Option<PathBuf>,
    pub(super) allow_close: bool,
    /// Close the window at the end of this frame (the guard was answered).
    pub(super) close_now: bool,
    /// The open project folder (project mode), with its document list.
    pub(super) project: Option<ProjectState>,
    /// The File ▸ Import / Export window.
    pub(super) transfer: Option<TransferDialog>,
    /// Review mode: the compared annotators of the open gold set's document.
    pub(super) review: Option<super::review::Review>,
    last_autosave: f64,
    was_focused: bool,
    title: String,
}

impl App {
    pub fn new(cc: &eframe::CreationContext<'_>, options: Options) -> App {
        let prefs: Prefs = cc
            .storage
            .and_then(|s| eframe::get_value(s, PREFS_KEY))
            .unwrap_or_default();
        let storage_dir = eframe::storage_dir(super::APP_ID);
        let app = App::with(options, prefs, storage_dir);
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        app.apply_theme(&cc.egui_ctx);
        app
    }

    fn with(options: Options, mut prefs: Prefs, storage_dir: Option<PathBuf>) -> App {
        // --annotator, else the last one used, else the OS user.
        let annotator = options
            .annotator
            .or_else(|| prefs.annotator.clone())
            .unwrap_or_else(super::os_user_name);
        prefs.annotator = Some(annotator.clone());
        let mut app = App {
            session: None,
            load_error: None,
            article: None,
            cover: CoverIndex::default(),
            cover_rev: None,
            view: ViewState::default(),
            prefs,
            annotator,
            schema: options.schema,
            commands: Vec::new(),
            storage_dir,
            status: String::new(),
            errors: Vec::new(),
            dialog: None,
            prompt: None,
            guard: None,
            after_save: None,
            recovery: None,
            conflict: None,
            allow_close: false,
            close_now: false,
            project: None,
            transfer: None,
            review: None,
            last_autosave: 0.0,
            was_focused: true,
            title: String::new(),
        };
        match (options.path, options.review) {
            (Some(root), Some(r)) => {
                app.open_review(&root, &r.doc_id, r.annotators.as_deref());
            }
            (Some(p), None) => app.open_path(&p),
            (None, _) => app.set_session(Session::sample(app.schema.clone())),
        }
        app
    }

    /// An app for tests: no eframe storage, annotator "tester", the built-in schema; `path`
    /// `None` opens the bundled sample. Recovery copies go to `storage_dir` when given.
    pub fn new_for_test(path: Option<&Path>, storage_dir: Option<PathBuf>) -> App {
        App::new_for_test_as(path, storage_dir, "tester")
    }

    /// [`App::new_for_test`] with another annotator (a project folder as `path` opens it).
    pub fn new_for_test_as(
        path: Option<&Path>,
        storage_dir: Option<PathBuf>,
        annotator: &str,
    ) -> App {
        let options = Options {
            path: path.map(Path::to_path_buf),
            annotator: Some(annotator.into()),
            schema: Schema::default_news(),
            review: None,
        };
        App::with(options, Prefs::default(), storage_dir)
    }

    // ---- read-only accessors (tests and the status bar) ----

    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }
    pub fn selection(&self) -> Selection {
        self.view.selection
    }
    pub fn selected_frame(&self) -> Option<&str> {
        self.view.frame.as_deref()
    }
    pub fn load_error(&self) -> Option<&str> {
        self.load_error.as_deref()
    }
    pub fn status(&self) -> &str {
        &self.status
    }
    pub fn guard_open(&self) -> bool {
        self.guard.is_some()
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    /// Screen position of code point `pos` in the last frame (for tests that drag the mouse).
    pub fn char_screen_pos(&self, pos: usize) -> Option<egui::Pos2> {
        self.article.as_ref()?.screen_pos_of(pos)
    }
    /// Queues a command as if the user had issued it (tests).
    pub fn push_command(&mut self, c: Command) {
        self.commands.push(c);
    }
    /// The first paragraph drawn in the last frame (where the article is scrolled to).
    pub fn first_shown_paragraph(&self) -> Option<usize> {
        self.article.as_ref()?.first_shown()
    }
    /// Sets the text selection as a mouse drag would (tests and benchmarks).
    pub fn set_selection(&mut self, selection: Selection) {
        self.view.selection = selection;
    }

    pub(super) fn set_session(&mut self, s: Session) {
        self.article = Some(ArticleView::new(&s));
        self.recovery = s.newer_recovery();
        self.session = Some(s);
        self.cover_rev = None;
        self.view.selection = Selection::default();
        self.view.frame = None;
        self.view.find_match = None;
        self.view.panels.note = None;
        self.load_error = None;
    }

    pub(super) fn open_path(&mut self, path: &Path) {
        // A project folder opens its document list; one whose settings cannot be read is
        // reported by the project too.
        match Project::locate(path) {
            Ok(Some((_, FileRole::Folder))) => return self.open_project(path),
            Err(_) if path.is_dir() => return self.open_project(path),
            _ => {}
        }
        if let Some(st) = &mut self.project {
            st.current = None; // a file outside the project's list
        }
        // Reopening the file this session edits: give up its lock first, or the new session
        // would find it held and open read-only.
        if let Some(s) = &mut self.session {
            let target = if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            {
                path.to_path_buf()
            } else {
                crate::session::stance_path_for(path)
            };
            if s.save_path.as_deref() == Some(target.as_path()) {
                s.release_lock();
            }
        }
        match Session::open(path, &self.annotator, self.schema.clone()) {
            Ok(s) => {
                self.status = format!("opened {}", path.display());
                self.set_session(s);
            }
            Err(e) => {
                let msg = e.to_string();
                if self.session.is_some() {
                    self.errors.push(msg.clone());
                }
                self.status = format!("could not open {}", path.display());
                self.load_error = Some(msg);
            }
        }
    }

    pub(super) fn is_modified(&self) -> bool {
        self.session.as_ref().is_some_and(Session::is_modified)
    }

    pub(super) fn dark(&self, ctx: &egui::Context) -> bool {
        match self.prefs.theme {
            ThemeChoice::Dark => true,
            ThemeChoice::Light => false,
            ThemeChoice::System => ctx.theme() == egui::Theme::Dark,
        }
    }

    pub(super) fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.prefs.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }

    /// Turns key events into commands before any widget sees them.
    fn collect_keys(&mut self, ctx: &egui::Context) {
        if self.guard.is_some() || self.prompt.is_some() || self.recovery.is_some() {
            return;
        }
        let find_id = egui::Id::unique("find-field");
        let focus = if ctx.memory(|m| m.has_focus(find_id))
            || (self.view.find_open && self.view.find_had_focus && !ctx.text_edit_focused())
        {
            Focus::Find
        } else if ctx.text_edit_focused() {
            Focus::Text
        } else {
            Focus::Article
        };
        let schema = self
            .session
            .as_ref()
            .map_or(&self.schema, |s| &s.schema)
            .clone();
        let mut found = Vec::new();
        ctx.input_mut(|i| {
            i.events.retain(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } => {
                    let chord = Chord {
                        key: *key,
                        ctrl: modifiers.ctrl || modifiers.command,
                        shift: modifiers.shift,
                        alt: modifiers.alt,
                    };
                    match match_key(&schema, chord, focus) {
                        Some(c) => {
                            found.push(c);
                            false
                        }
                        None => true,
                    }
                }
                egui::Event::Copy if focus == Focus::Article => {
                    found.push(Command::Copy);
                    false
                }
                _ => true,
            })
        });
        if found
            .iter()
            .any(|c| matches!(c, Command::NextFrame | Command::PrevFrame))
        {
            // The Tab was ours: do not also move keyboard focus between widgets.
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
        self.commands.extend(found);
    }

    fn handle_close_and_drop(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.is_modified() && !self.allow_close
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.guard = Some(After::Close);
        }
        let dropped: Option<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(p) = dropped {
            self.commands.push(Command::OpenPath(p));
        }
    }

    /// Writes the recovery copy every [`AUTOSAVE_SECS`] and when the window loses focus.
    fn autosave(&mut self, ctx: &egui::Context) {
        let (now, focused) = ctx.input(|i| (i.time, i.viewport().focused.unwrap_or(true)));
        let lost_focus = self.was_focused && !focused;
        self.was_focused = focused;
        let due = now - self.last_autosave >= AUTOSAVE_SECS;
        if !(due || lost_focus) {
            return;
        }
        self.last_autosave = now;
        if let Some(s) = &mut self.session {
            match s.write_recovery(self.storage_dir.as_deref()) {
                Ok(Some(p)) => self.status = format!("recovery copy written to {}", p.display()),
                Ok(None) => {}
                Err(e) => self.status = e,
            }
        }
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(AUTOSAVE_SECS));
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.session {
            Some(s) => format!(
                "{}{} — stancemark",
                if s.is_modified() { "*" } else { "" },
                s.name
            ),
            None => "stancemark".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn refresh_cover(&mut self) {
        if let Some(s) = &self.session {
            let key = (s.history().revision(), s.annotations().frames().len());
            if self.cover_rev != Some(key) {
                self.cover = CoverIndex::new(s.annotations().frames());
                self.cover_rev = Some(key);
            }
        }
    }

    fn side_panel(&mut self, ui: &mut egui::Ui) {
        let Some(s) = &self.session else { return };
        let frame = self
            .view
            .frame
            .as_ref()
            .and_then(|id| s.annotations().frame(id));
        let r = egui::Panel::right("side")
            .resizable(true)
            .default_size(self.prefs.side_width)
            .size_range(280.0..=900.0)
            .show(ui, |ui| {
                egui::Panel::bottom("frame-list")
                    .resizable(true)
                    .default_size(300.0)
                    .show(ui, |ui| {
                        panel::frame_list(
                            ui,
                            s,
                            self.view.frame.as_deref(),
                            &mut self.view.panels,
                            &mut self.commands,
                        );
                    });
                egui::ScrollArea::vertical()
                    .id_salt("editor")
                    .show(ui, |ui| {
                        panel::editor(
                            ui,
                            s,
                            frame,
                            self.view.selection,
                            &mut self.view.panels,
                            &mut self.commands,
                        );
                    });
            });
        self.prefs.side_width = r.response.rect.width();
        if self.view.panels.via_picker {
            if let Some(f) = frame {
                panel::via_picker(ui.ctx(), s, f, &mut self.view.panels, &mut self.commands);
            }
        }
    }

    /// The review panel on the left, while Review mode is on.
    fn review_panel(&mut self, ui: &mut egui::Ui) {
        let dark = self.dark(ui.ctx());
        let (Some(r), Some(s)) = (&mut self.review, &self.session) else {
            return;
        };
        if r.figures.running() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(100));
        }
        egui::Panel::left("review")
            .resizable(true)
            .default_size(360.0)
            .size_range(300.0..=800.0)
            .show(ui, |ui| {
                super::review::list::panel(ui, r, &s.schema, dark, &mut self.commands);
            });
    }

    fn central(&mut self, ui: &mut egui::Ui) {
        let dark = self.dark(ui.ctx());
        let Some(s) = &self.session else {
            ui.heading("Nothing is open");
            if let Some(e) = &self.load_error {
                ui.label("The file could not be loaded:");
                ui.add(
                    egui::Label::new(
                        egui::RichText::new(e)
                            .monospace()
                            .color(ui.visuals().error_fg_color),
                    )
                    .wrap(),
                );
            }
            ui.label("Open a .txt article or a .stance.json file with Ctrl+O, or drop one here.");
            return;
        };
        let tokens = Tokens::for_theme(dark);
        let selected_frame = self
            .view
            .frame
            .as_ref()
            .and_then(|id| s.annotations().frame_index(id));
        let overlay = self.review.as_ref().map(|r| r.overlay(dark));
        let input = ArticleInput {
            session: s,
            cover: &self.cover,
            selection: self.view.selection,
            selected_frame,
            find_match: self.view.find_match,
            tokens,
            font_size: tokens.article_font * self.prefs.zoom,
            overlay: overlay.as_ref(),
        };
        let Some(article) = &mut self.article else {
            return;
        };
        ui.label(egui::RichText::new(s.document.display_title()).heading());
        let out = article.show(ui, &input);
        if let Some(sel) = out.selection {
            self.view.selection = sel;
        }
        self.view.hover = out.hover_pos;
        if let Some(i) = out.clicked_frame {
            if let Some(f) = s.annotations().frames().get(i) {
                self.view.frame = Some(f.id.clone());
                self.view.panels.scroll_list = true;
            }
        }
        if let (true, Some(r), Some(sel)) = (out.clear_frame, &self.review, out.selection) {
            // A click on annotators' claims with no gold frame there picks that disagreement.
            if let Some(i) = r.row_at(sel.head) {
                self.commands.push(Command::SelectDisagreement(i));
            }
        }
    }

    fn windows(&mut self, ctx: &egui::Context) {
        if self.view.help_open {
            let schema = self.session.as_ref().map_or(&self.schema, |s| &s.schema);
            self.view.help_open = help::help_window(ctx, schema);
        }
        if let Some(e) = self.errors.first() {
            if !dialogs::error_window(ctx, e) {
                self.errors.remove(0);
            }
        }
        if let Some((purpose, mut text)) = self.prompt.take() {
            let mut open = true;
            if let Some(p) = dialogs::path_prompt(ctx, purpose, &mut text, &mut open) {
                self.picked(purpose, p);
            } else if open {
                self.prompt = Some((purpose, text));
            }
        }
        if let Some(after) = self.guard.clone() {
            let name = self
                .session
                .as_ref()
                .map_or(String::new(), |s| s.name.clone());
            if let Some(answer) = dialogs::unsaved_guard(ctx, &name) {
                self.guard = None;
                self.answer_guard(answer, after);
            }
        }
        if let Some(p) = self.conflict.clone() {
            if let Some(answer) = dialogs::changed_on_disk(ctx, &p) {
                self.conflict = None;
                match answer {
                    ConflictAnswer::Reload => self.open_path(&p),
                    ConflictAnswer::Overwrite => {
                        self.save_to_forced(p, true);
                    }
                    ConflictAnswer::SaveAs => self.commands.push(Command::SaveAs),
                    ConflictAnswer::Cancel => {}
                }
            }
        }
        if let Some(p) = self.recovery.clone() {
            if let Some(restore) = dialogs::recovery_offer(ctx, &p) {
                self.recovery = None;
                if restore {
                    if let Some(s) = &mut self.session {
                        match s.restore(&p) {
                            Ok(()) => self.status = "restored the recovery copy".into(),
                            Err(e) => self.errors.push(e),
                        }
                    }
                }
            }
        }
    }
}

impl App {
    /// One frame of the whole workbench: everything [`eframe::App::ui`] does. Public so that
    /// benchmarks can drive the real UI with an `egui::Context` and synthetic input.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.handle_close_and_drop(&ctx);
        self.poll_dialog();
        if self.dialog.is_some() {
            // Keep polling the worker thread's answer.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        self.collect_keys(&ctx);
        self.refresh_cover();
        self.refresh_review();
        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui));
        if let Some(holder) = self.session.as_ref().and_then(|s| s.read_only.clone()) {
            egui::Panel::top("read-only").show(ui, |ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "Read-only: {holder} is editing this file. Changes can only be saved with File ▸ Save as."
                    ),
                );
            });
        }
        if let Some(s) = &mut self.session {
            super::orphans::banner(ui, s);
        }
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        if self.view.find_open {
            egui::Panel::top("find").show(ui, |ui| self.find_bar(ui));
        } else {
            self.view.find_had_focus = false;
        }
        // Review mode has its own list on the left; the article keeps the room.
        if self.review.is_none() {
            self.project_panel(ui);
        }
        self.side_panel(ui);
        self.review_panel(ui);
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        self.windows(&ctx);
        self.transfer_window(&ctx);
        self.apply_all(&ctx);
        if std::mem::take(&mut self.close_now) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        self.autosave(&ctx);
        self.update_title(&ctx);
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
