//! `stancemark agree DIR [--annotators A,B,...] [--confusion] [--json]`

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use stancemark::project::Project;
use stancemark::review::agreement::{pair_indices, Agreement};
use stancemark::review::confusion::{confusion, Confusion, PairConfusion, StanceMatrix};
use stancemark::review::spans::Tally;
use stancemark::review::{agree, DocumentAnnotations, Score, Undefined};

use super::table;

#[derive(Debug, Args)]
pub struct AgreeArgs {
    /// Project folder.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Annotators to compare, comma-separated [default: all].
    #[arg(long, value_delimiter = ',', value_name = "A,B,...")]
    pub annotators: Option<Vec<String>>,
    /// Print the stance × stance confusion matrices over matched claims (per pair and pooled)
    /// and the agreement on `via` and on entity links, instead of the agreement tables.
    #[arg(long)]
    pub confusion: bool,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: AgreeArgs) -> anyhow::Result<ExitCode> {
    let project = Project::open(&args.dir)?;
    let annotators = super::review::annotators(&project, args.annotators.as_deref())?;
    let documents = project.common_documents(&annotators)?;
    let input: Vec<DocumentAnnotations> = documents
        .iter()
        .map(|d| DocumentAnnotations {
            document: &d.document,
            sets: d.sets.iter().collect(),
        })
        .collect();
    if args.confusion {
        let report = confusion(&annotators, &input);
        if args.json {
            print!("{}", report.to_json());
        } else {
            print!("{}", render_confusion(&report));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let report = agree(&annotators, &input);
    if args.json {
        print!("{}", report.to_json());
    } else {
        print!("{}", render(&report));
    }
    Ok(ExitCode::SUCCESS)
}

fn cell(s: Score) -> String {
    match s {
        Score::Value(v) => format!("{v:.3}"),
        Score::Undefined(why) => format!("n/a: {why}"),
    }
}

/// A role agreement: `n/a` alone when nobody filled the role (the table's note says why).
fn role_cell(s: Score) -> String {
    match s.reason() {
        Some(Undefined::RoleNeverFilled) => "n/a".into(),
        _ => cell(s),
    }
}

fn pair_name(r: &Agreement, i: usize, j: usize) -> String {
    format!("{}/{}", r.annotators[i], r.annotators[j])
}

/// The tables: summary, pairwise matrix, per-label F1, α_U, per document.
pub fn render(r: &Agreement) -> String {
    let mut out = format!(
        "{} annotators ({}), {} document{} ({}), {} units (non-whitespace code points)\n\n",
        r.annotators.len(),
        r.annotators.join(", "),
        r.documents.len(),
        if r.documents.len() == 1 { "" } else { "s" },
        r.documents.join(", "),
        r.units
    );
    let pairs: Vec<(usize, usize)> = pair_indices(r.annotators.len()).collect();
    out.push_str(&pair_table(r, &pairs));
    out.push_str(&format!(
        "\nFleiss' kappa {}   Krippendorff's alpha {}   (character level)\n\n",
        cell(r.fleiss_kappa),
        cell(r.krippendorff_alpha)
    ));
    out.push_str("span F1 per stance (overlap / exact) and unitizing alpha\n\n");
    out.push_str(&label_table(r, &pairs));
    out.push_str(&format!(
        "\nunitizing alpha (alpha_U), all stances: {}\n\n",
        cell(r.alpha_u.overall)
    ));
    out.push_str(&document_table(r, &pairs));
    out
}

/// One row per pair of annotators.
fn pair_table(r: &Agreement, pairs: &[(usize, usize)]) -> String {
    let rows: Vec<Vec<String>> = r
        .pairs
        .iter()
        .zip(pairs)
        .map(|(p, &(i, j))| {
            vec![
                pair_name(r, i, j),
                cell(p.cohen_kappa),
                cell(p.span_f1_exact),
                cell(p.span_f1_overlap),
                cell(p.span_f1_unlabeled_overlap),
                role_cell(p.source_agreement),
                role_cell(p.target_agreement),
                role_cell(p.cue_agreement),
            ]
        })
        .collect();
    let mut out = table::render(
        &[
            "pair",
            "kappa",
            "F1 exact",
            "F1 overlap",
            "F1 unlabeled",
            "source",
            "target",
            "cue",
        ],
        &rows,
    );
    if rows.iter().flatten().any(|c| c == "n/a") {
        out.push_str(&format!("n/a: {}\n", Undefined::RoleNeverFilled.reason()));
    }
    out
}

/// Per-label F1 by pair as "overlap / exact", with α_U per stance alongside.
fn label_table(r: &Agreement, pairs: &[(usize, usize)]) -> String {
    let mut labels: Vec<&String> = r.pairs.iter().flat_map(|p| p.per_label.keys()).collect();
    labels.extend(r.alpha_u.per_stance.keys());
    labels.sort();
    labels.dedup();
    let mut header: Vec<String> = vec!["stance".into()];
    for &(i, j) in pairs {
        header.push(pair_name(r, i, j));
    }
    header.push("alpha_U".into());
    let rows: Vec<Vec<String>> = labels
        .iter()
        .map(|&l| {
            let mut row = vec![l.clone()];
            for p in &r.pairs {
                match p.per_label.get(l) {
                    Some(f) => row.push(format!("{} / {}", cell(f.f1_overlap), cell(f.f1_exact))),
                    None => row.push("-".to_owned()),
                }
            }
            row.push(r.alpha_u.per_stance.get(l).map_or("-".into(), |s| cell(*s)));
            row
        })
        .collect();
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    table::render(&header_refs, &rows)
}

/// Per document, lowest Fleiss' kappa first so that problem documents stand out.
fn document_table(r: &Agreement, pairs: &[(usize, usize)]) -> String {
    let mut header: Vec<String> = vec!["document".into(), "units".into(), "claims".into()];
    for &(i, j) in pairs {
        header.push(format!("kappa {}", pair_name(r, i, j)));
    }
    header.push("Fleiss' kappa".into());
    header.push("F1 overlap (mean)".into());
    let mut docs: Vec<_> = r.per_document.iter().collect();
    let key = |s: Score| s.value().unwrap_or(f64::INFINITY);
    docs.sort_by(|a, b| {
        key(a.fleiss_kappa)
            .total_cmp(&key(b.fleiss_kappa))
            .then_with(|| a.id.cmp(&b.id))
    });
    let rows: Vec<Vec<String>> = docs
        .iter()
        .map(|d| {
            let mut row = vec![
                d.id.clone(),
                d.units.to_string(),
                d.claims
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join("/"),
            ];
            row.extend(d.cohen_kappa.iter().map(|s| cell(*s)));
            row.push(cell(d.fleiss_kappa));
            let f1: Vec<f64> = d.span_f1_overlap.iter().filter_map(|s| s.value()).collect();
            row.push(if f1.is_empty() {
                "-".into()
            } else {
                format!("{:.3}", f1.iter().sum::<f64>() / f1.len() as f64)
            });
            row
        })
        .collect();
    let header_refs: Vec<&str> = header.iter().map(String::as_str).collect();
    table::render(&header_refs, &rows)
}

/// The confusion report: one matrix per pair, then the pooled one.
pub fn render_confusion(r: &Confusion) -> String {
    let mut out = format!(
        "stance confusion over matched claims (unlabeled overlap matching), {} document{} ({})\n\
         rows: the first annotator of the pair; (none): no matched claim\n",
        r.documents.len(),
        if r.documents.len() == 1 { "" } else { "s" },
        r.documents.join(", ")
    );
    for p in &r.pairs {
        out.push_str(&format!("\n{} (rows) × {} (columns)\n\n", p.a, p.b));
        out.push_str(&pair_confusion(p, &format!("{} \\ {}", p.a, p.b)));
    }
    if r.pairs.len() > 1 {
        out.push_str("\npooled over all pairs\n\n");
        out.push_str(&pair_confusion(&r.pooled, "pooled"));
    }
    out
}

fn pair_confusion(p: &PairConfusion, corner: &str) -> String {
    let mut out = matrix_table(&p.matrix, corner);
    out.push_str(&format!(
        "\nstance agreement {}   via agreement {}   entity link agreement {}\n",
        tally(p.stance),
        tally(p.via),
        tally(p.entity_links)
    ));
    out
}

fn matrix_table(m: &StanceMatrix, corner: &str) -> String {
    let mut header: Vec<&str> = vec![corner];
    header.extend(m.labels.iter().map(String::as_str));
    let rows: Vec<Vec<String>> = m
        .labels
        .iter()
        .enumerate()
        .map(|(r, label)| {
            let mut row = vec![label.clone()];
            row.extend((0..m.labels.len()).map(|c| m.get(r, c).to_string()));
            row
        })
        .collect();
    table::render(&header, &rows)
}

/// `0.750 (3/4)`, or `n/a (0/0)`.
fn tally(t: Tally) -> String {
    match t.share() {
        Score::Value(v) => format!("{v:.3} ({}/{})", t.agree, t.total),
        Score::Undefined(_) => format!("n/a ({}/{})", t.agree, t.total),
    }
}
