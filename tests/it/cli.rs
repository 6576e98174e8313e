//! The `stancemark` binary, run as a user would.

use std::process::Output;

use crate::util::{command, review_project_copy, sample_path, stancemark, stdout};

#[test]
fn validate_sample_exits_zero() {
    let p = sample_path("iran-talks-signals.stance.json");
    let o = stancemark(&["validate", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(": ok (25 frames"), "{}", stdout(&o));
}

#[test]
fn validate_bad_file_exits_one_with_path_where_message() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read_to_string(sample_path("iran-talks-signals.stance.json")).unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        good.replacen("\"stance\": \"warning\"", "\"stance\": \"gossip\"", 1),
    )
    .unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\"format\": \"stancemark/1\",\n  \"document\": [}",
    )
    .unwrap();
    let o = stancemark(&["validate", bad.to_str().unwrap(), broken.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("{}: frame f", bad.display()))
            && out.contains(" stance: unknown stance \"gossip\""),
        "{out}"
    );
    assert!(
        out.contains(&format!("{}:2:16: ", broken.display())),
        "{out}"
    );
}

#[test]
fn usage_error_exits_two() {
    let o = stancemark(&["validate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = stancemark(&["stats", "--no-such-flag", "x"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn stats_table_and_json() {
    let p = sample_path("iran-talks-signals.stance.json");
    let o = stancemark(&["stats", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("1 file, 1 document, 25 frames"), "{out}");
    assert!(out.contains("Donald Trump"), "{out}");
    let o = stancemark(&["stats", "--json", p.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["frames"], 25);
    assert_eq!(v["by_annotator"]["reference"], 25);
    let total: u64 = v["by_stance"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(total, 25);
}

#[test]
fn project_init_import_stats_validate_export() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("proj");
    let ps = p.to_str().unwrap();
    let o = stancemark(&["init", ps, "--name", "Iran talks"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let sample = sample_path("iran-talks-signals.stance.json");
    let o = stancemark(&["import", ps, "--from", "native", sample.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout(&o)
        .contains("imported 1 new and 0 existing documents, 1 annotation sets, 25 frames"));

    let o = stancemark(&["stats", ps]);
    let out = stdout(&o);
    assert!(
        out.contains("project \"Iran talks\": 1 document, 1 annotator, 25 frames"),
        "{out}"
    );
    assert!(out.contains("reference") && out.contains("1/1"), "{out}");
    let o = stancemark(&["stats", "--json", ps]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["annotators"]["reference"]["done"], 1);

    let o = stancemark(&["validate", ps]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    let brat = dir.path().join("brat");
    let o = stancemark(&[
        "export",
        ps,
        "--to",
        "brat",
        "--annotator",
        "reference",
        "--out",
        brat.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout(&o).contains("95 spans checked"), "{}", stdout(&o));
    assert!(brat.join("annotation.conf").is_file());
    // A second annotator's brat work on the same article attaches to the same document.
    let o = stancemark(&[
        "import",
        ps,
        "--from",
        "brat",
        "--annotator",
        "bob",
        brat.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        stdout(&o).contains("imported 0 new and 1 existing documents"),
        "{}",
        stdout(&o)
    );

    // A corrupted annotation file makes validate fail and name it.
    let f = p.join("annotations/bob/iran-talks-signals.json");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(
        &f,
        text.replacen("\"stance\": \"warning\"", "\"stance\": \"gossip\"", 1),
    )
    .unwrap();
    let o = stancemark(&["validate", ps]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("bob/iran-talks-signals.json: frame f")
            && stdout(&o).contains("unknown stance \"gossip\""),
        "{}",
        stdout(&o)
    );
}

#[test]
fn import_with_unknown_label_fails_and_names_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("proj");
    let ps = p.to_str().unwrap();
    stancemark(&["init", ps]);
    let input = dir.path().join("d.jsonl");
    std::fs::write(
        &input,
        "{\"text\": \"Iran warned.\", \"label\": [[0, 4, \"Gossip\"]]}\n",
    )
    .unwrap();
    let o = stancemark(&[
        "import",
        ps,
        "--from",
        "doccano",
        "--annotator",
        "z",
        input.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("d.jsonl:1 f1: unknown label \"Gossip\""),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(p.join("documents")).unwrap().count(), 0);
    let o = stancemark(&[
        "import",
        ps,
        "--from",
        "doccano",
        "--annotator",
        "z",
        "--map",
        "Gossip=report",
        input.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn validate_uses_the_schema_of_the_enclosing_project() {
    let dir = tempfile::tempdir().unwrap();
    let mut schema: serde_json::Value =
        serde_json::from_str(stancemark::model::schema::DEFAULT_SCHEMA_JSON).unwrap();
    schema["id"] = "custom".into();
    schema["stances"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!(
            {"id": "gossip", "name": "Gossip", "color": "#123456"}
        ));
    let schema_path = dir.path().join("schema.json");
    std::fs::write(&schema_path, schema.to_string()).unwrap();
    let p = dir.path().join("p");
    let p = p.to_str().unwrap();
    let sample = sample_path("iran-talks-signals.stance.json");
    assert_eq!(
        stancemark(&["init", p, "--schema", schema_path.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        stancemark(&["import", p, "--from", "native", sample.to_str().unwrap()])
            .status
            .code(),
        Some(0)
    );
    let file = dir
        .path()
        .join("p/annotations/reference/iran-talks-signals.json");
    let json = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        json.replacen("\"stance\": \"warning\"", "\"stance\": \"gossip\"", 1),
    )
    .unwrap();
    let o = stancemark(&["validate", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = stancemark(&[
        "validate",
        "--schema",
        "assets/schemas/news-stance.json",
        file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("unknown stance \"gossip\""),
        "{}",
        stdout(&o)
    );
}

/// Runs `stancemark ARGS` with the test hook that pauses before each guarded write; when it
/// announces the write of a file, `meanwhile(path)` changes that file (another program).
fn run_changing_before_write(args: &[&str], meanwhile: impl Fn(&std::path::Path)) -> Output {
    use std::io::{BufRead, BufReader, Read, Write};
    let mut child = command()
        .args(args)
        .env("STANCEMARK_TEST_PAUSE_BEFORE_WRITE", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    while out.read_line(&mut line).unwrap() > 0 {
        if let Some(path) = line.trim_end().strip_prefix("about to write ") {
            meanwhile(std::path::Path::new(path));
            stdin.write_all(b"\n").unwrap();
            stdin.flush().unwrap();
        }
        seen.push_str(&line);
        line.clear();
    }
    drop(stdin);
    let mut err = Vec::new();
    child.stderr.take().unwrap().read_to_end(&mut err).unwrap();
    let status = child.wait().unwrap();
    Output {
        status,
        stdout: seen.into_bytes(),
        stderr: err,
    }
}

/// Another program's edit: a changed note in the file's first frame.
fn edit_behind_our_back(path: &std::path::Path) {
    let mut file = stancemark::io::native::load(path).unwrap();
    let mut frames = file.annotations.frames().to_vec();
    frames[0].note = "written by someone else".into();
    file.annotations.set_frames(frames);
    stancemark::io::native::save(path, &file.document, &file.annotations).unwrap();
}

#[test]
fn adjudicate_refuses_to_overwrite_gold_changed_on_disk_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let root = review_project_copy(dir.path(), "p");
    let d = root.to_str().unwrap();
    // A first gold with only the frames alice and bob agree on, so carol adds more later.
    let o = stancemark(&[
        "adjudicate",
        d,
        "--auto",
        "--annotators",
        "alice,bob",
        "--min-agree",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let gold = root.join("gold/iran-talks-signals.json");

    let o = run_changing_before_write(&["adjudicate", d, "--auto", "--min-agree", "1"], |p| {
        assert_eq!(p, gold);
        edit_behind_our_back(p);
    });
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{}: the file changed on disk", gold.display()))
            && err.contains("--force"),
        "{err}"
    );
    let kept = stancemark::io::native::load(&gold).unwrap();
    assert_eq!(
        kept.annotations.frames()[0].note,
        "written by someone else",
        "the other program's edit survives"
    );

    let before = kept.annotations.frames().len();
    let o = run_changing_before_write(
        &["adjudicate", d, "--auto", "--min-agree", "1", "--force"],
        edit_behind_our_back,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let after = stancemark::io::native::load(&gold).unwrap();
    assert!(
        after.annotations.frames().len() > before,
        "forced write happened"
    );
}

#[test]
fn reanchor_write_refuses_a_file_changed_on_disk_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.json");
    let mut file =
        stancemark::io::native::load(&sample_path("iran-talks-signals.stance.json")).unwrap();
    // The article was corrected: a word inserted at the start moves every quote.
    file.document.text =
        stancemark::model::Text::new(format!("UPDATE: {}", file.document.text.as_str()));
    stancemark::io::native::save(&path, &file.document, &file.annotations).unwrap();
    let p = path.to_str().unwrap();

    let o = run_changing_before_write(
        &["validate", "--reanchor", "--write", p],
        edit_behind_our_back,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{p}: the file changed on disk")) && err.contains("--force"),
        "{err}"
    );
    let kept = stancemark::io::native::load(&path).unwrap();
    assert_eq!(kept.annotations.frames()[0].note, "written by someone else");
    assert!(kept
        .annotations
        .frames()
        .iter()
        .all(|f| f.anchor == stancemark::model::AnchorState::Exact));

    let o = run_changing_before_write(
        &["validate", "--reanchor", "--write", "--force", p],
        edit_behind_our_back,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let written = stancemark::io::native::load(&path).unwrap();
    assert!(written
        .annotations
        .frames()
        .iter()
        .all(|f| f.anchor == stancemark::model::AnchorState::Moved));
}
