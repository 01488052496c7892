//! `Signer`: everything that does not change between tokens, computed once.

use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::Error;
use crate::b64::{encode, encoded_len};
use crate::bytes::{AsciiBuf, copy};
use crate::declassify::declassify;
use crate::hmac::{HmacKey, MAC_LEN};
use crate::layout::{
    PAYLOAD_CAP, PAYLOAD_PREFIX_CAP, PREFIX_CAP, SIG_B64_LEN, TAIL_B64_CAP, TAIL_CAP, header_json,
    payload_prefix_json, payload_times_json, payload_times_len, tail_json,
};
use crate::validate::{
    MAX_ACCESS_KEY_LEN, MAX_ORG_ID_LEN, check_access_key, check_org_id, check_secret_ct,
    check_times,
};

/// Mints tokens for one access key, secret and org id.
///
/// Built once, it holds the encoded header, the constant start of the encoded payload, and
/// an HMAC-SHA256 state that has already absorbed that constant start of the signing input.
/// Each [`sign`](Signer::sign) only formats the two times and hashes the short tail: three
/// SHA-256 compressions for a 20-character key and a UUID org id, against eight for a
/// library that re-keys HMAC over the whole input.
///
/// A `Signer` is immutable after construction, so `&Signer` may be shared between threads.
/// Its key material is zeroized on drop; its `Debug` output never shows it.
///
/// ```
/// use meshes_token_core::{Signer, MAX_TOKEN_LEN};
///
/// let signer = Signer::new(
///     "AK7f3kQ9mZ2pL8xR4tV6",
///     b"s3cr3t_Key-with/chars=0123456789abcdefABCDEF",
///     "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60",
/// )?;
/// let mut buf = [0u8; MAX_TOKEN_LEN];
/// let token = signer.sign(1_767_225_600, 30, &mut buf)?;
/// assert!(token.ends_with(".9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w"));
/// # Ok::<(), meshes_token_core::Error>(())
/// ```
#[derive(Clone)]
pub struct Signer {
    key: HmacKey,
    /// The encoded header, the dot, and the encoding of the payload's first bytes (a multiple
    /// of 3 of them, so that this encoding is final); the key has absorbed it.
    prefix: AsciiBuf<PREFIX_CAP>,
    /// The payload's bytes after the 3-byte-aligned cut, encoded with each token's times.
    carry: AsciiBuf<2>,
    access_key: AsciiBuf<MAX_ACCESS_KEY_LEN>,
    org_id: AsciiBuf<MAX_ORG_ID_LEN>,
}

impl Signer {
    /// Validates the inputs and precomputes everything that every token shares.
    ///
    /// The secret is used as its raw bytes (UTF-8 as given, never base64-decoded, never
    /// trimmed). `&str` and `&[u8]` are both accepted for every argument.
    ///
    /// # Errors
    /// [`Error::AccessKey`], [`Error::Secret`] or [`Error::OrgId`], checked in that order.
    pub fn new(
        access_key: impl AsRef<[u8]>,
        secret: impl AsRef<[u8]>,
        org_id: impl AsRef<[u8]>,
    ) -> Result<Self, Error> {
        Self::from_bytes(access_key.as_ref(), secret.as_ref(), org_id.as_ref())
    }

    /// Builds the signer inside `slot`, where it will live, and returns it; on error `slot`
    /// is `None`. Whatever `slot` held before is dropped (and so wiped) first.
    ///
    /// The same as [`new`](Signer::new), for callers that must not leave key material behind:
    /// a value returned by `new` is moved to wherever the caller stores it, and a move in Rust
    /// is a copy that leaves the old bytes in dead stack. Here the key is derived straight
    /// into its place (the C ABI's `meshes_signer_init` builds the signer in the caller's
    /// struct this way).
    ///
    /// # Errors
    /// As [`new`](Signer::new).
    pub fn new_in(
        slot: &mut Option<Self>,
        access_key: impl AsRef<[u8]>,
        secret: impl AsRef<[u8]>,
        org_id: impl AsRef<[u8]>,
    ) -> Result<&Self, Error> {
        let (access_key, secret, org_id) = (access_key.as_ref(), secret.as_ref(), org_id.as_ref());
        *slot = None;
        check_inputs(access_key, secret, org_id)?;
        let filled = slot.insert(Self::BLANK).fill(access_key, secret, org_id);
        if let Err(error) = filled {
            *slot = None;
            return Err(error);
        }
        slot.as_ref().ok_or(Error::Internal)
    }

    fn from_bytes(access_key: &[u8], secret: &[u8], org_id: &[u8]) -> Result<Self, Error> {
        check_inputs(access_key, secret, org_id)?;
        // Everything is written into the fields of `signer` itself rather than built in
        // temporaries and moved in: the 1 KiB struct exists once on the stack (this keeps
        // `meshes_signer_init` within its embedded stack budget).
        let mut signer = Self::BLANK;
        signer.fill(access_key, secret, org_id)?;
        Ok(signer)
    }

    /// A signer with no key and no prefix yet, holding nothing secret.
    const BLANK: Self = Self {
        key: HmacKey::WIPED,
        prefix: AsciiBuf::EMPTY,
        carry: AsciiBuf::EMPTY,
        access_key: AsciiBuf::EMPTY,
        org_id: AsciiBuf::EMPTY,
    };

    /// Keys a [`BLANK`](Self::BLANK) signer in place and precomputes the token prefix.
    fn fill(&mut self, access_key: &[u8], secret: &[u8], org_id: &[u8]) -> Result<(), Error> {
        self.key.set_key(secret);
        self.access_key.push(access_key)?;
        self.org_id.push(org_id)?;

        let header = header_json(access_key)?;
        self.prefix
            .push_with(|room| encode(header.as_bytes(), room))?;
        self.prefix.push(b".")?;

        let mut payload = AsciiBuf::<PAYLOAD_PREFIX_CAP>::EMPTY;
        payload_prefix_json(&mut payload, access_key, org_id)?;
        // Cut the payload prefix at a multiple of 3 bytes so that its encoding is final and
        // the per-token tail starts on a base64 quantum.
        let payload = payload.as_bytes();
        let aligned_len = payload.len().saturating_sub(payload.len() % 3);
        let (aligned, carry) = payload
            .split_at_checked(aligned_len)
            .ok_or(Error::Internal)?;
        self.prefix.push_with(|room| encode(aligned, room))?;
        self.carry.push(carry)?;

        self.key.absorb(self.prefix.as_bytes());
        Ok(())
    }

    /// The access key this signer puts in `kid` and `iss`.
    #[must_use]
    pub fn access_key(&self) -> &str {
        self.access_key.as_str()
    }

    /// The org id this signer puts in `org`.
    #[must_use]
    pub fn org_id(&self) -> &str {
        self.org_id.as_str()
    }

    /// The exact length of the token that [`sign`](Signer::sign) produces for these times.
    ///
    /// # Errors
    /// [`Error::Ttl`] or [`Error::Time`], as `sign` would return.
    pub fn token_len(&self, issued_at: u64, ttl: u32) -> Result<usize, Error> {
        let exp = check_times(issued_at, ttl)?;
        let tail_len = self
            .carry
            .len()
            .saturating_add(payload_times_len(issued_at, exp));
        Ok(self
            .prefix
            .len()
            .saturating_add(encoded_len(tail_len))
            .saturating_add(1)
            .saturating_add(SIG_B64_LEN))
    }

    /// Mints the token issued at `issued_at` (seconds since the Unix epoch) that expires `ttl`
    /// seconds later, into `out`, and returns it. No heap allocation.
    ///
    /// On error nothing is left in `out`: it is either untouched or, for
    /// [`Error::Internal`], zeroed over the token's length.
    ///
    /// # Errors
    /// [`Error::Ttl`] when `ttl` is outside `1..=60`; [`Error::Time`] when
    /// `issued_at + ttl > 2^53 − 1`; [`Error::BufferTooSmall`] with the exact length needed
    /// (see also [`token_len`](Signer::token_len) and [`MAX_TOKEN_LEN`](crate::MAX_TOKEN_LEN)).
    pub fn sign<'o>(&self, issued_at: u64, ttl: u32, out: &'o mut [u8]) -> Result<&'o str, Error> {
        let token = self.sign_bytes(issued_at, ttl, out)?;
        core::str::from_utf8(token).map_err(|_| Error::Internal)
    }

    /// As [`sign`](Signer::sign), returning the token as bytes (ASCII). It skips the UTF-8
    /// check that making a `&str` of the output costs, about a fifth of the work that is not
    /// hashing: for callers that pass the bytes on, such as the C ABI.
    ///
    /// # Errors
    /// As [`sign`](Signer::sign).
    pub fn sign_bytes<'o>(
        &self,
        issued_at: u64,
        ttl: u32,
        out: &'o mut [u8],
    ) -> Result<&'o [u8], Error> {
        let exp = check_times(issued_at, ttl)?;
        let mut tail = [0u8; TAIL_CAP];
        let carry = *self.carry.as_array();
        let tail_len =
            tail_json(&mut tail, carry, self.carry.len(), issued_at, exp).ok_or(Error::Internal)?;
        let tail = tail.get(..tail_len).ok_or(Error::Internal)?;

        let tail_b64_len = encoded_len(tail.len());
        let needed = self
            .prefix
            .len()
            .saturating_add(tail_b64_len)
            .saturating_add(1)
            .saturating_add(SIG_B64_LEN);
        let Some(token) = out.get_mut(..needed) else {
            return Err(Error::BufferTooSmall { needed });
        };
        if self.write_token(tail, tail_b64_len, token).is_err() {
            token.zeroize();
            return Err(Error::Internal);
        }
        Ok(token)
    }

    fn write_token(&self, tail: &[u8], tail_b64_len: usize, token: &mut [u8]) -> Result<(), Error> {
        let prefix = self.prefix.as_bytes();
        let (prefix_out, rest) = token
            .split_at_mut_checked(prefix.len())
            .ok_or(Error::Internal)?;
        // The tail is encoded once, straight into the last inner block where the hash reads
        // it, and copied from there into the token with one fixed-size copy of the longest
        // encoded tail: the bytes it puts past this tail's end land on the signature's place
        // (`rest` is the tail and the signature, so always long enough: the shortest tail,
        // 10 bytes, encodes to 14 characters, and 14 + 1 + SIG_B64_LEN >= TAIL_B64_CAP), which
        // `put_signature` overwrites; on any error the whole token is zeroed. The prefix does
        // not depend on the hash, so the CPU copies it while hashing wherever it is placed
        // (before the hash measured the same).
        let mut mac = [0u8; MAC_LEN];
        self.key
            .mac_tail_with(
                |slot| {
                    let len = encode(tail, slot)?;
                    match (rest.first_chunk_mut(), slot.first_chunk::<TAIL_B64_CAP>()) {
                        (Some(dst), Some(src)) => *dst = *src,
                        _ => copy(rest, slot.get(..len)?),
                    }
                    Some(len)
                },
                &mut mac,
            )
            .ok_or(Error::Internal)?;
        copy(prefix_out, prefix);
        let sig_out = rest.get_mut(tail_b64_len..).ok_or(Error::Internal)?;
        put_signature(sig_out, &mac)
    }

    /// Mints a token issued now, by the system clock.
    ///
    /// # Errors
    /// As [`sign`](Signer::sign), and [`Error::Clock`] when the clock is before the epoch.
    #[cfg(feature = "std")]
    pub fn sign_now<'o>(&self, ttl: u32, out: &'o mut [u8]) -> Result<&'o str, Error> {
        self.sign(crate::unix_now()?, ttl, out)
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("access_key", &self.access_key())
            .field("org_id", &self.org_id())
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl Drop for Signer {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

impl ZeroizeOnDrop for Signer {}

/// Mints one token without keeping a [`Signer`]: validation, keying and signing in one call.
/// For more than one token with the same credentials, build a `Signer` once instead.
///
/// ```
/// let mut buf = [0u8; meshes_token_core::MAX_TOKEN_LEN];
/// let token = meshes_token_core::sign_token(
///     "AK7f3kQ9mZ2pL8xR4tV6",
///     "s3cr3t_Key-with/chars=0123456789abcdefABCDEF",
///     "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60",
///     1_767_225_600,
///     30,
///     &mut buf,
/// )?;
/// assert_eq!(token.len(), 311);
/// # Ok::<(), meshes_token_core::Error>(())
/// ```
///
/// # Errors
/// As [`Signer::new`], then as [`Signer::sign`].
pub fn sign_token(
    access_key: impl AsRef<[u8]>,
    secret: impl AsRef<[u8]>,
    org_id: impl AsRef<[u8]>,
    issued_at: u64,
    ttl: u32,
    out: &mut [u8],
) -> Result<&str, Error> {
    let (access_key, secret, org_id) = (access_key.as_ref(), secret.as_ref(), org_id.as_ref());
    check_inputs(access_key, secret, org_id)?;
    let exp = check_times(issued_at, ttl)?;
    // Not `Signer::new(..)?.sign(..)`: the signer's 1 KiB of precomputed state only pays off
    // from the second token on. Measured (issue 17): that costs 2.5% more instructions
    // (32,092 against 31,308 under callgrind) and three times the stack of
    // `meshes_sign_token` on Cortex-M (3,948 to 4,124 B against 1,316 to 1,404 B).
    let header = header_json(access_key)?;
    let mut payload = AsciiBuf::<PAYLOAD_CAP>::EMPTY;
    payload_prefix_json(&mut payload, access_key, org_id)?;
    payload_times_json(&mut payload, issued_at, exp)?;
    let (header, payload) = (header.as_bytes(), payload.as_bytes());
    let signing_len = encoded_len(header.len())
        .saturating_add(1)
        .saturating_add(encoded_len(payload.len()));
    let needed = signing_len.saturating_add(1).saturating_add(SIG_B64_LEN);
    let Some(token) = out.get_mut(..needed) else {
        return Err(Error::BufferTooSmall { needed });
    };
    if write_one_shot(header, payload, secret, signing_len, token).is_err() {
        token.zeroize();
        return Err(Error::Internal);
    }
    core::str::from_utf8(token).map_err(|_| Error::Internal)
}

fn write_one_shot(
    header: &[u8],
    payload: &[u8],
    secret: &[u8],
    signing_len: usize,
    token: &mut [u8],
) -> Result<(), Error> {
    let at = encode(header, token).ok_or(Error::Internal)?;
    *token.get_mut(at).ok_or(Error::Internal)? = b'.';
    let rest = token
        .get_mut(at.saturating_add(1)..)
        .ok_or(Error::Internal)?;
    encode(payload, rest).ok_or(Error::Internal)?;
    let (signing_input, rest) = token
        .split_at_mut_checked(signing_len)
        .ok_or(Error::Internal)?;
    let mac = HmacKey::mac_once(secret, signing_input);
    put_signature(rest, &mac)
}

/// Writes `.` and the encoded MAC, exactly filling `out`. The MAC goes out in the token, so
/// it is declassified first: the encoder's table lookups are indexed by its bits.
fn put_signature(out: &mut [u8], mac: &[u8; MAC_LEN]) -> Result<(), Error> {
    let (dot, sig_out) = out.split_first_mut().ok_or(Error::Internal)?;
    *dot = b'.';
    let mut mac = *mac;
    declassify(&mut mac);
    match encode(&mac, sig_out) {
        Some(SIG_B64_LEN) if sig_out.len() == SIG_B64_LEN => Ok(()),
        _ => Err(Error::Internal),
    }
}

/// The three construction-time rules, in the documented order.
fn check_inputs(access_key: &[u8], secret: &[u8], org_id: &[u8]) -> Result<(), Error> {
    check_access_key(access_key)?;
    check_secret_ct(secret)?;
    check_org_id(org_id)
}
