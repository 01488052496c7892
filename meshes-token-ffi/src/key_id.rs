//! `meshes_token_key_id`.

use core::ffi::c_char;

use meshes_token_core::key_id;

use crate::boundary::guard;
use crate::output::{Failure, put, write_string};
use crate::overlap::Span;
use crate::slice::chars;
use crate::status::meshes_status;

/// Reads a token's `kid` (the access key) without verifying the token, so that a server can
/// look up the secret to verify it with. Never trust the result before
/// `meshes_verify_token` succeeds.
///
/// `token` as the conventions say ("Inputs"), the key id in `out` ("Strings out"); an `out`
/// of `MESHES_ACCESS_KEY_MAX_LEN + 1` bytes always suffices.
///
/// Returns `MESHES_OK`, `MESHES_ERR_OVERLAP` (`out` overlaps `token` or `out_len`; checked
/// first, nothing written), `MESHES_ERR_NULL_POINTER`, `MESHES_ERR_MALFORMED` (length, three
/// segments, header base64 or JSON), `MESHES_ERR_CLAIMS` (`kid` missing or not a valid access
/// key) or `MESHES_ERR_BUFFER_TOO_SMALL`.
///
/// Ownership: no pointer is kept; the caller owns `token` and `out`. Thread-safe; allocates
/// nothing.
///
/// # Safety
/// `token` must be NULL or readable for `token_len` bytes; `out` must be NULL or valid for
/// writes of `out_cap` bytes; `out_len` must be valid for writes. (Overlaps among them are
/// checked, not undefined: `MESHES_ERR_OVERLAP`.)
#[unsafe(no_mangle)]
pub unsafe extern "C" fn meshes_token_key_id(
    token: *const c_char,
    token_len: usize,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> meshes_status {
    guard(meshes_status::MESHES_ERR_INTERNAL, || {
        let produce = |room: &mut [u8]| -> Result<usize, Failure> {
            // SAFETY: the caller guarantees `token` is NULL or readable for its length.
            let token = unsafe { chars(token, token_len)? };
            put(room, key_id(token)?.as_str().as_bytes())
        };
        // SAFETY: the caller guarantees the `out` and `out_len` contract of `write_string`.
        unsafe {
            write_string(
                out,
                out_cap,
                out_len,
                &[Span::of(token, token_len)],
                produce,
            )
        }
    })
}
