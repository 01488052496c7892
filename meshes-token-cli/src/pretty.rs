//! Re-indenting JSON as it is in a token: keys in token order, duplicate keys and numbers
//! untouched, the white space between tokens replaced. A parsed `serde_json::Value` would
//! sort keys, merge duplicates and round big numbers, which hides the very things one decodes
//! a token to see.
//!
//! Strings (keys and values) are decoded and shown the way `jq` shows them (`"meshes-api"`,
//! not `"meshes\u002Dapi"`), except that every control, format (bidi, zero-width) and line
//! separator character is a `\uXXXX` escape ([`escape`]): a token must not be able to move
//! the cursor, recolour or reorder what the terminal shows.

use crate::escape;

/// Spaces per nesting level, as `serde_json::to_string_pretty` uses.
const INDENT: &str = "  ";

/// `json` (already checked to be valid JSON) pretty-printed, as if nested `depth` levels deep:
/// the first line is not indented, the following ones are. Returns `None` only if `json` is
/// not UTF-8 or holds a string that is not valid JSON (an unknown escape, a lone surrogate,
/// no closing quote), which a JSON check before rules out.
pub(crate) fn reindent(json: &[u8], depth: usize) -> Option<String> {
    let mut out = String::with_capacity(json.len().saturating_mul(2));
    let mut depth = depth;
    let mut bytes = json.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'"' => {
                let mut raw = Vec::new();
                let mut escaped = false;
                loop {
                    let b = bytes.next()?;
                    if !escaped && b == b'"' {
                        break;
                    }
                    escaped = !escaped && b == b'\\';
                    raw.push(b);
                }
                escape::push_json_string(&mut out, &unescape(&raw)?);
            }
            b'{' | b'[' => {
                while bytes.next_if(|b| is_json_space(*b)).is_some() {}
                let close = if b == b'{' { b'}' } else { b']' };
                out.push(char::from(b));
                if bytes.next_if_eq(&close).is_some() {
                    out.push(char::from(close));
                } else {
                    depth = depth.saturating_add(1);
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(char::from(b));
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            // Outside strings valid JSON is ASCII (numbers, true, false, null).
            _ if b.is_ascii() => out.push(char::from(b)),
            _ => return None,
        }
    }
    Some(out)
}

/// The text of a JSON string's body (between the quotes), its escapes decoded. `None` when
/// it is not valid JSON: not UTF-8, an unknown or short escape, a lone surrogate.
fn unescape(raw: &[u8]) -> Option<String> {
    let raw = std::str::from_utf8(raw).ok()?;
    let mut text = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        let decoded = match chars.next()? {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{C}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let unit = hex4(&mut chars)?;
                if (0xD800..0xDC00).contains(&unit) {
                    // A high surrogate must be followed by an escaped low one.
                    if (chars.next()?, chars.next()?) != ('\\', 'u') {
                        return None;
                    }
                    let low = hex4(&mut chars)?;
                    char::decode_utf16([unit, low]).next()?.ok()?
                } else {
                    char::from_u32(u32::from(unit))?
                }
            }
            _ => return None,
        };
        text.push(decoded);
    }
    Some(text)
}

/// Four hex digits of a `\u` escape.
fn hex4(chars: &mut std::str::Chars<'_>) -> Option<u16> {
    let mut unit: u16 = 0;
    for _ in 0..4 {
        let digit = u16::try_from(chars.next()?.to_digit(16)?).ok()?;
        unit = unit.checked_mul(16)?.checked_add(digit)?;
    }
    Some(unit)
}

const fn is_json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn newline(out: &mut String, depth: usize) {
    out.push('\n');
    for _ in 0..depth {
        out.push_str(INDENT);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::reindent;

    #[test]
    fn matches_serde_json_pretty_on_sorted_input() {
        for json in [
            r#"{"a":1,"b":[1,2,{"c":null}],"d":{},"e":[],"f":"x,y:{z}"}"#,
            r#"  { "a" : [ ] , "b" : { } , "c" : [ [ 1 ] ] }  "#,
            r#"{"aud":"meshes-api","exp":1767225630,"iat":1767225600,"iss":"urn:meshes:m2m:AK"}"#,
            r#"[true,false,null,-1.5,"\"quoted\" \\ back"]"#,
            r#""just a string""#,
            "42",
        ] {
            let value: serde_json::Value = serde_json::from_str(json).unwrap();
            let expected = serde_json::to_string_pretty(&value).unwrap();
            assert_eq!(reindent(json.as_bytes(), 0).unwrap(), expected, "{json}");
        }
    }

    #[test]
    fn keeps_order_duplicates_and_numbers() {
        let json = br#"{"z":1,"a":"\u0041\"","z":18446744073709551616000}"#;
        assert_eq!(
            reindent(json, 0).unwrap(),
            "{\n  \"z\": 1,\n  \"a\": \"A\\\"\",\n  \"z\": 18446744073709551616000\n}"
        );
    }

    #[test]
    fn decodes_strings_and_escapes_what_acts_on_a_terminal() {
        let json = r#"{"m\u0065shes\/\u002d":"tab\there\u001b[31m\u009b\u202e\ud83d\ude00\\","\u2066":"é\u200d"}"#;
        assert_eq!(
            reindent(json.as_bytes(), 0).unwrap(),
            r#"{
  "meshes/-": "tab\u0009here\u001B[31m\u009B\u202E😀\\",
  "\u2066": "é\u200D"
}"#
        );
        // Raw (unescaped) C1 and bidi characters are escaped too.
        assert_eq!(
            reindent("[\"\u{9B}2J\u{202E}\u{2069}\"]".as_bytes(), 0).unwrap(),
            "[\n  \"\\u009B2J\\u202E\\u2069\"\n]"
        );
    }

    #[test]
    fn refuses_invalid_strings() {
        for json in [
            &br#""\x""#[..],
            br#""\u12""#,
            br#""\ud800""#,
            br#""\ud800\u0041""#,
            br#""\udc00""#,
            br#""open"#,
            b"\"\xff\"",
            "\u{e9}".as_bytes(),
        ] {
            assert_eq!(reindent(json, 0), None, "{json:?}");
        }
    }

    #[test]
    fn indents_from_the_given_depth() {
        assert_eq!(
            reindent(br#"{"a":[1]}"#, 1).unwrap(),
            "{\n    \"a\": [\n      1\n    ]\n  }"
        );
    }
}
