//! Crash-safe saves, proven by killing a saving process at random moments.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use stancemark::io::native;
use stancemark::model::{Frame, Quote};

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
        f.claim = Quote::new(f.claim.span, f.claim.text.clone());
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
