//! The limits C callers size their buffers with.
//!
//! The values are literals because cbindgen reads only this crate's source; each one is
//! checked against the core's constant at compile time, so a drift fails the build.

use meshes_token_core as core_api;

/// Longest access key, in bytes.
pub const MESHES_ACCESS_KEY_MAX_LEN: usize = 128;
/// Longest org id, in bytes.
pub const MESHES_ORG_ID_MAX_LEN: usize = 64;
/// Longest secret, in bytes.
pub const MESHES_SECRET_MAX_LEN: usize = 1024;
/// Longest time to live, in seconds.
pub const MESHES_TTL_MAX: u32 = 60;
/// Longest token that signing can produce, excluding the NUL: an `out` of
/// `MESHES_TOKEN_MAX_LEN + 1` bytes always suffices.
pub const MESHES_TOKEN_MAX_LEN: usize = 652;
/// Longest token `meshes_verify_token` and `meshes_token_key_id` accept, in bytes.
pub const MESHES_VERIFY_MAX_LEN: usize = 1024;
/// Largest `leeway_seconds` `meshes_verify_token` accepts (larger is `MESHES_ERR_LEEWAY`).
pub const MESHES_LEEWAY_MAX: u32 = 300;

const _: () = assert!(MESHES_ACCESS_KEY_MAX_LEN == core_api::MAX_ACCESS_KEY_LEN);
const _: () = assert!(MESHES_ORG_ID_MAX_LEN == core_api::MAX_ORG_ID_LEN);
const _: () = assert!(MESHES_SECRET_MAX_LEN == core_api::MAX_SECRET_LEN);
const _: () = assert!(MESHES_TTL_MAX == core_api::MAX_TTL);
const _: () = assert!(MESHES_TOKEN_MAX_LEN == core_api::MAX_TOKEN_LEN);
const _: () = assert!(MESHES_VERIFY_MAX_LEN == core_api::MAX_VERIFY_LEN);
const _: () = assert!(MESHES_LEEWAY_MAX == core_api::MAX_LEEWAY);
