//! Properties of every suggestion on any text: spans in bounds, fragments in order and not
//! overlapping, each slicing to its stored text; `via` pointing at another suggestion; no panic
//! on texts of mixed scripts, stray quotation marks, CRLF or no words at all. And suggestions
//! of the sample, turned into frames, validate against its document.

use proptest::prelude::*;
use stancemark::io::native;
use stancemark::model::{validate, AnnotationSet, Quote, Schema, Text};
use stancemark::suggest::{find, find_at_cue, to_frames, Lexicon, Suggestion};

use crate::util::sample_path;

fn check(text: &Text, all: &[Suggestion]) -> Result<(), TestCaseError> {
    let check_quote = |q: &Quote| -> Result<(), TestCaseError> {
        let mut prev_end = None;
        for f in q.fragments() {
            prop_assert!(f.span.start < f.span.end, "empty or inverted {}", f.span);
            prop_assert!(f.span.end <= text.len_chars(), "{} past the end", f.span);
            prop_assert_eq!(text.slice(f.span), Some(f.text.as_str()));
            if let Some(e) = prev_end {
                prop_assert!(f.span.start > e, "fragments out of order or touching");
            }
            prev_end = Some(f.span.end);
        }
        Ok(())
    };
    for (k, s) in all.iter().enumerate() {
        check_quote(&s.claim)?;
        for q in [
            s.cue.as_ref(),
            s.source.as_ref().and_then(|p| p.span.as_ref()),
            s.target.as_ref().and_then(|p| p.span.as_ref()),
        ]
        .into_iter()
        .flatten()
        {
            check_quote(q)?;
        }
        if let Some(v) = s.via {
            prop_assert!(v < all.len() && v != k, "via {} of {}", v, k);
        }
        prop_assert!(!s.explanation.is_empty());
    }
    // text order
    for w in all.windows(2) {
        prop_assert!(w[0].claim_extent().start <= w[1].claim_extent().start);
    }
    Ok(())
}

/// Pieces of news text: reporting words, names, quotes of every shape, scripts, line endings.
fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "the minister",
        "said",
        "told reporters",
        "that",
        "warned",
        "According to",
        "Reuters",
        ",",
        ".",
        ":",
        "\"",
        "“",
        "”",
        "‘",
        "’",
        "'",
        "urged",
        "Iran",
        "to",
        "stop",
        "accused",
        "of",
        "lying",
        "vowed",
        "not",
        "the talks",
        "failed",
        "He",
        "she",
        "it appears",
        "was accused by",
        "as saying",
        "quoted",
        "the ministry's denial",
        "Ms. Lee",
        "U.S.",
        "😀",
        "陈美玲",
        "e\u{301}",
        "قال",
        "שלום",
        "\r\n",
        "\n\n",
        "(",
        ")",
        "—",
        "-",
        "…",
        "condemned",
        "citing",
        "and",
        "is understood",
        "to have",
        "Minister:",
        "  ",
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_suggestion_is_well_formed(words in prop::collection::vec(piece(), 0..80)) {
        let schema = Schema::default_news();
        let lexicon = Lexicon::default_en(&schema).unwrap();
        let text = Text::new(words.join(" "));
        let all = find(&text, &lexicon, &schema, &[]);
        check(&text, &all)?;
        // the finder at any word of the text keeps the same guarantees
        let n = text.len_chars();
        for start in (0..n).step_by(7) {
            if let Some(s) = find_at_cue(&text, &lexicon, &schema, &[], stancemark::model::Span::new(start, (start + 5).min(n))) {
                check(&text, std::slice::from_ref(&s))?;
            }
        }
    }
}

#[test]
fn sample_suggestions_become_frames_that_validate() {
    let schema = Schema::default_news();
    let lexicon = Lexicon::default_en(&schema).unwrap();
    let file = native::load(&sample_path("iran-talks-signals.stance.json")).unwrap();
    let suggestions = find(
        &file.document.text,
        &lexicon,
        &schema,
        &file.annotations.entities,
    );
    assert!(suggestions.len() >= 20);
    let mut set = AnnotationSet::new(file.document.id.clone(), "finder", schema.reference());
    set.set_entities(file.annotations.entities.clone());
    let (frames, new_entities) = to_frames(&suggestions, &set);
    let mut entities = set.entities.clone();
    entities.extend(new_entities);
    set.set_entities(entities);
    set.set_frames(frames);
    let problems = validate(&set, &file.document, &schema);
    assert!(problems.is_empty(), "{problems:#?}");
    // the sample's entities are linked, not proposed again: "President Trump" → Donald Trump
    let trump = set
        .frames()
        .iter()
        .find(|f| {
            f.cue
                .as_ref()
                .is_some_and(|c| c.joined_text("") == "warned")
        })
        .unwrap();
    let id = trump.source.as_ref().unwrap().entity.as_deref().unwrap();
    assert_eq!(set.entity(id).unwrap().name, "Donald Trump");
}
