//! Suggested frames in the workbench: the background run of the finder, the ghost frames it
//! leaves, the current one, and the bar that says what it is and why.
//!
//! The finder runs on a worker thread when a document opens, on the text (shared, not copied),
//! the lexicon and the entities, so the article is usable at once and never waits for it. Its
//! answer is kept: after an edit (accept, reject, or any other) that left the entities alone,
//! only the filtering runs again (the text, lexicon and schema do not change while a document
//! is open); an edit of the entities reads the text again. Each run takes a [`RunBase`] of the
//! annotations (their spans, rejections and stored suggestions), not a copy of them. A run's
//! answer names the revision of the annotations it read; an answer for an older revision is
//! not shown (its finder answer is kept) and the filtering runs again.
//! What is shown ([`crate::suggest::pending::shown`]) is the file's pending suggestions plus
//! the run's new ones that were neither rejected nor made into frames already; shown ones are
//! written to the file only when accepted (as frames) or rejected (as rejections).

use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;

use crate::model::{Entity, PendingSuggestion};
use crate::session::Session;
use crate::suggest::pending::RunBase;
use crate::suggest::{Lexicon, Suggestion};

use super::command::Command;

/// The workbench's suggestions for the open document.
pub struct Suggestions {
    /// View ▸ Suggestions: ghost frames drawn and the keys active.
    pub visible: bool,
    /// What is shown, in text order.
    shown: Vec<PendingSuggestion>,
    /// Index into `shown` of the current suggestion (the one the keys act on).
    pub current: Option<usize>,
    /// The revision of the annotations `shown` was computed for.
    shown_rev: Option<u64>,
    /// Changes whenever `shown` does (a key of the ghost frames' drawing cache).
    generation: u64,
    /// The finder's last answer for the open document.
    found: Option<Found>,
    /// The run under way: the revision it reads and where its answer arrives.
    running: Option<(u64, Receiver<Answer>)>,
    /// The lexicon of the open document (its project's, else the default one).
    lexicon: Option<Arc<Lexicon>>,
    /// Why the finder cannot run (a bad project lexicon), shown in the bar.
    pub problem: Option<String>,
}

/// What the finder found in the open document's text, and the entities it linked to.
struct Found {
    entities: Vec<Entity>,
    list: Arc<Vec<Suggestion>>,
}

/// A run's answer: what is shown, and the finder's answer when the run read the text.
struct Answer {
    shown: Vec<PendingSuggestion>,
    found: Option<Found>,
}

impl Default for Suggestions {
    fn default() -> Self {
        Suggestions {
            visible: true,
            shown: Vec::new(),
            current: None,
            shown_rev: None,
            generation: 0,
            found: None,
            running: None,
            lexicon: None,
            problem: None,
        }
    }
}

impl Suggestions {
    /// Starts over for a newly opened document with its lexicon (or why there is none).
    pub fn open(&mut self, lexicon: Result<Lexicon, String>) {
        self.reset();
        match lexicon {
            Ok(l) => {
                self.lexicon = Some(Arc::new(l));
                self.problem = None;
            }
            Err(e) => {
                self.lexicon = None;
                self.problem = Some(format!("no suggestions: {e}"));
            }
        }
    }

    /// Shown suggestions, in text order.
    pub fn shown(&self) -> &[PendingSuggestion] {
        &self.shown
    }

    /// The current suggestion, if any.
    pub fn current(&self) -> Option<&PendingSuggestion> {
        self.shown.get(self.current?)
    }

    pub fn lexicon(&self) -> Option<&Lexicon> {
        self.lexicon.as_deref()
    }

    /// Changes whenever the shown suggestions do.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// True while a run is under way.
    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// Forgets what was shown (another document opened).
    pub fn reset(&mut self) {
        self.shown.clear();
        self.generation += 1;
        self.current = None;
        self.shown_rev = None;
        self.found = None;
        self.running = None;
    }

    /// Takes a suggestion off the shown list at once (accepted or rejected), before the next
    /// run answers.
    pub fn take_out(&mut self, id: &str) {
        if let Some(i) = self.shown.iter().position(|s| s.id == id) {
            self.shown.remove(i);
            self.generation += 1;
            self.current = match self.current {
                Some(c) if c > i => Some(c - 1),
                Some(c) if c == i => (i < self.shown.len()).then_some(i),
                c => c,
            };
        }
    }

    /// Takes a finished run's answer, and starts a run when the annotations changed since the
    /// shown suggestions were computed. Returns true while a run is under way (poll again).
    pub fn poll(&mut self, session: Option<&Session>) -> bool {
        let Some(s) = session else {
            self.reset();
            return false;
        };
        if let Some((rev, rx)) = &self.running {
            match rx.try_recv() {
                Ok(answer) => {
                    if let Some(found) = answer.found {
                        self.found = Some(found);
                    }
                    if *rev == s.revision() {
                        // Suggestions not stored get fresh ids on each run: the current one is
                        // found again by its rule and spans.
                        let cur = self.current().cloned();
                        discard(std::mem::replace(&mut self.shown, answer.shown));
                        self.generation += 1;
                        self.shown_rev = Some(*rev);
                        self.current =
                            cur.and_then(|c| self.shown.iter().position(|x| same(x, &c)));
                    } else {
                        discard(answer.shown);
                    }
                    self.running = None;
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => return true,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.running = None,
            }
        }
        if self.shown_rev != Some(s.revision()) && self.running.is_none() {
            self.start(s);
        }
        self.running.is_some()
    }

    /// Runs the filtering of the finder's kept answer (or, without one for the session's
    /// entities, the finder first) on a worker thread.
    fn start(&mut self, s: &Session) {
        let Some(lexicon) = &self.lexicon else {
            self.shown_rev = Some(s.revision());
            return;
        };
        let set = s.annotations();
        let base = RunBase::of(set);
        let kept = (self.found.as_ref())
            .filter(|f| f.entities == set.entities)
            .map(|f| Arc::clone(&f.list));
        let read = match kept {
            Some(list) => Ok(list),
            None => Err((
                Arc::clone(lexicon),
                s.document.text.clone(),
                s.schema.clone(),
                set.entities.clone(),
            )),
        };
        let (tx, rx) = channel();
        let spawned = std::thread::Builder::new()
            .name("suggest".into())
            .spawn(move || {
                let answer = match read {
                    Ok(list) => Answer {
                        shown: base.shown(&list),
                        found: None,
                    },
                    Err((lexicon, text, schema, entities)) => {
                        let list =
                            Arc::new(crate::suggest::find(&text, &lexicon, &schema, &entities));
                        Answer {
                            shown: base.shown(&list),
                            found: Some(Found { entities, list }),
                        }
                    }
                };
                let _ = tx.send(answer);
            });
        match spawned {
            Ok(_) => self.running = Some((s.revision(), rx)),
            Err(e) => {
                self.problem = Some(format!("the finder could not start: {e}"));
                self.shown_rev = Some(s.revision());
            }
        }
    }

    /// Makes the next (or previous) suggestion after `pos` current; wraps around.
    pub fn step(&mut self, forward: bool, pos: usize) -> Option<&PendingSuggestion> {
        let n = self.shown.len();
        if n == 0 {
            self.current = None;
            return None;
        }
        let next = match self.current {
            Some(c) if forward => (c + 1) % n,
            Some(c) => (c + n - 1) % n,
            None if forward => self
                .shown
                .iter()
                .position(|s| s.claim.extent().start >= pos)
                .unwrap_or(0),
            None => self
                .shown
                .iter()
                .rposition(|s| s.claim.extent().start < pos)
                .unwrap_or(n - 1),
        };
        self.current = Some(next);
        self.shown.get(next)
    }
}

/// Drops a list of suggestions no longer shown. A long one (a 5 MB article has tens of
/// thousands) is dropped on a thread of its own: freeing it took about a millisecond of the
/// frame that took a run's answer.
fn discard(list: Vec<PendingSuggestion>) {
    if list.len() < 1_000 {
        return;
    }
    // If no thread can be started, the list is dropped here.
    let _ = std::thread::Builder::new()
        .name("suggest-drop".into())
        .spawn(move || drop(list));
}

/// The same suggestion: rule, claim and cue spans.
fn same(a: &PendingSuggestion, b: &PendingSuggestion) -> bool {
    let cue = match (&a.cue, &b.cue) {
        (Some(x), Some(y)) => x.same_spans(y),
        (None, None) => true,
        _ => false,
    };
    a.rule == b.rule && a.claim.same_spans(&b.claim) && cue
}

/// The bar under the article while a suggestion is current: its place in the list, stance,
/// rule and why, and the keys that act on it.
pub fn bar(ui: &mut egui::Ui, sg: &Suggestions, session: &Session) -> Vec<Command> {
    let mut out = Vec::new();
    ui.horizontal_wrapped(|ui| {
        if let Some(p) = &sg.problem {
            ui.colored_label(ui.visuals().warn_fg_color, p);
        }
        let Some(cur) = sg.current() else {
            let n = sg.shown().len();
            let what = if sg.running() && n == 0 {
                "Suggestions: reading the article…".to_owned()
            } else {
                format!("Suggestions: {n} (J next, K previous)")
            };
            ui.label(what);
            return;
        };
        let i = sg.current.unwrap_or(0) + 1;
        ui.strong(format!("Suggestion {i} of {}", sg.shown().len()));
        let stance = session
            .schema
            .stance(&cur.stance)
            .map_or(cur.stance.as_str(), |l| l.name.as_str());
        ui.label(format!("· {stance} · rule {} · {}", cur.rule, cur.why));
        if ui.button("Accept (A)").clicked() {
            out.push(Command::AcceptSuggestion);
        }
        if ui.button("Reject (R)").clicked() {
            out.push(Command::RejectSuggestion);
        }
    });
    out
}
