//! The help screen (F1): every shortcut, generated from the command table and the schema.

use crate::model::Schema;

use super::command::help_rows;

/// The help window. Returns false once closed.
pub fn help_window(ctx: &egui::Context, schema: &Schema) -> bool {
    let mut open = true;
    egui::Window::new("Keyboard shortcuts")
        .open(&mut open)
        .default_width(780.0)
        .min_width(760.0)
        .default_pos(ctx.content_rect().center() - egui::vec2(390.0, 300.0))
        .show(ctx, |ui| {
            ui.label("Select text with the mouse (whole words; hold Alt for exact characters) or with Ctrl+F, then:");
            // Both directions: on a small window nothing is cut off.
            egui::ScrollArea::both().max_height(560.0).show(ui, |ui| {
                egui::Grid::new("help-grid").striped(true).num_columns(2).show(ui, |ui| {
                    for (keys, description) in help_rows(schema) {
                        ui.monospace(keys);
                        ui.label(description);
                        ui.end_row();
                    }
                });
            });
        });
    open
}

/// The shortcut list as Markdown table rows (the README's "Workbench" section holds exactly
/// these lines; a test checks it).
pub fn markdown_rows(schema: &Schema) -> Vec<String> {
    help_rows(schema)
        .into_iter()
        .map(|(k, d)| format!("| {} | {} |", k.replace('|', "\\|"), d))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of the README's shortcut table (after its `| Keys | Action |` header).
    fn readme_rows() -> Vec<&'static str> {
        let readme = include_str!("../../README.md");
        let table = readme
            .split_once("| Keys | Action |\n|---|---|\n")
            .expect("the README has the shortcut table")
            .1;
        table.lines().take_while(|l| l.starts_with('|')).collect()
    }

    #[test]
    fn the_readme_lists_exactly_the_shortcut_table() {
        let rows = markdown_rows(&Schema::default_news());
        assert_eq!(
            readme_rows(),
            rows,
            "the README's table should read:\n{}",
            rows.join("\n")
        );
        assert!(rows.contains(
            &"| Alt+Shift+1 / Alt+Shift+2 / Alt+Shift+3 / Alt+Shift+4 / Alt+Shift+5 / Alt+Shift+6 / Alt+Shift+7 / Alt+Shift+8 / Alt+Shift+9 | Review: accept the version of the 1st … 9th compared annotator and edit it in gold |"
                .to_owned()
        ));
    }
}
