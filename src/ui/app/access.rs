//! What tests, benchmarks and the other views read of the app, and the hooks through which a
//! test does what a user does with widgets.

use std::path::{Path, PathBuf};

use super::{App, Options, Prefs};
use crate::model::Schema;
use crate::session::view::Selection;
use crate::session::Session;
use crate::ui::command::Command;
use crate::ui::modal::Modal;
use crate::ui::project_list::ProjectState;
use crate::ui::review::Review;
use crate::ui::stance_map::StanceMapView;
use crate::ui::suggestions::Suggestions;
use crate::ui::transfer_dialog::TransferDialog;

impl App {
    /// An app for tests: no eframe storage, annotator "tester", the built-in schema, and the
    /// in-app path field instead of native file dialogs (a test has no desktop); `path`
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
            train: false,
        };
        App::with(options, Prefs::default(), storage_dir, false)
    }

    /// Turns training mode on (as `--train` does).
    pub fn with_training(mut self) -> App {
        self.training = true;
        self
    }

    /// The training feedback window's contents, when it is open.
    pub fn training_view(&self) -> Option<&crate::ui::training::TrainingView> {
        self.training_view.as_ref()
    }

    // ---- read-only accessors (tests and benchmarks) ----

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
    /// The unsaved-changes question is asked.
    pub fn guard_open(&self) -> bool {
        matches!(self.modal, Modal::Unsaved { .. })
    }
    /// The help window is open.
    pub fn help_open(&self) -> bool {
        self.view.help.open
    }
    /// The unsaved-changes question was answered for closing: the window is closing.
    pub fn closing(&self) -> bool {
        matches!(self.modal, Modal::Closing)
    }
    /// The error messages waiting to be shown, the one on screen first.
    pub fn errors(&self) -> &[String] {
        &self.errors
    }
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The current annotator.
    pub fn annotator(&self) -> &str {
        &self.annotator
    }
    /// Screen position of code point `pos` in the last frame (for tests that drag the mouse).
    pub fn char_screen_pos(&self, pos: usize) -> Option<egui::Pos2> {
        self.article.as_ref()?.screen_pos_of(pos)
    }
    /// The screen rectangles the article draws a document span's outline over (last frame).
    pub fn span_screen_rects(&self, span: crate::model::Span) -> Vec<egui::Rect> {
        self.article
            .as_ref()
            .map_or_else(Vec::new, |a| a.span_screen_rects(span))
    }
    /// The screen rectangles the ghost frames of last frame were outlined around (one per row
    /// of each fragment drawn, the current ghost left out), top to bottom.
    pub fn ghost_outlines(&self) -> Vec<egui::Rect> {
        self.article
            .as_ref()
            .map_or_else(Vec::new, |a| a.ghost_outlines())
    }
    /// Number of ghost meshes built so far (not taken from the cache).
    pub fn ghost_meshes_built(&self) -> u64 {
        self.article.as_ref().map_or(0, |a| a.ghost_meshes_built())
    }
    /// The first paragraph drawn in the last frame (where the article is scrolled to).
    pub fn first_shown_paragraph(&self) -> Option<usize> {
        self.article.as_ref()?.first_shown()
    }
    /// The open project, its rows and filters.
    pub fn project(&self) -> Option<&ProjectState> {
        self.project.as_ref()
    }
    /// The review, while Review mode is on.
    pub fn review(&self) -> Option<&Review> {
        self.review.as_ref()
    }
    /// The suggested frames of the open document.
    pub fn suggestions(&self) -> &Suggestions {
        &self.suggest
    }
    /// The stance map view, once opened (shown or kept).
    pub fn stance_map(&self) -> Option<&StanceMapView> {
        self.stance_map.as_ref()
    }

    // ---- test hooks: what a user does through widgets ----

    /// Queues a command as if the user had issued it.
    pub fn push_command(&mut self, c: Command) {
        self.commands.push(c);
    }
    /// Sets the text selection as a mouse drag would.
    pub fn set_selection(&mut self, selection: Selection) {
        self.view.selection = selection;
    }
    /// The open project's list state, e.g. to set a filter as the user would.
    pub fn project_mut(&mut self) -> Option<&mut ProjectState> {
        self.project.as_mut()
    }
    /// The Import or Export window, while open (its form as the user fills it).
    pub fn transfer_mut(&mut self) -> Option<&mut TransferDialog> {
        self.transfer.as_mut()
    }
    /// The review, mutable (annotators or K chosen as in its panel).
    pub fn review_mut(&mut self) -> Option<&mut Review> {
        self.review.as_mut()
    }
    /// The stance map view, mutable (its filters set as in its panel).
    pub fn stance_map_mut(&mut self) -> Option<&mut StanceMapView> {
        self.stance_map.as_mut()
    }
}
