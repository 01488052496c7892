//! Every way to mint and to verify the bench's token in Rust, side by side in one run.
//!
//! `cargo bench --manifest-path bench/rust/Cargo.toml`; `make bench` (bench/lang_rust.py) runs
//! it once per round and reads criterion's estimates. With `MESHES_BENCH_JSON=<path>` set, it
//! also writes each mint's token, each verifier's result (claims, and whether it refused a
//! changed signature) and heap allocations per call to that file. Every contender's result is
//! asserted here before it is timed.
#![allow(unsafe_code, clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use meshes_token_bench::inputs::{ACCESS_KEY, IAT, ORG_ID, REFERENCE, SECRET, TTL, tampered};
use meshes_token_bench::{mint, verify};
use meshes_token_core::{MAX_TOKEN_LEN, Signer, Verifier, key_id, sign_token};
use serde_json::{Value, json};

/// Counts heap allocations while `COUNTING` is on. Off (during every timing) it costs one
/// relaxed load per allocation, so the rivals that allocate are not slowed by the counting.
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

/// Heap allocations (alloc, alloc_zeroed, realloc) per call of `f`, over 1,000 calls.
fn allocations_per_call(mut f: impl FnMut()) -> f64 {
    const CALLS: u32 = 1000;
    f();
    ALLOCATIONS.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    for _ in 0..CALLS {
        f();
    }
    COUNTING.store(false, Relaxed);
    ALLOCATIONS.load(Relaxed) as f64 / f64::from(CALLS)
}

/// A verifier's report: what it returned for the reference token, and whether it refused the
/// token with a changed signature.
fn verified(claims: Option<Value>, tampered: Option<Value>) -> Value {
    let claims = claims.expect("every verifier accepts the reference token");
    json!({"claims": claims, "tampered_rejected": tampered.is_none()})
}

fn ours(c: meshes_token_core::Claims) -> Value {
    json!({"kid": c.access_key(), "org": c.org_id(), "iat": c.issued_at(), "exp": c.expires_at()})
}

fn benches(c: &mut Criterion) {
    let now = IAT + 1;
    let signer = Signer::new(ACCESS_KEY, SECRET, ORG_ID).unwrap();
    let hmac_mid = mint::HmacMidstate::new();
    let ring_mid = mint::RingMidstate::new();
    let jwt = mint::JsonWebToken::new();
    let simple = mint::JwtSimple::new();
    let (mut buf, mut buf2) = ([0u8; MAX_TOKEN_LEN], [0u8; mint::MAX]);

    // Every mint must produce the reference token (or, for the crates with their own JSON
    // layout, a token that verifies to the same claims) before it is timed.
    assert_eq!(signer.sign(IAT, TTL, &mut buf).unwrap(), REFERENCE);
    assert_eq!(
        sign_token(ACCESS_KEY, SECRET, ORG_ID, IAT, TTL, &mut buf).unwrap(),
        REFERENCE
    );
    assert_eq!(mint::naive(IAT, TTL, &mut buf2), REFERENCE);
    assert_eq!(hmac_mid.mint(IAT, TTL, &mut buf2), REFERENCE);
    assert_eq!(ring_mid.mint(IAT, TTL, &mut buf2), REFERENCE);
    let (jwt_token, simple_token) = (jwt.mint(IAT, TTL), simple.mint(IAT, TTL));
    for token in [&jwt_token, &simple_token] {
        let claims = meshes_token_core::verify(token, SECRET, now, 0).unwrap();
        assert_eq!((claims.access_key(), claims.org_id()), (ACCESS_KEY, ORG_ID));
        assert_eq!(
            (claims.issued_at(), claims.expires_at()),
            (IAT, IAT + u64::from(TTL))
        );
    }

    // Every verifier must return the token's claims and refuse a changed signature.
    let verifier = Verifier::new(SECRET).unwrap();
    let jwt_v = verify::JsonWebToken::new();
    let simple_v = verify::JwtSimple::new();
    let bad = tampered();
    let reports = json!({
        "verify": verified(
            meshes_token_core::verify(REFERENCE, SECRET, now, 0).ok().map(ours),
            meshes_token_core::verify(&bad, SECRET, now, 0).ok().map(ours),
        ),
        "Verifier::verify": verified(
            verifier.verify(REFERENCE, now, 0).ok().map(ours),
            verifier.verify(&bad, now, 0).ok().map(ours),
        ),
        "key_id": {"claims": {"kid": key_id(REFERENCE).unwrap().as_str()}, "tampered_rejected": null},
        "jsonwebtoken::decode": verified(jwt_v.report(REFERENCE), jwt_v.report(&bad)),
        "jwt-simple verify_token": verified(
            simple_v.report(simple.key(), REFERENCE),
            simple_v.report(simple.key(), &bad),
        ),
    });
    for (name, report) in reports.as_object().unwrap() {
        assert!(
            name == "key_id" || report["tampered_rejected"] == true,
            "{name}: {report}"
        );
    }

    if let Some(path) = std::env::var_os("MESHES_BENCH_JSON") {
        let allocations = json!({
            "Signer::sign": allocations_per_call(|| {
                black_box(signer.sign(black_box(IAT), TTL, &mut buf).map(str::len)).unwrap();
            }),
            "sign_token (one-shot)": allocations_per_call(|| {
                let token = sign_token(ACCESS_KEY, SECRET, ORG_ID, black_box(IAT), TTL, &mut buf);
                black_box(token.map(str::len)).unwrap();
            }),
            "naive mint (hmac re-keyed per token)": allocations_per_call(|| {
                black_box(mint::naive(black_box(IAT), TTL, &mut buf2).len());
            }),
            "hmac crate, cloned midstate": allocations_per_call(|| {
                black_box(hmac_mid.mint(black_box(IAT), TTL, &mut buf2).len());
            }),
            "ring, cloned context": allocations_per_call(|| {
                black_box(ring_mid.mint(black_box(IAT), TTL, &mut buf2).len());
            }),
            "jsonwebtoken crate": allocations_per_call(|| {
                black_box(jwt.mint(black_box(IAT), TTL));
            }),
            "jwt-simple": allocations_per_call(|| {
                black_box(simple.mint(black_box(IAT), TTL));
            }),
            "verify": allocations_per_call(|| {
                black_box(meshes_token_core::verify(black_box(REFERENCE), SECRET, now, 0)).unwrap();
            }),
            "Verifier::verify": allocations_per_call(|| {
                black_box(verifier.verify(black_box(REFERENCE), now, 0)).unwrap();
            }),
            "key_id": allocations_per_call(|| {
                black_box(key_id(black_box(REFERENCE))).unwrap();
            }),
            "jsonwebtoken::decode": allocations_per_call(|| {
                black_box(jwt_v.verify(black_box(REFERENCE))).unwrap();
            }),
            "jwt-simple verify_token": allocations_per_call(|| {
                black_box(simple_v.verify(simple.key(), black_box(REFERENCE))).unwrap();
            }),
        });
        let report = json!({
            "tokens": {
                "Signer::sign": signer.sign(IAT, TTL, &mut buf).unwrap(),
                "sign_token (one-shot)": sign_token(ACCESS_KEY, SECRET, ORG_ID, IAT, TTL, &mut buf).unwrap(),
                "naive mint (hmac re-keyed per token)": mint::naive(IAT, TTL, &mut buf2),
                "hmac crate, cloned midstate": hmac_mid.mint(IAT, TTL, &mut buf2),
                "ring, cloned context": ring_mid.mint(IAT, TTL, &mut buf2),
                "jsonwebtoken crate": jwt_token,
                "jwt-simple": simple_token,
            },
            "verified": reports,
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
            let (key, secret) = (black_box(ACCESS_KEY), black_box(SECRET));
            sign_token(key, secret, ORG_ID, black_box(IAT), TTL, &mut buf).map(str::len)
        })
    });
    g.bench_function("naive mint (hmac re-keyed per token)", |b| {
        b.iter(|| mint::naive(black_box(IAT), black_box(TTL), &mut buf2).len())
    });
    g.bench_function("hmac crate, cloned midstate", |b| {
        b.iter(|| {
            hmac_mid
                .mint(black_box(IAT), black_box(TTL), &mut buf2)
                .len()
        })
    });
    g.bench_function("ring, cloned context", |b| {
        b.iter(|| {
            ring_mid
                .mint(black_box(IAT), black_box(TTL), &mut buf2)
                .len()
        })
    });
    g.bench_function("jsonwebtoken crate", |b| {
        b.iter(|| jwt.mint(black_box(IAT), TTL))
    });
    g.bench_function("jwt-simple", |b| {
        b.iter(|| simple.mint(black_box(IAT), TTL))
    });
    let mut state = [0u32; 8];
    let block = [[0x5au8; 64]];
    g.bench_function("one SHA-256 compression", |b| {
        b.iter(|| sha2::block_api::compress256(black_box(&mut state), black_box(&block)))
    });
    g.finish();

    let mut v = c.benchmark_group("verify");
    v.bench_function("verify", |b| {
        b.iter(|| {
            meshes_token_core::verify(black_box(REFERENCE), SECRET, now, 0).map(|c| c.issued_at())
        })
    });
    v.bench_function("Verifier::verify", |b| {
        b.iter(|| {
            verifier
                .verify(black_box(REFERENCE), now, 0)
                .map(|c| c.issued_at())
        })
    });
    v.bench_function("key_id", |b| {
        b.iter(|| key_id(black_box(REFERENCE)).map(|k| k.as_str().len()))
    });
    v.bench_function("jsonwebtoken::decode", |b| {
        b.iter(|| jwt_v.verify(black_box(REFERENCE)).map(|c| c.iat))
    });
    v.bench_function("jwt-simple verify_token", |b| {
        b.iter(|| {
            simple_v
                .verify(simple.key(), black_box(REFERENCE))
                .map(|c| c.issued_at)
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
    v.finish();

    // Tokens per second from 1 and 2 threads sharing one `Signer` (by reference: no lock, no
    // clone). Each sample spawns the threads, splits the tokens between them and takes the wall
    // time; flat sampling keeps every sample long enough that spawning is noise.
    let mut t = c.benchmark_group("threads");
    t.sampling_mode(SamplingMode::Flat);
    t.throughput(Throughput::Elements(1));
    for threads in [1u64, 2] {
        let name = format!(
            "Signer::sign, {threads} thread{}",
            if threads == 1 { "" } else { "s" }
        );
        t.bench_function(name, |b| {
            b.iter_custom(|tokens| {
                let start = Instant::now();
                std::thread::scope(|s| {
                    for i in 0..threads {
                        let share = tokens / threads + u64::from(i < tokens % threads);
                        let signer = &signer;
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
                            assert_eq!(signer.sign(IAT, TTL, &mut out).unwrap(), REFERENCE);
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

criterion_group! { name = tokens; config = config(); targets = benches }
criterion_main!(tokens);
