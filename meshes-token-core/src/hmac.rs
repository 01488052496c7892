//! HMAC-SHA256 with resumable midstates, on top of `sha2`'s block function.
//!
//! A `Signer` keeps the inner hash after it has absorbed `key ^ ipad` and the constant start
//! of every signing input, and the outer hash after `key ^ opad`. Each token then costs only
//! the compressions of its short tail plus one outer block. `hmac::Hmac` cannot be resumed
//! from a midstate past the key block without its own buffering and cannot be wiped in place,
//! so the state is kept here as plain arrays the `Signer` owns and zeroizes. The property
//! tests compare every result with the `hmac` crate.

use sha2::block_api::compress256;
use zeroize::Zeroize;

use crate::FAST_PATHS;
use crate::bytes::copy;

const BLOCK: usize = 64;
/// Length of an HMAC-SHA256 tag.
pub(crate) const MAC_LEN: usize = 32;

const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// Bit length of the outer hash's message: the 64-byte opad block and the inner digest.
const OUTER_BITS: u16 = 768;
const _: () = assert!(OUTER_BITS as usize == (BLOCK + MAC_LEN) * 8);

/// A SHA-256 computation in progress: chaining value, partial block, bytes absorbed.
#[derive(Clone)]
pub(crate) struct Sha256 {
    state: [u32; 8],
    buf: [u8; BLOCK],
    buf_len: usize,
    total: u64,
}

impl Sha256 {
    /// All zeros, as `zeroize` leaves it; not a hash in progress until reset with `new`.
    const WIPED: Self = Self {
        state: [0; 8],
        buf: [0; BLOCK],
        buf_len: 0,
        total: 0,
    };

    pub(crate) const fn new() -> Self {
        Self {
            state: IV,
            buf: [0; BLOCK],
            buf_len: 0,
            total: 0,
        }
    }

    pub(crate) fn update(&mut self, mut data: &[u8]) {
        // Inputs here are at most a few KiB, so the byte count cannot wrap; saturate anyway.
        self.total = self.total.saturating_add(data.len() as u64);
        if self.buf_len > 0 {
            let free = self.buf.get_mut(self.buf_len..).unwrap_or_default();
            let take = free.len().min(data.len());
            let (head, rest) = data.split_at(take);
            copy(free, head);
            self.buf_len = self.buf_len.saturating_add(take);
            data = rest;
            if self.buf_len < BLOCK {
                return;
            }
            compress256(&mut self.state, core::slice::from_ref(&self.buf));
            self.buf_len = 0;
        }
        let (blocks, rest) = data.as_chunks::<BLOCK>();
        if !blocks.is_empty() {
            compress256(&mut self.state, blocks);
        }
        copy(&mut self.buf, rest);
        self.buf_len = rest.len();
    }

    /// Pads and finishes the hash in place, writes the digest into `out`, and wipes `self`.
    ///
    /// In place on purpose: a `finalize(self)` taking the state by value copies it into the
    /// callee's frame and leaves the caller's copy behind in dead stack, and for the HMAC
    /// hashes that copy is key-equivalent (issue 15).
    pub(crate) fn finalize_into(&mut self, out: &mut [u8]) {
        let bits = self.total.wrapping_mul(8).to_be_bytes();
        // 0x80, zeros, then the bit length in the last 8 bytes of a block (`buf_len` is
        // always below `BLOCK`: `update` compresses a full buffer at once).
        if let Some((marker, zeros)) = self
            .buf
            .get_mut(self.buf_len..)
            .and_then(<[u8]>::split_first_mut)
        {
            *marker = 0x80;
            zeros.fill(0);
        }
        if self.buf_len >= BLOCK - 8 {
            compress256(&mut self.state, core::slice::from_ref(&self.buf));
            self.buf.fill(0);
        }
        copy(&mut self.buf[BLOCK - 8..], &bits);
        compress256(&mut self.state, core::slice::from_ref(&self.buf));
        put_words(out, &self.state);
        self.zeroize();
    }
}

impl Zeroize for Sha256 {
    fn zeroize(&mut self) {
        self.state.zeroize();
        self.buf.zeroize();
        self.buf_len.zeroize();
        self.total.zeroize();
    }
}

/// HMAC-SHA256 keyed once: the inner hash after `key ^ ipad`, the outer after `key ^ opad`.
#[derive(Clone)]
pub(crate) struct HmacKey {
    inner: Sha256,
    outer: Sha256,
}

impl HmacKey {
    /// A key of all zeros, to be keyed in place with [`set_key`](Self::set_key).
    pub(crate) const EMPTY: Self = Self {
        inner: Sha256::new(),
        outer: Sha256::new(),
    };

    /// Nothing at all, all zero bytes (as `zeroize` leaves a key), to be keyed in place with
    /// [`set_key`](Self::set_key). A struct that starts out holding it is zeroed memory, where
    /// one holding [`EMPTY`](Self::EMPTY) is a copy of a constant image (1 KiB of `.rodata`
    /// for a `Signer` on Cortex-M).
    pub(crate) const WIPED: Self = Self {
        inner: Sha256::WIPED,
        outer: Sha256::WIPED,
    };

    /// Keys `self` with `secret`, in place: the key block is built in the inner hash's own
    /// buffer and both pad blocks are compressed where the states live, so no copy of the
    /// key, a pad block or a midstate is made on the stack (issue 15). The one buffer serves
    /// both pads (`key ^ ipad`, then XOR-ed with `ipad ^ opad` into `key ^ opad`), so one
    /// block is wiped, not two; the outer hash's buffer never holds key material.
    pub(crate) fn set_key(&mut self, secret: &[u8]) {
        const IPAD: u8 = 0x36;
        const OPAD: u8 = 0x5c;
        *self = Self::EMPTY;
        let Self { inner, outer } = self;
        if secret.len() > BLOCK {
            // `finalize_into` wipes `outer`, which is then reset.
            outer.update(secret);
            outer.finalize_into(&mut inner.buf);
            *outer = Sha256::new();
        } else {
            copy(&mut inner.buf, secret);
        }
        let block = &mut inner.buf;
        for b in block.iter_mut() {
            *b ^= IPAD;
        }
        compress256(&mut inner.state, core::slice::from_ref(block));
        for b in block.iter_mut() {
            *b ^= IPAD ^ OPAD;
        }
        compress256(&mut outer.state, core::slice::from_ref(block));
        block.zeroize();
        inner.total = BLOCK as u64;
        outer.total = BLOCK as u64;
    }

    /// Feeds `start` to the inner hash, once: the beginning of every message this key will
    /// MAC (a `Signer`'s constant prefix), so that [`mac_tail`](Self::mac_tail) only hashes
    /// what follows it.
    pub(crate) fn absorb(&mut self, start: &[u8]) {
        self.inner.update(start);
    }

    /// The MAC of `msg` under `secret`, for a key used once: keyed in place, the MAC taken as
    /// a `Verifier` takes it, and both chaining values wiped on return. Those are all the key
    /// material left: `set_key` wipes the buffers the pad blocks were built in, and
    /// `mac_keyed` works on copies it wipes itself.
    pub(crate) fn mac_once(secret: &[u8], msg: &[u8]) -> [u8; MAC_LEN] {
        let mut key = Self::EMPTY;
        key.set_key(secret);
        let mac = key.mac_keyed(msg);
        key.inner.state.zeroize();
        key.outer.state.zeroize();
        mac
    }

    /// The MAC of `msg` under a key fresh from [`set_key`](Self::set_key) (a `Verifier`'s):
    /// the message's whole blocks are compressed straight from `msg` on a copy of the inner
    /// chaining value, and the last one or two blocks (the rest, `0x80`, zeros, the bit
    /// length) are built beside it, so no hash state is cloned, buffered or finalized. Only
    /// that copy of the chaining value is key-equivalent, and it is wiped; the blocks hold
    /// the public message and the inner digest, which does not reveal the key. Not inlined,
    /// so that its frame is not stacked on top of another's decode buffers.
    ///
    /// Where size comes before speed (`FAST_PATHS` in `lib.rs`), the inner hash is cloned, fed
    /// and finished instead: 442 bytes less of `.wasm`.
    #[inline(never)]
    pub(crate) fn mac_keyed(&self, msg: &[u8]) -> [u8; MAC_LEN] {
        if FAST_PATHS && self.inner.buf_len == 0 {
            let mut state = self.inner.state;
            let (blocks, rest) = msg.as_chunks::<BLOCK>();
            if !blocks.is_empty() {
                compress256(&mut state, blocks);
            }
            let mut last = [[0u8; BLOCK]; 2];
            copy(last.as_flattened_mut(), rest);
            let total = self.inner.total.saturating_add(msg.len() as u64);
            let mut mac = [0u8; MAC_LEN];
            // `rest` is under one block, so its padding always fits in two.
            let done = self.pad_and_finish(&mut state, &mut last, rest.len(), total, &mut mac);
            state.zeroize();
            if done.is_some() {
                return mac;
            }
        }
        // A key that has absorbed a start (a `Signer`'s), or size over speed.
        let mut h = self.inner.clone();
        h.update(msg);
        self.finish(&mut h)
    }

    /// Finishes a MAC whose inner hash `h` (a copy of `self.inner`) has absorbed the whole
    /// message; `h` is wiped.
    fn finish(&self, h: &mut Sha256) -> [u8; MAC_LEN] {
        let mut digest = [0u8; MAC_LEN];
        h.finalize_into(&mut digest);
        let mut outer_block = OUTER_PADDING;
        copy(&mut outer_block, &digest);
        let mut mac = [0u8; MAC_LEN];
        self.outer_compress(&outer_block, &mut mac);
        mac
    }
}

impl HmacKey {
    /// The MAC of everything the inner hash has absorbed followed by a tail of at most
    /// `BLOCK` bytes that `write` puts at the start of the zeroed block it is given, returning
    /// its length (`None` from `write` is passed on); `write` must leave the rest of that
    /// block zero, which is where the padding goes. This is the per-token path: the last
    /// inner block(s) are built in place and the tail is written straight into them, so that
    /// apart from the compressions there are only a few fixed-size stores and copies. The
    /// MAC goes to `mac` rather than out in an `Option` (whose layout put the 32 bytes at an
    /// odd offset, copied twice on the way out). `None` leaves `mac` untouched.
    /// Only the copy of the inner chaining value, which is key-equivalent, is wiped; the
    /// blocks hold public bytes and the inner digest, which does not reveal the key.
    pub(crate) fn mac_tail_with(
        &self,
        write: impl FnOnce(&mut [u8; BLOCK]) -> Option<usize>,
        mac: &mut [u8; MAC_LEN],
    ) -> Option<()> {
        let inner = &self.inner;
        let pending = inner.buf_len;
        let mut blocks = [[0u8; BLOCK]; 2];
        // The whole buffer, of which the first `pending` bytes are the message; the slot
        // handed to `write` starts there and is zeroed first, which also clears whatever the
        // buffer held past them. It ends at `pending + BLOCK <= 2 * BLOCK` (`pending < BLOCK`).
        let (first, _) = blocks.split_first_mut()?;
        *first = inner.buf;
        let flat = blocks.as_flattened_mut();
        let slot = flat.get_mut(pending..)?.first_chunk_mut::<BLOCK>()?;
        *slot = [0; BLOCK];
        let len = write(slot)?.min(BLOCK);
        let used = pending.saturating_add(len);
        // Past the tail everything is zero: the slot's zeros (`write` writes only its first
        // `len` bytes), then the zeros of `blocks`; the padding goes there.
        let total = inner.total.saturating_add(len as u64);
        let mut state = inner.state;
        let done = self.pad_and_finish(&mut state, &mut blocks, used, total, mac);
        state.zeroize();
        if done.is_none() {
            // A tail whose padding does not fit in two blocks: none the signer makes.
            let mut h = self.inner.clone();
            h.update(blocks.as_flattened().get(pending..used)?);
            *mac = self.finish(&mut h);
        }
        Some(())
    }

    /// Pads the message whose last bytes are the first `used` of `blocks` (zeros after them)
    /// and of which `total` bytes have been hashed in all, compresses the one or two blocks
    /// that takes onto the inner chaining value `state`, and writes the MAC into `mac`. `None`,
    /// with `state` and `mac` untouched, when the padding does not fit in two blocks.
    #[inline(always)]
    fn pad_and_finish(
        &self,
        state: &mut [u32; 8],
        blocks: &mut [[u8; BLOCK]; 2],
        used: usize,
        total: u64,
        mac: &mut [u8; MAC_LEN],
    ) -> Option<()> {
        // The 0x80 marker and the 8-byte length must fit after the data.
        let count = match used.saturating_add(9) {
            n if n <= BLOCK => 1,
            n if n <= 2 * BLOCK => 2,
            _ => return None,
        };
        *blocks.as_flattened_mut().get_mut(used)? = 0x80;
        let (used_blocks, _) = blocks.split_at_mut(count);
        let last = used_blocks.last_mut()?;
        *last.last_chunk_mut::<8>()? = total.wrapping_mul(8).to_be_bytes();
        compress256(state, used_blocks);
        self.outer_of(state, mac);
        Some(())
    }

    /// The outer hash of the inner chaining value `inner_state`, its digest written straight
    /// into the one outer block (as [`finish`](Self::finish) does from bytes).
    ///
    /// The block starts as a constant with the padding already in place, rather than zeros
    /// with the marker and the length stored into them: the compression reads the block 16
    /// bytes at a time right away, and a read that spans several recent stores (the zeros,
    /// then a byte, then two) has to wait until they reach the cache, where one whole store
    /// of the constant's 16 bytes is forwarded to it at once.
    fn outer_of(&self, inner_state: &[u32; 8], mac: &mut [u8; MAC_LEN]) {
        let mut outer_block = OUTER_PADDING;
        put_words(&mut outer_block, inner_state);
        self.outer_compress(&outer_block, mac);
    }

    /// The MAC from the outer block: compressed on a copy of the outer chaining value, whose
    /// result is the MAC (not key material).
    fn outer_compress(&self, outer_block: &[u8; BLOCK], mac: &mut [u8; MAC_LEN]) {
        let mut outer = self.outer.state;
        compress256(&mut outer, core::slice::from_ref(outer_block));
        put_words(mac, &outer);
    }
}

/// The outer block of every HMAC-SHA256 but for the inner digest (its first 32 bytes, zeros
/// here): the 0x80 marker after the digest, and the outer message's bit length at the end.
// Const evaluation: an index out of bounds here fails the build, it cannot panic at run time.
#[allow(clippy::indexing_slicing)]
const OUTER_PADDING: [u8; BLOCK] = {
    let mut block = [0u8; BLOCK];
    block[MAC_LEN] = 0x80;
    let [high, low] = OUTER_BITS.to_be_bytes();
    block[BLOCK - 2] = high;
    block[BLOCK - 1] = low;
    block
};

/// A chaining value as the big-endian bytes of a digest.
fn put_words(out: &mut [u8], words: &[u32; 8]) {
    for (chunk, word) in out.chunks_exact_mut(4).zip(words) {
        copy(chunk, &word.to_be_bytes());
    }
}

impl Zeroize for HmacKey {
    fn zeroize(&mut self) {
        self.inner.zeroize();
        self.outer.zeroize();
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation
    )]

    extern crate std;

    use hmac::{Hmac, KeyInit, Mac};
    use proptest::prelude::*;
    use std::vec::Vec;

    use super::{HmacKey, MAC_LEN};

    fn reference(secret: &[u8], msg: &[u8]) -> [u8; 32] {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).unwrap();
        mac.update(msg);
        mac.finalize().into_bytes().into()
    }

    proptest! {
        /// `mac_once` and `mac_keyed` agree with the `hmac` crate, at every message length
        /// around the block boundaries (55/56 bytes left over: one last block or two), and
        /// `mac_keyed` also for a key that has absorbed a start (its general path);
        /// `mac_tail_with` is checked below.
        #[test]
        fn macs_match_the_hmac_crate(secret in prop::collection::vec(any::<u8>(), 1..100),
                                     msg in prop::collection::vec(any::<u8>(), 0..300),
                                     cut in any::<prop::sample::Index>()) {
            let want = reference(&secret, &msg);
            prop_assert_eq!(HmacKey::mac_once(&secret, &msg), want);
            let mut key = HmacKey::EMPTY;
            key.set_key(&secret);
            prop_assert_eq!(key.mac_keyed(&msg), want);
            // A key that has absorbed a start of the message (a Signer's prefix).
            let cut = cut.index(msg.len() + 1);
            let (start, tail) = msg.split_at(cut);
            key.absorb(start);
            prop_assert_eq!(key.mac_keyed(tail), want);
        }
    }

    /// `mac_once` wipes only the chaining values because `set_key` leaves no key material
    /// anywhere else in the key.
    #[test]
    fn set_key_leaves_only_the_chaining_values() {
        for secret in [&b"k"[..], &[0xa5; 64], &[0x5a; 65], &[0xff; 1024]] {
            let mut key = HmacKey::EMPTY;
            key.set_key(secret);
            for h in [&key.inner, &key.outer] {
                assert_eq!(h.buf, [0; 64]);
                assert_eq!((h.buf_len, h.total), (0, 64));
            }
        }
    }

    #[test]
    fn every_length_up_to_three_blocks() {
        let secret = b"s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
        let msg: Vec<u8> = (0..=200u8).collect();
        let mut key = HmacKey::EMPTY;
        key.set_key(secret);
        for len in 0..=msg.len() {
            assert_eq!(
                key.mac_keyed(&msg[..len]),
                reference(secret, &msg[..len]),
                "{len}"
            );
        }
    }

    /// `mac_tail_with` against the plain MAC of the whole message, for every length of the
    /// absorbed start modulo the block and tails of 0 to 64 bytes: one block, two blocks,
    /// and the general path beyond.
    #[test]
    fn mac_tail_with_matches_the_mac_of_the_whole_message() {
        let secret = b"s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
        let message: [u8; 200] = core::array::from_fn(|i| (i * 7 + 3) as u8);
        for start in [0, 1, 37, 55, 56, 63, 64, 65, 100, 127] {
            for tail in 0..=64 {
                let mut key = HmacKey::EMPTY;
                key.set_key(secret);
                key.absorb(&message[..start]);
                let mut mac = [0u8; MAC_LEN];
                let written = key.mac_tail_with(
                    |slot| {
                        slot[..tail].copy_from_slice(&message[start..start + tail]);
                        Some(tail)
                    },
                    &mut mac,
                );
                assert_eq!(written, Some(()));
                let expected = HmacKey::mac_once(secret, &message[..start + tail]);
                assert_eq!(mac, expected, "start {start}, tail {tail}");
            }
        }
        let mut key = HmacKey::EMPTY;
        key.set_key(secret);
        let mut mac = [7u8; MAC_LEN];
        assert_eq!(key.mac_tail_with(|_| None, &mut mac), None);
        assert_eq!(mac, [7u8; MAC_LEN], "untouched when `write` fails");
    }
}
