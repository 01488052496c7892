#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod b64;
mod canonical;
mod declassify;
mod error;
mod hmac;
mod json;
mod signer;
mod swar;
mod validate;
mod verifier;
mod verify;

pub use error::Error;
pub use signer::{MAX_TOKEN_LEN, Signer, sign_token};
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
