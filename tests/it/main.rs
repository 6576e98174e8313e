//! Integration tests: one test binary, one module per area.

mod cli;
mod crash_safety;
mod edit_lock;
mod formats;
mod fragments;
mod git_team;
#[cfg(feature = "gui")]
mod gui;
#[cfg(feature = "gui")]
mod gui_modals;
#[cfg(feature = "gui")]
mod gui_project;
#[cfg(feature = "gui")]
mod gui_reanchor;
mod import_all_or_nothing;
mod merge_cli;
mod merge_props;
mod model_props;
mod native_format;
mod project;
mod reanchor;
mod review_adjudicate;
mod review_agreement;
mod review_cli;
#[cfg(feature = "gui")]
mod review_gui;
mod sample;
mod stance_map;
mod untrusted_input;

/// The repository's sample files.
pub fn sample_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}
