//! The token's JSON, the one place that knows its layout: `jsonwebtoken`'s key order, compact.
//!
//! header `{"alg":"HS256","typ":"JWT","kid":"<key>"}`, payload
//! `{"iss":"urn:meshes:m2m:<key>","aud":"meshes-api","org":"<org>","iat":<iat>,"exp":<exp>}`.
//! The payload is written in two parts: the prefix up to `"iat":`, the same for every token of a
//! `Signer`, and the times. Every capacity below follows from the input limits.

use crate::Error;
use crate::b64::encoded_len;
use crate::bytes::AsciiBuf;
use crate::hmac::MAC_LEN;
use crate::validate::{MAX_ACCESS_KEY_LEN, MAX_ORG_ID_LEN};

const HEADER_START: &[u8] = br#"{"alg":"HS256","typ":"JWT","kid":""#;
const HEADER_END: &[u8] = br#""}"#;
const ISS_START: &[u8] = br#"{"iss":"urn:meshes:m2m:"#;
const AUD_ORG: &[u8] = br#"","aud":"meshes-api","org":""#;
const IAT_KEY: &[u8] = br#"","iat":"#;
const EXP_KEY: &[u8] = br#","exp":"#;
const PAYLOAD_END: &[u8] = b"}";

/// Decimal digits of the largest time ([`crate::MAX_TIME`] has 16).
const MAX_TIME_DIGITS: usize = 16;
/// Length of the encoded signature, the token's third segment.
pub(crate) const SIG_B64_LEN: usize = encoded_len(MAC_LEN);

/// The header JSON at its longest.
pub(crate) const HEADER_JSON_CAP: usize =
    HEADER_START.len() + MAX_ACCESS_KEY_LEN + HEADER_END.len();
/// The payload prefix JSON (up to `"iat":`) at its longest.
pub(crate) const PAYLOAD_PREFIX_CAP: usize =
    ISS_START.len() + MAX_ACCESS_KEY_LEN + AUD_ORG.len() + MAX_ORG_ID_LEN + IAT_KEY.len();
/// `<iat>,"exp":<exp>}` at its longest.
const TIMES_CAP: usize = MAX_TIME_DIGITS + EXP_KEY.len() + MAX_TIME_DIGITS + PAYLOAD_END.len();
/// The whole payload JSON at its longest.
pub(crate) const PAYLOAD_CAP: usize = PAYLOAD_PREFIX_CAP + TIMES_CAP;
/// Encoded header, the dot, and the 3-byte-aligned part of the encoded payload prefix.
pub(crate) const PREFIX_CAP: usize =
    encoded_len(HEADER_JSON_CAP) + 1 + encoded_len(PAYLOAD_PREFIX_CAP);
/// Up to two payload bytes left over from the aligned cut, then the times.
pub(crate) const TAIL_CAP: usize = 2 + TIMES_CAP;

/// The longest token [`Signer::sign`](crate::Signer::sign) can produce (a 128-byte access
/// key, a 64-byte org id, 16-digit times), so a buffer of this size always suffices.
pub const MAX_TOKEN_LEN: usize =
    encoded_len(HEADER_JSON_CAP) + 1 + encoded_len(PAYLOAD_CAP) + 1 + SIG_B64_LEN;

/// `{"alg":"HS256","typ":"JWT","kid":"<key>"}`
pub(crate) fn header_json(access_key: &[u8]) -> Result<AsciiBuf<HEADER_JSON_CAP>, Error> {
    let mut header = AsciiBuf::EMPTY;
    header.push(HEADER_START)?;
    header.push(access_key)?;
    header.push(HEADER_END)?;
    Ok(header)
}

/// `{"iss":"urn:meshes:m2m:<key>","aud":"meshes-api","org":"<org>","iat":`
pub(crate) fn payload_prefix_json<const N: usize>(
    w: &mut AsciiBuf<N>,
    access_key: &[u8],
    org_id: &[u8],
) -> Result<(), Error> {
    w.push(ISS_START)?;
    w.push(access_key)?;
    w.push(AUD_ORG)?;
    w.push(org_id)?;
    w.push(IAT_KEY)
}

/// `<iat>,"exp":<exp>}`
pub(crate) fn payload_times_json<const N: usize>(
    w: &mut AsciiBuf<N>,
    iat: u64,
    exp: u64,
) -> Result<(), Error> {
    push_decimal(w, iat)?;
    w.push(EXP_KEY)?;
    push_decimal(w, exp)?;
    w.push(PAYLOAD_END)
}

/// The length of what [`payload_times_json`] writes.
pub(crate) const fn payload_times_len(iat: u64, exp: u64) -> usize {
    digits(iat)
        .saturating_add(EXP_KEY.len())
        .saturating_add(digits(exp))
        .saturating_add(PAYLOAD_END.len())
}

/// Number of decimal digits of `n`.
const fn digits(mut n: u64) -> usize {
    let mut count: usize = 1;
    while n >= 10 {
        n /= 10;
        count = count.saturating_add(1);
    }
    count
}

/// `"00"` to `"99"`.
// Const evaluation: an index out of bounds here fails the build, it cannot panic at run time.
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]
const DIGIT_PAIRS: [[u8; 2]; 100] = {
    let mut table = [[0u8; 2]; 100];
    let mut i = 0;
    while i < 100 {
        table[i] = [b'0' + (i / 10) as u8, b'0' + (i % 10) as u8];
        i += 1;
    }
    table
};

/// Appends `n` in decimal, two digits per division.
fn push_decimal<const N: usize>(w: &mut AsciiBuf<N>, n: u64) -> Result<(), Error> {
    let mut pairs = [[b'0'; 2]; 10];
    let mut rest = n;
    let mut used = 0usize;
    let mut top = 0;
    for slot in pairs.iter_mut().rev() {
        top = usize::try_from(rest % 100).unwrap_or_default();
        *slot = DIGIT_PAIRS.get(top).copied().unwrap_or_default();
        used = used.saturating_add(2);
        rest /= 100;
        if rest == 0 {
            break;
        }
    }
    let digits = pairs.as_flattened();
    // A top pair below 10 starts with a zero that is not part of the number.
    let start = digits
        .len()
        .saturating_sub(used)
        .saturating_add(usize::from(top < 10));
    w.push(digits.get(start..).ok_or(Error::Internal)?)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use std::string::ToString;

    use super::{AsciiBuf, digits, payload_times_json, payload_times_len};

    #[test]
    fn times_are_written_in_decimal_and_measured_exactly() {
        for (iat, exp) in [
            (0, 1),
            (5, 10),
            (10, 70),
            (123, 1234),
            (99_999, 100_000),
            (u64::MAX - 1, u64::MAX),
            (9, 10),
            (99, 100),
            (1_767_225_600, 1_767_225_630),
            ((1 << 53) - 61, (1 << 53) - 1),
        ] {
            let mut w = AsciiBuf::<64>::EMPTY;
            assert_eq!(payload_times_json(&mut w, iat, exp), Ok(()));
            let expected = std::format!(r#"{iat},"exp":{exp}}}"#);
            assert_eq!(w.as_str(), expected);
            assert_eq!(payload_times_len(iat, exp), expected.len());
            assert_eq!(digits(iat), iat.to_string().len());
        }
    }
}
