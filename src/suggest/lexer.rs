//! Splitting a text into tokens (see [`super::tokens`] for what a token is): words with inner
//! apostrophes and hyphens, abbreviations with their periods, possessive `'s`, quotation marks,
//! line breaks (CRLF is one token of two code points) and single characters. One pass over the
//! code points, then one over the bytes.

use super::tokens::{Kind, Mark, Tok};

/// Abbreviations that keep their period and do not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt", "st",
    "prof", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "jan", "feb", "mar", "apr", "aug",
    "sept", "sep", "oct", "nov", "dec", "rev", "hon", "amb", "adm", "pres", "gov", "cmdr",
    "messrs", "mt", "ft", "fig", "est", "approx", "dept", "univ",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

/// Combining marks (the common blocks), so that `é` written as `e` + U+0301 stays one word.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036f | 0x0483..=0x0489 | 0x0591..=0x05bd | 0x0610..=0x061a | 0x064b..=0x065f
        | 0x0900..=0x0903 | 0x093a..=0x094f | 0x1ab0..=0x1aff | 0x1dc0..=0x1dff
        | 0x200c..=0x200d | 0x20d0..=0x20ff | 0x302a..=0x302f | 0x3099..=0x309a
        | 0xfe00..=0xfe0f | 0xfe20..=0xfe2f)
}

/// Splits `text` into tokens (see the module doc). Offsets are shifted by `base`.
pub(crate) fn tokenize(text: &str, base: usize) -> Vec<Tok> {
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5 + 1);
    // code points only (4 bytes each); byte offsets are filled in by one pass at the end
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let mut k = 0;
    let mut space = true;
    while k < n {
        let c = chars[k];
        if c == '\r' || c == '\n' {
            let len = if c == '\r' && k + 1 < n && chars[k + 1] == '\n' {
                2
            } else {
                1
            };
            toks.push(Tok {
                start: base + k,
                end: base + k + len,
                b0: 0,
                b1: 0,
                kind: Kind::Break,
                space_before: true,
            });
            k += len;
            space = true;
            continue;
        }
        if c.is_whitespace() {
            k += 1;
            space = true;
            continue;
        }
        let start = k;
        let kind;
        if is_word_char(c) {
            k = scan_word(&chars, start);
            kind = Kind::Word;
        } else if (c == '\'' || c == '\u{2019}')
            && k + 1 < n
            && chars[k + 1].eq_ignore_ascii_case(&'s')
            && (k + 2 >= n || !is_word_char(chars[k + 2]))
            && k > 0
            && is_word_char(chars[k - 1])
        {
            k += 2;
            kind = Kind::Word; // possessive 's
        } else if let Some(m) = Mark::of(c) {
            k += 1;
            kind = Kind::Quote(m);
        } else if c == '.' && k + 2 < n && chars[k + 1] == '.' && chars[k + 2] == '.' {
            k += 3;
            kind = Kind::Punct; // "..." is one token and does not end a sentence
        } else {
            k += 1;
            kind = Kind::Punct;
        }
        toks.push(Tok {
            start: base + start,
            end: base + k,
            b0: 0,
            b1: 0,
            kind,
            space_before: space,
        });
        space = false;
    }
    fill_bytes(text, base, &mut toks);
    toks
}

/// Sets every token's byte range from its code point span, in one pass over the text.
fn fill_bytes(text: &str, base: usize, toks: &mut [Tok]) {
    if text.is_ascii() {
        for t in toks {
            (t.b0, t.b1) = (t.start - base, t.end - base);
        }
        return;
    }
    let mut it = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()));
    let mut cp = 0;
    let mut byte = it.next().unwrap_or(0);
    let mut seek = |target: usize| {
        while cp < target {
            byte = it.next().unwrap_or(text.len());
            cp += 1;
        }
        byte
    };
    for t in toks {
        t.b0 = seek(t.start - base);
        t.b1 = seek(t.end - base);
    }
}

/// The end (exclusive) of the word starting at `start`: word characters joined by inner
/// apostrophes, hyphens and digit separators (but not a possessive `'s`), and the periods of an
/// abbreviation (`U.S.`, `U.S.-backed`, `Mr.`, an initial `J.` before a name).
fn scan_word(chars: &[char], start: usize) -> usize {
    let n = chars.len();
    let mut k = start;
    k += 1;
    loop {
        while k < n && is_word_char(chars[k]) {
            k += 1;
        }
        // inner apostrophe, hyphen, or digit separator joins two word parts
        if k + 1 < n && is_word_char(chars[k + 1]) {
            let j = chars[k];
            let apostrophe = j == '\'' || j == '\u{2019}';
            if apostrophe
                && chars[k + 1].eq_ignore_ascii_case(&'s')
                && (k + 2 >= n || !is_word_char(chars[k + 2]))
            {
                break; // possessive 's: its own token
            }
            let digits = chars[k - 1].is_ascii_digit() && chars[k + 1].is_ascii_digit();
            if apostrophe || j == '-' || j == '\u{2011}' || ((j == ',' || j == '.') && digits) {
                k += 1;
                continue;
            }
        }
        break;
    }
    // abbreviations: U.S., U.N., e.g. (letter groups joined by periods), Mr., J.
    if k < n && chars[k] == '.' {
        let word: String = chars[start..k].iter().collect();
        let mut j = k;
        // letter-period groups: U.S. / U.S.-backed
        while j + 2 < n
            && chars[j] == '.'
            && chars[j + 1].is_alphabetic()
            && (chars[j + 2] == '.')
            && word.chars().count() <= 2
        {
            j += 2;
        }
        if j > k {
            k = j + 1; // the final period
            if k + 1 < n && chars[k] == '-' && is_word_char(chars[k + 1]) {
                k += 1;
                while k < n && (is_word_char(chars[k]) || chars[k] == '-') {
                    k += 1;
                }
            }
        } else {
            let lower = word.to_lowercase();
            let single_cap = word.chars().count() == 1
                && word.chars().all(char::is_uppercase)
                && k + 2 < n
                && chars[k + 1] == ' '
                && chars[k + 2].is_uppercase();
            if ABBREVIATIONS.contains(&lower.as_str()) || single_cap {
                k += 1;
            }
        }
    }
    k
}
