//! Writing several files all or nothing.
//!
//! A [`WriteBatch`] first *stages* every file — a filled, fsynced temporary file beside each
//! destination ([`atomic::stage`]), creating missing folders — and only then, in
//! [`WriteBatch::commit`], renames them into place one by one:
//!
//! - a failure while staging (a folder that cannot be made, a full disk) leaves every
//!   destination untouched; dropping the batch removes its temporary files and the folders it
//!   created;
//! - a rename that fails half-way through the commit puts back what the earlier renames
//!   replaced — the previous content (read just before the first rename) written again, a file
//!   that did not exist removed — and removes the folders the batch created, so the files are
//!   as before;
//! - only a crash during the commit itself can leave part of the batch in place, each file
//!   whole (old or new), as for any atomic write.

use std::fs;
use std::path::{Path, PathBuf};

use super::atomic::{self, Durability, Staged};

/// Files staged to be written together. See the module doc.
#[derive(Debug, Default)]
pub struct WriteBatch {
    staged: Vec<Staged>,
    /// Folders made for the staged files, parents first; removed again unless committed.
    created_dirs: Vec<PathBuf>,
}

/// Why a commit did not write the batch.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// A file could not be put in place; every file is as it was.
    #[error("{path}: cannot write: {source}; nothing was changed")]
    RolledBack {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A file could not be put in place, and putting back the earlier ones failed too: the
    /// files named are left with their new content (or, if new, still there).
    #[error(
        "{path}: cannot write: {source}; these files could not be put back as they were: {}",
        .not_restored.join(", ")
    )]
    Partial {
        path: String,
        #[source]
        source: std::io::Error,
        not_restored: Vec<String>,
    },
}

impl WriteBatch {
    pub fn new() -> WriteBatch {
        WriteBatch::default()
    }

    /// Stages `bytes` as the new content of `path`, creating its folder if needed. Nothing is
    /// visible at `path` until [`WriteBatch::commit`].
    pub fn add(&mut self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            self.create_dir(dir)?;
        }
        let staged = atomic::stage(path, Durability::Synced, |w| w.write_all(bytes))?;
        self.staged.push(staged);
        Ok(())
    }

    /// The number of files staged.
    pub fn len(&self) -> usize {
        self.staged.len()
    }

    pub fn is_empty(&self) -> bool {
        self.staged.is_empty()
    }

    /// The destinations of the staged files, in the order they were added.
    pub fn targets(&self) -> impl Iterator<Item = &Path> {
        self.staged.iter().map(Staged::target)
    }

    /// Creates `dir` and its missing parents, recording each one made.
    fn create_dir(&mut self, dir: &Path) -> std::io::Result<()> {
        let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
        for d in missing.into_iter().rev() {
            match fs::create_dir(d) {
                Ok(()) => self.created_dirs.push(d.to_path_buf()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && d.is_dir() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Puts every staged file in place, or none (see the module doc).
    pub fn commit(mut self) -> Result<(), BatchError> {
        self.commit_with(|staged| staged.commit())
    }

    /// [`WriteBatch::commit`] with the rename step given, so that tests can make one fail.
    fn commit_with(
        &mut self,
        mut put: impl FnMut(Staged) -> std::io::Result<()>,
    ) -> Result<(), BatchError> {
        // What each destination holds now, to put back should a later rename fail.
        let mut previous: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::with_capacity(self.len());
        for s in &self.staged {
            let target = s.target().to_path_buf();
            let old = match fs::read(&target) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                // A folder in the file's place holds nothing of ours to put back; its rename
                // fails, and the batch is put back then.
                Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => None,
                Err(source) => {
                    return Err(BatchError::RolledBack {
                        path: target.display().to_string(),
                        source,
                    })
                }
            };
            previous.push((target, old));
        }
        for (done, staged) in std::mem::take(&mut self.staged).into_iter().enumerate() {
            if let Err(source) = put(staged) {
                let path = previous[done].0.display().to_string();
                let not_restored = put_back(&previous[..done]);
                // The remaining staged files were dropped with the iterator; the folders go
                // when the batch drops.
                return Err(if not_restored.is_empty() {
                    BatchError::RolledBack { path, source }
                } else {
                    self.created_dirs.clear(); // they hold files we could not remove
                    BatchError::Partial {
                        path,
                        source,
                        not_restored,
                    }
                });
            }
        }
        self.created_dirs.clear();
        Ok(())
    }
}

/// Restores each file to its previous content (or removes it, if it was new), last first.
/// Returns the files that could not be restored.
fn put_back(written: &[(PathBuf, Option<Vec<u8>>)]) -> Vec<String> {
    let mut failed = Vec::new();
    for (path, old) in written.iter().rev() {
        let restored = match old {
            Some(bytes) => atomic::write_atomic(path, bytes),
            None => fs::remove_file(path),
        };
        if restored.is_err() {
            failed.push(path.display().to_string());
        }
    }
    failed
}

impl Drop for WriteBatch {
    fn drop(&mut self) {
        // Staged temporary files remove themselves; then the folders made for them, deepest
        // first (only if empty: never anything the batch did not make).
        self.staged.clear();
        for dir in self.created_dirs.iter().rev() {
            let _ = fs::remove_dir(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every file and folder under `dir`: relative path → content (`None` for a folder).
    fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                if p.is_dir() {
                    out.insert(rel, None);
                    stack.push(p);
                } else {
                    out.insert(rel, Some(fs::read(&p).unwrap()));
                }
            }
        }
        out
    }

    #[test]
    fn a_commit_writes_every_file() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("old.json"), "old").unwrap();
        let mut b = WriteBatch::new();
        b.add(&dir.path().join("old.json"), b"new").unwrap();
        b.add(&dir.path().join("a/b/c.json"), "日本語 😀".as_bytes())
            .unwrap();
        assert_eq!(fs::read(dir.path().join("old.json")).unwrap(), b"old");
        assert!(
            !dir.path().join("a/b/c.json").exists(),
            "staged, not visible"
        );
        b.commit().unwrap();
        let t = tree(dir.path());
        assert_eq!(t["old.json"].as_deref(), Some(b"new".as_slice()));
        assert_eq!(t["a/b/c.json"].as_deref(), Some("日本語 😀".as_bytes()));
        assert_eq!(t.len(), 4, "no temporary files left: {:?}", t.keys());
    }

    #[test]
    fn a_failure_while_staging_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("old.json"), "old").unwrap();
        // A file where a folder should be.
        fs::write(dir.path().join("blocked"), "a file").unwrap();
        let before = tree(dir.path());
        let mut b = WriteBatch::new();
        b.add(&dir.path().join("old.json"), b"new").unwrap();
        b.add(&dir.path().join("new/x.json"), b"x").unwrap();
        assert!(b.add(&dir.path().join("blocked/y.json"), b"y").is_err());
        drop(b);
        assert_eq!(tree(dir.path()), before);
    }

    #[test]
    fn a_rename_failing_half_way_puts_back_the_earlier_ones() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("old.json"), "old").unwrap();
        // A destination that is a folder with a file in it: no file can be renamed over it.
        fs::create_dir(dir.path().join("taken")).unwrap();
        fs::write(dir.path().join("taken/inside"), "keep").unwrap();
        let before = tree(dir.path());
        let mut b = WriteBatch::new();
        b.add(&dir.path().join("old.json"), b"new").unwrap();
        b.add(&dir.path().join("fresh/new.json"), b"fresh").unwrap();
        b.add(&dir.path().join("taken"), b"cannot land").unwrap();
        b.add(&dir.path().join("later.json"), b"never").unwrap();
        let e = b.commit().unwrap_err();
        assert!(matches!(e, BatchError::RolledBack { .. }), "{e}");
        assert!(e.to_string().contains("taken: cannot write"), "{e}");
        assert_eq!(tree(dir.path()), before);
    }

    #[test]
    fn files_that_cannot_be_put_back_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut b = WriteBatch::new();
        b.add(&dir.path().join("one.json"), b"1").unwrap();
        b.add(&dir.path().join("two.json"), b"2").unwrap();
        let mut n = 0;
        let e = b
            .commit_with(|s| {
                n += 1;
                if n == 2 {
                    // The first file is made undeletable by putting a folder in its place
                    // with content; the second rename fails.
                    fs::remove_file(dir.path().join("one.json")).unwrap();
                    fs::create_dir(dir.path().join("one.json")).unwrap();
                    fs::write(dir.path().join("one.json/x"), "x").unwrap();
                    return Err(std::io::Error::other("disk gone"));
                }
                s.commit()
            })
            .unwrap_err();
        match &e {
            BatchError::Partial { not_restored, .. } => {
                assert_eq!(
                    not_restored,
                    &[dir.path().join("one.json").display().to_string()]
                )
            }
            other => panic!("{other}"),
        }
        assert!(e.to_string().contains("disk gone"), "{e}");
    }
}
