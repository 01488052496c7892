//! The Rust side of the C benchmark of `make bench`: `Signer::sign` in the same loop as
//! `tests/c/bench.c`, so that the two ns/token figures compare the C path with the Rust one on
//! equal terms.
#![allow(clippy::expect_used, clippy::arithmetic_side_effects)]

use std::hint::black_box;
use std::time::Instant;

use meshes_token_core::{MAX_TOKEN_LEN, Signer};

const TOKENS: u32 = 2_000_000;
const ROUNDS: u32 = 5;

fn main() {
    let signer = Signer::new(
        "AK7f3kQ9mZ2pL8xR4tV6",
        "s3cr3t_Key-with/chars=0123456789abcdefABCDEF",
        "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60",
    )
    .expect("valid inputs");
    let mut out = [0u8; MAX_TOKEN_LEN + 1];
    let mut best = f64::MAX;
    let mut sink = 0u32;
    for _ in 0..ROUNDS {
        let start = Instant::now();
        for _ in 0..TOKENS {
            let token = signer
                .sign(
                    black_box(1_767_225_600),
                    black_box(30),
                    black_box(&mut out[..]),
                )
                .expect("sign");
            sink = sink.wrapping_add(u32::from(token.as_bytes().last().copied().unwrap_or(0)));
        }
        best = best.min(start.elapsed().as_nanos() as f64 / f64::from(TOKENS));
    }
    println!(
        "Rust Signer::sign:       {best:.1} ns/token (best of {ROUNDS} x {TOKENS}; {})",
        sink % 2
    );
}
