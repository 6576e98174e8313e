//! What follows a verb cue: a quote, a that-clause, an object, a target and an infinitive.

use std::ops::Range;

use super::*;

impl<'a> Ctx<'a> {
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
}
