//! The annotation workbench: an eframe/egui desktop app. The only module that names egui.
//!
//! - [`app`]: the eframe `App`: session (document, annotations, history), view state, and
//!   persisted UI preferences.
//! - [`command`]: every user intent and the one shortcut table.
//! - [`article`]: the virtualised, highlighted article with our own selection model.
//! - [`view`]: view logic without pixels (paragraphs, selection, word snapping, find).
//! - [`panel`], [`dialogs`], [`help`], [`theme`], [`session`].

pub mod app;
mod apply;
pub mod article;
mod bars;
pub mod command;
pub mod dialogs;
pub mod help;
pub mod panel;
pub mod session;
pub mod theme;
pub mod view;

use std::path::PathBuf;

pub use app::App;

use crate::model::Schema;

/// The app id: the window's class name and eframe's storage folder.
pub const APP_ID: &str = "stancemark";

/// What the binary asks for.
pub struct Options {
    /// Article or annotation file; `None` opens the bundled sample.
    pub path: Option<PathBuf>,
    /// Annotator of new annotation sets, shown in the status bar.
    pub annotator: String,
    pub schema: Schema,
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
