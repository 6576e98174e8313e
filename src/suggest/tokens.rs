//! The finder's view of a text: tokens, paragraphs, paired quotation marks and sentences.
//!
//! Everything here is linear in the length of the text. Tokens carry code point offsets
//! (half-open, like every span of stancemark) and byte offsets into the analysed `&str` (to read
//! their words without a scan). A token is a word (letters, digits and combining marks, with
//! inner apostrophes and hyphens: `don't`, `so-called`; abbreviations keep their periods:
//! `U.S.`, `Mr.`), a possessive `'s`, a quotation mark, a line break (`\n`, `\r\n` or `\r`: one
//! token) or any other single character. Whitespace is not a token.
//!
//! Quotation marks are paired within a paragraph (straight and curly, double and single); a
//! quote left open at the end of a paragraph continues when the next paragraph opens a quote
//! (the news convention for quotes that run over several paragraphs). Sentences never end inside
//! a paired quote, so a quoted passage of several sentences stays one unit.

use std::ops::Range;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    /// A quotation mark of the given family and shape.
    Quote(Mark),
    /// A line break (`\n`, `\r\n` or a lone `\r`).
    Break,
    /// Any other single character (punctuation, symbols, emoji).
    Punct,
}

/// The shape of a quotation mark: straight marks can open or close, curly marks say which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mark {
    DoubleStraight,
    DoubleOpen,
    DoubleClose,
    SingleStraight,
    SingleOpen,
    SingleClose,
}

impl Mark {
    pub(crate) fn of(c: char) -> Option<Mark> {
        Some(match c {
            '"' | '\u{ff02}' => Mark::DoubleStraight,
            '\u{201c}' | '\u{201e}' | '\u{ab}' | '\u{300c}' => Mark::DoubleOpen,
            '\u{201d}' | '\u{bb}' | '\u{300d}' => Mark::DoubleClose,
            '\'' => Mark::SingleStraight,
            '\u{2018}' | '\u{201a}' | '\u{2039}' => Mark::SingleOpen,
            '\u{2019}' | '\u{203a}' => Mark::SingleClose,
            _ => return None,
        })
    }

    fn double(self) -> bool {
        matches!(
            self,
            Mark::DoubleStraight | Mark::DoubleOpen | Mark::DoubleClose
        )
    }
}

/// One token: code point span `[start, end)` and byte range in the analysed text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub b0: usize,
    pub b1: usize,
    pub kind: Kind,
    /// Whitespace (or the start of the text) comes right before the token.
    pub space_before: bool,
}

/// A paired quotation: the tokens of its marks. `close` is `None` when the quote runs to the end
/// of its paragraph and continues in the next one (`next`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct QuoteSpan {
    pub open: usize,
    pub close: Option<usize>,
    pub para: usize,
    /// The quote of the next paragraph that continues this one (multi-paragraph quotes).
    pub next: Option<usize>,
    /// The quote of the previous paragraph that this one continues.
    pub prev: Option<usize>,
}

impl QuoteSpan {
    /// Token range of the quoted words (between the marks).
    pub fn inner(&self, para_end: usize) -> Range<usize> {
        self.open + 1..self.close.unwrap_or(para_end)
    }
}

/// A sentence: a token range inside one paragraph.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    pub toks: Range<usize>,
    pub para: usize,
}

/// The analysed text.
pub(crate) struct Prepared<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    /// Token ranges of paragraphs (lines), line breaks excluded; empty lines are skipped.
    pub paras: Vec<Range<usize>>,
    pub quotes: Vec<QuoteSpan>,
    /// For each token: 1 + index of the quote whose inner range holds it, or 0.
    pub in_quote: Vec<u32>,
    /// For each token that is a quotation mark of a paired quote: 1 + the quote's index.
    pub mark_of: Vec<u32>,
    pub sentences: Vec<Sentence>,
    /// For each paragraph, the range of its sentences in `sentences`.
    pub para_sentences: Vec<Range<usize>>,
    /// For each token, the closed word classes it belongs to (bits of [`super::words::class`]).
    pub classes: Vec<u32>,
    /// The lower-case words, one after the other; `lower_end[i]` is where token `i`'s ends.
    lower_text: String,
    lower_end: Vec<usize>,
}

impl<'a> Prepared<'a> {
    /// Analyses `text`, whose first code point is at document offset `base`.
    pub fn new(text: &'a str, base: usize) -> Prepared<'a> {
        let toks = super::lexer::tokenize(text, base);
        let mut p = Prepared {
            text,
            toks,
            paras: Vec::new(),
            quotes: Vec::new(),
            in_quote: Vec::new(),
            mark_of: Vec::new(),
            sentences: Vec::new(),
            para_sentences: Vec::new(),
            classes: Vec::new(),
            lower_text: String::with_capacity(text.len()),
            lower_end: Vec::new(),
        };
        let mut classes = Vec::with_capacity(p.toks.len());
        let mut lower_end = Vec::with_capacity(p.toks.len());
        for i in 0..p.toks.len() {
            let start = p.lower_text.len();
            if p.toks[i].kind == Kind::Word {
                let w = p.s(i);
                if w.is_ascii() {
                    p.lower_text
                        .extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
                } else {
                    p.lower_text.extend(w.chars().flat_map(char::to_lowercase));
                }
            }
            classes.push(super::words::classify(&p.lower_text[start..]));
            lower_end.push(p.lower_text.len());
        }
        p.classes = classes;
        p.lower_end = lower_end;
        p.split_paragraphs();
        p.pair_quotes();
        p.split_sentences();
        p
    }

    /// The token's text.
    pub fn s(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.b0..t.b1]
    }

    /// The token's text in lower case (empty for tokens that are not words).
    pub fn lower(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.lower_end[i - 1] };
        &self.lower_text[start..self.lower_end[i]]
    }

    /// The token is the word `w` (ASCII case-insensitive).
    pub fn is(&self, i: usize, w: &str) -> bool {
        i < self.toks.len() && self.s(i).eq_ignore_ascii_case(w)
    }

    /// The token is one of `ws` (ASCII case-insensitive).
    pub fn is_any(&self, i: usize, ws: &[&str]) -> bool {
        i < self.toks.len() && {
            let s = self.s(i);
            ws.iter().any(|w| s.eq_ignore_ascii_case(w))
        }
    }

    pub fn is_word(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].kind == Kind::Word
    }

    /// A word, or a quotation mark that pairs with none (an apostrophe: "the workers' union").
    pub fn is_wordish(&self, i: usize) -> bool {
        self.is_word(i)
            || (i < self.toks.len()
                && matches!(self.toks[i].kind, Kind::Quote(_))
                && self.mark_of[i] == 0)
    }

    pub fn is_punct(&self, i: usize, c: char) -> bool {
        i < self.toks.len() && self.toks[i].kind == Kind::Punct && self.s(i).starts_with(c)
    }

    /// A word starting with an upper-case letter (or a digit-free all-caps acronym).
    pub fn is_capitalized(&self, i: usize) -> bool {
        self.is_word(i) && self.s(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// The paired quote whose opening mark is token `i`.
    pub fn quote_opened_at(&self, i: usize) -> Option<usize> {
        let q = *self.mark_of.get(i)? as usize;
        (q > 0 && self.quotes[q - 1].open == i).then(|| q - 1)
    }

    /// The paired quote whose closing mark is token `i`.
    pub fn quote_closed_at(&self, i: usize) -> Option<usize> {
        let q = *self.mark_of.get(i)? as usize;
        (q > 0 && self.quotes[q - 1].close == Some(i)).then(|| q - 1)
    }

    /// The quote holding token `i` inside its marks.
    pub fn quote_of(&self, i: usize) -> Option<usize> {
        let q = *self.in_quote.get(i)? as usize;
        (q > 0).then(|| q - 1)
    }

    /// End token (exclusive) of the paragraph holding a quote: where an open quote's words end.
    pub fn quote_inner(&self, q: usize) -> Range<usize> {
        let quote = &self.quotes[q];
        quote.inner(self.paras[quote.para].end)
    }

    /// Code point span of a token range (document offsets).
    pub fn span(&self, r: Range<usize>) -> crate::model::Span {
        crate::model::Span::new(self.toks[r.start].start, self.toks[r.end - 1].end)
    }

    /// The document text of a token range.
    pub fn slice(&self, r: Range<usize>) -> &'a str {
        &self.text[self.toks[r.start].b0..self.toks[r.end - 1].b1]
    }

    /// The sentence holding token `i`.
    pub fn sentence_of(&self, i: usize) -> Option<&Sentence> {
        let k = self.sentences.partition_point(|s| s.toks.end <= i);
        self.sentences.get(k).filter(|s| s.toks.contains(&i))
    }

    fn split_paragraphs(&mut self) {
        let mut start = 0;
        for (i, t) in self.toks.iter().enumerate() {
            if t.kind == Kind::Break {
                if start < i {
                    self.paras.push(start..i);
                }
                start = i + 1;
            }
        }
        if start < self.toks.len() {
            self.paras.push(start..self.toks.len());
        }
    }

    /// Pairs quotation marks paragraph by paragraph (see the module doc).
    fn pair_quotes(&mut self) {
        let n = self.toks.len();
        self.in_quote = vec![0; n];
        self.mark_of = vec![0; n];
        // The open quote left at the end of the previous paragraph, if any.
        let mut pending: Option<usize> = None;
        for p in 0..self.paras.len() {
            let r = self.paras[p].clone();
            let carried = pending.take();
            // (token, is double) of the open quote in this paragraph.
            let mut open: Option<(usize, bool)> = None;
            let first_quote = self.quotes.len();
            for i in r.clone() {
                let Kind::Quote(m) = self.toks[i].kind else {
                    continue;
                };
                let before_space = self.toks[i].space_before || i == r.start;
                let after_space = i + 1 >= r.end || self.toks[i + 1].space_before;
                let after_word = i + 1 < r.end && self.toks[i + 1].kind == Kind::Word;
                match open {
                    None => {
                        let opens = match m {
                            Mark::DoubleOpen | Mark::SingleOpen => !after_space,
                            Mark::DoubleStraight | Mark::SingleStraight => {
                                before_space && !after_space
                            }
                            // A closing curly mark used as an opener (seen in some feeds).
                            Mark::DoubleClose => before_space && !after_space && after_word,
                            Mark::SingleClose => false,
                        };
                        // A straight single quote opens only before a word (not `'90s`).
                        let opens = opens
                            && (m != Mark::SingleStraight
                                || (after_word && !self.s(i + 1).starts_with(char::is_numeric)));
                        if opens {
                            open = Some((i, m.double()));
                        }
                    }
                    Some((o, double)) => {
                        if m.double() != double {
                            continue; // an inner quote of the other family
                        }
                        let closes = match m {
                            Mark::DoubleClose | Mark::SingleClose => true,
                            Mark::DoubleStraight => true,
                            Mark::SingleStraight => !before_space || i + 1 >= r.end,
                            Mark::DoubleOpen | Mark::SingleOpen => false,
                        } && i > o + 1;
                        if closes {
                            self.push_quote(o, Some(i), p);
                            open = None;
                        }
                    }
                }
            }
            if let Some((o, _)) = open {
                // Open at the end of the paragraph: it continues if the next paragraph opens a
                // quote at its very start; otherwise it was a stray mark and is dropped.
                let next_opens = self.paras.get(p + 1).is_some_and(|nr| {
                    matches!(self.toks[nr.start].kind,
                        Kind::Quote(m) if m != Mark::DoubleClose && m != Mark::SingleClose)
                });
                if next_opens && o + 1 < r.end {
                    pending = Some(self.push_quote(o, None, p));
                }
            }
            // Link a carried quote to this paragraph's first quote if it opens the paragraph.
            if let Some(prev) = carried {
                if self.quotes.len() > first_quote && self.quotes[first_quote].open == r.start {
                    self.quotes[prev].next = Some(first_quote);
                    self.quotes[first_quote].prev = Some(prev);
                }
            }
        }
        for (k, q) in self.quotes.iter().enumerate() {
            let end = q.close.unwrap_or(self.paras[q.para].end);
            self.mark_of[q.open] = k as u32 + 1;
            if let Some(c) = q.close {
                self.mark_of[c] = k as u32 + 1;
            }
            for slot in &mut self.in_quote[q.open + 1..end] {
                *slot = k as u32 + 1;
            }
        }
    }

    fn push_quote(&mut self, open: usize, close: Option<usize>, para: usize) -> usize {
        self.quotes.push(QuoteSpan {
            open,
            close,
            para,
            next: None,
            prev: None,
        });
        self.quotes.len() - 1
    }

    /// Splits paragraphs into sentences at `.`, `?`, `!` outside quotes (and after a closing
    /// quote that ends in one, when a capitalised word follows).
    fn split_sentences(&mut self) {
        for p in 0..self.paras.len() {
            let r = self.paras[p].clone();
            let first = self.sentences.len();
            let mut start = r.start;
            let mut i = r.start;
            while i < r.end {
                let inside = self.in_quote[i] != 0;
                let ends = if inside {
                    false
                } else if self.is_sentence_punct(i) {
                    true
                } else if let Some(q) = self.quote_closed_at(i) {
                    // `"We will win." He left.` ends after the closing mark.
                    let _ = q;
                    i > r.start
                        && self.is_sentence_punct(i - 1)
                        && (i + 1 >= r.end
                            || self.is_capitalized(i + 1)
                            || self.quote_opened_at(i + 1).is_some())
                } else {
                    false
                };
                if ends {
                    let mut end = i + 1;
                    // closing marks and brackets that belong to the sentence
                    while end < r.end
                        && (self.quote_closed_at(end).is_some() || self.is_punct(end, ')'))
                        && self.in_quote[end] == 0
                    {
                        end += 1;
                    }
                    // `."` followed by a lower-case word (`"...," he said`) is not an end
                    let next_lower = end < r.end
                        && self.is_word(end)
                        && self.s(end).chars().next().is_some_and(char::is_lowercase);
                    if !next_lower {
                        self.sentences.push(Sentence {
                            toks: start..end,
                            para: p,
                        });
                        start = end;
                    }
                    i = end;
                    continue;
                }
                i += 1;
            }
            if start < r.end {
                self.sentences.push(Sentence {
                    toks: start..r.end,
                    para: p,
                });
            }
            self.para_sentences.push(first..self.sentences.len());
        }
    }

    fn is_sentence_punct(&self, i: usize) -> bool {
        self.toks[i].kind == Kind::Punct && matches!(self.s(i), "." | "?" | "!")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(p: &Prepared) -> Vec<String> {
        (0..p.toks.len()).map(|i| p.s(i).to_string()).collect()
    }

    #[test]
    fn tokens_keep_abbreviations_and_split_possessives() {
        let p = Prepared::new("Mr. Smith told U.S.-backed forces Iran's plan.", 0);
        assert_eq!(
            words(&p),
            [
                "Mr.",
                "Smith",
                "told",
                "U.S.-backed",
                "forces",
                "Iran",
                "'s",
                "plan",
                "."
            ]
        );
        assert_eq!(p.sentences.len(), 1);
        let p = Prepared::new("He don't know 1,000.5 so-called J. Smith.", 0);
        assert_eq!(
            words(&p),
            [
                "He",
                "don't",
                "know",
                "1,000.5",
                "so-called",
                "J.",
                "Smith",
                "."
            ]
        );
    }

    #[test]
    fn offsets_are_code_points_and_crlf_is_one_break() {
        let p = Prepared::new("😀 “Hi,” 日本 said.\r\nNext", 0);
        let spans: Vec<(usize, usize)> = p.toks.iter().map(|t| (t.start, t.end)).collect();
        // 😀 is one code point; CRLF is two code points and one token
        assert_eq!(spans[0], (0, 1));
        assert_eq!(p.s(1), "“");
        assert_eq!(spans[1], (2, 3));
        assert_eq!(p.s(8), "\r\n");
        assert_eq!(spans[8], (16, 18));
        assert_eq!(p.paras.len(), 2);
        assert_eq!(p.quotes.len(), 1);
        assert_eq!(p.slice(p.quote_inner(0)), "Hi,");
    }

    #[test]
    fn quotes_pair_and_continue_over_paragraphs() {
        let text = "He said: \"We will fight.\n\n\"We will win,\" he added. The 'plan' failed.";
        let p = Prepared::new(text, 0);
        assert_eq!(p.quotes.len(), 3);
        assert_eq!(p.quotes[0].close, None);
        assert_eq!(p.quotes[0].next, Some(1));
        assert_eq!(p.slice(p.quote_inner(0)), "We will fight.");
        assert_eq!(p.slice(p.quote_inner(1)), "We will win,");
        assert_eq!(p.slice(p.quote_inner(2)), "plan");
        // the second paragraph has two sentences; the quote does not end the first one
        let second: Vec<&str> = p.para_sentences[1]
            .clone()
            .map(|s| p.slice(p.sentences[s].toks.clone()))
            .collect();
        assert_eq!(second, ["\"We will win,\" he added.", "The 'plan' failed."]);
    }

    #[test]
    fn a_stray_quote_mark_is_dropped() {
        let p = Prepared::new("He is 6\" tall. She said so.\n\nNo quote here.", 0);
        assert!(p.quotes.is_empty());
        assert_eq!(p.sentences.len(), 3);
    }

    #[test]
    fn sentences_end_after_a_closing_quote_when_a_capital_follows() {
        let p = Prepared::new("\"We will win.\" He left. Then: \"Go,\" she said.", 0);
        let s: Vec<&str> = p
            .sentences
            .iter()
            .map(|s| p.slice(s.toks.clone()))
            .collect();
        assert_eq!(
            s,
            ["\"We will win.\"", "He left.", "Then: \"Go,\" she said."]
        );
    }
}
