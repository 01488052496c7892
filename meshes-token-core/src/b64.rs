//! Base64url without padding: lengths, and a fast encoder for the public parts of a token.

use crate::Error;

/// Length of the unpadded base64url encoding of `n` bytes.
#[must_use]
pub(crate) const fn encoded_len(n: usize) -> usize {
    // n / 3 full quanta of 4 characters, plus 2 or 3 characters for a partial one.
    let full = (n / 3).saturating_mul(4);
    match n % 3 {
        0 => full,
        1 => full.saturating_add(2),
        _ => full.saturating_add(3),
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes with a table lookup, which is fast but not constant-time: it only ever encodes
/// what goes out in the token (JSON text and the MAC), never key material. The MAC reveals
/// nothing about the key and is sent in the clear inside the bearer token, so hiding its
/// bits from a cache-timing observer on the signing host would protect nothing the
/// observer cannot read off the wire. Returns the characters written, or `None` when `dst`
/// is too short.
pub(crate) fn encode(src: &[u8], dst: &mut [u8]) -> Option<usize> {
    let len = encoded_len(src.len());
    let dst = dst.get_mut(..len)?;
    let (quanta, rest) = src.as_chunks::<3>();
    let (out_quanta, out_rest) = dst.as_chunks_mut::<4>();
    for ([a, b, c], out) in quanta.iter().zip(out_quanta.iter_mut()) {
        let n = (u32::from(*a) << 16) | (u32::from(*b) << 8) | u32::from(*c);
        *out = quad(n);
    }
    match (rest, out_rest) {
        ([], []) => {}
        ([a], [x, y]) => {
            let n = u32::from(*a) << 16;
            *x = sym(n >> 18);
            *y = sym(n >> 12);
        }
        ([a, b], [x, y, z]) => {
            let n = (u32::from(*a) << 16) | (u32::from(*b) << 8);
            *x = sym(n >> 18);
            *y = sym(n >> 12);
            *z = sym(n >> 6);
        }
        _ => return None,
    }
    Some(len)
}

/// The four characters of the 24 bits in the low bits of `n`.
#[inline(always)]
fn quad(n: u32) -> [u8; 4] {
    if PAIRS_ENABLED {
        // Two lookups of two characters each instead of four of one: half the loads, and
        // the four characters leave as one store.
        let ([w, x], [y, z]) = (pair(n >> 12), pair(n));
        [w, x, y, z]
    } else {
        [sym(n >> 18), sym(n >> 12), sym(n >> 6), sym(n)]
    }
}

/// Whether [`PAIRS`] is used. Not on WebAssembly (the module's 32 KiB budget) nor on bare
/// metal (`target_os = "none"`: 8 KiB of flash for a microcontroller), as for the verifier's
/// fast paths (`canonical::ENABLED`); when off, the table is never referenced and so not
/// linked.
const PAIRS_ENABLED: bool = !cfg!(any(target_family = "wasm", target_os = "none"));

/// The two characters of the 12 bits in the low bits of `twelve`.
#[inline(always)]
fn pair(twelve: u32) -> [u8; 2] {
    // The mask keeps the index below 4096, so `get` never fails; no panic path either way.
    PAIRS
        .get((twelve & 0xfff) as usize)
        .copied()
        .unwrap_or([b'A'; 2])
}

/// The two characters of every 12-bit value: `PAIRS[(i << 6) | j] = [ALPHABET[i], ALPHABET[j]]`.
// Const evaluation: an index out of bounds here fails the build, it cannot panic at run time.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
static PAIRS: [[u8; 2]; 4096] = {
    let mut table = [[0u8; 2]; 4096];
    let mut i = 0;
    while i < table.len() {
        table[i] = [ALPHABET[i >> 6], ALPHABET[i & 63]];
        i += 1;
    }
    table
};

#[inline(always)]
fn sym(six: u32) -> u8 {
    // The mask keeps the index below 64, so `get` never fails; no panic path either way.
    ALPHABET.get((six & 63) as usize).copied().unwrap_or(b'A')
}

/// Decodes a canonical unpadded base64url segment into the start of `dst`: only the URL-safe
/// alphabet, no padding, no length of 1 mod 4, and zero bits after the last byte, so that each
/// byte string has exactly one accepted encoding. Not constant-time: it only ever decodes
/// what the token carries (public JSON and the presented MAC, which is compared in constant
/// time afterwards), never key material.
pub(crate) fn decode<'d>(src: &[u8], dst: &'d mut [u8]) -> Result<&'d [u8], Error> {
    let full = (src.len() / 4).saturating_mul(3);
    let len = match src.len() % 4 {
        0 => full,
        2 => full.saturating_add(1),
        3 => full.saturating_add(2),
        _ => return Err(NOT_BASE64URL),
    };
    let out = dst.get_mut(..len).ok_or(NOT_BASE64URL)?;
    // Eight characters to six bytes per step: one validity check, and two stores.
    let (octets, rest) = src.as_chunks::<8>();
    let (sixes, out_rest) = out.as_chunks_mut::<6>();
    for ([a, b, c, d, e, f, g, h], six) in octets.iter().zip(sixes.iter_mut()) {
        let (high, low) = (quantum(*a, *b, *c, *d), quantum(*e, *f, *g, *h));
        if (high | low) >> 24 != 0 {
            return Err(NOT_BASE64URL);
        }
        if let Some((four, two)) = six.split_first_chunk_mut::<4>()
            && let Some(two) = two.first_chunk_mut::<2>()
        {
            *four = (high.wrapping_shl(8) | low >> 16).to_be_bytes();
            let [_, _, y, z] = low.to_be_bytes();
            *two = [y, z];
        }
    }
    // At most one whole quantum is left, then 0, 2 or 3 characters.
    let (quads, rest) = rest.as_chunks::<4>();
    let (triples, out_rest) = out_rest.as_chunks_mut::<3>();
    for ([a, b, c, d], triple) in quads.iter().zip(triples.iter_mut()) {
        let n = quantum(*a, *b, *c, *d);
        if n >> 24 != 0 {
            return Err(NOT_BASE64URL);
        }
        let [_, x, y, z] = n.to_be_bytes();
        *triple = [x, y, z];
    }
    match (rest, out_rest) {
        ([], []) => {}
        ([a, b], [x]) => {
            let [top, first, trailing, _] = quantum(*a, *b, b'A', b'A').to_be_bytes();
            if top != 0 || trailing != 0 {
                return Err(NOT_BASE64URL);
            }
            *x = first;
        }
        ([a, b, c], [x, y]) => {
            let [top, first, second, trailing] = quantum(*a, *b, *c, b'A').to_be_bytes();
            if top != 0 || trailing != 0 {
                return Err(NOT_BASE64URL);
            }
            *x = first;
            *y = second;
        }
        _ => return Err(NOT_BASE64URL),
    }
    Ok(out)
}

const NOT_BASE64URL: Error = Error::Malformed("a segment is not canonical unpadded base64url");

/// The value of a base64url character, or all ones for any other byte.
#[inline(always)]
fn wide(ch: u8) -> u32 {
    let v = SEXTET.get(usize::from(ch)).copied().unwrap_or(INVALID);
    // Sign extension: 0..=63 stays, INVALID (0xff) becomes 0xffff_ffff.
    i32::from(v.cast_signed()).cast_unsigned()
}

/// Four characters as 24 bits in the low three bytes; an invalid one sets the top byte.
#[inline(always)]
fn quantum(a: u8, b: u8, c: u8, d: u8) -> u32 {
    wide(a).wrapping_shl(18) | wide(b).wrapping_shl(12) | wide(c).wrapping_shl(6) | wide(d)
}

const INVALID: u8 = 0xff;

/// The value of each base64url character, [`INVALID`] for every other byte.
// Const evaluation: an index out of bounds here fails the build, it cannot panic at run time.
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation
)]
const SEXTET: [u8; 256] = {
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use base64ct::{Base64UrlUnpadded, Encoding};
    use proptest::prelude::*;

    use super::{decode, encode, encoded_len};

    proptest! {
        #[test]
        fn encode_matches_base64ct(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            let mut out = [0u8; 400];
            let n = encode(&bytes, &mut out).unwrap();
            prop_assert_eq!(n, encoded_len(bytes.len()));
            let expected = Base64UrlUnpadded::encode_string(&bytes);
            prop_assert_eq!(&out[..n], expected.as_bytes());
            let mut back = [0u8; 300];
            prop_assert_eq!(decode(&out[..n], &mut back).unwrap(), &bytes[..]);
        }

        /// Accepts exactly what base64ct (strict, canonical) accepts, with the same bytes.
        #[test]
        fn decode_matches_base64ct(text in prop::collection::vec(
            prop_oneof![Just(b'A'), Just(b'Q'), Just(b'z'), Just(b'-'), Just(b'_'), Just(b'9'),
                        Just(b'+'), Just(b'/'), Just(b'='), any::<u8>()], 0..40)) {
            let mut ours = [0u8; 40];
            let mut theirs = [0u8; 40];
            prop_assert_eq!(
                decode(&text, &mut ours).ok(),
                Base64UrlUnpadded::decode(&text, &mut theirs).ok().map(|b| b as &[u8])
            );
        }
    }

    /// Every entry of the two-character table, against the alphabet.
    #[test]
    fn pairs_are_two_symbols() {
        for i in 0..4096u32 {
            assert_eq!(super::pair(i), [super::sym(i >> 6), super::sym(i)]);
        }
        assert_eq!(super::pair(0xfff), *b"__");
        assert_eq!(super::pair(0x041), *b"BB");
    }

    #[test]
    fn decode_rejects_non_canonical_trailing_bits() {
        let mut out = [0u8; 4];
        assert_eq!(decode(b"QQ", &mut out).unwrap(), b"A");
        assert!(decode(b"QR", &mut out).is_err());
        assert!(decode(b"QUE", &mut out).is_ok());
        assert!(decode(b"QUF", &mut out).is_err());
        assert!(decode(b"Q", &mut out).is_err());
        assert!(decode(b"QUFB", &mut [0u8; 2]).is_err());
    }
}
