//! `stancemark entities DIR`: the registry with its frame counts, unlinked names with proposals,
//! and the registry changes `--adopt`, `--merge A B`, `--rename ENTITY NAME`, `--alias ENTITY
//! ALIAS` (all or nothing, one write per file; `--dry-run` writes nothing).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use clap::{ArgGroup, Args};

use stancemark::corpus::relink::{
    plan_adopt, plan_change, AdoptReport, FileRef, Found, RelinkPlan,
};
use stancemark::corpus::usage::{usage, Proposal, UsageReport};
use stancemark::corpus::Counts;
use stancemark::model::{AnnotationSet, Registry};
use stancemark::project::{LinkableFile, Project};

use super::table;

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("change").args(["adopt", "merge", "rename", "alias"]).multiple(false)))]
pub struct EntitiesArgs {
    /// The project folder.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Print one JSON object instead of tables (the listing, or what a change did).
    #[arg(long)]
    pub json: bool,
    /// Take every per-file entity into the registry (matched by name and alias, new entries
    /// for the rest) and link the frames to registry ids.
    #[arg(long)]
    pub adopt: bool,
    /// Merge entity B into entity A (ids, names or aliases): links to B become links to A,
    /// B's name and aliases become A's aliases.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub merge: Option<Vec<String>>,
    /// Rename an entity (id, name or alias); the old name stays as an alias.
    #[arg(long, num_args = 2, value_names = ["ENTITY", "NAME"])]
    pub rename: Option<Vec<String>>,
    /// Add an alias to an entity (id, name or alias).
    #[arg(long, num_args = 2, value_names = ["ENTITY", "ALIAS"])]
    pub alias: Option<Vec<String>>,
    /// With a change: show what it would do, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(args: EntitiesArgs) -> anyhow::Result<ExitCode> {
    let project = Project::open(&args.dir)?;
    if args.adopt {
        return adopt(&project, &args);
    }
    if let Some(v) = &args.merge {
        return change(&project, &args, Change::Merge(&v[0], &v[1]));
    }
    if let Some(v) = &args.rename {
        return change(&project, &args, Change::Rename(&v[0], &v[1]));
    }
    if let Some(v) = &args.alias {
        return change(&project, &args, Change::Alias(&v[0], &v[1]));
    }
    let registry = project.load_registry()?;
    let corpus = project.load_corpus()?;
    let report = usage(&corpus, registry.as_ref());
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render_usage(&report, registry.is_some()));
    }
    Ok(ExitCode::SUCCESS)
}

fn counts_cells(c: &Counts, columns: &[String]) -> Vec<String> {
    columns.iter().map(|a| c.get(a).to_string()).collect()
}

fn render_usage(report: &UsageReport, has_registry: bool) -> String {
    let cols = &report.annotators;
    let mut out = String::new();
    if !has_registry {
        out.push_str(
            "no registry (entities.json) yet: `stancemark entities DIR --adopt` makes one from \
             the per-file entities\n\n",
        );
    }
    let mut header: Vec<String> = ["id", "name", "kind"].map(String::from).to_vec();
    header.extend(cols.iter().map(|a| format!("src {a}")));
    header.extend(cols.iter().map(|a| format!("tgt {a}")));
    header.push("aliases".into());
    let rows: Vec<Vec<String>> = report
        .entities
        .iter()
        .map(|e| {
            let mut row = vec![e.id.clone(), e.name.clone(), e.kind.clone()];
            row.extend(counts_cells(&e.as_source, cols));
            row.extend(counts_cells(&e.as_target, cols));
            row.push(e.aliases.join("; "));
            row
        })
        .collect();
    if !report.entities.is_empty() {
        let h: Vec<&str> = header.iter().map(String::as_str).collect();
        out.push_str(&format!("{} registry entities\n", report.entities.len()));
        out.push_str(&table::render(&h, &rows));
        out.push('\n');
    }
    if report.unlinked.is_empty() {
        out.push_str("every source and target is a registry link\n");
        return out;
    }
    out.push_str(&format!(
        "{} unlinked names (grouped by normalised name):\n",
        report.unlinked.len()
    ));
    for g in &report.unlinked {
        let spellings: Vec<String> = g
            .spellings
            .iter()
            .map(|s| format!("{:?} ×{}", s.text, s.count.total))
            .collect();
        out.push_str(&format!(
            "  {} {:?}: {} ({})\n",
            g.role,
            g.key.as_str(),
            frames(g.count.total),
            spellings.join(", ")
        ));
        for p in &g.proposals {
            match p {
                Proposal::Link {
                    entity,
                    name,
                    similarity,
                } => out.push_str(&format!(
                    "      → link to {entity} ({name:?}), similarity {similarity:.2}\n"
                )),
                Proposal::Merge { key, similarity } => out.push_str(&format!(
                    "      → same as {:?}? similarity {similarity:.2}\n",
                    key.as_str()
                )),
            }
        }
    }
    out
}

/// "1 frame", "2 frames".
fn frames(n: usize) -> String {
    format!("{n} frame{}", if n == 1 { "" } else { "s" })
}

enum Change<'a> {
    Merge(&'a str, &'a str),
    Rename(&'a str, &'a str),
    Alias(&'a str, &'a str),
}

/// Resolves an entity named on the command line by id, name or alias.
fn entity<'r>(registry: &'r Registry, which: &str) -> anyhow::Result<&'r str> {
    registry
        .resolve(which)
        .map(|e| e.id.as_str())
        .ok_or_else(|| anyhow!("no entity {which:?} in the registry (by id, name or alias)"))
}

fn change(project: &Project, args: &EntitiesArgs, change: Change<'_>) -> anyhow::Result<ExitCode> {
    let Some((before, stamp)) = project.load_registry_stamped()? else {
        bail!(
            "{}: no registry yet; `stancemark entities DIR --adopt` makes one",
            project.registry_path().display()
        );
    };
    let mut after = before.clone();
    let (summary, keep, drop) = match change {
        Change::Merge(a, b) => {
            let (keep, drop) = (
                entity(&before, a)?.to_owned(),
                entity(&before, b)?.to_owned(),
            );
            let gone = after.merge(&keep, &drop)?;
            (
                format!("merged {drop} ({:?}) into {keep}", gone.name),
                keep,
                Some(drop),
            )
        }
        Change::Rename(e, name) => {
            let id = entity(&before, e)?.to_owned();
            after.rename(&id, name)?;
            (format!("renamed {id} to {name:?}"), id, None)
        }
        Change::Alias(e, alias) => {
            let id = entity(&before, e)?.to_owned();
            if !after.add_alias(&id, alias)? {
                println!("{id} already has the alias {alias:?}; nothing to do");
                return Ok(ExitCode::SUCCESS);
            }
            (format!("added alias {alias:?} to {id}"), id, None)
        }
    };
    let files = project.load_linkable()?;
    let sets: Vec<(FileRef, &AnnotationSet)> = files
        .iter()
        .map(|f| (f.file.clone(), &f.annotations))
        .collect();
    let plan = plan_change(
        &before,
        after,
        |id| (id == keep || Some(id) == drop.as_deref()).then(|| keep.clone()),
        &sets,
    );
    finish(project, args, &files, &before, &plan, Some(stamp), &summary)
}

fn adopt(project: &Project, args: &EntitiesArgs) -> anyhow::Result<ExitCode> {
    let (before, stamp) = match project.load_registry_stamped()? {
        Some((r, s)) => (r, Some(s)),
        None => (Registry::default(), None),
    };
    let files = project.load_linkable()?;
    let sets: Vec<(FileRef, &AnnotationSet)> = files
        .iter()
        .map(|f| (f.file.clone(), &f.annotations))
        .collect();
    let (plan, report) =
        plan_adopt(&before, &sets).map_err(|e| anyhow!("nothing was adopted: {e}"))?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", render_adopt(&report));
    }
    let summary = format!(
        "adopted {} per-file entities: {} new registry entities",
        report.adopted.len(),
        report.created.len()
    );
    finish(project, args, &files, &before, &plan, stamp, &summary)
}

fn render_adopt(report: &AdoptReport) -> String {
    let mut out = String::new();
    let mut last = "";
    for a in &report.adopted {
        if a.entity != last {
            let made = if report.created.contains(&a.entity) {
                " (new)"
            } else {
                ""
            };
            out.push_str(&format!("{}{made}\n", a.entity));
            last = &a.entity;
        }
        let how = match a.found {
            Found::Linked => "already linked",
            Found::Name => "by name",
            Found::Alias => "by alias",
            Found::New => "same name",
        };
        out.push_str(&format!(
            "  {:?} [{}] {} {}: {how}\n",
            a.name, a.kind, a.file, a.was
        ));
    }
    out
}

fn finish(
    project: &Project,
    args: &EntitiesArgs,
    files: &[LinkableFile],
    before: &Registry,
    plan: &RelinkPlan,
    stamp: Option<stancemark::io::stamp::DiskStamp>,
    summary: &str,
) -> anyhow::Result<ExitCode> {
    let say = |line: String| {
        // With --json, stdout holds the JSON alone.
        if args.json {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    if args.dry_run {
        say(format!(
            "{summary}; would rewrite {} annotation files and {} (--dry-run: nothing written)",
            plan.files.len(),
            project.registry_path().display()
        ));
        return Ok(ExitCode::SUCCESS);
    }
    let done = project
        .commit_relink(files, before, plan, stamp)
        .map_err(super::project_error)?;
    say(format!(
        "{summary}; rewrote {} annotation files ({} frames relinked) and {}",
        done.files.len(),
        done.frames,
        project.registry_path().display()
    ));
    Ok(ExitCode::SUCCESS)
}
