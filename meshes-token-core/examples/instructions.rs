//! Runs one path N times, for instruction counts under callgrind (independent of the machine's
//! load, unlike wall time): `instructions <path> <n>`, path one of `verify`, `verifier`,
//! `key_id`, `sign`, `sign_bytes`, `sign_token`, `compress`, or, on the same token in another
//! layout (the Go SDK's sorted keys, which the canonical fast paths do not take), `verify_other`,
//! `verifier_other`, `key_id_other` (`jsonwebtoken::decode` is counted in bench/rust). The
//! difference between two runs with different `n`, divided by the difference of the `n`, is
//! the cost of one call; `callgrind_annotate` says where it goes:
//!
//! ```sh
//! cargo build --release -p meshes-token-core --example instructions
//! for n in 1000 11000; do valgrind --tool=callgrind --callgrind-out-file=cg.$n \
//!     target/release/examples/instructions verifier $n; done
//! ```
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::arithmetic_side_effects,
    clippy::panic,
    missing_docs
)]

use std::hint::black_box;

use meshes_token_core::{MAX_TOKEN_LEN, Signer, Verifier, key_id, sign_token, verify};

const ACCESS_KEY: &str = "AK7f3kQ9mZ2pL8xR4tV6";
const SECRET: &str = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
const ORG_ID: &str = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
const IAT: u64 = 1_767_225_600;

/// The `example` vector's token as the Go SDK writes it (keys sorted, tests/vectors/tokens.json):
/// the general reader's path, which the canonical fast paths do not take.
const OTHER: &str = "eyJhbGciOiJIUzI1NiIsImtpZCI6IkFLN2Yza1E5bVoycEw4eFI0dFY2IiwidHlwIjoiSldUIn0.\
eyJhdWQiOiJtZXNoZXMtYXBpIiwiZXhwIjoxNzY3MjI1NjMwLCJpYXQiOjE3NjcyMjU2MDAsImlzcyI6InVybjptZXNoZXM6bTJt\
OkFLN2Yza1E5bVoycEw4eFI0dFY2Iiwib3JnIjoiM2Y2YzJhOWUtOGIxZC00ZTdhLTljMmYtNWQ4ZTFhN2I0YzYwIn0.\
EJwu1Tl-HXGsT4Hvy-hBFWbFTwmJEQHAq2vGXHCrPTs";

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: instructions <path> <n>");
    let n: u32 = args.next().expect("n").parse().expect("n is a number");
    let signer = Signer::new(ACCESS_KEY, SECRET, ORG_ID).unwrap();
    let verifier = Verifier::new(SECRET).unwrap();
    let mut buf = [0u8; MAX_TOKEN_LEN];
    let token = signer.sign(IAT, 30, &mut buf).unwrap().to_owned();
    let mut sink = 0u64;
    let other = OTHER.to_owned();
    let now = IAT + 1;
    assert!(!other.starts_with(&token[..44]));
    assert_eq!(verifier.verify(&other, now, 0).unwrap().issued_at(), IAT);
    let mut state = [0u32; 8];
    let block = [[0x5au8; 64]];
    for _ in 0..n {
        sink = sink.wrapping_add(match path.as_str() {
            "verify" => verify(black_box(&token), SECRET, IAT + 1, 0)
                .unwrap()
                .issued_at(),
            "verifier" => verifier
                .verify(black_box(&token), IAT + 1, 0)
                .unwrap()
                .issued_at(),
            "key_id" => key_id(black_box(&token)).unwrap().as_str().len() as u64,
            "verify_other" => verify(black_box(&other), SECRET, now, 0)
                .unwrap()
                .issued_at(),
            "verifier_other" => verifier
                .verify(black_box(&other), now, 0)
                .unwrap()
                .issued_at(),
            "key_id_other" => key_id(black_box(&other)).unwrap().as_str().len() as u64,
            "sign" => signer.sign(black_box(IAT), 30, &mut buf).unwrap().len() as u64,
            "sign_bytes" => signer
                .sign_bytes(black_box(IAT), 30, &mut buf)
                .unwrap()
                .len() as u64,
            "sign_token" => sign_token(ACCESS_KEY, black_box(SECRET), ORG_ID, IAT, 30, &mut buf)
                .unwrap()
                .len() as u64,
            "compress" => {
                sha2::block_api::compress256(black_box(&mut state), black_box(&block));
                u64::from(state[0])
            }
            other => panic!("unknown path {other}"),
        });
    }
    println!("{path} x {n}: {}", sink % 7);
}
