//! Advisory edit locks: one editor per annotation file.
//!
//! Opening a file for editing takes [`EditLock::acquire`] on `.<name>.lock` beside it. The lock
//! is an OS file lock (`File::try_lock`) held for as long as the [`EditLock`] lives, plus a line
//! of text naming the holder (process id, host, annotator, time) for the message a second
//! instance (or a command-line write) shows. Because the OS releases the lock when its process
//! dies, a lock file left by a crashed instance is *stale*: it exists but nobody holds it.
//! `acquire` detects that, reports it in [`Acquired::cleared_stale`] and takes the lock over.
//!
//! Dropping the lock removes its file while still holding it, and only then unlocks. Someone
//! who opened the file before the removal may lock the removed file after the unlock; so
//! `acquire`, once it holds the lock, checks that the path still names the file it locked,
//! and starts again when it does not. Two holders at once are thereby impossible.
//!
//! The lock is advisory: it keeps stancemark instances from editing the same file at once; it
//! does not stop other programs from writing.

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// A held edit lock. Released (and its file removed) on drop.
#[derive(Debug)]
pub struct EditLock {
    file: File,
    path: PathBuf,
}

/// The result of trying to lock a file for editing.
#[derive(Debug)]
pub enum Acquired {
    /// This process now holds the lock.
    Locked {
        lock: EditLock,
        /// The holder recorded in a stale lock file that was cleared, if there was one.
        cleared_stale: Option<String>,
    },
    /// Another live process holds it; open read-only. `holder` describes it.
    HeldElsewhere { holder: String },
}

/// The lock file path for `target`: `.<file name>.lock` in the same folder.
pub fn lock_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.lock"))
}

impl EditLock {
    /// Tries to lock `target` for editing by `annotator`. Never blocks.
    pub fn acquire(target: &Path, annotator: &str) -> std::io::Result<Acquired> {
        let path = lock_path(target);
        // Each retry means another process removed or replaced the lock file between our open
        // and our lock; a few in a row only happen under a storm of editors.
        for _ in 0..16 {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)?;
            let mut previous = String::new();
            // A lock file from another writer may hold anything; only the text is shown.
            let _ = file.read_to_string(&mut previous);
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => {
                    return Ok(Acquired::HeldElsewhere {
                        holder: holder_text(&previous),
                    })
                }
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
            if !still_at(&file, &path)? {
                continue; // we locked a removed file: unlocks on drop
            }
            let cleared_stale = Some(previous.trim().to_owned()).filter(|s| !s.is_empty());
            file.set_len(0)?;
            file.seek(SeekFrom::Start(0))?;
            writeln!(
                file,
                "pid {} on {} by {} since {}",
                std::process::id(),
                gethostname::gethostname().to_string_lossy(),
                annotator,
                super::timestamp_now()
            )?;
            file.sync_all()?;
            return Ok(Acquired::Locked {
                lock: EditLock { file, path },
                cleared_stale,
            });
        }
        Err(std::io::Error::other(format!(
            "{}: the lock file keeps being replaced; try again",
            path.display()
        )))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for EditLock {
    fn drop(&mut self) {
        // Remove while still locked, then unlock: whoever locks the removed file afterwards
        // finds the path gone or new (see `acquire`) and starts again, and nobody can lock the
        // file we remove before it is gone.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Who holds the edit lock on `target`, when someone does (a running workbench, or a command
/// writing it). A lock file nobody holds (stale, or absent) is `None`. Takes nothing.
pub fn holder(target: &Path) -> std::io::Result<Option<String>> {
    let path = lock_path(target);
    let mut file = match OpenOptions::new().read(true).open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    match file.try_lock_shared() {
        Ok(()) => Ok(None), // unlocked when `file` closes
        Err(fs::TryLockError::WouldBlock) => Ok(Some(holder_text(&text))),
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

fn holder_text(lock_file_text: &str) -> String {
    let holder = lock_file_text.trim();
    if holder.is_empty() {
        "another stancemark instance".to_owned()
    } else {
        holder.to_owned()
    }
}

/// True when `path` still names the open `file` (it was not removed or replaced since it was
/// opened).
fn still_at(file: &File, path: &Path) -> std::io::Result<bool> {
    let now = match same_file::Handle::from_path(path) {
        Ok(h) => h,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    Ok(now == same_file::Handle::from_file(file.try_clone()?)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_is_refused_then_released() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        let Acquired::Locked {
            lock,
            cleared_stale,
        } = EditLock::acquire(&target, "ann").unwrap()
        else {
            panic!("first lock refused")
        };
        assert!(cleared_stale.is_none());
        // A second handle in the same process behaves like a second instance (flock is per
        // open file description).
        match EditLock::acquire(&target, "other").unwrap() {
            Acquired::HeldElsewhere { holder } => assert!(holder.contains("by ann"), "{holder}"),
            Acquired::Locked { .. } => panic!("second lock granted"),
        }
        drop(lock);
        assert!(!lock_path(&target).exists());
        assert!(matches!(
            EditLock::acquire(&target, "other").unwrap(),
            Acquired::Locked { .. }
        ));
    }

    #[test]
    fn stale_lock_file_is_cleared() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        fs::write(
            lock_path(&target),
            "pid 999999 on gone by crashed since then\n",
        )
        .unwrap();
        match EditLock::acquire(&target, "ann").unwrap() {
            Acquired::Locked { cleared_stale, .. } => {
                assert_eq!(
                    cleared_stale.as_deref(),
                    Some("pid 999999 on gone by crashed since then")
                )
            }
            Acquired::HeldElsewhere { .. } => panic!("stale lock not cleared"),
        }
    }

    fn locked(target: &Path, who: &str) -> EditLock {
        match EditLock::acquire(target, who).unwrap() {
            Acquired::Locked { lock, .. } => lock,
            Acquired::HeldElsewhere { holder } => panic!("refused: held by {holder}"),
        }
    }

    #[test]
    fn the_holder_is_named_without_taking_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        assert_eq!(holder(&target).unwrap(), None, "no lock file");
        let lock = locked(&target, "ann");
        let h = holder(&target).unwrap().expect("held");
        let host = gethostname::gethostname().to_string_lossy().into_owned();
        assert!(
            h.starts_with(&format!(
                "pid {} on {host} by ann since ",
                std::process::id()
            )),
            "{h}"
        );
        assert!(
            holder(&target).unwrap().is_some(),
            "asking twice takes nothing"
        );
        drop(lock);
        assert_eq!(holder(&target).unwrap(), None);
        fs::write(
            lock_path(&target),
            "pid 999999 on gone by crashed since then\n",
        )
        .unwrap();
        assert_eq!(
            holder(&target).unwrap(),
            None,
            "a stale lock is held by nobody"
        );
    }

    /// The race of a removing `Drop`: B opens the lock file, A drops (removes, unlocks), C
    /// takes a new lock file, B then locks the removed file. B must see that it holds nothing.
    #[test]
    fn a_lock_on_a_removed_file_does_not_count() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        let a = locked(&target, "a");
        let b = File::open(lock_path(&target)).unwrap();
        assert!(still_at(&b, &lock_path(&target)).unwrap());
        drop(a);
        let c = locked(&target, "c");
        b.try_lock().expect("the removed file is free to lock");
        assert!(
            !still_at(&b, &lock_path(&target)).unwrap(),
            "the path names C's file now"
        );
        match EditLock::acquire(&target, "b").unwrap() {
            Acquired::HeldElsewhere { holder } => assert!(holder.contains("by c"), "{holder}"),
            Acquired::Locked { .. } => panic!("two holders at once"),
        }
        drop(c);
        drop(b);
        assert!(!lock_path(&target).exists());
    }
}
