//! A new folder of many files that appears whole or not at all.
//!
//! A folder export (brat: two files per document) writes thousands of files. Written one by
//! one with [`crate::io::atomic`], each costs a temporary file and a rename of its own. When the
//! folder does not exist yet, [`write_new_folder`] writes the files plainly into a temporary
//! folder beside it (`.NAME.HOST.PID.RANDOM.tmp`, which no reader opens) and renames that folder
//! into place once: readers see the whole folder or none of it, and an interrupted write leaves
//! only the temporary folder. When the folder exists, nothing is written and the caller falls
//! back to atomic writes file by file (other files in it are left alone).

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use super::atomic::{temp_builder, temp_prefix, Durability};

/// What [`write_new_folder`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderWrite {
    /// The folder was created with every file in it.
    Written,
    /// The folder exists (or appeared meanwhile): nothing was written.
    Exists,
}

/// Creates the folder `dir` holding `files` (name, content), all at once: the files go into a
/// temporary folder beside `dir` that is renamed to `dir` when all are written (and, when
/// `durability` is [`Durability::Synced`], flushed to disk, as are both folders). Names must
/// be plain file names. The parent folder must exist.
pub fn write_new_folder<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    durability: Durability,
) -> std::io::Result<FolderWrite> {
    if dir.symlink_metadata().is_ok() {
        return Ok(FolderWrite::Exists);
    }
    let name = dir
        .file_name()
        .ok_or_else(|| std::io::Error::other(format!("{} is not a folder path", dir.display())))?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let stage = temp_builder(&temp_prefix(name), 0o777).tempdir_in(parent)?;
    for (file_name, bytes) in files {
        if Path::new(file_name).file_name() != Some(std::ffi::OsStr::new(file_name)) {
            return Err(std::io::Error::other(format!(
                "{file_name:?} is not a plain file name"
            )));
        }
        let mut f = File::create_new(stage.path().join(file_name))?;
        f.write_all(bytes)?;
        if durability == Durability::Synced {
            f.sync_all()?;
        }
    }
    if durability == Durability::Synced {
        File::open(stage.path())?.sync_all()?;
    }
    // A folder created at `dir` meanwhile: an empty one is replaced by the rename (nothing is
    // lost), one with files in it makes the rename fail.
    if let Err(e) = fs::rename(stage.path(), dir) {
        return match dir.symlink_metadata() {
            Ok(_) => Ok(FolderWrite::Exists),
            Err(_) => Err(e),
        };
    }
    // Renamed: there is nothing left at the temporary path to remove.
    let _ = stage.keep();
    if durability == Durability::Synced {
        if let Ok(d) = File::open(parent) {
            let _ = d.sync_all();
        }
    }
    Ok(FolderWrite::Written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_new_folder_appears_with_every_file_and_no_temporary_folder() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("brat");
        let files = [
            ("a.txt", "Iran warned.\r\n".as_bytes()),
            ("a.ann", "T1\tCue 5 11\twarned\n".as_bytes()),
        ];
        for durability in [Durability::Synced, Durability::Unsynced] {
            let _ = fs::remove_dir_all(&out);
            let r = write_new_folder(&out, files, durability).unwrap();
            assert_eq!(r, FolderWrite::Written);
            assert_eq!(names(&out), ["a.ann", "a.txt"]);
            assert_eq!(fs::read(out.join("a.txt")).unwrap(), b"Iran warned.\r\n");
            assert_eq!(names(root.path()), ["brat"], "the temporary folder is gone");
        }
    }

    #[test]
    fn an_existing_folder_is_left_alone() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("brat");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("mine.txt"), "kept").unwrap();
        let r = write_new_folder(&out, [("a.txt", &b"x"[..])], Durability::Unsynced).unwrap();
        assert_eq!(r, FolderWrite::Exists);
        assert_eq!(names(&out), ["mine.txt"]);
        assert_eq!(names(root.path()), ["brat"]);
    }

    #[test]
    fn a_bad_name_fails_and_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("brat");
        let files = [("a.txt", &b"x"[..]), ("../escape.txt", &b"y"[..])];
        let e = write_new_folder(&out, files, Durability::Unsynced).unwrap_err();
        assert!(
            e.to_string()
                .contains("\"../escape.txt\" is not a plain file name"),
            "{e}"
        );
        assert!(names(root.path()).is_empty(), "{:?}", names(root.path()));
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_gets_ordinary_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("brat");
        write_new_folder(&out, [("a.txt", &b"x"[..])], Durability::Unsynced).unwrap();
        let mode = fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        // 0o777 less the umask: the owner can always read, write and enter it, unlike
        // tempfile's private 0o700 (which the group bits would show).
        assert_eq!(mode & 0o700, 0o700);
        let plain = root.path().join("plain");
        fs::create_dir(&plain).unwrap();
        assert_eq!(
            mode,
            fs::metadata(&plain).unwrap().permissions().mode() & 0o777
        );
    }
}
