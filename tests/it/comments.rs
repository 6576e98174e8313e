//! Comment threads on frames in the native file.

use stancemark::io::native;
use stancemark::model::Comment;

use crate::util::sample_path;

#[test]
fn comments_round_trip_after_the_note() {
    let path = sample_path("review-project/annotations/alice/iran-talks-signals.json");
    let file = native::load(&path).unwrap();
    let mut set = file.annotations.clone();
    let mut frames = set.frames().to_vec();
    frames[0].comments.push(Comment {
        author: "carol".into(),
        time: "2026-03-01T10:00:00Z".into(),
        text: "Why \"report\"? <b>😀</b>\r\n中文".into(),
    });
    set.set_frames(frames);
    let out = native::to_string(&file.document, &set);
    assert!(out.contains(
        "\"comments\": [\n        {\n          \"author\": \"carol\",\n          \"time\": \"2026-03-01T10:00:00Z\",\n          \"text\": \"Why \\\"report\\\"? <b>😀</b>\\r\\n中文\"\n        }\n      ]"
    ));
    let back = native::parse(&out, "out").unwrap();
    assert_eq!(
        back.annotations.frames()[0].comments,
        set.frames()[0].comments
    );
    assert!(native::to_string(&back.document, &back.annotations) == out);
    // Frames without comments write no key.
    assert_eq!(out.matches("\"comments\"").count(), 1);
}

#[test]
fn a_comment_with_an_unknown_field_is_refused_with_its_place() {
    let path = sample_path("review-project/annotations/alice/iran-talks-signals.json");
    let text = std::fs::read_to_string(path).unwrap();
    let bad = text.replacen(
        "\"stance\": \"report\",",
        "\"stance\": \"report\", \"comments\": [{\"author\": \"a\", \"time\": \"t\", \"text\": \"x\", \"mood\": 1}],",
        1,
    );
    let e = native::parse(&bad, "f.json").unwrap_err().to_string();
    assert!(e.contains("f.json") && e.contains("mood"), "{e}");
}
