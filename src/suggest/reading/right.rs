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
        // "posted a photo … with the message: "…""
        if e.takes(Takes::Quote) {
            if let Some(q) = self.quote_after_colon(i, hi) {
                return Right::Quote(q);
            }
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
                // "vowed to fight" → "fight …"; a negation keeps "to": "not to allow …"
                let from = if k == i { i + 1 } else { i };
                return claim(from..self.clause_end(from, hi), None, How::Infinitive);
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
        // "told a residents' meeting on Friday." / "told analysts on a conference call."
        let after_addressee = if self.addressee_verb(e) && np_opener(p, i) {
            let mut k = i;
            while k < hi
                && p.is_wordish(k)
                && !is_class(p, k, class::PREPOSITIONS)
                && !verbish(p, k)
            {
                k += 1;
            }
            k
        } else {
            i
        };
        if self.rest_is_tail(after_addressee, hi) {
            return Right::Tail;
        }
        self.object_claim(e, i, hi).unwrap_or(Right::None)
    }

    /// The object as the claim ("condemned the strike as a breach …"), its head as the target;
    /// for "quoted X as saying …" the whole reported saying.
    fn object_claim(&self, e: &Entry, i: usize, hi: usize) -> Option<Right> {
        let p = self.p;
        let object = e.takes(Takes::Object) || e.takes(Takes::Naming);
        if object && np_opener(p, i) && !is_class(p, i, class::SUBJECT_PRONOUNS) {
            // "quoted a senior official, …, as saying that …": the whole reported saying
            let quoted_as = e.lemma == "quote" || e.lemma == "cite";
            let end = if quoted_as {
                self.clause_end(i, hi)
            } else {
                self.object_end(i, hi)
            };
            let naming_ok = !e.takes(Takes::Naming)
                || e.takes(Takes::Object)
                || (i..end).any(|t| p.quote_opened_at(t).is_some());
            if end > i && naming_ok {
                // the object is the target, up to "as" ("condemned X as Y", "described X as Y")
                let as_at = (i..end).find(|&t| p.is(t, "as"));
                let named = (i..end).find(|&t| t > i && p.quote_opened_at(t).is_some());
                let target = match (as_at, named) {
                    (Some(a), _) => self.target_np(i, a),
                    (None, Some(q)) => self.target_np(i, q),
                    (None, None) => {
                        Some(self.trim_claim(i..end)).filter(|r| !r.is_empty() && r.len() <= 12)
                    }
                };
                return Some(claim(i..end, target, How::Object));
            }
        }
        None
    }

    /// Verbs whose first object is the person spoken to ("told analysts", "warned the West").
    pub fn addressee_verb(&self, e: &Entry) -> bool {
        ADDRESSEE_VERBS.contains(&e.lemma.as_str())
    }

    /// A quote opened after a colon within a few words: "posted a photo of the quay with the
    /// message: "…"".
    fn quote_after_colon(&self, i: usize, hi: usize) -> Option<usize> {
        let p = self.p;
        let stop = (i + 20).min(hi);
        for t in i..stop {
            if p.is_punct(t, ':') {
                return p.quote_opened_at(t + 1);
            }
            if !p.is_word(t) && !p.is_punct(t, ',') || verbish(p, t) || self.hit_at(t).is_some() {
                return None;
            }
        }
        None
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
            let vp = (p.is_word(k + 1) && !p.is_capitalized(k + 1))
                || p.quote_opened_at(k + 1).is_some();
            if p.is(k, "to") && vp {
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
        // inside ", who was summoned …," verbs do not end the search
        let mut relative = false;
        while t < stop {
            if p.is(t, "that") {
                break;
            }
            if p.is_punct(t, ',') {
                relative = is_class(p, t + 1, class::RELATIVES);
            }
            let blocked = match p.toks[t].kind {
                Kind::Word => {
                    (self.hit_at(t).is_some() && t > i)
                        || (p.is_any(t, &["and", "but", "or"])
                            && (p.is(t + 1, "that") || (t > i && p.is_punct(t - 1, ','))))
                        || (verbish(p, t) && !relative)
                }
                Kind::Quote(_) => p.mark_of[t] != 0,
                Kind::Break => true,
                Kind::Punct => !matches!(p.s(t), "(" | ")" | "-" | "." | ","),
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
        let addressee = self.addressee_verb(e);
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
                let end = (i..t).find(|&k| p.is_punct(k, ',')).unwrap_or(t);
                Some(i..end)
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

    /// A stretch that opens like a clause: a noun phrase followed, within a few words, by a
    /// verb (or long enough to hold one: "the union's figures left out a payment").
    fn clause_like(&self, i: usize, hi: usize) -> bool {
        let p = self.p;
        let opens = (np_opener(p, i) || p.is(i, "there")) && !time_word(p, i);
        if !opens {
            return false;
        }
        let window = (i + 14).min(hi);
        let verb = (i..window).any(|t| {
            verbish(p, t)
                || self
                    .hit_at(t)
                    .is_some_and(|h| self.entry(&h).kind == CueKind::Verb)
        });
        verb || self.clause_end(i, hi).saturating_sub(i) >= 4
    }

    /// Nothing but adjuncts, prepositional phrases and punctuation until `hi`, or a trailing
    /// participle.
    pub fn rest_is_tail(&self, i: usize, hi: usize) -> bool {
        let p = self.p;
        // a tail is short: past this, it is not one (and the scan stays bounded)
        if hi > i + 80 {
            return false;
        }
        let mut j = self.skip_adjuncts(i, hi);
        while j < hi {
            if is_class(p, j, class::PREPOSITIONS) && !p.is(j, "to") && !p.is(j, "as") {
                // "at a rally in York", "outside the union's headquarters"
                let mut k = j + 1;
                while k < hi
                    && (p.is_word(k)
                        || matches!(p.toks[k].kind, Kind::Quote(_)) && p.mark_of[k] == 0)
                    && !verbish(p, k)
                    && self.hit_at(k).is_none()
                    && !is_class(p, k, class::CLAUSE_OPENERS)
                {
                    k += 1;
                }
                if k == j + 1 {
                    return false;
                }
                j = k;
                continue;
            }
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
            if is_class(p, t, class::PREPOSITIONS) && !p.is(t, "of") {
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
