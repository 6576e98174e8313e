//! The highlight sections of a paragraph: which background (stacked claim fills, the find
//! match, the selection) and underline each stretch of text gets. The result keys the galley
//! cache, so equal highlights never lay a paragraph out again.

use egui::Color32;

use super::super::theme::stack;
use super::ArticleInput;
use crate::model::{Frame, Span};

/// One highlight section of a paragraph: a document span with its background (premultiplied
/// RGBA) and an optional underline colour. Hashable, so it keys the galley cache.
#[derive(Debug, Clone, PartialEq, Hash)]
pub(super) struct Section {
    pub(super) span: Span,
    pub(super) bg: [u8; 4],
    pub(super) underline: Option<[u8; 3]>,
}

/// The highlight sections covering paragraph `para` exactly, in order.
pub(super) fn sections(para: Span, input: &ArticleInput<'_>) -> Vec<Section> {
    let frames = input.session.annotations().frames();
    let schema = &input.session.schema;
    let t = input.tokens;
    let over = input.cover.overlapping(para);
    let mut cuts = vec![para.start, para.end];
    for &i in &over {
        for s in frames[i].claim.spans() {
            cuts.extend([s.start, s.end]);
        }
    }
    let sel = input.selection.span();
    // An empty selection (a caret) changes no colour: cutting there would only split a word
    // into two shaped pieces (which loses the joining of Arabic letters).
    if !sel.is_empty() {
        cuts.extend([sel.start, sel.end]);
    }
    if let Some(m) = input.find_match {
        cuts.extend([m.start, m.end]);
    }
    cuts.retain(|&c| para.start <= c && c <= para.end);
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = Vec::with_capacity(cuts.len());
    if para.is_empty() {
        out.push(Section {
            span: para,
            bg: [0; 4],
            underline: None,
        });
        return out;
    }
    for w in cuts.windows(2) {
        let seg = Span::new(w[0], w[1]);
        // Covering claims, outermost (longest) first so inner ones paint on top.
        let mut covering: Vec<&Frame> = over
            .iter()
            .map(|&i| &frames[i])
            .filter(|f| f.claim.covers(seg.start))
            .collect();
        covering.sort_by_key(|f| std::cmp::Reverse(f.claim.len_chars()));
        let mut layers: Vec<Color32> = covering
            .iter()
            .map(|f| t.claim_fill(schema.stance(&f.stance).map_or([128; 3], |s| s.rgb())))
            .collect();
        if input.find_match.is_some_and(|m| m.contains(seg.start)) {
            layers.push(t.find_bg);
        }
        if !sel.is_empty() && sel.contains(seg.start) {
            layers.push(t.selection_bg);
        }
        let underline = (covering.len() >= 2).then(|| {
            let inner = covering[covering.len() - 1];
            let c = t.stance_line(schema.stance(&inner.stance).map_or([128; 3], |s| s.rgb()));
            [c.r(), c.g(), c.b()]
        });
        out.push(Section {
            span: seg,
            bg: stack(&layers).to_array(),
            underline,
        });
    }
    out
}
