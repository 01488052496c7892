//! Re-indenting JSON exactly as it is in a token: keys in token order, duplicate keys,
//! escapes and numbers untouched, only the white space between tokens replaced. A parsed
//! `serde_json::Value` would sort keys, merge duplicates and round big numbers, which hides
//! the very things one decodes a token to see.

/// Spaces per nesting level, as `serde_json::to_string_pretty` uses.
const INDENT: &[u8] = b"  ";

/// `json` (already checked to be valid JSON) pretty-printed, as if nested `depth` levels deep:
/// the first line is not indented, the following ones are. Returns `None` only if `json`
/// was not valid UTF-8.
pub(crate) fn reindent(json: &[u8], depth: usize) -> Option<String> {
    let mut out = Vec::with_capacity(json.len().saturating_mul(2));
    let mut depth = depth;
    let mut in_string = false;
    let mut escaped = false;
    let mut bytes = json.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'"' => {
                in_string = true;
                out.push(b);
            }
            b'{' | b'[' => {
                while bytes.next_if(|b| is_json_space(*b)).is_some() {}
                let close = if b == b'{' { b'}' } else { b']' };
                out.push(b);
                if bytes.next_if_eq(&close).is_some() {
                    out.push(close);
                } else {
                    depth = depth.saturating_add(1);
                    newline(&mut out, depth);
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b);
            }
            b',' => {
                out.push(b);
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(b),
        }
    }
    String::from_utf8(out).ok()
}

const fn is_json_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn newline(out: &mut Vec<u8>, depth: usize) {
    out.push(b'\n');
    for _ in 0..depth {
        out.extend_from_slice(INDENT);
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
    fn keeps_order_duplicates_escapes_and_numbers() {
        let json = br#"{"z":1,"a":"\u0041\"","z":18446744073709551616000}"#;
        assert_eq!(
            reindent(json, 0).unwrap(),
            "{\n  \"z\": 1,\n  \"a\": \"\\u0041\\\"\",\n  \"z\": 18446744073709551616000\n}"
        );
    }

    #[test]
    fn indents_from_the_given_depth() {
        assert_eq!(
            reindent(br#"{"a":[1]}"#, 1).unwrap(),
            "{\n    \"a\": [\n      1\n    ]\n  }"
        );
    }
}
