//! Helpers shared by the test modules: the repository's samples, running the binary, copying
//! folders, random texts with the offset traps, and (with `gui`) the headless workbench.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;

/// A file of the repository (`README.md`, `fuzz/seeds/…`).
pub fn repo_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// The repository's sample files (`samples/NAME`).
pub fn sample_path(name: &str) -> PathBuf {
    repo_path("samples").join(name)
}

/// The `stancemark` binary as a command, for runs that need a pipe or an environment variable.
pub fn command() -> Command {
    Command::new(env!("CARGO_BIN_EXE_stancemark"))
}

/// Runs `stancemark ARGS` to the end, as a user would from a shell.
pub fn stancemark(args: &[&str]) -> Output {
    command().args(args).output().expect("run stancemark")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Copies a folder tree (files and folders; no links in the samples).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The bundled sample annotation file copied into `dir` as `name`.
#[cfg(feature = "gui")]
pub fn sample_copy(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::copy(sample_path("iran-talks-signals.stance.json"), &p).unwrap();
    p
}

/// Where the workbench keeps the recovery copy of `dir/name` (`.STEM.recovery.json`).
#[cfg(feature = "gui")]
pub fn recovery_of(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!(
        ".{}.recovery.json",
        name.strip_suffix(".json").unwrap()
    ))
}

/// A copy of the sample whose recovery copy (one frame more) is newer than the file.
#[cfg(feature = "gui")]
pub fn with_recovery(dir: &Path, name: &str) -> PathBuf {
    use stancemark::io::native;
    use stancemark::model::{Frame, Op, Quote, Span};
    let a = sample_copy(dir, name);
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    std::fs::File::options()
        .write(true)
        .open(&a)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let mut file = native::load(&a).unwrap();
    let span = Span::new(0, 9);
    let text = file.document.text.slice(span).unwrap().to_owned();
    let f = Frame::new("f999", Quote::new(span, text), "report");
    Op::AddFrame(f).apply(&mut file.annotations).unwrap();
    native::save(&recovery_of(dir, name), &file.document, &file.annotations).unwrap();
    a
}

/// `samples/review-project` (alice, bob and carol on the sample article) copied to `dir/NAME`,
/// so that a test may write gold or annotations.
pub fn review_project_copy(dir: &Path, name: &str) -> PathBuf {
    let root = dir.join(name);
    copy_tree(&sample_path("review-project"), &root);
    root
}

/// Texts built from pieces that trap offset code: emoji (astral), a ZWJ sequence, CJK,
/// combining marks, CRLF, a lone CR, blank lines, tabs, accented Latin.
pub fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Iran"),
        Just(" "),
        Just("warned"),
        Just("😀"),
        Just("👩‍👩‍👧"),
        Just("日本語"),
        Just("e\u{301}"),
        Just("\r\n"),
        Just("\n\n"),
        Just("Ölé"),
        Just("\t"),
        Just("\r"),
    ];
    proptest::collection::vec(piece, 1..40).prop_map(|v| v.concat())
}

#[cfg(feature = "gui")]
pub use gui::*;

/// The workbench driven headless through egui_kittest.
#[cfg(feature = "gui")]
mod gui {
    use std::path::{Path, PathBuf};

    use egui::{Event, Key, Modifiers, PointerButton, Pos2};
    use egui_kittest::Harness;

    use stancemark::model::{Frame, Span};
    use stancemark::session::Session;
    use stancemark::ui::App;

    /// `app` in a 1280×800 headless window, after its first frames.
    pub fn harness(app: App) -> Harness<'static, App> {
        // The sample article has symbols (※) that the test's built-in font lacks; the real
        // app uses system fonts.
        let mut h = Harness::builder()
            .with_size(egui::vec2(1280.0, 800.0))
            .allow_missing_glyphs()
            .build_eframe(move |_| app);
        h.run_steps(3);
        h
    }

    /// The workbench on `path` (a file or a project folder; none: the bundled sample) as the
    /// annotator "tester", keeping its UI preferences in `storage`.
    pub fn open(path: Option<&Path>, storage: Option<PathBuf>) -> Harness<'static, App> {
        harness(App::new_for_test(path, storage))
    }

    /// Selects the next match of `needle` with the find bar (Ctrl+F, typing, Enter) and closes
    /// the bar with Escape, which keeps the selection.
    pub fn find(h: &mut Harness<'_, App>, needle: &str) {
        h.key_press_modifiers(Modifiers::COMMAND, Key::F);
        h.run_steps(2);
        h.event(Event::Text(needle.to_owned()));
        h.run_steps(2);
        h.key_press(Key::Enter);
        h.run_steps(2);
        h.key_press(Key::Escape);
        h.run_steps(2);
    }

    /// Presses a key (with modifiers) and lets the app apply it.
    pub fn press(h: &mut Harness<'_, App>, modifiers: Modifiers, key: Key) {
        h.key_press_modifiers(modifiers, key);
        h.run_steps(2);
    }

    /// The open document's session; panics when nothing is open.
    pub fn session<'h>(h: &'h Harness<'_, App>) -> &'h Session {
        h.state().session().expect("a document is open")
    }

    /// The open document's frame `id`, if it has one.
    pub fn frame(h: &Harness<'_, App>, id: &str) -> Option<Frame> {
        session(h).annotations().frame(id).cloned()
    }

    /// The open document's frames, in canonical order.
    pub fn frames(h: &Harness<'_, App>) -> Vec<Frame> {
        session(h).annotations().frames().to_vec()
    }

    /// The code point span of the first occurrence of `needle` at or after code point `from`
    /// (searching from the start when there is none after it).
    pub fn span_of(text: &str, needle: &str, from: usize) -> Span {
        let from_byte = text.char_indices().nth(from).map_or(text.len(), |(b, _)| b);
        let b = text[from_byte..]
            .find(needle)
            .map(|b| b + from_byte)
            .or_else(|| text.find(needle))
            .unwrap_or_else(|| panic!("{needle:?} is not in the text"));
        let start = text[..b].chars().count();
        Span::new(start, start + needle.chars().count())
    }

    /// The open document's text.
    pub fn text(h: &Harness<'_, App>) -> String {
        session(h).document.text.as_str().to_owned()
    }

    /// A mouse drag from `a` to `b` in small steps, as a hand moves it.
    pub fn drag(h: &mut Harness<'_, App>, a: Pos2, b: Pos2) {
        h.hover_at(a);
        h.run_steps(2);
        h.drag_at(a);
        h.run_steps(2);
        for k in 1..=6 {
            h.hover_at(a + (b - a) * (k as f32 / 6.0));
            h.run_steps(1);
        }
        h.drop_at(b);
        h.run_steps(2);
    }

    /// `n` quick clicks of the primary button at `p` (2: a double-click, 3: a triple-click),
    /// then long enough for the app to take them as one gesture.
    pub fn clicks_at(h: &mut Harness<'_, App>, p: Pos2, n: usize) {
        h.hover_at(p);
        h.run_steps(1);
        for _ in 0..n {
            for pressed in [true, false] {
                h.event(Event::PointerButton {
                    pos: p,
                    button: PointerButton::Primary,
                    pressed,
                    modifiers: Modifiers::NONE,
                });
                h.run_steps(1);
            }
        }
        h.run_steps(30);
    }
}
