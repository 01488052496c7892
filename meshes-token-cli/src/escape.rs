//! Showing text from a token on a terminal: JSON string literals in which every character
//! that could act on the terminal or hide itself is a visible `\uXXXX` escape.
//!
//! Escaped: the C0 controls, DEL and the C1 controls (category Cc: ESC and CSI start terminal
//! escape sequences), the format characters (category Cf: bidi overrides and isolates such as
//! U+202E and U+2066, zero-width joiners, the soft hyphen, tag characters), and U+2028 and
//! U+2029, which break lines. Everything else is shown as itself, as `jq` does.
//!
//! The Cf table is generated from Python's unicodedata (`scripts/gen_format_chars.py`): 21
//! ranges, a binary search. A general-category crate would carry every category's table
//! to answer this one question, and the CLI only needs this one.

use std::fmt::Write as _;

use crate::format_chars::FORMAT_CHARS;

/// Whether `c` is in Unicode general category Cf (format).
pub(crate) fn is_format(c: char) -> bool {
    FORMAT_CHARS
        .binary_search_by(|&(first, last)| {
            if last < c {
                std::cmp::Ordering::Less
            } else if first > c {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Whether `c` is shown as a `\uXXXX` escape rather than as itself.
pub(crate) fn is_hidden(c: char) -> bool {
    c.is_control() || is_format(c) || c == '\u{2028}' || c == '\u{2029}'
}

/// Appends `s` to `out` as a JSON string literal, quotes included: `"` and `\` as `\"` and
/// `\\`, every [`is_hidden`] character as `\uXXXX` (upper-case hex; a surrogate pair above
/// U+FFFF), everything else as itself.
pub(crate) fn push_json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_hidden(c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    // Writing to a String cannot fail.
                    let _ = write!(out, "\\u{unit:04X}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `s` as a JSON string literal, as [`push_json_string`] writes it.
pub(crate) fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len().saturating_add(2));
    push_json_string(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]

    use super::{is_format, is_hidden, json_string};
    use crate::format_chars::FORMAT_CHARS;

    #[test]
    fn table_is_sorted_and_disjoint() {
        assert!(FORMAT_CHARS.iter().all(|&(a, b)| a <= b));
        assert!(FORMAT_CHARS.windows(2).all(|w| w[0].1 < w[1].0));
    }

    #[test]
    fn format_characters() {
        for c in [
            '\u{00AD}',
            '\u{061C}',
            '\u{200B}',
            '\u{200D}',
            '\u{200E}',
            '\u{200F}',
            '\u{202A}',
            '\u{202E}',
            '\u{2066}',
            '\u{2069}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{E0001}',
            '\u{E007F}',
        ] {
            assert!(is_format(c), "{:04X}", u32::from(c));
        }
        for c in [
            'a',
            '-',
            ' ',
            '\u{00AC}',
            '\u{00AE}',
            '\u{2010}',
            '\u{2065}',
            '\u{2070}',
            '\u{FFFC}',
            '\u{E0000}',
            '\u{E0080}',
            '\u{10FFFF}',
            'é',
            '日',
            '😀',
        ] {
            assert!(!is_format(c), "{:04X}", u32::from(c));
        }
    }

    #[test]
    fn hidden_characters() {
        let hidden = (0..=0x1F)
            .chain(0x7F..=0x9F)
            .chain([0x2028, 0x2029, 0x202E]);
        for cp in hidden {
            assert!(is_hidden(char::from_u32(cp).unwrap_or('a')), "{cp:04X}");
        }
        for c in [' ', '~', '\u{00A0}', '\u{00A1}', 'é', '😀'] {
            assert!(!is_hidden(c), "{:04X}", u32::from(c));
        }
    }

    #[test]
    fn literals() {
        assert_eq!(json_string("meshes-api"), r#""meshes-api""#);
        assert_eq!(json_string("a\"b\\c/d"), r#""a\"b\\c/d""#);
        assert_eq!(json_string("\u{1B}[2J\u{9B}31m"), r#""\u001B[2J\u009B31m""#);
        assert_eq!(json_string("\n\t\r\u{7F}"), r#""\u000A\u0009\u000D\u007F""#);
        assert_eq!(
            json_string("abc\u{202E}gnp.exe\u{2066}x\u{2069}\u{200D}"),
            r#""abc\u202Egnp.exe\u2066x\u2069\u200D""#
        );
        assert_eq!(json_string("tag\u{E0041}"), r#""tag\uDB40\uDC41""#);
        assert_eq!(json_string("é日😀\u{00A0}"), "\"é日😀\u{00A0}\"");
        assert_eq!(json_string(""), r#""""#);
    }
}
