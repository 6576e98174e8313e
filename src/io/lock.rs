//! Advisory edit locks: one editor per annotation file.
//!
//! Opening a file for editing takes [`EditLock::acquire`] on `.<name>.lock` beside it. The lock
//! is an OS file lock (`File::try_lock`) held for as long as the [`EditLock`] lives, plus a line
//! of text naming the holder (process id, host, annotator, time) for the message a second
//! instance shows. Because the OS releases the lock when its process dies, a lock file left by
//! a crashed instance is *stale*: it exists but nobody holds it. `acquire` detects that, reports
//! it in [`Acquired::cleared_stale`] and takes the lock over. Dropping the lock removes the file.
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
                let holder = previous.trim();
                return Ok(Acquired::HeldElsewhere {
                    holder: if holder.is_empty() {
                        "another stancemark instance".to_owned()
                    } else {
                        holder.to_owned()
                    },
                });
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        let cleared_stale = Some(previous.trim().to_owned()).filter(|s| !s.is_empty());
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        writeln!(
            file,
            "pid {} on {} by {} since {}",
            std::process::id(),
            hostname(),
            annotator,
            super::timestamp_now()
        )?;
        file.sync_all()?;
        Ok(Acquired::Locked {
            lock: EditLock { file, path },
            cleared_stale,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for EditLock {
    fn drop(&mut self) {
        // Remove first, then unlock: a second instance that opens the path after the removal
        // creates a fresh file and locks that one.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "this machine".to_owned())
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
}
