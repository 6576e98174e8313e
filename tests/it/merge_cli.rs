//! `stancemark merge` and `stancemark git setup` run as git (or a user) runs them: exit codes,
//! what is written to OURS, and what is never touched.

use std::path::Path;
use std::process::{Command, Output};

use stancemark::io::native::{self, NativeFile};

use crate::util::sample_path;

fn stancemark(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_stancemark"))
        .current_dir(dir)
        .args(args)
        .env_remove("STANCEMARK_TEST_PAUSE_MID_MERGE")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn sample() -> NativeFile {
    native::load(&sample_path("iran-talks-signals.stance.json")).unwrap()
}

fn with_stance(file: &NativeFile, id: &str, stance: &str) -> NativeFile {
    let mut out = file.clone();
    let mut frames = out.annotations.frames().to_vec();
    frames.iter_mut().find(|f| f.id == id).unwrap().stance = stance.into();
    out.annotations.set_frames(frames);
    out
}

/// Writes base.json, ours.json, theirs.json into `dir`.
fn write_three(dir: &Path, base: &NativeFile, ours: &NativeFile, theirs: &NativeFile) {
    for (name, f) in [
        ("base.json", base),
        ("ours.json", ours),
        ("theirs.json", theirs),
    ] {
        native::save(&dir.join(name), &f.document, &f.annotations).unwrap();
    }
}

const ARGS: [&str; 5] = [
    "merge",
    "base.json",
    "ours.json",
    "theirs.json",
    "annotations/alice/d.json",
];

#[test]
fn a_clean_merge_exits_zero_and_writes_ours() {
    let dir = tempfile::tempdir().unwrap();
    let b = sample();
    let first = b.annotations.frames()[0].id.clone();
    let last = b.annotations.frames().last().unwrap().id.clone();
    write_three(
        dir.path(),
        &b,
        &with_stance(&b, &first, "denial"),
        &with_stance(&b, &last, "support"),
    );
    let o = stancemark(dir.path(), &ARGS);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(text(&o), "", "a clean merge is quiet");
    let merged = native::load(&dir.path().join("ours.json")).unwrap();
    assert_eq!(merged.annotations.frame(&first).unwrap().stance, "denial");
    assert_eq!(merged.annotations.frame(&last).unwrap().stance, "support");
}

#[test]
fn a_conflict_exits_one_and_validate_names_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    let b = sample();
    let id = b.annotations.frames()[3].id.clone();
    write_three(
        dir.path(),
        &b,
        &with_stance(&b, &id, "denial"),
        &with_stance(&b, &id, "support"),
    );
    let o = stancemark(dir.path(), &ARGS);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).starts_with(&format!(
            "stancemark merge: annotations/alice/d.json: 1 conflict(s), both versions kept in \
             the file: frame {id}: changed differently on both sides."
        )),
        "{}",
        text(&o)
    );
    let o = stancemark(dir.path(), &["validate", "ours.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains(&format!(
            "ours.json: frame {id}: unresolved merge conflict: changed differently on both sides"
        )),
        "{}",
        text(&o)
    );
}

#[test]
fn refused_merges_exit_two_and_leave_ours_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let b = sample();
    let id = b.annotations.frames()[0].id.clone();
    let ours = with_stance(&b, &id, "denial");
    let mut theirs = b.clone();
    theirs.document.text =
        stancemark::model::Text::new(format!("{}\r\n", b.document.text.as_str()));
    write_three(dir.path(), &b, &ours, &theirs);
    let ours_bytes = std::fs::read(dir.path().join("ours.json")).unwrap();

    let o = stancemark(dir.path(), &ARGS);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("annotations/alice/d.json: not merged: the document texts differ"),
        "{}",
        text(&o)
    );
    assert!(
        text(&o).trim_end().ends_with("the file is left as ours"),
        "{}",
        text(&o)
    );
    assert_eq!(
        std::fs::read(dir.path().join("ours.json")).unwrap(),
        ours_bytes
    );

    // A corrupt side: the message names it and the place.
    std::fs::write(
        dir.path().join("theirs.json"),
        "{\"format\": \"stancemark/1\",\n  oops",
    )
    .unwrap();
    let o = stancemark(dir.path(), &ARGS);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("annotations/alice/d.json (theirs):2:3:"),
        "{}",
        text(&o)
    );
    assert_eq!(
        std::fs::read(dir.path().join("ours.json")).unwrap(),
        ours_bytes
    );

    // Not a stancemark file at all.
    for f in ["base.json", "ours.json", "theirs.json"] {
        std::fs::write(dir.path().join(f), "{\"tasks\": []}\n").unwrap();
    }
    let o = stancemark(
        dir.path(),
        &["merge", "base.json", "ours.json", "theirs.json", "x.json"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("not a file stancemark can merge"),
        "{}",
        text(&o)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ours.json")).unwrap(),
        "{\"tasks\": []}\n"
    );
}

#[test]
fn a_file_both_sides_created_merges_without_a_base() {
    let dir = tempfile::tempdir().unwrap();
    let b = sample();
    let id = b.annotations.frames()[0].id.clone();
    write_three(dir.path(), &b, &b, &with_stance(&b, &id, "denial"));
    std::fs::write(dir.path().join("base.json"), "").unwrap();
    let o = stancemark(dir.path(), &ARGS);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("frame {id}: added on both sides differently")),
        "{}",
        text(&o)
    );
}

#[cfg(unix)]
#[test]
fn a_merge_killed_mid_write_leaves_ours_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let b = sample();
    let first = b.annotations.frames()[0].id.clone();
    let last = b.annotations.frames().last().unwrap().id.clone();
    write_three(
        dir.path(),
        &b,
        &with_stance(&b, &first, "denial"),
        &with_stance(&b, &last, "support"),
    );
    let ours = dir.path().join("ours.json");
    let before = std::fs::read(&ours).unwrap();
    let signal = dir.path().join("pid");
    let mut child = Command::new(env!("CARGO_BIN_EXE_stancemark"))
        .current_dir(dir.path())
        .args(ARGS)
        .env("STANCEMARK_TEST_PAUSE_MID_MERGE", &signal)
        .spawn()
        .unwrap();
    for _ in 0..600 {
        if std::fs::read_to_string(&signal).is_ok_and(|s| !s.is_empty()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let temp: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".ours.json.") && n.ends_with(".tmp"))
        .collect();
    assert_eq!(
        temp.len(),
        1,
        "the merge is paused in the middle of its write"
    );
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert_eq!(
        std::fs::read(&ours).unwrap(),
        before,
        "OURS is byte for byte as it was"
    );
    native::load(&ours).unwrap();
}

#[test]
fn git_setup_needs_a_project_inside_a_work_tree() {
    let dir = tempfile::tempdir().unwrap();
    let o = stancemark(dir.path(), &["init", "p"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = Command::new(env!("CARGO_BIN_EXE_stancemark"))
        .current_dir(dir.path())
        .args(["git", "setup", "p"])
        .env("GIT_CEILING_DIRECTORIES", dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("p: not inside a git work tree; create the repository first"),
        "{}",
        text(&o)
    );
    assert!(
        !dir.path().join("p/.gitattributes").exists(),
        "nothing written"
    );
    let o = stancemark(dir.path(), &["git", "setup", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("not a stancemark project"),
        "{}",
        text(&o)
    );
}
