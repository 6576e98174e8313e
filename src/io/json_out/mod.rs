//! A JSON emitter for writers that know their keys: strings are escaped in one pass straight
//! into a growing byte buffer, numbers are written with `itoa`, and the layout is exactly
//! serde_json's (compact, or pretty with two-space indentation), so files written by it are
//! byte-identical to `serde_json::to_writer{,_pretty}` of the same data.
//!
//! Arbitrary [`Value`]s (kept unknown fields, metadata) go through serde_json itself, so that
//! numbers keep their text (`arbitrary_precision`), and are re-indented to the current depth.
//!
//! The caller drives the structure with [`JsonOut::begin_object`], [`JsonOut::key`],
//! [`JsonOut::end_object`] and their array counterparts; nesting mistakes are caught by debug
//! assertions, not at run time.

pub mod model;

use serde_json::Value;

/// Escapes of serde_json: `0` = copy the byte, `u` = `\u00XX`, else the short escape letter.
const ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0A] = b'n';
    t[0x0C] = b'f';
    t[0x0D] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// True when some byte of `x` is below 0x20, `"` or `\` (SWAR: eight bytes per step).
#[inline]
fn word_needs_escape(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let below_space = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
    (below_space | has_zero(x ^ (ONES * b'"' as u64)) | has_zero(x ^ (ONES * b'\\' as u64))) != 0
}

/// Appends `s` as a JSON string literal (quotes included), escaped as serde_json does. Only
/// ASCII bytes are escaped, so every run copied between them is whole UTF-8.
pub fn push_str_escaped(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push('"');
    let mut run = 0; // start of the bytes not yet copied
    let mut i = 0;
    while i < bytes.len() {
        // Skip clean bytes sixteen, then eight at a time; the byte step below finds the one.
        if let Some(chunk) = bytes.get(i..i + 16) {
            let (a, b) = chunk.split_at(8);
            let a = u64::from_le_bytes(a.try_into().expect("eight bytes"));
            let b = u64::from_le_bytes(b.try_into().expect("eight bytes"));
            if !word_needs_escape(a) && !word_needs_escape(b) {
                i += 16;
                continue;
            }
        }
        if let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if !word_needs_escape(word) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let e = ESCAPE[b as usize];
        if e != 0 {
            out.push_str(&s[run..i]);
            out.push('\\');
            match e {
                b'u' => {
                    out.push_str("u00");
                    out.push(HEX[(b >> 4) as usize] as char);
                    out.push(HEX[(b & 0xF) as usize] as char);
                }
                letter => out.push(letter as char),
            }
            run = i + 1;
        }
        i += 1;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

fn push_spaces(out: &mut String, n: usize) {
    const SPACES: &str = "                                ";
    let mut left = n;
    while left > 0 {
        let k = left.min(SPACES.len());
        out.push_str(&SPACES[..k]);
        left -= k;
    }
}

/// One open object or array: whether it has had a member yet.
#[derive(Debug, Clone, Copy)]
struct Level {
    has_value: bool,
}

/// The buffer being written and the open objects and arrays.
pub struct JsonOut {
    pub out: String,
    pretty: bool,
    levels: Vec<Level>,
    scratch: Vec<u8>,
}

impl JsonOut {
    /// A pretty (two-space indented) writer with `capacity` bytes reserved.
    pub fn pretty(capacity: usize) -> Self {
        JsonOut {
            out: String::with_capacity(capacity),
            pretty: true,
            levels: Vec::with_capacity(8),
            scratch: Vec::new(),
        }
    }

    /// A compact writer (no whitespace, as `serde_json::to_writer`) appending to `out`.
    pub fn compact(out: String) -> Self {
        JsonOut {
            out,
            pretty: false,
            levels: Vec::with_capacity(8),
            scratch: Vec::new(),
        }
    }

    pub fn into_string(self) -> String {
        debug_assert!(self.levels.is_empty(), "unclosed object or array");
        self.out
    }

    /// A pretty writer of members of the innermost of `depth` open objects or arrays, written
    /// apart (on another core) and joined with [`JsonOut::append_members`]. Every member it
    /// writes starts with its separator.
    pub fn pretty_members(depth: usize, capacity: usize) -> Self {
        JsonOut {
            out: String::with_capacity(capacity),
            pretty: true,
            levels: vec![Level { has_value: true }; depth],
            scratch: Vec::new(),
        }
    }

    /// The members written by a [`JsonOut::pretty_members`] writer, its levels left open.
    pub fn into_members(self) -> String {
        self.out
    }

    /// Appends members written by a [`JsonOut::pretty_members`] writer of this depth; the
    /// separator before the first member of the innermost object or array is left out.
    pub fn append_members(&mut self, members: &str) {
        if members.is_empty() {
            return;
        }
        let level = self
            .levels
            .last_mut()
            .expect("members outside any object or array");
        let members = match level.has_value {
            true => members,
            false => members
                .strip_prefix(',')
                .expect("members start with their separator"),
        };
        level.has_value = true;
        self.out.push_str(members);
    }

    fn newline_indent(&mut self) {
        self.out.push('\n');
        push_spaces(&mut self.out, 2 * self.levels.len());
    }

    /// Separator and indentation before a member of the innermost object or array.
    fn before_member(&mut self) {
        let level = self
            .levels
            .last_mut()
            .expect("a member outside any object or array");
        let first = !level.has_value;
        level.has_value = true;
        if !first {
            self.out.push(',');
        }
        if self.pretty {
            self.newline_indent();
        }
    }

    fn close(&mut self, bracket: char) {
        let level = self.levels.pop().expect("closing more than was opened");
        if level.has_value && self.pretty {
            self.newline_indent();
        }
        self.out.push(bracket);
    }

    pub fn begin_object(&mut self) {
        self.out.push('{');
        self.levels.push(Level { has_value: false });
    }

    pub fn end_object(&mut self) {
        self.close('}');
    }

    pub fn begin_array(&mut self) {
        self.out.push('[');
        self.levels.push(Level { has_value: false });
    }

    pub fn end_array(&mut self) {
        self.close(']');
    }

    /// Starts the member `key` of the innermost object; the value follows.
    pub fn key(&mut self, key: &str) {
        self.before_member();
        push_str_escaped(&mut self.out, key);
        self.out.push_str(if self.pretty { ": " } else { ":" });
    }

    /// Starts the next element of the innermost array; the value follows.
    pub fn element(&mut self) {
        self.before_member();
    }

    pub fn str(&mut self, s: &str) {
        push_str_escaped(&mut self.out, s);
    }

    pub fn uint(&mut self, n: u64) {
        self.out.push_str(itoa::Buffer::new().format(n));
    }

    pub fn int(&mut self, n: i64) {
        self.out.push_str(itoa::Buffer::new().format(n));
    }

    pub fn bool(&mut self, b: bool) {
        self.out.push_str(if b { "true" } else { "false" });
    }

    pub fn null(&mut self) {
        self.out.push_str("null");
    }

    /// `"key": "value"` in the innermost object.
    pub fn str_field(&mut self, key: &str, value: &str) {
        self.key(key);
        self.str(value);
    }

    /// `"key": n` in the innermost object.
    pub fn uint_field(&mut self, key: &str, n: u64) {
        self.key(key);
        self.uint(n);
    }

    /// Any JSON value, through serde_json (numbers keep their text), indented to this depth.
    pub fn value(&mut self, v: &Value) {
        match v {
            Value::String(s) => return self.str(s),
            Value::Bool(b) => return self.bool(*b),
            Value::Null => return self.null(),
            _ => {}
        }
        self.scratch.clear();
        let written = if self.pretty {
            serde_json::to_writer_pretty(&mut self.scratch, v)
        } else {
            serde_json::to_writer(&mut self.scratch, v)
        };
        written.expect("a JSON value always serialises into memory");
        let json = std::str::from_utf8(&self.scratch).expect("serde_json writes UTF-8");
        if !self.pretty {
            self.out.push_str(json);
            return;
        }
        // A newline occurs only between tokens (inside strings it is escaped): re-indent.
        let indent = 2 * self.levels.len();
        for (i, line) in json.split('\n').enumerate() {
            if i > 0 {
                self.out.push('\n');
                push_spaces(&mut self.out, indent);
            }
            self.out.push_str(line);
        }
    }

    /// Any serialisable value, through serde_json, indented to this depth (for parts of a file
    /// that are small or rare, where a hand-written emitter would gain nothing).
    pub fn serialize<T: serde::Serialize + ?Sized>(&mut self, v: &T) {
        let value = serde_json::to_value(v).expect("model values always serialise");
        self.value(&value);
    }

    /// The members of `map` in its order, as members of the innermost object (flattened).
    pub fn flatten(&mut self, map: &serde_json::Map<String, Value>) {
        for (k, v) in map {
            self.key(k);
            self.value(v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn escaped(s: &str) -> String {
        let mut out = String::new();
        push_str_escaped(&mut out, s);
        out
    }

    #[test]
    fn escapes_like_serde_json() {
        assert_eq!(escaped("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(
            escaped("\u{8}\t\n\u{c}\r\u{1}\u{1f}"),
            r#""\b\t\n\f\r\u0001\u001f""#
        );
        // Non-ASCII, DEL and the slash are written as they are.
        assert_eq!(escaped("😀 日本 é\u{7f}/"), "\"😀 日本 é\u{7f}/\"");
        // A byte to escape right after a clean run of eight.
        assert_eq!(escaped("abcdefgh\"ijklmnop\n"), r#""abcdefgh\"ijklmnop\n""#);
    }

    #[test]
    fn values_are_indented_to_their_depth() {
        let v: Value = serde_json::from_str(r#"{"a": [1.50, {"b": -0}], "c": {}}"#).unwrap();
        let mut w = JsonOut::pretty(0);
        w.begin_object();
        w.key("x");
        w.begin_object();
        w.key("v");
        w.value(&v);
        w.end_object();
        w.key("e");
        w.begin_array();
        w.end_array();
        w.end_object();
        let expected =
            serde_json::to_string_pretty(&serde_json::json!({"x": {"v": v}, "e": []})).unwrap();
        assert_eq!(w.into_string(), expected);
        assert!(
            expected.contains("      \"a\": [\n        1.50,"),
            "{expected}"
        );
    }

    #[test]
    fn members_written_apart_join_as_if_written_in_one() {
        let v: Value =
            serde_json::from_str(r#"{"a": [{"b": 1}, {"b": 2}, {"b": 3}], "c": []}"#).unwrap();
        let mut w = JsonOut::pretty(0);
        w.begin_object();
        w.key("a");
        w.begin_array();
        for part in [&[1u64][..], &[], &[2, 3]] {
            let mut m = JsonOut::pretty_members(2, 0);
            for &b in part {
                m.element();
                m.begin_object();
                m.uint_field("b", b);
                m.end_object();
            }
            w.append_members(&m.into_members());
        }
        w.end_array();
        w.key("c");
        w.begin_array();
        w.append_members(&JsonOut::pretty_members(2, 0).into_members());
        w.end_array();
        w.end_object();
        assert_eq!(w.into_string(), serde_json::to_string_pretty(&v).unwrap());
    }

    proptest! {
        #[test]
        fn any_string_escapes_like_serde_json(s in "(?s).{0,40}|[\\x00-\\x7f]{0,40}") {
            prop_assert_eq!(escaped(&s), serde_json::to_string(&s).unwrap());
        }
    }
}
