//! The annotation workbench: an eframe/egui desktop app. The only module that names egui.
//!
//! Input, views and worker threads turn what the user does into [`command::Command`]s; one
//! place applies them (`apply`), after the input is read and after the views have drawn.
//! Views change only their own view state; the workbench waits on at most one question at a
//! time ([`modal`]).
//!
//! - [`app`]: the eframe `App`: its parts (session, view state, preferences, the modal
//!   question, the modes' states) and what one frame does; `input`: keys, the close button and
//!   dropped files as commands; `apply`: where commands take effect.
//! - [`command`]: every user intent and the one shortcut table; [`help`]: the help screen.
//! - [`article`]: the virtualised, highlighted article with our own selection model.
//! - [`panel`]: the frame editor and the frame list; [`orphans`]: re-anchoring review.
//! - [`bars`]: menu, status and find bars; [`modal`] and [`dialogs`]: questions, file dialogs.
//! - [`project_list`]: project mode's document list; [`transfer_dialog`]: Import and Export.
//! - [`review`]: Review mode (compare annotators, adjudicate gold).
//! - [`suggestions`]: suggested (ghost) frames from the finder, run on a worker thread.
//! - [`stance_map`]: View ▸ Stance map (matrix, network, timeline, per outlet).
//! - [`describe`]: frames as short text; [`theme`]: design tokens.
//!
//! The open document and pixel-free view logic live in [`crate::session`].

pub mod app;
mod apply;
pub mod article;
pub mod bars;
pub mod command;
pub mod conflicts;
pub mod describe;
pub mod dialogs;
pub mod help;
mod input;
pub mod modal;
pub mod orphans;
pub mod panel;
pub mod project_list;
pub mod review;
pub mod stance_map;
pub mod suggestions;
pub mod theme;
pub mod training;
pub mod transfer_dialog;

pub use app::{os_user_name, App, Options, ReviewRequest, APP_ID};

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
