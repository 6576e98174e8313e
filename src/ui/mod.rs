//! The annotation workbench: an eframe/egui desktop app. The only module that names egui.
//!
//! - [`app`]: the eframe `App`: session (document, annotations, history), view state, and
//!   persisted UI preferences.
//! - [`command`]: every user intent and the one shortcut table.
//! - [`article`]: the virtualised, highlighted article with our own selection model.
//! - [`review`]: Review mode (compare annotators, adjudicate gold).
//! - [`panel`], [`orphans`] (re-anchoring review), [`dialogs`], [`help`], [`theme`].
//!
//! The open document and pixel-free view logic live in [`crate::session`].

pub mod app;
mod apply;
pub mod article;
mod bars;
pub mod command;
pub mod dialogs;
pub mod help;
pub mod orphans;
pub mod panel;
pub mod project_list;
mod project_mode;
pub mod review;
pub mod theme;
pub mod transfer_dialog;

use std::path::PathBuf;

pub use app::App;

use crate::model::Schema;

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

/// Opens the workbench window and runs until it closes.
pub fn run(options: Options) -> Result<(), String> {
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(APP_ID)
            .with_app_id(APP_ID)
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        native,
        Box::new(move |cc| Ok(Box::new(App::new(cc, options)))),
    )
    .map_err(|e| e.to_string())
}
