//! `meshes_sign_token` and `meshes_sign_token_now`: one token, no signer kept.

use core::ffi::c_char;

use meshes_token_core::sign_token;

use crate::boundary::guard;
use crate::output::{Failure, write_string};
use crate::overlap::Span;
use crate::slice::credentials;
use crate::status::meshes_status;

/// Mints one token for `access_key`, `secret` and `org_id`, issued at `issued_at` (seconds
/// since the Unix epoch) and valid for `ttl_seconds` (1 to `MESHES_TTL_MAX`).
///
/// Validation, keying and signing in one call; for more than one token with the same
/// credentials, initialize a `meshes_signer` once instead.
///
/// Inputs, and the token in `out`, as the conventions say ("Inputs", "Strings out"); an `out`
/// of `MESHES_TOKEN_MAX_LEN + 1` bytes always suffices.
///
/// Returns `MESHES_OK`, `MESHES_ERR_OVERLAP` (`out` overlaps an input or `out_len`; checked
/// first, nothing written), `MESHES_ERR_NULL_POINTER`, `MESHES_ERR_ACCESS_KEY`,
/// `MESHES_ERR_SECRET`, `MESHES_ERR_ORG_ID` (checked in that order), `MESHES_ERR_TTL`,
/// `MESHES_ERR_TIME` or `MESHES_ERR_BUFFER_TOO_SMALL`.
///
/// Ownership: no pointer is kept after the call returns; the caller owns `secret` and `out`
/// and wipes them when it sees fit. Thread-safe; allocates nothing.
///
/// # Safety
/// Each input pointer must be NULL or valid for reads of its length; `out` must be NULL or
/// valid for writes of `out_cap` bytes; `out_len` must be valid for writes. (Overlaps among
/// them are checked, not undefined: `MESHES_ERR_OVERLAP`.)
#[unsafe(no_mangle)]
pub unsafe extern "C" fn meshes_sign_token(
    access_key: *const c_char,
    access_key_len: usize,
    secret: *const u8,
    secret_len: usize,
    org_id: *const c_char,
    org_id_len: usize,
    issued_at: u64,
    ttl_seconds: u32,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> meshes_status {
    guard(meshes_status::MESHES_ERR_INTERNAL, || {
        let produce = |room: &mut [u8]| -> Result<usize, Failure> {
            // SAFETY: the caller guarantees each input is NULL or readable for its length.
            let (access_key, secret, org_id) = unsafe {
                credentials(
                    access_key,
                    access_key_len,
                    secret,
                    secret_len,
                    org_id,
                    org_id_len,
                )?
            };
            let token = sign_token(access_key, secret, org_id, issued_at, ttl_seconds, room)?;
            Ok(token.len())
        };
        let inputs = [
            Span::of(access_key, access_key_len),
            Span::of(secret, secret_len),
            Span::of(org_id, org_id_len),
        ];
        // SAFETY: the caller guarantees the `out` and `out_len` contract of `write_string`.
        unsafe { write_string(out, out_cap, out_len, &inputs, produce) }
    })
}

/// As `meshes_sign_token`, issued now by the system clock.
///
/// Also returns `MESHES_ERR_CLOCK` when the clock is before the Unix epoch (checked first).
/// Present in the default (`std`) builds of the library, which are the ones `make install`
/// installs; a `no_std` build does not define it, so a program calling it does not link.
///
/// # Safety
/// As `meshes_sign_token`.
#[cfg(feature = "std")]
#[unsafe(no_mangle)]
pub unsafe extern "C" fn meshes_sign_token_now(
    access_key: *const c_char,
    access_key_len: usize,
    secret: *const u8,
    secret_len: usize,
    org_id: *const c_char,
    org_id_len: usize,
    ttl_seconds: u32,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> meshes_status {
    guard(meshes_status::MESHES_ERR_INTERNAL, || {
        match meshes_token_core::unix_now() {
            // SAFETY: the caller guarantees `meshes_sign_token`'s contract, which is ours.
            Ok(now) => unsafe {
                meshes_sign_token(
                    access_key,
                    access_key_len,
                    secret,
                    secret_len,
                    org_id,
                    org_id_len,
                    now,
                    ttl_seconds,
                    out,
                    out_cap,
                    out_len,
                )
            },
            Err(clock) => {
                let inputs = [
                    Span::of(access_key, access_key_len),
                    Span::of(secret, secret_len),
                    Span::of(org_id, org_id_len),
                ];
                // SAFETY: the caller guarantees the `out` and `out_len` contract of
                // `write_string`.
                unsafe { write_string(out, out_cap, out_len, &inputs, |_| Err(clock.into())) }
            }
        }
    })
}
