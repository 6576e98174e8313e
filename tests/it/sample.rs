//! The bundled sample article and its reference annotations.

use stancemark::io::native;
use stancemark::model::Schema;

use crate::sample_path;

#[test]
fn sample_validates_against_the_default_schema() {
    let file = native::load(&sample_path("iran-talks-signals.stance.json")).unwrap();
    let problems = file.validate(&Schema::default_news());
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(file.annotations.frames().len() > 12);
}

#[test]
fn sample_text_equals_the_article() {
    let file = native::load(&sample_path("iran-talks-signals.stance.json")).unwrap();
    let article = std::fs::read_to_string(sample_path("iran-talks-signals.txt")).unwrap();
    assert_eq!(file.document.text.as_str(), article);
}

/// Python-style slicing: `text[start:end]` over code points equals every stored quote.
#[test]
fn every_span_is_a_code_point_slice() {
    let file = native::load(&sample_path("iran-talks-signals.stance.json")).unwrap();
    let chars: Vec<char> = file.document.text.as_str().chars().collect();
    let mut checked = 0;
    for f in file.annotations.frames() {
        for (role, q) in f.quotes() {
            for x in q.fragments() {
                let slice: String = chars[x.span.start..x.span.end].iter().collect();
                assert_eq!(slice, x.text, "frame {} {}", f.id, role.name());
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} spans");
}

#[test]
fn sample_covers_the_key_statements() {
    let file = native::load(&sample_path("iran-talks-signals.stance.json")).unwrap();
    let set = &file.annotations;
    let find = |claim: &str| {
        set.frames()
            .iter()
            .find(|f| f.claim.first().text == claim)
            .unwrap_or_else(|| panic!("no frame for {claim:?}"))
    };
    let warning = find("Iran is not winning this war");
    assert_eq!(warning.stance, "warning");
    assert_eq!(warning.cue.as_ref().unwrap().first().text, "warned");
    let trump = warning.source.as_ref().unwrap();
    assert_eq!(
        set.entity(trump.entity.as_ref().unwrap()).unwrap().name,
        "Donald Trump"
    );
    assert!(set.frames().iter().any(|f| f.stance == "condemnation"));
    assert!(
        set.frames().iter().filter(|f| f.via.is_some()).count() >= 5,
        "nesting"
    );
}

#[test]
fn sample_save_is_byte_identical() {
    let path = sample_path("iran-talks-signals.stance.json");
    let on_disk = std::fs::read_to_string(&path).unwrap();
    let file = native::parse(&on_disk, "sample").unwrap();
    let saved = native::to_string(&file.document, &file.annotations);
    let first_diff = saved.lines().zip(on_disk.lines()).position(|(a, b)| a != b);
    assert_eq!(first_diff, None, "first differing line");
    assert_eq!(saved.len(), on_disk.len());
}
