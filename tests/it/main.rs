//! Integration tests: one test binary, one module per area.

mod bidi_props;
mod cli;
mod comments;
mod crash_safety;
mod edit_lock;
mod feedback_cli;
mod formats;
mod fragments;
mod git_team;
#[cfg(feature = "gui")]
mod gui;
#[cfg(feature = "gui")]
mod gui_comments;
#[cfg(feature = "gui")]
mod gui_conflicts;
#[cfg(feature = "gui")]
mod gui_edit;
#[cfg(feature = "gui")]
mod gui_files;
#[cfg(feature = "gui")]
mod gui_guidelines;
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
mod gui_registry;
#[cfg(feature = "gui")]
mod gui_rtl;
#[cfg(feature = "gui")]
mod gui_select;
#[cfg(feature = "gui")]
mod gui_stance_map;
#[cfg(feature = "gui")]
mod gui_suggest;
#[cfg(feature = "gui")]
mod gui_training;
mod import_all_or_nothing;
mod importers;
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
mod review_confusion;
#[cfg(feature = "gui")]
mod review_gui;
mod review_via;
mod sample;
mod stance_map;
mod suggest_cli;
mod suggest_props;
mod suggest_quality;
mod time_spent;
mod untrusted_input;
mod util;
