//! Frames of the real workbench, headless: the big document (5 MB, 20,000 frames) open in
//! [`stancemark::ui::App`], driven through `egui::Context::run_ui` with synthetic `RawInput`,
//! each frame followed by `Context::tessellate` (what a GPU backend would get; no GPU here).
//!
//! - `idle`: nothing changes (the pointer rests over the article).
//! - `scroll`: a wheel event every frame, down through the whole document and back up.
//! - `stance_hotkey`: a selection in view, then the `2` key: a new frame is created (history
//!   step, cover index, re-highlighted paragraphs); the frame is undone outside the timing so
//!   every sample starts from the same document.
//! - `sample_stance_key`: the bundled sample at 1280×800 with a frame selected, its stance
//!   changed by a key (editor, frame list, status bar and the claim's paragraph redrawn); undone
//!   outside the timing.

mod common;

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use egui::{Event, Key, Modifiers, MouseWheelSource, MouseWheelUnit, RawInput, TouchPhase};
use stancemark::io::native;
use stancemark::session::view::Selection;
use stancemark::ui::App;

/// A headless window: the context, the app, and the clock.
pub struct Window {
    pub ctx: egui::Context,
    pub app: App,
    time: f64,
}

impl Window {
    /// Opens `path` (`None`: the bundled sample) in the app and runs a few frames so that
    /// layout settles.
    pub fn open(path: Option<&std::path::Path>) -> Window {
        let ctx = egui::Context::default();
        let app = App::new_for_test(path, None);
        let mut w = Window {
            ctx,
            app,
            time: 0.0,
        };
        w.step(vec![Event::PointerMoved(egui::pos2(300.0, 400.0))]);
        for _ in 0..5 {
            w.step(Vec::new());
        }
        w
    }

    /// One frame with `events`: run the UI, then tessellate its shapes. Returns the primitives
    /// count so the work cannot be optimised away.
    pub fn step(&mut self, events: Vec<Event>) -> usize {
        self.time += 1.0 / 60.0;
        let input = RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1280.0, 800.0),
            )),
            time: Some(self.time),
            predicted_dt: 1.0 / 60.0,
            focused: true,
            events,
            ..Default::default()
        };
        let app = &mut self.app;
        let out = self.ctx.run_ui(input, |ui| app.frame(ui));
        let prims = self.ctx.tessellate(out.shapes, out.pixels_per_point);
        prims.len()
    }
}

/// Peak memory phase by phase: at each checkpoint the peak resident size of the phase just
/// ended (VmHWM) and the resident size now (VmRSS) are printed, then the peak is reset
/// (`/proc/self/clear_refs` ← 5), so each figure belongs to one phase; the process's peak is
/// the largest of them.
#[derive(Default)]
struct MemTrace {
    peak_kb: u64,
}

impl MemTrace {
    fn checkpoint(&mut self, phase: &str) {
        let (Some(peak), Some(now)) = (status_kb("VmHWM:"), status_kb("VmRSS:")) else {
            return;
        };
        self.peak_kb = self.peak_kb.max(peak);
        eprintln!(
            "gui memory, {phase}: peak {:.0} MB, now {:.0} MB",
            peak as f64 / 1024.0,
            now as f64 / 1024.0
        );
        // Without the reset (an old kernel) the figures are peaks since the start.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }
}

/// A field of /proc/self/status in kB.
fn status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn wheel(dy: f32) -> Event {
    Event::MouseWheel {
        unit: MouseWheelUnit::Point,
        delta: egui::vec2(0.0, dy),
        phase: TouchPhase::Move,
        source: MouseWheelSource::Unknown,
        modifiers: Modifiers::NONE,
    }
}

fn key(k: Key) -> Event {
    key_with(k, Modifiers::NONE)
}

fn key_with(k: Key, modifiers: Modifiers) -> Event {
    Event::Key {
        key: k,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers,
    }
}

/// The sample with its second frame selected: a stance key changes that frame's stance.
fn sample_frames(c: &mut Criterion) {
    let mut w = Window::open(None);
    w.step(vec![key(Key::Tab)]);
    w.step(vec![key(Key::Tab)]);
    for _ in 0..5 {
        w.step(Vec::new());
    }
    let id = w
        .app
        .selected_frame()
        .expect("a frame is selected")
        .to_owned();
    let stance = |w: &Window| {
        let s = w.app.session().expect("open");
        s.annotations()
            .frame(&id)
            .expect("the frame")
            .stance
            .clone()
    };
    let before = stance(&w);
    let mut g = c.benchmark_group("gui_frame");
    g.bench_function("sample_stance_key", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                std::hint::black_box(w.step(vec![key(Key::Num3)]));
                total += t.elapsed();
                assert_eq!(stance(&w), "denial");
                w.step(vec![key_with(Key::Z, Modifiers::CTRL)]);
                assert_eq!(stance(&w), before);
            }
            total
        })
    });
    g.finish();
}

fn gui_frames(c: &mut Criterion) {
    let mut mem = MemTrace::default();
    mem.checkpoint("before the big document (the sample's frames)");
    let (doc, set, _) = common::big_document();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.stance.json");
    native::save(&path, &doc, &set).expect("save");
    drop((doc, set));
    mem.checkpoint("making and saving the big document (benchmark set-up)");
    let mut w = Window::open(Some(&path));
    mem.checkpoint("opening it and the first 6 frames");
    // The suggestion run started with the first frame: wait for its answer.
    while w.app.suggestions().running() {
        std::thread::sleep(Duration::from_millis(20));
        w.step(Vec::new());
    }
    w.step(Vec::new());
    mem.checkpoint("the background suggestion run, until its answer is shown");

    let mut g = c.benchmark_group("gui_frame");
    g.bench_function("idle", |b| b.iter(|| w.step(Vec::new())));
    mem.checkpoint("idle frames");

    // Through the document and back: 2,000 frames of 1,500 points each way would cover far
    // more than the text, so the direction flips whenever the view stops moving.
    let mut down = true;
    let mut last = w.app.first_shown_paragraph();
    let mut still = 0;
    let (mut frames, mut moved) = (0u64, 0u64);
    g.bench_function("scroll", |b| {
        b.iter(|| {
            let n = w.step(vec![wheel(if down { -1500.0 } else { 1500.0 })]);
            let now = w.app.first_shown_paragraph();
            frames += 1;
            moved += u64::from(now != last);
            still = if now == last { still + 1 } else { 0 };
            if still >= 3 {
                down = !down; // at an end of the document
                still = 0;
            }
            last = now;
            n
        })
    });
    // Proof that the scrolling frames really scrolled (smooth scrolling could spread deltas).
    eprintln!("gui_frame/scroll: the first shown paragraph changed in {moved} of {frames} frames");
    // Back to the top for the hotkey benchmark.
    while w.app.first_shown_paragraph() != Some(0) {
        w.step(vec![wheel(1e6)]);
    }
    for _ in 0..5 {
        w.step(Vec::new());
    }
    mem.checkpoint("scrolling frames");

    let text_len = w.app.session().expect("open").document.text.len_chars();
    let frames_before = w.app.session().expect("open").annotations().frames().len();
    g.bench_function("stance_hotkey", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for i in 0..iters {
                // A selection in the first screen of text, in a different place each time.
                let start = (i as usize * 37) % 1_500.min(text_len - 40);
                w.app.set_selection(Selection::new(start, start + 25));
                let t = Instant::now();
                std::hint::black_box(w.step(vec![key(Key::Num2)]));
                total += t.elapsed();
                let s = w.app.session().expect("open");
                assert_eq!(s.annotations().frames().len(), frames_before + 1);
                w.step(vec![Event::Key {
                    key: Key::Z,
                    physical_key: None,
                    pressed: true,
                    repeat: false,
                    modifiers: Modifiers::CTRL,
                }]);
            }
            total
        })
    });
    g.finish();
    mem.checkpoint("stance hotkey frames (each undone), and runs they started");
    eprintln!(
        "gui peak memory (largest VmHWM of the phases): {:.0} MB (target 400 MB)",
        mem.peak_kb as f64 / 1024.0
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = sample_frames, gui_frames
}
criterion_main!(benches);
