//! `meshes_verifier`: the caller-allocated verifier for one secret, laid out like
//! `meshes_signer` (see signer.rs): a block of `MESHES_VERIFIER_SIZE` bytes whose private
//! layout is a magic word and, when the word is present, a core `Verifier`.

use core::ffi::c_char;
use core::mem::{MaybeUninit, align_of, size_of};
use core::ptr;

use meshes_token_core::{Error, Verifier};
use zeroize::zeroize_flat_type;

use crate::boundary::guard;
use crate::overlap::{self, Span};
use crate::slice::{bytes, chars};
use crate::status::meshes_status;
use crate::verify::{meshes_claims, write_claims};

/// Size of `meshes_verifier` in bytes.
pub const MESHES_VERIFIER_SIZE: usize = 256;
/// Alignment that always suffices for `meshes_verifier` (that of `uint64_t` or less).
pub const MESHES_VERIFIER_ALIGN: usize = 8;

/// A verifier for one secret: validated once, with the HMAC-SHA256 key state precomputed, so
/// each `meshes_verifier_verify` hashes only the token (6 SHA-256 compressions for a typical
/// token, against 8 for `meshes_verify_token`). A server keeps one per access key and picks
/// it by the token's `meshes_key_id`.
///
/// Caller-allocated (stack, static, or the caller's heap) and opaque: `MESHES_VERIFIER_SIZE`
/// bytes, aligned to at most `MESHES_VERIFIER_ALIGN`. States: zeroed (`= {0}` or `memset`)
/// or cleared, both rejected by `meshes_verifier_verify` with `MESHES_ERR_UNINITIALIZED`; and
/// initialized by `meshes_verifier_init`. An initialized verifier holds key material: the
/// caller must call `meshes_verifier_clear` when done, which wipes every byte. Do not copy an
/// initialized verifier (a copy is a second copy of the key that needs clearing too).
#[repr(C)]
pub struct meshes_verifier {
    _opaque: [u64; 32],
}

impl core::fmt::Debug for meshes_verifier {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("meshes_verifier { .. }")
    }
}

/// The private layout inside `meshes_verifier`; the core's `Verifier` is built in place
/// (`Verifier::new_in`), and the magic word says it is `Some`.
#[repr(C)]
struct Slot {
    magic: u64,
    made: MaybeUninit<Option<Verifier>>,
}

/// "meshvrfy": marks a slot holding `Some(verifier)`. Zeroed or cleared memory never holds it.
const MAGIC: u64 = u64::from_le_bytes(*b"meshvrfy");

const _: () = assert!(size_of::<meshes_verifier>() == MESHES_VERIFIER_SIZE);
const _: () = assert!(align_of::<meshes_verifier>() <= MESHES_VERIFIER_ALIGN);
const _: () = assert!(size_of::<Slot>() <= size_of::<meshes_verifier>());
const _: () = assert!(align_of::<Slot>() <= align_of::<meshes_verifier>());

/// The slot inside a caller's verifier, or `MESHES_ERR_NULL_POINTER` when the pointer is NULL
/// or misaligned.
fn slot(verifier: *const meshes_verifier) -> Result<*const Slot, meshes_status> {
    if verifier.is_null() || !verifier.is_aligned() {
        return Err(meshes_status::MESHES_ERR_NULL_POINTER);
    }
    Ok(verifier.cast::<Slot>())
}

/// Initializes `verifier` for `secret`, which is validated as for `meshes_verify_token`.
///
/// The verifier is wiped first (whatever it held, initialized or not); a failed init leaves
/// it cleared, so verifying with it returns `MESHES_ERR_UNINITIALIZED`. `secret` as the
/// conventions say ("Inputs"); nothing else is written.
///
/// Returns `MESHES_OK`, `MESHES_ERR_NULL_POINTER` (also for a `verifier` not aligned to
/// `MESHES_VERIFIER_ALIGN`), `MESHES_ERR_OVERLAP` (`secret` lies inside `verifier`; nothing
/// written, the verifier untouched) or `MESHES_ERR_SECRET`.
///
/// Ownership: the caller owns `verifier` and must `meshes_verifier_clear` it when done; no
/// input pointer is kept, and the caller owns and wipes `secret`. Not thread-safe for the
/// same `verifier` (it writes to it); allocates nothing.
///
/// # Safety
/// `verifier` must be NULL or valid for writes of `MESHES_VERIFIER_SIZE` bytes, not used by
/// another thread during the call; `secret` must be NULL or readable for `secret_len`. (A
/// `secret` inside `verifier` is checked, not undefined: `MESHES_ERR_OVERLAP`.)
#[unsafe(no_mangle)]
pub unsafe extern "C" fn meshes_verifier_init(
    verifier: *mut meshes_verifier,
    secret: *const u8,
    secret_len: usize,
) -> meshes_status {
    guard(meshes_status::MESHES_ERR_INTERNAL, || {
        let slot = match slot(verifier) {
            Ok(slot) => slot.cast_mut(),
            Err(status) => return status,
        };
        let inputs = [Span::of(secret, secret_len)];
        if let Err(status) = overlap::check(&[Span::one(verifier)], &inputs) {
            return status;
        }
        // SAFETY: `verifier` is aligned and valid for writes of its size; zeros are valid.
        unsafe { zeroize_flat_type(verifier) };
        // SAFETY: the caller guarantees `secret` is NULL or readable for its length.
        let secret = match unsafe { bytes(secret, secret_len) } {
            Ok(secret) => secret,
            Err(status) => return status,
        };
        // SAFETY: `slot` is aligned and valid for writes (checked and guaranteed above), and
        // nothing else reads or writes it during the call (the caller's guarantee).
        let made = build(unsafe { &mut (*slot).made }, secret);
        match made {
            Ok(_) => {
                // SAFETY: as above; written last, so the magic word means `Some(verifier)`.
                unsafe { (*slot).magic = MAGIC };
                meshes_status::MESHES_OK
            }
            Err(error) => {
                let status = meshes_status::from_error(error);
                // SAFETY: `verifier` is aligned and writable; a `None` owns nothing to drop.
                unsafe { zeroize_flat_type(verifier) };
                status
            }
        }
    })
}

/// Builds the verifier in `dst` itself (`Verifier::new_in`); `dst` is `None` on error.
#[inline(never)]
fn build<'d>(
    dst: &'d mut MaybeUninit<Option<Verifier>>,
    secret: &[u8],
) -> Result<&'d Verifier, Error> {
    Verifier::new_in(dst.write(None), secret)
}

/// Verifies a token with an initialized `verifier` at time `now`, tolerating
/// `leeway_seconds` of clock skew, exactly as `meshes_verify_token` does with the verifier's
/// secret (same rules, same statuses in the same order, the secret's own check excepted: it
/// was done by `meshes_verifier_init`).
///
/// `token` as the conventions say ("Inputs"). `claims` may be NULL (verify only); otherwise it
/// is written on success only and left untouched on error.
///
/// Returns, the first failure winning: `MESHES_ERR_OVERLAP` (`claims` overlaps `token` or the
/// verifier; nothing written), `MESHES_ERR_NULL_POINTER`, `MESHES_ERR_UNINITIALIZED` (a
/// zeroed or cleared verifier, or one whose init failed), then the statuses of
/// `meshes_verify_token` from `MESHES_ERR_LEEWAY` on; else `MESHES_OK`.
///
/// Thread-safe: one initialized `const meshes_verifier` may be used by many threads at once
/// (it is only read), as long as no thread inits or clears it meanwhile. The MAC comparison
/// is constant-time. Allocates nothing; no pointer is kept.
///
/// # Safety
/// `verifier` must be NULL, or valid for reads of `MESHES_VERIFIER_SIZE` bytes and zeroed,
/// cleared or initialized (other contents are undefined behaviour); `token` must be NULL or
/// readable for its length; `claims` must be NULL or valid for writes of one `meshes_claims`
/// (any alignment). (Overlaps of `claims` are checked, not undefined: `MESHES_ERR_OVERLAP`.)
#[unsafe(no_mangle)]
pub unsafe extern "C" fn meshes_verifier_verify(
    verifier: *const meshes_verifier,
    token: *const c_char,
    token_len: usize,
    now: u64,
    leeway_seconds: u32,
    claims: *mut meshes_claims,
) -> meshes_status {
    guard(meshes_status::MESHES_ERR_INTERNAL, || {
        let spans = [Span::of(token, token_len), Span::one(verifier)];
        if let Err(status) = overlap::check(&[Span::one(claims)], &spans) {
            return status;
        }
        let slot = match slot(verifier) {
            Ok(slot) => slot,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees `token` is NULL or readable for its length.
        let token = match unsafe { chars(token, token_len) } {
            Ok(token) => token,
            Err(status) => return status,
        };
        // SAFETY: `slot` is aligned and readable (the caller's guarantee); the magic word is
        // written last by init and wiped by clear, so when it is present a `Some(Verifier)` is
        // initialized behind it and nothing writes to it during the call.
        let made = unsafe {
            if (*slot).magic != MAGIC {
                return meshes_status::MESHES_ERR_UNINITIALIZED;
            }
            (*slot).made.assume_init_ref()
        };
        let Some(made) = made else {
            return meshes_status::MESHES_ERR_UNINITIALIZED;
        };
        match made.verify(token, now, leeway_seconds) {
            Ok(verified) => {
                if !claims.is_null() {
                    write_claims(claims, &verified);
                }
                meshes_status::MESHES_OK
            }
            Err(error) => error.into(),
        }
    })
}

/// Wipes `verifier`: the key state is zeroized and every byte of the struct set to zero,
/// leaving it cleared (verifying with it returns `MESHES_ERR_UNINITIALIZED`; it may be
/// initialized again). NULL is fine, and so is a verifier that is zeroed, cleared or failed
/// to initialize.
///
/// Not thread-safe for the same `verifier`: no other thread may use it during the call.
///
/// # Safety
/// `verifier` must be NULL or valid for writes of `MESHES_VERIFIER_SIZE` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn meshes_verifier_clear(verifier: *mut meshes_verifier) {
    guard((), || {
        if verifier.is_null() {
            return;
        }
        if let Ok(slot) = slot(verifier) {
            let slot = slot.cast_mut();
            // SAFETY: `slot` is aligned and writable; with the magic word present it holds an
            // initialized `Some(Verifier)`, dropped (the `Verifier` zeroizes its key) exactly
            // once, since the magic word is wiped right after.
            unsafe {
                if (*slot).magic == MAGIC {
                    ptr::drop_in_place((*slot).made.as_mut_ptr());
                }
            }
        }
        // SAFETY: `verifier` is writable for `MESHES_VERIFIER_SIZE` bytes; bytes have no
        // alignment, and zeros are valid for them.
        unsafe { zeroize_flat_type(verifier.cast::<[u8; MESHES_VERIFIER_SIZE]>()) };
    })
}
