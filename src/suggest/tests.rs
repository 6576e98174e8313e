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
fn one(text: &str) -> String {
    let all = briefs(text);
    assert_eq!(all.len(), 1, "{text}\n{all:#?}");
    all.into_iter().next().unwrap()
}

fn rule_of(text: &str) -> Vec<&'static str> {
    run(text).iter().map(|s| s.rule.id()).collect()
}

#[test]
fn quote_then_source_and_cue() {
    let t = "\"We are ready to talk,\" the minister said on Monday.";
    // "ready to" signals willingness: an offer
    assert_eq!(
        one(t),
        "the minister | said | We are ready to talk | proposal | "
    );
    assert_eq!(rule_of(t), ["quote-source-cue"]);
    let s = &run(t)[0];
    assert_eq!(
        s.explanation,
        "source and cue 'said' after the closing quote"
    );
}

#[test]
fn quote_then_cue_and_source_with_apposition() {
    let t = "\"Prices will keep rising,\" said Anna Berg, an economist at Nordbank.";
    assert_eq!(
        one(t),
        "Anna Berg, an economist at Nordbank | said | Prices will keep rising | report | "
    );
    assert_eq!(rule_of(t), ["quote-cue-source"]);
}

#[test]
fn split_quote_is_one_claim_of_two_fragments() {
    let t = "\"We will not,\" he said, \"back down.\"";
    let s = &run(t)[0];
    assert_eq!(s.rule, Rule::SplitQuote);
    let frags: Vec<(usize, usize, &str)> = s
        .claim
        .fragments()
        .iter()
        .map(|f| (f.span.start, f.span.end, f.text.as_str()))
        .collect();
    // hand-counted code points: `"` at 0, "We will not" 1..12, `,"` 12..14, " he said, " 14..24,
    // `"` at 24, "back down" 25..34
    assert_eq!(frags, [(1, 12, "We will not"), (25, 34, "back down")]);
    assert_eq!(s.stance, "threat", "a first-person 'will not' is a vow");
    assert_eq!(brief(s), "he | said | We will not … back down | threat | ");
}

#[test]
fn source_cue_colon_quote_and_that_clause() {
    assert_eq!(
        one("The mayor said: \"The bridge will reopen in May.\""),
        "The mayor | said | The bridge will reopen in May | report | "
    );
    assert_eq!(
        one("The central bank warned on Tuesday that inflation could return."),
        "The central bank | warned | inflation could return | warning | "
    );
    // auxiliaries and adverbs are not part of the cue; a leading adverbial is not the source
    assert_eq!(
        one("However, the agency has repeatedly stressed that the data are provisional."),
        "the agency | stressed | the data are provisional | support | "
    );
}

#[test]
fn nested_attribution_fills_via() {
    let s = run("Reuters reported that the minister said the deal was dead.");
    let b: Vec<String> = s.iter().map(brief).collect();
    assert_eq!(
        b,
        [
            "Reuters | reported | the minister said the deal was dead | report | ",
            "the minister | said | the deal was dead | report | ",
        ]
    );
    assert_eq!((s[0].via, s[1].via), (None, Some(0)));
    // "according to X, Y warned that Q"
    let s = run("According to state media, the general warned that the army would respond.");
    assert_eq!(s.len(), 2);
    assert_eq!(s[1].via, Some(0));
    assert_eq!(
        brief(&s[1]),
        "the general | warned | the army would respond | warning | "
    );
}

#[test]
fn according_to_before_after_and_inside() {
    assert_eq!(
        one("According to the ministry, 40 people were injured."),
        "the ministry | According to | 40 people were injured | report | "
    );
    assert_eq!(
        one("Talks will resume next week, according to officials."),
        "officials | according to | Talks will resume next week | report | "
    );
    // the attribution inside the clause splits the claim in two fragments
    assert_eq!(
        one("The talks, according to two diplomats, collapsed on Friday."),
        "two diplomats | according to | The talks … collapsed on Friday | report | "
    );
}

#[test]
fn clause_then_source_and_cue_and_inverted() {
    assert_eq!(
        one("The strike will go ahead, the union said."),
        "the union | said | The strike will go ahead | report | "
    );
    assert_eq!(
        rule_of("The strike will go ahead, the union said."),
        ["clause-source-cue"]
    );
    assert_eq!(
        one("The strike will go ahead, said Ana Lopez, the union's leader."),
        "Ana Lopez, the union's leader | said | The strike will go ahead | report | "
    );
}

#[test]
fn noun_cue_takes_the_possessor_as_source() {
    let t = "The ministry's denial that troops had crossed the border did little to calm markets.";
    assert_eq!(
        one(t),
        "The ministry | denial | troops had crossed the border | denial | "
    );
    assert_eq!(rule_of(t), ["noun-cue"]);
    // a noun that only looks like a cue is not one
    assert!(run("The retailer issued its second profit warning this year.").is_empty());
}

#[test]
fn urged_target_to_accused_of_vowed_to() {
    assert_eq!(
        one("The UN urged both sides to show restraint."),
        "The UN | urged | show restraint | demand | both sides"
    );
    assert_eq!(
        one("Opposition leaders accused the government of hiding the figures."),
        "Opposition leaders | accused | hiding the figures | accusation | the government"
    );
    assert_eq!(
        one("He vowed to fight the ruling."),
        "He | vowed | fight the ruling | threat | the ruling"
    );
    assert_eq!(
        one("She vowed not to resign."),
        "She | vowed | not to resign | threat | "
    );
}

#[test]
fn object_claims_and_their_targets() {
    assert_eq!(
        one("The foreign ministry condemned the strike as a breach of international law."),
        "The foreign ministry | condemned | the strike as a breach of international law | condemnation | the strike"
    );
    assert_eq!(
        one("The union welcomed the pledge on working hours."),
        "The union | welcomed | the pledge on working hours | support | the pledge on working hours"
    );
}

#[test]
fn participles_and_coordinated_verbs_share_the_source() {
    assert_eq!(
        one("The company cut its forecast, citing weak demand in Europe."),
        "The company | citing | weak demand in Europe | report | "
    );
    let b = briefs("The minister denied the report and accused rivals of spreading rumours.");
    assert_eq!(
        b,
        [
            "The minister | denied | the report | denial | the report",
            "The minister | accused | spreading rumours | accusation | rivals",
        ]
    );
    // "X criticized Y, saying "Q"": the quote is what the criticism said; Y is its target
    assert_eq!(
        one("The senator criticized the plan, saying, \"It will cost jobs.\""),
        "The senator | criticized | It will cost jobs | condemnation | the plan"
    );
}

#[test]
fn passives_with_an_agent_and_raising_passives() {
    assert_eq!(
        one("The company was accused by regulators of misleading investors."),
        "regulators | was accused | misleading investors | accusation | The company"
    );
    let s = &run("The deal is understood to have collapsed.")[0];
    assert_eq!(s.rule, Rule::RaisingPassive);
    assert_eq!(
        brief(s),
        " | is understood | The deal … to have collapsed | assessment | "
    );
    // a passive without an agent has no speaker to propose
    assert!(run("The plan was announced in March.").is_empty());
}

#[test]
fn quoted_as_saying_nests_the_quoted_speaker() {
    let s = run("The agency quoted a senior official as saying that talks had stalled.");
    let b: Vec<String> = s.iter().map(brief).collect();
    assert_eq!(
        b,
        [
            "The agency | quoted | a senior official as saying that talks had stalled | report | ",
            "a senior official | as saying | talks had stalled | report | ",
        ]
    );
    assert_eq!(s[1].via, Some(0));
}

#[test]
fn impersonal_cue_has_no_source() {
    assert_eq!(
        one("It appears that the ceasefire is holding."),
        " | It appears | the ceasefire is holding | assessment | "
    );
}

#[test]
fn headline_source_colon_claim() {
    let s = run("Minister: \"Prices will fall by autumn\"\n\nThe shops were busy on Saturday.");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].rule, Rule::Headline);
    assert_eq!(
        brief(&s[0]),
        "Minister | : | Prices will fall by autumn | report | "
    );
}

#[test]
fn pronoun_source_resolves_to_the_last_named_source() {
    let schema = schema();
    let lex = Lexicon::default_en(&schema).unwrap();
    let text = Text::new("Maria Costa, the finance minister, said the budget was balanced. She added that taxes would not rise.");
    let entities = [Entity::new("e1", "Maria Costa", "person")];
    let s = find(&text, &lex, &schema, &entities);
    assert_eq!(s.len(), 2);
    let who = |k: usize| s[k].source.as_ref().unwrap();
    assert_eq!(
        who(0).span.as_ref().unwrap().joined_text(""),
        "Maria Costa, the finance minister"
    );
    assert_eq!(who(1).span.as_ref().unwrap().joined_text(""), "She");
    assert_eq!(who(0).entity, Some(EntityLink::Existing("e1".into())));
    assert_eq!(who(1).entity, Some(EntityLink::Existing("e1".into())));
    // without entities, a new one is proposed once and the pronoun shares it
    let s = find(&text, &lex, &schema, &[]);
    let new = s[0].source.as_ref().unwrap().entity.clone().unwrap();
    assert!(
        matches!(&new, EntityLink::New { name, kind } if name == "Maria Costa, the finance minister" || (name.contains("Maria Costa") && kind == "person")),
        "{new:?}"
    );
    assert_eq!(s[1].source.as_ref().unwrap().entity, Some(new));
}

#[test]
fn quotations_that_go_on() {
    // the next sentence of the paragraph is one more fragment of the same claim
    let s = run("\"We will rebuild,\" the mayor said. \"The bridge comes first.\"");
    assert_eq!(s.len(), 1);
    assert_eq!(
        brief(&s[0]),
        "the mayor | said | We will rebuild … The bridge comes first | threat | "
    );
    // a quote over two paragraphs (the first left open, the second reopened): the period that
    // closes the first paragraph stays in its fragment
    let s = run("The mayor said: \"We will rebuild the bridge.\n\n\"Every family will get help.\"");
    assert_eq!(s.len(), 1);
    assert_eq!(
        brief(&s[0]),
        "The mayor | said | We will rebuild the bridge. … Every family will get help | threat | "
    );
    // a paragraph that is only a quote, after a closed one: the previous speaker, no span, no cue
    let s = run("\"We will rebuild,\" the mayor said.\n\n\"Every family will get help.\"");
    assert_eq!(s.len(), 2);
    assert_eq!(s[1].rule, Rule::QuoteContinuation);
    assert!(s[1].cue.is_none());
    let src = s[1].source.as_ref().unwrap();
    assert!(src.span.is_none());
    assert_eq!(src.entity, s[0].source.as_ref().unwrap().entity);
}

#[test]
fn crlf_emoji_cjk_and_curly_quotes_keep_code_point_offsets() {
    let text = "Intro line.\r\n\r\n“我们不会放弃 😀,” said Chen Meiling (陈美玲).\r\n‘Nobody wins,’ he said.";
    let s = run(text);
    assert_eq!(s.len(), 2, "{:#?}", s.iter().map(brief).collect::<Vec<_>>());
    let chars: Vec<char> = text.chars().collect();
    for sug in &s {
        for f in sug.claim.fragments() {
            let slice: String = chars[f.span.start..f.span.end].iter().collect();
            assert_eq!(slice, f.text);
        }
    }
    assert_eq!(
        brief(&s[0]),
        "Chen Meiling (陈美玲) | said | 我们不会放弃 😀 | report | "
    );
    // hand-counted: "Intro line." 11 + CRLF CRLF 4 → “ at 15, the claim starts at 16
    assert_eq!(s[0].claim.first().span.start, 16);
    assert_eq!(brief(&s[1]), "he | said | Nobody wins | report | ");
}

#[test]
fn sentences_without_attribution_give_nothing() {
    let t = "Shares fell 3 percent on Friday. The company declined to comment. Revenue rose to \
             6.2 billion euros, and the chain opened a store under the \"Price Promise\" banner. \
             An inquiry is due to report in December.";
    assert!(run(t).is_empty(), "{:#?}", briefs(t));
}

#[test]
fn empty_rtl_and_odd_texts_give_nothing() {
    for t in [
        "",
        "   \n\r\n  ",
        "قال الوزير إن المحادثات ستستأنف الأسبوع المقبل.",
        "אמר השר כי השיחות יתחדשו בשבוע הבא.",
        "\"",
        "\"\"\"\"",
        "said said said",
        ", said",
        "According to",
        "“",
    ] {
        let s = run(t);
        assert!(
            s.iter().all(|s| !s.claim.joined_text("").is_empty()),
            "{t:?}"
        );
        if t.chars().all(|c| !c.is_ascii_alphabetic()) {
            assert!(
                s.is_empty(),
                "{t:?}: {:#?}",
                s.iter().map(brief).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn a_long_text_without_sentence_ends_stays_bounded() {
    // one "sentence" of 60,000 words with a cue every few words: every scan is bounded
    let mut t = String::new();
    for k in 0..12_000 {
        t.push_str(if k % 2 == 0 {
            "officials said the plan "
        } else {
            "and analysts warned that it "
        });
    }
    let s = run(&t);
    assert!(!s.is_empty());
    assert!(s.iter().all(|s| s.claim.len_chars() <= 400 * 40));
}

#[test]
fn find_at_cue_reads_unknown_cues_and_known_ones() {
    let schema = schema();
    let lex = Lexicon::default_en(&schema).unwrap();
    let text = Text::new(
        "Intro.\n\nThe minister grumbled that the plan was unfair. Later, he said nothing.",
    );
    let at =
        |start: usize, end: usize| find_at_cue(&text, &lex, &schema, &[], Span::new(start, end));
    // "grumbled" is not in the lexicon: code points 21..29
    assert_eq!(text.slice(Span::new(21, 29)), Some("grumbled"));
    let s = at(21, 29).unwrap();
    assert_eq!(
        brief(&s),
        "The minister | grumbled | the plan was unfair | report | "
    );
    // a selection with spaces around the word still means the word
    assert_eq!(at(20, 30).unwrap().cue.unwrap().joined_text(""), "grumbled");
    // no word in the span, an inverted or out-of-range span: nothing
    assert!(at(20, 21).is_none());
    assert!(at(30, 21).is_none());
    assert!(at(0, 10_000).is_none());
    // at a cue that no rule reads, the rest of the sentence
    let s = at(66, 70).unwrap();
    assert_eq!(s.cue.as_ref().unwrap().joined_text(""), "said");
    assert_eq!(s.claim.joined_text(""), "nothing");
    assert_eq!(s.rule, Rule::AtCue);
}

#[test]
fn a_subject_after_a_conjunction_of_time_starts_after_it() {
    let schema = schema();
    let lex = Lexicon::default_en(&schema).unwrap();
    let text =
        Text::new("Shares fell an hour before the central bank cautioned that rates would rise.");
    // "cautioned": code points 44..53
    assert_eq!(text.slice(Span::new(44, 53)), Some("cautioned"));
    let s = find_at_cue(&text, &lex, &schema, &[], Span::new(44, 53)).unwrap();
    assert_eq!(
        s.source
            .as_ref()
            .unwrap()
            .span
            .as_ref()
            .unwrap()
            .joined_text(""),
        "the central bank"
    );
    assert_eq!(s.claim.joined_text(""), "rates would rise");
}

#[test]
fn the_same_text_gives_the_same_suggestions() {
    let t = "\"We will not,\" he said, \"back down.\" Reuters reported that the minister said the deal was dead.";
    assert_eq!(run(t), run(t));
}

#[test]
fn rule_ids_are_unique_and_round_trip() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    for r in Rule::ALL {
        assert_eq!(Rule::from_id(r.id()), Some(r));
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
}

#[test]
fn suggestions_become_frames_with_provenance_and_new_entities() {
    use crate::model::{AnnotationSet, SchemaRef};
    let s = run("Reuters reported that the minister said the deal was dead.");
    let mut set = AnnotationSet::new(
        "d",
        "a",
        SchemaRef {
            id: "news-stance".into(),
            version: "1".into(),
        },
    );
    set.set_frames(vec![crate::model::Frame::new(
        "f3",
        Quote::new(Span::new(0, 7), "Reuters"),
        "report",
    )]);
    let (frames, entities) = to_frames(&s, &set);
    let ids: Vec<&str> = frames.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["f4", "f5"]);
    assert_eq!(frames[1].via.as_deref(), Some("f4"));
    assert_eq!(
        frames[0].extra["provenance"],
        serde_json::json!({"method": "suggested", "rule": "source-cue-clause"})
    );
    let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Reuters", "minister"]);
    assert_eq!(
        frames[0].source.as_ref().unwrap().entity.as_deref(),
        Some("e1")
    );
}

#[test]
fn a_hearer_is_not_a_source() {
    assert_eq!(
        one("The court heard that the payments were never approved."),
        " | heard | the payments were never approved | report | "
    );
}
