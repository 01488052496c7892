//! Byte searches eight bytes at a time in a `u64` (SIMD within a register), with no `unsafe`:
//! the `.` between a token's segments and the end of a plain run in a JSON string.
//!
//! On WebAssembly, whose module size is budgeted and speed is not, the plain byte loops are
//! used instead: they are smaller where they are inlined.
//!
//! The masks follow the classic "has a zero byte" test: `(x - 0x01..01) & !x & 0x80..80` sets
//! the top bit of every byte of `x` that is zero. The borrow of a zero byte can also set the
//! bit of the byte above it (a false positive), never of one below, and the words are read
//! little-endian, so the lowest set bit always marks the first real match.

use crate::FAST_PATHS;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Top bit of each byte of `x` below `n` (`n` at most 0x80); the lowest one is exact.
#[inline(always)]
const fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES.wrapping_mul(n as u64)) & !x & HIGHS
}

/// Top bit of each byte of `x` equal to `b`; the lowest one is exact.
#[inline(always)]
const fn equal(x: u64, b: u8) -> u64 {
    below(x ^ ONES.wrapping_mul(b as u64), 1)
}

/// The index of the byte of the word at `word` marked by the lowest bit of `mask` (not 0).
#[inline(always)]
const fn at(word: usize, mask: u64) -> usize {
    word.wrapping_mul(8)
        .wrapping_add((mask.trailing_zeros() / 8) as usize)
}

/// The first `needle` in `hay`.
#[inline]
pub(crate) fn find_byte(hay: &[u8], needle: u8) -> Option<usize> {
    if !FAST_PATHS {
        return hay.iter().position(|&b| b == needle);
    }
    // Two words per step, whose masks are only told apart once one of them matches.
    let (pairs, rest) = hay.as_chunks::<16>();
    for (i, pair) in pairs.iter().enumerate() {
        let (low, high) = halves(pair);
        let (low, high) = (equal(low, needle), equal(high, needle));
        if low | high != 0 {
            let (word, mask) = if low != 0 { (0, low) } else { (1, high) };
            return Some(at(i.wrapping_mul(2).wrapping_add(word), mask));
        }
    }
    let (words, rest) = rest.as_chunks::<8>();
    let done = pairs.len().wrapping_mul(16);
    if let Some(word) = words.first() {
        let mask = equal(u64::from_le_bytes(*word), needle);
        if mask != 0 {
            return Some(done.wrapping_add(at(0, mask)));
        }
    }
    let tail = rest.iter().position(|&b| b == needle)?;
    Some(
        done.wrapping_add(words.len().wrapping_mul(8))
            .wrapping_add(tail),
    )
}

/// The two little-endian words of 16 bytes.
#[inline(always)]
fn halves(pair: &[u8; 16]) -> (u64, u64) {
    let [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p] = *pair;
    (
        u64::from_le_bytes([a, b, c, d, e, f, g, h]),
        u64::from_le_bytes([i, j, k, l, m, n, o, p]),
    )
}

/// The first byte of `hay` that ends a plain run of a JSON string: `"`, `\` or a control
/// character (below 0x20).
#[inline]
pub(crate) fn find_string_end(hay: &[u8]) -> Option<usize> {
    if !FAST_PATHS {
        return hay
            .iter()
            .position(|&b| b == b'"' || b == b'\\' || b < 0x20);
    }
    let (words, rest) = hay.as_chunks::<8>();
    for (i, word) in words.iter().enumerate() {
        let x = u64::from_le_bytes(*word);
        let mask = equal(x, b'"') | equal(x, b'\\') | below(x, 0x20);
        if mask != 0 {
            return Some(at(i, mask));
        }
    }
    let tail = rest
        .iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
    Some(words.len().wrapping_mul(8).wrapping_add(tail))
}

/// How many of the eight bytes of `word` (read little-endian: the first byte lowest) are
/// ASCII digits before the first that is not. With `t = byte ^ b'0'`, a byte is a digit when
/// `t <= 9`: adding `0x76` to the low seven bits of `t` sets the top bit when they are 10 or
/// more, `t`'s own top bit catches the rest, and no byte carries into the next (at most
/// `0x7f + 0x76`), so unlike [`below`] every lane is exact.
#[inline(always)]
pub(crate) const fn leading_digits(word: u64) -> usize {
    let t = word ^ ONES.wrapping_mul(b'0' as u64);
    let not_digit = ((t & !HIGHS).wrapping_add(ONES.wrapping_mul(0x76)) | t) & HIGHS;
    (not_digit.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]

    extern crate std;

    use proptest::prelude::*;
    use std::vec;
    use std::vec::Vec;

    use super::{find_byte, find_string_end, leading_digits};

    /// Every byte value after every number of digits, and digits after it: the count stops
    /// exactly at the first byte that is not an ASCII digit.
    #[test]
    fn leading_digits_stops_at_the_first_non_digit() {
        for at in 0..8 {
            for b in 0..=255u8 {
                let mut word = [b'7'; 8];
                word[at] = b;
                let want = if b.is_ascii_digit() { 8 } else { at };
                assert_eq!(leading_digits(u64::from_le_bytes(word)), want, "{at} {b}");
            }
        }
    }

    fn byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            Just(b'.'),
            Just(b'"'),
            Just(b'\\'),
            Just(0x1f_u8),
            Just(0x20_u8),
            Just(0_u8),
            Just(0x80_u8),
            Just(0xa2_u8),
            Just(0xdc_u8),
            Just(0xff_u8),
            Just(b'/'),
            Just(b'-'),
            b'a'..=b'z',
            any::<u8>(),
        ]
    }

    /// Runs of a common byte with a few others, so matches land at every lane of a word.
    fn text() -> impl Strategy<Value = Vec<u8>> {
        prop::collection::vec(prop_oneof![4 => Just(b'a'), 1 => byte()], 0..40)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        #[test]
        fn find_byte_is_position(hay in text(), needle in byte()) {
            prop_assert_eq!(find_byte(&hay, needle), hay.iter().position(|&b| b == needle));
        }

        #[test]
        fn find_string_end_is_position(hay in text()) {
            prop_assert_eq!(
                find_string_end(&hay),
                hay.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)
            );
        }
    }

    /// Every byte value at every position of two whole words, a third and a tail, followed by
    /// a byte that matches or not (a borrow from a match must never hide or fake the first
    /// match).
    #[test]
    fn every_byte_pair_at_every_lane() {
        for lane in 0..23 {
            for first in 0..=255u8 {
                for second in [
                    0u8, 1, b'"', b'\\', b'.', 0x1f, 0x20, 0x21, 0x7f, 0x80, 0xff,
                ] {
                    let mut hay = [b'a'; 24];
                    hay[lane] = first;
                    hay[lane + 1] = second;
                    for needle in [b'.', b'"', 0u8, 0xff] {
                        assert_eq!(
                            find_byte(&hay, needle),
                            hay.iter().position(|&b| b == needle)
                        );
                    }
                    assert_eq!(
                        find_string_end(&hay),
                        hay.iter()
                            .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                    );
                }
            }
        }
    }
}
