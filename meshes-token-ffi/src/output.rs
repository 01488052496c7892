//! The outputs: strings as the header's conventions ("Strings out", in cbindgen.toml) say,
//! through [`write_string`], and the bytes of a string copied into a caller's buffer, through
//! [`put`].

use core::ffi::c_char;

use meshes_token_core::Error;

use crate::overlap::{self, Span};
use crate::status::meshes_status;

/// Why a string could not be produced.
pub(crate) enum Failure {
    /// Any error but a short buffer.
    Status(meshes_status),
    /// The buffer is short; the string needs this many bytes, without the NUL.
    TooSmall(usize),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        match error {
            Error::BufferTooSmall { needed } => Self::TooSmall(needed),
            other => Self::Status(other.into()),
        }
    }
}

impl From<meshes_status> for Failure {
    fn from(status: meshes_status) -> Self {
        Self::Status(status)
    }
}

/// Runs `produce` on the room for the string (`out_cap - 1` bytes, one is kept for the NUL),
/// which returns the length it wrote there, then terminates the string and sets `*out_len`.
/// First of all, `out` and `out_len` must not overlap each other or any of `inputs` (the
/// buffers `produce` reads): else `MESHES_ERR_OVERLAP`, with nothing written.
///
/// # Safety
/// `out` must be NULL or point to `out_cap` writable bytes that nothing else reads or writes
/// during the call; `out_len` must be NULL or point to a writable `size_t` (any alignment).
pub(crate) unsafe fn write_string(
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
    inputs: &[Span],
    produce: impl FnOnce(&mut [u8]) -> Result<usize, Failure>,
) -> meshes_status {
    if let Err(status) = overlap::check_string_out(out, out_cap, out_len, inputs) {
        return status;
    }
    let buf: &mut [u8] = if out_cap == 0 {
        &mut []
    } else if out.is_null() {
        // SAFETY: `out_len` is NULL or writable (our caller's guarantee).
        return unsafe {
            fail(
                &mut [],
                out_len,
                meshes_status::MESHES_ERR_NULL_POINTER.into(),
            )
        };
    } else {
        // SAFETY: `out` is not NULL and the caller guarantees `out_cap` writable bytes that
        // nothing else accesses during the call.
        unsafe { core::slice::from_raw_parts_mut(out.cast::<u8>(), out_cap) }
    };
    if out_len.is_null() {
        // SAFETY: `out_len` is NULL here, which `fail` accepts.
        return unsafe { fail(buf, out_len, meshes_status::MESHES_ERR_NULL_POINTER.into()) };
    }
    let room = match buf.split_last_mut() {
        Some((_nul, room)) => room,
        None => &mut [],
    };
    let len = match produce(room) {
        Ok(len) => len,
        // SAFETY: `out_len` is writable (our caller's guarantee).
        Err(failure) => return unsafe { fail(buf, out_len, failure) },
    };
    let Some(nul) = buf.get_mut(len) else {
        // SAFETY: `out_len` is writable (our caller's guarantee).
        return unsafe { fail(buf, out_len, meshes_status::MESHES_ERR_INTERNAL.into()) };
    };
    *nul = 0;
    // SAFETY: `out_len` is not NULL and the caller guarantees it is writable.
    unsafe { out_len.write_unaligned(len) };
    meshes_status::MESHES_OK
}

/// Copies `src` to the start of `dst` and returns its length, or `TooSmall` (with nothing
/// written) when `dst` is shorter.
pub(crate) fn put(dst: &mut [u8], src: &[u8]) -> Result<usize, Failure> {
    let Some(head) = dst.get_mut(..src.len()) else {
        return Err(Failure::TooSmall(src.len()));
    };
    head.copy_from_slice(src);
    Ok(src.len())
}

/// Leaves `buf` an empty string and `*out_len` as the convention says, and returns the status.
///
/// # Safety
/// `out_len` must be NULL or point to a writable `size_t` (any alignment).
unsafe fn fail(buf: &mut [u8], out_len: *mut usize, failure: Failure) -> meshes_status {
    if let Some(first) = buf.first_mut() {
        *first = 0;
    }
    let (status, needed) = match failure {
        Failure::Status(status) => (status, 0),
        Failure::TooSmall(needed) => (meshes_status::MESHES_ERR_BUFFER_TOO_SMALL, needed),
    };
    if !out_len.is_null() {
        // SAFETY: `out_len` is not NULL, and our caller guarantees it is writable.
        unsafe { out_len.write_unaligned(needed) };
    }
    status
}
