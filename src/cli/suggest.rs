//! `stancemark suggest PATH... [--annotator NAME] [--lexicon FILE]` — pending suggestions of the
//! attribution finder added to annotation files; `--as-frames --out FILE` — the suggestions as
//! ordinary frames in a new file; `--report DIR` — how a project's annotators took them;
//! `--score GOLD PRED` — the finder's quality figures of one file against another.
//!
//! Adding suggestions goes through the workbench's own way in (edit lock, one read, the guarded
//! save), after checking that no target is being edited; every file is read and every run done
//! before the first one is written, so a run that fails writes nothing.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;

use stancemark::io::native;
use stancemark::model::{AnnotationSet, Document, Schema, Span};
use stancemark::project::{FileRole, Project};
use stancemark::session::{self, Session};
use stancemark::suggest::report::{Report, Tally};
use stancemark::suggest::{find, pending, score, Lexicon};

use super::table;

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Articles (.txt), annotation files (.json) or project folders (that annotator's files of
    /// every document).
    #[arg(value_name = "PATH", required_unless_present_any = ["report", "score"])]
    pub paths: Vec<PathBuf>,
    /// The annotator whose files get the suggestions (new files are theirs) [default: the OS
    /// user name].
    #[arg(long, value_name = "NAME")]
    pub annotator: Option<String>,
    /// A lexicon file merged over the default one (and over a project's lexicon.json).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
    /// Schema file for articles and files outside a project [default: the built-in one].
    #[arg(long, value_name = "FILE")]
    pub schema: Option<PathBuf>,
    /// Write the suggestions as ordinary frames (with their rule as provenance) to --out,
    /// instead of adding them as pending suggestions. One article or annotation file.
    #[arg(long, requires = "out")]
    pub as_frames: bool,
    /// The file --as-frames writes.
    #[arg(long, value_name = "FILE", requires = "as_frames")]
    pub out: Option<PathBuf>,
    /// Overwrite --out if it exists; write annotation files that changed on disk meanwhile.
    #[arg(long)]
    pub force: bool,
    /// Per rule and per cue: proposed, accepted as is, accepted after edits, rejected and
    /// precision, over a project's annotation files (of --annotator, else of everyone).
    #[arg(long, value_name = "DIR", conflicts_with_all = ["paths", "score", "as_frames"])]
    pub report: Option<PathBuf>,
    /// Score PRED's frames and pending suggestions against GOLD's frames (same document).
    #[arg(long, num_args = 2, value_names = ["GOLD", "PRED"], conflicts_with_all = ["paths", "as_frames"])]
    pub score: Option<Vec<PathBuf>>,
}

pub fn run(args: SuggestArgs) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.report {
        return report(dir, args.annotator.as_deref());
    }
    if let Some(files) = &args.score {
        return score_files(&files[0], &files[1]);
    }
    let schema = super::load_schema(args.schema.as_ref())?;
    let extra = match &args.lexicon {
        Some(p) => Some((
            p.display().to_string(),
            stancemark::io::read_utf8(p)
                .with_context(|| format!("{}: cannot read the lexicon", p.display()))?,
        )),
        None => None,
    };
    if args.as_frames {
        return as_frames(&args, &schema, extra.as_ref());
    }
    add_pending(&args, &schema, extra.as_ref())
}

/// The lexicon for files of `project` (its lexicon.json merged) or outside one, with the
/// `--lexicon` file merged over it.
fn lexicon(
    project: Option<&Project>,
    schema: &Schema,
    extra: Option<&(String, String)>,
) -> anyhow::Result<Lexicon> {
    let base = match project {
        Some(p) => p.lexicon()?,
        None => Lexicon::default_en(schema)?,
    };
    let schema = project.map_or(schema, Project::schema);
    Ok(match extra {
        Some((name, json)) => base.merge(json, name, schema)?,
        None => base,
    })
}

/// One file to add suggestions to: how to open it, and its target.
enum Job {
    Project {
        project: Project,
        doc_id: String,
        target: PathBuf,
    },
    File {
        path: PathBuf,
        target: PathBuf,
        project: Option<Project>,
    },
}

fn jobs(paths: &[PathBuf], annotator: &str) -> anyhow::Result<Vec<Job>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let project = Project::open(path)?;
            for doc_id in project.document_ids()? {
                let target = project.annotation_path(annotator, &doc_id)?;
                out.push(Job::Project {
                    project: project.clone(),
                    doc_id,
                    target,
                });
            }
            continue;
        }
        if !path.is_file() {
            bail!("{}: no such file or folder", path.display());
        }
        let target = session::save_target(path);
        let project = match Project::locate(&target) {
            Ok(Some((p, role))) if role.is_annotations() => Some(p),
            _ => None,
        };
        out.push(Job::File {
            path: path.clone(),
            target,
            project,
        });
    }
    Ok(out)
}

fn add_pending(
    args: &SuggestArgs,
    schema: &Schema,
    extra: Option<&(String, String)>,
) -> anyhow::Result<ExitCode> {
    let annotator = args.annotator.clone().unwrap_or_else(super::user_name);
    let jobs = jobs(&args.paths, &annotator)?;
    let targets: Vec<&Path> = jobs
        .iter()
        .map(|j| match j {
            Job::Project { target, .. } | Job::File { target, .. } => target.as_path(),
        })
        .collect();
    super::refuse_if_in_use(targets.iter().copied())?;
    // Every file read and every run done before the first write.
    let mut done: Vec<(Session, usize, usize)> = Vec::new();
    for job in &jobs {
        let (mut s, project) = match job {
            Job::Project {
                project, doc_id, ..
            } => (
                Session::open_in_project(project, &annotator, doc_id)?,
                Some(project),
            ),
            Job::File { path, project, .. } => (
                Session::open(path, &annotator, schema.clone())?,
                project.as_ref(),
            ),
        };
        let where_ = s.save_path.clone().unwrap_or_default();
        if let Some(holder) = &s.read_only {
            bail!(
                "{}: the file is being edited ({holder}); nothing was written",
                where_.display()
            );
        }
        let lex = lexicon(project, &s.schema, extra)?;
        let found = find(&s.document.text, &lex, &s.schema, &s.annotations().entities);
        let before = s.annotations().suggestions().len();
        let tx = pending::refresh(&found, s.annotations());
        if !tx.is_empty() {
            s.apply(tx)
                .map_err(|e| anyhow::anyhow!("{}: {e}", where_.display()))?;
        }
        let after = s.annotations().suggestions().len();
        done.push((s, before, after));
    }
    let mut rows = Vec::new();
    for (s, before, after) in &mut done {
        if s.is_modified() {
            super::save_session(s, args.force)?;
        }
        let name = s.save_path.as_deref().unwrap_or(Path::new("")).display();
        rows.push(vec![
            name.to_string(),
            before.to_string(),
            after.to_string(),
        ]);
    }
    print!(
        "{}",
        table::render(&["file", "pending before", "pending now"], &rows)
    );
    Ok(ExitCode::SUCCESS)
}

/// The document and annotations of an article or annotation file, read without a lock (the
/// file itself is not written).
fn read_file(path: &Path, schema: &Schema) -> anyhow::Result<(Document, AnnotationSet)> {
    let target = session::save_target(path);
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json || target.is_file() {
        let f = native::load(&target)?;
        return Ok((f.document, f.annotations));
    }
    let text = stancemark::io::read_utf8(path)?;
    if text.trim().is_empty() {
        bail!("{}: the article is empty", path.display());
    }
    let id = path
        .file_stem()
        .map_or_else(|| "document".into(), |s| s.to_string_lossy().into_owned());
    let doc = Document::new(id.clone(), text);
    let set = AnnotationSet::new(id, super::user_name(), schema.reference());
    Ok((doc, set))
}

fn as_frames(
    args: &SuggestArgs,
    schema: &Schema,
    extra: Option<&(String, String)>,
) -> anyhow::Result<ExitCode> {
    let [path] = args.paths.as_slice() else {
        bail!("--as-frames takes one article or annotation file");
    };
    if path.is_dir() {
        bail!(
            "{}: --as-frames takes one article or annotation file, not a folder",
            path.display()
        );
    }
    // Invariant: clap's `requires` guarantees --out with --as-frames.
    let out = args.out.clone().unwrap_or_default();
    if out.exists() && !args.force {
        bail!(
            "{}: exists; nothing was written (add --force to overwrite it)",
            out.display()
        );
    }
    super::refuse_if_in_use([out.as_path()])?;
    let project = match Project::locate(&session::save_target(path)) {
        Ok(Some((p, role))) if !matches!(role, FileRole::Folder) => Some(p),
        _ => None,
    };
    let schema = project.as_ref().map_or(schema, Project::schema);
    let (doc, mut set) = read_file(path, schema)?;
    if let Some(a) = &args.annotator {
        set.annotator = a.clone();
    }
    let lex = lexicon(project.as_ref(), schema, extra)?;
    let found = find(&doc.text, &lex, schema, &set.entities);
    let shown = pending::pending_from(&found, &set);
    let whole = Span::new(0, doc.text.len_chars());
    // In a project, names the registry knows link its entities.
    let registry = match &project {
        Some(p) => p.load_registry()?,
        None => None,
    };
    let (tx, made) = pending::accept_within(&set, schema, registry.as_ref(), &shown, whole)?;
    tx.apply(&mut set)
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    native::save(&out, &doc, &set).with_context(|| format!("{}: cannot write", out.display()))?;
    println!(
        "{}: {} suggested frame{} written with {} other{}",
        out.display(),
        made.len(),
        if made.len() == 1 { "" } else { "s" },
        set.frames().len() - made.len(),
        if set.frames().len() - made.len() == 1 {
            ""
        } else {
            "s"
        },
    );
    Ok(ExitCode::SUCCESS)
}

fn report(dir: &Path, annotator: Option<&str>) -> anyhow::Result<ExitCode> {
    let project = Project::open(dir)?;
    let annotators = match annotator {
        Some(a) => vec![a.to_owned()],
        None => project.annotators()?,
    };
    let mut r = Report::default();
    let mut files = 0;
    for a in &annotators {
        for doc_id in project.annotated_ids(a)? {
            let Some(set) = project.load_annotations(a, &doc_id)? else {
                continue;
            };
            let doc = project.load_document(&doc_id)?;
            r.add(&doc.text, &set);
            files += 1;
        }
    }
    println!(
        "{files} annotation file{} of {}\n",
        if files == 1 { "" } else { "s" },
        annotators.join(", ")
    );
    let header = [
        "proposed",
        "accepted as is",
        "accepted after edits",
        "rejected",
        "precision",
    ];
    let rows = |m: &std::collections::BTreeMap<String, Tally>| -> Vec<Vec<String>> {
        m.iter()
            .map(|(k, t)| tally_row(k, t))
            .chain(std::iter::once(tally_row("total", &r.total)))
            .collect()
    };
    let mut h = vec!["rule"];
    h.extend(header);
    print!("{}", table::render(&h, &rows(&r.by_rule)));
    println!();
    h[0] = "cue";
    print!("{}", table::render(&h, &rows(&r.by_cue)));
    Ok(ExitCode::SUCCESS)
}

fn tally_row(name: &str, t: &Tally) -> Vec<String> {
    vec![
        name.to_owned(),
        t.proposed.to_string(),
        t.accepted_as_is.to_string(),
        t.accepted_edited.to_string(),
        t.rejected.to_string(),
        t.precision().map_or("–".to_owned(), |p| format!("{p:.2}")),
    ]
}

fn score_files(gold: &Path, pred: &Path) -> anyhow::Result<ExitCode> {
    let g = native::load(gold)?;
    let p = native::load(pred)?;
    if g.document.text != p.document.text {
        bail!(
            "{} and {}: not the same document text; nothing to score",
            gold.display(),
            pred.display()
        );
    }
    // PRED's frames and its pending suggestions (as frames) are its predictions.
    let mut predicted = p.annotations.frames().to_vec();
    predicted.extend(
        p.annotations
            .suggestions()
            .iter()
            .map(|s| s.to_frame(s.id.clone(), &s.stance, |_| None, None)),
    );
    let s = score::score_frames(g.annotations.frames(), &predicted);
    println!("{}", score::Score::table_header());
    println!("{}", s.row(&g.document.id));
    Ok(ExitCode::SUCCESS)
}
