//! The label schema: stance labels, entity kinds and extra frame attributes.
//!
//! A schema is a JSON file (`"format": "stancemark-schema/1"`). The default one,
//! `assets/schemas/news-stance.json`, is compiled into the binary. [`Schema::from_json`] checks
//! the schema's own invariants (unique ids and hotkeys, `#rrggbb` colours, non-empty value lists).

use serde::{Deserialize, Serialize};

/// The default schema's JSON, compiled in.
pub const DEFAULT_SCHEMA_JSON: &str = include_str!("../../assets/schemas/news-stance.json");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Schema {
    #[serde(default = "schema_format")]
    pub format: String,
    pub id: String,
    pub version: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub stances: Vec<StanceLabel>,
    #[serde(default)]
    pub entity_kinds: Vec<EntityKind>,
    #[serde(default)]
    pub attributes: Vec<AttributeDef>,
}

fn schema_format() -> String {
    "stancemark-schema/1".to_owned()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StanceLabel {
    pub id: String,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
    /// One key (`"1"`…`"9"`, `"0"` or a letter) that applies this stance in the workbench.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotkey: Option<String>,
    #[serde(default)]
    pub guideline: String,
}

impl StanceLabel {
    /// The colour as RGB bytes (validated by [`Schema::from_json`]; grey if malformed).
    pub fn rgb(&self) -> [u8; 3] {
        parse_hex_color(&self.color).unwrap_or([128, 128, 128])
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityKind {
    pub id: String,
    pub name: String,
}

/// An extra frame attribute with a closed set of values (e.g. polarity: for/against/neutral).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeDef {
    pub id: String,
    pub name: String,
    pub values: Vec<String>,
    #[serde(default)]
    pub guideline: String,
}

/// A reference to a schema by id and version, as stored in annotation files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SchemaError {
    #[error("{0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    Invalid(String),
}

impl Schema {
    /// The built-in news stance schema.
    pub fn default_news() -> Schema {
        // Invariant: the compiled-in schema is valid (checked by the `default_schema_is_valid`
        // test), so this cannot fail at run time.
        Schema::from_json(DEFAULT_SCHEMA_JSON).expect("built-in schema is valid")
    }

    /// Parses and checks a schema.
    pub fn from_json(json: &str) -> Result<Schema, SchemaError> {
        let schema: Schema = serde_json::from_str(json)?;
        schema.check()?;
        Ok(schema)
    }

    /// Checks the schema's invariants (done by [`Schema::from_json`]; for schemas built otherwise).
    pub fn check(&self) -> Result<(), SchemaError> {
        let bad = |m: String| Err(SchemaError::Invalid(m));
        match self.format.strip_prefix("stancemark-schema/") {
            Some(v) if v.split('.').next() == Some("1") => {}
            _ => return bad(format!("unsupported schema format {:?}", self.format)),
        }
        if self.stances.is_empty() {
            return bad("the schema has no stance labels".into());
        }
        let mut seen = std::collections::HashSet::new();
        let mut keys = std::collections::HashSet::new();
        for s in &self.stances {
            if s.id.trim().is_empty() {
                return bad("a stance label has an empty id".into());
            }
            if !seen.insert(s.id.as_str()) {
                return bad(format!("stance id {:?} appears twice", s.id));
            }
            if parse_hex_color(&s.color).is_none() {
                return bad(format!(
                    "stance {:?}: colour {:?} is not #rrggbb",
                    s.id, s.color
                ));
            }
            if let Some(k) = &s.hotkey {
                if k.chars().count() != 1 || !k.chars().all(|c| c.is_ascii_alphanumeric()) {
                    return bad(format!(
                        "stance {:?}: hotkey {:?} must be one letter or digit",
                        s.id, k
                    ));
                }
                if !keys.insert(k.to_ascii_lowercase()) {
                    return bad(format!("hotkey {:?} is used twice", k));
                }
            }
        }
        let mut kinds = std::collections::HashSet::new();
        for k in &self.entity_kinds {
            if !kinds.insert(k.id.as_str()) {
                return bad(format!("entity kind {:?} appears twice", k.id));
            }
        }
        let mut attrs = std::collections::HashSet::new();
        for a in &self.attributes {
            if !attrs.insert(a.id.as_str()) {
                return bad(format!("attribute {:?} appears twice", a.id));
            }
            if a.values.is_empty() {
                return bad(format!("attribute {:?} has no values", a.id));
            }
        }
        Ok(())
    }

    pub fn reference(&self) -> SchemaRef {
        SchemaRef {
            id: self.id.clone(),
            version: self.version.clone(),
        }
    }

    pub fn stance(&self, id: &str) -> Option<&StanceLabel> {
        self.stances.iter().find(|s| s.id == id)
    }

    pub fn stance_index(&self, id: &str) -> Option<usize> {
        self.stances.iter().position(|s| s.id == id)
    }

    pub fn stance_for_hotkey(&self, key: &str) -> Option<&StanceLabel> {
        self.stances.iter().find(|s| {
            s.hotkey
                .as_deref()
                .is_some_and(|k| k.eq_ignore_ascii_case(key))
        })
    }

    pub fn entity_kind(&self, id: &str) -> Option<&EntityKind> {
        self.entity_kinds.iter().find(|k| k.id == id)
    }

    pub fn attribute(&self, id: &str) -> Option<&AttributeDef> {
        self.attributes.iter().find(|a| a.id == id)
    }
}

/// Parses `#rrggbb`.
pub fn parse_hex_color(s: &str) -> Option<[u8; 3]> {
    let hex = s.strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_schema_is_valid() {
        let s = Schema::from_json(DEFAULT_SCHEMA_JSON).unwrap();
        for id in [
            "condemnation",
            "warning",
            "denial",
            "accusation",
            "demand",
            "support",
            "threat",
            "report",
        ] {
            assert!(s.stance(id).is_some(), "missing stance {id}");
        }
        for k in 1..=9 {
            assert!(s.stance_for_hotkey(&k.to_string()).is_some(), "hotkey {k}");
        }
        assert!(s.entity_kind("person").is_some());
        assert!(s.attribute("polarity").is_some());
    }

    #[test]
    fn rejects_duplicate_hotkeys_and_bad_colours() {
        let base = r##"{"id":"x","version":"1","stances":[
            {"id":"a","name":"A","color":"#112233","hotkey":"1"},
            {"id":"b","name":"B","color":"COLOR","hotkey":"2"}]}"##;
        let e = Schema::from_json(base).unwrap_err().to_string();
        assert!(e.contains("not #rrggbb"), "{e}");
        let dup = base.replace("COLOR", "#000000").replace("\"2\"", "\"1\"");
        let e = Schema::from_json(&dup).unwrap_err().to_string();
        assert!(e.contains("used twice"), "{e}");
    }

    #[test]
    fn hex_colours() {
        assert_eq!(parse_hex_color("#ff7f0e"), Some([255, 127, 14]));
        assert_eq!(parse_hex_color("ff7f0e"), None);
        assert_eq!(parse_hex_color("#ff7f0"), None);
        assert_eq!(parse_hex_color("#ééé"), None);
    }
}
