//! Minting cost of every way to make the same token, side by side in one run.
//!
//! `cargo bench -p meshes-token-core --bench sign`. The README's performance table comes
//! from this run, through `make bench` (bench/run.py), which reads criterion's estimates and
//! computes the ratios that the targets name. With `MESHES_BENCH_JSON=<path>` set, the bench
//! also writes every contender's token and its heap allocations per token to that file.
#![allow(
    unreachable_pub,
    unsafe_code,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use base64ct::{Base64UrlUnpadded, Encoding};
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit, Mac};
use meshes_token_core::{MAX_TOKEN_LEN, Signer, sign_token};
use sha2::Sha256;

const ACCESS_KEY: &str = "AK7f3kQ9mZ2pL8xR4tV6";
const SECRET: &str = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
const ORG_ID: &str = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
const IAT: u64 = 1_767_225_600;
const TTL: u32 = 30;
const EXPECTED_SUFFIX: &str = ".9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w";

/// Counts heap allocations while `COUNTING` is on. Off (during every timing) it costs one
/// relaxed load per allocation, so the peers that allocate are not slowed by the counting.
struct CountingAlloc;

static COUNTING: AtomicBool = AtomicBool::new(false);
static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

fn count_one() {
    if COUNTING.load(Relaxed) {
        ALLOCATIONS.fetch_add(1, Relaxed);
    }
}

// SAFETY: every call is forwarded unchanged to `System`; the counter is kept on the side.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which is System's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: `ptr` and `layout` came from this allocator, that is from `System`.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` and `layout` came from this allocator, that is from `System`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: CountingAlloc = CountingAlloc;

/// Heap allocations (alloc, alloc_zeroed, realloc) per call of `f`, over `calls` calls.
fn allocations_per_call(calls: u32, mut f: impl FnMut()) -> f64 {
    f();
    ALLOCATIONS.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    for _ in 0..calls {
        f();
    }
    COUNTING.store(false, Relaxed);
    ALLOCATIONS.load(Relaxed) as f64 / f64::from(calls)
}

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

    if let Some(path) = std::env::var_os("MESHES_BENCH_JSON") {
        const CALLS: u32 = 1000;
        let allocations = serde_json::json!({
            "Signer::sign": allocations_per_call(CALLS, || {
                black_box(signer.sign(black_box(IAT), TTL, &mut buf).map(str::len)).unwrap();
            }),
            "sign_token (one-shot)": allocations_per_call(CALLS, || {
                let token = sign_token(ACCESS_KEY, SECRET, ORG_ID, black_box(IAT), TTL, &mut buf);
                black_box(token.map(str::len)).unwrap();
            }),
            "naive mint (hmac re-keyed per token)": allocations_per_call(CALLS, || {
                black_box(naive_mint(black_box(IAT), TTL, &mut buf2).len());
            }),
            "jsonwebtoken crate": allocations_per_call(CALLS, || {
                let claims = jwt_claims(black_box(IAT));
                black_box(jsonwebtoken::encode(&jwt_header, &claims, &jwt_key).unwrap());
            }),
        });
        let one_shot = sign_token(ACCESS_KEY, SECRET, ORG_ID, IAT, TTL, &mut buf).unwrap();
        let report = serde_json::json!({
            "tokens": {
                "Signer::sign": reference,
                "sign_token (one-shot)": one_shot,
                "naive mint (hmac re-keyed per token)": naive_mint(IAT, TTL, &mut buf2),
                "jsonwebtoken crate": jwt_token,
            },
            "allocations_per_token": allocations,
        });
        std::fs::write(path, serde_json::to_string_pretty(&report).unwrap()).unwrap();
    }

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
    let verifier = meshes_token_core::Verifier::new(SECRET).unwrap();
    assert_eq!(
        verifier.verify(&token, IAT + 1, 0),
        meshes_token_core::verify(&token, SECRET, IAT + 1, 0)
    );
    v.bench_function("Verifier::verify", |b| {
        b.iter(|| {
            verifier
                .verify(black_box(&token), IAT + 1, 0)
                .map(|c| c.issued_at())
        })
    });
    // The hash floors of this token: 8 compressions for a re-keyed HMAC (`verify`), 6 with the
    // key state kept (`Verifier`); the ratios to them are the issue-16 targets.
    for blocks in [6usize, 8] {
        let input = vec![[0x5au8; 64]; blocks];
        let mut state = [0u32; 8];
        v.bench_function(format!("{blocks} SHA-256 compressions"), |b| {
            b.iter(|| sha2::block_api::compress256(black_box(&mut state), black_box(&input)))
        });
    }
    v.bench_function("key_id", |b| {
        b.iter(|| meshes_token_core::key_id(black_box(&token)).map(|k| k.as_str().len()))
    });
    v.finish();

    // Tokens per second from 1 and 2 threads sharing one `Signer` (by reference: no lock, no
    // clone). Each sample spawns the threads, splits the tokens between them and takes the wall
    // time; flat sampling keeps every sample long enough that spawning is noise.
    let mut t = c.benchmark_group("threads");
    t.sampling_mode(SamplingMode::Flat);
    t.throughput(Throughput::Elements(1));
    for threads in [1u64, 2] {
        let name = if threads == 1 {
            "Signer::sign, 1 thread".to_owned()
        } else {
            format!("Signer::sign, {threads} threads")
        };
        t.bench_function(name, |b| {
            b.iter_custom(|tokens| {
                let start = Instant::now();
                std::thread::scope(|s| {
                    for i in 0..threads {
                        let share = tokens / threads + u64::from(i < tokens % threads);
                        let (signer, reference) = (&signer, reference.as_str());
                        s.spawn(move || {
                            let mut out = [0u8; MAX_TOKEN_LEN];
                            for _ in 0..share {
                                black_box(
                                    signer
                                        .sign(black_box(IAT), black_box(TTL), &mut out)
                                        .map(str::len),
                                )
                                .unwrap();
                            }
                            // Each thread's last token is checked: wrong tokens fail the bench.
                            assert_eq!(signer.sign(IAT, TTL, &mut out).unwrap(), reference);
                        });
                    }
                });
                start.elapsed()
            })
        });
    }
    t.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(60)
}

criterion_group! { name = sign; config = config(); targets = benches }
criterion_main!(sign);
