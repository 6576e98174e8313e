//! Reading the words around a cue: where the lexicon's cues are ([`Ctx::new`]), the subject
//! before a verb ([`Ctx::left_of`]), the complement after it ([`Ctx::right_of`]) and where a
//! clause ends ([`Ctx::clause_end`]). All positions are token indices of [`Prepared`]; every scan
//! is bounded (by the sentence and by [`MAX_CLAIM`] / [`MAX_REGION`]) so that no text makes the
//! finder quadratic.

use std::ops::Range;

use super::lexicon::{CueKind, Entry, Lexicon, Takes};
use super::tokens::{Kind, Prepared};
use super::words::*;

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
        let mut lower = String::new();
        let mut i = 0;
        while i < n {
            if !p.is_word(i) || p.quote_of(i).is_some() {
                i += 1;
                continue;
            }
            lower.clear();
            lower.extend(p.s(i).chars().flat_map(char::to_lowercase));
            let noun_context = i > 0 && (is_in(p, i - 1, DETERMINERS) || p.is(i - 1, "'s"));
            let mut best: Option<(usize, usize)> = None; // (length, entry)
            for (words, e) in lex.starting_with(&lower) {
                let len = words.len();
                if best.is_some_and(|(l, _)| l > len) || !ctx.matches_rest(i, words) {
                    continue;
                }
                let entry = lex.entry(*e);
                // A capitalised word after another word is a name ("the United States").
                let name = p.is_capitalized(i) && i > 0 && p.is_word(i - 1);
                let fits = match entry.kind {
                    CueKind::Noun => noun_context && !name,
                    CueKind::Verb => !noun_context && !name,
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

    fn matches_rest(&self, i: usize, words: &[String]) -> bool {
        words.iter().enumerate().skip(1).all(|(k, w)| {
            let j = i + k;
            j < self.p.toks.len() && self.p.is_word(j) && self.p.s(j).to_lowercase() == *w
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
        let noun = t0 > 0 && (is_in(p, t0 - 1, DETERMINERS) || p.is(t0 - 1, "'s"));
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
                    "on", "late", "early", "earlier", "last", "this", "next", "later",
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

    /// What precedes the verb cue starting at `c0` in the sentence starting at `lo`.
    pub fn left_of(&self, lo: usize, c0: usize) -> Left {
        let p = self.p;
        let mut j = c0;
        while j > lo && preverbal(p, j - 1) {
            j -= 1;
        }
        if j == lo {
            return Left::None;
        }
        let k = j - 1;
        if p.is_any(k, &["and", "but", "or"]) {
            return Left::Coordinated;
        }
        if let Some(q) = p.quote_closed_at(k) {
            return Left::AfterQuote(q);
        }
        if p.is_punct(k, ',') && k > lo {
            if let Some(q) = p.quote_closed_at(k - 1) {
                return Left::AfterQuote(q);
            }
        }
        // The region: back to a boundary.
        let floor = lo.max(j.saturating_sub(MAX_REGION));
        let mut b = j;
        let mut before = Before::Start;
        while b > floor {
            let t = b - 1;
            if let Some(q) = p.quote_closed_at(t) {
                before = Before::Quote(q);
                break;
            }
            if p.is_punct(t, ',') && t > lo && p.quote_closed_at(t - 1).is_some() {
                before = Before::Quote(p.quote_closed_at(t - 1).unwrap_or(0));
                break;
            }
            let stop = match p.toks[t].kind {
                Kind::Quote(_) => true,
                Kind::Punct => matches!(p.s(t), ";" | ":" | "—" | "–"),
                Kind::Word => is_in(p, t, CLAUSE_OPENERS),
                Kind::Break => true,
            };
            if stop {
                break;
            }
            b -= 1;
        }
        let region = b..j;
        let comma_before_cue = p.is_punct(k, ',').then_some(k);
        let segs = self.segments(region.clone());
        let mut first = 0;
        while first + 1 < segs.len()
            && (segs[first].is_empty() || adverbial_start(p, segs[first].start))
        {
            first += 1;
        }
        let clause_start = segs[first].start;
        if comma_before_cue.is_some() {
            // "A, B, CUE": the head, then appositions until a parenthetical.
            let head = segs[first].clone();
            if head.is_empty() {
                return Left::None;
            }
            let mut end = head.end;
            for s in &segs[first + 1..] {
                if s.is_empty() || !self.appositive(s.clone()) {
                    break;
                }
                end = s.end;
            }
            let np = self.trim_np(head.start..end);
            return match np {
                Some(np) => Left::Subject {
                    np,
                    before,
                    comma_before_cue,
                    clause_start,
                },
                None => Left::None,
            };
        }
        // "A B CUE" / "CLAUSE, B CUE" / "X, Y and Z CUE"
        let last = segs.len() - 1;
        let mut s0 = last;
        if (segs[last].clone()).any(|t| p.is_any(t, &["and", "or"])) {
            while s0 > first && self.list_item(segs[s0 - 1].clone()) {
                s0 -= 1;
            }
        }
        if s0 > first {
            before = Before::Clause(segs[s0].start - 1);
        }
        let np = self.trim_np(segs[s0].start..segs[last].end);
        match np {
            Some(np) => Left::Subject {
                np,
                before,
                comma_before_cue: None,
                clause_start,
            },
            None => Left::None,
        }
    }

    /// Splits a token range at top-level commas (not inside brackets).
    fn segments(&self, r: Range<usize>) -> Vec<Range<usize>> {
        let p = self.p;
        let mut segs = Vec::new();
        let mut start = r.start;
        let mut depth = 0i32;
        for t in r.clone() {
            if p.is_punct(t, '(') {
                depth += 1;
            } else if p.is_punct(t, ')') {
                depth -= 1;
            } else if depth <= 0 && p.is_punct(t, ',') {
                segs.push(start..t);
                start = t + 1;
            }
        }
        segs.push(start..r.end);
        segs
    }

    /// A comma-separated segment that renames the head: "Espen Barth Eide", "a spokesman for
    /// the ministry" (not "who …", "attending …", "for its part").
    fn appositive(&self, s: Range<usize>) -> bool {
        let p = self.p;
        s.len() <= 12
            && (p.is_capitalized(s.start) || is_in(p, s.start, DETERMINERS))
            && !adverbial_start(p, s.start)
            && !s.clone().any(|t| verbish(p, t))
    }

    /// A short list element before "…, Y and Z": capitalised or a determiner phrase.
    fn list_item(&self, s: Range<usize>) -> bool {
        let p = self.p;
        !s.is_empty()
            && s.len() <= 4
            && s.clone()
                .all(|t| p.is_capitalized(t) || p.is_any(t, &["the", "'s", "and"]))
    }

    /// Trims a subject candidate to a noun phrase: drops leading connectives, checks it opens
    /// like a noun phrase, and falls back to its trailing capitalised words when it is long.
    pub fn trim_np(&self, r: Range<usize>) -> Option<Range<usize>> {
        let p = self.p;
        let mut r = r;
        while !r.is_empty() && (is_in(p, r.start, CONNECTIVES) || p.is_punct(r.start, ',')) {
            r.start += 1;
        }
        while !r.is_empty() && p.is_punct(r.end - 1, ',') {
            r.end -= 1;
        }
        if r.is_empty() {
            return None;
        }
        let ok = np_opener(p, r.start)
            && r.len() <= 16
            && !r
                .clone()
                .any(|t| is_in(p, t, AUXILIARIES) && p.s(t) != "'s");
        if ok {
            return Some(r);
        }
        // Trailing capitalised words (with "of", "the", "'s"): "… officials, Israeli Prime
        // Minister Benjamin Netanyahu".
        let mut s = r.end;
        while s > r.start
            && (p.is_capitalized(s - 1)
                || (s < r.end && p.is_any(s - 1, &["the", "'s", "of"]))
                || p.is_punct(s - 1, '(')
                || p.is_punct(s - 1, ')'))
        {
            s -= 1;
        }
        while s < r.end && p.is_any(s, &["of", "'s"]) {
            s += 1;
        }
        (s < r.end && p.is_capitalized(s) || (s < r.end && p.is(s, "the"))).then_some(s..r.end)
    }

    /// What follows the verb cue ending at `c1`, in a sentence ending at `hi`.
    pub fn right_of(&self, h: &Hit, hi: usize) -> Right {
        let p = self.p;
        let e = self.entry(h);
        let c1 = h.c1;
        let i = self.skip_adjuncts(c1, hi);
        // a direct quote
        let mut j = i;
        if p.is_punct(j, ',') || p.is_punct(j, ':') {
            j += 1;
        }
        if let Some(q) = p.quote_opened_at(j) {
            if j > i || e.takes(Takes::Quote) {
                return Right::Quote(q);
            }
        }
        if i >= hi {
            return Right::Tail;
        }
        if e.takes(Takes::ObjectTo) {
            if let Some(r) = self.object_to(i, hi) {
                return r;
            }
        }
        if e.takes(Takes::Of) || e.takes(Takes::For) {
            if let Some(r) = self.target_of(e, i, hi) {
                return r;
            }
        }
        if e.takes(Takes::To) {
            let k = if p.is_any(i, &["not", "never"]) {
                i + 1
            } else {
                i
            };
            if p.is(k, "to") && p.is_word(k + 1) {
                return claim(i..self.clause_end(i, hi), None, How::Infinitive);
            }
        }
        if e.takes(Takes::That) || e.takes(Takes::Clause) {
            if let Some(r) = self.that_clause(h, e, i, hi) {
                return r;
            }
        }
        if p.is_punct(i, ':') && i + 1 < hi {
            return claim(i + 1..self.clause_end(i + 1, hi), None, How::Colon);
        }
        if e.takes(Takes::Clause) && self.clause_like(i, hi) {
            return claim(i..self.clause_end(i, hi), None, How::Clause);
        }
        if self.rest_is_tail(i, hi) {
            return Right::Tail;
        }
        if e.takes(Takes::Object) && (np_opener(p, i) || p.is_word(i)) && !is_in(p, i, PREPOSITIONS)
        {
            let end = self.object_end(i, hi);
            if end > i {
                let target = self.target_np(i, end);
                return claim(i..end, target, How::Object);
            }
        }
        Right::None
    }

    /// "urged Iran to stop", "called on the West to act".
    fn object_to(&self, i: usize, hi: usize) -> Option<Right> {
        let p = self.p;
        if !np_opener(p, i) {
            return None;
        }
        let stop = (i + 12).min(hi);
        let mut k = i + 1;
        while k < stop {
            if p.is(k, "to") && p.is_word(k + 1) && !p.is_capitalized(k + 1) {
                let target = i..k;
                let from = k + 1;
                return Some(claim(
                    from..self.clause_end(from, hi),
                    Some(target),
                    How::ObjectTo,
                ));
            }
            if p.is_punct(k, ',')
                || p.is(k, "that")
                || p.toks[k].kind != Kind::Word
                || verbish(p, k)
            {
                return None;
            }
            k += 1;
        }
        None
    }

    /// "accused Iran of lying", "blamed the West for the crisis", "warned of a crisis".
    fn target_of(&self, e: &Entry, i: usize, hi: usize) -> Option<Right> {
        let p = self.p;
        let preps: &[&str] = match (e.takes(Takes::Of), e.takes(Takes::For)) {
            (true, true) => &["of", "for"],
            (true, false) => &["of", "about"],
            _ => &["for"],
        };
        if p.is_any(i, preps) {
            let from = i + 1;
            let end = self.clause_end(from, hi);
            return (end > from).then(|| claim(from..end, None, How::TargetOf));
        }
        if !np_opener(p, i) {
            return None;
        }
        let stop = (i + 10).min(hi);
        let k = (i + 1..stop).find(|&k| p.is_any(k, preps) || !p.is_word(k) || verbish(p, k))?;
        if !p.is_any(k, preps) {
            return None;
        }
        let from = k + 1;
        let end = self.clause_end(from, hi);
        (end > from).then(|| claim(from..end, Some(i..k), How::TargetOf))
    }

    /// "said (on Monday) that …", "told Israel that …", "indicating a low likelihood that …".
    fn that_clause(&self, h: &Hit, e: &Entry, i: usize, hi: usize) -> Option<Right> {
        let p = self.p;
        let stop = (i + THAT_WINDOW).min(hi);
        let mut t = i;
        while t < stop {
            if p.is(t, "that") {
                break;
            }
            let blocked = match p.toks[t].kind {
                Kind::Word => self.hit_at(t).is_some() && t > i,
                Kind::Quote(_) | Kind::Break => true,
                Kind::Punct => !matches!(p.s(t), "(" | ")" | "-" | "."),
            };
            if blocked {
                return None;
            }
            t += 1;
        }
        if t >= stop || !p.is(t, "that") || !e.takes(Takes::That) && t > i {
            return None;
        }
        let from = t + 1;
        let end = self.clause_end(from, hi);
        if end <= from {
            return None;
        }
        let addressee = ADDRESSEE_VERBS.iter().any(|v| e.lemma == *v);
        // "indicating a low likelihood that …": the noun heads the claim.
        if t > i && p.is_any(i, &["a", "an"]) && !addressee {
            return Some(claim(i..end, None, How::That));
        }
        // the addressee or "to X" between the cue and "that" is the target
        let target = if t > i {
            let mid = i..t;
            if let Some(k) = mid.clone().find(|&k| p.is(k, "to")) {
                (k + 1 < t && np_opener(p, k + 1)).then(|| k + 1..t)
            } else if addressee && np_opener(p, i) && !p.is_any(i, &["reporters", "journalists"]) {
                Some(i..t)
            } else {
                None
            }
        } else {
            None
        };
        let target = target.and_then(|r| self.target_np(r.start, r.end));
        let _ = h;
        Some(claim(from..end, target, How::That))
    }

    /// A stretch that opens like a clause and has a verb within a few words.
    fn clause_like(&self, i: usize, hi: usize) -> bool {
        let p = self.p;
        (np_opener(p, i) || p.is(i, "there"))
            && !is_in(p, i, TIME_WORDS)
            && (i..(i + 8).min(hi)).any(|t| {
                verbish(p, t)
                    || self
                        .hit_at(t)
                        .is_some_and(|h| self.entry(&h).kind == CueKind::Verb)
            })
    }

    /// Nothing but adjuncts and punctuation until `hi`, or a trailing participle.
    pub fn rest_is_tail(&self, i: usize, hi: usize) -> bool {
        let p = self.p;
        let mut j = self.skip_adjuncts(i, hi);
        while j < hi {
            match p.toks[j].kind {
                Kind::Punct if matches!(p.s(j), "." | "!" | "?" | ")") => j += 1,
                Kind::Quote(_) if p.quote_closed_at(j).is_some() => j += 1,
                Kind::Punct if p.s(j) == "," => {
                    if gerund(p, j + 1) {
                        return true;
                    }
                    let k = self.skip_adjuncts(j + 1, hi);
                    if k == j + 1 {
                        return false;
                    }
                    j = k;
                }
                _ => return false,
            }
        }
        true
    }

    /// Where an object claim ends: before an adjunct ("through a joint statement", "in an
    /// interview"), a comma, or the end of the clause.
    fn object_end(&self, i: usize, hi: usize) -> usize {
        let p = self.p;
        let end = self.clause_end(i, hi);
        let mut t = i;
        while t < end {
            if let Some(q) = p.quote_opened_at(t) {
                t = p.quotes[q].close.unwrap_or(end).max(t) + 1;
                continue;
            }
            let adjunct = self.adjunct_at[t] > 0
                || p.is_any(
                    t,
                    &[
                        "through", "during", "via", "amid", "while", "when", "after", "before",
                        "because",
                    ],
                )
                || (p.is_any(t, &["on", "late", "earlier", "last"])
                    && self.skip_adjuncts(t, hi) > t)
                || p.is_punct(t, ',');
            if adjunct && t > i {
                return t;
            }
            t += 1;
        }
        end
    }

    /// The noun phrase at the start of `[i, end)` that a stance is aimed at: up to "as", a
    /// comma, "to", or a preposition not followed by a name.
    pub fn target_np(&self, i: usize, end: usize) -> Option<Range<usize>> {
        let p = self.p;
        let mut t = i;
        while t < end {
            if p.is_any(
                t,
                &[
                    "as", "that", "to", "for", "over", "from", "with", "by", "who", "which",
                ],
            ) || !(p.is_word(t) || p.is_punct(t, '(') || p.is_punct(t, ')'))
                || (t > i && verbish(p, t))
            {
                break;
            }
            if is_in(p, t, PREPOSITIONS) && !p.is(t, "of") {
                let next = t + 1;
                let named =
                    p.is_capitalized(next) || (p.is(next, "the") && p.is_capitalized(next + 1));
                if !named {
                    break;
                }
            }
            t += 1;
        }
        (t > i && t - i <= 12).then_some(i..t)
    }

    /// Where a clause starting at `from` ends (exclusive): at `hi` (the sentence end), a
    /// semicolon, ", according to", a trailing participle (", indicating …"), a trailing
    /// attribution (", the ministry said."), "and that …", or "and" + another reporting verb.
    pub fn clause_end(&self, from: usize, hi: usize) -> usize {
        let p = self.p;
        let limit = hi.min(from + MAX_CLAIM);
        let mut t = from;
        while t < limit {
            if let Some(q) = p.quote_opened_at(t) {
                match p.quotes[q].close {
                    Some(c) if c < limit => {
                        t = c + 1;
                        continue;
                    }
                    _ => return limit,
                }
            }
            match p.toks[t].kind {
                Kind::Punct if p.s(t) == ";" => return t,
                Kind::Punct if p.s(t) == "," => {
                    let n = t + 1;
                    if p.is(n, "according") && p.is(n + 1, "to") {
                        return t;
                    }
                    if gerund(p, n) && t - from >= 3 {
                        return t;
                    }
                    if p.is(n, "and") && p.is(n + 1, "that") {
                        return t;
                    }
                    if self.attribution_follows(n, hi) {
                        return t;
                    }
                }
                Kind::Word if p.is_any(t, &["and", "but"]) && t > from => {
                    if p.is(t + 1, "that") && t - from >= 3 {
                        return t;
                    }
                    if let Some(h) = self.verb_hit_after(t + 1, limit) {
                        if !self.is_gerund_hit(&h) && t - from >= 2 {
                            return t;
                        }
                    }
                }
                _ => {}
            }
            t += 1;
        }
        limit
    }

    /// ", the ministry said." / ", said the ministry." at `n` (after a comma), to the end.
    fn attribution_follows(&self, n: usize, hi: usize) -> bool {
        let p = self.p;
        // inverted: ", said X."
        if let Some(h) = self.hit_at(n) {
            if self.entry(&h).kind == CueKind::Verb && !self.is_gerund_hit(&h) {
                return self
                    .source_after(h.c1, hi)
                    .is_some_and(|(_, after)| self.rest_is_tail(after, hi));
            }
        }
        if !np_opener(p, n) {
            return false;
        }
        let stop = (n + 12).min(hi);
        let mut t = n;
        while t < stop {
            if let Some(h) = self.hit_at(t) {
                if self.entry(&h).kind != CueKind::Verb || self.is_gerund_hit(&h) {
                    return false;
                }
                let mut k = t;
                while k > n && preverbal(p, k - 1) {
                    k -= 1;
                }
                return k > n && self.rest_is_tail(h.c1, hi);
            }
            if !p.is_word(t) && !p.is_punct(t, '(') && !p.is_punct(t, ')') && !p.is_punct(t, ',') {
                return false;
            }
            t += 1;
        }
        false
    }

    /// The source noun phrase after an inverted cue (`…," said Ali Vaez, a director at …`),
    /// and the token after it.
    pub fn source_after(&self, c1: usize, hi: usize) -> Option<(Range<usize>, usize)> {
        let p = self.p;
        let i = self.skip_adjuncts(c1, hi);
        if !np_opener(p, i)
            || is_in(p, i, SUBJECT_PRONOUNS)
                && !p.is_any(i, &["he", "she", "they", "it", "we", "i"])
        {
            return None;
        }
        let mut t = i;
        let mut depth = 0;
        while t < hi && t < i + 14 {
            if p.is_punct(t, '(') {
                depth += 1;
            } else if p.is_punct(t, ')') {
                depth -= 1;
            } else if depth == 0
                && (!p.is_word(t)
                    || self.adjunct_at[t] > 0
                    || (t > i && verbish(p, t))
                    || (t > i && self.skip_adjuncts(t, hi) > t && !p.is_capitalized(t)))
            {
                break;
            }
            t += 1;
        }
        if t == i {
            return None;
        }
        let mut end = t;
        // an apposition: ", a spokesman for the ministry." (to the end of the sentence)
        if p.is_punct(t, ',') && (p.is_capitalized(t + 1) || is_in(p, t + 1, DETERMINERS)) {
            let mut u = t + 1;
            while u < hi
                && u < t + 14
                && (p.is_word(u) || p.is_punct(u, '(') || p.is_punct(u, ')'))
                && !verbish(p, u)
                && self.adjunct_at[u] == 0
            {
                u += 1;
            }
            if u > t + 1 && self.rest_is_tail(u, hi) {
                end = u;
            }
        }
        Some((i..end, end))
    }

    /// Drops trailing punctuation (and an unmatched closing quote) and leading connectives from a
    /// claim; strips quotation marks that surround all of it.
    pub fn trim_claim(&self, r: Range<usize>) -> Range<usize> {
        let p = self.p;
        let mut r = r;
        loop {
            let before = r.clone();
            while !r.is_empty()
                && p.toks[r.end - 1].kind == Kind::Punct
                && matches!(p.s(r.end - 1), "." | "," | ";" | ":" | "—" | "–" | "-")
            {
                r.end -= 1;
            }
            if !r.is_empty() {
                if let Some(q) = p.quote_closed_at(r.end - 1) {
                    if p.quotes[q].open < r.start {
                        r.end -= 1;
                    }
                }
            }
            while !r.is_empty()
                && p.toks[r.start].kind == Kind::Punct
                && matches!(p.s(r.start), "," | ":" | ";" | "—" | "–")
            {
                r.start += 1;
            }
            if r.len() > 2 && is_in(p, r.start, CONNECTIVES) && p.is_punct(r.start + 1, ',') {
                r.start += 2;
            }
            if r.len() >= 2 {
                if let Some(q) = p.quote_opened_at(r.start) {
                    if p.quotes[q].close == Some(r.end - 1) {
                        r.start += 1;
                        r.end -= 1;
                    }
                }
            }
            if r == before {
                return r;
            }
        }
    }
}

/// A word of time or a date number ("Monday", "week", "16th", "2024").
fn time_word(p: &Prepared, i: usize) -> bool {
    p.is_word(i) && (is_in(p, i, TIME_WORDS) || p.s(i).starts_with(|c: char| c.is_ascii_digit()))
}

fn claim(claim: Range<usize>, target: Option<Range<usize>>, how: How) -> Right {
    Right::Claim { claim, target, how }
}
