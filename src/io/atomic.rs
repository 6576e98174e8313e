//! Atomic file writes and guarded reads.
//!
//! [`write_atomic`] writes a temporary file in the destination's own folder (so the rename never
//! crosses file systems), flushes and fsyncs it, renames it over the destination and fsyncs the
//! folder. A crash at any moment leaves either the old file or the new one, never a mix.
//!
//! A write killed before its rename leaves its temporary file, `.NAME.PID.tmp`, behind. Readers
//! never see it (no reader opens `.tmp` files); [`remove_stray_temp_files`] deletes those whose
//! writer is gone, and the project calls it after each write and from `validate`.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Whether an atomic write waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Flush and fsync the file, rename, fsync the folder: survives a crash. Every save and
    /// export of stancemark uses this.
    Synced,
    /// Same temporary file and rename (readers still never see a partial file), but no fsync:
    /// a power loss may lose the new content. Only for benchmarks that measure everything a
    /// save does except waiting for the disk.
    Unsynced,
}

/// Writes to `path` atomically through a writer callback (for streamed output).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_atomic_durable(path, Durability::Synced, fill)
}

/// [`write_atomic_with`] with a choice of [`Durability`].
pub fn write_atomic_durable(
    path: &Path,
    durability: Durability,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let synced = durability == Durability::Synced;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other(format!("{} is not a file path", path.display())))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let result = (|| {
        let file = File::create(&tmp)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut w)?;
        let file = w.into_inner().map_err(|e| e.into_error())?;
        if synced {
            file.sync_all()?;
        }
        drop(file);
        fs::rename(&tmp, path)?;
        // Make the rename itself durable. Not every platform can open a directory; that is not
        // a failure of the write.
        if synced {
            if let Ok(d) = File::open(&dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// The writer process id of a temporary file name made by [`write_atomic_with`]
/// (`.NAME.PID.tmp`), or `None` when `name` is not one.
pub fn temp_file_pid(name: &str) -> Option<u32> {
    let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (target, pid) = inner.rsplit_once('.')?;
    if target.is_empty() {
        return None;
    }
    pid.parse().ok()
}

/// How old a temporary file must be before it counts as stray on a system where we cannot
/// tell whether its writer still runs.
const STRAY_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// True when the process `pid` still runs, as far as this platform lets us know: on Linux by
/// `/proc/PID`; elsewhere `None` (unknown).
fn process_alive(pid: u32) -> Option<bool> {
    let proc_root = Path::new("/proc");
    if proc_root.join("self").exists() {
        Some(proc_root.join(pid.to_string()).exists())
    } else {
        None
    }
}

/// Deletes the temporary files in `dir` left by interrupted atomic writes: those whose writer
/// process is gone (or, where that cannot be checked, that are over an hour old). Files of this
/// process and of live writers are kept. Returns the removed paths, sorted.
pub fn remove_stray_temp_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut removed = Vec::new();
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_file_pid) else {
            continue;
        };
        if pid == std::process::id() || !entry.file_type()?.is_file() {
            continue;
        }
        let stray = match process_alive(pid) {
            Some(alive) => !alive,
            None => entry
                .metadata()?
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age > STRAY_AGE),
        };
        if stray {
            match fs::remove_file(entry.path()) {
                Ok(()) => removed.push(entry.path()),
                // Another cleaner was first.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
        }
    }
    removed.sort();
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised() {
        assert_eq!(temp_file_pid(".alice.json.4242.tmp"), Some(4242));
        assert_eq!(temp_file_pid(".d.json.1.tmp"), Some(1));
        assert_eq!(temp_file_pid("alice.json.4242.tmp"), None);
        assert_eq!(temp_file_pid(".4242.tmp"), None);
        assert_eq!(temp_file_pid(".a.json.x.tmp"), None);
        assert_eq!(temp_file_pid(".a.json.lock"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stray_temp_files_of_dead_writers_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has exited: its id is free (until reused, which only keeps the file).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let stray = dir.path().join(format!(".a.json.{dead}.tmp"));
        let ours = dir
            .path()
            .join(format!(".b.json.{}.tmp", std::process::id()));
        let other = dir.path().join("notes.tmp");
        for p in [&stray, &ours, &other] {
            fs::write(p, "x").unwrap();
        }
        let removed = remove_stray_temp_files(dir.path()).unwrap();
        if process_alive(dead) == Some(false) {
            assert_eq!(removed, vec![stray.clone()]);
            assert!(!stray.exists());
        }
        assert!(ours.exists() && other.exists());
    }

    #[test]
    fn replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn failed_fill_keeps_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        write_atomic(&p, b"old").unwrap();
        let err = write_atomic_with(&p, |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("boom"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&p).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
