//! `meshes_token_key_id`.

use core::ffi::c_char;

use meshes_token_core::key_id;

use crate::boundary::guard;
use crate::output::{Failure, write_string};
use crate::overlap::Span;
use crate::slice::chars;
use crate::status::meshes_status;

/// Reads a token's `kid` (the access key) without verifying the token, so that a server can
/// look up the secret to verify it with. Never trust the result before
/// `meshes_verify_token` succeeds.
///
/// Output as `meshes_sign_token`: on success `out` holds the key id and a NUL and `*out_len`
/// its length (an `out` of `MESHES_ACCESS_KEY_MAX_LEN + 1` bytes always suffices); on error
/// `out` is an empty string (when `out_cap >= 1`) and no other byte of it is written,
/// `*out_len` is the length needed for `MESHES_ERR_BUFFER_TOO_SMALL`, else 0; `out = NULL,
/// out_cap = 0` is the size query. `out_len` must not be NULL.
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
            let kid = key_id(token)?;
            let kid = kid.as_str().as_bytes();
            let Some(dst) = room.get_mut(..kid.len()) else {
                return Err(Failure::TooSmall(kid.len()));
            };
            for (d, s) in dst.iter_mut().zip(kid) {
                *d = *s;
            }
            Ok(kid.len())
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
