//! A document: an article's immutable text plus its bibliographic fields.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::extra_fields::deserialize_keeping_extra;
use super::Text;

/// One article. The text never changes after it is loaded or imported; annotations refer to it by
/// code-point offsets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Free metadata (e.g. keys of an imported JSONL line that stancemark does not know). Numbers
    /// in it keep the text they were read with (serde_json's `arbitrary_precision`).
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub metadata: Map<String, Value>,
    pub text: Text,
    /// Unknown fields, kept so that a round trip does not drop them.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra!(
    Document,
    "a document object",
    required { id, text },
    optional {
        title,
        url,
        outlet,
        published,
        language,
        metadata
    }
);

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            title: None,
            url: None,
            outlet: None,
            published: None,
            language: None,
            metadata: Map::new(),
            text: Text::new(text.into()),
            extra: Map::new(),
        }
    }

    /// The title, or the id when there is none.
    pub fn display_title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::new)
    }
}
