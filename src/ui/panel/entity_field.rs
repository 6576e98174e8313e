//! The entity field of the frame editor: the source's or target's linked entity, and a search
//! that links one.
//!
//! For a single file (or a project without `entities.json`) the search offers the file's own
//! entities, and "new entity" makes one in the file. For a project document with a registry it
//! also offers the registry's entities, matched by name and aliases and fuzzily
//! ([`registry_link::search`], the matched alias shown), and "new entity" makes a registry
//! entry. Those links go out as [`Command::LinkRegistry`]: the app writes the registry (a new
//! entry, or the span text as a new alias) and applies the link as one transaction. Names are
//! shown in reading order (right-to-left names too), as the editor shows quotes.

use crate::io::stamp::DiskStamp;
use crate::model::registry_link::{self, LinkTarget, RegistryMatch};
use crate::model::{Entity, Op, Participant, Registry, Schema, SpanRole, Transaction};
use crate::session::bidi::display_order;

use super::super::command::Command;
use super::editor::{with_participant, Rows};
use super::update;

/// Registry entities offered at most, below the file's own.
const OFFERED: usize = 6;

/// An entity field's search: the text typed, and the registry's matches for the query last
/// searched with the registry's stamp then. The search scores every name and alias fuzzily,
/// which is not to be repeated on each repaint while the field holds text (egui repaints on
/// every pointer move).
#[derive(Debug, Clone, Default)]
pub struct EntitySearch {
    pub typed: String,
    matches: SearchCache,
}

#[derive(Debug, Clone, Default)]
struct SearchCache {
    query: String,
    stamp: Option<DiskStamp>,
    matches: Vec<RegistryMatch>,
    /// Searches run (not taken from the cache), for tests.
    searches: u64,
}

impl SearchCache {
    /// The registry's matches for `query`: searched again only when the query or the
    /// registry's stamp changed.
    fn matches(&mut self, r: &Registry, stamp: Option<DiskStamp>, query: &str) -> &[RegistryMatch] {
        if self.searches == 0 || self.query != query || self.stamp != stamp {
            self.matches = registry_link::search(r, query, OFFERED);
            self.query = query.to_owned();
            self.stamp = stamp;
            self.searches += 1;
        }
        &self.matches
    }
}

/// The project's registry as the entity field sees it.
#[derive(Clone, Copy, Default)]
pub struct RegistryField<'a> {
    /// `None` for a single file or a project without a registry.
    pub registry: Option<&'a Registry>,
    /// The stamp of the registry's bytes as read or last written: it changes whenever the
    /// registry does (the key of the search's cache).
    pub stamp: Option<DiskStamp>,
    /// Why the project's registry could not be read (then `registry` is `None`).
    pub error: Option<&'a str>,
}

impl Rows<'_> {
    /// The linked entity (or its id, flagged, when the set lacks it), with Unlink.
    pub(super) fn entity_line(
        &self,
        ui: &mut egui::Ui,
        role: SpanRole,
        p: &Participant,
        out: &mut Vec<Command>,
    ) {
        let linked = p
            .entity
            .as_ref()
            .and_then(|id| self.session.annotations().entity(id));
        ui.horizontal(|ui| {
            ui.label("entity:");
            match (linked, &p.entity) {
                (Some(e), _) => {
                    let r = ui.label(display_order(&format!("{} ({})", e.name, e.kind)));
                    if let Some(c) = self.registry.registry.and_then(|r| r.links(e)) {
                        r.on_hover_text(registry_hover(c));
                    }
                }
                (None, Some(id)) => {
                    ui.colored_label(ui.visuals().warn_fg_color, format!("{id} (missing)"));
                }
                (None, None) => {
                    ui.weak("—");
                }
            }
            if p.entity.is_some() && ui.small_button("×").on_hover_text("Unlink").clicked() {
                let n = Participant {
                    entity: None,
                    ..p.clone()
                };
                let n = with_participant(self.f, role, n);
                out.push(update(self.f, n, &format!("unlink {}", role.name())));
            }
        });
    }

    /// Autocomplete over the document's entities and, in project mode, the registry's: a
    /// click links one; "new entity" makes a registry entry of the typed name.
    pub(super) fn entity_search(
        &self,
        ui: &mut egui::Ui,
        role: SpanRole,
        p: &Participant,
        search: &mut EntitySearch,
        kind: &mut String,
        out: &mut Vec<Command>,
    ) {
        let (query, cache) = (&mut search.typed, &mut search.matches);
        ui.add(
            egui::TextEdit::singleline(query)
                .hint_text("find entity…")
                .desired_width(160.0),
        );
        if let Some(e) = self.registry.error {
            ui.colored_label(ui.visuals().warn_fg_color, "registry not read")
                .on_hover_text(e);
        }
        if query.trim().is_empty() {
            return;
        }
        let q = query.to_lowercase();
        let registry = self.registry.registry;
        let mut picked = None;
        let own: Vec<&Entity> = (self.session.annotations().entities.iter())
            .filter(|e| e.name.to_lowercase().contains(&q))
            .take(OFFERED)
            .collect();
        for e in &own {
            if ui
                .small_button(display_order(&format!("{} ({})", e.name, e.kind)))
                .clicked()
            {
                // A copy of a registry entity, or a file entity named like one, links
                // through the registry (a new surface form becomes an alias); any other
                // per-file entity links as before.
                picked = Some(
                    match registry.and_then(|r| r.links(e).or_else(|| r.by_name(&e.name))) {
                        Some(c) => Pick::Registry(LinkTarget::Existing(c.id.clone())),
                        None => Pick::File(e.id.clone()),
                    },
                );
            }
        }
        if let Some(r) = registry {
            let matches = cache.matches(r, self.registry.stamp, query);
            // A registry entity offered above already (as the file's copy, or a file entity
            // that links to it by name) is not offered twice.
            let offered = |m: &registry_link::RegistryMatch| {
                own.iter().any(|e| {
                    e.id == m.id
                        || r.links(e)
                            .or_else(|| r.by_name(&e.name))
                            .is_some_and(|c| c.id == m.id)
                })
            };
            for m in matches.iter().filter(|m| !offered(m)) {
                let text = match &m.alias {
                    Some(a) => format!("{} ({}) — “{a}”", m.name, m.kind),
                    None => format!("{} ({})", m.name, m.kind),
                };
                let hover = r.get(&m.id).map(registry_hover).unwrap_or_default();
                if ui
                    .small_button(display_order(&text))
                    .on_hover_text(hover)
                    .clicked()
                {
                    picked = Some(Pick::Registry(LinkTarget::Existing(m.id.clone())));
                }
            }
            if r.by_name(query).is_none() {
                ui.horizontal(|ui| {
                    kind_combo(ui, &self.session.schema, kind, ("typed-kind", slot(role)));
                    if ui
                        .small_button(display_order(&format!("new entity “{}”", query.trim())))
                        .on_hover_text(format!(
                            "Add “{}” to the project's registry and link it as the {}",
                            query.trim(),
                            role.name()
                        ))
                        .clicked()
                    {
                        picked = Some(Pick::Registry(LinkTarget::New {
                            name: query.trim().to_owned(),
                            kind: kind.clone(),
                        }));
                    }
                });
            }
        }
        match picked {
            None => return,
            Some(Pick::File(id)) => {
                let n = Participant {
                    entity: Some(id),
                    ..p.clone()
                };
                let n = with_participant(self.f, role, n);
                out.push(update(self.f, n, &format!("link {}", role.name())));
            }
            Some(Pick::Registry(target)) => out.push(Command::LinkRegistry {
                frame: self.f.id.clone(),
                role,
                target,
            }),
        }
        query.clear();
    }

    /// A new entity named by the selected text, of the chosen kind, linked in one step: in the
    /// registry in project mode, else in the file.
    pub(super) fn new_entity(
        &self,
        ui: &mut egui::Ui,
        role: SpanRole,
        p: &Participant,
        kind: &mut String,
        out: &mut Vec<Command>,
    ) {
        let name = role.name();
        let in_registry = self.registry.registry.is_some();
        ui.horizontal(|ui| {
            kind_combo(ui, &self.session.schema, kind, ("kind", slot(role)));
            let place = if in_registry {
                " in the project's registry"
            } else {
                ""
            };
            if !ui
                .small_button("new entity")
                .on_hover_text(format!(
                    "Create an entity “{}”{place} and link it as the {name}",
                    self.sel_text
                ))
                .clicked()
            {
                return;
            }
            if in_registry {
                out.push(Command::LinkRegistry {
                    frame: self.f.id.clone(),
                    role,
                    target: LinkTarget::New {
                        name: self.sel_text.trim().to_owned(),
                        kind: kind.clone(),
                    },
                });
                return;
            }
            let e = Entity::new(
                self.session.annotations().next_entity_id(),
                self.sel_text.trim(),
                kind.clone(),
            );
            let n = Participant {
                entity: Some(e.id.clone()),
                ..p.clone()
            };
            let n = with_participant(self.f, role, n);
            let tx = Transaction::new(format!(
                "link {name} of {} to new entity {}",
                self.f.id, e.name
            ))
            .with(Op::AddEntity(e))
            .with(Op::UpdateFrame {
                old: self.f.clone(),
                new: n,
            });
            out.push(Command::Edit(tx));
        });
    }
}

/// The panel's state slot of a role (0 source, 1 target), also its widgets' id salt.
fn slot(role: SpanRole) -> usize {
    usize::from(role != SpanRole::Source)
}

/// What a click in the search chose.
enum Pick {
    /// A per-file entity, by id.
    File(String),
    Registry(LinkTarget),
}

/// The kind of a new entity (the schema's first kind until one is chosen).
fn kind_combo(ui: &mut egui::Ui, schema: &Schema, kind: &mut String, salt: (&str, usize)) {
    if kind.is_empty() {
        *kind = (schema.entity_kinds.first())
            .map(|k| k.id.clone())
            .unwrap_or_default();
    }
    let label = ui.label("kind");
    egui::ComboBox::from_id_salt(salt)
        .selected_text(kind.clone())
        .width(90.0)
        .show_ui(ui, |ui| {
            for k in &schema.entity_kinds {
                ui.selectable_value(kind, k.id.clone(), &k.name);
            }
        })
        .response
        .labelled_by(label.id);
}

/// A registry entity's id and aliases, for a hover.
fn registry_hover(e: &crate::model::CanonicalEntity) -> String {
    let mut s = format!("registry entity {}", e.id);
    if !e.aliases.is_empty() {
        s.push_str(&format!("\nalso: {}", e.aliases.join("; ")));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CanonicalEntity;

    fn registry(names: &[&str]) -> Registry {
        let mut r = Registry::default();
        for (i, n) in names.iter().enumerate() {
            r.insert(CanonicalEntity::new(format!("r{}", i + 1), *n, "person"))
                .unwrap();
        }
        r
    }

    #[test]
    fn the_search_is_run_again_only_for_another_query_or_registry() {
        let (a, b) = (registry(&["Donald Trump"]), registry(&["Donald Tusk"]));
        let (sa, sb) = (DiskStamp::of_bytes(b"a"), DiskStamp::of_bytes(b"b"));
        let mut c = SearchCache::default();
        let names = |m: &[RegistryMatch]| m.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(c.matches(&a, Some(sa), "donald")), ["Donald Trump"]);
        // The same query and stamp: the kept answer (even though `b` is passed, which a
        // caller never does with `a`'s stamp).
        assert_eq!(names(c.matches(&b, Some(sa), "donald")), ["Donald Trump"]);
        assert_eq!(c.searches, 1);
        // Another stamp, another query: searched again.
        assert_eq!(names(c.matches(&b, Some(sb), "donald")), ["Donald Tusk"]);
        assert_eq!(names(c.matches(&b, Some(sb), "tusk")), ["Donald Tusk"]);
        assert!(c.matches(&b, Some(sb), "merkel").is_empty());
        assert_eq!(c.searches, 4);
    }
}
