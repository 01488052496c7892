#![doc = include_str!("../README.md")]
#![cfg_attr(all(not(feature = "std"), not(test)), no_std)]
#![deny(unsafe_op_in_unsafe_fn)]

mod boundary;
pub mod key_id;
pub mod limits;
mod output;
mod overlap;
#[cfg(all(not(feature = "std"), not(test)))]
mod panic;
pub mod sign;
pub mod signer;
mod slice;
mod slot;
pub mod status;
pub mod verifier;
pub mod verify;
pub mod version;
