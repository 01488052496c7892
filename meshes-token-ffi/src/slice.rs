//! Pointer + length from C to a Rust slice, as the header's conventions say ("Inputs"): NULL
//! with a length of 0 is an empty input, NULL with any other is `MESHES_ERR_NULL_POINTER`.

use core::ffi::c_char;

use crate::status::meshes_status;

/// The `len` bytes at `ptr`.
///
/// # Safety
/// Unless `len` is 0, `ptr` must be NULL or point to `len` readable bytes that stay unchanged,
/// and are not written through any other pointer, for `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], meshes_status> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(meshes_status::MESHES_ERR_NULL_POINTER);
    }
    // SAFETY: `ptr` is not NULL and the caller guarantees `len` readable bytes for `'a`;
    // `u8` has no alignment requirement and every bit pattern is valid.
    Ok(unsafe { core::slice::from_raw_parts(ptr, len) })
}

/// The `len` chars at `ptr`, as bytes (no NUL needed or looked for).
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn chars<'a>(ptr: *const c_char, len: usize) -> Result<&'a [u8], meshes_status> {
    // SAFETY: forwarded; `c_char` and `u8` have the same size and alignment.
    unsafe { bytes(ptr.cast::<u8>(), len) }
}

/// The three credentials every signing function takes, in the order they are validated.
pub(crate) type Credentials<'a> = (&'a [u8], &'a [u8], &'a [u8]);

/// Access key, secret and org id from their pointers and lengths.
///
/// # Safety
/// As [`bytes`], for each of the three.
pub(crate) unsafe fn credentials<'a>(
    access_key: *const c_char,
    access_key_len: usize,
    secret: *const u8,
    secret_len: usize,
    org_id: *const c_char,
    org_id_len: usize,
) -> Result<Credentials<'a>, meshes_status> {
    // SAFETY: forwarded from our caller, for each input.
    unsafe {
        Ok((
            chars(access_key, access_key_len)?,
            bytes(secret, secret_len)?,
            chars(org_id, org_id_len)?,
        ))
    }
}
