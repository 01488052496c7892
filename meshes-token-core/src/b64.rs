//! Base64url without padding: lengths, and a fast encoder for the public parts of a token.

use base64ct::{Base64UrlUnpadded, Encoding};

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
        *out = [sym(n >> 18), sym(n >> 12), sym(n >> 6), sym(n)];
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

#[inline(always)]
fn sym(six: u32) -> u8 {
    // The mask keeps the index below 64, so `get` never fails; no panic path either way.
    ALPHABET.get((six & 63) as usize).copied().unwrap_or(b'A')
}

/// Decodes a canonical unpadded base64url segment into `dst`, returning the bytes written.
pub(crate) fn decode<'d>(src: &[u8], dst: &'d mut [u8]) -> Result<&'d [u8], Error> {
    Base64UrlUnpadded::decode(src, dst)
        .map_err(|_| Error::Malformed("a segment is not canonical unpadded base64url"))
}
