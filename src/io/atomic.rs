//! Atomic file writes and the clean-up of interrupted ones.
//!
//! [`write_atomic`] writes a temporary file in the destination's own folder (so the rename never
//! crosses file systems), flushes and fsyncs it, renames it over the destination and fsyncs the
//! folder. A crash at any moment leaves either the old file or the new one, never a mix. The
//! new file gets the permissions of the file it replaces (a new file: the usual `0o666` less the
//! umask).
//!
//! The temporary file is created exclusively under a fresh name,
//! `.NAME.HOST.PID.RANDOM.tmp` (see [`TempName`]), so any number of writers — threads of one
//! process, processes, machines sharing the folder — never write into each other's file. A write
//! killed before its rename leaves that file behind. Readers never see it (no reader opens
//! `.tmp` files); [`remove_stray_temp_files`] deletes those written on *this* host by a process
//! that is gone, and the project calls it after each write and from `validate`. Files of other
//! hosts are left alone: whether their writer still runs cannot be known from here.
//!
//! [`stage`] is the first half of a write on its own (the temporary file, filled and synced,
//! not yet renamed), for writers of several files that rename only once all are written
//! ([`crate::io::batch`]).

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

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
    stage(path, durability, fill)?.commit()
}

/// A filled temporary file beside its destination, not yet renamed over it. Dropping it
/// removes the temporary file; [`Staged::commit`] renames it.
#[derive(Debug)]
pub struct Staged {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
    durability: Durability,
}

/// Writes the content of `path` into a new temporary file beside it (flushed, and fsynced when
/// `durability` says so). Nothing at `path` changes until [`Staged::commit`].
pub fn stage(
    path: &Path,
    durability: Durability,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Staged> {
    let dir = folder_of(path);
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other(format!("{} is not a file path", path.display())))?;
    let mut tmp = temp_builder(&temp_prefix(name), 0o666).tempfile_in(&dir)?;
    // The file it replaces keeps its permissions (a file shared read-only stays so).
    match fs::metadata(path) {
        Ok(m) => tmp.as_file().set_permissions(m.permissions())?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 16, &mut tmp);
        fill(&mut w)?;
        w.flush()?;
    }
    if durability == Durability::Synced {
        tmp.as_file().sync_all()?;
    }
    Ok(Staged {
        tmp,
        target: path.to_path_buf(),
        durability,
    })
}

impl Staged {
    /// The destination.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Renames the temporary file over the destination (and, when synced, fsyncs the folder).
    /// On failure the temporary file is removed and the destination is untouched.
    pub fn commit(self) -> std::io::Result<()> {
        let Staged {
            tmp,
            target,
            durability,
        } = self;
        // On failure the error carries the temporary file, which is removed when it drops.
        tmp.persist(&target).map_err(|e| e.error)?;
        // Make the rename itself durable. Not every platform can open a directory; that is not
        // a failure of the write.
        if durability == Durability::Synced {
            if let Ok(d) = File::open(folder_of(&target)) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

/// The fixed part of a temporary name for the destination `name`: `.NAME.HOST.PID.` (a
/// random part and `.tmp` follow).
pub(crate) fn temp_prefix(name: &std::ffi::OsStr) -> std::ffi::OsString {
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(format!(".{}.{}.", this_host(), std::process::id()));
    prefix
}

/// A builder of temporary names `PREFIX RANDOM.tmp` (see [`temp_prefix`]), created with `mode`
/// less the umask — not tempfile's private 0o600/0o700: the result is an ordinary file or
/// folder of the user's.
pub(crate) fn temp_builder(prefix: &std::ffi::OsStr, mode: u32) -> tempfile::Builder<'_, 'static> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix).suffix(".tmp").rand_bytes(6);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = mode;
    builder
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Longest host name part of a temporary name, so that a 200-byte file name still makes a
/// temporary name within the usual 255-byte limit.
const MAX_HOST_BYTES: usize = 24;

/// This machine's name as it appears in temporary names: ASCII letters, digits and `-` only
/// (other characters, dots included, become `-`), at most [`MAX_HOST_BYTES`].
pub fn this_host() -> &'static str {
    static HOST: OnceLock<String> = OnceLock::new();
    HOST.get_or_init(|| host_part(&gethostname::gethostname().to_string_lossy()))
}

fn host_part(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(MAX_HOST_BYTES)
        .collect();
    if s.is_empty() {
        s.push_str("unknown-host");
    }
    s
}

/// The parts of a temporary file name made by an atomic write:
/// `.NAME.HOST.PID.RANDOM.tmp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TempName {
    /// The destination's file name.
    pub target: String,
    /// The writer's host, as [`this_host`] spells it.
    pub host: String,
    /// The writer's process id.
    pub pid: u32,
}

impl TempName {
    /// Parses a file name; `None` when it is not a temporary name of an atomic write.
    pub fn parse(name: &str) -> Option<TempName> {
        let inner = name.strip_prefix('.')?.strip_suffix(".tmp")?;
        let (rest, random) = inner.rsplit_once('.')?;
        let (rest, pid) = rest.rsplit_once('.')?;
        let (target, host) = rest.rsplit_once('.')?;
        let valid_host = !host.is_empty()
            && host.len() <= MAX_HOST_BYTES
            && host.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        let valid_random = !random.is_empty() && random.bytes().all(|b| b.is_ascii_alphanumeric());
        if target.is_empty() || !valid_host || !valid_random {
            return None;
        }
        Some(TempName {
            target: target.to_owned(),
            host: host.to_owned(),
            pid: pid.parse().ok()?,
        })
    }
}

/// The writer process id of a temporary file name made by an atomic write, or `None` when
/// `name` is not one.
pub fn temp_file_pid(name: &str) -> Option<u32> {
    TempName::parse(name).map(|t| t.pid)
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

/// Deletes the temporary files in `dir` left by interrupted atomic writes on this host: those
/// whose writer process is gone (or, where that cannot be checked, that are over an hour old).
/// Files of this process, of live writers and of other hosts are kept. Returns the removed
/// paths, sorted.
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
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(temp) = TempName::parse(name) else {
            if is_legacy_temp_name(name) && entry.file_type()?.is_file() {
                let age = entry
                    .metadata()?
                    .modified()
                    .ok()
                    .and_then(|m| m.elapsed().ok());
                if age.is_some_and(|age| age > STRAY_AGE) {
                    remove_if_there(&entry.path(), &mut removed)?;
                }
            }
            continue;
        };
        if temp.host != this_host()
            || temp.pid == std::process::id()
            || !entry.file_type()?.is_file()
        {
            continue;
        }
        let stray = match process_alive(temp.pid) {
            Some(alive) => !alive,
            None => entry
                .metadata()?
                .modified()
                .ok()
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age > STRAY_AGE),
        };
        if stray {
            remove_if_there(&entry.path(), &mut removed)?;
        }
    }
    removed.sort();
    Ok(removed)
}

fn remove_if_there(path: &Path, removed: &mut Vec<PathBuf>) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Ok(()) => removed.push(path.to_path_buf()),
        // Another cleaner was first.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    Ok(())
}

/// A temporary name of earlier versions for a project file, `.NAME.json.PID.tmp`: no host and
/// no random part, so whether its writer still runs cannot be told; [`remove_stray_temp_files`]
/// removes such a file once it is over [`STRAY_AGE`] old (no write takes that long). Only
/// `.json` targets: the project's own files, never a user's `.notes.2024.tmp`.
fn is_legacy_temp_name(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    inner.rsplit_once('.').is_some_and(|(target, pid)| {
        target.len() > ".json".len()
            && target.ends_with(".json")
            && !pid.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised() {
        let t = TempName::parse(".alice.json.build-7.4242.Ab3xZ9.tmp").unwrap();
        assert_eq!(
            t,
            TempName {
                target: "alice.json".into(),
                host: "build-7".into(),
                pid: 4242
            }
        );
        assert_eq!(temp_file_pid(".d.json.h.1.zzzzzz.tmp"), Some(1));
        // A file name with dots of its own.
        assert_eq!(
            TempName::parse(".a.b.c.json.h.7.x1.tmp").map(|t| t.target),
            Some("a.b.c.json".into())
        );
        for not_ours in [
            "alice.json.h.4242.abcdef.tmp",   // not hidden
            ".h.4242.abcdef.tmp",             // no target
            ".a.json.h.x.abcdef.tmp",         // no pid
            ".a.json.h.4242.tmp",             // no random part
            ".a.json.h_x.4242.abcdef.tmp",    // not a host part
            ".a.json.h.4242.abcdef.lock",     // not .tmp
            ".a.json.4242.tmp",               // the earlier, host-less form
            ".a.json..4242.abcdef.tmp",       // empty host
            ".a.json.h.4242.ab-cd.tmp",       // not a random part
            ".a.json.h.99999999999.abcd.tmp", // pid out of range
        ] {
            assert_eq!(TempName::parse(not_ours), None, "{not_ours}");
        }
    }

    #[test]
    fn host_names_become_safe_name_parts() {
        assert_eq!(host_part("build.example.org"), "build-example-org");
        assert_eq!(host_part("Ünïcode box"), "-n-code-box");
        assert_eq!(host_part(""), "unknown-host");
        assert_eq!(host_part(&"x".repeat(80)).len(), MAX_HOST_BYTES);
        let ours = this_host();
        assert_eq!(host_part(ours), ours, "already in its safe form");
    }

    /// The name a writer on `host` with process `pid` would leave.
    fn temp_name(target: &str, host: &str, pid: u32) -> String {
        format!(".{target}.{host}.{pid}.Qx7Lm2.tmp")
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn stray_temp_files_of_dead_writers_on_this_host_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has exited: its id is free (until reused, which only keeps the file).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let host = this_host();
        let other_host = if host == "elsewhere" {
            "far"
        } else {
            "elsewhere"
        };
        let stray = dir.path().join(temp_name("a.json", host, dead));
        let ours = dir
            .path()
            .join(temp_name("b.json", host, std::process::id()));
        let alive = dir.path().join(temp_name("c.json", host, 1));
        let remote = dir.path().join(temp_name("d.json", other_host, dead));
        let other = dir.path().join("notes.tmp");
        for p in [&stray, &ours, &alive, &remote, &other] {
            fs::write(p, "x").unwrap();
        }
        let removed = remove_stray_temp_files(dir.path()).unwrap();
        if process_alive(dead) == Some(false) {
            assert_eq!(removed, vec![stray.clone()]);
            assert!(!stray.exists());
        }
        for kept in [&ours, &alive, &remote, &other] {
            assert!(kept.exists(), "{} removed", kept.display());
        }
    }

    #[test]
    fn old_temp_names_are_removed_once_an_hour_old() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str| dir.path().join(name);
        let old = [".a.json.4242.tmp", ".doc.v2.json.7.tmp"];
        let fresh = ".b.json.4243.tmp";
        let not_temp = [
            ".c.json.tmp",
            ".d.json.12ab.tmp",
            "e.json.42.tmp",
            "..42.tmp",
        ];
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        for name in old.iter().chain(not_temp.iter()).chain([&fresh]) {
            let f = File::create(at(name)).unwrap();
            if *name != fresh {
                f.set_modified(two_hours_ago).unwrap();
            }
        }
        let removed = remove_stray_temp_files(dir.path()).unwrap();
        assert_eq!(
            removed,
            vec![at(".a.json.4242.tmp"), at(".doc.v2.json.7.tmp")]
        );
        assert!(
            at(fresh).exists(),
            "a recent one may belong to a running writer"
        );
        for name in not_temp {
            assert!(at(name).exists(), "{name} is not a temporary name");
        }
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

    /// Two writes of one file in flight at once in one process (e.g. a save and an export)
    /// each have their own temporary file; the later rename wins whole.
    #[test]
    fn writers_in_one_process_do_not_share_a_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        let first = stage(&p, Durability::Synced, |w| w.write_all(b"first")).unwrap();
        let second = stage(&p, Durability::Synced, |w| w.write_all(b"second")).unwrap();
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        for n in &names {
            let t = TempName::parse(n).unwrap_or_else(|| panic!("{n} is not a temporary name"));
            assert_eq!(
                (t.target.as_str(), t.host.as_str()),
                ("a.json", this_host())
            );
            assert_eq!(t.pid, std::process::id());
        }
        first.commit().unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"first");
        second.commit().unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"second");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_dropped_stage_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        drop(stage(&p, Durability::Unsynced, |w| w.write_all(b"x")).unwrap());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn the_new_file_keeps_the_permissions_of_the_one_it_replaces() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        fs::write(&p, "old").unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"new").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o640
        );

        // A new file: read and write for its owner, readable by others unless the umask says
        // otherwise — never tempfile's owner-only 0o600 for a umask that allows more.
        let fresh = dir.path().join("b.json");
        write_atomic(&fresh, b"new").unwrap();
        let reference = dir.path().join("c.json");
        fs::write(&reference, "plain").unwrap();
        assert_eq!(
            fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
            fs::metadata(&reference).unwrap().permissions().mode() & 0o777,
            "like a file created the ordinary way"
        );
    }
}
