//! The points where bytes derived from the secret become public by design, made explicit.
//!
//! Everything computed from the secret is handled without a branch or a memory address that
//! depends on it, except at three points where the result is public by design, because the
//! caller or the wire gets it anyway: whether the secret obeys the rules (the error says so),
//! the verdict of the MAC comparison (`Ok` or [`Error::Signature`](crate::Error::Signature)),
//! and the MAC written into a token. Each of them passes those bytes through [`declassify`]
//! before anything branches on them or indexes with them.
//!
//! Outside a checker, `declassify` is a call that does nothing. The constant-time test
//! (`tests/c/ct_test.c`, `make test-ct`) runs the library under valgrind's memcheck with the
//! secret marked undefined, wraps [`meshes_declassify_hook`] by name and marks exactly the bytes
//! it is given as defined; any other branch or address that depends on the secret is then a
//! memcheck report, which fails the test.

/// Marks `bytes`, computed from the secret, as public from here on. The bytes are unchanged.
#[inline(always)]
pub(crate) fn declassify(bytes: &mut [u8]) {
    meshes_declassify_hook(bytes.as_mut_ptr(), bytes.len());
}

/// The hook a checker wraps. Never inlined, so that it exists under its own (mangled) name,
/// which valgrind matches by the pattern `*meshes_declassify_hook*`, and with the C calling
/// convention, so that the wrapper knows where its two arguments are. `black_box` makes the
/// optimizer assume that the call reads and rewrites the bytes: it cannot drop the call, and
/// the caller reloads the bytes after it instead of reusing a copy held in a register (which
/// memcheck would still see as derived from the secret).
#[inline(never)]
extern "C" fn meshes_declassify_hook(bytes: *mut u8, len: usize) {
    core::hint::black_box((bytes, len));
}
