//! Where a claim ends, attributions that close a sentence, inverted sources, and trimming.

use std::ops::Range;

use super::*;

impl<'a> Ctx<'a> {
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
                    if p.is_any(n, &["and", "but"]) && p.is(n + 1, "that") {
                        return t;
                    }
                    // ", as an online petition …": the writer's subordinate clause
                    let as_saying = p.is(n, "as") && gerund(p, n + 1);
                    if p.is_any(n, &["as", "while", "whereas", "although", "though"])
                        && !as_saying
                        && t - from >= 3
                    {
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
                    // "…, and a Valdorian negotiator responded that …": a new attributed clause
                    if t - from >= 3 && np_opener(p, t + 1) && !is_in(p, t + 1, &["that"]) {
                        let stop = (t + 10).min(limit);
                        let mut u = t + 1;
                        while u < stop && p.is_word(u) && !verbish(p, u) && self.hit_at(u).is_none()
                        {
                            u += 1;
                        }
                        let finite = self.verb_hit_after(u, limit).is_some_and(|h| {
                            !self.is_gerund_hit(&h) && self.entry(&h).kind == CueKind::Verb
                        });
                        if u > t + 1 && u < stop && finite {
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

    /// A clause inside a subject ("The ministry's denial that troops had crossed the border did
    /// little …") ends where the sentence's own verb starts: the first verb after the clause's
    /// verb group and a noun.
    pub fn cut_before_main_verb(&self, r: Range<usize>) -> Range<usize> {
        let p = self.p;
        let mut seen_verb = false;
        let mut after_noun = false;
        for t in r.clone() {
            if p.is_any(t, &["and", "but", "or", "that", "which", "who"]) || !p.is_wordish(t) {
                after_noun = false;
                continue;
            }
            let verb = verbish(p, t) || preverbal(p, t) && is_class(p, t, class::AUXILIARIES);
            if verb && seen_verb && after_noun && t > r.start {
                return r.start..t;
            }
            if verb {
                seen_verb = true;
                after_noun = false;
            } else if seen_verb && content_word(p, t) {
                after_noun = true;
            }
        }
        r
    }

    /// The source noun phrase after an inverted cue (`…," said Ali Vaez, a director at …`),
    /// and the token after it.
    pub fn source_after(&self, c1: usize, hi: usize) -> Option<(Range<usize>, usize)> {
        let p = self.p;
        let i = self.skip_adjuncts(c1, hi);
        if !np_opener(p, i)
            || p.is_any(i, &["reporters", "journalists"])
            || is_class(p, i, class::SUBJECT_PRONOUNS)
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
        if p.is_punct(t, ',') && np_opener(p, t + 1) && !is_class(p, t + 1, class::RELATIVES) {
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
        self.trim_fragment(r, false)
    }

    /// [`Ctx::trim_claim`], keeping a final period when `keep_period` (a fragment that ends a
    /// paragraph inside a longer quotation).
    pub fn trim_fragment(&self, r: Range<usize>, keep_period: bool) -> Range<usize> {
        let p = self.p;
        let mut r = r;
        loop {
            let before = r.clone();
            while !r.is_empty()
                && p.toks[r.end - 1].kind == Kind::Punct
                && matches!(p.s(r.end - 1), "." | "," | ";" | ":" | "—" | "–" | "-")
                && !(keep_period && p.s(r.end - 1) == ".")
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
            if r.len() > 2
                && is_class(p, r.start, class::CONNECTIVES)
                && p.is_punct(r.start + 1, ',')
            {
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
