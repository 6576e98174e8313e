//! Linking a frame's source or target to the project's entity registry.
//!
//! The registry is written first, through the project's guarded save (a registry changed on
//! disk since it was read is refused, never overwritten, and is read again so that the entity
//! field offers what is on disk now); then the link is one undoable transaction on the open
//! file. Undo takes the link back; the registry entry or alias it made stays (the registry is
//! shared by the whole project, and other files may link it already).

use super::super::app::App;
use crate::io::stamp::DiskStamp;
use crate::model::registry_link::{plan_link, LinkTarget};
use crate::model::SpanRole;
use crate::project::registry::registry_json;

impl App {
    pub(super) fn link_registry(&mut self, frame: &str, role: SpanRole, target: &LinkTarget) {
        let what = format!("link {} of {frame}", role.name());
        let (Some(st), Some(s)) = (&mut self.project, &self.session) else {
            return;
        };
        let Some((registry, stamp)) = st.registry.as_ref().filter(|_| s.is_project_doc()) else {
            self.errors.push(format!(
                "{what}: the project has no entity registry to link to ({})",
                st.project.registry_path().display()
            ));
            return;
        };
        let plan = match plan_link(s.annotations(), registry, frame, role, target) {
            Ok(p) => p,
            Err(e) => {
                self.errors.push(format!("{what}: {e}"));
                return;
            }
        };
        if let Some(after) = &plan.registry {
            if let Err(e) = st.project.save_registry(after, Some(*stamp)) {
                self.errors.push(format!(
                    "{what}: the registry was not written, nothing was linked: {e}"
                ));
                self.status = "entities.json changed on disk: read again, nothing linked".into();
                st.reload_registry();
                return;
            }
            let written = DiskStamp::of_bytes(registry_json(after).as_bytes());
            st.registry = Some((after.clone(), written));
        }
        let mut notes = Vec::new();
        if plan.created {
            notes.push(format!("new registry entity {}", plan.entity));
        }
        if let Some(a) = &plan.alias_added {
            notes.push(format!("added “{a}” as an alias of {}", plan.entity));
        }
        if let Some(why) = &plan.alias_refused {
            notes.push(format!("the span text is not an alias: {why}"));
        }
        if self.edit(plan.transaction) && !notes.is_empty() {
            self.status = format!("{}; {}", self.status, notes.join("; "));
        }
    }
}
