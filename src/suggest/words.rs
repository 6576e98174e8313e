//! Closed word classes of English that the finder's rules read, and small predicates over
//! tokens. The finder has no part-of-speech tagger: function words, auxiliaries and a few
//! suffixes are what tell a subject from an adverbial or a clause from a noun phrase.

use super::tokens::{Kind, Prepared};

/// Auxiliaries, modals and negation that may stand between a subject and its verb.
pub(crate) const AUXILIARIES: &[&str] = &[
    "has", "have", "had", "was", "were", "is", "are", "am", "be", "been", "being", "will", "would",
    "shall", "should", "can", "could", "may", "might", "must", "did", "do", "does", "not", "never",
    "n't", "'s", "'ve", "'d", "'ll", "cannot",
];

/// Forms of "be" (a verb form after one of these is passive, or progressive when in -ing).
pub(crate) const BE: &[&str] = &["is", "are", "was", "were", "be", "been", "being", "am"];

/// Adverbs that stand between a subject and its verb ("also said", "has repeatedly warned").
/// Any lower-case word ending in "-ly" counts too, except the nouns in [`LY_NOUNS`].
#[rustfmt::skip]
const PREVERBAL_ADVERBS: &[&str] = &[
    "also", "then", "later", "earlier", "once", "again", "further", "already", "now", "still",
    "even", "only", "first", "finally", "separately", "too", "often", "soon", "long", "since", "just",
    "ever", "thus", "therefore", "nonetheless", "however", "meanwhile", "instead", "subsequently",
    "yesterday", "today", "twice", "once", "reportedly",
];

/// Nouns and names that end in "-ly" and are not adverbs.
#[rustfmt::skip]
const LY_NOUNS: &[&str] = &[
    "family", "ally", "rally", "assembly", "italy", "july", "supply", "reply", "anomaly",
    "monopoly", "bully", "fly", "belly", "jelly", "lily", "holly", "daily", "weekly", "monthly",
    "quarterly", "only", "early", "friendly", "likely", "unlikely", "apply", "comply", "multiply",
    "imply", "rely", "tally", "sally", "kelly", "emily", "molly", "polly", "ply",
];

pub(crate) const DETERMINERS: &[&str] = &[
    "the", "a", "an", "this", "these", "those", "its", "his", "her", "their", "our", "my", "your",
    "some", "many", "several", "both", "all", "each", "another", "no", "any", "every", "such",
    "most", "few", "two", "three", "four", "five", "one",
];

pub(crate) const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it", "you", "who"];

pub(crate) const POSSESSIVE_PRONOUNS: &[&str] = &["his", "her", "their", "its", "our", "my"];

#[rustfmt::skip]
pub(crate) const PREPOSITIONS: &[&str] = &[
    "of", "in", "on", "at", "to", "for", "with", "from", "by", "about", "over", "under", "after",
    "before", "during", "since", "through", "against", "among", "amid", "amidst", "between",
    "into", "onto", "toward", "towards", "upon", "within", "without", "despite", "regarding",
    "concerning", "via", "per", "across", "behind", "beyond", "near", "around", "like", "unlike",
    "as", "throughout", "following", "ahead", "unless",
];

/// Words that open a leading adverbial ("However, …", "In contrast, …", "On Monday, …").
#[rustfmt::skip]
const ADVERBIAL_OPENERS: &[&str] = &[
    "however", "meanwhile", "but", "and", "also", "still", "yet", "moreover", "furthermore",
    "nevertheless", "nonetheless", "separately", "instead", "thus", "therefore", "indeed",
    "besides", "additionally", "likewise", "similarly", "conversely", "then", "so", "now",
    "earlier", "later", "today", "yesterday", "tonight", "once", "when", "while", "after",
    "before", "although", "though", "because", "if", "unless", "since", "as", "notably",
    "previously", "initially", "overall", "eventually", "finally", "ultimately", "specifically",
    "in", "on", "at", "for", "with", "from", "by", "during", "through", "amid", "despite",
    "under", "following", "against", "over", "according", "last", "this", "next", "here", "there",
    "again", "asked", "speaking", "responding", "referring", "citing", "writing", "addressing",
    "echoing", "whereas", "even", "until", "within", "without", "upon", "by",
];

/// Discourse connectives stripped from the start of a claim ("However, the talks failed").
#[rustfmt::skip]
pub(crate) const CONNECTIVES: &[&str] = &[
    "however", "meanwhile", "but", "and", "also", "still", "yet", "moreover", "furthermore",
    "nevertheless", "nonetheless", "separately", "instead", "besides", "additionally", "so",
    "thus", "therefore", "indeed",
];

/// Words after which a new clause starts: the subject of a cue never reaches back past them.
pub(crate) const CLAUSE_OPENERS: &[&str] = &[
    "that", "whether", "because", "although", "though", "while", "whereas", "if", "unless", "when",
    "since", "once", "so",
];

/// Participles that are prepositions in effect and never start a trailing participial clause.
#[rustfmt::skip]
pub(crate) const PREPOSITIONAL_PARTICIPLES: &[&str] = &[
    "including", "according", "regarding", "following", "concerning", "excluding",
    "notwithstanding", "during", "pending", "considering", "involving", "excepting",
    "surrounding", "nothing", "something", "anything", "everything", "morning", "evening",
    "building", "meeting", "briefing", "hearing", "ruling", "bombing", "shooting", "fighting",
    "spring", "king", "ring", "thing", "sing", "wing", "string", "bring", "beijing", "nanjing",
    "being",
];

/// Words of time that make "on Monday", "late Tuesday", "last week" adjuncts.
#[rustfmt::skip]
pub(crate) const TIME_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "tonight", "week", "weekend", "month", "year", "morning", "afternoon", "evening",
    "night", "day", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan.", "feb.", "aug.", "sept.", "oct.",
    "nov.", "dec.", "earlier", "later", "friday's", "times", "occasions",
];

/// One bit per closed word class, so that a token's classes are looked up once
/// ([`classify`], stored in [`Prepared::classes`]) and tested with [`is_class`].
pub(crate) mod class {
    pub const ADVERBIAL_OPENERS: u32 = 1 << 0;
    pub const AUXILIARIES: u32 = 1 << 1;
    pub const BE: u32 = 1 << 2;
    pub const CLAUSE_OPENERS: u32 = 1 << 3;
    pub const CONNECTIVES: u32 = 1 << 4;
    pub const DETERMINERS: u32 = 1 << 5;
    pub const LY_NOUNS: u32 = 1 << 6;
    pub const POSSESSIVE_PRONOUNS: u32 = 1 << 7;
    pub const PREPOSITIONAL_PARTICIPLES: u32 = 1 << 8;
    pub const PREPOSITIONS: u32 = 1 << 9;
    pub const PREVERBAL_ADVERBS: u32 = 1 << 10;
    pub const RELATIVES: u32 = 1 << 11;
    pub const SUBJECT_PRONOUNS: u32 = 1 << 12;
    pub const TIME_WORDS: u32 = 1 << 13;
}

/// The classes of a lower-case word (0 for most words).
pub(crate) fn classify(lower: &str) -> u32 {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static TABLE: OnceLock<HashMap<&'static str, u32>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut m: HashMap<&'static str, u32> = HashMap::new();
        for (list, bit) in [
            (ADVERBIAL_OPENERS, class::ADVERBIAL_OPENERS),
            (AUXILIARIES, class::AUXILIARIES),
            (BE, class::BE),
            (CLAUSE_OPENERS, class::CLAUSE_OPENERS),
            (CONNECTIVES, class::CONNECTIVES),
            (DETERMINERS, class::DETERMINERS),
            (LY_NOUNS, class::LY_NOUNS),
            (POSSESSIVE_PRONOUNS, class::POSSESSIVE_PRONOUNS),
            (PREPOSITIONAL_PARTICIPLES, class::PREPOSITIONAL_PARTICIPLES),
            (PREPOSITIONS, class::PREPOSITIONS),
            (PREVERBAL_ADVERBS, class::PREVERBAL_ADVERBS),
            (RELATIVES, class::RELATIVES),
            (SUBJECT_PRONOUNS, class::SUBJECT_PRONOUNS),
            (TIME_WORDS, class::TIME_WORDS),
        ] {
            for w in list {
                *m.entry(w).or_default() |= bit;
            }
        }
        m
    });
    // every class word is short and ASCII: most tokens are settled without hashing
    if lower.len() > 16 || !lower.is_ascii() {
        return 0;
    }
    table.get(lower).copied().unwrap_or(0)
}

/// True for a token of the class `bit` (see [`class`]).
pub(crate) fn is_class(p: &Prepared, i: usize, bit: u32) -> bool {
    p.classes.get(i).is_some_and(|c| c & bit != 0)
}

/// True for a word in `list` (ASCII case-insensitive).
pub(crate) fn is_in(p: &Prepared, i: usize, list: &[&str]) -> bool {
    p.is_any(i, list)
}

/// An auxiliary, negation or adverb that may stand between a subject and its verb.
pub(crate) fn preverbal(p: &Prepared, i: usize) -> bool {
    if !p.is_word(i) {
        return false;
    }
    if is_class(p, i, class::AUXILIARIES) || is_class(p, i, class::PREVERBAL_ADVERBS) {
        return true;
    }
    ly_adverb(p, i)
}

/// A lower-case word in "-ly" that is not one of the [`LY_NOUNS`].
pub(crate) fn ly_adverb(p: &Prepared, i: usize) -> bool {
    let s = p.s(i);
    s.len() > 4
        && s.ends_with("ly")
        && s.chars().next().is_some_and(char::is_lowercase)
        && !is_class(p, i, class::LY_NOUNS)
}

/// A participle-looking word ("-ing", "-ed") that is not capitalised mid-sentence.
pub(crate) fn participle(p: &Prepared, i: usize) -> bool {
    if !p.is_word(i) || is_class(p, i, class::PREPOSITIONAL_PARTICIPLES) {
        return false;
    }
    let s = p.s(i);
    let lower_or_first = s.chars().next().is_some_and(char::is_lowercase) || {
        // Capitalised only because it opens the sentence/segment: "Speaking to …".
        i == 0 || !p.is_word(i - 1) || p.toks[i - 1].kind != Kind::Word
    };
    lower_or_first && s.len() > 4 && (s.ends_with("ing") || s.ends_with("ed"))
}

/// A lower-case "-ing" word that can start a trailing participial clause ("…, indicating …").
pub(crate) fn gerund(p: &Prepared, i: usize) -> bool {
    p.is_word(i)
        && !is_class(p, i, class::PREPOSITIONAL_PARTICIPLES)
        && p.s(i).len() > 4
        && p.s(i).ends_with("ing")
        && p.s(i).chars().next().is_some_and(char::is_lowercase)
}

/// A segment opening with one of [`ADVERBIAL_OPENERS`] or a participle is a leading adverbial.
pub(crate) fn adverbial_start(p: &Prepared, i: usize) -> bool {
    is_class(p, i, class::ADVERBIAL_OPENERS) || participle(p, i) || ly_adverb(p, i) || {
        // Capitalised "-ly" adverb at the start of a sentence: "Separately, …".
        let s = p.s(i);
        p.is_word(i)
            && s.len() > 4
            && s.to_ascii_lowercase().ends_with("ly")
            && !is_class(p, i, class::LY_NOUNS)
    }
}

/// A token that can open a noun phrase naming a speaker: a capitalised word, a determiner, a
/// subject pronoun, a number.
pub(crate) fn np_opener(p: &Prepared, i: usize) -> bool {
    p.is_word(i)
        && (p.is_capitalized(i)
            || is_class(p, i, class::DETERMINERS)
            || is_class(p, i, class::SUBJECT_PRONOUNS)
            || p.s(i).starts_with(|c: char| c.is_ascii_digit())
            || content_word(p, i))
        && !is_class(p, i, class::PREPOSITIONS)
        && !is_class(p, i, class::CLAUSE_OPENERS)
}

/// A lower-case word that can be a noun or adjective: not a function word, an auxiliary, an
/// adverb in "-ly" or a participle ("officials", "diplomatic sources", "market research firm").
pub(crate) fn content_word(p: &Prepared, i: usize) -> bool {
    p.is_word(i)
        && p.s(i).starts_with(char::is_alphabetic)
        && !is_class(p, i, class::PREPOSITIONS)
        && !is_class(p, i, class::CLAUSE_OPENERS)
        && !is_class(p, i, class::AUXILIARIES)
        && !is_class(p, i, class::CONNECTIVES)
        && !is_class(p, i, class::RELATIVES)
        && !is_in(
            p,
            i,
            &["and", "or", "not", "to", "there", "also", "then", "'s"],
        )
        && !ly_adverb(p, i)
        && !gerund(p, i)
}

/// Relative pronouns and adverbs that open a (non-restrictive) relative clause.
pub(crate) const RELATIVES: &[&str] = &["who", "which", "whose", "whom", "where", "when"];

/// A word that looks like a finite verb or auxiliary in a short stretch: an auxiliary, or a
/// lower-case "-ed" word, or a lower-case "-s" word right after a name or pronoun.
pub(crate) fn verbish(p: &Prepared, i: usize) -> bool {
    if !p.is_word(i) {
        return false;
    }
    if is_class(p, i, class::AUXILIARIES) {
        return p.s(i) != "'s";
    }
    let s = p.s(i);
    let lower = s.chars().next().is_some_and(char::is_lowercase);
    if !lower || s.len() < 4 {
        return false;
    }
    if s.ends_with("ed") {
        return i == 0 || !is_class(p, i - 1, class::DETERMINERS);
    }
    s.ends_with('s') && !s.ends_with("ss") && i > 0 && p.is_any(i - 1, &["he", "she", "it"])
}
