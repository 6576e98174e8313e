//! Issue 12's small things, as a user sees them: an OS error said once, annotator names that
//! look like numbers left-aligned, role agreement n/a when nobody filled the role.

use crate::util::{copy_tree, stancemark, stderr, stdout};

use super::*;

#[test]
fn an_os_error_is_printed_once() {
    let d = tempfile::tempdir().unwrap();
    let missing = d.path().join("missing");
    let o = stancemark(&["stats", missing.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(0));
    let e = stderr(&o);
    assert_eq!(e.matches("(os error 2)").count(), 1, "{e}");
}

/// The PolNeAR-style corpus with its annotators renamed a1f0 → 4e07 (a float to Rust) and
/// b2c3 → 2016.
fn numeric_looking_annotators(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    copy_tree(&fixture("polnear-style"), &corpus);
    let a = corpus.join("attributions");
    for (from, to) in [
        ("news-1_a1f0", "news-1_4e07"),
        ("news-2_a1f0", "news-2_4e07"),
        ("news-1_b2c3", "news-1_2016"),
    ] {
        std::fs::rename(a.join(format!("{from}.ann")), a.join(format!("{to}.ann"))).unwrap();
    }
    polnear_project(dir, &a)
}

#[test]
fn stats_left_aligns_annotator_names_that_look_like_numbers() {
    let d = tempfile::tempdir().unwrap();
    let p = numeric_looking_annotators(d.path());
    let o = stancemark(&["stats", p.to_str().unwrap()]);
    let out = stdout(&o);
    let rows: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("annotator"))
        .skip(2)
        .take(2)
        .collect();
    assert_eq!(rows.len(), 2, "{out}");
    // Sorted by name; each name starts its row (left-aligned), counts right-aligned.
    assert!(rows[0].starts_with("2016 "), "{out}");
    assert!(rows[1].starts_with("4e07 "), "{out}");
}

#[test]
fn agree_says_n_a_for_a_role_nobody_filled() {
    let d = tempfile::tempdir().unwrap();
    let p = numeric_looking_annotators(d.path());
    let o = stancemark(&["agree", p.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let row = out
        .lines()
        .find(|l| l.starts_with("2016/4e07") || l.starts_with("4e07/2016"))
        .unwrap_or_else(|| panic!("{out}"));
    // Matched: 2016's two claims with 4e07's f1 and f2. Sources "Senator Ada Quill" and
    // "Quill" agree on both → 1.000; cues "said"/"said" agree, "told"/"told reporters" not →
    // 0.500; nobody marked a target → n/a (this read 1.000).
    assert!(row.ends_with("1.000     n/a  0.500"), "{row}");
    assert!(
        out.contains("\nn/a: neither annotator filled this role\n"),
        "{out}"
    );
}
