//! `Verifier` against `verify`: arbitrary bytes as token, secret, now and leeway.
//!
//! Never a panic; a `Verifier` for the secret gives exactly what `verify` gives (the same
//! claims, or the same error), its `new` failing only where `verify` fails on the secret. Two
//! verifications with one `Verifier` agree (it is not changed by use).
//!
//! Input layout as the `verify` target: `now` u64 LE, `leeway` u32 LE, secret length u16 LE,
//! the secret, then the token (the rest); a leeway with its top bit clear is taken modulo 512.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshes_token_core::{Error, MAX_LEEWAY, Verifier, verify};

fn split_input(data: &[u8]) -> (u64, u32, &[u8], &[u8]) {
    let mut fixed = [0u8; 14];
    let n = data.len().min(14);
    fixed[..n].copy_from_slice(&data[..n]);
    let rest = &data[n..];
    let now = u64::from_le_bytes(fixed[..8].try_into().expect("8 bytes"));
    let raw = u32::from_le_bytes(fixed[8..12].try_into().expect("4 bytes"));
    let leeway = if raw >> 31 == 1 { raw } else { raw % 512 };
    let secret_len = usize::from(u16::from_le_bytes([fixed[12], fixed[13]])).min(rest.len());
    let (secret, token) = rest.split_at(secret_len);
    (now, leeway, secret, token)
}

fuzz_target!(|data: &[u8]| {
    let (now, leeway, secret, token) = split_input(data);
    let expected = verify(token, secret, now, leeway);
    match Verifier::new(secret) {
        Ok(verifier) => {
            let got = verifier.verify(token, now, leeway);
            assert_eq!(got, expected, "Verifier and verify differ");
            assert_eq!(
                verifier.verify(token, now, leeway),
                got,
                "a second call differs"
            );
        }
        Err(error) => {
            assert!(
                matches!(error, Error::Secret(_)),
                "Verifier::new failed with {error:?}"
            );
            // `verify` checks the leeway before the secret; otherwise it fails the same way.
            let want = if leeway > MAX_LEEWAY {
                Error::Leeway
            } else {
                error
            };
            assert_eq!(
                expected,
                Err(want),
                "Verifier::new refused a secret verify took"
            );
        }
    }
});
