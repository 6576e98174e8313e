//! Linking source and target mentions to entities: an existing entity by name or alias (exact,
//! acronym, surname, contained words, or Jaro–Winkler similarity), otherwise a proposed new one
//! that later mentions link to as well. A pronoun is resolved by the caller to the last named
//! source.
//!
//! Aliases are read from an entity's `"aliases"` field (an array of strings, kept in
//! [`Entity::extra`]).

use crate::model::{Entity, Schema};

/// The entity a source or target refers to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EntityLink {
    /// An entity of the annotation set, by id.
    Existing(String),
    /// A new entity to create when the suggestion is accepted. Two suggestions naming the same
    /// new entity carry the same name.
    New { name: String, kind: String },
}

/// Words that are titles or descriptors in front of a name ("Israeli Prime Minister Benjamin
/// Netanyahu" → "Benjamin Netanyahu").
#[rustfmt::skip]
const TITLES: &[&str] = &[
    "president", "prime", "minister", "foreign", "defence", "defense", "finance", "secretary",
    "mr.", "mrs.", "ms.", "dr.", "gen.", "sen.", "rep.", "gov.", "general", "king", "queen",
    "prince", "chancellor", "ambassador", "spokesman", "spokeswoman", "chief", "director",
    "senator", "governor", "mayor", "supreme", "leader", "ayatollah", "sheikh", "vice", "deputy",
    "former", "state", "interior", "economy", "trade", "commander", "judge", "pope", "premier",
    "ceo", "chairman", "chairwoman", "lt.", "col.", "capt.", "prof.", "sir", "lord",
];

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "his", "her", "their", "its",
];

/// True for a pronoun mention ("He", "they").
pub fn is_pronoun(mention: &str) -> bool {
    PRONOUNS.iter().any(|p| mention.eq_ignore_ascii_case(p))
}

/// Links mentions, remembering the new entities it proposed.
pub(crate) struct Linker<'a> {
    /// Each entity's id with its name and aliases, prepared for comparison.
    entities: Vec<(String, Vec<Name>)>,
    schema: &'a Schema,
    /// Proposed new entities (prepared name, name, kind), in order of first mention.
    proposed: Vec<(Name, String, String)>,
    /// Lower-case core name of a mention → its link, so that a repeated mention costs one
    /// lookup (long documents repeat their speakers).
    seen: std::collections::HashMap<String, Option<EntityLink>>,
}

/// How many of the most recent proposed entities a mention is compared with (the rest are
/// found through `seen` when named the same way).
const RECENT_PROPOSED: usize = 64;

impl<'a> Linker<'a> {
    pub fn new(entities: &'a [Entity], schema: &'a Schema) -> Self {
        let entities = entities
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    names_of(e).iter().map(|n| Name::new(n)).collect(),
                )
            })
            .collect();
        Linker {
            entities,
            schema,
            proposed: Vec::new(),
            seen: std::collections::HashMap::new(),
        }
    }

    /// The entity a (non-pronoun) mention names. A mention with an apposition ("Maria Costa,
    /// the finance minister") is tried whole and by its parts; a new entity is named by the
    /// part that is a proper name.
    pub fn link(&mut self, mention: &str) -> Option<EntityLink> {
        let key = mention.trim().to_lowercase();
        if let Some(l) = self.seen.get(&key) {
            return l.clone();
        }
        let l = self.link_new(mention);
        self.seen.insert(key, l.clone());
        l
    }

    fn link_new(&mut self, mention: &str) -> Option<EntityLink> {
        let mut parts: Vec<&str> = vec![mention];
        if mention.contains(", ") {
            parts.extend(mention.split(", ").map(str::trim).filter(|s| !s.is_empty()));
        }
        for part in &parts {
            let m = Mention::new(part);
            if m.core.is_empty() {
                continue;
            }
            if let Some((id, _)) = self
                .entities
                .iter()
                .find(|(_, names)| names.iter().any(|n| same(n, &m)))
            {
                return Some(EntityLink::Existing(id.clone()));
            }
            let recent = self.proposed.len().saturating_sub(RECENT_PROPOSED);
            if let Some((_, name, kind)) =
                self.proposed[recent..].iter().find(|(n, _, _)| same(n, &m))
            {
                return Some(EntityLink::New {
                    name: name.clone(),
                    kind: kind.clone(),
                });
            }
        }
        // the part most like a name: the most capitalised words
        let capitals = |s: &str| {
            s.split_whitespace()
                .filter(|w| w.starts_with(char::is_uppercase))
                .count()
        };
        let best = parts[if parts.len() > 1 { 1 } else { 0 }..]
            .iter()
            .max_by_key(|s| (capitals(s), std::cmp::Reverse(s.len())))
            .copied()
            .unwrap_or(mention);
        let core = core_name(best);
        if core.is_empty() {
            return None;
        }
        let kind = self.kind_of(mention);
        self.proposed
            .push((Name::new(&core), core.clone(), kind.clone()));
        Some(EntityLink::New { name: core, kind })
    }

    /// A kind id of the schema for a new entity, guessed from the words of the mention.
    fn kind_of(&self, mention: &str) -> String {
        let lower = mention.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric() && c != '.')
            .filter(|w| !w.is_empty())
            .collect();
        let has = |list: &[&str]| words.iter().any(|w| list.contains(w));
        let guess = if has(MEDIA_WORDS) {
            "media"
        } else if has(GOVERNMENT_WORDS) {
            "government"
        } else if has(GROUP_WORDS) {
            "group"
        } else if has(TITLES) || {
            let caps = mention
                .split_whitespace()
                .filter(|w| w.starts_with(char::is_uppercase))
                .count();
            (2..=4).contains(&caps) && !has(NOT_PERSON_WORDS)
        } {
            "person"
        } else {
            "organization"
        };
        for k in [guess, "other"] {
            if self.schema.entity_kind(k).is_some() {
                return k.to_owned();
            }
        }
        self.schema
            .entity_kinds
            .first()
            .map_or_else(|| "other".to_owned(), |k| k.id.clone())
    }
}

/// Words that make a new entity a news outlet, a government, a group, or not a person.
#[rustfmt::skip]
const MEDIA_WORDS: &[&str] = &[
    "journal", "times", "post", "news", "reuters", "press", "agency", "tv", "television", "radio",
    "herald", "guardian", "telegraph", "bloomberg", "cnn", "bbc", "afp", "xinhua", "yonhap",
    "tass", "wsj", "gazette", "tribune", "newspaper", "magazine",
];

#[rustfmt::skip]
const GOVERNMENT_WORDS: &[&str] = &[
    "ministry", "government", "department", "kremlin", "embassy", "cabinet", "parliament",
    "congress", "senate", "administration", "presidency",
];

#[rustfmt::skip]
const GROUP_WORDS: &[&str] = &[
    "officials", "diplomats", "countries", "analysts", "experts", "ministers", "leaders",
    "residents", "witnesses", "sources", "members", "lawmakers", "activists", "states", "nations",
    "investors", "traders", "economists",
];

#[rustfmt::skip]
const NOT_PERSON_WORDS: &[&str] = &[
    "bank", "group", "inc", "corp", "company", "council", "union", "organization", "organisation",
    "committee", "fund", "association", "party", "forces", "army", "office",
];

/// The name and aliases of an entity.
fn names_of(e: &Entity) -> Vec<String> {
    let mut names = vec![e.name.clone()];
    if let Some(serde_json::Value::Array(a)) = e.extra.get("aliases") {
        names.extend(a.iter().filter_map(|v| v.as_str().map(str::to_owned)));
    }
    names
}

/// The mention without a leading article, possessive, bracketed acronym and titles.
fn core_name(mention: &str) -> String {
    let mut s = mention.trim();
    for art in ["the ", "The "] {
        if let Some(rest) = s.strip_prefix(art) {
            s = rest;
        }
    }
    let s = s.trim_end_matches("'s").trim_end_matches("’s");
    let s = match s.find(" (") {
        Some(i) => &s[..i],
        None => s,
    };
    let words: Vec<&str> = s.split_whitespace().collect();
    // an organisation keeps its whole name ("Egyptian Foreign Ministry")
    let org = words
        .iter()
        .any(|w| ORGANISATION_WORDS.contains(&w.to_lowercase().as_str()));
    // drop titles and nationality adjectives before a capitalised name
    let mut k = 0;
    while !org && k + 1 < words.len() {
        let w = words[k].to_lowercase();
        let title = TITLES.contains(&w.as_str());
        let adjective = words[k].ends_with("an")
            || words[k].ends_with("i")
            || words[k].ends_with("ese")
            || words[k].ends_with("ish")
            || w == "u.s."
            || w == "u.k.";
        if (title
            || (adjective
                && k + 1 < words.len()
                && TITLES.contains(&words[k + 1].to_lowercase().as_str())))
            && words[k + 1..]
                .iter()
                .any(|x| x.starts_with(char::is_uppercase))
        {
            k += 1;
        } else {
            break;
        }
    }
    words[k..].join(" ")
}

/// Words that make a mention an organisation's name rather than a titled person's.
#[rustfmt::skip]
const ORGANISATION_WORDS: &[&str] = &["ministry", "department", "office", "council", "agency",
    "committee", "commission", "bank", "union", "association", "court", "parliament",
    "government", "party", "company", "group", "board", "authority", "service", "institute"];

fn acronym(name: &str) -> String {
    name.split_whitespace()
        .filter(|w| w.starts_with(char::is_uppercase) && !matches!(*w, "The" | "Of" | "And"))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// A known name (or alias) prepared for comparison with mentions.
pub(crate) struct Name {
    /// Lower case, without a leading "the".
    lower: String,
    words: Vec<String>,
    acronym: String,
}

impl Name {
    fn new(name: &str) -> Name {
        let lower = name.trim().to_lowercase();
        let lower = lower.strip_prefix("the ").unwrap_or(&lower).to_owned();
        Name {
            words: lower.split_whitespace().map(str::to_owned).collect(),
            acronym: acronym(name),
            lower,
        }
    }
}

/// A mention prepared for comparison with names.
struct Mention<'m> {
    raw: &'m str,
    lower: String,
    core: String,
    core_lower: String,
    words: Vec<String>,
}

impl<'m> Mention<'m> {
    fn new(raw: &'m str) -> Mention<'m> {
        let core = core_name(raw);
        let core_lower = core.to_lowercase();
        Mention {
            raw,
            lower: raw.trim().to_lowercase(),
            words: core_lower.split_whitespace().map(str::to_owned).collect(),
            core,
            core_lower,
        }
    }
}

/// Whether a known name (or alias) and a mention refer to the same entity.
fn same(n: &Name, m: &Mention) -> bool {
    if n.lower == m.core_lower || n.lower == m.lower {
        return true;
    }
    // Every test below needs a shared word, an acronym, or two names of about the same length
    // with the same first letter: most pairs are settled here, cheaply.
    let shared = m.words.iter().any(|w| n.words.contains(w));
    let (a, b) = (n.lower.as_str(), m.core_lower.as_str());
    let close = a.len().abs_diff(b.len()) <= 8 && a.as_bytes().first() == b.as_bytes().first();
    let acronym_like = m.core.len() >= 2 && m.core.chars().all(|ch| ch.is_uppercase() || ch == '.');
    if !shared && !close && !acronym_like && !m.raw.contains('(') {
        return false;
    }
    // acronyms: "WSJ" for "The Wall Street Journal", or "(WSJ)" in the mention
    if n.acronym.len() >= 2 {
        let core = &m.core;
        if core.chars().all(|ch| ch.is_uppercase() || ch == '.')
            && core.replace('.', "") == n.acronym
        {
            return true;
        }
        if let Some(inner) = m.raw.split('(').nth(1).and_then(|r| r.split(')').next()) {
            if inner == n.acronym {
                return true;
            }
        }
    }
    let (nw, cw) = (&n.words, &m.words);
    // a surname: "Trump" / "President Trump" for "Donald Trump"
    let capital = m.core.starts_with(char::is_uppercase);
    if capital && cw.len() == 1 && nw.len() >= 2 && nw.last() == cw.last() {
        return true;
    }
    // every word of the shorter in the longer: "Arab diplomats" ⊂ "Arab officials and diplomats"
    let (short, long) = if cw.len() <= nw.len() {
        (cw, nw)
    } else {
        (nw, cw)
    };
    if short.len() >= 2 && short.iter().all(|w| long.contains(w)) {
        return true;
    }
    // a spelling variant: Jaro–Winkler ≥ 0.94 (only between names of about the same length
    // and the same first letter, the only ones that can reach it)
    let (a, b) = (n.lower.as_str(), m.core_lower.as_str());
    let (la, lb) = (a.chars().count(), b.chars().count());
    lb >= 4
        && la.abs_diff(lb) <= 2
        && a.chars().next() == b.chars().next()
        && strsim::jaro_winkler(a, b) >= 0.94
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entities() -> Vec<Entity> {
        let mut wsj = Entity::new("e6", "The Wall Street Journal", "media");
        wsj.extra
            .insert("aliases".into(), serde_json::json!(["Journal"]));
        vec![
            Entity::new("e1", "Iran", "government"),
            Entity::new("e4", "Donald Trump", "person"),
            Entity::new("e5", "Benjamin Netanyahu", "person"),
            wsj,
            Entity::new("e8", "Arab officials and diplomats", "group"),
        ]
    }

    #[test]
    fn links_by_name_title_surname_acronym_alias_and_words() {
        let es = entities();
        let schema = Schema::default_news();
        let mut l = Linker::new(&es, &schema);
        let id = |l: &mut Linker, m: &str| match l.link(m) {
            Some(EntityLink::Existing(id)) => id,
            other => panic!("{m}: {other:?}"),
        };
        assert_eq!(id(&mut l, "Iran"), "e1");
        assert_eq!(id(&mut l, "President Trump"), "e4");
        assert_eq!(
            id(&mut l, "Israeli Prime Minister Benjamin Netanyahu"),
            "e5"
        );
        assert_eq!(id(&mut l, "WSJ"), "e6");
        assert_eq!(id(&mut l, "the Wall Street Journal (WSJ)"), "e6");
        assert_eq!(id(&mut l, "the Journal"), "e6");
        assert_eq!(id(&mut l, "Arab diplomats"), "e8");
        assert_eq!(id(&mut l, "Irann"), "e1", "a typo within Jaro-Winkler 0.94");
    }

    #[test]
    fn new_entities_are_proposed_once_with_a_kind() {
        let es = entities();
        let schema = Schema::default_news();
        let mut l = Linker::new(&es, &schema);
        let first = l
            .link("Norway's foreign minister, Espen Barth Eide")
            .unwrap();
        let EntityLink::New { name, kind } = first.clone() else {
            panic!("{first:?}")
        };
        assert_eq!(
            (name.as_str(), kind.as_str()),
            ("Espen Barth Eide", "person")
        );
        assert_eq!(
            l.link("the Egyptian Foreign Ministry"),
            Some(EntityLink::New {
                name: "Egyptian Foreign Ministry".into(),
                kind: "government".into()
            })
        );
        assert_eq!(
            l.link("Egyptian Foreign Ministry"),
            Some(EntityLink::New {
                name: "Egyptian Foreign Ministry".into(),
                kind: "government".into()
            })
        );
        assert_eq!(
            l.link("Reuters").unwrap(),
            EntityLink::New {
                name: "Reuters".into(),
                kind: "media".into()
            }
        );
        assert!(is_pronoun("They") && !is_pronoun("Theo"));
    }
}
