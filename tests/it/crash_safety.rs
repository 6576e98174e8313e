//! Crash-safe saves, proven by killing a saving process at random moments.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use stancemark::io::native;
use stancemark::model::{Fragment, Frame, Quote};

use crate::sample_path;

/// A large annotation file: the sample article with its frames repeated (new ids), ~0.9 MB.
fn big_versions(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    let file = native::load(&sample_path("iran-talks-signals.stance.json")).unwrap();
    let mut frames: Vec<Frame> = Vec::new();
    for round in 0..50 {
        for f in file.annotations.frames() {
            let mut g = f.clone();
            g.id = format!("f{}", frames.len() + 1);
            g.via = None;
            g.note = format!("round {round}");
            frames.push(g);
        }
    }
    let mut a = file.annotations.clone();
    a.set_frames(frames.clone());
    let mut b = a.clone();
    for f in &mut frames {
        f.note = "saved again".into();
        f.claim = Quote::from_fragments(
            f.claim
                .fragments()
                .iter()
                .map(|x| Fragment::new(x.span, x.text.clone())),
        )
        .unwrap();
    }
    b.set_frames(frames);
    b.status = stancemark::model::Status::InProgress;
    let a_json = native::to_string(&file.document, &a);
    let b_json = native::to_string(&file.document, &b);
    std::fs::write(dir.join("a.json"), &a_json).unwrap();
    std::fs::write(dir.join("b.json"), &b_json).unwrap();
    (a_json.into_bytes(), b_json.into_bytes())
}

/// Deterministic pseudo-random delays (xorshift), so a failure can be reproduced.
struct Delays(u64);
impl Delays {
    fn next_ms(&mut self, max: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % max
    }
}

/// Takes one to two minutes (200 process starts, each loading two 0.9 MB files), so it is ignored by default;
/// `.ci/run` runs it with `cargo test --test it -- --ignored`.
#[test]
#[ignore]
fn save_survives_200_sigkills() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = big_versions(dir.path());
    assert!(a.len() > 800_000, "file is only {} bytes", a.len());
    let out = dir.path().join("out.json");
    std::fs::write(&out, &a).unwrap();
    let mut delays = Delays(0x5eed_cafe);
    let (mut saw_a, mut saw_b) = (0, 0);
    for kill in 0..200 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stancemark"))
            .arg("save-loop")
            .args([
                dir.path().join("a.json"),
                dir.path().join("b.json"),
                out.clone(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Wait until both versions are loaded, then let it save for a random while.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line, "ready\n");
        std::thread::sleep(Duration::from_millis(delays.next_ms(400)));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let now = std::fs::read(&out).unwrap();
        if now == a {
            saw_a += 1;
        } else if now == b {
            saw_b += 1;
        } else {
            panic!(
                "after kill {kill}: the file is neither version ({} bytes)",
                now.len()
            );
        }
        assert!(native::load(&out).is_ok());
    }
    // Kills that landed mid-write leave their temporary file behind (never the target).
    let interrupted = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    eprintln!(
        "200 kills: {saw_a} left version A, {saw_b} version B, {interrupted} interrupted a write"
    );
    assert!(
        saw_a > 0 && saw_b > 0,
        "the saver never completed a save of both versions"
    );
    assert!(
        interrupted > 0,
        "no kill landed during a write; the test proves nothing"
    );
}

/// Every file under `dir` (relative path → bytes), temporary files of interrupted writes apart.
fn project_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                walk(root, &e.path(), out);
            } else if stancemark::io::atomic::temp_file_pid(&name).is_none() {
                let rel = e.path().strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(e.path()).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn temp_files(dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            n += temp_files(&e.path());
        } else if stancemark::io::atomic::temp_file_pid(&e.file_name().to_string_lossy()).is_some()
        {
            n += 1;
        }
    }
    n
}

fn copy_tree(from: &Path, to: &Path) {
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

/// Project writes (import with replace, gold written by adjudication) killed at random moments:
/// after each kill every file equals one of its versions, the project loads and checks clean
/// (stray temporary files are not read), and `validate DIR` removes the stray files.
/// Ignored by default for its running time, like the single-file test.
#[test]
#[ignore]
fn project_writes_survive_200_sigkills() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("p");
    copy_tree(&sample_path("review-project"), &project);
    // Two versions of alice's work: as shipped, and with every other frame deleted (so the
    // frames alice and bob agree on, hence gold, differ between them).
    let alice = project.join("annotations/alice/iran-talks-signals.json");
    let a_path = dir.path().join("a.json");
    let b_path = dir.path().join("b.json");
    std::fs::copy(&alice, &a_path).unwrap();
    let mut b = native::load(&alice).unwrap();
    let kept: Vec<Frame> = b.annotations.frames().iter().step_by(2).cloned().collect();
    b.annotations.set_frames(kept);
    native::save(&b_path, &b.document, &b.annotations).unwrap();

    // The versions each file may have: as it starts, after a round with A, after one with B.
    let run_rounds = |target: &Path, rounds: &str| {
        let o = Command::new(env!("CARGO_BIN_EXE_stancemark"))
            .arg("project-write-loop")
            .arg(target)
            .args([&a_path, &b_path])
            .args(["--rounds", rounds])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    };
    let mut versions: std::collections::BTreeMap<String, Vec<Vec<u8>>> = Default::default();
    for rounds in ["0-initial", "1", "2"] {
        let copy = dir.path().join(format!("ref-{rounds}"));
        copy_tree(&project, &copy);
        if rounds != "0-initial" {
            run_rounds(&copy, rounds);
        }
        for (name, bytes) in project_files(&copy) {
            let list = versions.entry(name).or_default();
            if !list.contains(&bytes) {
                list.push(bytes);
            }
        }
    }
    assert!(
        versions["gold/iran-talks-signals.json"].len() >= 2
            && versions["annotations/alice/iran-talks-signals.json"].len() >= 2,
        "the rounds must write differing versions"
    );

    let mut delays = Delays(0x0dd_ba11);
    let mut interrupted_max = 0;
    for kill in 0..200 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_stancemark"))
            .arg("project-write-loop")
            .arg(&project)
            .args([&a_path, &b_path])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line, "ready\n");
        std::thread::sleep(Duration::from_millis(delays.next_ms(300)));
        child.kill().unwrap();
        child.wait().unwrap();
        for (name, bytes) in project_files(&project) {
            let allowed = versions
                .get(&name)
                .unwrap_or_else(|| panic!("after kill {kill}: unexpected file {name}"));
            assert!(
                allowed.contains(&bytes),
                "after kill {kill}: {name} is none of its versions ({} bytes)",
                bytes.len()
            );
        }
        let p = stancemark::project::Project::open(&project).unwrap();
        let report = p.check().unwrap();
        assert!(
            report.problems.is_empty(),
            "after kill {kill}: {:?}",
            report.problems
        );
        interrupted_max = interrupted_max.max(temp_files(&project));
    }
    // Stray temporary files of killed writes are removed by the next write (each round's
    // writes clean their folder), and by `validate DIR`.
    let o = Command::new(env!("CARGO_BIN_EXE_stancemark"))
        .arg("validate")
        .arg(&project)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    assert_eq!(temp_files(&project), 0, "validate left temporary files");
    eprintln!(
        "200 kills of project writes: at most {interrupted_max} stray temporary files at once"
    );
    assert!(
        interrupted_max > 0,
        "no kill landed during a write; the test proves nothing"
    );
}
