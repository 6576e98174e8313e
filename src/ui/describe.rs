//! How frames and their parts read as short text in lists, tooltips and the review panel.
//! No egui here.

use crate::model::{AnnotationSet, Participant};

/// At most `n` characters of `s`, with an ellipsis when cut.
pub fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A participant as one line: “span text” → entity name (the id when `set` lacks the entity),
/// or "—".
pub fn participant_text(p: Option<&Participant>, set: &AnnotationSet) -> String {
    let Some(p) = p else { return "—".into() };
    let span = p.span.as_ref().map(|q| {
        crate::session::bidi::display_order(&format!("“{}”", q.display_text())).into_owned()
    });
    let ent = p
        .entity
        .as_ref()
        .map(|id| set.entity(id).map_or(id.clone(), |e| e.name.clone()));
    match (span, ent) {
        (Some(s), Some(e)) => format!("{s} → {e}"),
        (Some(s), None) => s,
        (None, Some(e)) => e,
        (None, None) => "—".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, Op, Quote, Schema, Span};

    #[test]
    fn short_counts_characters_not_bytes() {
        assert_eq!(short("日本語のテキスト", 4), "日本語…");
        assert_eq!(short("e\u{301}té", 4), "e\u{301}té");
        assert_eq!(short("😀😀😀", 2), "😀…");
    }

    #[test]
    fn participants_read_as_span_and_entity() {
        let mut set = AnnotationSet::new("d", "a", Schema::default_news().reference());
        Op::AddEntity(Entity::new("e1", "Donald Trump", "person"))
            .apply(&mut set)
            .unwrap();
        let span = Some(Quote::new(Span::new(3, 18), "President Trump"));
        let both = Participant {
            span: span.clone(),
            entity: Some("e1".into()),
        };
        assert_eq!(
            participant_text(Some(&both), &set),
            "“President Trump” → Donald Trump"
        );
        let dangling = Participant {
            span: None,
            entity: Some("e9".into()),
        };
        assert_eq!(participant_text(Some(&dangling), &set), "e9");
        let only_span = Participant { span, entity: None };
        assert_eq!(
            participant_text(Some(&only_span), &set),
            "“President Trump”"
        );
        assert_eq!(participant_text(None, &set), "—");
        assert_eq!(participant_text(Some(&Participant::default()), &set), "—");
    }
}
