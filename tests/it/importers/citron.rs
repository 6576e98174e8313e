//! Citron's extractor output (no text in the file: the `.txt` beside it) imported from the
//! command line. Offsets counted by hand in `tests/data/citron/quill.txt`: “We will not,”
//! [35, 49), she [50, 53), said [54, 58), “back down on the schedule.” [60, 88), The council
//! [89, 100), said [101, 105), the bridge would reopen in June [106, 137).

use crate::util::{stancemark, stderr, stdout};

use super::*;

#[test]
fn citron_quotes_become_frames_and_resolved_mentions_are_counted() {
    let (_d, p) = empty_project();
    let root = p.root().to_str().unwrap().to_owned();
    let input = fixture("citron/quill.json");
    let args = |extra: &[&str]| {
        let mut a = vec!["import", &root, "--from", "citron", input.to_str().unwrap()];
        a.extend_from_slice(extra);
        a.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run = |a: Vec<String>| stancemark(&a.iter().map(String::as_str).collect::<Vec<_>>());
    let o = run(args(&["--annotator", "citron"]));
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("1 annotations would not be imported; nothing was imported"),
        "{e}"
    );
    assert!(e.contains("quill.json:quotes[0].coreferences[0])"), "{e}");
    let o = run(args(&["--annotator", "citron", "--allow-loss"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("imported 1 new and 0 existing documents, 1 annotation sets, 2 frames\n"),
        "{out}"
    );
    assert!(out.contains("not imported: 1 annotations (--allow-loss)\n  1 × source mention resolved by coreference"), "{out}");
    let s = set_of(&Project::open(p.root()).unwrap(), "citron", "quill");
    let f = &s.frames()[0];
    assert_eq!(spans(&f.claim), [(35, 49), (60, 88)]);
    assert_eq!(spans(f.cue.as_ref().unwrap()), [(54, 58)]);
    assert_eq!(
        spans(f.source.as_ref().unwrap().span.as_ref().unwrap()),
        [(0, 9)]
    );
    assert_eq!(f.extra["confidence"], serde_json::json!(0.7412));
    assert_eq!(f.stance, "report");
    let g = &s.frames()[1];
    assert_eq!(spans(&g.claim), [(106, 137)]);
    assert_eq!(
        spans(g.source.as_ref().unwrap().span.as_ref().unwrap()),
        [(89, 100)]
    );
}
