//! Annotation guidelines per stance and per role, as Markdown, for the moment of decision.
//!
//! Two sources, both kept: each schema stance's `guideline` text, and an optional project file
//! `guidelines.md` with one section per stance or role. A section starts at a level-2 heading
//! (`## Warning`, `## warning` or `## Claim`) naming a stance by id or name, or a role (`claim`,
//! `source`, `cue`, `target`), case-insensitively, and runs to the next level-2 heading; text
//! before the first such heading is the preamble. A stance's guideline is its schema text, then
//! its file section. Sections that name nothing known are listed in [`Guidelines::unmatched`],
//! never dropped silently.

use std::collections::BTreeMap;

use super::{Schema, SpanRole};

/// The guidelines of a project: Markdown per stance id and per role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guidelines {
    stances: BTreeMap<String, String>,
    roles: BTreeMap<&'static str, String>,
    /// Text of the file before its first section.
    pub preamble: String,
    /// Headings of the file's sections that name no stance or role.
    pub unmatched: Vec<String>,
}

impl Guidelines {
    /// The guidelines of `schema`, with the sections of a `guidelines.md` when there is one.
    pub fn new(schema: &Schema, file: Option<&str>) -> Guidelines {
        let mut g = Guidelines::default();
        for s in &schema.stances {
            if !s.guideline.trim().is_empty() {
                g.stances
                    .insert(s.id.clone(), s.guideline.trim().to_owned());
            }
        }
        let Some(file) = file else {
            return g;
        };
        let (preamble, sections) = sections(file);
        g.preamble = preamble.trim().to_owned();
        for (heading, body) in sections {
            let key = heading.trim().to_lowercase();
            let body = body.trim();
            let stance = schema
                .stances
                .iter()
                .find(|s| s.id.to_lowercase() == key || s.name.to_lowercase() == key);
            let role = SpanRole::ALL.into_iter().find(|r| r.name() == key);
            match (stance, role) {
                (Some(s), _) => {
                    let text = g.stances.entry(s.id.clone()).or_default();
                    join(text, body);
                }
                (None, Some(r)) => join(g.roles.entry(r.name()).or_default(), body),
                (None, None) => g.unmatched.push(heading.trim().to_owned()),
            }
        }
        g
    }

    /// The Markdown for a stance id (`None` when there is none).
    pub fn stance(&self, id: &str) -> Option<&str> {
        self.stances.get(id).map(String::as_str)
    }

    /// The Markdown for a role.
    pub fn role(&self, role: SpanRole) -> Option<&str> {
        self.roles.get(role.name()).map(String::as_str)
    }
}

fn join(text: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(more);
}

/// The preamble and the (heading, body) sections at level-2 headings. Lines inside fenced code
/// blocks are never headings.
fn sections(file: &str) -> (String, Vec<(String, String)>) {
    let mut preamble = String::new();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut fenced = false;
    for line in file.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fenced = !fenced;
        }
        let heading = (!fenced)
            .then(|| line.strip_prefix("## "))
            .flatten()
            .map(|h| h.trim_end_matches('#').trim());
        match (heading, out.last_mut()) {
            (Some(h), _) => out.push((h.to_owned(), String::new())),
            (None, Some((_, body))) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {
                preamble.push_str(line);
                preamble.push('\n');
            }
        }
    }
    (preamble, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_attach_to_stances_by_id_or_name_and_to_roles() {
        let schema = Schema::default_news();
        let warning = schema.stance("warning").unwrap().guideline.clone();
        let file = "# Our guidelines\nRead this first.\n\n\
                    ## warning\nA **warning** names a danger.\n\n\
                    ## Denial / rejection\n- rejects a claim\n- 否认 😀\n\
                    ```\n## not a heading\n```\n\
                    ## Claim\nMark the whole proposition.\n\
                    ## Étiquette inconnue\nlost?\n";
        let g = Guidelines::new(&schema, Some(file));
        assert_eq!(g.preamble, "# Our guidelines\nRead this first.");
        assert_eq!(
            g.stance("warning").unwrap(),
            format!("{}\n\nA **warning** names a danger.", warning.trim())
        );
        assert!(g
            .stance("denial")
            .unwrap()
            .ends_with("- rejects a claim\n- 否认 😀\n```\n## not a heading\n```"));
        assert_eq!(g.role(SpanRole::Claim), Some("Mark the whole proposition."));
        assert_eq!(g.role(SpanRole::Cue), None);
        assert_eq!(g.unmatched, ["Étiquette inconnue"]);
        // Without a file: the schema's texts only.
        let g = Guidelines::new(&schema, None);
        assert_eq!(g.stance("warning").unwrap(), warning.trim());
        assert!(g.unmatched.is_empty());
    }
}
