//! What stands before a verb cue: its subject, with appositions kept and leading adverbials
//! and parenthetical clauses dropped.

use std::ops::Range;

use super::*;

impl<'a> Ctx<'a> {
    /// What precedes the verb cue starting at `c0` in the sentence starting at `lo`.
    pub fn left_of(&self, lo: usize, c0: usize) -> Left {
        let p = self.p;
        let j = self.verb_group_start(lo, c0);
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
        let (b, mut before) = self.region_before(lo, j);
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
                None if segs.len() == first + 2 => Left::AfterClause(k),
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
        // a clause before the subject: after the leading adverbials, or cut off by a boundary
        if s0 > first || (s0 > 0 && b > lo) {
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

    /// Where the region of a subject ending at `j` starts: back to a boundary (a paired quote
    /// mark, a clause opener, a semicolon, colon or dash), and what stands there.
    fn region_before(&self, lo: usize, j: usize) -> (usize, Before) {
        let p = self.p;
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
                // an unpaired mark is an apostrophe ("the workers' union")
                Kind::Quote(_) => p.mark_of[t] != 0,
                Kind::Punct => matches!(p.s(t), ";" | ":" | "—" | "–" | "-"),
                // also the conjunctions of time ("a day after the board warned"): the subject
                // of the reporting verb starts after them
                Kind::Word => {
                    is_class(p, t, class::CLAUSE_OPENERS)
                        || p.is_any(t, &["after", "before", "until"])
                }
                Kind::Break => true,
            };
            if stop {
                break;
            }
            b -= 1;
        }
        (b, before)
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
    pub fn appositive(&self, s: Range<usize>) -> bool {
        let p = self.p;
        !s.is_empty()
            && s.len() <= 16
            && np_opener(p, s.start)
            && !is_class(p, s.start, class::SUBJECT_PRONOUNS)
            && !adverbial_start(p, s.start)
            && !s.clone().any(|t| {
                verbish(p, t) || is_class(p, t, class::RELATIVES) || self.hit_at(t).is_some()
            })
    }

    /// Where the verb group ending at `c0` starts: before auxiliaries, adverbs and times that
    /// stand between a subject and its verb ("has also", "on Tuesday", "would only").
    pub fn verb_group_start(&self, lo: usize, c0: usize) -> usize {
        let p = self.p;
        let mut j = c0;
        loop {
            if j > lo && preverbal(p, j - 1) {
                j -= 1;
                continue;
            }
            if j > lo && time_word(p, j - 1) {
                let prep = (j.saturating_sub(4).max(lo)..j - 1).rev().find(|&t| {
                    p.is_any(t, &["on", "last", "this", "late", "early", "earlier", "in"])
                });
                if let Some(t) = prep {
                    if (t + 1..j).all(|u| p.is_word(u)) {
                        j = t;
                        continue;
                    }
                }
                if p.is_any(j - 1, &["today", "yesterday", "tonight"]) {
                    j -= 1;
                    continue;
                }
            }
            return j;
        }
    }

    /// The subject of the sentence's main clause (for a participle whose clause has no
    /// reporting verb: "Hartwell Foods, the country's third-largest grocery chain, lowered …,
    /// blaming …"): the first segment after leading adverbials, cut before its first verb, with
    /// its appositions.
    pub fn main_subject(&self, lo: usize, end: usize) -> Option<Range<usize>> {
        let p = self.p;
        let segs = self.segments(lo..end);
        let first = segs
            .iter()
            .position(|s| !s.is_empty() && !adverbial_start(p, s.start))?;
        let head = segs[first].clone();
        // the verb: an "-ed" word, a cue, or a lower-case word before a determiner ("cut its")
        let verb_at = |t: usize| {
            verbish(p, t)
                || self.hit_at(t).is_some()
                || (p.is_word(t)
                    && p.s(t).starts_with(char::is_lowercase)
                    && !is_class(p, t, class::PREPOSITIONS)
                    && is_class(p, t + 1, class::DETERMINERS))
        };
        let cut = head.clone().find(|&t| t > head.start && verb_at(t));
        let mut np = head.start..cut.unwrap_or(head.end);
        if cut.is_none() {
            for s in &segs[first + 1..] {
                let verb = s
                    .clone()
                    .find(|&t| t > s.start && (verbish(p, t) || self.hit_at(t).is_some()));
                if verb.is_some() || !self.appositive(s.clone()) {
                    break;
                }
                np.end = s.end;
            }
        }
        self.trim_np(np).filter(|r| r.len() <= 12)
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
        while !r.is_empty()
            && (is_class(p, r.start, class::CONNECTIVES) || p.is_punct(r.start, ','))
        {
            r.start += 1;
        }
        while !r.is_empty() && p.is_punct(r.end - 1, ',') {
            r.end -= 1;
        }
        if r.is_empty() {
            return None;
        }
        // no verb inside (outside brackets): "lowered its full-year profit" is no subject
        let ok = np_opener(p, r.start)
            && r.len() <= 24
            && !r.clone().any(|t| {
                (is_class(p, t, class::AUXILIARIES) && p.s(t) != "'s")
                    || (verbish(p, t) && !p.is_capitalized(t))
            });
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
        (s < r.end && (p.is_capitalized(s) || p.is(s, "the"))).then_some(s..r.end)
    }
}
