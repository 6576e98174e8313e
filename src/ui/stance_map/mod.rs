//! View ▸ Stance map (project mode): who takes which stance toward whom across the project, as
//! a matrix, a network, a weekly timeline and a per-outlet table, with filters, and the frames
//! behind any cell, edge, node, bar or row one click away — opening one opens its document at
//! that frame.
//!
//! The data is the library's [`crate::corpus`] map; this module only draws it. Reading the
//! corpus and building the map run on a worker thread ([`job`]): the view says "computing…"
//! and stays responsive, and builds again whenever the filters change. The view keeps its
//! state (filters, tab, pan and zoom, the picked cell) while the user visits a document, and
//! View ▸ Stance map brings it back as it was; it reads the corpus again on Reload, and when
//! shown again after a project file was saved.
//!
//! - [`filters`]: the filter form and panel; [`job`]: the worker thread;
//! - [`drill`]: the frames behind each pick (no egui);
//! - [`matrix`], [`network`], [`timeline`], [`outlets`]: the tabs; [`frames`]: the frame list.

pub mod drill;
pub mod filters;
pub mod frames;
pub mod job;
pub mod matrix;
pub mod network;
pub mod outlets;
pub mod timeline;

use std::path::PathBuf;
use std::sync::Arc;

use crate::corpus::{MapFilter, Perspective};
use crate::model::Schema;
use crate::project::Project;

use super::command::Command;
use super::theme;
use super::theme::Tokens;
use drill::Pick;
use filters::FilterForm;
use frames::ListAction;
use job::{Computed, Job, Loaded, Msg, Request};

/// The view's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Matrix,
    Network,
    Timeline,
    Outlets,
}

impl Tab {
    pub const ALL: [Tab; 4] = [Tab::Matrix, Tab::Network, Tab::Timeline, Tab::Outlets];

    pub fn name(self) -> &'static str {
        match self {
            Tab::Matrix => "Matrix",
            Tab::Network => "Network",
            Tab::Timeline => "Timeline",
            Tab::Outlets => "Per outlet",
        }
    }
}

/// Rows and columns the matrix shows at first.
pub const MATRIX_LIMIT: usize = 40;

/// The stance map view of one project.
pub struct StanceMapView {
    /// The project folder it maps.
    pub root: PathBuf,
    /// Shown instead of the document (else kept for when it is shown again).
    pub shown: bool,
    /// A project file was saved since the corpus was read: read it again when shown.
    pub stale: bool,
    pub form: FilterForm,
    pub tab: Tab,
    /// Rows and columns of the matrix.
    pub limit: usize,
    loaded: Option<Arc<Loaded>>,
    computed: Option<Computed>,
    job: Option<Job>,
    /// What the frame list is about.
    pick: Option<Pick>,
    /// The picked frames, as indices into the computed drill rows.
    picked_rows: Vec<usize>,
    /// The chosen row of the frame list (an index into the drill rows).
    chosen: Option<usize>,
    network: network::View,
    /// Why the corpus could not be read.
    error: Option<String>,
    /// What is wrong with the filter form.
    problem: Option<String>,
}

impl StanceMapView {
    /// The view of `project`, reading its corpus on a worker thread.
    pub fn new(project: &Project) -> StanceMapView {
        let mut v = StanceMapView {
            root: project.root().to_path_buf(),
            shown: true,
            stale: false,
            form: FilterForm::default(),
            tab: Tab::default(),
            limit: MATRIX_LIMIT,
            loaded: None,
            computed: None,
            job: None,
            pick: None,
            picked_rows: Vec::new(),
            chosen: None,
            network: network::View::default(),
            error: None,
            problem: None,
        };
        v.reload(project);
        v
    }

    /// Reads the corpus again (files saved since are counted), keeping the filters.
    pub fn reload(&mut self, project: &Project) {
        self.loaded = None;
        self.error = None;
        self.stale = false;
        // Row numbers of the new build may name other frames.
        self.chosen = None;
        let request = self.computed.as_ref().map_or_else(
            || Request {
                perspective: Perspective::AllAnnotators,
                filter: MapFilter::default(),
            },
            |c| c.request.clone(),
        );
        self.job = Some(Job::start(project.clone(), None, request));
    }

    /// A build is running.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// The last map built (for tests and the status line).
    pub fn computed(&self) -> Option<&Computed> {
        self.computed.as_ref()
    }

    /// What the frame list shows: the pick and its frames (drill row indices).
    pub fn picked(&self) -> (Option<&Pick>, &[usize]) {
        (self.pick.as_ref(), &self.picked_rows)
    }

    /// Takes the worker's answers.
    pub fn poll(&mut self) {
        let Some(job) = &self.job else { return };
        loop {
            match job.next() {
                Ok(None) => return,
                Ok(Some(Msg::Loaded(Ok(l)))) => self.loaded = Some(l),
                Ok(Some(Msg::Loaded(Err(e)))) => {
                    self.error = Some(e);
                    self.job = None;
                    return;
                }
                Ok(Some(Msg::Computed(c))) => {
                    self.computed = Some(*c);
                    self.job = None;
                    self.repick();
                    return;
                }
                Err(e) => {
                    self.error = Some(e);
                    self.job = None;
                    return;
                }
            }
        }
    }

    /// Builds again when the form asks for another map than the one built or being built.
    fn refresh(&mut self, project: &Project, schema: &Schema) {
        let Some(loaded) = &self.loaded else { return };
        match self.form.request(loaded, schema) {
            Ok(req) => {
                self.problem = None;
                let current = match &self.job {
                    Some(j) => Some(&j.request),
                    None => self.computed.as_ref().map(|c| &c.request),
                };
                if current != Some(&req) {
                    self.job = Some(Job::start(project.clone(), Some(loaded.clone()), req));
                }
            }
            Err(p) => self.problem = Some(p),
        }
    }

    /// Lists the frames of `pick` (or none).
    fn set_pick(&mut self, pick: Option<Pick>) {
        self.pick = pick;
        self.chosen = None;
        self.repick();
    }

    /// The frames of the pick in the map just built (a pick outlives filter changes).
    fn repick(&mut self) {
        self.picked_rows = match (&self.pick, &self.computed) {
            (Some(p), Some(c)) => c.drill.picked(p),
            _ => Vec::new(),
        };
        if self.chosen.is_some_and(|c| !self.picked_rows.contains(&c)) {
            self.chosen = None;
        }
    }

    /// The whole view (filters left, frames right, the tab in the middle); returns what the
    /// user asked of the workbench (open a frame, close the view).
    pub fn show(&mut self, ui: &mut egui::Ui, project: &Project, dark: bool) -> Vec<Command> {
        self.poll();
        let schema = project.schema();
        self.refresh(project, schema);
        if self.busy() {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_millis(50));
        }
        let tokens = Tokens::for_theme(dark);
        let mut out = Vec::new();
        // Escape goes back to the document (after closing the help, if it is open); in a text
        // field or an open popup it is theirs.
        let ctx = ui.ctx().clone();
        if ui.input(|i| i.key_pressed(egui::Key::Escape))
            && !egui::Popup::is_any_open(&ctx)
            && !ctx.text_edit_focused()
        {
            out.push(Command::Dismiss);
        }
        egui::Panel::left("map-filters")
            .resizable(true)
            .min_size(210.0)
            .default_size(240.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| match &self.loaded {
                    Some(l) => {
                        let l = l.clone();
                        let problem = self.problem.clone();
                        filters::panel(ui, &mut self.form, &l, schema, dark, problem.as_deref());
                    }
                    None => {
                        ui.spinner();
                    }
                });
            });
        if self.pick.is_some() {
            egui::Panel::right("map-frames")
                .resizable(true)
                .default_size(430.0)
                .show(ui, |ui| self.frame_list(ui, schema, tokens, &mut out));
        }
        egui::CentralPanel::default().show(ui, |ui| {
            self.header(ui, project, &mut out);
            ui.separator();
            self.tab_ui(ui, schema, tokens);
        });
        out
    }

    /// Title, tabs, what the map holds, Reload and Close.
    fn header(&mut self, ui: &mut egui::Ui, project: &Project, out: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.heading("Stance map");
            for t in Tab::ALL {
                ui.selectable_value(&mut self.tab, t, t.name());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Back to the document")
                    .on_hover_text("Escape, or View ▸ Stance map")
                    .clicked()
                {
                    out.push(Command::StanceMap);
                }
                if ui
                    .add_enabled(!self.busy(), egui::Button::new("Reload"))
                    .on_hover_text("Read the project's files again")
                    .clicked()
                {
                    self.reload(project);
                }
            });
        });
        ui.horizontal_wrapped(|ui| {
            if self.busy() {
                ui.spinner();
                ui.label("computing…");
            }
            if let Some(e) = &self.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            if let Some(c) = &self.computed {
                ui.weak(summary_line(c));
            }
        });
    }

    fn tab_ui(&mut self, ui: &mut egui::Ui, schema: &Schema, tokens: Tokens) {
        let (Some(c), Some(l)) = (&self.computed, &self.loaded) else {
            return;
        };
        let picked = self.pick.as_ref();
        let clicked = match self.tab {
            Tab::Matrix => matrix::show(ui, &c.map, &c.matrix, schema, tokens, self.limit, picked),
            Tab::Network => network::show(
                ui,
                &mut self.network,
                &c.map,
                &l.layout,
                schema,
                tokens,
                picked,
            ),
            Tab::Timeline => timeline::show(ui, &c.map.timeline, schema, tokens),
            Tab::Outlets => outlets::show(ui, &c.map, schema, tokens, picked),
        };
        if clicked.is_some() {
            self.set_pick(clicked);
        }
    }

    fn frame_list(
        &mut self,
        ui: &mut egui::Ui,
        schema: &Schema,
        tokens: Tokens,
        out: &mut Vec<Command>,
    ) {
        let Some(c) = &self.computed else { return };
        let title = self
            .pick
            .as_ref()
            .map_or_else(String::new, |p| pick_title(p, c, schema));
        let action = frames::list(
            ui,
            &title,
            &c.drill,
            &self.picked_rows,
            self.chosen,
            schema,
            tokens,
        );
        match action {
            Some(ListAction::Choose(i)) => self.chosen = Some(i),
            Some(ListAction::Open(i)) => {
                self.chosen = Some(i);
                let r = &c.drill.rows[i];
                let gold = c.request.perspective == Perspective::Gold;
                out.push(Command::OpenFrame {
                    document: r.document.to_string(),
                    annotator: (!gold).then(|| r.annotator.to_string()),
                    frame: r.frame.clone(),
                });
            }
            Some(ListAction::Close) => self.set_pick(None),
            None => {}
        }
    }
}

/// "90 frames in 5 documents · 28 nodes, 39 edges · 21 without a target (no edge)".
fn summary_line(c: &Computed) -> String {
    let s = &c.map.summary;
    let mut line = format!(
        "{} frames in {} documents · {} nodes, {} edges",
        s.frames,
        s.documents,
        c.map.nodes.len(),
        c.map.edges.len()
    );
    for (n, role) in [(s.without_source, "source"), (s.without_target, "target")] {
        if n > 0 {
            line.push_str(&format!(" · {n} without a {role} (no edge)"));
        }
    }
    if s.excluded_undated > 0 {
        line.push_str(&format!(
            " · {} undated documents left out by the date range",
            s.excluded_undated
        ));
    }
    line
}

/// What the frame list is about, in words.
fn pick_title(pick: &Pick, c: &Computed, schema: &Schema) -> String {
    let label = |id: &crate::corpus::NodeId| {
        c.map
            .node(id)
            .map_or_else(|| id.to_string(), |n| n.label.clone())
    };
    match pick {
        Pick::Cell { source, target } => format!("{} → {}", label(source), label(target)),
        Pick::Edge {
            source,
            target,
            stance,
        } => format!(
            "{} → {} ({})",
            label(source),
            label(target),
            stance_name(schema, stance)
        ),
        Pick::Node(n) => label(n),
        Pick::Bar { week, stance } => format!("{} from {week}", stance_name(schema, stance)),
        Pick::Outlet {
            outlet,
            source,
            stance,
        } => format!(
            "{}: {} ({})",
            outlet.as_deref().unwrap_or("(no outlet)"),
            source
                .as_ref()
                .map_or_else(|| "(no source)".to_owned(), label),
            stance_name(schema, stance)
        ),
    }
}

/// A stance's name in the schema, else its id.
pub fn stance_name<'a>(schema: &'a Schema, id: &'a str) -> &'a str {
    schema.stance(id).map_or(id, |s| s.name.as_str())
}

/// A stance's colour in the schema, else grey.
pub fn stance_rgb(schema: &Schema, id: &str) -> [u8; 3] {
    schema.stance(id).map_or([128, 128, 128], |s| s.rgb())
}

/// A stance colour as text on the theme's background (WCAG 4.5:1).
pub fn theme_colour(rgb: [u8; 3], dark: bool) -> egui::Color32 {
    Tokens::for_theme(dark).stance_text(rgb)
}

/// `s` cut to `max` characters with an ellipsis.
pub fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_cuts_by_characters() {
        assert_eq!(short("Kestria", 10), "Kestria");
        assert_eq!(short("Kestrian Foreign Ministry", 8), "Kestria…");
        assert_eq!(short("東京の外務省報道官", 4), "東京の…");
        assert_eq!(short("🚀🚀🚀", 3), "🚀🚀🚀");
    }
}
