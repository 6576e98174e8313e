//! The `.ann` writer that the one-pass writer in [`super::write`] replaced, kept as the
//! reference its output is compared with, byte for byte.

use std::collections::HashMap;

use super::write::{ann, brat_fragments};
use crate::model::{AnnotationSet, Document, Quote, SpanRole, Text};

/// `T{id}\t{kind} start end;start end\t{text}`: the text field is the fragments' texts joined
/// by one space, line breaks inside one shown as spaces.
fn reference_t_line(id: usize, kind: &str, text: &Text, q: &Quote) -> String {
    let frags = brat_fragments(text, q);
    let offs: Vec<String> = frags
        .iter()
        .map(|f| format!("{} {}", f.start, f.end))
        .collect();
    let texts: Vec<String> = frags
        .iter()
        .map(|f| {
            text.slice(*f)
                .unwrap_or_default()
                .replace(['\r', '\n'], " ")
        })
        .collect();
    format!("T{id}\t{kind} {}\t{}\n", offs.join(";"), texts.join(" "))
}

/// The `.ann` of one document, plus warnings.
pub(super) fn reference_ann(doc: &Document, set: &AnnotationSet) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut warnings = Vec::new();
    let (mut t, mut a, mut n, mut note) = (0, 0, 0, 0);
    let mut next_e = set
        .frames()
        .iter()
        .filter_map(|f| f.id.strip_prefix('f')?.parse::<u64>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let mut e_of: HashMap<&str, u64> = HashMap::new();
    for f in set.frames() {
        let e = match f.id.strip_prefix('f').and_then(|n| n.parse::<u64>().ok()) {
            Some(n) if !e_of.values().any(|v| *v == n) => n,
            _ => {
                next_e += 1;
                next_e - 1
            }
        };
        e_of.insert(&f.id, e);
    }
    for f in set.frames() {
        let e = e_of[f.id.as_str()];
        t += 1;
        out.push_str(&reference_t_line(t, "Claim", &doc.text, &f.claim));
        let mut args = format!("E{e}\tClaim:T{t}");
        for (role, q) in f.quotes().skip(1) {
            t += 1;
            out.push_str(&reference_t_line(
                t,
                &capitalised(role.name()),
                &doc.text,
                q,
            ));
            args.push_str(&format!(" {}:T{t}", capitalised(role.name())));
            let entity = match role {
                SpanRole::Source => f.source.as_ref().and_then(|p| p.entity.as_deref()),
                SpanRole::Target => f.target.as_ref().and_then(|p| p.entity.as_deref()),
                _ => None,
            };
            if let Some(ent) = entity.and_then(|id| set.entity(id)) {
                n += 1;
                out.push_str(&format!(
                    "N{n}\tReference T{t} {}:{}\t{}\n",
                    ent.kind,
                    ent.id,
                    ent.name.replace(['\t', '\r', '\n'], " ")
                ));
            }
        }
        for (name, p) in [("source", &f.source), ("target", &f.target)] {
            if p.as_ref()
                .is_some_and(|p| p.span.is_none() && p.entity.is_some())
            {
                warnings.push(format!(
                    "{}: frame {}: the {name} is an entity without a span, which brat cannot hold",
                    doc.id, f.id
                ));
            }
        }
        if let Some(v) = f.via.as_deref().and_then(|v| e_of.get(v)) {
            args.push_str(&format!(" Via:E{v}"));
        }
        out.push_str(&args);
        out.push('\n');
        a += 1;
        out.push_str(&format!("A{a}\tStance E{e} {}\n", f.stance));
        for (k, v) in &f.attributes {
            a += 1;
            out.push_str(&format!("A{a}\t{k} E{e} {v}\n"));
        }
        if !f.note.is_empty() {
            note += 1;
            if f.note.contains(['\r', '\n', '\t']) {
                warnings.push(format!(
                    "{}: frame {}: line breaks and tabs in the note are written as spaces",
                    doc.id, f.id
                ));
            }
            out.push_str(&format!(
                "#{note}\tAnnotatorNotes E{e}\t{}\n",
                f.note.replace(['\r', '\n', '\t'], " ")
            ));
        }
    }
    (out, warnings)
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, Frame, Participant, Quote, Span};

    fn both_agree(doc: &Document, set: &AnnotationSet) {
        assert_eq!(ann(doc, set), reference_ann(doc, set), "{}", doc.id);
    }

    #[test]
    fn both_writers_agree_on_the_samples() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut checked = 0;
        for dir in [
            "review-project/annotations",
            "stance-map-project/annotations",
        ] {
            for who in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
                for file in std::fs::read_dir(who.path()).unwrap().flatten() {
                    let f = crate::io::native::load(&file.path()).unwrap();
                    both_agree(&f.document, &f.annotations);
                    checked += 1;
                }
            }
        }
        assert!(checked >= 6, "{checked}");
    }

    /// Line breaks inside spans, tabs in notes and names, ids not of the form `fN`, a frame
    /// number taken twice, a split quote, emoji and CJK before the spans.
    #[test]
    fn both_writers_agree_on_the_hard_cases() {
        let text = Text::new("😀 日本 \"We will not,\"\r\nhe said,\n\"back down.\"\tEnd");
        let doc = Document::new("d", text.as_str());
        let q = |spans: &[(usize, usize)]| {
            let spans: Vec<Span> = spans.iter().map(|&(a, b)| Span::new(a, b)).collect();
            Quote::of_text(&text, &spans).unwrap()
        };
        let mut set = AnnotationSet::new(
            "d",
            "a",
            crate::model::SchemaRef {
                id: "news-stance".into(),
                version: "1".into(),
            },
        );
        set.set_entities(vec![Entity::new("e1", "Iran\tGov\r\n", "org")]);
        let mut f1 = Frame::new("f2", q(&[(6, 18), (31, 41)]), "threat");
        f1.cue = Some(q(&[(18, 30)]));
        f1.source = Some(Participant {
            span: Some(q(&[(21, 23)])),
            entity: Some("e1".into()),
        });
        f1.target = Some(Participant {
            span: None,
            entity: Some("e1".into()),
        });
        f1.note = "line one\r\nline\ttwo".into();
        f1.attributes.insert("polarity".into(), "against".into());
        let mut f2 = Frame::new("claim-x", q(&[(2, 4)]), "warning");
        f2.via = Some("f2".into());
        let f3 = Frame::new("f2", q(&[(0, 1)]), "warning");
        let f4 = Frame::new("f7", q(&[(17, 25)]), "warning");
        set.set_frames(vec![f1, f2, f3, f4]);
        both_agree(&doc, &set);
    }
}
