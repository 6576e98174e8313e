//! Reading the words around a cue: where the lexicon's cues are ([`Ctx::new`]), the subject
//! before a verb ([`Ctx::left_of`]), the complement after it ([`Ctx::right_of`]) and where a
//! clause ends ([`Ctx::clause_end`]). All positions are token indices of [`Prepared`]; every scan
//! is bounded (by the sentence and by [`MAX_CLAIM`] / [`MAX_REGION`]) so that no text makes the
//! finder quadratic.

use std::ops::Range;

use super::lexicon::{CueKind, Entry, Lexicon, Takes};
use super::tokens::{Kind, Prepared};
use super::words::*;

mod clause;
mod left;
mod right;

/// Longest claim the finder proposes, in tokens (a claim is cut there).
pub(crate) const MAX_CLAIM: usize = 400;
/// How far back from a cue the subject is looked for, in tokens.
pub(crate) const MAX_REGION: usize = 60;
/// How far after a cue a "that" is looked for ("told reporters on Monday that").
const THAT_WINDOW: usize = 16;

/// Verbs whose first object is the addressee ("told Israel that", "warned the West that").
const ADDRESSEE_VERBS: &[&str] = &[
    "tell", "inform", "assure", "remind", "warn", "notify", "brief", "caution", "advise",
    "convince", "persuade", "alert", "promise",
];

/// A cue of the lexicon found in the text: tokens `[c0, c1)` and the entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub c0: usize,
    pub c1: usize,
    pub entry: usize,
}

/// What stands before a verb cue.
#[derive(Debug, Clone)]
pub(crate) enum Left {
    /// A subject noun phrase; `before` says what precedes it.
    Subject {
        np: Range<usize>,
        before: Before,
        /// A comma right before the verb group (`"A, B, said"` or `"CLAUSE, said X"`).
        comma_before_cue: Option<usize>,
        /// Where the clause holding the subject starts (after leading adverbials).
        clause_start: usize,
    },
    /// "… and accused": the verb shares the subject of an earlier verb.
    Coordinated,
    /// A closing quote (and comma) right before the cue: `"Q," said X`.
    AfterQuote(usize),
    /// A clause and a comma right before the cue (`The strike will go ahead, said X`): the
    /// comma's token.
    AfterClause(usize),
    None,
}

/// What precedes a subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Before {
    /// The start of the sentence or clause (after leading adverbials).
    Start,
    /// A closing quote: `"Q," SOURCE CUE`.
    Quote(usize),
    /// A clause ending in the comma at this token: `CLAUSE, SOURCE CUE`.
    Clause(usize),
}

/// What follows a verb cue.
#[derive(Debug, Clone)]
pub(crate) enum Right {
    /// A direct quote (`said, "…"`, `said: "…"`).
    Quote(usize),
    /// An indirect claim.
    Claim {
        claim: Range<usize>,
        target: Option<Range<usize>>,
        how: How,
    },
    /// Nothing but adjuncts until the end of the sentence (`…, he said on Monday.`).
    Tail,
    None,
}

/// How an indirect claim hangs on its cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum How {
    That,
    Colon,
    Clause,
    ObjectTo,
    TargetOf,
    Infinitive,
    Object,
}

/// The text, the lexicon and the cues found.
pub(crate) struct Ctx<'a> {
    pub p: &'a Prepared<'a>,
    pub lex: &'a Lexicon,
    pub hits: Vec<Hit>,
    /// token → 1 + index into `hits` of the hit starting there.
    hit_at: Vec<u32>,
    /// token → length of an adjunct phrase of the lexicon starting there.
    adjunct_at: Vec<u8>,
    /// The entry of a cue the user selected that the lexicon does not know ([`ADHOC`]).
    adhoc: Option<Entry>,
}

/// The entry index of a selected cue the lexicon does not know.
pub(crate) const ADHOC: usize = usize::MAX;

impl<'a> Ctx<'a> {
    pub fn new(p: &'a Prepared<'a>, lex: &'a Lexicon) -> Ctx<'a> {
        let n = p.toks.len();
        let mut ctx = Ctx {
            p,
            lex,
            hits: Vec::new(),
            hit_at: vec![0; n],
            adjunct_at: vec![0; n],
            adhoc: None,
        };
        let mut i = 0;
        while i < n {
            if !p.is_word(i) || p.quote_of(i).is_some() {
                i += 1;
                continue;
            }
            let lower = p.lower(i);
            let noun_context =
                i > 0 && (is_class(p, i - 1, class::DETERMINERS) || p.is(i - 1, "'s"));
            let mut best: Option<(usize, usize)> = None; // (length, entry)
            for (words, e) in lex.starting_with(lower) {
                let len = words.len();
                if best.is_some_and(|(l, _)| l > len) || !ctx.matches_rest(i, words) {
                    continue;
                }
                let entry = lex.entry(*e);
                // A capitalised word after another word is a name ("the United States").
                let name = p.is_capitalized(i) && i > 0 && p.is_word(i - 1);
                let fits = match entry.kind {
                    CueKind::Noun => noun_context && !name,
                    CueKind::Verb => {
                        !noun_context && !name && !ctx.not_a_reporting_verb(i, len, entry, words)
                    }
                    _ => true,
                };
                if fits && best.is_none_or(|(l, _)| len > l) {
                    best = Some((len, *e));
                }
            }
            match best {
                Some((len, e)) if lex.entry(e).kind == CueKind::Adjunct => {
                    ctx.adjunct_at[i] = len.min(255) as u8;
                    i += len;
                }
                Some((len, e)) => {
                    let mut c0 = i;
                    // "seems to believe", "appears to believe": the hedge is part of the cue.
                    if lex.entry(e).kind == CueKind::Verb
                        && i >= 2
                        && p.is(i - 1, "to")
                        && is_in(
                            p,
                            i - 2,
                            &["seems", "seem", "seemed", "appears", "appear", "appeared"],
                        )
                    {
                        c0 = i - 2;
                    }
                    ctx.hits.push(Hit {
                        c0,
                        c1: i + len,
                        entry: e,
                    });
                    ctx.hit_at[c0] = ctx.hits.len() as u32;
                    i += len;
                }
                None => i += 1,
            }
        }
        ctx
    }

    /// A verb form that is not used as a reporting verb here: an infinitive after "to" ("declined
    /// to comment", "is due to report"; a hedge "seems to believe" is a cue), or a bare form
    /// followed by a noun ("state television").
    fn not_a_reporting_verb(&self, i: usize, len: usize, entry: &Entry, words: &[String]) -> bool {
        let p = self.p;
        if i > 0 && p.is(i - 1, "to") {
            let hedge = i >= 2
                && is_in(
                    p,
                    i - 2,
                    &["seems", "seem", "seemed", "appears", "appear", "appeared"],
                );
            return !hedge;
        }
        let base = entry.forms.first().is_some_and(|f| *f == words.join(" "));
        let noun_like = base || words[0].ends_with("ing");
        let next = i + len;
        // "its full-year profit forecast", "a conference call", "a press briefing": a noun
        let compound = i >= 2
            && content_word(p, i - 1)
            && !p.is_capitalized(i - 1)
            && (i.saturating_sub(4)..i - 1)
                .any(|t| is_class(p, t, class::DETERMINERS) || p.is(t, "'s"));
        noun_like && (compound || base && content_word(p, next) && !p.s(next).ends_with("ly"))
    }

    fn matches_rest(&self, i: usize, words: &[String]) -> bool {
        words.iter().enumerate().skip(1).all(|(k, w)| {
            let j = i + k;
            j < self.p.toks.len() && self.p.is_word(j) && self.p.lower(j) == w
        })
    }

    /// The hit starting at token `i`.
    pub fn hit_at(&self, i: usize) -> Option<Hit> {
        let h = *self.hit_at.get(i)? as usize;
        (h > 0).then(|| self.hits[h - 1])
    }

    pub fn entry<'s>(&'s self, h: &Hit) -> &'s Entry {
        match (&self.adhoc, h.entry) {
            (Some(e), ADHOC) => e,
            _ => self.lex.entry(h.entry),
        }
    }

    /// Makes the words of `span` (document code points) a cue: the lexicon's entry when they
    /// are one of its cues, otherwise a verb that takes every complement, with `stance`. Other
    /// cues overlapping the span are dropped. `None` when the span holds no word.
    pub fn select_cue(&mut self, span: crate::model::Span, stance: String) -> Option<Hit> {
        let p = self.p;
        let t0 = p
            .toks
            .iter()
            .position(|t| t.end > span.start && t.kind == Kind::Word)?;
        let t1 = p
            .toks
            .iter()
            .rposition(|t| t.start < span.end && t.kind == Kind::Word)?
            + 1;
        if t0 >= t1 || p.toks[t0].start >= span.end {
            return None;
        }
        if let Some(h) = self.hits.iter().find(|h| h.c0 == t0 && h.c1 == t1) {
            return Some(*h);
        }
        self.hits.retain(|h| h.c1 <= t0 || h.c0 >= t1);
        let noun = t0 > 0 && (is_class(p, t0 - 1, class::DETERMINERS) || p.is(t0 - 1, "'s"));
        let known = self.lex.lookup(p.slice(t0..t1)).cloned();
        let entry = Entry {
            lemma: p.slice(t0..t1).to_lowercase(),
            kind: if noun { CueKind::Noun } else { CueKind::Verb },
            stance: known.as_ref().map_or(stance, |e| e.stance.clone()),
            takes: known.map_or_else(
                || {
                    vec![
                        Takes::That,
                        Takes::Clause,
                        Takes::Quote,
                        Takes::ObjectTo,
                        Takes::To,
                        Takes::Of,
                        Takes::Object,
                    ]
                },
                |e| e.takes,
            ),
            forms: Vec::new(),
        };
        self.adhoc = Some(entry);
        let hit = Hit {
            c0: t0,
            c1: t1,
            entry: ADHOC,
        };
        let at = self.hits.partition_point(|h| h.c0 < t0);
        self.hits.insert(at, hit);
        self.hit_at.iter_mut().for_each(|x| *x = 0);
        for (k, h) in self.hits.iter().enumerate() {
            self.hit_at[h.c0] = k as u32 + 1;
        }
        Some(hit)
    }

    /// The verb hit at `i`, after preverbal adverbs ("and then accused").
    pub fn verb_hit_after(&self, mut i: usize, hi: usize) -> Option<Hit> {
        while i < hi && preverbal(self.p, i) {
            i += 1;
        }
        self.hit_at(i)
            .filter(|h| self.entry(h).kind == CueKind::Verb)
    }

    /// The first word of a hit ends in "-ing".
    pub fn is_gerund_hit(&self, h: &Hit) -> bool {
        self.p.s(h.c1 - 1).len() > 4 && self.word_of_cue(h).ends_with("ing")
    }

    /// The verb word of a cue (the last word for "seems to believe", the first otherwise).
    pub fn word_of_cue(&self, h: &Hit) -> &'a str {
        if h.c1 - h.c0 >= 3 && self.p.is(h.c0 + 1, "to") {
            self.p.s(h.c0 + 2)
        } else {
            self.p.s(h.c0)
        }
    }

    /// Skips adjuncts: lexicon phrases ("in a statement", "in an interview with ABC News"),
    /// times ("on Monday", "late Tuesday", "earlier this week"), "reporters" after "told",
    /// and adverbs.
    pub fn skip_adjuncts(&self, mut i: usize, hi: usize) -> usize {
        let p = self.p;
        loop {
            if i >= hi {
                return hi;
            }
            let a = self.adjunct_at[i] as usize;
            if a > 0 {
                i += a;
                if p.is(i, "with") {
                    // "in an interview with U.S. ABC News"
                    let mut j = i + 1;
                    while j < hi && (p.is_capitalized(j) || p.is_any(j, &["the", "a", "an", "'s"]))
                    {
                        j += 1;
                    }
                    i = j;
                }
                continue;
            }
            if p.is_any(
                i,
                &[
                    "on", "in", "late", "early", "earlier", "last", "this", "next", "later",
                ],
            ) {
                let time = (i + 1..(i + 4).min(hi)).find(|&j| time_word(p, j));
                if let Some(j) = time {
                    if (i + 1..j).all(|k| p.is_word(k)) {
                        i = j + 1;
                        continue;
                    }
                }
                if p.is_any(i, &["earlier", "later"]) {
                    i += 1;
                    continue;
                }
            }
            if time_word(p, i)
                && !p.is(i, "may")
                && !p.is(i, "march")
                && !p.s(i).starts_with(|c: char| c.is_ascii_digit())
            {
                i += 1;
                continue;
            }
            if p.is_any(i, &["reporters", "journalists"]) {
                i += 1;
                continue;
            }
            if ly_adverb(p, i) || p.is_any(i, &["also", "again", "too", "publicly", "privately"]) {
                i += 1;
                continue;
            }
            return i;
        }
    }
}

/// A word of time or a date number ("Monday", "week", "16th", "2024").
pub(crate) fn time_word(p: &Prepared, i: usize) -> bool {
    p.is_word(i)
        && (is_class(p, i, class::TIME_WORDS) || p.s(i).starts_with(|c: char| c.is_ascii_digit()))
}

pub(crate) fn claim(claim: Range<usize>, target: Option<Range<usize>>, how: How) -> Right {
    Right::Claim { claim, target, how }
}
