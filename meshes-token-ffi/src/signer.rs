//! `meshes_signer`: the caller-allocated signer, like libsodium's state structs.
//!
//! The struct is a block of `MESHES_SIGNER_SIZE` bytes, aligned for `uint64_t`. Inside it
//! (this layout is private) a magic word says whether a core `Signer` follows.

use core::ffi::c_char;
use core::mem::{MaybeUninit, align_of, size_of};

use meshes_token_core::Signer;

use crate::boundary::guard;
use crate::output::{Failure, write_string};
use crate::overlap::Span;
use crate::slice::credentials;
use crate::slot::{self, State};
use crate::status::meshes_status;

/// Size of `meshes_signer` in bytes.
pub const MESHES_SIGNER_SIZE: usize = 1152;
/// Alignment that always suffices for `meshes_signer` (that of `uint64_t` or less).
pub const MESHES_SIGNER_ALIGN: usize = 8;

/// A signer for one access key, secret and org id: validated once, with everything tokens
/// share precomputed (an HMAC-SHA256 state that has absorbed the constant start of every
/// token), so each `meshes_signer_sign` only hashes the short tail.
///
/// Caller-allocated (stack, static, or the caller's heap) and opaque: `MESHES_SIGNER_SIZE`
/// bytes, aligned to at most `MESHES_SIGNER_ALIGN`. States: zeroed (`= {0}` or `memset`)
/// or cleared, both rejected by `meshes_signer_sign` with `MESHES_ERR_UNINITIALIZED`; and
/// initialized by `meshes_signer_init`. An initialized signer holds key material: the caller
/// must call `meshes_signer_clear` when done, which wipes every byte. Do not copy an
/// initialized signer (a copy is a second copy of the key that needs clearing too).
#[repr(C)]
pub struct meshes_signer {
    _opaque: [u64; 144],
}

impl core::fmt::Debug for meshes_signer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("meshes_signer { .. }")
    }
}

/// `Signer::new_in` stores a blank core `Signer` (zeros and the input lengths, no key) in
/// the caller's struct and computes the key state there, in place, so that no copy of the key
/// material is left on the stack (see slot.rs).
impl State for meshes_signer {
    type Made = Signer;
    /// "meshsign".
    const MAGIC: u64 = u64::from_le_bytes(*b"meshsign");
}

const _: () = assert!(size_of::<meshes_signer>() == MESHES_SIGNER_SIZE);
const _: () = assert!(align_of::<meshes_signer>() <= MESHES_SIGNER_ALIGN);

/// Initializes `signer` for `access_key`, `secret` and `org_id`, which are validated as for
/// `meshes_sign_token`.
///
/// The signer is wiped first (whatever it held, initialized or not); a failed init leaves it
/// cleared, so signing with it returns `MESHES_ERR_UNINITIALIZED`. Inputs as the conventions
/// say; nothing else is written.
///
/// Returns `MESHES_OK`, `MESHES_ERR_NULL_POINTER` (also for a `signer` not aligned to
/// `MESHES_SIGNER_ALIGN`), `MESHES_ERR_OVERLAP` (an input lies inside `signer`; nothing
/// written, the signer untouched), `MESHES_ERR_ACCESS_KEY`, `MESHES_ERR_SECRET` or
/// `MESHES_ERR_ORG_ID`.
///
/// Ownership: the caller owns `signer` and must `meshes_signer_clear` it when done; no input
/// pointer is kept, and the caller owns and wipes `secret`. Not thread-safe for the same
/// `signer` (it writes to it); allocates nothing.
///
/// # Safety
/// `signer` must be NULL or valid for writes of `MESHES_SIGNER_SIZE` bytes, not used by
/// another thread during the call; each input must be NULL or readable for its length. (An
/// input inside `signer` is checked, not undefined: `MESHES_ERR_OVERLAP`.)
#[unsafe(no_mangle)]
pub unsafe extern "C" fn meshes_signer_init(
    signer: *mut meshes_signer,
    access_key: *const c_char,
    access_key_len: usize,
    secret: *const u8,
    secret_len: usize,
    org_id: *const c_char,
    org_id_len: usize,
) -> meshes_status {
    guard(meshes_status::MESHES_ERR_INTERNAL, || {
        let inputs = [
            Span::of(access_key, access_key_len),
            Span::of(secret, secret_len),
            Span::of(org_id, org_id_len),
        ];
        let make = |dst: &mut MaybeUninit<Option<Signer>>| {
            // SAFETY: the caller guarantees each input is NULL or readable for its length.
            let (access_key, secret, org_id) = unsafe {
                credentials(
                    access_key,
                    access_key_len,
                    secret,
                    secret_len,
                    org_id,
                    org_id_len,
                )?
            };
            build(dst, access_key, secret, org_id)
        };
        // SAFETY: the caller guarantees `signer` is NULL or writable and exclusively ours.
        unsafe { slot::init(signer, &inputs, make) }
    })
}

/// Builds the signer in `dst` itself (`Signer::new_in`); `dst` is `None` on error.
#[inline(never)]
fn build(
    dst: &mut MaybeUninit<Option<Signer>>,
    access_key: &[u8],
    secret: &[u8],
    org_id: &[u8],
) -> Result<(), meshes_status> {
    match Signer::new_in(dst.write(None), access_key, secret, org_id) {
        Ok(_) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

/// Mints the token issued at `issued_at` (seconds since the Unix epoch) and valid for
/// `ttl_seconds` (1 to `MESHES_TTL_MAX`), with an initialized `signer`.
///
/// The token in `out` as the conventions say ("Strings out"); an `out` of
/// `MESHES_TOKEN_MAX_LEN + 1` bytes always suffices.
///
/// Returns `MESHES_OK`, `MESHES_ERR_OVERLAP` (`out` overlaps the signer or `out_len`; checked
/// first, nothing written), `MESHES_ERR_NULL_POINTER`, `MESHES_ERR_UNINITIALIZED` (a zeroed
/// or cleared signer, or one whose init failed), `MESHES_ERR_TTL`, `MESHES_ERR_TIME` or
/// `MESHES_ERR_BUFFER_TOO_SMALL`.
///
/// Thread-safe: one initialized `const meshes_signer` may be used by many threads at once
/// (it is only read), as long as no thread inits or clears it meanwhile. Allocates nothing;
/// the caller owns `out`.
///
/// # Safety
/// `signer` must be NULL, or valid for reads of `MESHES_SIGNER_SIZE` bytes and zeroed,
/// cleared or initialized (other contents are undefined behaviour); `out` must be NULL or
/// valid for writes of `out_cap` bytes; `out_len` must be valid for writes. (Overlaps among
/// them are checked, not undefined: `MESHES_ERR_OVERLAP`.)
#[unsafe(no_mangle)]
pub unsafe extern "C" fn meshes_signer_sign(
    signer: *const meshes_signer,
    issued_at: u64,
    ttl_seconds: u32,
    out: *mut c_char,
    out_cap: usize,
    out_len: *mut usize,
) -> meshes_status {
    guard(meshes_status::MESHES_ERR_INTERNAL, || {
        let produce = |room: &mut [u8]| -> Result<usize, Failure> {
            // SAFETY: the caller guarantees `signer` is NULL, zeroed, cleared or initialized,
            // and not inited or cleared during the call.
            let signer = unsafe { slot::get(signer)? };
            Ok(signer.sign_bytes(issued_at, ttl_seconds, room)?.len())
        };
        // SAFETY: the caller guarantees the `out` and `out_len` contract of `write_string`.
        unsafe { write_string(out, out_cap, out_len, &[Span::one(signer)], produce) }
    })
}

/// Wipes `signer`: the key material is zeroized and every byte of the struct set to zero,
/// leaving it cleared (signing with it returns `MESHES_ERR_UNINITIALIZED`; it may be
/// initialized again). NULL is fine, and so is a signer that is zeroed, cleared or failed
/// to initialize.
///
/// Not thread-safe for the same `signer`: no other thread may use it during the call.
///
/// # Safety
/// `signer` must be NULL or valid for writes of `MESHES_SIGNER_SIZE` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn meshes_signer_clear(signer: *mut meshes_signer) {
    guard((), || {
        // SAFETY: the caller guarantees `signer` is NULL or writable and exclusively ours.
        unsafe { slot::clear(signer) }
    })
}
