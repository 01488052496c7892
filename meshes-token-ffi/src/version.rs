//! `meshes_version`.

use core::ffi::{CStr, c_char};

use crate::boundary::guard;

const VERSION: &CStr =
    match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
        Ok(version) => version,
        Err(_) => c"unknown",
    };

/// Returns this library's version, e.g. "0.1.0": static, NUL-terminated, never NULL; owned by
/// the library (do not free). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn meshes_version() -> *const c_char {
    guard(VERSION.as_ptr(), || VERSION.as_ptr())
}
