//! Reading a token the way people paste one: from an argument or standard input, with
//! surrounding white space, a `Bearer ` or a whole `Authorization: Bearer ` prefix. Also
//! splitting and decoding its segments without verifying anything, for `decode` and for
//! `verify`'s explanations.

use std::ffi::OsString;
use std::io::{self, IsTerminal, Read, Write};

use base64ct::{Base64UrlUnpadded, Encoding};

use crate::credentials::os_bytes;
use crate::error::Failure;

/// Bytes read from standard input at most; far above any token the core accepts
/// ([`meshes_token_core::MAX_VERIFY_LEN`]), so a longer input is an error, not a cut.
const STDIN_LIMIT: u64 = 64 * 1024;

/// Whether a token argument asks for standard input: none at all, or `-`.
pub(crate) fn is_stdin(arg: Option<&OsString>) -> bool {
    arg.is_none_or(|arg| arg == "-")
}

/// The token from `arg`, or from standard input when [`is_stdin`], cleaned by [`clean`].
pub(crate) fn read(arg: Option<OsString>) -> Result<Vec<u8>, Failure> {
    let raw = match arg {
        Some(arg) if arg != "-" => os_bytes(arg, "TOKEN")?,
        _ => read_stdin()?,
    };
    Ok(clean(&raw).to_vec())
}

fn read_stdin() -> Result<Vec<u8>, Failure> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        // Waiting silently on a terminal looks like a hang.
        let _ = writeln!(
            io::stderr(),
            "meshes-token: reading the token from standard input (end with Ctrl-D)"
        );
    }
    let mut raw = Vec::new();
    stdin
        .lock()
        .take(STDIN_LIMIT.saturating_add(1))
        .read_to_end(&mut raw)
        .map_err(|error| Failure::Invalid(format!("cannot read standard input: {error}")))?;
    if u64::try_from(raw.len()).unwrap_or(u64::MAX) > STDIN_LIMIT {
        return Err(Failure::Invalid(format!(
            "standard input is longer than {STDIN_LIMIT} bytes: not a token"
        )));
    }
    Ok(raw)
}

/// Strips surrounding white space, then an optional `Authorization:` and an optional
/// `Bearer ` prefix (both case-insensitive).
pub(crate) fn clean(input: &[u8]) -> &[u8] {
    let token = input.trim_ascii();
    let token =
        strip_prefix_ignore_case(token, b"authorization:").map_or(token, <[u8]>::trim_ascii_start);
    match strip_prefix_ignore_case(token, b"bearer") {
        Some(rest) if rest.first().is_some_and(u8::is_ascii_whitespace) => rest.trim_ascii_start(),
        _ => token,
    }
}

fn strip_prefix_ignore_case<'a>(input: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let (head, rest) = input.split_at_checked(prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then_some(rest)
}

/// The header, payload and signature segments of a compact token, still encoded.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Segments<'t> {
    /// First segment: base64url of the header JSON.
    pub(crate) header: &'t [u8],
    /// Second segment: base64url of the payload JSON.
    pub(crate) payload: &'t [u8],
}

/// Splits a token into its segments; `None` unless there are exactly three.
pub(crate) fn split(token: &[u8]) -> Option<Segments<'_>> {
    let mut parts = token.split(|&b| b == b'.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(header), Some(payload), Some(_signature), None) => Some(Segments { header, payload }),
        _ => None,
    }
}

/// Decodes one segment (canonical base64url without padding) and checks that it is JSON,
/// returning its bytes as they are in the token. The error says why, without echoing input.
pub(crate) fn decode_json(segment: &[u8]) -> Result<Vec<u8>, String> {
    // Unpadded base64url decodes to at most 3 bytes per 4 characters, plus 2 for the tail.
    let mut buf = vec![0u8; (segment.len() / 4).saturating_mul(3).saturating_add(3)];
    let len = Base64UrlUnpadded::decode(segment, &mut buf)
        .map_err(|_| String::from("not canonical base64url without padding"))?
        .len();
    buf.truncate(len);
    serde_json::from_slice::<serde_json::Value>(&buf)
        .map_err(|error| format!("not JSON ({error})"))?;
    Ok(buf)
}

/// A top-level integer field of the payload, read without verifying the token: for saying
/// by how much a token has expired once `verify` has said that it has.
pub(crate) fn payload_u64(token: &[u8], field: &str) -> Option<u64> {
    let payload = decode_json(split(token)?.payload).ok()?;
    serde_json::from_slice::<serde_json::Value>(&payload)
        .ok()?
        .get(field)?
        .as_u64()
}

/// A top-level string field of the header, read without verifying the token, if short
/// enough to quote in a message.
pub(crate) fn header_str(token: &[u8], field: &str) -> Option<String> {
    let header = decode_json(split(token)?.header).ok()?;
    let value = serde_json::from_slice::<serde_json::Value>(&header)
        .ok()?
        .get(field)?
        .as_str()?
        .to_owned();
    (value.len() <= 32).then_some(value)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn clean_accepts_what_people_paste() {
        for input in [
            "abc.def.ghi",
            "  abc.def.ghi\n",
            "Bearer abc.def.ghi",
            "bearer   abc.def.ghi\r\n",
            "BEARER\tabc.def.ghi",
            "Authorization: Bearer abc.def.ghi",
            "authorization:bearer abc.def.ghi",
            "\t AUTHORIZATION:  bearer abc.def.ghi \n",
        ] {
            assert_eq!(clean(input.as_bytes()), b"abc.def.ghi", "{input:?}");
        }
        assert_eq!(clean(b"Bearer"), b"Bearer");
        assert_eq!(clean(b"Bearerabc"), b"Bearerabc");
        assert_eq!(clean(b""), b"");
    }

    #[test]
    fn split_wants_exactly_three_segments() {
        let segments = split(b"a.b.c").unwrap();
        assert_eq!((segments.header, segments.payload), (&b"a"[..], &b"b"[..]));
        assert!(split(b"a.b").is_none());
        assert!(split(b"a.b.c.d").is_none());
        assert!(split(b"").is_none());
    }

    #[test]
    fn decode_json_keeps_the_bytes() {
        assert_eq!(decode_json(b"eyJhIjoxfQ").unwrap(), br#"{"a":1}"#);
        assert!(decode_json(b"eyJhIjoxfQ==").is_err());
        assert!(decode_json(b"bm90IGpzb24").is_err()); // "not json"
    }
}
