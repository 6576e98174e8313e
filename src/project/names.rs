//! Safe file names for document ids and annotator names.
//!
//! A document id becomes `documents/<id>.json` and `annotations/<annotator>/<id>.json`, so an id
//! or annotator name read from an import or a CLI flag must never escape the project folder or
//! produce a name some operating system refuses. [`check_file_name`] is the one rule;
//! [`sanitize_file_name`] turns any string into a name that passes it (for ids derived from
//! imported file names).

/// The longest name accepted, in UTF-8 bytes (leaves room for `.json` and a temp-file suffix
/// under the 255-byte limit of common file systems).
pub const MAX_NAME_BYTES: usize = 200;

/// Windows device names, refused with or without an extension and in any case.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// Characters that are path separators or that Windows forbids in file names.
const FORBIDDEN: [char; 9] = ['/', '\\', ':', '*', '?', '"', '<', '>', '|'];

/// Why a name cannot be used as a file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error("the name is empty")]
    Empty,
    #[error("{0:?} is a relative path component")]
    DotName(String),
    #[error("{0:?} starts with a dot (reserved for hidden and temporary files)")]
    LeadingDot(String),
    #[error("{name:?} contains {found:?}, which may not appear in a file name")]
    ForbiddenChar { name: String, found: char },
    #[error("{0:?} contains a control character (NUL, newline, …)")]
    Control(String),
    #[error("{0:?} is a reserved device name on Windows")]
    Reserved(String),
    #[error("{0:?} ends with a dot or a space, which Windows drops")]
    TrailingDotOrSpace(String),
    #[error("the name is {0} bytes long; the limit is {MAX_NAME_BYTES}")]
    TooLong(usize),
}

/// Checks that `name` can be used as one file name component on every platform: not empty, not
/// `.`/`..`, no leading dot, no path separators or absolute-path syntax (`/`, `\`, `C:`), no NUL
/// or other control characters, no Windows-forbidden characters or reserved device names (`CON`,
/// `NUL`, `COM1`, … also with an extension), no trailing dot or space, at most
/// [`MAX_NAME_BYTES`] bytes.
pub fn check_file_name(name: &str) -> Result<(), NameError> {
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if name == "." || name == ".." {
        return Err(NameError::DotName(name.into()));
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(NameError::TooLong(name.len()));
    }
    if name.chars().any(char::is_control) {
        return Err(NameError::Control(name.into()));
    }
    if let Some(found) = name.chars().find(|c| FORBIDDEN.contains(c)) {
        return Err(NameError::ForbiddenChar {
            name: name.into(),
            found,
        });
    }
    if name.starts_with('.') {
        return Err(NameError::LeadingDot(name.into()));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Err(NameError::TrailingDotOrSpace(name.into()));
    }
    if is_reserved(name) {
        return Err(NameError::Reserved(name.into()));
    }
    Ok(())
}

fn is_reserved(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(stem))
}

/// Turns any string into a name that passes [`check_file_name`]: forbidden and control
/// characters become `_`, leading dots and trailing dots/spaces are dropped, reserved names get
/// a `_` prefix, the result is cut to [`MAX_NAME_BYTES`] on a char boundary, and an empty result
/// becomes `doc`.
pub fn sanitize_file_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_control() || FORBIDDEN.contains(&c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    s = s.trim_start_matches('.').to_owned();
    truncate_bytes(&mut s, MAX_NAME_BYTES - 1);
    let trimmed = s.trim_end_matches(['.', ' ']).len();
    s.truncate(trimmed);
    if s.is_empty() {
        return "doc".into();
    }
    if is_reserved(&s) {
        s.insert(0, '_');
    }
    s
}

/// Cuts `s` to at most `max` bytes, on a char boundary.
pub fn truncate_bytes(s: &mut String, max: usize) {
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(name: &str) -> NameError {
        check_file_name(name).expect_err(name)
    }

    #[test]
    fn ordinary_names_pass() {
        for ok in [
            "iran-talks",
            "alice",
            "日本語の記事",
            "a.b",
            "con-talks",
            "Bob Smith",
            "😀",
        ] {
            assert_eq!(check_file_name(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn empty_and_dot_names() {
        assert_eq!(refused(""), NameError::Empty);
        assert!(matches!(refused("."), NameError::DotName(_)));
        assert!(matches!(refused(".."), NameError::DotName(_)));
        assert!(matches!(refused(".hidden"), NameError::LeadingDot(_)));
    }

    #[test]
    fn path_traversal_and_separators() {
        for bad in [
            "../etc",
            "a/b",
            "a\\b",
            "..\\x",
            "/etc/passwd",
            "\\\\server\\x",
        ] {
            assert!(
                matches!(refused(bad), NameError::ForbiddenChar { .. }),
                "{bad}"
            );
        }
    }

    #[test]
    fn absolute_windows_paths() {
        assert!(matches!(
            refused("C:\\Windows"),
            NameError::ForbiddenChar { found: ':', .. }
        ));
        assert!(matches!(refused("c:x"), NameError::ForbiddenChar { .. }));
    }

    #[test]
    fn nul_and_control_characters() {
        assert!(matches!(refused("a\0b"), NameError::Control(_)));
        assert!(matches!(refused("a\nb"), NameError::Control(_)));
        assert!(matches!(refused("a\u{7f}"), NameError::Control(_)));
    }

    #[test]
    fn windows_reserved_names() {
        for bad in ["CON", "con", "Nul", "nul.json", "COM1", "lpt9.txt", "AUX"] {
            assert!(matches!(refused(bad), NameError::Reserved(_)), "{bad}");
        }
        assert!(matches!(refused("a."), NameError::TrailingDotOrSpace(_)));
        assert!(matches!(refused("a "), NameError::TrailingDotOrSpace(_)));
    }

    #[test]
    fn long_names() {
        assert_eq!(check_file_name(&"a".repeat(200)), Ok(()));
        assert_eq!(refused(&"a".repeat(201)), NameError::TooLong(201));
        // 67 three-byte chars = 201 bytes
        assert_eq!(refused(&"日".repeat(67)), NameError::TooLong(201));
    }

    #[test]
    fn sanitised_names_always_pass() {
        for raw in [
            "",
            ".",
            "..",
            "../../etc/passwd",
            "C:\\x",
            "a\0b",
            "CON",
            "nul.txt",
            "  ",
            "...",
            "a. ",
            ".bashrc",
        ] {
            let s = sanitize_file_name(raw);
            assert_eq!(check_file_name(&s), Ok(()), "{raw:?} → {s:?}");
        }
        assert_eq!(sanitize_file_name("../a/b"), "_a_b");
        assert_eq!(sanitize_file_name("CON"), "_CON");
        let long = sanitize_file_name(&"日".repeat(100));
        assert!(long.len() <= MAX_NAME_BYTES && check_file_name(&long).is_ok());
    }
}
