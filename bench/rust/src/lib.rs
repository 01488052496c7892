//! The Rust rivals of `make bench`, outside the main workspace (see Cargo.toml).
//!
//! Every rival here mints, or verifies, the bench's one token (the `example` vector of
//! tests/vectors/tokens.json); `benches/tokens.rs` checks each one's result before timing it.

pub mod inputs;
pub mod mint;
pub mod verify;
