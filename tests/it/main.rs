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
mod gui_edit;
#[cfg(feature = "gui")]
mod gui_files;
#[cfg(feature = "gui")]
mod gui_help;
#[cfg(feature = "gui")]
mod gui_layout;
#[cfg(feature = "gui")]
mod gui_modals;
#[cfg(feature = "gui")]
mod gui_project;
#[cfg(feature = "gui")]
mod gui_reanchor;
#[cfg(feature = "gui")]
mod gui_select;
#[cfg(feature = "gui")]
mod gui_stance_map;
#[cfg(feature = "gui")]
mod gui_suggest;
mod import_all_or_nothing;
mod kept_numbers;
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
mod review_via;
mod sample;
mod stance_map;
mod suggest_cli;
mod suggest_props;
mod suggest_quality;
mod untrusted_input;
mod util;
