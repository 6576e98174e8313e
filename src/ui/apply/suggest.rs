//! Suggestion commands: stepping through the ghost frames, accepting (with their own stance or
//! a stance key's), rejecting, accepting a paragraph's, cue-driven entry; and adding or removing
//! one fragment of the selected frame's claim or role. Every change is one transaction.

use crate::model::{
    Fragment, Frame, PendingSuggestion, Quote, QuoteError, Registry, SpanRole, Transaction,
};
use crate::session::view::Selection;
use crate::session::Session;
use crate::suggest::{find_at_cue, pending};

use super::super::app::App;
use super::super::command::Command;

impl App {
    /// The project's registry when the open file is a project document: accepted suggestions
    /// link the registry's entities by name or alias there.
    fn registry_of(&self, s: &Session) -> Option<&Registry> {
        let st = self.project.as_ref().filter(|_| s.is_project_doc())?;
        st.registry.as_ref().map(|(r, _)| r)
    }

    pub(super) fn apply_suggest(&mut self, c: Command) {
        match c {
            Command::ToggleSuggestions => {
                let sg = &mut self.suggest;
                sg.visible = !sg.visible;
                sg.current = None;
            }
            Command::NextSuggestion | Command::PrevSuggestion => {
                self.step_suggestion(c == Command::NextSuggestion)
            }
            Command::AcceptSuggestion => self.accept_suggestion(None),
            Command::RejectSuggestion => self.reject_suggestion(),
            Command::AcceptParagraphSuggestions => self.accept_paragraph(),
            Command::FrameFromCue => self.frame_from_cue(),
            Command::AddFragment(role) => self.add_fragment(role),
            Command::RemoveFragment => self.remove_fragment(),
            _ => {}
        }
    }

    /// The current suggestion while suggestions are shown.
    pub(super) fn current_suggestion(&self) -> Option<PendingSuggestion> {
        self.suggest
            .visible
            .then(|| self.suggest.current().cloned())
            .flatten()
    }

    fn step_suggestion(&mut self, forward: bool) {
        if !self.suggest.visible {
            self.status = "suggestions are hidden (View ▸ Suggestions)".into();
            return;
        }
        let pos = self.view.selection.head;
        let running = self.suggest.running();
        match self.suggest.step(forward, pos) {
            Some(s) => {
                let at = s.claim.extent().start;
                self.status = format!("suggestion: {} — {}", s.rule, s.why);
                self.view.frame = None;
                if let Some(a) = &mut self.article {
                    a.scroll_to = Some(at);
                }
            }
            None if running => self.status = "still reading the article…".into(),
            None => self.status = "no suggestions".into(),
        }
    }

    /// Accepts the current suggestion (with `stance`, else its own); the new frame is selected
    /// so that S/C/T fix a role.
    pub(super) fn accept_suggestion(&mut self, stance: Option<&str>) {
        let (Some(s), Some(sug)) = (&self.session, self.current_suggestion()) else {
            self.status = "no current suggestion (J: next suggestion)".into();
            return;
        };
        let registry = self.registry_of(s);
        match pending::accept_one(s.annotations(), &s.schema, registry, &sug, stance) {
            Ok((tx, fid)) => {
                if self.edit(tx) {
                    self.suggest.take_out(&sug.id);
                    self.suggest.current = None;
                    self.select_frame(Some(fid.clone()));
                    self.status = format!("accepted as {fid} ({})", sug.rule);
                }
            }
            Err(e) => self.errors.push(e.to_string()),
        }
    }

    fn reject_suggestion(&mut self) {
        let (Some(s), Some(sug)) = (&self.session, self.current_suggestion()) else {
            self.status = "no current suggestion (J: next suggestion)".into();
            return;
        };
        let tx = pending::reject_one(s.annotations(), &sug);
        if self.edit(tx) {
            // The next one becomes current, so R R R goes through a run of bad ones.
            self.suggest.take_out(&sug.id);
            self.status = format!("rejected ({})", sug.rule);
        }
    }

    /// Accepts every shown suggestion in the paragraph of the current one (else of the caret).
    fn accept_paragraph(&mut self) {
        let (Some(s), Some(a)) = (&self.session, &self.article) else {
            return;
        };
        if !self.suggest.visible {
            return;
        }
        let pos = self
            .current_suggestion()
            .map_or(self.view.selection.head, |c| c.claim.extent().start);
        let paras = a.paragraphs();
        let para = paras.span(paras.index_of(pos));
        let shown = self.suggest.shown().to_vec();
        let registry = self.registry_of(s);
        match pending::accept_within(s.annotations(), &s.schema, registry, &shown, para) {
            Ok((tx, made)) if !made.is_empty() => {
                let ids: Vec<String> = shown
                    .iter()
                    .filter(|x| para.start <= x.claim.extent().start)
                    .filter(|x| x.claim.extent().end <= para.end)
                    .map(|x| x.id.clone())
                    .collect();
                if self.edit(tx) {
                    for id in &ids {
                        self.suggest.take_out(id);
                    }
                    self.suggest.current = None;
                    self.status = format!("accepted {} suggestions as frames", made.len());
                    self.select_frame(made.first().cloned());
                }
            }
            Ok(_) => self.status = "no suggestions in this paragraph".into(),
            Err(e) => self.errors.push(e.to_string()),
        }
    }

    /// Cue-driven entry: the finder reads around the selected words as the cue (known to the
    /// lexicon or not) and the frame it finds is made and selected for correction.
    fn frame_from_cue(&mut self) {
        let Some(s) = &self.session else { return };
        let span = self.view.selection.span();
        if span.is_empty() {
            self.status = "select a reporting expression (the cue) first".into();
            return;
        }
        let Some(lexicon) = self.suggest.lexicon() else {
            self.status = self.suggest.problem.clone().unwrap_or_default();
            return;
        };
        let set = s.annotations();
        let found = find_at_cue(&s.document.text, lexicon, &s.schema, &set.entities, span);
        let Some(found) = found else {
            self.status = "nothing to read around that cue".into();
            return;
        };
        let sug = pending::to_pending(&found, "cue".into(), None);
        let registry = self.registry_of(s);
        match pending::accept_one(set, &s.schema, registry, &sug, None) {
            Ok((mut tx, fid)) => {
                let cue = found.cue.as_ref().map(|q| q.display_text().into_owned());
                tx.description = format!("add {fid} from the cue '{}'", cue.unwrap_or_default());
                if self.edit(tx) {
                    self.select_frame(Some(fid.clone()));
                    self.suggest.current = None;
                    let h = span.end;
                    self.view.selection = Selection::new(h, h);
                    self.status = format!("{fid}: {} — correct it with S, C, T", found.explanation);
                }
            }
            Err(e) => self.errors.push(e.to_string()),
        }
    }

    /// Adds the selection as one more fragment of the selected frame's claim or role (a role
    /// without a span gets it as its only fragment).
    fn add_fragment(&mut self, role: SpanRole) {
        let (Some(s), Some(fid)) = (&self.session, &self.view.frame) else {
            self.status = format!("select a frame and some text to add to its {}", role.name());
            return;
        };
        let (Some(f), span) = (s.annotations().frame(fid), self.view.selection.span()) else {
            return;
        };
        let Some(text) = s.document.text.slice(span).filter(|_| !span.is_empty()) else {
            self.status = format!("select the text to add to the {}", role.name());
            return;
        };
        let piece = Fragment::new(span, text);
        let mut n = f.clone();
        let added = match role_slot(&mut n, role) {
            None => n.claim.insert_fragment(piece).map(|_| ()),
            Some(Some(q)) => q.insert_fragment(piece).map(|_| ()),
            Some(slot) => {
                *slot = Some(Quote::from_fragment(piece));
                Ok(())
            }
        };
        if let Err(e) = added {
            self.status = fragment_refused(role, &e);
            return;
        }
        let tx = Transaction::new(format!("add a fragment to the {} of {}", role.name(), f.id))
            .with(crate::model::Op::UpdateFrame {
                old: f.clone(),
                new: n,
            });
        if self.edit(tx) {
            let h = span.end;
            self.view.selection = Selection::new(h, h);
        }
    }

    /// Removes the selected frame's fragment under the caret (claim first, then source, cue,
    /// target). A claim keeps at least one fragment; a role's last fragment goes with its span.
    fn remove_fragment(&mut self) {
        let (Some(s), Some(fid)) = (&self.session, &self.view.frame) else {
            self.status = "select a frame to remove one of its fragments".into();
            return;
        };
        let Some(f) = s.annotations().frame(fid) else {
            return;
        };
        let pos = self.view.selection.span().start;
        let Some((role, _)) = f.spans().find(|(_, sp)| sp.contains(pos)) else {
            self.status = format!("no fragment of {} under the caret", f.id);
            return;
        };
        let mut n = f.clone();
        let removed = match role_slot(&mut n, role) {
            None => {
                let i = n.claim.spans().position(|sp| sp.contains(pos)).unwrap_or(0);
                n.claim.remove_fragment(i).map(|_| ())
            }
            Some(slot) => {
                match slot {
                    Some(q) if q.fragments().len() > 1 => {
                        let i = q.spans().position(|sp| sp.contains(pos)).unwrap_or(0);
                        let _ = q.remove_fragment(i);
                    }
                    _ => *slot = None,
                }
                Ok(())
            }
        };
        if let Err(e) = removed {
            self.status = fragment_refused(role, &e);
            return;
        }
        // A participant left with neither span nor entity goes.
        if n.source.as_ref().is_some_and(|p| p.is_empty()) {
            n.source = None;
        }
        if n.target.as_ref().is_some_and(|p| p.is_empty()) {
            n.target = None;
        }
        let what = format!("remove a fragment of the {} of {}", role.name(), f.id);
        let tx = Transaction::new(what).with(crate::model::Op::UpdateFrame {
            old: f.clone(),
            new: n,
        });
        self.edit(tx);
    }
}

/// The span slot of a non-claim role (`None` for the claim, which is not optional).
fn role_slot(f: &mut Frame, role: SpanRole) -> Option<&mut Option<Quote>> {
    match role {
        SpanRole::Claim => None,
        SpanRole::Cue => Some(&mut f.cue),
        SpanRole::Source => Some(&mut f.source.get_or_insert_with(Default::default).span),
        SpanRole::Target => Some(&mut f.target.get_or_insert_with(Default::default).span),
    }
}

fn fragment_refused(role: SpanRole, e: &QuoteError) -> String {
    format!("the {}: {e}", role.name())
}
