//! Minting cost of every way to make the same token, side by side in one run.
//!
//! `cargo bench -p meshes-token-core --bench sign`. The README's performance table comes
//! from this run; the ratios that the targets name are printed at the end.
#![allow(
    unreachable_pub,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::hint::black_box;
use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding};
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use meshes_token_core::{MAX_TOKEN_LEN, Signer, sign_token};
use sha2::Sha256;

const ACCESS_KEY: &str = "AK7f3kQ9mZ2pL8xR4tV6";
const SECRET: &str = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
const ORG_ID: &str = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
const IAT: u64 = 1_767_225_600;
const TTL: u32 = 30;
const EXPECTED_SUFFIX: &str = ".9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w";

/// What a careful hand-rolled mint does: format both JSON documents, encode, key HMAC with
/// the secret and hash the whole signing input; stack buffers only, so no allocation either.
fn naive_mint(iat: u64, ttl: u32, out: &mut [u8; MAX_TOKEN_LEN]) -> &str {
    use std::io::Write;
    let mut header = [0u8; 256];
    let mut payload = [0u8; 512];
    let h_len = {
        let mut w = &mut header[..];
        write!(w, r#"{{"alg":"HS256","typ":"JWT","kid":"{ACCESS_KEY}"}}"#).unwrap();
        256 - w.len()
    };
    let p_len = {
        let mut w = &mut payload[..];
        write!(
            w,
            r#"{{"iss":"urn:meshes:m2m:{ACCESS_KEY}","aud":"meshes-api","org":"{ORG_ID}","iat":{iat},"exp":{}}}"#,
            iat + u64::from(ttl)
        )
        .unwrap();
        512 - w.len()
    };
    let h = Base64UrlUnpadded::encode(&header[..h_len], out)
        .unwrap()
        .len();
    out[h] = b'.';
    let p = Base64UrlUnpadded::encode(&payload[..p_len], &mut out[h + 1..])
        .unwrap()
        .len();
    let signing_len = h + 1 + p;
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(&out[..signing_len]);
    let tag = mac.finalize().into_bytes();
    out[signing_len] = b'.';
    let s = Base64UrlUnpadded::encode(&tag, &mut out[signing_len + 1..])
        .unwrap()
        .len();
    std::str::from_utf8(&out[..signing_len + 1 + s]).unwrap()
}

#[derive(serde::Serialize)]
struct JwtClaims<'a> {
    iss: &'a str,
    aud: &'a str,
    org: &'a str,
    iat: u64,
    exp: u64,
}

fn benches(c: &mut Criterion) {
    let signer = Signer::new(ACCESS_KEY, SECRET, ORG_ID).unwrap();
    let mut buf = [0u8; MAX_TOKEN_LEN];
    // Every contender must produce the reference token before it is timed.
    assert!(
        signer
            .sign(IAT, TTL, &mut buf)
            .unwrap()
            .ends_with(EXPECTED_SUFFIX)
    );
    let reference = signer.sign(IAT, TTL, &mut buf).unwrap().to_owned();
    let mut buf2 = [0u8; MAX_TOKEN_LEN];
    assert_eq!(naive_mint(IAT, TTL, &mut buf2), reference);
    assert_eq!(
        sign_token(ACCESS_KEY, SECRET, ORG_ID, IAT, TTL, &mut buf2).unwrap(),
        reference
    );

    let iss = format!("urn:meshes:m2m:{ACCESS_KEY}");
    let jwt_key = jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes());
    let mut jwt_header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
    jwt_header.kid = Some(ACCESS_KEY.to_owned());
    let jwt_claims = |iat| JwtClaims {
        iss: &iss,
        aud: "meshes-api",
        org: ORG_ID,
        iat,
        exp: iat + u64::from(TTL),
    };
    // jsonwebtoken lays the header out as {"typ","alg","kid"}: other bytes, the same claims.
    let jwt_token = jsonwebtoken::encode(&jwt_header, &jwt_claims(IAT), &jwt_key).unwrap();
    let claims = meshes_token_core::verify(&jwt_token, SECRET, IAT + 1, 0).unwrap();
    assert_eq!((claims.access_key(), claims.issued_at()), (ACCESS_KEY, IAT));

    let mut g = c.benchmark_group("mint");
    g.bench_function("Signer::sign", |b| {
        b.iter(|| {
            signer
                .sign(black_box(IAT), black_box(TTL), &mut buf)
                .map(str::len)
        })
    });
    g.bench_function("sign_token (one-shot)", |b| {
        b.iter(|| {
            sign_token(
                black_box(ACCESS_KEY),
                black_box(SECRET),
                ORG_ID,
                black_box(IAT),
                TTL,
                &mut buf,
            )
            .map(str::len)
        })
    });
    g.bench_function("naive mint (hmac re-keyed per token)", |b| {
        b.iter(|| naive_mint(black_box(IAT), black_box(TTL), &mut buf2).len())
    });
    g.bench_function("jsonwebtoken crate", |b| {
        b.iter(|| jsonwebtoken::encode(&jwt_header, &jwt_claims(black_box(IAT)), &jwt_key).unwrap())
    });
    let mut state = [0u32; 8];
    let block = [[0x5au8; 64]];
    g.bench_function("one SHA-256 compression", |b| {
        b.iter(|| {
            sha2::block_api::compress256(black_box(&mut state), black_box(&block));
        })
    });
    g.finish();

    let token = reference.clone();
    let mut v = c.benchmark_group("verify");
    v.bench_function("verify", |b| {
        b.iter(|| {
            meshes_token_core::verify(black_box(&token), SECRET, IAT + 1, 0).map(|c| c.issued_at())
        })
    });
    v.bench_function("key_id", |b| {
        b.iter(|| meshes_token_core::key_id(black_box(&token)).map(|k| k.as_str().len()))
    });
    v.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(60)
}

criterion_group! { name = sign; config = config(); targets = benches }
criterion_main!(sign);
