//! A statistical timing check of `verify` (dudect-style; a benchmark, not a test: `make
//! bench-ct`). The second opinion next to `make test-ct`, which proves with valgrind that no
//! branch or address depends on the secret; this one measures what a timing attacker would.
//!
//! Two classes of tokens, both wrong: the right token with its MAC changed in the first byte,
//! and in the last byte. A comparison that stops at the first difference answers the first
//! class sooner. Calls of the two classes are interleaved in a random order (so drift and
//! other load on the machine hit both alike), each call is timed, and Welch's t-test compares
//! the two timing distributions: on all samples, and, as dudect does, on the samples below a
//! few percentiles (timing noise has a long right tail). |t| < 10 everywhere passes; the exit
//! status is 1 otherwise.
//!
//! A positive control shows that the measurement can see a difference: the first class
//! against a token whose signature has the wrong length, rejected before any HMAC.
//!
//! usage: `dudect_verify [SAMPLES_PER_CLASS]` (default 100000)
#![allow(
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

use std::hint::black_box;
use std::time::Instant;

use meshes_token_core::{Error, MAX_TOKEN_LEN, sign_token, verify};

const KEY: &str = "AK7f3kQ9mZ2pL8xR4tV6";
const SECRET: &str = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
const ORG: &str = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
const IAT: u64 = 1_767_225_600;
/// Percentiles below which the cropped tests keep samples (dudect's cropping).
const CROPS: [f64; 4] = [0.5, 0.75, 0.9, 0.99];
const T_LIMIT: f64 = 10.0;

/// xorshift64*: enough to interleave the classes unpredictably for the code under test.
struct Rng(u64);

impl Rng {
    fn bit(&mut self) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 63) as usize
    }
}

/// Running mean and variance (Welford), so no sample has to be kept twice.
#[derive(Default, Clone, Copy)]
struct Moments {
    n: f64,
    mean: f64,
    m2: f64,
}

impl Moments {
    fn push(&mut self, x: f64) {
        self.n += 1.0;
        let d = x - self.mean;
        self.mean += d / self.n;
        self.m2 += d * (x - self.mean);
    }

    fn var(&self) -> f64 {
        self.m2 / (self.n - 1.0)
    }
}

/// Welch's t statistic of two samples.
fn welch(a: &Moments, b: &Moments) -> f64 {
    (a.mean - b.mean) / (a.var() / a.n + b.var() / b.n).sqrt()
}

/// Nanoseconds per call of `verify` for each class, in the interleaved order of `rng`; each
/// call's result is checked to be the expected error.
fn measure(tokens: [&[u8]; 2], want: [Error; 2], samples: usize, rng: &mut Rng) -> [Vec<f64>; 2] {
    let mut times = [Vec::with_capacity(samples), Vec::with_capacity(samples)];
    // Both classes are verified from the same buffer, so that no difference in address or
    // alignment between two token buffers shows up as a difference in time.
    let mut input = [0u8; MAX_TOKEN_LEN];
    while times[0].len() < samples || times[1].len() < samples {
        let class = rng.bit();
        if times[class].len() == samples {
            continue;
        }
        let token = &mut input[..tokens[class].len()];
        token.copy_from_slice(tokens[class]);
        let token = black_box(&*token);
        let start = Instant::now();
        let got = verify(token, black_box(SECRET), IAT + 10, 0);
        let ns = start.elapsed().as_nanos() as f64;
        assert_eq!(got.err(), Some(want[class]), "class {class}");
        times[class].push(ns);
    }
    times
}

/// |t| on all samples and below each crop percentile (of both classes together); the largest.
fn t_tests(label: &str, times: &[Vec<f64>; 2]) -> f64 {
    let mut all: Vec<f64> = times.iter().flatten().copied().collect();
    all.sort_by(f64::total_cmp);
    let mut worst = 0.0_f64;
    let mut line = format!("{label}:");
    for crop in [None].into_iter().chain(CROPS.map(Some)) {
        let limit = crop.map_or(f64::INFINITY, |p| {
            all[((all.len() - 1) as f64 * p) as usize]
        });
        let mut m = [Moments::default(); 2];
        for (class, ts) in times.iter().enumerate() {
            for &t in ts.iter().filter(|&&t| t <= limit) {
                m[class].push(t);
            }
        }
        let t = welch(&m[0], &m[1]);
        worst = worst.max(t.abs());
        let name = crop.map_or("all".to_owned(), |p| format!("p{}", (p * 100.0) as u32));
        line += &format!(" {name} t={t:+.2}");
        if crop.is_none() {
            line += &format!(" (mean {:.0} vs {:.0} ns)", m[0].mean, m[1].mean);
        }
    }
    println!("{line}");
    worst
}

fn main() {
    let samples: usize = std::env::args().nth(1).map_or(100_000, |s| {
        s.parse().expect("SAMPLES_PER_CLASS is a number")
    });
    let mut buf = [0u8; MAX_TOKEN_LEN];
    let token = sign_token(KEY, SECRET, ORG, IAT, 30, &mut buf)
        .expect("sign")
        .as_bytes()
        .to_vec();
    let sig_at = token
        .iter()
        .rposition(|&b| b == b'.')
        .expect("three segments")
        + 1;
    let flip = |t: &mut Vec<u8>, i: usize| t[i] = if t[i] == b'A' { b'B' } else { b'A' };
    // The MAC's 32 bytes are 43 characters; the 42nd holds the low bits of byte 30 and the
    // top of byte 31, and its lowest bit is in byte 31 (the 43rd has 2 zero bits).
    let mut first = token.clone();
    flip(&mut first, sig_at);
    let mut last = token.clone();
    flip(&mut last, token.len() - 2);
    let mut short = token.clone();
    short.pop();

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    let mut rng = Rng(seed);
    // Warm-up, then the measurement and the control.
    measure(
        [&first, &last],
        [Error::Signature; 2],
        samples / 10,
        &mut rng,
    );
    println!(
        "verify, {samples} interleaved calls per class (order seed {seed:#x}), Welch t \
         (|t| < {T_LIMIT} passes), all samples and below percentiles:"
    );
    let times = measure([&first, &last], [Error::Signature; 2], samples, &mut rng);
    let worst = t_tests("MAC wrong in its first byte vs its last byte", &times);
    let control = measure([&first, &short], [Error::Signature; 2], samples, &mut rng);
    let seen = t_tests(
        "control: MAC wrong vs signature too short (must differ)",
        &control,
    );
    println!(
        "max |t| = {worst:.2} (first vs last byte); control max |t| = {seen:.1}: {}",
        if worst < T_LIMIT && seen >= T_LIMIT {
            "no timing difference found, and the control shows one would be"
        } else if worst >= T_LIMIT {
            "TIMING DIFFERENCE between first and last byte"
        } else {
            "the control shows no difference: this machine is too noisy to judge"
        }
    );
    if worst >= T_LIMIT || seen < T_LIMIT {
        std::process::exit(1);
    }
}
