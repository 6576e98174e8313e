//! The eframe app: its parts, and what one frame does.
//!
//! State is split by what it is: the [`Session`] (document, annotations, history — the only
//! thing saved to annotation files); the [`ViewState`] (selection, find bar, panels; never
//! saved); [`Prefs`] (panel sizes, theme, zoom; saved with eframe storage, never annotation
//! data); the one [`Modal`] question; and the modes' own states ([`ProjectState`], [`Review`],
//! [`TransferDialog`]).
//!
//! A frame reads the window's input and the worker threads' answers as [`Command`]s and
//! applies them (so the views draw their outcome in the same frame), keeps derived state in
//! step, lets every view draw (views return commands and change only their own view state),
//! applies what they returned, then writes the recovery copy and the title. Commands take
//! effect in one place only (`apply`).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::model::Schema;

use super::article::{ArticleInput, ArticleView};
use super::bars::{self, FindBar, Menu};
use super::command::Command;
use super::modal::Modal;
use super::panel::{self, PanelState};
use super::project_list::ProjectState;
use super::review::Review;
use super::stance_map::StanceMapView;
use super::suggestions::{self, Suggestions};
use super::theme::{ThemeChoice, Tokens};
use super::transfer_dialog::TransferDialog;
use super::{dialogs, help, input, orphans};
use crate::session::view::{CoverIndex, Selection};
use crate::session::Session;

mod access;

/// The app id: the window's class name and eframe's storage folder.
pub const APP_ID: &str = "stancemark";

/// What the binary asks for.
pub struct Options {
    /// Article, annotation file or project folder; `None` opens the bundled sample.
    pub path: Option<PathBuf>,
    /// Annotator of new annotation sets, shown in the status bar; `None`: the one last used,
    /// else the OS user name.
    pub annotator: Option<String>,
    pub schema: Schema,
    /// Open Review mode on a document of the project folder `path`.
    pub review: Option<ReviewRequest>,
    /// Training mode: marking a document done that has gold shows the differences to gold.
    pub train: bool,
}

/// `--review DOC_ID [--annotators A,B]`.
pub struct ReviewRequest {
    pub doc_id: String,
    /// The annotators compared first (`None`: all who have the document).
    pub annotators: Option<Vec<String>>,
}

/// The OS user name ($USER, $USERNAME on Windows), or "annotator".
pub fn os_user_name() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "annotator".to_owned())
}

const PREFS_KEY: &str = "stancemark-prefs";
/// Seconds between recovery copies while there are unsaved changes.
pub const AUTOSAVE_SECS: f64 = 30.0;

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

/// Selection, find bar, panels: what the user is looking at.
#[derive(Default)]
pub struct ViewState {
    pub selection: Selection,
    /// The selected frame's id.
    pub frame: Option<String>,
    pub find: FindBar,
    pub panels: PanelState,
    pub hover: Option<usize>,
    pub help: help::Help,
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
    /// What the user asked for and is not applied yet.
    pub(super) commands: Vec<Command>,
    pub(super) storage_dir: Option<PathBuf>,
    pub(super) status: String,
    /// Error messages, shown one window at a time.
    pub(super) errors: Vec<String>,
    /// The question (or file dialog) the workbench waits on.
    pub(super) modal: Modal,
    /// Ask for paths with native file dialogs (else with the in-app path field).
    pub(super) native_dialogs: bool,
    /// The open project folder (project mode), with its document list.
    pub(super) project: Option<ProjectState>,
    /// The File ▸ Import / Export window.
    pub(super) transfer: Option<TransferDialog>,
    /// Review mode: the compared annotators of the open gold set's document.
    pub(super) review: Option<Review>,
    /// Training mode (see [`super::training`]) and its open feedback window.
    pub(super) training: bool,
    pub(super) training_view: Option<super::training::TrainingView>,
    /// Suggested frames of the open document (computed on a worker thread).
    pub(super) suggest: Suggestions,
    /// View ▸ Stance map of the open project (kept while hidden).
    pub(super) stance_map: Option<StanceMapView>,
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
        let storage_dir = eframe::storage_dir(APP_ID);
        let app = App::with(options, prefs, storage_dir, true);
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        cc.egui_ctx.set_theme(app.prefs.theme.preference());
        app
    }

    fn with(
        options: Options,
        mut prefs: Prefs,
        storage_dir: Option<PathBuf>,
        native_dialogs: bool,
    ) -> App {
        // --annotator, else the last one used, else the OS user.
        let annotator = options
            .annotator
            .or_else(|| prefs.annotator.clone())
            .unwrap_or_else(os_user_name);
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
            modal: Modal::None,
            native_dialogs,
            project: None,
            transfer: None,
            review: None,
            training: options.train,
            training_view: None,
            suggest: Suggestions::default(),
            stance_map: None,
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

    /// The stance map is shown instead of the document (it maps the open project).
    pub(super) fn map_shown(&self) -> bool {
        match (&self.stance_map, &self.project) {
            (Some(m), Some(st)) => m.shown && m.root == st.project.root(),
            _ => false,
        }
    }

    pub(super) fn is_modified(&self) -> bool {
        self.session.as_ref().is_some_and(Session::is_modified)
    }

    /// One frame of the whole workbench: everything [`eframe::App::ui`] does. Public so that
    /// benchmarks can drive the real UI with an `egui::Context` and synthetic input.
    pub fn frame(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.read_input(&ctx);
        self.note_activity(&ctx);
        // What keys, the close button and the worker threads ask for is drawn in this frame.
        self.apply_all(&ctx);
        self.refresh_cover();
        self.follow_review();
        self.show(ui);
        self.apply_all(&ctx);
        self.autosave(&ctx);
        self.update_title(&ctx);
    }

    /// The window's input and the worker threads' answers, as commands.
    fn read_input(&mut self, ctx: &egui::Context) {
        let closing = matches!(self.modal, Modal::Closing);
        self.commands
            .extend(input::close_request(ctx, self.is_modified() && !closing));
        self.commands.extend(input::dropped_files(ctx));
        self.commands.extend(self.modal.poll());
        if let Some(t) = &mut self.transfer {
            self.commands.extend(t.poll());
        }
        let suggesting = self.suggest.poll(self.session.as_ref());
        let waiting = matches!(self.modal, Modal::Picking { .. })
            || self.transfer.as_ref().is_some_and(TransferDialog::running)
            || suggesting;
        if waiting {
            // Keep polling the worker threads.
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        if !self.modal.asks() {
            let schema = self.session.as_ref().map_or(&self.schema, |s| &s.schema);
            let find_focus = self.view.find.open && self.view.find.had_focus;
            let keys = input::keys(ctx, schema, find_focus, self.map_shown());
            self.commands.extend(keys);
        }
    }

    /// Active annotation time: a frame with user input (keys, text, pointer, wheel) is noted
    /// at the frame clock's time; the session leaves out idle gaps (see
    /// [`crate::model::time_spent`]).
    fn note_activity(&mut self, ctx: &egui::Context) {
        let (active, now) = ctx.input(|i| {
            let user = i.events.iter().any(|e| {
                matches!(
                    e,
                    egui::Event::Key { .. }
                        | egui::Event::Text(_)
                        | egui::Event::PointerButton { .. }
                        | egui::Event::PointerMoved(_)
                        | egui::Event::MouseWheel { .. }
                        | egui::Event::Paste(_)
                        | egui::Event::Copy
                        | egui::Event::Cut
                        | egui::Event::Touch { .. }
                )
            });
            (user, i.time)
        });
        if let (true, Some(s)) = (active, &mut self.session) {
            // In Review mode the gold file's time is the adjudicator's.
            s.set_time_owner(self.review.as_ref().map(|r| r.adjudicator.as_str()));
            s.note_input((now.max(0.0) * 1000.0) as u64);
        }
    }

    /// Writes the recovery copy every [`AUTOSAVE_SECS`] and when the window loses focus.
    fn autosave(&mut self, ctx: &egui::Context) {
        let (now, focused) = ctx.input(|i| (i.time, i.viewport().focused.unwrap_or(true)));
        let lost_focus = self.was_focused && !focused;
        self.was_focused = focused;
        let due = now - self.last_autosave >= AUTOSAVE_SECS;
        if !(due || lost_focus) || matches!(self.modal, Modal::Closing) {
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

    /// Every view of the window, in layout order; what they return is queued.
    fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let dark = self.prefs.theme.is_dark(&ctx);
        let menu = self.menu();
        egui::Panel::top("menu").show(ui, |ui| self.commands.extend(bars::menu_bar(ui, &menu)));
        self.banners(ui);
        egui::Panel::bottom("status").show(ui, |ui| {
            let (s, v) = (self.session.as_ref(), &self.view);
            bars::status_bar(ui, s, &self.annotator, v.selection, v.hover, &self.status);
        });
        if let (Some(s), true, None) = (&self.session, self.suggest.visible, &self.review) {
            egui::Panel::bottom("suggestion").show(ui, |ui| {
                self.commands.extend(suggestions::bar(ui, &self.suggest, s));
            });
        }
        if self.view.find.open {
            egui::Panel::top("find").show(ui, |ui| {
                self.commands
                    .extend(bars::find_bar(ui, &mut self.view.find));
            });
        } else {
            self.view.find.had_focus = false;
        }
        if self.map_shown() {
            if let (Some(m), Some(st)) = (&mut self.stance_map, &self.project) {
                self.commands.extend(m.show(ui, &st.project, dark));
            }
            self.windows(&ctx);
            return;
        }
        // Review mode has its own list on the left; the article keeps the room.
        if let (Some(st), None) = (&mut self.project, &self.review) {
            let status = self
                .session
                .as_ref()
                .filter(|s| s.is_project_doc())
                .map(|s| s.annotations().status);
            let width = &mut self.prefs.list_width;
            self.commands
                .extend(st.side_panel(ui, &self.annotator, status, width));
        }
        // Review mode has a panel on each side: the editor gives up room so that the article
        // keeps at least about half of a 1280-point window.
        let screen = ctx.content_rect().width();
        let side_max = if self.review.is_some() {
            screen * 0.25
        } else {
            900.0
        };
        if let Some(s) = &self.session {
            let (v, width) = (&mut self.view, &mut self.prefs.side_width);
            v.panels.comment_author = self.review.as_ref().map(|r| r.adjudicator.clone());
            let frame = v.frame.as_deref();
            let registry = match self.project.as_ref().filter(|_| s.is_project_doc()) {
                Some(st) => panel::editor::RegistryField {
                    registry: st.registry.as_ref().map(|(r, _)| r),
                    stamp: st.registry.as_ref().map(|(_, stamp)| *stamp),
                    error: st.registry_error.as_deref(),
                },
                None => panel::editor::RegistryField::default(),
            };
            let out = panel::side_panel(
                ui,
                s,
                registry,
                frame,
                v.selection,
                &mut v.panels,
                width,
                side_max,
            );
            self.commands.extend(out);
        }
        if let (Some(r), Some(s)) = (&mut self.review, &self.session) {
            self.commands.extend(r.side_panel(ui, &s.schema, dark));
        }
        egui::CentralPanel::default().show(ui, |ui| self.central(ui, dark));
        self.windows(&ctx);
        input::drop_hint(&ctx);
    }

    /// What the menus need to know.
    fn menu(&self) -> Menu {
        let history = self.session.as_ref().map(Session::history);
        let review_doc = match (&self.review, &self.session) {
            (None, Some(s)) => s.project_file().and_then(|(_, role)| role.doc_id()),
            _ => None,
        };
        Menu {
            undo: history.and_then(|h| h.undo_description().map(str::to_owned)),
            redo: history.and_then(|h| h.redo_description().map(str::to_owned)),
            in_project: self.project.is_some(),
            review_doc: review_doc.map(str::to_owned),
            reviewing: self.review.is_some(),
            theme: self.prefs.theme,
            direction: self.session.as_ref().map(|s| s.direction),
            suggestions: self.suggest.visible,
        }
    }

    /// The read-only notice and the re-anchoring banner, under the menu.
    fn banners(&mut self, ui: &mut egui::Ui) {
        let Some(s) = &self.session else { return };
        if let Some(holder) = &s.read_only {
            egui::Panel::top("read-only").show(ui, |ui| {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!(
                        "Read-only: {holder} is editing this file. Changes can only be saved with File ▸ Save as."
                    ),
                );
            });
        }
        if let Some(notice) = &s.reanchor_notice {
            self.commands.extend(orphans::banner(ui, notice));
        }
    }

    /// The article (or why nothing is open).
    fn central(&mut self, ui: &mut egui::Ui, dark: bool) {
        let (Some(s), Some(article)) = (&self.session, &mut self.article) else {
            nothing_open(ui, self.load_error.as_deref());
            return;
        };
        let tokens = Tokens::for_theme(dark);
        let overlay = self.review.as_ref().map(|r| r.overlay(dark));
        let input = ArticleInput {
            session: s,
            cover: &self.cover,
            selection: self.view.selection,
            selected_frame: (self.view.frame.as_ref())
                .and_then(|id| s.annotations().frame_index(id)),
            find_match: self.view.find.found,
            tokens,
            font_size: tokens.article_font * self.prefs.zoom,
            overlay: overlay.as_ref(),
            ghosts: match (self.suggest.visible, &self.review) {
                (true, None) => self.suggest.shown(),
                _ => &[],
            },
            ghosts_generation: self.suggest.generation(),
            current_ghost: self.suggest.current,
        };
        ui.label(egui::RichText::new(s.document.display_title()).heading());
        // The line under the title: text scrolled out of view is cut here, not under it.
        ui.separator();
        let out = article.show(ui, &input);
        // Selecting text, hovering and clicking a claim change only what is looked at.
        if let Some(sel) = out.selection {
            self.view.selection = sel;
        }
        self.view.hover = out.hover_pos;
        if let Some(f) = out
            .clicked_frame
            .and_then(|i| s.annotations().frames().get(i))
        {
            self.view.frame = Some(f.id.clone());
            self.view.panels.scroll_list = true;
            self.suggest.current = None;
        }
        if let (true, Some(r), Some(sel)) = (out.clear_frame, &self.review, out.selection) {
            // A click on annotators' claims with no gold frame there picks that disagreement.
            if let Some(i) = r.row_at(sel.head) {
                self.commands.push(Command::SelectDisagreement(i));
            }
        }
    }

    /// The windows over the layout: help, the first error, the question, Import/Export.
    fn windows(&mut self, ctx: &egui::Context) {
        let schema = self.session.as_ref().map_or(&self.schema, |s| &s.schema);
        self.commands.extend(self.view.help.window(ctx, schema));
        if let Some(e) = self.errors.first() {
            if !dialogs::error_window(ctx, e) {
                self.commands.push(Command::DismissError);
            }
        }
        let name = self.session.as_ref().map_or("", |s| s.name.as_str());
        let read_only = self.session.as_ref().is_some_and(|s| s.read_only.is_some());
        self.commands.extend(self.modal.show(ctx, name, read_only));
        let schema = self.session.as_ref().map_or(&self.schema, |s| &s.schema);
        super::training::window(ctx, &mut self.training_view, schema);
        if let (Some(t), Some(st)) = (&mut self.transfer, &self.project) {
            self.commands.extend(t.show(ctx, &st.project));
        }
    }
}

/// The central panel when no document is open: the loader's error, and how to open one.
fn nothing_open(ui: &mut egui::Ui, load_error: Option<&str>) {
    ui.heading("Nothing is open");
    if let Some(e) = load_error {
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
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
