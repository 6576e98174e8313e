//! The feedback digest as text and as a self-contained HTML page ([`crate::review::feedback`]).
//!
//! The HTML page has no scripts and loads nothing: its style is inline, so it opens the same
//! in any browser, offline, and can be mailed. Every piece of user text (annotator, document
//! ids, claim texts, stance names, entity names) goes through [`escape`]. Stances are shown by
//! the `name` the caller gives for each id (the schema's names).

use std::fmt::Write as _;

use crate::review::confusion::StanceMatrix;
use crate::review::disagreement::Kind;
use crate::review::feedback::{Feedback, FeedbackItem, FrameView, Missing};
use crate::review::spans::Tally;

/// HTML-escapes `s` for text and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const KINDS: [Kind; 4] = [
    Kind::Missing,
    Kind::Boundary,
    Kind::Stance,
    Kind::Attribution,
];

/// What an item is, in words: "missing: not in ANN's annotations", "stance", …
fn headline(item: &FeedbackItem, annotator: &str) -> String {
    match (item.kind, item.missing) {
        (Kind::Missing, Some(Missing::FromAnnotator)) => {
            format!("missing: in gold, not in {annotator}'s annotations")
        }
        (Kind::Missing, _) => format!("missing: in {annotator}'s annotations, not in gold"),
        (Kind::Attribution, _) => format!("attribution: {} differ", item.fields.join(", ")),
        (k, _) if item.fields.is_empty() => k.name().to_owned(),
        (k, _) => format!("{} (also {} differ)", k.name(), item.fields.join(", ")),
    }
}

fn share(t: Tally) -> String {
    match t.share().value() {
        Some(v) => format!("{v:.3} ({}/{})", t.agree, t.total),
        None => format!("n/a ({}/{})", t.agree, t.total),
    }
}

/// One version of a frame on one line: `[start, end) stance "claim"; source …; cue …`.
fn frame_line(f: &FrameView, name: &impl Fn(&str) -> String) -> String {
    let mut s = format!(
        "[{}, {}) {} \"{}\"",
        f.span.start,
        f.span.end,
        name(&f.stance),
        f.claim
    );
    for (label, v) in [
        ("source", &f.source),
        ("cue", &f.cue),
        ("target", &f.target),
    ] {
        if let Some(v) = v {
            let _ = write!(s, "; {label} {v}");
        }
    }
    s
}

/// The digest as plain text.
pub fn text(f: &Feedback, name: &impl Fn(&str) -> String) -> String {
    let mut out = format!(
        "Feedback for {} against gold: {} document{} ({})\n\n",
        f.annotator,
        f.documents.len(),
        if f.documents.len() == 1 { "" } else { "s" },
        f.documents.join(", ")
    );
    let _ = writeln!(out, "{} differences:", f.items.len());
    for k in KINDS {
        let _ = writeln!(out, "  {:<12}{}", k.name(), f.count(k));
    }
    out.push_str(
        "\nper stance (gold, yours, agreed, missed, extra, boundary, stance, attribution)\n",
    );
    for (id, c) in &f.per_stance {
        let _ = writeln!(
            out,
            "  {:<28}{:>4}{:>5}{:>5}{:>5}{:>5}{:>5}{:>5}{:>5}",
            name(id),
            c.gold,
            c.annotator,
            c.agreed,
            c.missed,
            c.extra,
            c.boundary,
            c.stance,
            c.attribution
        );
    }
    let _ = writeln!(
        out,
        "\nstance confusion, gold (rows) × {} (columns), over matched claims:",
        f.annotator
    );
    let m = &f.confusion.matrix;
    for (r, label) in m.labels.iter().enumerate() {
        let cells: Vec<String> = (0..m.labels.len())
            .filter(|&c| m.get(r, c) > 0)
            .map(|c| format!("{} {}", name(&m.labels[c]), m.get(r, c)))
            .collect();
        if !cells.is_empty() {
            let _ = writeln!(out, "  {} → {}", name(label), cells.join(", "));
        }
    }
    let _ = writeln!(
        out,
        "stance agreement {}   via {}   entity links {}",
        share(f.confusion.stance),
        share(f.confusion.via),
        share(f.confusion.entity_links)
    );
    let mut doc = "";
    for (n, item) in f.items.iter().enumerate() {
        if item.document != doc {
            doc = &item.document;
            let _ = writeln!(out, "\n{doc}");
        }
        let _ = writeln!(out, "  {}. {}", n + 1, headline(item, &f.annotator));
        if let Some(g) = &item.gold {
            let _ = writeln!(out, "     gold: {}", frame_line(g, name));
        }
        if let Some(a) = &item.annotator {
            let _ = writeln!(out, "     {}: {}", f.annotator, frame_line(a, name));
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;\
padding:0 1em;color:#222;background:#fff}table{border-collapse:collapse;margin:.5em 0}\
td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right}th:first-child,td:first-child\
{text-align:left}.item{margin:.6em 0;padding:.4em .6em;border-left:4px solid #999}\
.missing{border-color:#d62728}.boundary{border-color:#ff7f0e}.stance{border-color:#9467bd}\
.attribution{border-color:#1f77b4}.kind{font-weight:bold}.claim{background:#f4f4f4}\
.side{color:#555;display:inline-block;min-width:6em}";

/// The digest as one self-contained HTML page.
pub fn html(f: &Feedback, name: &impl Fn(&str) -> String) -> String {
    let a = escape(&f.annotator);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Feedback for {a}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Feedback for {a}</h1>\n<p>Compared against gold: {} document{} ({}).</p>\n",
        f.documents.len(),
        if f.documents.len() == 1 { "" } else { "s" },
        escape(&f.documents.join(", "))
    );
    out.push_str(
        "<h2>Summary</h2>\n<table id=\"summary\">\n<tr><th>difference</th><th>count</th></tr>\n",
    );
    for k in KINDS {
        let _ = writeln!(out, "<tr><td>{}</td><td>{}</td></tr>", k.name(), f.count(k));
    }
    let _ = writeln!(
        out,
        "<tr><th>all</th><th>{}</th></tr>\n</table>",
        f.items.len()
    );
    per_stance_html(&mut out, f, name);
    confusion_html(&mut out, f, name);
    out.push_str("<h2>Differences</h2>\n");
    let mut doc: Option<&str> = None;
    for (n, item) in f.items.iter().enumerate() {
        if doc != Some(item.document.as_str()) {
            doc = Some(&item.document);
            let _ = writeln!(out, "<h3>{}</h3>", escape(&item.document));
        }
        let _ = writeln!(
            out,
            "<div class=\"item {}\" id=\"d{}\"><span class=\"kind\">{}. {}</span><br>",
            item.kind.name(),
            n + 1,
            n + 1,
            escape(&headline(item, &f.annotator))
        );
        for (side, v) in [
            ("gold", &item.gold),
            (f.annotator.as_str(), &item.annotator),
        ] {
            if let Some(v) = v {
                let _ = writeln!(
                    out,
                    "<span class=\"side\">{}</span> {}<br>",
                    escape(side),
                    frame_html(v, name)
                );
            }
        }
        out.push_str("</div>\n");
    }
    if f.items.is_empty() {
        out.push_str("<p>No differences: every gold claim is annotated the same.</p>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn frame_html(f: &FrameView, name: &impl Fn(&str) -> String) -> String {
    let mut s = format!(
        "[{}, {}) <b>{}</b> <span class=\"claim\">“{}”</span>",
        f.span.start,
        f.span.end,
        escape(&name(&f.stance)),
        escape(&f.claim)
    );
    for (label, v) in [
        ("source", &f.source),
        ("cue", &f.cue),
        ("target", &f.target),
    ] {
        if let Some(v) = v {
            let _ = write!(s, "; {label} {}", escape(v));
        }
    }
    s
}

fn per_stance_html(out: &mut String, f: &Feedback, name: &impl Fn(&str) -> String) {
    let _ = writeln!(
        out,
        "<h2>Per stance</h2>\n<table id=\"per-stance\">\n<tr><th>stance</th><th>gold</th>\
         <th>{}</th><th>agreed</th><th>missed</th><th>extra</th><th>boundary</th>\
         <th>stance</th><th>attribution</th></tr>",
        escape(&f.annotator)
    );
    for (id, c) in &f.per_stance {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td></tr>",
            escape(&name(id)),
            c.gold,
            c.annotator,
            c.agreed,
            c.missed,
            c.extra,
            c.boundary,
            c.stance,
            c.attribution
        );
    }
    out.push_str("</table>\n");
}

fn confusion_html(out: &mut String, f: &Feedback, name: &impl Fn(&str) -> String) {
    let m: &StanceMatrix = &f.confusion.matrix;
    let _ = writeln!(
        out,
        "<h2>Stance confusion</h2>\n<p>Gold (rows) × {} (columns) over matched claims; \
         (none): no matched claim. Stance agreement {}, via {}, entity links {}.</p>\n\
         <table id=\"confusion\">",
        escape(&f.annotator),
        share(f.confusion.stance),
        share(f.confusion.via),
        share(f.confusion.entity_links)
    );
    out.push_str("<tr><th></th>");
    for l in &m.labels {
        let _ = write!(out, "<th>{}</th>", escape(&name(l)));
    }
    out.push_str("</tr>\n");
    let max = m.max().max(1) as f64;
    for (r, l) in m.labels.iter().enumerate() {
        let _ = write!(out, "<tr><th>{}</th>", escape(&name(l)));
        for c in 0..m.labels.len() {
            let v = m.get(r, c);
            // Shade by count: blue on the diagonal (agreement), orange off it.
            let alpha = if v == 0 {
                0.0
            } else {
                0.15 + 0.85 * v as f64 / max
            };
            let rgb = if r == c { "31,119,180" } else { "255,127,14" };
            let _ = write!(
                out,
                "<td style=\"background:rgba({rgb},{alpha:.2})\">{v}</td>"
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x&y")</script> l'été 😀"#),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; l&#39;été 😀"
        );
    }
}
