//! Byte plumbing with no panic path: a copy, and the fixed-capacity ASCII string the signer
//! keeps its fields and JSON in.

use crate::Error;

/// Copies `src` into the start of `dst`, as far as both go. Unlike `copy_from_slice` it has
/// no length-mismatch panic for the optimizer to keep (it did at `opt-level = "z"`).
pub(crate) fn copy(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}

/// `buf[..len]` as `&str`. Only for bytes the crate's rules admit, which are ASCII, so the
/// empty fallback is never taken.
pub(crate) fn ascii_str(buf: &[u8], len: usize) -> &str {
    buf.get(..len)
        .and_then(|b| core::str::from_utf8(b).ok())
        .unwrap_or_default()
}

/// Up to `N` bytes of ASCII held in place: an array and the length in use.
///
/// It only ever receives validated fields, the JSON and base64 made from them, and decimal
/// digits, all ASCII; [`as_str`](Self::as_str) still checks rather than assumes it. Running
/// out of room is [`Error::Internal`]: every capacity in the crate is derived from the input
/// limits, so it cannot happen.
// The derived comparisons see the whole array, which is the same thing as comparing the
// strings: the bytes past `len` are the zeros of `EMPTY`, since nothing ever shortens one.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct AsciiBuf<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> AsciiBuf<N> {
    /// The empty string.
    pub(crate) const EMPTY: Self = Self {
        buf: [0; N],
        len: 0,
    };

    /// Appends `bytes`. Always inlined, as the old `Writer::put` was: left to the optimizer it
    /// became one out-of-line copy per capacity (five, 530 bytes of x86 code).
    #[inline(always)]
    pub(crate) fn push(&mut self, bytes: &[u8]) -> Result<(), Error> {
        let end = self.len.checked_add(bytes.len()).ok_or(Error::Internal)?;
        let dst = self.buf.get_mut(self.len..end).ok_or(Error::Internal)?;
        copy(dst, bytes);
        self.len = end;
        Ok(())
    }

    /// Appends what `write` puts at the start of the free room (it returns how many bytes it
    /// wrote, or `None` when they do not fit).
    #[inline(always)]
    pub(crate) fn push_with(
        &mut self,
        write: impl FnOnce(&mut [u8]) -> Option<usize>,
    ) -> Result<(), Error> {
        // `len <= N` always holds, so the room is never the empty fallback.
        let written = write(self.buf.get_mut(self.len..).unwrap_or_default());
        self.grow(written)
    }

    /// Counts `written` more bytes, when they fit. `push_with` is inlined and this is kept out
    /// of line: the other way round, the WebAssembly module was 236 bytes larger (its size is
    /// budgeted).
    #[inline(never)]
    fn grow(&mut self, written: Option<usize>) -> Result<(), Error> {
        self.len = written
            .and_then(|n| self.len.checked_add(n))
            .filter(|&end| end <= N)
            .ok_or(Error::Internal)?;
        Ok(())
    }

    /// The bytes in use (`len <= N` always holds: only `push` and `push_with` grow it).
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or_default()
    }

    /// The whole array, the bytes in use first: for a fixed-size store of the string where
    /// whatever follows it is overwritten afterwards.
    pub(crate) const fn as_array(&self) -> &[u8; N] {
        &self.buf
    }

    /// The string.
    pub(crate) fn as_str(&self) -> &str {
        ascii_str(&self.buf, self.len)
    }

    /// Number of bytes in use.
    pub(crate) const fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
mod tests {
    use super::AsciiBuf;
    use crate::Error;

    #[test]
    fn push_fills_to_capacity_and_refuses_more() {
        let mut s = AsciiBuf::<5>::EMPTY;
        assert_eq!(s.push(b"ab"), Ok(()));
        assert_eq!(s.push(b"cde"), Ok(()));
        assert_eq!((s.as_str(), s.len()), ("abcde", 5));
        assert_eq!(s.push(b"f"), Err(Error::Internal));
        assert_eq!(s.as_bytes(), b"abcde");
    }

    #[test]
    fn push_with_counts_what_was_written() {
        let mut s = AsciiBuf::<4>::EMPTY;
        assert_eq!(s.push(b"x"), Ok(()));
        assert_eq!(
            s.push_with(|room| {
                room.get_mut(..2)?.copy_from_slice(b"yz");
                Some(2)
            }),
            Ok(())
        );
        assert_eq!(s.as_str(), "xyz");
        assert_eq!(s.push_with(|_| None), Err(Error::Internal));
        // A writer that claims more than the room it had is refused, not believed.
        assert_eq!(s.push_with(|_| Some(2)), Err(Error::Internal));
        assert_eq!(s.as_str(), "xyz");
    }

    #[test]
    fn bytes_that_are_not_utf8_come_out_empty() {
        let mut s = AsciiBuf::<4>::EMPTY;
        assert_eq!(s.push(&[0xff]), Ok(()));
        assert_eq!(s.as_str(), "");
    }
}
