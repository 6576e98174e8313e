//! The native format's guarantees: clear errors for bad input, determinism, no panics.

use proptest::prelude::*;
use stancemark::io::{native, LoadError};
use stancemark::model::Schema;

use crate::util::sample_path;

fn sample_json() -> String {
    std::fs::read_to_string(sample_path("iran-talks-signals.stance.json")).unwrap()
}

fn problems_of(json: &str) -> Vec<String> {
    let f = native::parse(json, "t.json").unwrap();
    f.validate(&Schema::default_news())
        .iter()
        .map(|p| p.to_string())
        .collect()
}

#[test]
fn malformed_json_names_line_and_column() {
    let mut json = sample_json();
    json.insert(json.find("\"annotator\"").unwrap(), '}');
    let err = native::parse(&json, "t.json").unwrap_err();
    let LoadError::Json { line, column, .. } = &err else {
        panic!("{err}")
    };
    assert_eq!(*line, 10, "{err}");
    assert_eq!(*column, 3, "{err}");
}

#[test]
fn offsets_past_the_end_are_reported() {
    let json = sample_json().replacen("\"end\": ", "\"end\": 99999", 1);
    let p = problems_of(&json).join("\n");
    assert!(
        p.contains("frame f1 claim: span [")
            && p.contains("ends past the end of the text (3317 code points)"),
        "{p}"
    );
}

#[test]
fn quote_mismatch_names_frame_and_texts() {
    let json = sample_json().replacen(
        "\"text\": \"Iran is not winning this war\"",
        "\"text\": \"Iran is winning this war\"",
        1,
    );
    let p = problems_of(&json).join("\n");
    assert!(
        p.contains(
            "stored \"Iran is winning this war\", text has \"Iran is not winning this war\""
        ),
        "{p}"
    );
}

#[test]
fn unknown_stance_duplicate_dangling_and_cycle() {
    let json = sample_json()
        .replacen("\"stance\": \"warning\"", "\"stance\": \"gossip\"", 1)
        .replacen("\"id\": \"f3\"", "\"id\": \"f2\"", 1)
        .replacen("\"entity\": \"e4\"", "\"entity\": \"e99\"", 1);
    let p = problems_of(&json).join("\n");
    for needle in [
        "unknown stance \"gossip\"",
        "duplicate frame id",
        "unknown entity \"e99\"",
    ] {
        assert!(p.contains(needle), "{needle} in {p}");
    }

    let mut f = native::parse(&sample_json(), "t").unwrap();
    let mut frames = f.annotations.frames().to_vec();
    let (a, b) = (frames[0].id.clone(), frames[1].id.clone());
    frames[0].via = Some(b.clone());
    frames[1].via = Some(a.clone());
    f.annotations.set_frames(frames);
    let p: Vec<String> = f
        .validate(&Schema::default_news())
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(p.iter().any(|m| m.contains("via forms a cycle")), "{p:?}");
}

#[test]
fn newer_version_and_non_utf8_and_empty() {
    let e = native::parse(
        &sample_json().replace("stancemark/1", "stancemark/3"),
        "t.json",
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("newer stancemark (major version 3)"),
        "{e}"
    );

    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.json");
    let mut bytes = b"{\"format\": \"stancemark/1\", \"x\": \"".to_vec();
    bytes.extend_from_slice(&[0xff, 0xfe]);
    std::fs::write(&p, &bytes).unwrap();
    let e = native::load(&p).unwrap_err().to_string();
    assert!(e.contains("bad.json: byte 33: not valid UTF-8"), "{e}");

    std::fs::write(&p, "").unwrap();
    assert!(native::load(&p)
        .unwrap_err()
        .to_string()
        .ends_with("the file is empty"));
}

#[test]
fn saving_twice_is_byte_identical_and_one_edit_is_a_small_diff() {
    let f = native::parse(&sample_json(), "t").unwrap();
    let a = native::to_string(&f.document, &f.annotations);
    let b = native::to_string(&f.document, &f.annotations);
    assert_eq!(a, b);
    let mut edited = f.annotations.clone();
    let mut frames = edited.frames().to_vec();
    frames[3].stance = "denial".into();
    edited.set_frames(frames);
    let c = native::to_string(&f.document, &edited);
    let changed = a.lines().zip(c.lines()).filter(|(x, y)| x != y).count();
    assert_eq!(changed, 1);
    assert_eq!(a.lines().count(), c.lines().count());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.json");
        std::fs::write(&p, &bytes).unwrap();
        if let Ok(f) = native::load(&p) {
            let _ = f.validate(&Schema::default_news());
        }
    }

    #[test]
    fn arbitrary_json_never_panics(v in arb_json()) {
        let s = v.to_string();
        if let Ok(f) = native::parse(&s, "x") {
            let _ = f.validate(&Schema::default_news());
        }
    }

    /// Valid-looking files with random offsets and ids: errors, never panics.
    #[test]
    fn mutated_sample_never_panics(start in any::<i64>(), end in any::<u64>(), id in "[a-z]{0,3}[0-9]{0,2}", which in 0usize..25) {
        let mut v: serde_json::Value = serde_json::from_str(&sample_json()).unwrap();
        let frame = &mut v["frames"][which];
        frame["claim"]["start"] = start.into();
        frame["claim"]["end"] = end.into();
        frame["via"] = id.clone().into();
        frame["id"] = id.into();
        if let Ok(f) = native::parse(&v.to_string(), "x") {
            let _ = f.validate(&Schema::default_news());
        }
    }
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-z0-9/ ]{0,12}".prop_map(Value::String),
        Just(Value::String("stancemark/1".into())),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        let keys = prop_oneof![
            Just("format".to_owned()),
            Just("document".to_owned()),
            Just("text".to_owned()),
            Just("id".to_owned()),
            Just("frames".to_owned()),
            Just("claim".to_owned()),
            Just("start".to_owned()),
            Just("end".to_owned()),
            Just("annotator".to_owned()),
            Just("schema".to_owned()),
            Just("stance".to_owned()),
            Just("via".to_owned()),
            "[a-z]{1,6}",
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((keys, inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}
