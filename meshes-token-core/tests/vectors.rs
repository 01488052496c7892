//! The cross-language conformance vectors (tests/vectors/), made by independent producers.
#![allow(
    unreachable_pub,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use meshes_token_core::{MAX_TOKEN_LEN, Signer, Verifier, key_id, sign_token, verify};

#[test]
fn signer_reproduces_jsonwebtoken_byte_for_byte() {
    let file: TokensFile = read("tokens.json");
    assert_eq!(file.reference, "jsonwebtoken");
    assert!(
        file.vectors.len() >= 20,
        "too few vectors: {}",
        file.vectors.len()
    );
    for v in &file.vectors {
        let expected = &v.tokens["jsonwebtoken"];
        let signer = Signer::new(&v.access_key, &v.secret, &v.org_id)
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let mut buf = [0u8; MAX_TOKEN_LEN];
        let token = signer
            .sign(v.iat, v.ttl, &mut buf)
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(token, expected, "vector {}", v.name);
        assert_eq!(
            signer.token_len(v.iat, v.ttl),
            Ok(expected.len()),
            "vector {}",
            v.name
        );
        let mut buf = [0u8; MAX_TOKEN_LEN];
        let one_shot =
            sign_token(&v.access_key, &v.secret, &v.org_id, v.iat, v.ttl, &mut buf).unwrap();
        assert_eq!(one_shot, expected, "vector {} (one-shot)", v.name);
        assert_eq!(v.exp, v.iat + u64::from(v.ttl), "vector {}", v.name);
    }
}

#[test]
fn example_vector_is_the_documented_one() {
    let file: TokensFile = read("tokens.json");
    let v = file
        .vectors
        .iter()
        .find(|v| v.name == "example")
        .expect("an 'example' vector");
    let token = &v.tokens["jsonwebtoken"];
    assert_eq!(token.len(), 311);
    assert!(token.ends_with(".9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w"));
}

#[test]
fn verify_accepts_every_producer() {
    let file: TokensFile = read("tokens.json");
    for v in &file.vectors {
        for producer in ["jsonwebtoken", "jose", "pyjwt", "go_sdk"] {
            let token = v
                .tokens
                .get(producer)
                .unwrap_or_else(|| panic!("{}: no {producer} token", v.name));
            for now in [v.iat, v.exp - 1] {
                let claims = verify(token, &v.secret, now, 0)
                    .unwrap_or_else(|e| panic!("{} ({producer}) at {now}: {e}", v.name));
                let by_verifier = Verifier::new(&v.secret)
                    .and_then(|verifier| verifier.verify(token, now, 0))
                    .unwrap_or_else(|e| panic!("{} ({producer}) Verifier at {now}: {e}", v.name));
                assert_eq!(by_verifier, claims, "{} ({producer}) Verifier", v.name);
                assert_eq!(claims.access_key(), v.access_key, "{} ({producer})", v.name);
                assert_eq!(claims.org_id(), v.org_id, "{} ({producer})", v.name);
                assert_eq!(
                    (claims.issued_at(), claims.expires_at()),
                    (v.iat, v.exp),
                    "{} ({producer})",
                    v.name
                );
            }
            assert_eq!(
                verify(token, &v.secret, v.exp, 0).map(|_| ()),
                Err(meshes_token_core::Error::Expired)
            );
            assert_eq!(
                key_id(token).unwrap().as_str(),
                v.access_key,
                "{} ({producer})",
                v.name
            );
        }
    }
}

#[test]
fn verify_accepts_hand_crafted_layouts() {
    let file: VerifyFile<VerifyValid> = read("verify_valid.json");
    assert!(!file.vectors.is_empty());
    for v in &file.vectors {
        let claims = verify(&v.token, &v.secret, v.now, v.leeway)
            .unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let by_verifier = Verifier::new(&v.secret)
            .and_then(|verifier| verifier.verify(&v.token, v.now, v.leeway))
            .unwrap_or_else(|e| panic!("{} (Verifier): {e}", v.name));
        assert_eq!(by_verifier, claims, "{} (Verifier)", v.name);
        assert_eq!(claims.access_key(), v.claims.access_key, "{}", v.name);
        assert_eq!(claims.org_id(), v.claims.org_id, "{}", v.name);
        assert_eq!(
            (claims.issued_at(), claims.expires_at()),
            (v.claims.iat, v.claims.exp),
            "{}",
            v.name
        );
    }
}

#[test]
fn verify_rejects_with_the_exact_error() {
    let file: VerifyFile<VerifyInvalid> = read("verify_invalid.json");
    assert!(
        file.vectors.len() >= 30,
        "too few vectors: {}",
        file.vectors.len()
    );
    let mut failures = Vec::new();
    for v in &file.vectors {
        match verify(&v.token, &v.secret, v.now, v.leeway) {
            Ok(claims) => {
                failures.push(format!("{}: accepted {claims:?}, want {}", v.name, v.error))
            }
            Err(e) if status_name(e.code()) != v.error => {
                failures.push(format!(
                    "{}: got {} ({e}), want {}",
                    v.name,
                    status_name(e.code()),
                    v.error
                ));
            }
            Err(_) => {}
        }
        // The same verdict from a Verifier: its `new` checks the secret, its `verify` the rest
        // (no vector breaks both the leeway and the secret rules, whose order differs).
        let by_verifier = Verifier::new(&v.secret)
            .and_then(|verifier| verifier.verify(&v.token, v.now, v.leeway))
            .map_err(|e| status_name(e.code()));
        if by_verifier != Err(v.error.as_str()) {
            failures.push(format!(
                "{} (Verifier): got {by_verifier:?}, want {}",
                v.name, v.error
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn signer_rejects_with_the_exact_error() {
    let file: VerifyFile<SignInvalid> = read("sign_invalid.json");
    assert!(!file.vectors.is_empty());
    let mut failures = Vec::new();
    for v in &file.vectors {
        let mut buf = [0u8; MAX_TOKEN_LEN];
        match sign_token(&v.access_key, &v.secret, &v.org_id, v.iat, v.ttl, &mut buf) {
            Ok(_) => failures.push(format!("{}: signed, want {}", v.name, v.error)),
            Err(e) if status_name(e.code()) != v.error => {
                failures.push(format!(
                    "{}: got {} ({e}), want {}",
                    v.name,
                    status_name(e.code()),
                    v.error
                ));
            }
            Err(_) => assert!(
                buf.iter().all(|&b| b == 0),
                "{}: output written on error",
                v.name
            ),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
