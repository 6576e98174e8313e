//! The cue lexicon: the reporting expressions the finder knows, as data.
//!
//! The default English lexicon, `assets/lexicon/en.json`, is compiled in ([`DEFAULT_LEXICON_JSON`]);
//! a project may add its own `lexicon.json` (or the CLI a `--lexicon FILE`), merged over it with
//! [`Lexicon::merge`]. Loading is a pure function over a string and a name: the caller reads the
//! file. Shape (`"format": "stancemark-lexicon/1"`):
//!
//! ```text
//! {
//!   "format": "stancemark-lexicon/1",
//!   "language": "en",
//!   "verbs": [{"lemma": "warn", "forms": ["warn", "warns", "warned", "warning"],
//!              "stance": "warning", "takes": ["that", "quote", "object-to", "of"]}],
//!   "nouns": [{"lemma": "denial", "forms": ["denial", "denials"], "stance": "denial",
//!              "takes": ["that", "of"]}],
//!   "phrases": [{"text": "according to", "stance": "report", "kind": "according"}],
//!   "remove": ["tell"]
//! }
//! ```
//!
//! - `forms` lists every inflected form; a form may have several words (`"called on"`).
//! - `stance` is a stance id of the schema: an id the schema lacks is an error naming the file,
//!   line and column.
//! - `takes` says which complements the verb or noun introduces: `that` (a that-clause), `clause`
//!   (a clause without "that": "said the talks failed"), `quote` (a direct quote), `object` (the
//!   object is the claim: "condemned the attack"), `object-to` (the object is the target and the
//!   claim follows "to": "urged Iran to stop"), `to` (an infinitive: "vowed to retaliate"), `of`
//!   ("accused X of Y", "warning of Y"), `for` ("blamed X for Y", "call for Y"), `naming` (an
//!   object with a quoted description: "called the decision "a mistake""; the claim is both),
//!   `no-source` (the subject is a hearer, not a speaker: "the court heard that …").
//! - phrase `kind`: `according` ("according to X, …"), `impersonal` ("it appears that …": a cue
//!   without a source) or `adjunct` (a setting such as "in a statement" that may stand between a
//!   cue and its claim; never a cue by itself).
//! - In an overlay, an entry replaces the base entry of the same section and lemma (or text);
//!   `remove` drops base entries by lemma or text.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Deserializer};

use crate::model::Schema;

/// The default English lexicon's JSON, compiled in.
pub const DEFAULT_LEXICON_JSON: &str = include_str!("../../assets/lexicon/en.json");

/// The format tag of lexicon files.
pub const FORMAT: &str = "stancemark-lexicon/1";

/// A complement a cue introduces (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Takes {
    That,
    Clause,
    Quote,
    Object,
    ObjectTo,
    To,
    Of,
    For,
    About,
    /// "called the decision "a mistake …"": an object with a quoted description.
    Naming,
    /// The subject hears rather than speaks ("the court heard that …"): no source.
    NoSource,
}

/// What kind of expression an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CueKind {
    Verb,
    Noun,
    /// "according to X, …"
    According,
    /// "it appears that …": no source.
    Impersonal,
    /// "in a statement": context between a cue and its claim, never a cue itself.
    Adjunct,
}

/// One lexicon entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The lemma ("warn") or, for phrases, the text ("according to").
    pub lemma: String,
    pub kind: CueKind,
    /// The provisional stance id.
    pub stance: String,
    pub takes: Vec<Takes>,
    /// Every form, lower case, words separated by one space.
    pub forms: Vec<String>,
}

impl Entry {
    pub fn takes(&self, t: Takes) -> bool {
        self.takes.contains(&t)
    }
}

/// A parsed lexicon with an index from the first word of each form to its entries.
#[derive(Debug, Clone)]
pub struct Lexicon {
    entries: Vec<Entry>,
    /// First word (lower case) → (all words of the form, entry index).
    index: HashMap<String, Vec<(Vec<String>, usize)>>,
    /// The names of the files this lexicon was built from, in merge order.
    names: Vec<String>,
}

/// A lexicon file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}:{line}:{column}: {message}")]
pub struct LexiconError {
    /// The file (or other name the caller gave).
    pub name: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRepr {
    #[serde(deserialize_with = "format_tag")]
    #[allow(dead_code)] // checked while parsing (an unsupported format is an error)
    format: String,
    #[serde(default)]
    #[allow(dead_code)] // documented field, informative only
    language: String,
    #[serde(default)]
    #[allow(dead_code)]
    description: String,
    #[serde(default)]
    verbs: Vec<WordRepr>,
    #[serde(default)]
    nouns: Vec<WordRepr>,
    #[serde(default)]
    phrases: Vec<PhraseRepr>,
    #[serde(default)]
    remove: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordRepr {
    #[serde(deserialize_with = "non_empty")]
    lemma: String,
    #[serde(deserialize_with = "forms")]
    forms: Vec<String>,
    #[serde(deserialize_with = "stance_of_schema")]
    stance: String,
    #[serde(default)]
    takes: Vec<Takes>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "kebab-case")]
enum PhraseKind {
    According,
    Impersonal,
    Adjunct,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PhraseRepr {
    #[serde(deserialize_with = "non_empty")]
    text: String,
    #[serde(deserialize_with = "stance_of_schema")]
    stance: String,
    kind: PhraseKind,
}

thread_local! {
    /// The stance ids of the schema a lexicon is being parsed against. Checking inside the
    /// deserializer (rather than after it) is what lets serde_json report the exact line and
    /// column of an unknown stance; [`Lexicon::parse`] sets and clears it around one parse.
    static STANCES: RefCell<Option<HashSet<String>>> = const { RefCell::new(None) };
}

fn stance_of_schema<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let id = String::deserialize(d)?;
    STANCES.with(|s| match &*s.borrow() {
        Some(ids) if !ids.contains(&id) => {
            let mut known: Vec<&str> = ids.iter().map(String::as_str).collect();
            known.sort_unstable();
            Err(serde::de::Error::custom(format!(
                "unknown stance {id:?}: the schema has {}",
                known.join(", ")
            )))
        }
        _ => Ok(id),
    })
}

fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s.trim().is_empty() {
        return Err(serde::de::Error::custom("empty text"));
    }
    Ok(s)
}

fn forms<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let forms = Vec::<String>::deserialize(d)?;
    if forms.is_empty() {
        return Err(serde::de::Error::custom("an entry needs at least one form"));
    }
    if let Some(f) = forms.iter().find(|f| f.trim().is_empty()) {
        return Err(serde::de::Error::custom(format!("empty form {f:?}")));
    }
    Ok(forms)
}

fn format_tag<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let f = String::deserialize(d)?;
    match f.strip_prefix("stancemark-lexicon/") {
        Some(v) if v.split('.').next() == Some("1") => Ok(f),
        _ => Err(serde::de::Error::custom(format!(
            "unsupported lexicon format {f:?} (this build reads {FORMAT})"
        ))),
    }
}

/// Lower case, words separated by one space.
fn normalize(form: &str) -> String {
    form.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Lexicon {
    /// The compiled-in English lexicon, checked against `schema`.
    pub fn default_en(schema: &Schema) -> Result<Lexicon, LexiconError> {
        Lexicon::parse(DEFAULT_LEXICON_JSON, "assets/lexicon/en.json", schema)
    }

    /// Parses a lexicon file's text. `name` (usually the path) is used in errors.
    pub fn parse(json: &str, name: &str, schema: &Schema) -> Result<Lexicon, LexiconError> {
        let file = parse_file(json, name, schema)?;
        let mut lex = Lexicon {
            entries: Vec::new(),
            index: HashMap::new(),
            names: vec![name.to_owned()],
        };
        lex.add(file);
        lex.reindex();
        Ok(lex)
    }

    /// This lexicon with the file `json` (named `name`) merged over it (see the module doc).
    pub fn merge(&self, json: &str, name: &str, schema: &Schema) -> Result<Lexicon, LexiconError> {
        let file = parse_file(json, name, schema)?;
        let mut lex = self.clone();
        lex.names.push(name.to_owned());
        let removed: HashSet<String> = file.remove.iter().map(|r| normalize(r)).collect();
        lex.entries
            .retain(|e| !removed.contains(&normalize(&e.lemma)));
        lex.add(file);
        lex.reindex();
        Ok(lex)
    }

    fn add(&mut self, file: FileRepr) {
        let word = |w: WordRepr, kind: CueKind| Entry {
            forms: w.forms.iter().map(|f| normalize(f)).collect(),
            lemma: w.lemma,
            kind,
            stance: w.stance,
            takes: w.takes,
        };
        let mut incoming: Vec<Entry> = Vec::new();
        incoming.extend(file.verbs.into_iter().map(|w| word(w, CueKind::Verb)));
        incoming.extend(file.nouns.into_iter().map(|w| word(w, CueKind::Noun)));
        incoming.extend(file.phrases.into_iter().map(|p| Entry {
            forms: vec![normalize(&p.text)],
            lemma: p.text,
            kind: match p.kind {
                PhraseKind::According => CueKind::According,
                PhraseKind::Impersonal => CueKind::Impersonal,
                PhraseKind::Adjunct => CueKind::Adjunct,
            },
            stance: p.stance,
            takes: vec![Takes::That],
        }));
        for e in incoming {
            let same = |o: &Entry| o.lemma == e.lemma && section(o.kind) == section(e.kind);
            match self.entries.iter().position(same) {
                Some(i) => self.entries[i] = e,
                None => self.entries.push(e),
            }
        }
    }

    fn reindex(&mut self) {
        self.index.clear();
        for (i, e) in self.entries.iter().enumerate() {
            for f in &e.forms {
                let words: Vec<String> = f.split(' ').map(str::to_owned).collect();
                self.index
                    .entry(words[0].clone())
                    .or_default()
                    .push((words, i));
            }
        }
        // Longest forms first, so that the first full match is the longest.
        for v in self.index.values_mut() {
            v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        }
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }

    /// The names of the files merged into this lexicon, in order (e.g. for a model version).
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Entries whose forms start with the (lower-case) word `first`, longest forms first.
    pub(crate) fn starting_with(&self, first: &str) -> &[(Vec<String>, usize)] {
        self.index.get(first).map_or(&[], Vec::as_slice)
    }

    /// The entry of a verb, noun or phrase form (any case), if any.
    pub fn lookup(&self, form: &str) -> Option<&Entry> {
        let form = normalize(form);
        let first = form.split(' ').next()?;
        self.starting_with(first)
            .iter()
            .find(|(words, _)| words.join(" ") == form)
            .map(|(_, i)| &self.entries[*i])
    }
}

/// The section of a lexicon file an entry kind comes from: entries replace each other by lemma
/// within one section.
fn section(kind: CueKind) -> u8 {
    match kind {
        CueKind::Verb => 0,
        CueKind::Noun => 1,
        CueKind::According | CueKind::Impersonal | CueKind::Adjunct => 2,
    }
}

fn parse_file(json: &str, name: &str, schema: &Schema) -> Result<FileRepr, LexiconError> {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            STANCES.with(|s| *s.borrow_mut() = None);
        }
    }
    STANCES.with(|s| *s.borrow_mut() = Some(schema.stances.iter().map(|l| l.id.clone()).collect()));
    let _reset = Reset;
    serde_json::from_str::<FileRepr>(json).map_err(|e| {
        let full = e.to_string();
        // serde_json appends " at line L column C"; the position goes into the fields instead.
        let message = match full.rsplit_once(" at line ") {
            Some((m, _)) => m.to_owned(),
            None => full,
        };
        LexiconError {
            name: name.to_owned(),
            line: e.line(),
            column: e.column(),
            message,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::default_news()
    }

    #[test]
    fn default_lexicon_is_rich_and_valid() {
        let lex = Lexicon::default_en(&schema()).unwrap();
        let verbs = lex
            .entries()
            .iter()
            .filter(|e| e.kind == CueKind::Verb)
            .count();
        assert!(verbs >= 150, "only {verbs} verb lemmas");
        for (form, stance) in [
            ("said", "report"),
            ("warned", "warning"),
            ("condemned", "condemnation"),
            ("denied", "denial"),
            ("accused", "accusation"),
            ("urged", "demand"),
            ("called on", "demand"),
            ("backed", "support"),
            ("vowed", "threat"),
            ("proposed", "proposal"),
            ("described", "assessment"),
            ("according to", "report"),
            ("criticised", "condemnation"),
            ("emphasised", "support"),
            ("swore", "threat"),
        ] {
            let e = lex.lookup(form).unwrap_or_else(|| panic!("{form} missing"));
            assert_eq!(e.stance, stance, "{form}");
        }
        // every verb has at least its -ing form and one past form
        for e in lex.entries().iter().filter(|e| e.kind == CueKind::Verb) {
            assert!(
                e.forms
                    .iter()
                    .any(|f| f.split(' ').next().unwrap().ends_with("ing")),
                "{}",
                e.lemma
            );
            // "forecast" has one form for the present, past and participle
            assert!(e.forms.len() >= 3, "{}", e.lemma);
        }
    }

    #[test]
    fn unknown_stance_names_file_line_and_column() {
        let json = "{\n  \"format\": \"stancemark-lexicon/1\",\n  \"verbs\": [\n    {\"lemma\": \"grumble\", \"forms\": [\"grumbled\"], \"stance\": \"grumbling\"}\n  ]\n}";
        let e = Lexicon::parse(json, "proj/lexicon.json", &schema()).unwrap_err();
        assert_eq!(e.name, "proj/lexicon.json");
        assert_eq!(e.line, 4);
        // the line is 69 characters up to the closing quote of "grumbling"; serde_json stands
        // one past it
        assert_eq!(e.column, 70);
        assert!(e.message.contains("unknown stance \"grumbling\""), "{e}");
        assert!(
            e.to_string()
                .starts_with("proj/lexicon.json:4:70: unknown stance"),
            "{e}"
        );
    }

    #[test]
    fn malformed_json_and_bad_entries_are_errors() {
        let s = schema();
        let e = Lexicon::parse("{\"format\": \"stancemark-lexicon/1\",", "x.json", &s).unwrap_err();
        assert_eq!((e.line, e.name.as_str()), (1, "x.json"));
        let e = Lexicon::parse("{\"format\": \"other/2\"}", "x.json", &s).unwrap_err();
        assert!(e.message.contains("unsupported lexicon format"), "{e}");
        let e = Lexicon::parse(
            "{\"format\": \"stancemark-lexicon/1\", \"verbs\": [{\"lemma\": \"x\", \"forms\": [], \"stance\": \"report\"}]}",
            "x.json",
            &s,
        )
        .unwrap_err();
        assert!(e.message.contains("at least one form"), "{e}");
        let e = Lexicon::parse(
            "{\"format\": \"stancemark-lexicon/1\", \"verbs\": [{\"lemma\": \"x\", \"forms\": [\"x\"], \"stance\": \"report\", \"takes\": [\"whatever\"]}]}",
            "x.json",
            &s,
        )
        .unwrap_err();
        assert!(e.message.contains("unknown variant"), "{e}");
        let e = Lexicon::parse(
            "{\"format\": \"stancemark-lexicon/1\", \"verb\": []}",
            "x.json",
            &s,
        )
        .unwrap_err();
        assert!(e.message.contains("unknown field"), "{e}");
    }

    #[test]
    fn a_project_lexicon_merges_over_the_default() {
        let s = schema();
        let base = Lexicon::default_en(&s).unwrap();
        let overlay = r#"{"format": "stancemark-lexicon/1",
            "verbs": [
              {"lemma": "say", "forms": ["say", "says", "said", "saying"], "stance": "assessment", "takes": ["that"]},
              {"lemma": "grumble", "forms": ["grumble", "grumbles", "grumbled", "grumbling"], "stance": "condemnation", "takes": ["that"]}
            ],
            "remove": ["tell"]}"#;
        let merged = base.merge(overlay, "lexicon.json", &s).unwrap();
        assert_eq!(merged.lookup("said").unwrap().stance, "assessment");
        assert_eq!(merged.lookup("Grumbled").unwrap().stance, "condemnation");
        assert!(merged.lookup("told").is_none());
        assert_eq!(
            base.lookup("told").unwrap().stance,
            "report",
            "the base is unchanged"
        );
        assert_eq!(merged.entries().len(), base.entries().len());
        assert_eq!(merged.names(), ["assets/lexicon/en.json", "lexicon.json"]);
    }

    #[test]
    fn the_stance_check_does_not_leak_into_later_parses() {
        let json = r#"{"format": "stancemark-lexicon/1", "verbs": [{"lemma": "x", "forms": ["x"], "stance": "report"}]}"#;
        let mut other = schema();
        other.stances.retain(|l| l.id != "report");
        assert!(Lexicon::parse(json, "a", &other).is_err());
        assert!(Lexicon::parse(json, "a", &schema()).is_ok());
    }
}
