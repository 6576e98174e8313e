//! A team sharing a project through real git: a bare remote, two clones, `stancemark git setup`
//! in each, and `git pull` merging annotation files through the `stancemark` merge driver.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use stancemark::io::native::{self, NativeFile};
use stancemark::model::{conflict::frame_conflict, Frame, Quote, Span};

use crate::util::{copy_tree, sample_path};

/// The annotation file both clones edit (one annotator working on two machines; gold files
/// edited by two adjudicators meet the same way).
const FILE: &str = "project/annotations/alice/iran-talks-signals.json";

struct Team {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

impl Team {
    /// A bare remote holding the sample review project in `project/`, set up for the driver,
    /// and two clones of it, each set up too.
    fn new() -> Team {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        std::fs::create_dir_all(root.join("home")).unwrap();
        let team = Team { _tmp: tmp, root };
        team.git(
            &team.root,
            &["init", "-q", "--bare", "-b", "main", "remote.git"],
        );
        let seed = team.root.join("seed");
        team.git(&team.root, &["init", "-q", "-b", "main", "seed"]);
        copy_tree(&sample_path("review-project"), &seed.join("project"));
        let o = team.stancemark(&seed, &["git", "setup", "project"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        team.git(&seed, &["add", "-A"]);
        team.git(&seed, &["commit", "-q", "-m", "Sample project"]);
        team.git(&seed, &["remote", "add", "origin", "../remote.git"]);
        team.git(&seed, &["push", "-q", "origin", "main"]);
        for clone in ["desk", "laptop"] {
            team.git(&team.root, &["clone", "-q", "remote.git", clone]);
            let o = team.stancemark(&team.root.join(clone), &["git", "setup", "project"]);
            assert_eq!(o.status.code(), Some(0), "{}", text(&o));
        }
        team
    }

    fn clone(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// A command with this test's environment: the `stancemark` under test on PATH (git runs
    /// the driver by that name), no user or system git config, a fixed identity.
    fn command(&self, program: &str, dir: &Path) -> Command {
        let bin = Path::new(env!("CARGO_BIN_EXE_stancemark"))
            .parent()
            .unwrap();
        let path = std::env::join_paths(std::iter::once(bin.to_path_buf()).chain(
            std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
        ))
        .unwrap();
        let mut c = Command::new(program);
        c.current_dir(dir)
            .env("PATH", path)
            .env("HOME", self.root.join("home"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "Alice")
            .env("GIT_AUTHOR_EMAIL", "alice@example.org")
            .env("GIT_COMMITTER_NAME", "Alice")
            .env("GIT_COMMITTER_EMAIL", "alice@example.org")
            .env_remove("STANCEMARK_TEST_PAUSE_MID_MERGE");
        c
    }

    /// Runs git and requires success.
    fn git(&self, dir: &Path, args: &[&str]) -> Output {
        let o = self.try_git(dir, args);
        assert!(o.status.success(), "git {args:?} failed: {}", text(&o));
        o
    }

    fn try_git(&self, dir: &Path, args: &[&str]) -> Output {
        self.command("git", dir).args(args).output().unwrap()
    }

    fn stancemark(&self, dir: &Path, args: &[&str]) -> Output {
        self.command(env!("CARGO_BIN_EXE_stancemark"), dir)
            .args(args)
            .output()
            .unwrap()
    }

    /// Edits the shared annotation file in a clone, commits the change.
    fn annotate(&self, clone: &str, message: &str, change: impl FnOnce(&mut NativeFile)) {
        let dir = self.clone(clone);
        let path = dir.join(FILE);
        let mut file = native::load(&path).unwrap();
        change(&mut file);
        native::save(&path, &file.document, &file.annotations).unwrap();
        self.git(&dir, &["commit", "-q", "-a", "-m", message]);
    }

    fn pull(&self, clone: &str) -> Output {
        self.try_git(
            &self.clone(clone),
            &["pull", "--no-rebase", "-q", "origin", "main"],
        )
    }
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn set_stance(file: &mut NativeFile, id: &str, stance: &str) {
    let mut frames = file.annotations.frames().to_vec();
    frames.iter_mut().find(|f| f.id == id).unwrap().stance = stance.into();
    file.annotations.set_frames(frames);
}

/// Adds a frame on `phrase` (its first occurrence) under the next free id, as the workbench
/// does; returns that id.
fn add_frame(file: &mut NativeFile, phrase: &str, stance: &str) -> String {
    let text = &file.document.text;
    let byte = text.as_str().find(phrase).expect("phrase in the article");
    let start = text.char_of_byte(byte).unwrap();
    let span = Span::new(start, start + phrase.chars().count());
    let id = file.annotations.next_frame_id();
    let mut frames = file.annotations.frames().to_vec();
    frames.push(Frame::new(id.clone(), Quote::new(span, phrase), stance));
    file.annotations.set_frames(frames);
    id
}

fn frame_with_claim<'a>(file: &'a NativeFile, phrase: &str) -> &'a Frame {
    file.annotations
        .frames()
        .iter()
        .find(|f| f.claim.display_text() == phrase)
        .unwrap_or_else(|| panic!("no frame on {phrase:?}"))
}

#[test]
fn setup_routes_the_files_to_the_driver_and_ignores_what_must_not_be_shared() {
    let team = Team::new();
    let desk = team.clone("desk");
    let o = team.git(
        &desk,
        &["check-attr", "merge", "--", FILE, "project/stancemark.json"],
    );
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!("{FILE}: merge: stancemark\nproject/stancemark.json: merge: stancemark\n")
    );
    let o = team.git(&desk, &["config", "merge.stancemark.driver"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "stancemark merge %O %A %B %P\n"
    );
    // What a running workbench leaves beside the file: never shown to git.
    let folder = desk.join("project/annotations/alice");
    for name in [
        ".iran-talks-signals.json.lock",
        ".iran-talks-signals.recovery.json",
        ".iran-talks-signals.json.4242.tmp",
    ] {
        std::fs::write(folder.join(name), "x").unwrap();
    }
    let o = team.git(&desk, &["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "",
        "untracked files shown"
    );
    // Set up again: nothing changes.
    let before = std::fs::read(desk.join("project/.gitattributes")).unwrap();
    let o = team.stancemark(&desk, &["git", "setup", "project"]);
    assert!(text(&o).contains("already set up for git"), "{}", text(&o));
    assert_eq!(
        std::fs::read(desk.join("project/.gitattributes")).unwrap(),
        before
    );
}

#[test]
fn changes_to_different_frames_merge_cleanly_on_pull() {
    let team = Team::new();
    let mut desk_new = String::new();
    let mut laptop_new = String::new();
    team.annotate(
        "desk",
        "Desk: f5 is a warning; a frame on halting attacks",
        |f| {
            set_stance(f, "f5", "warning");
            desk_new = add_frame(f, "halt mutual attacks", "proposal");
        },
    );
    team.git(&team.clone("desk"), &["push", "-q", "origin", "main"]);
    team.annotate(
        "laptop",
        "Laptop: f6 is a report; a frame on the talks",
        |f| {
            set_stance(f, "f6", "report");
            laptop_new = add_frame(f, "resume nuclear negotiations", "demand");
        },
    );
    // Both sides called their new frame f26: a line merge would keep two frames with one id.
    assert_eq!((desk_new.as_str(), laptop_new.as_str()), ("f26", "f26"));

    let o = team.pull("laptop");
    assert!(o.status.success(), "pull failed: {}", text(&o));
    let laptop = team.clone("laptop");
    let merged = native::load(&laptop.join(FILE)).unwrap();
    let stance = |id: &str| merged.annotations.frame(id).unwrap().stance.clone();
    assert_eq!(
        (stance("f5"), stance("f6")),
        ("warning".into(), "report".into())
    );
    assert_eq!(frame_with_claim(&merged, "halt mutual attacks").id, "f27");
    assert_eq!(
        frame_with_claim(&merged, "resume nuclear negotiations").id,
        "f26"
    );
    assert_eq!(merged.annotations.frames().len(), 24 + 2);
    let o = team.stancemark(&laptop, &["validate", "project"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = team.git(&laptop, &["status", "--porcelain"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "");
}

#[test]
fn the_same_frame_changed_differently_is_a_conflict_that_keeps_both() {
    let team = Team::new();
    team.annotate("desk", "Desk: f7 is a denial", |f| {
        set_stance(f, "f7", "denial")
    });
    team.git(&team.clone("desk"), &["push", "-q", "origin", "main"]);
    team.annotate("laptop", "Laptop: f7 is a threat", |f| {
        set_stance(f, "f7", "threat")
    });

    let o = team.pull("laptop");
    assert!(!o.status.success(), "the pull should stop at the conflict");
    let out = text(&o);
    assert!(
        out.contains(&format!("CONFLICT (content): Merge conflict in {FILE}")),
        "{out}"
    );
    assert!(
        out.contains("frame f7: changed differently on both sides"),
        "{out}"
    );
    let laptop = team.clone("laptop");
    let merged = native::load(&laptop.join(FILE)).expect("the conflicted file loads");
    let f7 = merged.annotations.frame("f7").unwrap();
    assert_eq!(f7.stance, "threat", "ours is the body");
    let c = frame_conflict(f7).unwrap().unwrap();
    let stances = |f: Option<Frame>| f.map(|f| f.stance);
    assert_eq!(
        (stances(c.base), stances(c.ours), stances(c.theirs)),
        (
            Some("assessment".into()),
            Some("threat".into()),
            Some("denial".into())
        )
    );
    let o = team.stancemark(&laptop, &["validate", "project"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains(&format!(
            "{FILE}: frame f7: unresolved merge conflict: changed differently on both sides"
        )),
        "{}",
        text(&o)
    );

    // Resolving (taking theirs) and committing finishes the merge.
    let mut file = merged;
    let mut frames = file.annotations.frames().to_vec();
    let f7 = frames.iter_mut().find(|f| f.id == "f7").unwrap();
    *f7 = frame_conflict(f7).unwrap().unwrap().theirs.unwrap();
    file.annotations.set_frames(frames);
    native::save(&laptop.join(FILE), &file.document, &file.annotations).unwrap();
    team.git(
        &laptop,
        &["commit", "-q", "-a", "-m", "f7: take the desk's denial"],
    );
    let o = team.stancemark(&laptop, &["validate", "project"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

#[cfg(unix)]
#[test]
fn a_merge_driver_killed_mid_write_leaves_ours_intact() {
    let team = Team::new();
    team.annotate("desk", "Desk: f8 is a warning", |f| {
        set_stance(f, "f8", "warning")
    });
    team.git(&team.clone("desk"), &["push", "-q", "origin", "main"]);
    team.annotate("laptop", "Laptop: f10 is a report", |f| {
        set_stance(f, "f10", "report")
    });
    let laptop = team.clone("laptop");
    let ours_before = std::fs::read(laptop.join(FILE)).unwrap();

    let signal = team.root.join("driver.pid");
    let pull = team
        .command("git", &laptop)
        .args(["pull", "--no-rebase", "-q", "origin", "main"])
        .env("STANCEMARK_TEST_PAUSE_MID_MERGE", &signal)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = wait_for_pid(&signal);
    let killed = Command::new("kill").args(["-KILL", &pid]).status().unwrap();
    assert!(killed.success());
    let out = pull.wait_with_output().unwrap();
    assert!(!out.status.success(), "git must report the failed merge");
    assert!(
        text(&out).contains(&format!("failed to execute internal merge for {FILE}")),
        "{}",
        text(&out)
    );

    assert_eq!(
        std::fs::read(laptop.join(FILE)).unwrap(),
        ours_before,
        "the working file is ours, byte for byte"
    );
    // The killed driver's half-written temporary file is at the top of the work tree, beside
    // git's own temporary file; setup told git to ignore it, so the work tree is clean.
    let leftovers: Vec<String> = std::fs::read_dir(&laptop)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("..merge_file_") && n.ends_with(".tmp"))
        .collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    let o = team.git(&laptop, &["status", "--porcelain", "--untracked-files=all"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout), "");
    // The merge can simply be run again.
    let o = team.pull("laptop");
    assert!(o.status.success(), "{}", text(&o));
    let merged = native::load(&laptop.join(FILE)).unwrap();
    assert_eq!(merged.annotations.frame("f8").unwrap().stance, "warning");
    assert_eq!(merged.annotations.frame("f10").unwrap().stance, "report");
}

/// The process id the paused driver writes, once it is there.
fn wait_for_pid(signal: &Path) -> String {
    for _ in 0..600 {
        if let Ok(s) = std::fs::read_to_string(signal) {
            if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
                return s;
            }
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the merge driver never paused");
}
