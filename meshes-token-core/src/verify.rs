//! `verify` and `key_id`: reading a token with fixed buffers and no allocation.
//!
//! What is constant-time here and what is not: the MAC comparison is (`subtle`). Decoding the
//! presented signature, input lengths, base64 and JSON parsing, and which check fails first
//! are not: they only see what the token carries, which is public. The secret's bytes steer no
//! branch and no index (`make test-ct` checks it); the verdicts on the secret's rules and on
//! the MAC comparison are declassified (`declassify.rs`), as the caller learns them anyway.

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use crate::Error;
use crate::b64;
use crate::bytes::AsciiBuf;
use crate::canonical;
use crate::declassify::declassify;
use crate::hmac::{HmacKey, MAC_LEN};
use crate::json::{self, Header, ISS_PREFIX, Payload};
use crate::swar::find_byte;
use crate::validate::{
    MAX_ACCESS_KEY_LEN, MAX_ORG_ID_LEN, MAX_TIME, MAX_TTL, check_secret_ct, is_access_key,
    is_org_id,
};

/// The longest token `verify` and `key_id` accept, in bytes. Longer input is
/// [`Error::Malformed`] before any decoding.
pub const MAX_VERIFY_LEN: usize = 1024;

/// The largest `leeway` [`verify`] accepts, in seconds; a larger one is [`Error::Leeway`].
/// Five minutes covers any real clock skew; tokens live at most 60 s, so a leeway beyond
/// that only stretches how long a stolen token works (a caller passing milliseconds would
/// make every token valid for weeks).
pub const MAX_LEEWAY: u32 = 300;

/// Header and payload decode into one buffer; together they are at most 3/4 of the token.
const DECODED_CAP: usize = MAX_VERIFY_LEN / 4 * 3;
const SIG_B64_LEN: usize = b64::encoded_len(MAC_LEN);

/// The claims of a verified token.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Claims {
    access_key: AsciiBuf<MAX_ACCESS_KEY_LEN>,
    org_id: AsciiBuf<MAX_ORG_ID_LEN>,
    issued_at: u64,
    expires_at: u64,
}

impl Claims {
    /// The access key (`kid`, and the end of `iss`).
    #[must_use]
    pub fn access_key(&self) -> &str {
        self.access_key.as_str()
    }

    /// The organization id (`org`).
    #[must_use]
    pub fn org_id(&self) -> &str {
        self.org_id.as_str()
    }

    /// `iat`: when the token was issued, in seconds since the Unix epoch.
    #[must_use]
    pub const fn issued_at(&self) -> u64 {
        self.issued_at
    }

    /// `exp`: the first second at which the token is no longer valid.
    #[must_use]
    pub const fn expires_at(&self) -> u64 {
        self.expires_at
    }
}

impl fmt::Debug for Claims {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claims")
            .field("access_key", &self.access_key())
            .field("org_id", &self.org_id())
            .field("issued_at", &self.issued_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A token's `kid`, read without verifying the token (see [`key_id`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyId {
    key: AsciiBuf<MAX_ACCESS_KEY_LEN>,
}

impl KeyId {
    /// A key id already checked against the access-key rules.
    fn new(kid: &[u8]) -> Result<Self, Error> {
        let mut key = AsciiBuf::EMPTY;
        key.push(kid)?;
        Ok(Self { key })
    }

    /// The key id as a string; it satisfies the access-key rules.
    #[must_use]
    pub fn as_str(&self) -> &str {
        self.key.as_str()
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("KeyId").field(&self.as_str()).finish()
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The three segments of a compact token, split but not yet decoded.
struct Segments<'t> {
    header: &'t [u8],
    payload: &'t [u8],
    signature: &'t [u8],
    signing_input: &'t [u8],
}

fn split(token: &[u8]) -> Result<Segments<'_>, Error> {
    if token.is_empty() {
        return Err(Error::Malformed("token is empty"));
    }
    if token.len() > MAX_VERIFY_LEN {
        return Err(Error::Malformed("token is longer than 1024 bytes"));
    }
    let not_three = Error::Malformed("token is not three '.'-separated segments");
    let (header, rest) = split_at_dot(token).ok_or(not_three)?;
    let (payload, signature) = split_at_dot(rest).ok_or(not_three)?;
    if find_byte(signature, b'.').is_some() {
        return Err(not_three);
    }
    let signing_len = header.len().saturating_add(1).saturating_add(payload.len());
    let signing_input = token.get(..signing_len).ok_or(Error::Internal)?;
    Ok(Segments {
        header,
        payload,
        signature,
        signing_input,
    })
}

/// The bytes before the first `.` and those after it.
fn split_at_dot(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let dot = find_byte(bytes, b'.')?;
    let (before, dot_and_after) = bytes.split_at_checked(dot)?;
    Some((before, dot_and_after.get(1..)?))
}

/// Decodes and parses the header; checks nothing but its JSON shape.
fn read_header<'b>(
    segments: &Segments<'_>,
    buf: &'b mut [u8],
) -> Result<(Header, &'b mut [u8]), Error> {
    let header_len = b64::decode(segments.header, buf)?.len();
    let (header_json, rest) = buf
        .split_at_mut_checked(header_len)
        .ok_or(Error::Internal)?;
    let header = json::read_header(header_json)?;
    Ok((header, rest))
}

/// The `kid`, checked against the access-key rules.
fn checked_kid(header: &Header) -> Result<&[u8], Error> {
    if !header.kid.is_present() {
        return Err(Error::Claims("kid is missing"));
    }
    match header.kid.get() {
        Some(kid) if is_access_key(kid) => Ok(kid),
        _ => Err(Error::Claims("kid is not a valid access key")),
    }
}

/// Verifies a Meshes machine token and returns its claims.
///
/// `token` is the compact JWT (at most [`MAX_VERIFY_LEN`] bytes), `secret` the access key's
/// secret as raw bytes, `now` the current time in seconds since the Unix epoch, and `leeway`
/// the clock skew tolerated in both directions, at most [`MAX_LEEWAY`] (300 s). The token is
/// valid while `iat <= now + leeway`, `now < exp + leeway` and, when it has an `nbf` claim,
/// `nbf <= now + leeway`. A header with a `crit` parameter is rejected, whatever it lists
/// (RFC 7515 section 4.1.11: this verifier understands no extension).
///
/// Any layout of the JSON is accepted (Node `jsonwebtoken`, `jose`, the Go SDK's sorted keys,
/// `PyJWT`, white space, escapes, unknown extra claims), but only HS256, and only the Meshes
/// profile: `iss` = `urn:meshes:m2m:<kid>`, `aud` = `meshes-api` (or an array holding it),
/// a valid `org`, and `exp − iat` in `1..=60`. No heap allocation.
///
/// ```
/// use meshes_token_core::{sign_token, verify, MAX_TOKEN_LEN};
///
/// let secret = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
/// let mut buf = [0u8; MAX_TOKEN_LEN];
/// let token = sign_token("AK7f3kQ9mZ2pL8xR4tV6", secret, "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60",
///     1_767_225_600, 30, &mut buf)?;
/// let claims = verify(token, secret, 1_767_225_610, 0)?;
/// assert_eq!(claims.access_key(), "AK7f3kQ9mZ2pL8xR4tV6");
/// assert_eq!(claims.expires_at(), 1_767_225_630);
/// assert_eq!(verify(token, secret, 1_767_225_630, 0), Err(meshes_token_core::Error::Expired));
/// # Ok::<(), meshes_token_core::Error>(())
/// ```
///
/// # Errors
/// Checked in this order, the first failure wins: [`Error::Leeway`] for a leeway above
/// [`MAX_LEEWAY`]; [`Error::Secret`] for a secret that breaks the signing rules;
/// [`Error::Malformed`] for the token's structure, base64 or header JSON;
/// [`Error::Algorithm`]; [`Error::Claims`] for `crit`, `typ` or `kid`; [`Error::Signature`];
/// [`Error::Malformed`] for the payload JSON (a non-integer `nbf` included);
/// [`Error::Claims`] for the claims; [`Error::Expired`]; [`Error::NotYetValid`] (`iat`, then
/// `nbf`).
pub fn verify(
    token: impl AsRef<[u8]>,
    secret: impl AsRef<[u8]>,
    now: u64,
    leeway: u32,
) -> Result<Claims, Error> {
    verify_bytes(token.as_ref(), secret.as_ref(), now, leeway)
}

fn verify_bytes(token: &[u8], secret: &[u8], now: u64, leeway: u32) -> Result<Claims, Error> {
    if leeway > MAX_LEEWAY {
        return Err(Error::Leeway);
    }
    check_secret_ct(secret)?;
    verify_keyed(token, Key::Secret(secret), now, leeway)
}

/// The key a token is checked with: a secret keyed for this one token ([`verify`]), or the
/// HMAC state a [`Verifier`](crate::Verifier) keyed once. One enum rather than a generic, so
/// that the parsing below exists once in the binary (it matters for wasm and firmware).
#[derive(Clone, Copy)]
pub(crate) enum Key<'k> {
    Secret(&'k [u8]),
    Keyed(&'k HmacKey),
}

impl Key<'_> {
    fn mac(self, msg: &[u8]) -> [u8; MAC_LEN] {
        match self {
            Key::Secret(secret) => HmacKey::mac_once(secret, msg),
            Key::Keyed(key) => key.mac_keyed(msg),
        }
    }
}

/// Everything of [`verify`] after the leeway and the secret are checked.
///
/// Inlined into both callers except on wasm: as a call of its own, its frame (the decode
/// buffer) stacked on the C ABI's instead of sharing slots with it, +736 B of
/// `meshes_verify_token` stack on the host at opt-level s, against the 4 KiB embedded budget.
/// On wasm the stack is not budgeted but the module's size is (32 KiB), so one copy is kept.
#[cfg_attr(not(target_family = "wasm"), inline(always))]
#[cfg_attr(target_family = "wasm", inline(never))]
pub(crate) fn verify_keyed(
    token: &[u8],
    key: Key<'_>,
    now: u64,
    leeway: u32,
) -> Result<Claims, Error> {
    let mut scratch = Scratch {
        tail: [0; canonical::HEADER_TAIL_CAP],
        payload: [0; canonical::PAYLOAD_CAP],
    };
    if let Some(token) = read_canonical(token, &mut scratch) {
        compare_mac(key.mac(token.signing_input), &token.given)?;
        return check_claims(token.kid, &token.members, now, leeway);
    }
    verify_general(token, key, now, leeway, &mut scratch.tail)
}

/// [`verify_keyed`] for any token: split, decoded and read in the order of the checks.
/// `tail` is room for the canonical header path, which a token can take with a payload in
/// another layout.
#[inline(always)]
fn verify_general(
    token: &[u8],
    key: Key<'_>,
    now: u64,
    leeway: u32,
    tail: &mut [u8; canonical::HEADER_TAIL_CAP],
) -> Result<Claims, Error> {
    let segments = split(token)?;
    let mut buf = [0u8; DECODED_CAP];
    let header: Header;
    let (kid, payload_json) = if let Some(kid) = canonical::header_kid(segments.header, tail) {
        (kid, b64::decode(segments.payload, &mut buf)?)
    } else {
        let rest;
        (header, rest) = read_header(&segments, &mut buf)?;
        let payload_json = b64::decode(segments.payload, rest)?;
        (check_header(&header)?, payload_json)
    };
    check_signature(&segments, key)?;

    let payload: Payload;
    let members = if let Some(fast) = canonical::payload(payload_json, kid) {
        Members::canonical(&fast)
    } else {
        payload = json::read_payload(payload_json)?;
        Members::of(&payload)
    };
    check_claims(kid, &members, now, leeway)
}

/// A token whose header and payload are in the layout [`Signer`](crate::Signer) writes, read
/// in one pass: what the signature and claim checks need.
struct Canonical<'t, 'b> {
    signing_input: &'t [u8],
    kid: &'b [u8],
    given: [u8; MAC_LEN],
    members: Members<'b>,
}

/// Room for what [`read_canonical`] decodes: the header's tail and the payload.
struct Scratch {
    tail: [u8; canonical::HEADER_TAIL_CAP],
    payload: [u8; canonical::PAYLOAD_CAP],
}

/// Reads a token in the canonical layout: `None` for any other token, and for any token the
/// general path refuses before the signature check, so that the general path gives the error.
///
/// The same reading as the general path's, in fewer steps: the signature is the last 43 bytes
/// after a `.`, and the header is what comes before the first `.`, so `split`'s scans of the
/// payload and the signature for more dots are left to the base64 decoder, which refuses a
/// `.`; the header and the payload are read by the `canonical` fast paths, which return what
/// the general reader returns for them; the payload is decoded into a buffer sized for the
/// longest canonical payload. When all of that holds, the general path would find the same
/// segments, pass every header check and decode the same bytes, so from the signature on the
/// two run the same code. The unit tests compare both on canonical and mutated tokens.
#[inline(always)]
fn read_canonical<'t, 'b>(token: &'t [u8], scratch: &'b mut Scratch) -> Option<Canonical<'t, 'b>> {
    if !crate::FAST_PATHS || token.len() > MAX_VERIFY_LEN {
        return None;
    }
    let (signing_input, signature) =
        token.split_at_checked(token.len().checked_sub(SIG_B64_LEN)?)?;
    let signing_input = signing_input.strip_suffix(b".")?;
    // The header's constant start cannot hold the first `.`: search after it.
    let after_start = signing_input.strip_prefix(canonical::HEADER_B64_START)?;
    let (header_rest, payload) = split_at_dot(after_start)?;
    let kid = canonical::header_kid_after_start(header_rest, &mut scratch.tail)?;
    let json = canonical::payload_json(payload, &mut scratch.payload)?;
    let fast = canonical::payload(json, kid)?;
    let mut given = [0u8; MAC_LEN];
    if b64::decode(signature, &mut given).ok()?.len() != MAC_LEN {
        return None;
    }
    Some(Canonical {
        signing_input,
        kid,
        given,
        members: Members::canonical(&fast),
    })
}

/// The header checks after the JSON is read, in order; the `kid` when they pass.
fn check_header(header: &Header) -> Result<&[u8], Error> {
    if header.alg.get() != Some(b"HS256") {
        return Err(Error::Algorithm);
    }
    if header.crit {
        return Err(Error::Claims(
            "crit names an extension this verifier does not understand",
        ));
    }
    if header.typ.is_present() && header.typ.get() != Some(b"JWT") {
        return Err(Error::Claims("typ is not JWT"));
    }
    checked_kid(header)
}

/// The payload members the claim rules look at, however they were read (`None`: missing).
struct Members<'p> {
    iss: Option<&'p [u8]>,
    aud: Option<bool>,
    org: Option<&'p [u8]>,
    iat: Option<u64>,
    exp: Option<u64>,
    nbf: Option<u64>,
}

impl<'p> Members<'p> {
    /// The members of a canonical payload: `aud` is `meshes-api` and there is no `nbf`.
    #[inline(always)]
    fn canonical(fast: &canonical::Payload<'p>) -> Self {
        Self {
            iss: Some(fast.iss),
            aud: Some(true),
            org: Some(fast.org),
            iat: Some(fast.iat),
            exp: Some(fast.exp),
            nbf: None,
        }
    }

    /// The members the general reader found.
    #[inline(always)]
    fn of(payload: &'p Payload) -> Self {
        Self {
            iss: payload.iss.member(),
            aud: payload.aud,
            org: payload.org.member(),
            iat: payload.iat,
            exp: payload.exp,
            nbf: payload.nbf,
        }
    }
}

fn check_signature(segments: &Segments<'_>, key: Key<'_>) -> Result<(), Error> {
    if segments.signature.len() != SIG_B64_LEN {
        return Err(Error::Signature);
    }
    let mut buf = [0u8; MAC_LEN];
    let Some(given) = b64::decode(segments.signature, &mut buf)
        .ok()
        .and_then(|given| <&[u8; MAC_LEN]>::try_from(given).ok())
    else {
        return Err(Error::Signature);
    };
    compare_mac(key.mac(segments.signing_input), given)
}

/// Compares the MAC the key gives with the one the token carries, in constant time, and
/// wipes the expected one (for a forged token it is the signature the forger lacks).
///
/// The bytes are compared eight at a time: the differences are OR-ed into one word with no
/// branch, and only that word goes through `subtle`'s comparison (one optimization barrier
/// instead of one per byte).
fn compare_mac(mut expected: [u8; MAC_LEN], given: &[u8; MAC_LEN]) -> Result<(), Error> {
    let difference = expected
        .as_chunks::<8>()
        .0
        .iter()
        .zip(given.as_chunks::<8>().0)
        .fold(0u64, |acc, (e, g)| {
            acc | (u64::from_ne_bytes(*e) ^ u64::from_ne_bytes(*g))
        });
    let mut equal = [difference.ct_eq(&0).unwrap_u8()];
    expected.zeroize();
    // The verdict is the one thing about the expected MAC the caller learns.
    declassify(&mut equal);
    if equal == [1] {
        Ok(())
    } else {
        Err(Error::Signature)
    }
}

fn check_claims(kid: &[u8], payload: &Members<'_>, now: u64, leeway: u32) -> Result<Claims, Error> {
    let Some(iss) = payload.iss else {
        return Err(Error::Claims("iss is missing"));
    };
    if iss.strip_prefix(ISS_PREFIX) != Some(kid) {
        return Err(Error::Claims("iss is not urn:meshes:m2m:<kid>"));
    }
    match payload.aud {
        None => return Err(Error::Claims("aud is missing")),
        Some(false) => return Err(Error::Claims("aud is not meshes-api")),
        Some(true) => {}
    }
    let Some(org) = payload.org else {
        return Err(Error::Claims("org is missing"));
    };
    if !is_org_id(org) {
        return Err(Error::Claims("org is not a valid org id"));
    }
    let (Some(iat), Some(exp)) = (payload.iat, payload.exp) else {
        return Err(Error::Claims("iat or exp is missing"));
    };
    if iat > MAX_TIME || exp > MAX_TIME {
        return Err(Error::Claims("iat or exp is above 2^53 - 1"));
    }
    if payload.nbf.is_some_and(|nbf| nbf > MAX_TIME) {
        return Err(Error::Claims("nbf is above 2^53 - 1"));
    }
    match exp.checked_sub(iat) {
        Some(ttl) if ttl >= 1 && ttl <= u64::from(MAX_TTL) => {}
        _ => return Err(Error::Claims("exp - iat is not 1 to 60 seconds")),
    }
    let leeway = u64::from(leeway);
    if now >= exp.saturating_add(leeway) {
        return Err(Error::Expired);
    }
    if iat > now.saturating_add(leeway) {
        return Err(Error::NotYetValid);
    }
    if payload
        .nbf
        .is_some_and(|nbf| nbf > now.saturating_add(leeway))
    {
        return Err(Error::NotYetValid);
    }

    let mut claims = Claims {
        access_key: AsciiBuf::EMPTY,
        org_id: AsciiBuf::EMPTY,
        issued_at: iat,
        expires_at: exp,
    };
    claims.access_key.push(kid)?;
    claims.org_id.push(org)?;
    Ok(claims)
}

/// Reads a token's `kid` without verifying anything else, so that a server can look up the
/// secret to verify it with. Never trust the result before [`verify`] succeeds.
///
/// ```
/// let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFLIn0.e30.c2ln";
/// assert_eq!(meshes_token_core::key_id(token)?.as_str(), "AK");
/// # Ok::<(), meshes_token_core::Error>(())
/// ```
///
/// # Errors
/// [`Error::Malformed`] for the token's structure (length, three segments) or the header's
/// base64 or JSON; [`Error::Claims`] when `kid` is missing or breaks the access-key rules.
pub fn key_id(token: impl AsRef<[u8]>) -> Result<KeyId, Error> {
    let segments = split(token.as_ref())?;
    let mut canonical_tail = [0u8; canonical::HEADER_TAIL_CAP];
    if let Some(kid) = canonical::header_kid(segments.header, &mut canonical_tail) {
        return KeyId::new(kid);
    }
    let mut buf = [0u8; DECODED_CAP];
    // Only the header is decoded: the payload is for `verify` to judge, after the signature.
    let (header, _) = read_header(&segments, &mut buf)?;
    KeyId::new(checked_kid(&header)?)
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )]

    extern crate std;

    use proptest::prelude::*;
    use std::vec::Vec;

    use super::{Key, Scratch, read_canonical, verify_general, verify_keyed};
    use crate::canonical::HEADER_TAIL_CAP;
    use crate::hmac::HmacKey;
    use crate::{MAX_TOKEN_LEN, Signer};

    const SECRET: &[u8] = b"s3cr3t_Key-with/chars=0123456789abcdefABCDEF";

    /// Both keys, and for each the verdicts of the whole path and of the general path alone.
    fn check(token: &[u8], now: u64) {
        let mut keyed = HmacKey::EMPTY;
        keyed.set_key(SECRET);
        for key in [Key::Secret(SECRET), Key::Keyed(&keyed)] {
            let general = verify_general(token, key, now, 0, &mut [0; HEADER_TAIL_CAP]);
            assert_eq!(
                verify_keyed(token, key, now, 0),
                general,
                "{:?}",
                std::str::from_utf8(token)
            );
        }
    }

    fn byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            Just(b'.'),
            Just(b'A'),
            Just(b'Q'),
            Just(b'g'),
            Just(b'-'),
            Just(b'_'),
            Just(b'='),
            Just(b'+'),
            Just(0x80_u8),
            any::<u8>()
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// The canonical reading decides nothing the general path would decide otherwise:
        /// canonical tokens, and the same with bytes replaced, removed or inserted anywhere
        /// (dots, base64 characters, bytes outside the alphabet), get the same verdict.
        #[test]
        fn canonical_reading_agrees_with_the_general_path(
            kid in "[A-Za-z0-9._-]{1,40}", org in "[a-z0-9-]{1,40}", iat in 0_u64..(1 << 40),
            ttl in 1_u32..=60, now_offset in 0_u64..70,
            edits in prop::collection::vec((any::<prop::sample::Index>(), 0_u8..3, byte()), 0..3),
        ) {
            let mut buf = [0u8; MAX_TOKEN_LEN];
            let Ok(signer) = Signer::new(&kid, SECRET, &org) else { return Ok(()) };
            let mut token: Vec<u8> = signer.sign_bytes(iat, ttl, &mut buf).unwrap().to_vec();
            for (at, op, b) in edits {
                let at = at.index(token.len() + 1);
                match op {
                    0 if at < token.len() => token[at] = b,
                    1 if at < token.len() => { token.remove(at); }
                    _ => token.insert(at, b),
                }
            }
            check(&token, iat + now_offset);
        }
    }

    #[test]
    fn canonical_edge_tokens() {
        let signer = Signer::new("AK", SECRET, "org").unwrap();
        let mut buf = [0u8; MAX_TOKEN_LEN];
        let token = signer.sign_bytes(100, 30, &mut buf).unwrap().to_vec();
        check(&token, 110);
        assert!(verify_keyed(&token, Key::Secret(SECRET), 110, 0).is_ok());
        // The signer's own token is read in one pass (so the comparisons above did compare
        // the two paths), and its members are the token's.
        let mut scratch = Scratch {
            tail: [0; HEADER_TAIL_CAP],
            payload: [0; crate::canonical::PAYLOAD_CAP],
        };
        let read = read_canonical(&token, &mut scratch).unwrap();
        assert_eq!(read.kid, b"AK");
        assert_eq!((read.members.iat, read.members.exp), (Some(100), Some(130)));
        assert_eq!(read.members.org, Some(&b"org"[..]));
        assert_eq!(read.signing_input, &token[..token.len() - 44]);
        let sig_at = token.len() - 43;
        for cut in [0, 1, 43, 44, sig_at - 1, sig_at, token.len() - 1] {
            check(&token[..cut], 110);
            check(&token[cut..], 110);
        }
        // A fourth segment, an empty one, and a signature one character longer or shorter.
        for extra in [&b".x"[..], b".", b"A"] {
            let mut longer = token.clone();
            longer.extend_from_slice(extra);
            check(&longer, 110);
        }
        let mut dotted = token.clone();
        dotted[sig_at - 2] = b'.';
        check(&dotted, 110);
        // Either dot replaced by a base64 character: two segments, refused as malformed.
        let first_dot = token.iter().position(|&b| b == b'.').unwrap();
        for at in [first_dot, sig_at - 1] {
            for b in [b'A', b'g', b'_'] {
                let mut undotted = token.clone();
                undotted[at] = b;
                check(&undotted, 110);
                assert!(matches!(
                    verify_keyed(&undotted, Key::Secret(SECRET), 110, 0),
                    Err(crate::Error::Malformed(_))
                ));
            }
        }
    }
}
