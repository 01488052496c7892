//! `meshes_verify_token` and `meshes_claims`.

use core::ffi::c_char;

use meshes_token_core::{Claims, verify};

use crate::boundary::guard;
use crate::limits::{MESHES_ACCESS_KEY_MAX_LEN, MESHES_ORG_ID_MAX_LEN};
use crate::output::put;
use crate::overlap::{self, Span};
use crate::slice::{bytes, chars};
use crate::status::meshes_status;

/// The claims of a verified token.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct meshes_claims {
    /// The access key (`kid`, and the end of `iss`), NUL-terminated:
    /// `MESHES_ACCESS_KEY_MAX_LEN + 1` bytes.
    pub access_key: [c_char; 129],
    /// The org id (`org`), NUL-terminated: `MESHES_ORG_ID_MAX_LEN + 1` bytes.
    pub org_id: [c_char; 65],
    /// `iat`: when the token was issued, in seconds since the Unix epoch.
    pub issued_at: u64,
    /// `exp`: the first second at which the token is no longer valid.
    pub expires_at: u64,
}

// cbindgen reads array lengths only as literals or names, hence the literals above.
const _: () = assert!(size_of::<[c_char; 129]>() == MESHES_ACCESS_KEY_MAX_LEN + 1);
const _: () = assert!(size_of::<[c_char; 65]>() == MESHES_ORG_ID_MAX_LEN + 1);

/// Verifies a Meshes machine token with `secret` at time `now` (seconds since the Unix
/// epoch), tolerating `leeway_seconds` (0 to `MESHES_LEEWAY_MAX`, 300) of clock skew in both
/// directions: the token is valid while `iat <= now + leeway_seconds`,
/// `now < exp + leeway_seconds` and, when it has an `nbf` claim,
/// `nbf <= now + leeway_seconds`. A header with a `crit` parameter is rejected
/// (`MESHES_ERR_CLAIMS`): this verifier understands no JWS extension.
///
/// Only HS256 and the Meshes profile are accepted (`iss` = `urn:meshes:m2m:<kid>`, `aud` =
/// `meshes-api`, a valid `org`, `exp - iat` in 1..=60); any JSON layout is read. Tokens longer
/// than `MESHES_VERIFY_MAX_LEN` are `MESHES_ERR_MALFORMED` before any decoding.
///
/// Inputs as the conventions say. `claims` may be NULL (verify only); otherwise it is written
/// on success only and left untouched on error.
///
/// Returns, the first failure winning: `MESHES_ERR_OVERLAP` (`claims` overlaps `token` or
/// `secret`; nothing written), `MESHES_ERR_NULL_POINTER`, `MESHES_ERR_LEEWAY`,
/// `MESHES_ERR_SECRET`, `MESHES_ERR_MALFORMED` (structure, base64, header JSON),
/// `MESHES_ERR_ALGORITHM`, `MESHES_ERR_CLAIMS` (`crit`, `typ`, `kid`),
/// `MESHES_ERR_SIGNATURE`, `MESHES_ERR_MALFORMED` (payload JSON, a non-integer `nbf`
/// included), `MESHES_ERR_CLAIMS`, `MESHES_ERR_EXPIRED`, `MESHES_ERR_NOT_YET_VALID` (`iat`,
/// then `nbf`); else `MESHES_OK`.
///
/// Ownership: no pointer is kept; the caller owns `token`, `secret` and `claims` and wipes
/// `secret`. The MAC comparison is constant-time. Thread-safe; allocates nothing.
///
/// # Safety
/// `token` and `secret` must be NULL or readable for their lengths; `claims` must be NULL or
/// valid for writes of one `meshes_claims` (any alignment). (An overlap of `claims` with an
/// input is checked, not undefined: `MESHES_ERR_OVERLAP`.)
#[unsafe(no_mangle)]
pub unsafe extern "C" fn meshes_verify_token(
    token: *const c_char,
    token_len: usize,
    secret: *const u8,
    secret_len: usize,
    now: u64,
    leeway_seconds: u32,
    claims: *mut meshes_claims,
) -> meshes_status {
    guard(meshes_status::MESHES_ERR_INTERNAL, || {
        let spans = [Span::of(token, token_len), Span::of(secret, secret_len)];
        if let Err(status) = overlap::check(&[Span::one(claims)], &spans) {
            return status;
        }
        // SAFETY: the caller guarantees each input is NULL or readable for its length.
        let inputs =
            unsafe { chars(token, token_len).and_then(|t| Ok((t, bytes(secret, secret_len)?))) };
        let (token, secret) = match inputs {
            Ok(inputs) => inputs,
            Err(status) => return status,
        };
        match verify(token, secret, now, leeway_seconds) {
            Ok(verified) => {
                if !claims.is_null() {
                    write_claims(claims, &verified);
                }
                meshes_status::MESHES_OK
            }
            Err(error) => error.into(),
        }
    })
}

/// Writes the claims of a verified token to `claims` over zeroed bytes, field by field: a
/// struct copy would carry the padding between `org_id` and `issued_at` from this frame's stack
/// to the caller. `claims` must not be NULL and must be valid for writes of one
/// `meshes_claims` at any alignment (what `meshes_verify_token` and `meshes_verifier_verify`
/// require of their callers). One shared copy keeps the WebAssembly build under its size target.
#[inline(never)]
pub(crate) fn write_claims(claims: *mut meshes_claims, verified: &Claims) {
    // SAFETY: the caller guarantees that `claims` (checked not NULL) is valid for writes of one
    // `meshes_claims` at any alignment, and nothing else accesses it during the call (the
    // overlap checks keep it apart from the inputs the core's `Claims` borrow from). `&raw mut`
    // makes no reference to the struct: the integers are written unaligned, and the only
    // references made are to the two byte arrays, which need no alignment.
    let (key, org) = unsafe {
        claims
            .cast::<u8>()
            .write_bytes(0, size_of::<meshes_claims>());
        (&raw mut (*claims).issued_at).write_unaligned(verified.issued_at());
        (&raw mut (*claims).expires_at).write_unaligned(verified.expires_at());
        (
            &mut *(&raw mut (*claims).access_key).cast::<[u8; MESHES_ACCESS_KEY_MAX_LEN]>(),
            &mut *(&raw mut (*claims).org_id).cast::<[u8; MESHES_ORG_ID_MAX_LEN]>(),
        )
    };
    // Each field less its last byte, which stays the NUL. The core's limits are those lengths,
    // so both always fit; were one longer, its field would stay empty, never truncated.
    let _ = put(key, verified.access_key().as_bytes());
    let _ = put(org, verified.org_id().as_bytes());
}
