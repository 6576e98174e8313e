//! Import and export formats: round trips, offsets in each format's own unit, malformed input.

mod malformed;
mod offsets;
mod pinned;
mod round_trip;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use stancemark::model::{AnnotationSet, Document, Entity, Frame, Participant, Quote, Span, Status};
use stancemark::project::import::ImportOptions;
use stancemark::project::Project;

/// Emoji (astral), a flag (two astral code points), CJK, combining marks, CRLF line endings.
pub const TEXT: &str = "Président Trump 😀 warned:\r\n\"Iran is not winning 日本語 this war,\" he said.\r\nThe ministry denied that Iran\u{301} threatened Israel 🇮🇱 yesterday.\r\n";

/// The code point span of the `nth` occurrence of `needle`.
pub fn find(text: &str, needle: &str, nth: usize) -> Span {
    let (b, _) = text.match_indices(needle).nth(nth).expect(needle);
    let start = text[..b].chars().count();
    Span::new(start, start + needle.chars().count())
}

pub fn quote(doc: &Document, needle: &str, nth: usize) -> Quote {
    let s = find(doc.text.as_str(), needle, nth);
    Quote::new(s, doc.text.slice(s).unwrap())
}

pub fn part(doc: &Document, needle: &str, entity: Option<&str>) -> Participant {
    Participant {
        span: Some(quote(doc, needle, 0)),
        entity: entity.map(str::to_owned),
    }
}

/// Five frames with nested (f2 in f1), overlapping (f3/f4) and line-crossing (f5) claims; ids
/// f1… follow the canonical order so that formats which renumber give the same ids back.
pub fn tricky() -> (Document, AnnotationSet) {
    let mut doc = Document::new("tricky", TEXT);
    doc.title = Some("Tricky 日本".into());
    let schema = stancemark::model::Schema::default_news();
    let mut set = AnnotationSet::new("tricky", "alice", schema.reference());
    set.entities
        .push(Entity::new("e1", "Donald Trump", "person"));
    set.status = Status::Done;
    let mut f1 = Frame::new(
        "f1",
        quote(&doc, "Iran is not winning 日本語 this war", 0),
        "warning",
    );
    f1.source = Some(part(&doc, "Président Trump", Some("e1")));
    f1.cue = Some(quote(&doc, "warned", 0));
    f1.target = Some(part(&doc, "Iran", None));
    f1.attributes.insert("polarity".into(), "against".into());
    f1.note = "emoji 😀 and 日本 in a note".into();
    let mut f2 = Frame::new("f2", quote(&doc, "not winning 日本語", 0), "denial");
    f2.via = Some("f1".into());
    let mut f3 = Frame::new(
        "f4",
        quote(&doc, "that Iran\u{301} threatened Israel 🇮🇱", 0),
        "denial",
    );
    f3.source = Some(part(&doc, "The ministry", None));
    f3.cue = Some(quote(&doc, "denied", 0));
    let mut f4 = Frame::new(
        "f5",
        quote(&doc, "Iran\u{301} threatened Israel 🇮🇱 yesterday", 0),
        "threat",
    );
    f4.target = Some(part(&doc, "Israel 🇮🇱", None));
    f4.via = Some("f4".into());
    let f5 = Frame::new("f3", quote(&doc, "he said.\r\nThe ministry", 0), "report");
    set.set_frames(vec![f1, f2, f3, f4, f5]);
    let ids: Vec<&str> = set.frames().iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        ["f1", "f2", "f3", "f4", "f5"],
        "ids follow the canonical order"
    );
    (doc, set)
}

pub fn project_with(doc: &Document, set: &AnnotationSet) -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let p = Project::init(&dir.path().join("p"), Some("t"), None).unwrap();
    p.save_document(doc).unwrap();
    p.save_annotations(doc, set).unwrap();
    (dir, p)
}

pub fn opts(annotator: Option<&str>) -> ImportOptions {
    ImportOptions {
        annotator: annotator.map(str::to_owned),
        ..Default::default()
    }
}

/// Every file under `dir` with its bytes: a project's complete state.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.insert(p.clone(), Vec::new());
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

pub fn without(frames: &[Frame], entities: bool, attrs_notes: bool) -> Vec<Frame> {
    frames
        .iter()
        .map(|f| {
            let mut f = f.clone();
            if entities {
                for p in [&mut f.source, &mut f.target].into_iter().flatten() {
                    p.entity = None;
                }
            }
            if attrs_notes {
                f.attributes.clear();
                f.note.clear();
            }
            f
        })
        .collect()
}
