//! Runs one path N times, for instruction counts under callgrind (independent of the machine's
//! load, unlike wall time): `instructions <path> <n>`, path one of `verify`, `verifier`,
//! `key_id`, `sign`, `compress`, or, on a token in another layout (`jsonwebtoken`'s header
//! order, which the canonical fast paths do not take), `verify_other`, `verifier_other`,
//! `key_id_other`; `jwt_decode` is `jsonwebtoken::decode` with `aud` and `iss` validated. The
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

use meshes_token_core::{MAX_TOKEN_LEN, Signer, Verifier, key_id, verify};

const ACCESS_KEY: &str = "AK7f3kQ9mZ2pL8xR4tV6";
const SECRET: &str = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
const ORG_ID: &str = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
const IAT: u64 = 1_767_225_600;

#[derive(serde::Serialize, serde::Deserialize)]
struct JwtClaims {
    iss: String,
    aud: String,
    org: String,
    iat: u64,
    exp: u64,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: instructions <path> <n>");
    let n: u32 = args.next().expect("n").parse().expect("n is a number");
    let signer = Signer::new(ACCESS_KEY, SECRET, ORG_ID).unwrap();
    let verifier = Verifier::new(SECRET).unwrap();
    let mut buf = [0u8; MAX_TOKEN_LEN];
    let token = signer.sign(IAT, 30, &mut buf).unwrap().to_owned();
    let mut sink = 0u64;
    let iss = format!("urn:meshes:m2m:{ACCESS_KEY}");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    header.kid = Some(ACCESS_KEY.to_owned());
    let claims = JwtClaims {
        iss: iss.clone(),
        aud: "meshes-api".to_owned(),
        org: ORG_ID.to_owned(),
        iat: now,
        exp: now + 60,
    };
    let key = jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes());
    // `{"typ":"JWT","alg":"HS256","kid":...}`: the general reader's path.
    let other = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    assert!(!other.starts_with(&token[..44]));
    assert_eq!(verifier.verify(&other, now, 0).unwrap().issued_at(), now);
    let decoding_key = jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes());
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_audience(&["meshes-api"]);
    validation.set_issuer(&[&iss]);
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
            "jwt_decode" => {
                jsonwebtoken::decode::<JwtClaims>(black_box(&other), &decoding_key, &validation)
                    .unwrap()
                    .claims
                    .iat
            }
            "sign" => signer.sign(black_box(IAT), 30, &mut buf).unwrap().len() as u64,
            "compress" => {
                sha2::block_api::compress256(black_box(&mut state), black_box(&block));
                u64::from(state[0])
            }
            other => panic!("unknown path {other}"),
        });
    }
    println!("{path} x {n}: {}", sink % 7);
}
