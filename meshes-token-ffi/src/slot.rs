//! The caller-allocated state structs, `meshes_signer` and `meshes_verifier`, like libsodium's:
//! each is an opaque block of bytes whose private layout is a [`Slot`], a magic word and, when
//! the word is present, the core's value built in place.
//!
//! Init wipes the struct, builds the value where it lives (so that no copy of key material is
//! left on the stack) and writes the magic word last; clear drops the value (which zeroizes
//! its key) and wipes every byte. Zeroed or cleared memory never holds a magic word, so using
//! it is `MESHES_ERR_UNINITIALIZED`.

use core::mem::{MaybeUninit, align_of, size_of};
use core::ptr;

use zeroize::Zeroize;

use crate::overlap::{self, Span};
use crate::status::meshes_status;

/// A C state struct and the core value its slot holds.
pub(crate) trait State: Sized {
    /// The core value (`Signer`, `Verifier`).
    type Made;
    /// Marks a slot holding `Some(made)`.
    const MAGIC: u64;
    /// The slot fits the struct: checked at compile time, where [`slot`] is used.
    const FITS: () = assert!(
        size_of::<Slot<Self::Made>>() <= size_of::<Self>()
            && align_of::<Slot<Self::Made>>() <= align_of::<Self>()
    );
}

/// The private layout inside a state struct.
#[repr(C)]
pub(crate) struct Slot<T> {
    magic: u64,
    made: MaybeUninit<Option<T>>,
}

/// The slot inside a caller's struct, or `MESHES_ERR_NULL_POINTER` when the pointer is NULL
/// or misaligned.
fn slot<S: State>(state: *const S) -> Result<*const Slot<S::Made>, meshes_status> {
    let () = S::FITS;
    if state.is_null() || !state.is_aligned() {
        return Err(meshes_status::MESHES_ERR_NULL_POINTER);
    }
    Ok(state.cast::<Slot<S::Made>>())
}

/// Sets every byte of `*state` to zero, in writes the compiler keeps.
///
/// # Safety
/// `state` must be valid for writes of `size_of::<S>()` bytes (any alignment) that nothing else
/// reads or writes during the call.
unsafe fn wipe<S>(state: *mut S) {
    // SAFETY: forwarded from our caller.
    unsafe { wipe_bytes(state.cast::<u8>(), size_of::<S>()) }
}

/// [`wipe`] for both structs: one copy of the loop.
///
/// # Safety
/// As [`wipe`], for the `len` bytes at `bytes`.
#[inline(never)]
unsafe fn wipe_bytes(bytes: *mut u8, len: usize) {
    // SAFETY: the caller's guarantee; bytes need no alignment, and zeros are valid for them.
    unsafe { core::slice::from_raw_parts_mut(bytes, len) }.zeroize();
}

/// Initializes `state`: NULL or misaligned is `MESHES_ERR_NULL_POINTER` and an input inside
/// the struct `MESHES_ERR_OVERLAP`, both with nothing written; else the struct is wiped and
/// `build` makes the value in the slot (it writes `Some` on success and leaves `None` on
/// error, whose status it returns). A failure leaves the struct wiped.
///
/// # Safety
/// `state` must be NULL or valid for writes of its size, and not used by another thread
/// during the call.
pub(crate) unsafe fn init<S: State>(
    state: *mut S,
    inputs: &[Span],
    build: impl FnOnce(&mut MaybeUninit<Option<S::Made>>) -> Result<(), meshes_status>,
) -> meshes_status {
    let slot = match slot(state) {
        Ok(slot) => slot.cast_mut(),
        Err(status) => return status,
    };
    if let Err(status) = overlap::check(&[Span::one(state)], inputs) {
        return status;
    }
    // SAFETY: `state` is aligned and valid for writes of its size (the caller's guarantee).
    unsafe { wipe(state) };
    // SAFETY: `slot` is aligned and valid for writes (checked and guaranteed above), and
    // nothing else reads or writes it during the call (the caller's guarantee).
    match build(unsafe { &mut (*slot).made }) {
        Ok(()) => {
            // SAFETY: as above; written last, so the magic word means `Some(made)`.
            unsafe { (*slot).magic = S::MAGIC };
            meshes_status::MESHES_OK
        }
        Err(status) => {
            // SAFETY: as above; a `None` owns nothing to drop.
            unsafe { wipe(state) };
            status
        }
    }
}

/// The value of an initialized `state`: `MESHES_ERR_NULL_POINTER` for NULL or misaligned,
/// `MESHES_ERR_UNINITIALIZED` for a zeroed or cleared struct, or one whose init failed.
///
/// # Safety
/// `state` must be NULL, or valid for reads of its size and zeroed, cleared or initialized
/// (other contents are undefined behaviour), and not inited or cleared by another thread while
/// the result is used.
pub(crate) unsafe fn get<'a, S: State>(state: *const S) -> Result<&'a S::Made, meshes_status> {
    let slot = slot(state)?;
    // SAFETY: `slot` is aligned and readable (the caller's guarantee); the magic word is
    // written last by init and wiped by clear, so when it is present an `Option` is
    // initialized behind it and nothing writes to it while the result is used.
    let made = unsafe {
        if (*slot).magic != S::MAGIC {
            return Err(meshes_status::MESHES_ERR_UNINITIALIZED);
        }
        (*slot).made.assume_init_ref()
    };
    made.as_ref().ok_or(meshes_status::MESHES_ERR_UNINITIALIZED)
}

/// Drops the value of an initialized `state` (which zeroizes its key) and wipes every byte of
/// the struct, leaving it cleared. NULL is fine, and so is a struct that is zeroed, cleared
/// or failed to initialize; a misaligned one is wiped (it can hold no value).
///
/// # Safety
/// `state` must be NULL or valid for writes of its size (any alignment), and not used by
/// another thread during the call.
pub(crate) unsafe fn clear<S: State>(state: *mut S) {
    if state.is_null() {
        return;
    }
    if let Ok(slot) = slot(state) {
        let slot = slot.cast_mut();
        // SAFETY: `slot` is aligned and writable; with the magic word present it holds an
        // initialized `Option`, dropped exactly once, since the magic word is wiped right after.
        unsafe {
            if (*slot).magic == S::MAGIC {
                ptr::drop_in_place((*slot).made.as_mut_ptr());
            }
        }
    }
    // SAFETY: `state` is writable for its size (the caller's guarantee).
    unsafe { wipe(state) };
}
