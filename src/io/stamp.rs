//! Detecting that a file changed on disk since it was loaded.
//!
//! A [`DiskStamp`] records a file's length and a hash of its bytes when it is loaded or saved.
//! Before overwriting, [`check_unchanged`] re-reads the file and compares: a different content
//! (another program, a `git pull`, a second editor) is a [`ChangedOnDisk`] error, so the caller
//! can offer Reload / Overwrite / Save As (GUI) or demand `--force` (CLI). Modification times
//! alone are not trusted: they have coarse resolution and survive `git checkout` of equal
//! content. Stamps live in memory only.

use std::hash::{Hash, Hasher};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskStamp {
    len: u64,
    hash: u64,
}

impl DiskStamp {
    pub fn of_bytes(bytes: &[u8]) -> Self {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        DiskStamp {
            len: bytes.len() as u64,
            hash: h.finish(),
        }
    }

    /// The stamp of the file at `path` now, or `None` when it does not exist.
    pub fn read(path: &Path) -> std::io::Result<Option<DiskStamp>> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(Some(DiskStamp::of_bytes(&bytes))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// The file is not what it was when loaded.
#[derive(Debug, thiserror::Error)]
#[error("{path}: the file changed on disk since it was opened (another program or a sync wrote it); reload it, save elsewhere, or overwrite explicitly")]
pub struct ChangedOnDisk {
    pub path: String,
}

/// Checks that `path` still has the content recorded in `expected` (`None`: the file did not
/// exist and still must not).
pub fn check_unchanged(path: &Path, expected: Option<DiskStamp>) -> Result<(), CheckError> {
    let now = DiskStamp::read(path).map_err(|source| CheckError::Io {
        path: path.display().to_string(),
        source,
    })?;
    if now == expected {
        Ok(())
    } else {
        Err(CheckError::Changed(ChangedOnDisk {
            path: path.display().to_string(),
        }))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error(transparent)]
    Changed(#[from] ChangedOnDisk),
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_changes_but_not_rewrites_of_equal_content() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.json");
        assert!(check_unchanged(&p, None).is_ok());
        std::fs::write(&p, "one").unwrap();
        assert!(
            check_unchanged(&p, None).is_err(),
            "created behind our back"
        );
        let stamp = DiskStamp::read(&p).unwrap();
        std::fs::write(&p, "one").unwrap();
        assert!(check_unchanged(&p, stamp).is_ok(), "same bytes rewritten");
        std::fs::write(&p, "two").unwrap();
        let e = check_unchanged(&p, stamp).unwrap_err().to_string();
        assert!(e.contains("changed on disk"), "{e}");
        std::fs::remove_file(&p).unwrap();
        assert!(
            check_unchanged(&p, stamp).is_err(),
            "deleted behind our back"
        );
    }
}
