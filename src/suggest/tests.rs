//! The finder on real sentences: one test per rule, the span conventions, and texts that must
//! give nothing (or no panic).

use super::*;

fn schema() -> Schema {
    Schema::default_news()
}

fn run(text: &str) -> Vec<Suggestion> {
    let schema = schema();
    let lex = Lexicon::default_en(&schema).unwrap();
    find(&Text::new(text), &lex, &schema, &[])
}

/// "source | cue | claim fragments | stance | target" of a suggestion.
fn brief(s: &Suggestion) -> String {
    let span = |p: &Option<SuggestedParticipant>| {
        p.as_ref()
            .and_then(|p| p.span.as_ref())
            .map_or(String::new(), |q| q.joined_text(" … ").into_owned())
    };
    format!(
        "{} | {} | {} | {} | {}",
        span(&s.source),
        s.cue
            .as_ref()
            .map_or(String::new(), |q| q.joined_text(" … ").into_owned()),
        s.claim.joined_text(" … "),
        s.stance,
        span(&s.target)
    )
}

fn briefs(text: &str) -> Vec<String> {
    run(text).iter().map(brief).collect()
}
