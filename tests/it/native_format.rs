//! The native format's guarantees: clear errors for bad input, determinism, no panics.

use proptest::prelude::*;
use stancemark::io::{native, LoadError};
use stancemark::model::anchor::reanchor_set;
use stancemark::model::Schema;

use crate::util::{repo_path, sample_path};

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
    #![proptest_config(ProptestConfig::with_cases(768))]

    /// Valid files (the fuzz seeds and the sample) with a few edits of the kinds a fuzzer or a
    /// careless hand makes: whatever loads survives validation, re-anchoring and a round trip.
    #[test]
    fn mutated_valid_files_never_panic(seed in 0..seeds().len(), edits in proptest::collection::vec(edit(), 1..5)) {
        let bytes = mutate(&seed_bytes(seed), &edits);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.json");
        std::fs::write(&p, &bytes).unwrap();
        if let Ok(f) = native::load(&p) {
            exercise(&f);
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

// ---------------------------------------------------------------------------------------------
// Mutated valid files

/// The valid files the mutations start from: every native fuzz seed (the first has emoji, CJK,
/// combining marks, CRLF and nested attribution), the sample (25 frames, every role), and the
/// first fuzz seed with each multi-word claim split into two fragments.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut fuzz: Vec<_> = std::fs::read_dir(repo_path("fuzz/seeds/native"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        fuzz.sort();
        assert!(!fuzz.is_empty());
        let mut out: Vec<Vec<u8>> = fuzz.iter().map(|p| std::fs::read(p).unwrap()).collect();
        let sample = sample_path("iran-talks-signals.stance.json");
        out.push(std::fs::read(sample).unwrap());
        out.push(split_claims(&fuzz[0]).into_bytes());
        out
    })
}

fn seed_bytes(i: usize) -> Vec<u8> {
    seeds()[i].clone()
}

/// The native file at `path` with every claim that has a space cut into two fragments: up to
/// its first space and after its last.
fn split_claims(path: &std::path::Path) -> String {
    use stancemark::model::{Quote, Span};
    let mut f = native::load(path).unwrap();
    let text = f.document.text.clone();
    let mut frames = f.annotations.frames().to_vec();
    let mut split = 0;
    for fr in &mut frames {
        let claim = fr.claim.first().text.clone();
        let (Some(a), Some(b)) = (claim.find(' '), claim.rfind(' ')) else {
            continue;
        };
        let start = fr.claim.extent().start;
        let first = Span::new(start, start + claim[..a].chars().count());
        let second = Span::new(start + claim[..=b].chars().count(), fr.claim.extent().end);
        fr.claim = Quote::of_text(&text, &[first, second]).unwrap();
        split += 1;
    }
    assert!(split > 0, "a claim to split");
    f.annotations.set_frames(frames);
    let json = native::to_string(&f.document, &f.annotations);
    assert!(json.contains("\"fragments\""), "written as fragments");
    assert!(native::parse(&json, "split")
        .unwrap()
        .validate(&Schema::default_news())
        .is_empty());
    json
}

/// Numbers that trap offset arithmetic: zero, negative, past any text, overflowing, fractional.
const NUMBERS: [&str; 10] = [
    "0",
    "-1",
    "1",
    "57",
    "3317",
    "99999",
    "18446744073709551615",
    "18446744073709551616",
    "1e309",
    "2.5",
];

/// Text that traps string handling: empty, astral, combining, CRLF, escapes, a NUL, a
/// lone surrogate escape, ids and stances that exist elsewhere in the files.
const STRINGS: [&str; 12] = [
    "",
    "😀",
    r"e\u0301",
    r"\r\n",
    r"\\",
    r"\u0000",
    r"\ud800",
    "f1",
    "f2",
    "e1",
    "warning",
    "stancemark/2",
];

/// Bytes a fuzzer splices in: JSON punctuation, a half UTF-8 sequence, keys of the format.
const TOKENS: [&[u8]; 10] = [
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"null",
    b"\xf0\x9f",
    b"\"via\": \"f1\",",
    b"\"fragments\": [],",
];

/// One edit of a file; positions are taken modulo what the file has.
#[derive(Debug, Clone)]
enum Edit {
    /// Replace the `nth` number with one of [`NUMBERS`].
    Number {
        nth: usize,
        value: usize,
    },
    /// Replace the contents of the `nth` string with one of [`STRINGS`].
    Str {
        nth: usize,
        value: usize,
    },
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    Insert {
        at: usize,
        token: usize,
    },
    DeleteBytes {
        at: usize,
        len: usize,
    },
    FlipBit {
        at: usize,
        bit: u8,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        // Value edits mostly keep the JSON valid, so they reach the validator; the others mostly
        // test the parser's errors.
        4 => (any::<usize>(), 0..NUMBERS.len()).prop_map(|(nth, value)| Edit::Number { nth, value }),
        4 => (any::<usize>(), 0..STRINGS.len()).prop_map(|(nth, value)| Edit::Str { nth, value }),
        1 => any::<usize>().prop_map(Edit::DeleteLine),
        1 => any::<usize>().prop_map(Edit::DuplicateLine),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        1 => (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Edit::Insert { at, token }),
        1 => (any::<usize>(), 1usize..16).prop_map(|(at, len)| Edit::DeleteBytes { at, len }),
        1 => (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Edit::FlipBit { at, bit }),
    ]
}

/// The byte ranges of the maximal runs of bytes matching `is`.
fn runs(bytes: &[u8], is: impl Fn(u8) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if is(bytes[i]) {
            let start = i;
            while i < bytes.len() && is(bytes[i]) {
                i += 1;
            }
            out.push(start..i);
        } else {
            i += 1;
        }
    }
    out
}

/// The byte ranges of the contents of JSON strings (between unescaped quotes).
fn strings(bytes: &[u8]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], open) {
            (b'\\', Some(_)) => i += 1,
            (b'"', None) => open = Some(i + 1),
            (b'"', Some(start)) => {
                out.push(start..i);
                open = None;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn mutate(seed: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut b = seed.to_vec();
    for e in edits {
        let splice = |b: &mut Vec<u8>, r: std::ops::Range<usize>, with: &[u8]| {
            b.splice(r, with.iter().copied());
        };
        match *e {
            Edit::Number { nth, value } => {
                let numbers = runs(&b, |c| c.is_ascii_digit());
                if !numbers.is_empty() {
                    let r = numbers[nth % numbers.len()].clone();
                    splice(&mut b, r, NUMBERS[value].as_bytes());
                }
            }
            Edit::Str { nth, value } => {
                let all = strings(&b);
                if !all.is_empty() {
                    let r = all[nth % all.len()].clone();
                    splice(&mut b, r, STRINGS[value].as_bytes());
                }
            }
            Edit::DeleteLine(n) | Edit::DuplicateLine(n) => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                let i = n % lines.len();
                if matches!(e, Edit::DeleteLine(_)) {
                    lines.remove(i);
                } else {
                    lines.insert(i, lines[i].clone());
                }
                b = lines.join(&b'\n');
            }
            Edit::SwapLines(x, y) => {
                let mut lines: Vec<Vec<u8>> =
                    b.split(|&c| c == b'\n').map(<[u8]>::to_vec).collect();
                let n = lines.len();
                lines.swap(x % n, y % n);
                b = lines.join(&b'\n');
            }
            Edit::Insert { at, token } => {
                let at = at % (b.len() + 1);
                splice(&mut b, at..at, TOKENS[token]);
            }
            Edit::DeleteBytes { at, len } => {
                if !b.is_empty() {
                    let at = at % b.len();
                    let end = (at + len).min(b.len());
                    b.drain(at..end);
                }
            }
            Edit::FlipBit { at, bit } => {
                if !b.is_empty() {
                    let at = at % b.len();
                    b[at] ^= 1 << bit;
                }
            }
        }
    }
    b
}

/// What a caller does with a file that loaded (the native fuzz target does the same): validate
/// it, re-anchor it against its own text, and save and load it again unchanged.
fn exercise(f: &native::NativeFile) {
    let _ = f.validate(&Schema::default_news());
    let mut set = f.annotations.clone();
    let (tx, _) = reanchor_set(&set, &f.document.text);
    tx.apply(&mut set)
        .expect("re-anchoring applies to the set it came from");
    let json = native::to_string(&f.document, &f.annotations);
    let back = native::parse(&json, "round trip").expect("a written file parses");
    assert_eq!(back.document, f.document);
    assert_eq!(back.annotations, f.annotations);
}

/// The mutations above must reach past the JSON parser, or the property proves little: of a
/// fixed run of mutated files, many load, and many of those fail validation (so the checks
/// behind the parser see them).
#[test]
fn mutations_reach_the_loader_and_the_validator() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (0..seeds().len(), proptest::collection::vec(edit(), 1..5));
    let (mut loaded, mut invalid, runs) = (0, 0, 400);
    let schema = Schema::default_news();
    for _ in 0..runs {
        let (seed, edits) = strategy.new_tree(&mut runner).unwrap().current();
        let text = String::from_utf8_lossy(&mutate(&seed_bytes(seed), &edits)).into_owned();
        if let Ok(f) = native::parse(&text, "x.json") {
            loaded += 1;
            if !f.validate(&schema).is_empty() {
                invalid += 1;
            }
        }
    }
    eprintln!("{runs} mutated files: {loaded} loaded, {invalid} of them with problems");
    assert!(loaded * 8 >= runs, "only {loaded} of {runs} loaded");
    assert!(
        invalid * 4 >= loaded,
        "only {invalid} of {loaded} had problems"
    );
}
