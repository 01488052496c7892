//! Overlapping buffers, refused at the boundary with `MESHES_ERR_OVERLAP`.
//!
//! Rust's references assume that what a function writes does not alias what it reads, so an
//! `out` that overlaps an input, the signer or `*out_len` would be undefined behaviour once
//! turned into slices. The check compares address ranges before any slice is made and before
//! anything is read or written; it costs a few comparisons per call.

use crate::status::meshes_status;

/// The bytes `[start, end)` of one caller buffer, by address only (never dereferenced).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span {
    start: usize,
    end: usize,
}

impl Span {
    /// The `len` bytes at `ptr`; empty for NULL (the NULL policy is checked later) or 0.
    pub(crate) fn of<T>(ptr: *const T, len: usize) -> Self {
        let start = if ptr.is_null() { 0 } else { ptr.addr() };
        let len = if ptr.is_null() { 0 } else { len };
        Self {
            start,
            end: start.saturating_add(len),
        }
    }

    /// One `T` at `ptr`.
    pub(crate) fn one<T>(ptr: *const T) -> Self {
        Self::of(ptr, size_of::<T>())
    }

    /// Whether both spans are non-empty and share a byte.
    const fn overlaps(self, other: Self) -> bool {
        self.start < self.end
            && other.start < other.end
            && self.start < other.end
            && other.start < self.end
    }
}

/// `MESHES_ERR_OVERLAP` unless the string output (`out` over its whole `out_cap`, and
/// `*out_len`) is disjoint from every input and `out` from `out_len`.
///
/// Not inlined, so that its spans take no room in the frames of the signing path, whose
/// stack is budgeted on embedded targets (`tests/embedded`).
#[inline(never)]
pub(crate) fn check_string_out(
    out: *const core::ffi::c_char,
    out_cap: usize,
    out_len: *const usize,
    inputs: &[Span],
) -> Result<(), meshes_status> {
    check(&[Span::of(out, out_cap), Span::one(out_len)], inputs)
}

/// `MESHES_ERR_OVERLAP` unless every output is disjoint from every input and from the other
/// outputs.
pub(crate) fn check(outputs: &[Span], inputs: &[Span]) -> Result<(), meshes_status> {
    let mut rest = outputs;
    while let [out, tail @ ..] = rest {
        if inputs.iter().chain(tail).any(|other| out.overlaps(*other)) {
            return Err(meshes_status::MESHES_ERR_OVERLAP);
        }
        rest = tail;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Span, check};
    use crate::status::meshes_status;

    fn at(start: usize, len: usize) -> Span {
        Span::of(core::ptr::without_provenance::<u8>(start), len)
    }

    #[test]
    fn shared_bytes_overlap_adjacent_and_empty_do_not() {
        let out = at(100, 10);
        for (other, overlap) in [
            (at(90, 10), false),
            (at(110, 5), false),
            (at(90, 11), true),
            (at(109, 1), true),
            (at(100, 10), true),
            (at(50, 100), true),
            (at(105, 0), false),
            (Span::of(core::ptr::null::<u8>(), 1000), false),
        ] {
            let expected = if overlap {
                Err(meshes_status::MESHES_ERR_OVERLAP)
            } else {
                Ok(())
            };
            assert_eq!(check(&[out], &[other]), expected, "{other:?}");
            assert_eq!(check(&[out, other], &[]), expected, "{other:?}");
        }
        assert_eq!(
            check(&[at(usize::MAX - 4, 10)], &[at(usize::MAX - 1, 1)]),
            Err(meshes_status::MESHES_ERR_OVERLAP)
        );
    }
}
