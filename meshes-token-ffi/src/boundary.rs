//! The panic boundary. Every `extern "C"` function's body is one call to [`guard`], so no
//! panic unwinds into C; `tests/boundary.rs` checks that this holds for every function.
//!
//! With `std` a panic is caught and the function returns its `on_panic` value
//! (`MESHES_ERR_INTERNAL`). The release profile keeps `panic = "unwind"` so that this works in
//! the shared library that Go, Python and Node load. Without `std` there is nothing to catch:
//! the crate's panic handler is an undefined symbol, so a build that still contains a panic
//! path does not link at all (`tests/embedded/check.sh`).

/// Runs `body`; if it panics, returns `on_panic` instead of unwinding into the caller.
#[cfg(feature = "std")]
#[inline(always)]
pub(crate) fn guard<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    // Unwind safety: a panic abandons the call, and the only state it could leave half-written
    // is caller memory that the returned status already tells the caller not to use.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)).unwrap_or(on_panic)
}

/// Runs `body`. Without `std` no panic path is linked (see the module documentation).
#[cfg(not(feature = "std"))]
#[inline(always)]
pub(crate) fn guard<T>(on_panic: T, body: impl FnOnce() -> T) -> T {
    let _ = on_panic;
    body()
}

#[cfg(all(test, feature = "std"))]
mod tests {
    #![allow(clippy::panic)]

    use super::guard;
    use crate::status::meshes_status;

    #[test]
    fn a_panic_becomes_the_on_panic_value() {
        let status = guard(meshes_status::MESHES_ERR_INTERNAL, || -> meshes_status {
            panic!("caught at the boundary (this message is expected in the test output)")
        });
        assert_eq!(status, meshes_status::MESHES_ERR_INTERNAL);
        assert_eq!(guard(0, || 7), 7);
    }
}
