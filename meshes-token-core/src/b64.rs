//! Base64url without padding: lengths, a fast encoder for the public parts of a token, and a
//! canonical decoder. On hosted targets both use lookup tables (the encoder two characters per
//! lookup, the decoder one lookup per character into four placed-value tables); WebAssembly
//! and bare metal, whose size is budgeted, keep the small versions.

use crate::{Error, FAST_PATHS};

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
    if FAST_PATHS {
        // Two lookups of two characters each instead of four of one: half the loads, and
        // the four characters leave as one store.
        let ([w, x], [y, z]) = (pair(n >> 12), pair(n));
        [w, x, y, z]
    } else {
        [sym(n >> 18), sym(n >> 12), sym(n >> 6), sym(n)]
    }
}

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
    if FAST_PATHS {
        decode_tables(src, dst)
    } else {
        decode_small(src, dst)
    }
}

/// [`decode`] with one table lookup per character and one validity branch per segment:
/// about half the instructions of [`decode_small`], which looks each character up, widens
/// and shifts it, and branches on every eight. The result is the same for every input (the
/// property tests hold both to `base64ct`).
fn decode_tables<'d>(src: &[u8], dst: &'d mut [u8]) -> Result<&'d [u8], Error> {
    let len = decoded_len(src.len()).ok_or(NOT_BASE64URL)?;
    let out = dst.get_mut(..len).ok_or(NOT_BASE64URL)?;
    // Invalid characters set bits 24..=31 of their quantum; one check at the end suffices,
    // because an error leaves nothing the caller may read (`dst` is scratch).
    let mut invalid = 0u32;
    // Sixteen characters to twelve bytes per step, written as one 8-byte and one 4-byte store.
    let (blocks, rest) = src.as_chunks::<16>();
    let (twelves, out_rest) = out.as_chunks_mut::<12>();
    for (block, twelve) in blocks.iter().zip(twelves.iter_mut()) {
        let [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p] = *block;
        let words = [
            placed(a, b, c, d),
            placed(e, f, g, h),
            placed(i, j, k, l),
            placed(m, n, o, p),
        ];
        let [w0, w1, w2, w3] = words;
        invalid |= w0 | w1 | w2 | w3;
        // Bytes 0..=2, 3..=5 and the first two of 6..=8; then the third and 9..=11.
        let low = u64::from(w0) | u64::from(w1) << 24 | u64::from(w2) << 48;
        let high = w2 >> 16 | w3 << 8;
        if let Some((first, last)) = twelve.split_first_chunk_mut::<8>()
            && let Some(last) = last.first_chunk_mut::<4>()
        {
            *first = low.to_le_bytes();
            *last = high.to_le_bytes();
        }
    }
    let (quads, rest) = rest.as_chunks::<4>();
    let (triples, out_rest) = out_rest.as_chunks_mut::<3>();
    for ([a, b, c, d], triple) in quads.iter().zip(triples.iter_mut()) {
        let word = placed(*a, *b, *c, *d);
        invalid |= word;
        let [x, y, z, _] = word.to_le_bytes();
        *triple = [x, y, z];
    }
    if invalid >> 24 != 0 {
        return Err(NOT_BASE64URL);
    }
    finish(rest, out_rest)?;
    Ok(out)
}

/// Four characters as their three bytes in the low three bytes of a little-endian word
/// (the byte order of the output); an invalid character sets bits 24..=31.
#[inline(always)]
fn placed(a: u8, b: u8, c: u8, d: u8) -> u32 {
    let at = |table: &[u32; 256], ch: u8| table.get(usize::from(ch)).copied().unwrap_or(!0);
    at(&PLACED[0], a) | at(&PLACED[1], b) | at(&PLACED[2], c) | at(&PLACED[3], d)
}

/// For each position in a quantum, each character's six bits where they land in the
/// little-endian word of the three decoded bytes; `0xff00_0000` for a byte outside the
/// alphabet. With the big-endian 24-bit value `a << 18 | b << 12 | c << 6 | d`, the first
/// byte is `a << 2 | b >> 4`, the second `(b & 15) << 4 | c >> 2`, the third `(c & 3) << 6 | d`.
// Const evaluation: an index out of bounds here fails the build, it cannot panic at run time.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
const PLACED: [[u32; 256]; 4] = {
    let mut tables = [[0xff00_0000_u32; 256]; 4];
    let mut ch = 0;
    while ch < 256 {
        let v = SEXTET[ch] as u32;
        if v < 64 {
            tables[0][ch] = v << 2;
            tables[1][ch] = v >> 4 | (v & 15) << 12;
            tables[2][ch] = (v >> 2) << 8 | (v & 3) << 22;
            tables[3][ch] = v << 16;
        }
        ch += 1;
    }
    tables
};

/// The decoded length of `n` characters, or `None` for a length of 1 mod 4.
const fn decoded_len(n: usize) -> Option<usize> {
    let full = (n / 4).saturating_mul(3);
    match n % 4 {
        0 => Some(full),
        2 => Some(full.saturating_add(1)),
        3 => Some(full.saturating_add(2)),
        _ => None,
    }
}

/// [`decode`] with the 256-byte table only: the version for WebAssembly and bare metal.
fn decode_small<'d>(src: &[u8], dst: &'d mut [u8]) -> Result<&'d [u8], Error> {
    let len = decoded_len(src.len()).ok_or(NOT_BASE64URL)?;
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
    finish(rest, out_rest)?;
    Ok(out)
}

/// The last 0, 2 or 3 characters of a segment into its last 0, 1 or 2 bytes; their unused
/// bits must be zero.
#[inline(always)]
fn finish(rest: &[u8], out_rest: &mut [u8]) -> Result<(), Error> {
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
    Ok(())
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
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation
    )]

    use base64ct::{Base64UrlUnpadded, Encoding};
    use proptest::prelude::*;

    use super::{decode, decode_small, decode_tables, encode, encoded_len};

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
            let mut theirs = [0u8; 40];
            let expected = Base64UrlUnpadded::decode(&text, &mut theirs).ok().map(|b| b as &[u8]);
            for decoder in [decode_tables, decode_small] {
                let mut ours = [0u8; 40];
                prop_assert_eq!(decoder(&text, &mut ours).ok(), expected);
            }
        }

        /// Long valid segments with one byte replaced: both decoders agree with base64ct on
        /// every whole quantum and tail, in any of the eight positions of a step.
        #[test]
        fn decoders_agree_on_long_segments(
            bytes in prop::collection::vec(any::<u8>(), 0..200),
            at in any::<usize>(),
            byte in prop_oneof![Just(b'.'), Just(b'='), Just(b'+'), Just(0x80_u8), any::<u8>()],
            replace in any::<bool>(),
        ) {
            let mut text = Base64UrlUnpadded::encode_string(&bytes).into_bytes();
            if replace && !text.is_empty() {
                let at = at % text.len();
                text[at] = byte;
            }
            let mut theirs = [0u8; 200];
            let expected = Base64UrlUnpadded::decode(&text, &mut theirs).ok().map(|b| b as &[u8]);
            for decoder in [decode_tables, decode_small] {
                let mut ours = [0u8; 200];
                prop_assert_eq!(decoder(&text, &mut ours).ok(), expected);
            }
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
        for decode in [decode, decode_tables, decode_small] {
            let mut out = [0u8; 4];
            assert_eq!(decode(b"QQ", &mut out).unwrap(), b"A");
            assert!(decode(b"QR", &mut out).is_err());
            assert_eq!(decode(b"QUE", &mut out).unwrap(), b"AA");
            assert!(decode(b"QUF", &mut out).is_err());
            assert!(decode(b"Q", &mut out).is_err());
            assert!(decode(b"QUFB", &mut [0u8; 2]).is_err());
            assert_eq!(decode(b"QUFB", &mut out).unwrap(), b"AAA");
        }
    }

    #[test]
    fn decode_tables_exact_bytes() {
        let mut out = [0u8; 12];
        // Every position of an eight-character step and of the quantum after it.
        assert_eq!(
            decode_tables(b"_-_-AAAA-_-_", &mut out).unwrap(),
            [0xff, 0xef, 0xfe, 0, 0, 0, 0xfb, 0xff, 0xbf]
        );
        assert_eq!(
            decode_tables(b"AQIDBAUGBwgJ", &mut out).unwrap(),
            [1, 2, 3, 4, 5, 6, 7, 8, 9]
        );
    }

    /// The exact bytes for a few inputs, and the encoder against itself at every length:
    /// the remainder of 0 to 2 bytes and whatever follows in `dst` untouched.
    #[test]
    fn encode_writes_exactly_its_length() {
        let mut out = [b'#'; 8];
        assert_eq!(encode(b"{\"a", &mut out), Some(4));
        assert_eq!(&out, b"eyJh####");
        assert_eq!(encode(&[0xfb, 0xff], &mut out), Some(3));
        assert_eq!(&out, b"-_8h####");
        assert_eq!(encode(&[0xff; 5], &mut [0; 6]), None);
        let src: [u8; 64] = core::array::from_fn(|i| (i * 37) as u8);
        for n in 0..=64 {
            let mut out = [b'#'; 90];
            assert_eq!(encode(&src[..n], &mut out), Some(encoded_len(n)));
            assert!(out[encoded_len(n)..].iter().all(|&b| b == b'#'));
        }
    }
}
