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
/// The encoded tail at its longest.
pub(crate) const TAIL_B64_CAP: usize = encoded_len(TAIL_CAP);
// The shortest tail, `0,"exp":1}`, and the signature after it cover the longest encoded tail
// (`Signer::write_token` copies that many bytes at once).
const _: () = assert!(encoded_len(10) + 1 + SIG_B64_LEN >= TAIL_B64_CAP);

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

/// The per-token tail of a `Signer`'s payload, `<carry><iat>,"exp":<exp>}`, written at the
/// start of `buf`; returns its length. `carry` is the 2-byte buffer of the payload bytes
/// left over from the 3-byte-aligned cut, of which the first `carry_len` count (the rest is
/// overwritten). `None` for a time of more than 16 digits (never, after `check_times`).
///
/// The same bytes as [`payload_times_json`] after the carry, built with a few fixed-width
/// stores instead of copies of variable length: each piece is stored whole at its offset and
/// the next one overwrites whatever the store put past its end, so only the returned length
/// counts, and every store fits in [`TAIL_CAP`] (checked, not assumed: the last number's
/// 16-byte store ends at its longest value's end, the others earlier). On WebAssembly and
/// bare metal (see `FAST_PATHS` in `lib.rs`) it is built with [`payload_times_json`],
/// which `sign_token` needs anyway, and copied.
#[inline(always)]
pub(crate) fn tail_json(
    buf: &mut [u8; TAIL_CAP],
    carry: [u8; 2],
    carry_len: usize,
    iat: u64,
    exp: u64,
) -> Option<usize> {
    // `,"exp":` and one more byte, overwritten by the first digit of `exp`.
    const EXP_KEY_WORD: [u8; 8] = *b",\"exp\":_";
    const _: () = assert!(EXP_KEY.len() == 7);
    if !crate::FAST_PATHS {
        let mut tail = AsciiBuf::<TAIL_CAP>::EMPTY;
        tail.push(carry.get(..carry_len)?).ok()?;
        payload_times_json(&mut tail, iat, exp).ok()?;
        crate::bytes::copy(buf, tail.as_bytes());
        return Some(tail.len());
    }
    let (iat, iat_len) = decimal16(iat)?;
    let (exp, exp_len) = decimal16(exp)?;
    *buf.first_chunk_mut::<2>()? = carry;
    let at = carry_len.min(2);
    *buf.get_mut(at..)?.first_chunk_mut::<16>()? = iat;
    let at = at.checked_add(iat_len)?;
    *buf.get_mut(at..)?.first_chunk_mut::<8>()? = EXP_KEY_WORD;
    let at = at.checked_add(EXP_KEY.len())?;
    *buf.get_mut(at..)?.first_chunk_mut::<16>()? = exp;
    let at = at.checked_add(exp_len)?;
    *buf.get_mut(at)? = b'}';
    at.checked_add(1)
}

/// `n` in decimal, left-aligned in 16 bytes (what follows the digits is zero bytes), and the
/// number of digits; `None` from 10^16 on.
///
/// Eight digits at a time in the byte lanes of a `u64` (SWAR), with no division loop: the
/// lanes are split in halves, each division by a power of ten done in all lanes at once by
/// a multiplication and a shift that is exact for the lane's range (checked below), and
/// the lanes never overflow into each other.
#[inline(always)]
fn decimal16(n: u64) -> Option<([u8; 16], usize)> {
    if n >= 10_000_000_000_000_000 {
        return None;
    }
    // Both halves are below 10^8, so fit in a `u32`.
    let high = eight_digits(u32::try_from(n / 100_000_000).ok()?);
    let low = eight_digits(u32::try_from(n % 100_000_000).ok()?);
    // Leading zeros are the low lanes that are zero (the first digit is in the lowest lane);
    // keep at least one digit, for `n = 0`.
    let zeros = if high == 0 {
        8usize.saturating_add(low.trailing_zeros() as usize / 8)
    } else {
        high.trailing_zeros() as usize / 8
    }
    .min(15);
    let ascii = u128::from(high | ASCII_ZEROS) | (u128::from(low | ASCII_ZEROS) << 64);
    // Shifting by whole bytes drops the leading zeros and brings zero bytes in at the end.
    let digits = ascii.checked_shr(u32::try_from(zeros.saturating_mul(8)).ok()?)?;
    Some((digits.to_le_bytes(), 16usize.saturating_sub(zeros)))
}

const ASCII_ZEROS: u64 = 0x3030_3030_3030_3030;

/// The eight decimal digits of `x < 10^8` (leading zeros included), one per byte lane as
/// values 0..=9, the most significant in the lowest lane.
#[inline(always)]
fn eight_digits(x: u32) -> u64 {
    // Two 32-bit lanes of four digits each: `x / 10^4` (first) and `x % 10^4`.
    let (high, low) = (x / 10_000, x % 10_000);
    let v = u64::from(high) | (u64::from(low) << 32);
    // Each 32-bit lane (below 10^4) into two 16-bit lanes, `/ 100` and `% 100`:
    // `(y * 5243) >> 19 == y / 100` for every `y < 43_699`, and `y * 5243 < 2^26` stays in
    // its lane; the mask drops the bits the shift brought down from the next lane.
    let hundreds = (v.wrapping_mul(5243) >> 19) & 0x0000_007f_0000_007f;
    let v = hundreds | (v.wrapping_sub(hundreds.wrapping_mul(100)) << 16);
    // Each 16-bit lane (below 100) into two byte lanes, `/ 10` and `% 10`:
    // `(y * 103) >> 10 == y / 10` for every `y < 179`, and `y * 103 < 2^14`.
    let tens = (v.wrapping_mul(103) >> 10) & 0x000f_000f_000f_000f;
    tens | (v.wrapping_sub(tens.wrapping_mul(10)) << 8)
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
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    extern crate std;
    use std::string::ToString;

    use super::{
        AsciiBuf, TAIL_CAP, decimal16, digits, eight_digits, payload_times_json, payload_times_len,
        tail_json,
    };

    #[test]
    fn decimal16_is_the_number_left_aligned() {
        for n in [
            0u64,
            7,
            10,
            99,
            100,
            12_345_678,
            99_999_999,
            100_000_000,
            1_767_225_630,
            (1 << 53) - 1,
            9_999_999_999_999_999,
        ] {
            let (bytes, len) = decimal16(n).unwrap();
            let text = n.to_string();
            assert_eq!(&bytes[..len], text.as_bytes());
            assert!(bytes[len..].iter().all(|&b| b == 0), "{n}");
        }
        assert_eq!(decimal16(10_000_000_000_000_000), None);
        assert_eq!(
            eight_digits(1_234_567),
            u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7])
        );
        assert_eq!(eight_digits(99_999_999), u64::from_le_bytes([9; 8]));
    }

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

    /// `tail_json` writes the carry and exactly the bytes of `payload_times_json`.
    #[test]
    fn tail_json_is_the_carry_then_the_times() {
        for (carry, carry_len) in [(*b"\0\0", 0), (*b":\0", 1), (*b"\":", 2)] {
            for (iat, exp) in [
                (0, 1),
                (5, 10),
                (9, 69),
                (10, 70),
                (99, 100),
                (123, 1234),
                (99_999_999, 100_000_059),
                (1_767_225_600, 1_767_225_630),
                (9_999_999_999, 10_000_000_009),
                ((1 << 53) - 61, (1 << 53) - 1),
                (9_999_999_999_999_940, 9_999_999_999_999_999),
            ] {
                let mut buf = [0xeeu8; TAIL_CAP];
                let len = tail_json(&mut buf, carry, carry_len, iat, exp).unwrap();
                let mut expected = AsciiBuf::<64>::EMPTY;
                expected.push(&carry[..carry_len]).unwrap();
                payload_times_json(&mut expected, iat, exp).unwrap();
                assert_eq!(&buf[..len], expected.as_bytes(), "{iat} {exp}");
            }
        }
        let mut buf = [0u8; TAIL_CAP];
        assert_eq!(
            tail_json(&mut buf, [0; 2], 0, 1, 10_000_000_000_000_000),
            None
        );
    }
}
