//! Fast paths for tokens in the layout [`Signer`](crate::Signer) writes (`jsonwebtoken`'s key
//! order, no white space): the header `{"alg":"HS256","typ":"JWT","kid":"<kid>"}` and the
//! payload `{"iss":"urn:meshes:m2m:<kid>","aud":"meshes-api","org":"<org>","iat":<n>,"exp":<n>}`.
//!
//! They decide how fast a token is read, never what is read: each recognizes its exact bytes
//! and returns what the general reader (`json.rs`) returns for them, and anything else (valid
//! JSON with one space more, an escape, another key order) is `None`, for the general reader
//! to judge. The unit tests below check both claims against the general reader on canonical
//! and mutated input, and the fuzz targets compare `verify` with an independent model.
//!
//! `verify.rs`'s `read_canonical` puts them together: a whole token in this layout is read in
//! one pass, its constant starts compared as base64 rather than decoded.
//!
//! Not on WebAssembly nor bare metal: there size is budgeted and speed is not, so every
//! token takes the general path.

use crate::FAST_PATHS;
use crate::b64;
use crate::json::ISS_PREFIX;
use crate::swar::{find_string_end, leading_digits};
use crate::validate::{MAX_ORG_ID_LEN, is_access_key};

/// base64url of the header's first 33 bytes, `{"alg":"HS256","typ":"JWT","kid":`: eleven
/// whole quanta, so the rest of the segment decodes on its own.
pub(crate) const HEADER_B64_START: &[u8; 44] = b"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6";

/// The payload's first 21 bytes, `{"iss":"urn:meshes:m2`, and their base64url: seven whole
/// quanta, so the rest of a canonical payload segment decodes on its own.
const PAYLOAD_JSON_START: &[u8; 21] = br#"{"iss":"urn:meshes:m2"#;
const PAYLOAD_B64_START: &[u8; 28] = b"eyJpc3MiOiJ1cm46bWVzaGVzOm0y";

/// The JSON of a payload segment that starts as a canonical payload does, decoded into `buf`
/// (at most [`PAYLOAD_CAP`] bytes); `None` for any other segment, which [`payload`] would
/// refuse anyway. Its first 28 characters are compared, not decoded: base64url being
/// canonical here, a segment decodes to these 21 bytes exactly when it starts with them.
pub(crate) fn payload_json<'b>(segment: &[u8], buf: &'b mut [u8; PAYLOAD_CAP]) -> Option<&'b [u8]> {
    if !FAST_PATHS {
        return None;
    }
    let rest = segment.strip_prefix(PAYLOAD_B64_START)?;
    let (start, room) = buf.split_first_chunk_mut::<21>()?;
    *start = *PAYLOAD_JSON_START;
    let len = b64::decode(rest, room).ok()?.len();
    buf.get(..len.checked_add(PAYLOAD_JSON_START.len())?)
}

/// Room for the decoded rest of a canonical header, `"<kid>"}`, at the longest kid.
pub(crate) const HEADER_TAIL_CAP: usize = crate::validate::MAX_ACCESS_KEY_LEN + 3;

/// The `kid` of a canonical header segment (checked against the access-key rules), decoded
/// into `buf`; `None` for any other header.
///
/// For such a header the general path finds `alg` HS256, `typ` JWT, no `crit` and this `kid`,
/// so every header check passes and only the `kid` is needed.
pub(crate) fn header_kid<'b>(
    segment: &[u8],
    buf: &'b mut [u8; HEADER_TAIL_CAP],
) -> Option<&'b [u8]> {
    if !FAST_PATHS {
        return None;
    }
    header_kid_after_start(segment.strip_prefix(HEADER_B64_START)?, buf)
}

/// [`header_kid`] for the rest of a header segment after [`HEADER_B64_START`].
pub(crate) fn header_kid_after_start<'b>(
    rest: &[u8],
    buf: &'b mut [u8; HEADER_TAIL_CAP],
) -> Option<&'b [u8]> {
    let tail = b64::decode(rest, buf).ok()?;
    let kid = tail.strip_prefix(b"\"")?.strip_suffix(b"\"}")?;
    // Access-key bytes are plain ASCII: no quote, escape or control byte can hide in the kid.
    is_access_key(kid).then_some(kid)
}

/// The JSON around the members of a canonical payload, in order.
const PAYLOAD_START: &[u8] = br#"{"iss":""#;
const PAYLOAD_AUD_ORG: &[u8] = br#"","aud":"meshes-api","org":""#;
const PAYLOAD_IAT: &[u8] = br#"","iat":"#;
const PAYLOAD_EXP: &[u8] = br#","exp":"#;

/// The longest payload [`payload`] accepts, in bytes: every member at its longest.
pub(crate) const PAYLOAD_CAP: usize = PAYLOAD_START.len()
    + ISS_PREFIX.len()
    + crate::validate::MAX_ACCESS_KEY_LEN
    + PAYLOAD_AUD_ORG.len()
    + MAX_ORG_ID_LEN
    + PAYLOAD_IAT.len()
    + MAX_DIGITS
    + PAYLOAD_EXP.len()
    + MAX_DIGITS
    + 1;

/// The members of a canonical payload whose `iss` names `kid`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Payload<'p> {
    /// `urn:meshes:m2m:<kid>`.
    pub(crate) iss: &'p [u8],
    /// At most [`MAX_ORG_ID_LEN`] ASCII bytes, none of them `"`, `\` or a control byte.
    pub(crate) org: &'p [u8],
    pub(crate) iat: u64,
    pub(crate) exp: u64,
}

/// Reads a canonical payload whose `iss` is `urn:meshes:m2m:<kid>`; `None` for any other.
///
/// For such a payload the general reader finds the same `iss`, `org`, `iat` and `exp`, `aud`
/// equal to `meshes-api`, and no `nbf`: the text is ASCII (so valid UTF-8), has each member
/// once, no escape, and integers of at most 16 digits without a leading zero (so no overflow).
pub(crate) fn payload<'p>(json: &'p [u8], kid: &[u8]) -> Option<Payload<'p>> {
    if !FAST_PATHS {
        return None;
    }
    let rest = json.strip_prefix(PAYLOAD_START)?;
    let (iss, rest) = rest.split_at_checked(ISS_PREFIX.len().checked_add(kid.len())?)?;
    if iss.strip_prefix(ISS_PREFIX)? != kid {
        return None;
    }
    let rest = rest.strip_prefix(PAYLOAD_AUD_ORG)?;
    let (org, rest) = rest.split_at_checked(find_string_end(rest)?)?;
    if org.len() > MAX_ORG_ID_LEN || !org.is_ascii() {
        return None;
    }
    let rest = rest.strip_prefix(PAYLOAD_IAT)?;
    let (iat, rest) = integer(rest)?;
    let rest = rest.strip_prefix(PAYLOAD_EXP)?;
    let (exp, rest) = integer(rest)?;
    (rest == b"}").then_some(Payload { iss, org, iat, exp })
}

/// The longest integer [`payload`] reads: 16 digits cannot overflow a `u64`, and every time
/// up to [`MAX_TIME`](crate::MAX_TIME) has at most 16.
const MAX_DIGITS: usize = 16;

/// A JSON integer at the start of `text` (`0`, or 1 to 16 digits not starting with `0`) and
/// the bytes after it. A `0` followed by a digit is returned as `0`: the caller's next
/// `strip_prefix` refuses the digit, as JSON does.
fn integer(text: &[u8]) -> Option<(u64, &[u8])> {
    let digits = count_digits(text);
    let (number, rest) = text.split_at_checked(digits)?;
    match number {
        [] => None,
        [b'0', ..] => Some((0, text.get(1..)?)),
        _ if digits > MAX_DIGITS => None,
        _ => Some((value(text, digits), rest)),
    }
}

/// The number of ASCII digits at the start of `text`, eight at a time while eight bytes are
/// there to read (`swar::leading_digits`), then one at a time; counting stops once it is past
/// `MAX_DIGITS`, which the caller refuses whatever the exact count.
fn count_digits(text: &[u8]) -> usize {
    let mut counted = 0usize;
    let mut rest = text;
    while let Some((word, after)) = rest.split_first_chunk::<8>() {
        let n = leading_digits(u64::from_le_bytes(*word));
        counted = counted.saturating_add(n);
        if n < 8 || counted > MAX_DIGITS {
            return counted;
        }
        rest = after;
    }
    counted.saturating_add(rest.iter().take_while(|b| b.is_ascii_digit()).count())
}

/// The value of the `digits` (1 to 16) ASCII digits at the start of `text`: eight at a time
/// from whole words when `text` has eight bytes to read, else one at a time.
fn value(text: &[u8], digits: usize) -> u64 {
    if let Some(first) = text.first_chunk::<8>() {
        let first = u64::from_le_bytes(*first);
        if digits <= 8 {
            return eight(first, digits);
        }
        let low_start = digits.saturating_sub(8);
        if let Some(low) = text.get(low_start..).and_then(<[u8]>::first_chunk::<8>) {
            return eight(first, low_start)
                .wrapping_mul(100_000_000)
                .wrapping_add(eight(u64::from_le_bytes(*low), 8));
        }
    }
    text.iter().take(digits).fold(0u64, |n, d| {
        n.wrapping_mul(10)
            .wrapping_add(u64::from(d.wrapping_sub(b'0')))
    })
}

/// The value of the first `n` (0 to 8) bytes of `word`, read little-endian, which are ASCII
/// digits, the first the most significant. Shifting left by the bytes not used drops them and
/// leaves zeros, leading zeros of the number, in their place; then pairs, quads and the two
/// halves are combined with three multiplications (the SWAR method of `simdjson`'s
/// `parse_eight_digits_unrolled`).
#[inline(always)]
const fn eight(word: u64, n: usize) -> u64 {
    if n == 0 {
        return 0;
    }
    // At most 56: the cast cannot truncate.
    #[allow(clippy::cast_possible_truncation)]
    let unused = 8_usize.saturating_sub(n).wrapping_mul(8) as u32;
    let v = (word ^ 0x3030_3030_3030_3030).wrapping_shl(unused);
    // Each even byte becomes 10 × itself + the next: the pairs' values, in bytes 0, 2, 4, 6.
    let v = v.wrapping_mul(10).wrapping_add(v >> 8);
    const MASK: u64 = 0x0000_00ff_0000_00ff;
    const MUL1: u64 = 100 + (1_000_000 << 32);
    const MUL2: u64 = 1 + (10_000 << 32);
    ((v & MASK)
        .wrapping_mul(MUL1)
        .wrapping_add(((v >> 16) & MASK).wrapping_mul(MUL2)))
        >> 32
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )]

    extern crate std;

    use base64ct::{Base64UrlUnpadded, Encoding};
    use proptest::prelude::*;
    use std::string::{String, ToString};
    use std::vec;
    use std::vec::Vec;

    use super::{HEADER_B64_START, HEADER_TAIL_CAP, Payload, header_kid, payload};
    use crate::json;

    /// What the general path makes of a header: `Some(kid)` when every header check passes.
    fn general_header(json: &[u8]) -> Option<Vec<u8>> {
        let h = json::read_header(json).ok()?;
        let ok = h.alg.get() == Some(b"HS256")
            && !h.crit
            && (!h.typ.is_present() || h.typ.get() == Some(b"JWT"))
            && h.kid
                .get()
                .is_some_and(|k| crate::check_access_key(k).is_ok());
        ok.then(|| h.kid.get().unwrap().to_vec())
    }

    /// The fast header path on a JSON header: `Some` only when the general path agrees.
    fn check_header(json: &[u8]) -> Option<Vec<u8>> {
        let segment = Base64UrlUnpadded::encode_string(json);
        let mut buf = [0u8; HEADER_TAIL_CAP];
        let fast = header_kid(segment.as_bytes(), &mut buf).map(<[u8]>::to_vec);
        if let Some(kid) = &fast {
            assert_eq!(general_header(json).as_ref(), Some(kid), "{json:?}");
        }
        fast
    }

    fn check_payload<'p>(json: &'p [u8], kid: &[u8]) -> Option<Payload<'p>> {
        let fast = payload(json, kid);
        if let Some(fast) = &fast {
            let p = json::read_payload(json).unwrap();
            assert_eq!(p.iss.get(), Some(fast.iss), "{json:?}");
            assert_eq!(p.org.get(), Some(fast.org));
            assert_eq!(p.aud, Some(true));
            assert_eq!(
                (p.iat, p.exp, p.nbf),
                (Some(fast.iat), Some(fast.exp), None)
            );
            assert_eq!(fast.iss.strip_prefix(json::ISS_PREFIX), Some(kid));
        }
        fast
    }

    fn canonical_payload(kid: &str, org: &str, iat: &str, exp: &str) -> String {
        std::format!(
            r#"{{"iss":"urn:meshes:m2m:{kid}","aud":"meshes-api","org":"{org}","iat":{iat},"exp":{exp}}}"#
        )
    }

    #[test]
    fn the_start_is_the_signers() {
        let json = br#"{"alg":"HS256","typ":"JWT","kid":"#;
        assert_eq!(
            Base64UrlUnpadded::encode_string(json).as_bytes(),
            HEADER_B64_START
        );
        let signer = crate::Signer::new("AK", "secret", "org").unwrap();
        let mut buf = [0u8; crate::MAX_TOKEN_LEN];
        let token = signer.sign(1, 1, &mut buf).unwrap();
        assert!(token.as_bytes().starts_with(HEADER_B64_START));
    }

    /// The integer as the first version read it, one digit at a time.
    fn reference_integer(text: &[u8]) -> Option<(u64, &[u8])> {
        let digits = text
            .iter()
            .take(17)
            .take_while(|b| b.is_ascii_digit())
            .count();
        let (number, rest) = text.split_at(digits);
        match number {
            [] => None,
            [b'0', ..] => Some((0, &text[1..])),
            _ if digits > 16 => None,
            _ => Some((
                number
                    .iter()
                    .fold(0u64, |n, d| n * 10 + u64::from(d - b'0')),
                rest,
            )),
        }
    }

    #[test]
    fn integers_exact() {
        for (text, want) in [
            (
                &b"1767225600,\"exp\":1"[..],
                Some((1_767_225_600, &b",\"exp\":1"[..])),
            ),
            (b"1767225630}", Some((1_767_225_630, &b"}"[..]))),
            (b"12345678}", Some((12_345_678, &b"}"[..]))),
            (b"123456789}", Some((123_456_789, &b"}"[..]))),
            (
                b"9007199254740991}",
                Some((9_007_199_254_740_991, &b"}"[..])),
            ),
            (b"9999999999999999", Some((9_999_999_999_999_999, &b""[..]))),
            (b"99999999999999999", None),
            (b"1", Some((1, &b""[..]))),
            (b"0123456789", Some((0, &b"123456789"[..]))),
            (b"x1234567890", None),
        ] {
            assert_eq!(super::integer(text), want, "{text:?}");
            assert_eq!(reference_integer(text), want, "{text:?}");
        }
    }

    #[test]
    fn the_payload_start_is_the_signers() {
        assert_eq!(
            Base64UrlUnpadded::encode_string(super::PAYLOAD_JSON_START).as_bytes(),
            super::PAYLOAD_B64_START
        );
        assert!(super::PAYLOAD_JSON_START.starts_with(super::PAYLOAD_START));
        let json = canonical_payload("AK", "org", "1", "2");
        let segment = Base64UrlUnpadded::encode_string(json.as_bytes());
        let mut buf = [0u8; super::PAYLOAD_CAP];
        assert_eq!(
            super::payload_json(segment.as_bytes(), &mut buf),
            Some(json.as_bytes())
        );
        // Any other start, or a rest that is not base64url, is not read.
        let other = Base64UrlUnpadded::encode_string(br#"{"aud":"meshes-api"}"#);
        assert_eq!(super::payload_json(other.as_bytes(), &mut buf), None);
        assert_eq!(
            super::payload_json(std::format!("{segment}.").as_bytes(), &mut buf),
            None
        );
        // The longest canonical payload fits exactly.
        let longest = std::format!(
            r#"{{"iss":"urn:meshes:m2m:{}","aud":"meshes-api","org":"{}","iat":{},"exp":{}}}"#,
            "k".repeat(128),
            "o".repeat(64),
            "1".repeat(16),
            "2".repeat(16)
        );
        assert_eq!(longest.len(), super::PAYLOAD_CAP);
        let segment = Base64UrlUnpadded::encode_string(longest.as_bytes());
        let json = super::payload_json(segment.as_bytes(), &mut buf).unwrap();
        assert!(payload(json, &[b'k'; 128]).is_some());
    }

    #[test]
    fn canonical_headers() {
        let kid = check_header(br#"{"alg":"HS256","typ":"JWT","kid":"AK7f3kQ9mZ2pL8xR4tV6"}"#);
        assert_eq!(kid.as_deref(), Some(&b"AK7f3kQ9mZ2pL8xR4tV6"[..]));
        let long = std::format!(
            r#"{{"alg":"HS256","typ":"JWT","kid":"{}"}}"#,
            "k".repeat(128)
        );
        assert_eq!(check_header(long.as_bytes()), Some(vec![b'k'; 128]));
        for kid in ["A", "AB", "ABC", "a.b_c-d", "0"] {
            let json = std::format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{kid}"}}"#);
            assert_eq!(
                check_header(json.as_bytes()).as_deref(),
                Some(kid.as_bytes())
            );
        }
    }

    #[test]
    fn other_headers_take_the_general_path() {
        let too_long = std::format!(
            r#"{{"alg":"HS256","typ":"JWT","kid":"{}"}}"#,
            "k".repeat(129)
        );
        for json in [
            &br#"{"alg":"HS256","typ":"JWT","kid":""}"#[..],
            br#"{"alg":"HS256","typ":"JWT","kid":"A\u0042"}"#,
            br#"{"alg":"HS256","typ":"JWT","kid":"A"} "#,
            br#"{"alg":"HS256","typ":"JWT","kid":"A","crit":["x"]}"#,
            br#"{"alg":"HS256","typ":"JWT","kid":"A B"}"#,
            br#"{"alg":"HS256","typ":"JWT","kid":"A"}}"#,
            br#"{"alg":"HS256","typ":"JWT","kid":"A""#,
            br#"{"alg":"HS256","typ":"JWT","kid":"A"]"#,
            br#"{"alg":"HS256","typ":"JWT","kid":1}"#,
            br#"{"alg":"HS256","typ":"JWT","kid":"A","kid":"A"}"#,
            br#"{"alg":"HS256","typ":"JWT","kid":"A\"}"#,
            br#"{"alg":"HS256","typ":"JWT","kid":"\u00e9"}"#,
            "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"\u{e9}\"}".as_bytes(),
            br#"{"typ":"JWT","alg":"HS256","kid":"A"}"#,
            br#"{"alg":"HS256","typ":"JWT","kid": "A"}"#,
            too_long.as_bytes(),
        ] {
            assert_eq!(check_header(json), None, "{json:?}");
        }
        // Non-canonical base64 of a canonical header: the last character's spare bits set.
        let mut segment =
            Base64UrlUnpadded::encode_string(br#"{"alg":"HS256","typ":"JWT","kid":"A"}"#);
        assert!(segment.ends_with("fQ"));
        segment.replace_range(segment.len() - 1.., "R");
        assert_eq!(
            header_kid(segment.as_bytes(), &mut [0; HEADER_TAIL_CAP]),
            None
        );
    }

    #[test]
    fn canonical_payloads() {
        let org = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
        for (iat, exp, want) in [
            (
                "1767225600",
                "1767225630",
                Some((1_767_225_600, 1_767_225_630)),
            ),
            ("0", "1", Some((0, 1))),
            (
                "9007199254740991",
                "9999999999999999",
                Some((9_007_199_254_740_991, 9_999_999_999_999_999)),
            ),
            ("10000000000000000", "1", None),
            ("01", "2", None),
            ("1", "-2", None),
            ("1.0", "2", None),
            ("1e3", "2", None),
            ("", "2", None),
            ("1", "2 ", None),
        ] {
            let json = canonical_payload("AK", org, iat, exp);
            let got = check_payload(json.as_bytes(), b"AK").map(|p| (p.iat, p.exp));
            assert_eq!(got, want, "{json}");
        }
        for org in ["", "x", "ABC", "-a-", "é", "a\\u0062", "a b"] {
            let json = canonical_payload("AK", org, "1", "2");
            let got = check_payload(json.as_bytes(), b"AK").map(|p| p.org);
            let plain = !org.contains('\\') && org.is_ascii();
            assert_eq!(got, plain.then_some(org.as_bytes()), "{json}");
        }
        let long_org = "o".repeat(65);
        assert_eq!(
            check_payload(
                canonical_payload("AK", &long_org, "1", "2").as_bytes(),
                b"AK"
            ),
            None
        );
        // Another kid in iss, or an extra member, goes to the general reader.
        assert_eq!(
            check_payload(canonical_payload("AK", "o", "1", "2").as_bytes(), b"AKX"),
            None
        );
        assert_eq!(
            check_payload(canonical_payload("AKX", "o", "1", "2").as_bytes(), b"AK"),
            None
        );
        let extra =
            br#"{"iss":"urn:meshes:m2m:AK","aud":"meshes-api","org":"o","iat":1,"exp":2,"nbf":1}"#;
        assert_eq!(check_payload(extra, b"AK"), None);
    }

    /// One byte of a canonical header or payload changed, removed or inserted: whatever the
    /// fast path accepts, the general path reads the same way (`check_*` assert it).
    fn mutated(text: &[u8], at: usize, op: u8, byte: u8) -> Vec<u8> {
        let mut out = text.to_vec();
        let at = at % (out.len() + 1);
        match op % 3 {
            0 if at < out.len() => out[at] = byte,
            1 if at < out.len() => {
                out.remove(at);
            }
            _ => out.insert(at, byte),
        }
        out
    }

    fn interesting_byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            Just(b'"'),
            Just(b'\\'),
            Just(b' '),
            Just(b'}'),
            Just(b','),
            Just(b'0'),
            Just(b'9'),
            Just(b'.'),
            Just(b'-'),
            Just(b'A'),
            Just(0x1f_u8),
            Just(0x80_u8),
            any::<u8>()
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

        /// The word-at-a-time integer reader agrees with the byte loop on any digits followed
        /// by anything, at any length.
        #[test]
        fn integers_agree(digits in "[0-9]{0,20}", after in prop::collection::vec(interesting_byte(), 0..12)) {
            let mut text = digits.into_bytes();
            text.extend_from_slice(&after);
            prop_assert_eq!(super::integer(&text), reference_integer(&text));
        }

        #[test]
        fn mutated_headers_agree(kid in "[A-Za-z0-9._-]{1,130}", at in any::<usize>(),
                                 ops in prop::collection::vec((any::<u8>(), interesting_byte()), 0..3)) {
            let mut json = std::format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{kid}"}}"#).into_bytes();
            for (op, byte) in ops {
                json = mutated(&json, at, op, byte);
            }
            check_header(&json);
        }

        #[test]
        fn mutated_payloads_agree(kid in "[A-Za-z0-9._-]{1,20}", org in "[a-z0-9-]{0,70}",
                                  iat in any::<u64>(), exp in 0_u64..100, at in any::<usize>(),
                                  ops in prop::collection::vec((any::<u8>(), interesting_byte()), 0..3)) {
            let mut json = canonical_payload(&kid, &org, &iat.to_string(), &exp.to_string()).into_bytes();
            for (op, byte) in ops {
                json = mutated(&json, at, op, byte);
            }
            check_payload(&json, kid.as_bytes());
        }
    }
}
