//! `stancemark stats PATH...`

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use stancemark::io::export::counted;
use stancemark::io::native::{self, NativeFile};
use stancemark::model::time_spent::clock;
use stancemark::model::Schema;
use stancemark::project::{FileRole, Project};
use stancemark::review::training;

use super::table;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Native annotation files (.json), or one project folder.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
    /// For a project: each annotator's scores against gold (span F1, stance accuracy,
    /// attribution agreement) over the documents that have gold.
    #[arg(long)]
    pub training: bool,
    /// Schema used to order and name stance labels.
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
}

/// Counts over a set of annotation files. Maps are sorted by key for deterministic output.
#[derive(Debug, Default, Serialize)]
pub struct Stats {
    pub files: usize,
    pub documents: usize,
    pub frames: usize,
    pub entities: usize,
    pub by_stance: BTreeMap<String, usize>,
    pub by_source: BTreeMap<String, usize>,
    pub by_annotator: BTreeMap<String, usize>,
    pub by_status: BTreeMap<String, usize>,
}

impl Stats {
    pub fn add(&mut self, file: &NativeFile) {
        let set = &file.annotations;
        self.files += 1;
        self.frames += set.frames().len();
        self.entities += set.entities.len();
        *self.by_annotator.entry(set.annotator.clone()).or_default() += set.frames().len();
        *self
            .by_status
            .entry(set.status.name().to_owned())
            .or_default() += 1;
        for f in set.frames() {
            *self.by_stance.entry(f.stance.clone()).or_default() += 1;
            let source = match &f.source {
                None => "(no source)".to_owned(),
                Some(p) => match (&p.entity, &p.span) {
                    (Some(e), _) => set.entity(e).map_or_else(|| e.clone(), |e| e.name.clone()),
                    (None, Some(q)) => format!("\"{}\"", q.display_text()),
                    (None, None) => "(no source)".to_owned(),
                },
            };
            *self.by_source.entry(source).or_default() += 1;
        }
    }
}

pub fn run(args: StatsArgs) -> anyhow::Result<ExitCode> {
    if let [dir] = args.paths.as_slice() {
        if dir.is_dir() {
            if let Some((project, FileRole::Folder)) = Project::locate(dir)? {
                if args.training {
                    return run_training(&project, args.json);
                }
                return run_project(&project, args.json);
            }
        }
    }
    let schema = super::load_schema(args.schema.as_ref())?;
    let mut stats = Stats::default();
    let mut docs = std::collections::BTreeSet::new();
    for path in &args.paths {
        let file = native::load(path)?;
        docs.insert(file.document.id.clone());
        stats.add(&file);
    }
    stats.documents = docs.len();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
    } else {
        print!("{}", render(&stats, &schema));
    }
    Ok(ExitCode::SUCCESS)
}

fn render(stats: &Stats, schema: &Schema) -> String {
    let mut out = format!(
        "{}, {}, {}, {}\n\n",
        counted(stats.files, "file", "files"),
        counted(stats.documents, "document", "documents"),
        counted(stats.frames, "frame", "frames"),
        counted(stats.entities, "entity", "entities")
    );
    let pct = |n: usize| {
        if stats.frames == 0 {
            "0.0".to_owned()
        } else {
            format!("{:.1}", 100.0 * n as f64 / stats.frames as f64)
        }
    };
    let name = |id: &str| schema.stance(id).map_or(id.to_owned(), |s| s.name.clone());
    let mut by_stance: Vec<_> = stats.by_stance.iter().collect();
    by_stance.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let rows: Vec<Vec<String>> = by_stance
        .iter()
        .map(|(id, n)| vec![id.to_string(), name(id), n.to_string(), pct(**n)])
        .collect();
    out.push_str(&table::render(&["stance", "name", "frames", "%"], &rows));
    out.push('\n');
    for (title, map) in [
        ("source", &stats.by_source),
        ("annotator", &stats.by_annotator),
    ] {
        let mut v: Vec<_> = map.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let rows: Vec<Vec<String>> = v
            .iter()
            .map(|(k, n)| vec![k.to_string(), n.to_string(), pct(**n)])
            .collect();
        out.push_str(&table::render(&[title, "frames", "%"], &rows));
        out.push('\n');
    }
    out
}

/// `stats DIR --training`: one row per annotator with documents against gold.
fn run_training(project: &Project, json: bool) -> anyhow::Result<ExitCode> {
    let mut scores = Vec::new();
    let mut without = Vec::new();
    for a in project.annotators()? {
        let against = project.against_gold(&a)?;
        if against.documents.is_empty() {
            without.push(a);
            continue;
        }
        scores.push(training::score(&a, &against.pairs()));
    }
    if json {
        println!("{}", serde_json::to_string_pretty(&scores)?);
        return Ok(ExitCode::SUCCESS);
    }
    let cell = |s: stancemark::review::Score| s.value().map_or("n/a".into(), |v| format!("{v:.3}"));
    let rows: Vec<Vec<String>> = scores
        .iter()
        .map(|s| {
            vec![
                s.annotator.clone(),
                s.documents.to_string(),
                format!("{}/{}/{}", s.matched, s.gold_claims, s.claims),
                cell(s.span_f1),
                cell(s.stance_accuracy),
                cell(s.attribution_agreement),
            ]
        })
        .collect();
    print!(
        "{}",
        table::render(
            &[
                "annotator",
                "documents",
                "matched/gold/theirs",
                "span F1",
                "stance accuracy",
                "attribution",
            ],
            &rows,
        )
    );
    if !without.is_empty() {
        println!("\nno document with gold yet: {}", without.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

fn run_project(project: &Project, json: bool) -> anyhow::Result<ExitCode> {
    let stats = project.stats()?;
    if json {
        println!("{}", serde_json::to_string_pretty(&stats)?);
        return Ok(ExitCode::SUCCESS);
    }
    let schema = project.schema();
    let mut out = format!(
        "project {:?}: {}, {}, {}; gold for {} ({})\n\n",
        project.name(),
        counted(stats.documents, "document", "documents"),
        counted(stats.annotators.len(), "annotator", "annotators"),
        counted(stats.frames, "frame", "frames"),
        counted(stats.gold_documents, "document", "documents"),
        counted(stats.gold_frames, "frame", "frames")
    );
    let names: Vec<&String> = stats.annotators.keys().collect();
    let mut header = vec!["stance", "name"];
    header.extend(names.iter().map(|n| n.as_str()));
    header.push("total");
    let mut stances: Vec<String> = schema.stances.iter().map(|s| s.id.clone()).collect();
    stances.extend(
        stats
            .by_stance
            .keys()
            .filter(|k| schema.stance(k).is_none())
            .cloned(),
    );
    let rows: Vec<Vec<String>> = stances
        .iter()
        .map(|id| {
            let mut row = vec![
                id.clone(),
                schema
                    .stance(id)
                    .map_or("(not in schema)".into(), |s| s.name.clone()),
            ];
            for a in stats.annotators.values() {
                row.push(a.by_stance.get(id).copied().unwrap_or(0).to_string());
            }
            row.push(stats.by_stance.get(id).copied().unwrap_or(0).to_string());
            row
        })
        .collect();
    out.push_str(&table::render(&header, &rows));
    out.push('\n');
    let rows: Vec<Vec<String>> = stats
        .annotators
        .iter()
        .map(|(name, a)| {
            let pct = if a.documents_total == 0 {
                0.0
            } else {
                100.0 * a.done as f64 / a.documents_total as f64
            };
            vec![
                name.clone(),
                a.files.to_string(),
                a.frames.to_string(),
                a.in_progress.to_string(),
                format!("{}/{}", a.done, a.documents_total),
                format!("{pct:.1}"),
                format!("{:.2}", a.seconds as f64 / 3600.0),
                a.frames_per_hour()
                    .map_or("-".into(), |f| format!("{f:.1}")),
                a.median_document_seconds.map_or("-".into(), clock),
            ]
        })
        .collect();
    out.push_str(&table::render(
        &[
            "annotator",
            "files",
            "frames",
            "in progress",
            "done",
            "% done",
            "hours",
            "frames/hour",
            "median per document",
        ],
        &rows,
    ));
    if !stats.document_time.is_empty() {
        out.push_str("\nactive time per document (median over annotators with time recorded)\n\n");
        let rows: Vec<Vec<String>> = stats
            .document_time
            .iter()
            .map(|(id, t)| {
                vec![
                    id.clone(),
                    t.annotators.to_string(),
                    clock(t.median_seconds),
                ]
            })
            .collect();
        out.push_str(&table::render(&["document", "annotators", "median"], &rows));
    }
    if !stats.adjudication_seconds.is_empty() {
        let who: Vec<String> = stats
            .adjudication_seconds
            .iter()
            .map(|(name, secs)| format!("{name} {}", clock(*secs)))
            .collect();
        out.push_str(&format!("\nadjudication time (gold): {}\n", who.join(", ")));
    }
    print!("{out}");
    Ok(ExitCode::SUCCESS)
}
