//! The help screen (F1): every shortcut and mouse gesture, grouped by task and searchable,
//! generated from the command table ([`shortcuts`]), the schema's stance keys and the
//! gesture list ([`MOUSE`]) — so the help can never disagree with the keys. The README's table
//! is the same list ([`markdown_rows`]; a test checks it).
//!
//! The window is a two-column table (keys, then the description wrapped to the window's
//! width) that fits the screen; typing goes to its search field, which filters keys and
//! descriptions; Escape closes it.

use crate::model::Schema;

use super::command::{shortcuts, stance_chord, Chord, Command, Group};

/// One line of the help: where it belongs, the keys (or gesture) and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub group: Group,
    pub keys: String,
    pub description: String,
}

/// What the mouse does over the article (handled by the article view, listed with the keys).
pub const MOUSE: [(Group, &str, &str); 5] = [
    (
        Group::Select,
        "Drag",
        "Select whole words, without surrounding spaces, trailing , ; : or unmatched quotes",
    ),
    (Group::Select, "Alt+drag", "Select exact characters"),
    (Group::Select, "Double-click", "Select a word"),
    (Group::Select, "Triple-click", "Select a sentence"),
    (
        Group::Navigate,
        "Click a highlight",
        "Select its frame (again: the next frame under the pointer)",
    ),
];

/// "Ctrl+Shift+Z".
pub fn chord_label(c: Chord) -> String {
    use egui::Key;
    let mut s = String::new();
    if c.ctrl {
        s.push_str("Ctrl+");
    }
    if c.alt {
        s.push_str("Alt+");
    }
    if c.shift {
        s.push_str("Shift+");
    }
    s.push_str(match c.key {
        Key::Equals => "=",
        Key::Plus => "+",
        Key::Minus => "-",
        Key::ArrowLeft => "Left",
        Key::ArrowRight => "Right",
        other => other.name(),
    });
    s
}

/// Key labels joined with " / "; a run of three or more that differ only in their last digit,
/// counting up by one, is written as its ends ("Alt+1 … Alt+9").
fn join_keys(labels: &[String]) -> String {
    let digit = |l: &str| -> Option<(String, u32)> {
        let d = l.chars().last()?.to_digit(10)?;
        Some((l[..l.len() - 1].to_owned(), d))
    };
    let parsed: Option<Vec<(String, u32)>> = labels.iter().map(|l| digit(l)).collect();
    if let Some(p) = parsed.filter(|p| p.len() >= 3) {
        let run = p
            .windows(2)
            .all(|w| w[0].0 == w[1].0 && w[1].1 == w[0].1 + 1);
        if run {
            return format!("{} … {}", labels[0], labels[labels.len() - 1]);
        }
    }
    labels.join(" / ")
}

/// Every shortcut and gesture, by group in [`Group::ALL`] order: stance keys first among the
/// annotation keys, gestures first among the selection keys, shortcuts with the same
/// description merged ("Ctrl+Shift+Z / Ctrl+Y").
pub fn help_rows(schema: &Schema) -> Vec<HelpRow> {
    let mut rows: Vec<(Group, Vec<String>, String)> = Vec::new();
    for (group, keys, description) in MOUSE {
        rows.push((group, vec![keys.to_owned()], description.to_owned()));
    }
    for s in &schema.stances {
        if let Some(c) = s.hotkey.as_deref().and_then(stance_chord) {
            rows.push((
                Group::Annotate,
                vec![chord_label(c)],
                format!(
                    "Stance: {} (new frame from the selection, or change the selected frame)",
                    s.name
                ),
            ));
        }
    }
    for s in shortcuts() {
        let label = chord_label(s.chord);
        match rows
            .iter_mut()
            .find(|(g, _, d)| *g == s.group && d == s.description)
        {
            Some((_, keys, _)) => keys.push(label),
            None => rows.push((s.group, vec![label], s.description.to_owned())),
        }
    }
    // A stable sort keeps the order within a group.
    rows.sort_by_key(|(g, _, _)| *g);
    rows.into_iter()
        .map(|(group, keys, description)| HelpRow {
            group,
            keys: join_keys(&keys),
            description,
        })
        .collect()
}

/// The rows whose keys or description contain every word of `query` (case-insensitive).
pub fn matching<'a>(rows: &'a [HelpRow], query: &str) -> Vec<&'a HelpRow> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    rows.iter()
        .filter(|r| {
            let hay = format!("{} {} {}", r.group.name(), r.keys, r.description).to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .collect()
}

/// The help window's state.
#[derive(Debug, Default)]
pub struct Help {
    pub open: bool,
    /// What is typed into its search field.
    pub query: String,
    /// Give the search field the keyboard focus in the next frame.
    focus: bool,
}

impl Help {
    /// Opens the help (with the search field focused and empty) or closes it.
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.focus = self.open;
        self.query.clear();
    }

    /// The help window, while open. Returns [`Command::Help`] when the user closes it (its
    /// close button, or Escape in its search field).
    pub fn window(&mut self, ctx: &egui::Context, schema: &Schema) -> Option<Command> {
        if !self.open {
            return None;
        }
        let screen = ctx.content_rect();
        let size = egui::vec2(
            (screen.width() - 40.0).clamp(280.0, 820.0),
            (screen.height() - 80.0).clamp(200.0, 760.0),
        );
        let mut open = true;
        let mut escape = false;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size(size)
            .max_width(screen.width() - 16.0)
            .max_height(screen.height() - 16.0)
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(screen.center())
            .show(ctx, |ui| escape = self.contents(ui, schema));
        (!open || escape).then_some(Command::Help)
    }

    /// The search field and the table; true when Escape was pressed in the field.
    fn contents(&mut self, ui: &mut egui::Ui, schema: &Schema) -> bool {
        ui.label(
            "Select the words of a claim (mouse or Ctrl+F), press a stance key, then set its \
             source, cue and target. Type to search:",
        );
        let field = ui.add(
            egui::TextEdit::singleline(&mut self.query)
                .id(egui::Id::unique("help-search"))
                .hint_text("keys or words, e.g. “undo” or “Alt”")
                .desired_width(f32::INFINITY),
        );
        if std::mem::take(&mut self.focus) {
            field.request_focus();
        }
        let escape = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape));
        ui.separator();
        let rows = help_rows(schema);
        let shown = matching(&rows, &self.query);
        egui::ScrollArea::vertical()
            .id_salt("help-rows")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if shown.is_empty() {
                    ui.weak(format!("No shortcut matches “{}”.", self.query));
                }
                for group in Group::ALL {
                    let in_group: Vec<&&HelpRow> =
                        shown.iter().filter(|r| r.group == group).collect();
                    if in_group.is_empty() {
                        continue;
                    }
                    ui.add_space(6.0);
                    ui.strong(group.name());
                    for (i, row) in in_group.into_iter().enumerate() {
                        table_row(ui, row, i % 2 == 1);
                    }
                }
            });
        escape
    }
}

/// One row: the keys in a column of a third of the width (at most 200 points), the
/// description wrapped in the rest; every other row striped.
fn table_row(ui: &mut egui::Ui, row: &HelpRow, striped: bool) {
    let width = ui.available_width();
    let keys_width = (width * 0.34).min(200.0);
    let r = ui.horizontal_top(|ui| {
        ui.allocate_ui_with_layout(
            egui::vec2(keys_width, 0.0),
            egui::Layout::top_down(egui::Align::Min),
            |ui| {
                ui.set_width(keys_width);
                ui.add(egui::Label::new(egui::RichText::new(&row.keys).monospace()).wrap());
            },
        );
        ui.add(egui::Label::new(&row.description).wrap());
    });
    if striped {
        let rect = r.response.rect.expand2(egui::vec2(2.0, 1.0));
        ui.painter()
            .rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    }
}

/// The help as Markdown table rows `| Task | Keys | Action |` (the README's "Workbench"
/// section holds exactly these lines; a test checks it).
pub fn markdown_rows(schema: &Schema) -> Vec<String> {
    help_rows(schema)
        .into_iter()
        .map(|r| {
            format!(
                "| {} | {} | {} |",
                r.group.name(),
                r.keys.replace('|', "\\|"),
                r.description
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of the README's shortcut table (after its header).
    fn readme_rows() -> Vec<&'static str> {
        let readme = include_str!("../../README.md");
        let table = readme
            .split_once("| Task | Keys | Action |\n|---|---|---|\n")
            .unwrap_or_else(|| {
                panic!(
                    "the README has no shortcut table; it should read:\n{}",
                    markdown_rows(&Schema::default_news()).join("\n")
                )
            })
            .1;
        table.lines().take_while(|l| l.starts_with('|')).collect()
    }

    #[test]
    fn the_readme_lists_exactly_the_help() {
        let rows = markdown_rows(&Schema::default_news());
        assert_eq!(
            readme_rows(),
            rows,
            "the README's table should read:\n{}",
            rows.join("\n")
        );
    }

    #[test]
    fn rows_are_grouped_merged_and_cover_every_shortcut() {
        let rows = help_rows(&Schema::default_news());
        let find = |keys: &str| rows.iter().find(|r| r.keys == keys);
        let redo = find("Ctrl+Shift+Z / Ctrl+Y").unwrap();
        assert_eq!(redo.group, Group::Annotate);
        assert_eq!(find("2").unwrap().group, Group::Annotate);
        assert_eq!(find("Alt+1 … Alt+9").unwrap().group, Group::Review);
        assert_eq!(
            find("Alt+Shift+1 … Alt+Shift+9").unwrap().group,
            Group::Review
        );
        assert_eq!(find("Double-click").unwrap().description, "Select a word");
        // Groups come in their order, and every group has rows.
        let groups: Vec<Group> = rows.iter().map(|r| r.group).collect();
        assert!(groups.windows(2).all(|w| w[0] <= w[1]));
        for g in Group::ALL {
            assert!(groups.contains(&g), "{g:?} is empty");
        }
        // Every key of the table is in some row (digit runs by their ends).
        for s in shortcuts() {
            let label = chord_label(s.chord);
            let listed = rows.iter().any(|r| {
                r.keys.split(" / ").any(|k| k == label)
                    || r.keys.split(" … ").any(|k| k == label)
                    || (r.keys.contains(" … ")
                        && label.ends_with(|c: char| c.is_ascii_digit())
                        && r.keys.starts_with(&label[..label.len() - 1])
                        && r.description == s.description)
            });
            assert!(listed, "{label} is not in the help");
        }
    }

    #[test]
    fn digit_runs_are_written_by_their_ends() {
        let l = |v: &[&str]| join_keys(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(l(&["Alt+1", "Alt+2", "Alt+3"]), "Alt+1 … Alt+3");
        assert_eq!(l(&["Alt+1", "Alt+3", "Alt+4"]), "Alt+1 / Alt+3 / Alt+4");
        assert_eq!(l(&["Ctrl+=", "Ctrl++"]), "Ctrl+= / Ctrl++");
        assert_eq!(l(&["1", "2"]), "1 / 2", "two are written out");
    }

    #[test]
    fn search_matches_every_word_in_keys_or_description() {
        let rows = help_rows(&Schema::default_news());
        let undo = matching(&rows, "undo");
        assert_eq!(undo.len(), 1);
        assert_eq!(undo[0].keys, "Ctrl+Z");
        let review_alt = matching(&rows, "ALT edit");
        assert_eq!(review_alt.len(), 1);
        assert_eq!(review_alt[0].keys, "Alt+Shift+1 … Alt+Shift+9");
        assert_eq!(matching(&rows, "").len(), rows.len());
        assert!(matching(&rows, "nothing like this").is_empty());
    }
}
