//! `meshes_verifier`: the caller-allocated verifier for one secret, a state struct like
//! `meshes_signer` (see slot.rs).

use core::ffi::c_char;
use core::mem::{MaybeUninit, align_of, size_of};

use meshes_token_core::Verifier;

use crate::boundary::guard;
use crate::overlap::{self, Span};
use crate::slice::{bytes, chars};
use crate::slot::{self, State};
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

/// The core's `Verifier` is built in place (`Verifier::new_in`, see slot.rs).
impl State for meshes_verifier {
    type Made = Verifier;
    /// "meshvrfy".
    const MAGIC: u64 = u64::from_le_bytes(*b"meshvrfy");
}

const _: () = assert!(size_of::<meshes_verifier>() == MESHES_VERIFIER_SIZE);
const _: () = assert!(align_of::<meshes_verifier>() <= MESHES_VERIFIER_ALIGN);

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
        let make = |dst: &mut MaybeUninit<Option<Verifier>>| {
            // SAFETY: the caller guarantees `secret` is NULL or readable for its length.
            build(dst, unsafe { bytes(secret, secret_len)? })
        };
        // SAFETY: the caller guarantees `verifier` is NULL or writable and exclusively ours.
        unsafe { slot::init(verifier, &[Span::of(secret, secret_len)], make) }
    })
}

/// Builds the verifier in `dst` itself (`Verifier::new_in`); `dst` is `None` on error.
#[inline(never)]
fn build(dst: &mut MaybeUninit<Option<Verifier>>, secret: &[u8]) -> Result<(), meshes_status> {
    match Verifier::new_in(dst.write(None), secret) {
        Ok(_) => Ok(()),
        Err(error) => Err(error.into()),
    }
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
        // SAFETY: the caller guarantees `token` is NULL or readable for its length.
        let token = match unsafe { chars(token, token_len) } {
            Ok(token) => token,
            Err(status) => return status,
        };
        // SAFETY: the caller guarantees `verifier` is NULL, zeroed, cleared or initialized, and
        // not inited or cleared during the call.
        let made = match unsafe { slot::get(verifier) } {
            Ok(made) => made,
            Err(status) => return status,
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
        // SAFETY: the caller guarantees `verifier` is NULL or writable and exclusively ours.
        unsafe { slot::clear(verifier) }
    })
}
