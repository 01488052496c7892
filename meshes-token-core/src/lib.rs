#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

// Where each rule lives, in reading order:
// - `error.rs`: the one error type; its codes are the C ABI's statuses.
// - `validate.rs`: the input rules (access key, org id, secret, ttl and times) and their limits.
// - `layout.rs`: the token's JSON, byte for byte, and every capacity derived from the limits.
// - `signer.rs`: `Signer` (precomputed prefix, per-token tail) and the one-shot `sign_token`.
// - `hmac.rs`: HMAC-SHA256 with resumable midstates, keyed and wiped in place.
// - `verify.rs`: `verify` and `key_id`, the order of the checks; `verifier.rs`: `Verifier`.
// - `json.rs`: the strict JSON reader; `b64.rs`: base64url encoding and canonical decoding.
// - `canonical.rs`: fast paths for tokens in the Signer's own layout (they fall back to `json.rs`);
//   `swar.rs`: byte searches a word at a time.
// - `declassify.rs`: the three points where secret-derived bytes become public.
// - `bytes.rs`: copying without panic paths, and the fixed-capacity ASCII string.
mod b64;
mod bytes;
mod canonical;
mod declassify;
mod error;
mod hmac;
mod json;
mod layout;
mod signer;
mod swar;
mod validate;
mod verifier;
mod verify;

/// Whether the code that trades size for speed is compiled in: the lookup tables of `b64`
/// and `validate`, the fast paths of `canonical`, the word-at-a-time scans of `swar` and the
/// digit formatting of `layout`. Not on WebAssembly, whose module has a 32 KiB budget, nor on
/// bare metal (`target_os = "none"`), where flash and stack are budgeted (on Cortex-M the
/// verifier's fast paths alone cost about 3 KiB of flash and 200 B of stack, the tail
/// formatting 0.6 to 1.1 KiB of signing code): there every path takes the smaller code. One
/// `cfg!` constant rather than `#[cfg]`, so that both versions are type-checked and tested
/// everywhere and the unused one is optimized away.
pub(crate) const FAST_PATHS: bool = !cfg!(any(target_family = "wasm", target_os = "none"));

pub use error::Error;
pub use layout::MAX_TOKEN_LEN;
pub use signer::{Signer, sign_token};
pub use validate::{
    DEFAULT_TTL, MAX_ACCESS_KEY_LEN, MAX_ORG_ID_LEN, MAX_SECRET_LEN, MAX_TIME, MAX_TTL,
    check_access_key, check_org_id, check_secret, check_times,
};
pub use verifier::Verifier;
pub use verify::{Claims, KeyId, MAX_LEEWAY, MAX_VERIFY_LEN, key_id, verify};

/// Seconds since the Unix epoch, by the system clock.
///
/// # Errors
/// [`Error::Clock`] when the clock is set before 1970.
#[cfg(feature = "std")]
pub fn unix_now() -> Result<u64, Error> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| Error::Clock)
}
