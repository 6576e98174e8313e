//! Sharing a project through git: the files and settings that route its files to the
//! `stancemark` merge driver.
//!
//! [`setup`] makes a project folder inside a git work tree ready for a team:
//! - `.gitattributes` in the project folder gives the project settings, the entity registry and
//!   every annotation and gold file the attribute `merge=stancemark` (patterns anchored to the
//!   folder, so a project may sit anywhere in the repository);
//! - `.gitignore` there keeps out what must not be shared: recovery copies
//!   (`.NAME.recovery.json`), edit locks (`.NAME.lock`, see [`crate::io::lock`]) and the
//!   temporary files of interrupted atomic writes (`.NAME….tmp`, see [`crate::io::atomic`]);
//! - the repository's own config (`git config --local`) names the driver
//!   ([`DRIVER_COMMAND`]), which git does not take from files in the repository: each clone
//!   runs `stancemark git setup` once;
//! - the clone's own exclude file (`.git/info/exclude`) ignores the temporary file a driver
//!   killed mid-write leaves beside git's `.merge_file_…` at the top of the work tree
//!   ([`DRIVER_LEFTOVERS`]).
//!
//! Idempotent: lines already present (compared with their whitespace collapsed) are not added
//! again, the user's own lines are kept as they are, a file that needs no new line is not
//! written, and a config value already set is not set again. Writes are atomic.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{io_err, ProjectError, PROJECT_FILE};

/// The merge driver's name in `.gitattributes` and the git config.
pub const DRIVER: &str = "stancemark";
/// The command git runs for a merge: base, ours (where the result goes), theirs, and the path.
pub const DRIVER_COMMAND: &str = "stancemark merge %O %A %B %P";
/// The driver's description in the git config.
pub const DRIVER_NAME: &str = "stancemark: merge annotation files frame by frame";

/// The `.gitattributes` patterns, relative to the project folder.
pub const MERGED_PATTERNS: [&str; 4] = [
    "/stancemark.json",
    "/entities.json",
    "/annotations/*/*.json",
    "/gold/*.json",
];

/// The `.gitignore` patterns: recovery copies, edit locks, temporary files of atomic writes.
pub const IGNORED_PATTERNS: [&str; 3] = [".*.recovery.json", ".*.lock", ".*.tmp"];

/// The `.git/info/exclude` pattern for the temporary file of an interrupted driver: the atomic
/// write of git's `%A` file (`.merge_file_XXXXXX` at the work tree's top) names it
/// `..merge_file_XXXXXX.….tmp`.
pub const DRIVER_LEFTOVERS: &str = "/..merge_file_*.tmp";

const ATTRIBUTES_HEADER: &str =
    "# stancemark: merge the project's files frame by frame (`stancemark git setup`)";
const IGNORE_HEADER: &str =
    "# stancemark: recovery copies, edit locks and temporary files of interrupted saves";
const EXCLUDE_HEADER: &str = "# stancemark: what a merge driver killed mid-write leaves behind";

/// What [`setup`] changed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GitSetup {
    /// The top folder of the git work tree.
    pub work_tree: PathBuf,
    /// Lines added to `.gitattributes` (empty: it was complete).
    pub attributes_added: Vec<String>,
    /// Lines added to `.gitignore`.
    pub ignore_added: Vec<String>,
    /// Lines added to the clone's `.git/info/exclude`.
    pub exclude_added: Vec<String>,
    /// Git config keys that were set (they were missing or different).
    pub config_set: Vec<String>,
}

impl GitSetup {
    /// True when nothing had to change.
    pub fn unchanged(&self) -> bool {
        self.attributes_added.is_empty()
            && self.ignore_added.is_empty()
            && self.exclude_added.is_empty()
            && self.config_set.is_empty()
    }
}

/// Prepares the project folder `dir` for sharing through git (see the module doc).
pub fn setup(dir: &Path) -> Result<GitSetup, ProjectError> {
    if !dir.join(PROJECT_FILE).is_file() {
        return Err(ProjectError::NotAProject(dir.display().to_string()));
    }
    let work_tree =
        git(dir, &["rev-parse", "--show-toplevel"])?.ok_or_else(|| ProjectError::Invalid {
            path: dir.display().to_string(),
            message: "not inside a git work tree; create the repository first (`git init`) or \
                      clone the team's repository, then run `stancemark git setup` in it"
                .into(),
        })?;
    let attributes: Vec<String> = MERGED_PATTERNS
        .iter()
        .map(|p| format!("{p} merge={DRIVER}"))
        .collect();
    let ignored: Vec<String> = IGNORED_PATTERNS.iter().map(|p| p.to_string()).collect();
    let mut out = GitSetup {
        work_tree: PathBuf::from(work_tree),
        attributes_added: add_lines(&dir.join(".gitattributes"), ATTRIBUTES_HEADER, &attributes)?,
        ignore_added: add_lines(&dir.join(".gitignore"), IGNORE_HEADER, &ignored)?,
        exclude_added: Vec::new(),
        config_set: Vec::new(),
    };
    let exclude = git(dir, &["rev-parse", "--git-path", "info/exclude"])?.ok_or_else(|| {
        ProjectError::Invalid {
            path: dir.display().to_string(),
            message: "`git rev-parse --git-path info/exclude` failed".into(),
        }
    })?;
    let exclude = dir.join(exclude);
    if let Some(parent) = exclude.parent() {
        std::fs::create_dir_all(parent).map_err(io_err(parent))?;
    }
    out.exclude_added = add_lines(&exclude, EXCLUDE_HEADER, &[DRIVER_LEFTOVERS.to_owned()])?;
    for (key, value) in [
        (format!("merge.{DRIVER}.name"), DRIVER_NAME),
        (format!("merge.{DRIVER}.driver"), DRIVER_COMMAND),
    ] {
        let current = git(dir, &["config", "--local", "--get", &key])?;
        if current.as_deref() != Some(value) {
            git(dir, &["config", "--local", &key, value])?.ok_or_else(|| {
                ProjectError::Invalid {
                    path: dir.display().to_string(),
                    message: format!("`git config --local {key}` failed"),
                }
            })?;
            out.config_set.push(key);
        }
    }
    Ok(out)
}

/// Runs git in `dir`: `Some(stdout, trimmed)` when it succeeds, `None` when it exits non-zero.
/// Git missing is an error.
fn git(dir: &Path, args: &[&str]) -> Result<Option<String>, ProjectError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| ProjectError::Invalid {
            path: dir.display().to_string(),
            message: format!("cannot run git ({e}); is git installed and on PATH?"),
        })?;
    Ok(out
        .status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned()))
}

/// Appends to `path` those of `lines` it lacks (under `header`, once); returns them.
fn add_lines(path: &Path, header: &str, lines: &[String]) -> Result<Vec<String>, ProjectError> {
    let existing = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| ProjectError::Invalid {
            path: path.display().to_string(),
            message: format!(
                "not valid UTF-8 at byte {}; fix or remove the file and run again",
                e.utf8_error().valid_up_to()
            ),
        })?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io_err(path)(e)),
    };
    let norm = |l: &str| l.split_whitespace().collect::<Vec<_>>().join(" ");
    let present: std::collections::HashSet<String> = existing.lines().map(norm).collect();
    let missing: Vec<String> = lines
        .iter()
        .filter(|l| !present.contains(&norm(l)))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok(missing);
    }
    let eol = if existing.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut text = existing.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push_str(eol);
    }
    if !present.contains(&norm(header)) {
        if !text.is_empty() {
            text.push_str(eol);
        }
        text.push_str(header);
        text.push_str(eol);
    }
    for l in &missing {
        text.push_str(l);
        text.push_str(eol);
    }
    crate::io::atomic::write_atomic(path, text.as_bytes()).map_err(io_err(path))?;
    Ok(missing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_added_once_and_the_users_lines_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join(".gitignore");
        std::fs::write(&p, "target/\r\n.*.lock").unwrap();
        let lines: Vec<String> = IGNORED_PATTERNS.iter().map(|s| s.to_string()).collect();
        let added = add_lines(&p, IGNORE_HEADER, &lines).unwrap();
        assert_eq!(added, vec![".*.recovery.json", ".*.tmp"]);
        assert_eq!(
            std::fs::read_to_string(&p).unwrap(),
            format!("target/\r\n.*.lock\r\n\r\n{IGNORE_HEADER}\r\n.*.recovery.json\r\n.*.tmp\r\n")
        );
        let before = std::fs::read(&p).unwrap();
        assert!(add_lines(&p, IGNORE_HEADER, &lines).unwrap().is_empty());
        assert_eq!(std::fs::read(&p).unwrap(), before);
    }
}
