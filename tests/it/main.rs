//! Integration tests: one test binary, one module per area.

mod cli;
#[cfg(feature = "gui")]
mod gui;
mod model_props;
mod native_format;
mod sample;

/// The repository's sample files.
pub fn sample_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}
