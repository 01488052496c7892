//! `key_id`: arbitrary bytes as a token.
//!
//! Never a panic; the outcome is the independent model's (steps 1, 2 and the `kid` part of
//! step 4 of the documented order); a returned key id satisfies the access-key rules; and
//! `key_id` agrees with `verify` on every token: what `key_id` finds malformed, `verify` finds
//! malformed with the same detail, and `verify` never rejects a `kid` that `key_id` returned
//! (`key_id` reads only the header, so `verify` may still find the payload's base64 bad).
//!
//! Input: the token, as is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshes_token_core::{Error, key_id, verify};
use meshes_token_fuzz::{access_key_rule, b64_decode, model_key_id};

fuzz_target!(|token: &[u8]| {
    let core = key_id(token);
    let model = model_key_id(token);
    let same = match (&core, &model) {
        (Ok(k), Ok(m)) => k.as_str() == m,
        (Err(c), Err(m)) => c.code() == m.code(),
        _ => false,
    };
    assert!(
        same,
        "key_id disagrees with the model\n core:  {core:?}\n model: {model:?}\n token: {:?}",
        String::from_utf8_lossy(token)
    );

    // A valid secret that no token here is signed with: verify reads the same structure and
    // header, then the payload's base64url, then checks `alg`, `typ` and `kid`, and stops at
    // the MAC.
    let verified = verify(token, "fuzz-secret", 0, 0);
    let payload_ok = || {
        let mut parts = token.split(|&b| b == b'.');
        parts.nth(1).is_some_and(|p| b64_decode(p).is_some())
    };
    match core {
        Ok(kid) => {
            assert!(access_key_rule(kid.as_str().as_bytes()).is_ok());
            assert_eq!(kid.to_string(), kid.as_str());
            match verified {
                Err(Error::Malformed(_)) => assert!(!payload_ok(), "verify: {verified:?}"),
                Err(Error::Algorithm | Error::Signature | Error::Claims(_)) => {}
                _ => panic!("key_id found {kid:?} but verify says {verified:?}"),
            }
        }
        Err(e @ Error::Malformed(_)) => assert_eq!(verified, Err(e)),
        Err(e @ Error::Claims(_)) => match verified {
            Err(Error::Malformed(_)) => assert!(!payload_ok(), "verify: {verified:?}"),
            Err(Error::Algorithm | Error::Claims(_)) => {}
            _ => panic!("key_id says {e:?} but verify says {verified:?}"),
        },
        Err(e) => panic!("key_id returned an error it does not document: {e:?}"),
    }
});
