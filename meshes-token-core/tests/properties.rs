//! Properties over generated inputs: the precomputed signer, the one-shot path and a plain
//! reference that keys `hmac` and hashes the whole input always agree, and verify reads back
//! exactly what was signed; every invalid input gets the error of the rule it breaks.
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

use meshes_token_core::{Error, MAX_TIME, MAX_TOKEN_LEN, Signer, Verifier, sign_token, verify};
use proptest::prelude::*;

fn access_key() -> impl Strategy<Value = String> {
    "[A-Za-z0-9._-]{1,128}"
}

fn org_id() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z0-9]", "[a-z0-9][a-z0-9-]{0,62}[a-z0-9]"]
}

/// Secrets of 1..=1024 bytes without ASCII control bytes or white space, UTF-8 or not.
fn secret() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![0x21u8..=0x7e, 0x80u8..=0xff];
    prop_oneof![
        4 => prop::collection::vec(byte.clone(), 1..=80),
        1 => prop::collection::vec(byte, 81..=1024),
    ]
}

fn times() -> impl Strategy<Value = (u64, u32)> {
    (1u32..=60).prop_flat_map(|ttl| {
        let iat = prop_oneof![
            0..=2_000_000_000u64,
            (MAX_TIME - u64::from(ttl) - 1000)..=(MAX_TIME - u64::from(ttl))
        ];
        (iat, Just(ttl))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn signer_equals_one_shot_equals_reference(
        ak in access_key(), org in org_id(), secret in secret(), (iat, ttl) in times()
    ) {
        let signer = Signer::new(&ak, &secret, &org).unwrap();
        let mut a = [0u8; MAX_TOKEN_LEN];
        let mut b = [0u8; MAX_TOKEN_LEN];
        let token = signer.sign(iat, ttl, &mut a).unwrap();
        prop_assert_eq!(token, sign_token(&ak, &secret, &org, iat, ttl, &mut b).unwrap());
        prop_assert_eq!(token, common::reference_token(&ak, &secret, &org, iat, ttl));
        prop_assert_eq!(signer.token_len(iat, ttl).unwrap(), token.len());
        let mut c = [0u8; MAX_TOKEN_LEN];
        prop_assert_eq!(signer.sign_bytes(iat, ttl, &mut c).unwrap(), token.as_bytes());

        let claims = verify(token, &secret, iat, 0).unwrap();
        prop_assert_eq!(claims.access_key(), ak.as_str());
        prop_assert_eq!(claims.org_id(), org.as_str());
        prop_assert_eq!((claims.issued_at(), claims.expires_at()), (iat, iat + u64::from(ttl)));
        let kid = meshes_token_core::key_id(token).unwrap();
        prop_assert_eq!(kid.as_str(), ak.as_str());
    }

    #[test]
    fn one_signer_many_times(secret in secret(), ttls in prop::collection::vec(times(), 1..20)) {
        let signer = Signer::new("AK7f3kQ9mZ2pL8xR4tV6", &secret, "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60").unwrap();
        for (iat, ttl) in ttls {
            let mut buf = [0u8; MAX_TOKEN_LEN];
            prop_assert_eq!(
                signer.sign(iat, ttl, &mut buf).unwrap(),
                common::reference_token("AK7f3kQ9mZ2pL8xR4tV6", &secret, "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60", iat, ttl)
            );
        }
    }

    #[test]
    fn invalid_access_key_byte(ak in access_key(), at in any::<prop::sample::Index>(),
                               bad in any::<u8>().prop_filter("invalid", |b| !(b.is_ascii_alphanumeric() || b"._-".contains(b)))) {
        let mut key = ak.into_bytes();
        key.insert(at.index(key.len() + 1), bad);
        prop_assert_eq!(Signer::new(&key, "secret", "org").unwrap_err().code(), Error::AccessKey("").code());
    }

    #[test]
    fn invalid_org_byte(org in org_id(), at in any::<prop::sample::Index>(),
                        bad in any::<u8>().prop_filter("invalid", |b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-'))) {
        let mut o = org.into_bytes();
        o.insert(at.index(o.len() + 1), bad);
        prop_assert_eq!(Signer::new("ak", "secret", &o).unwrap_err().code(), Error::OrgId("").code());
    }

    #[test]
    fn invalid_secret_byte(secret in secret(), at in any::<prop::sample::Index>(),
                           bad in prop_oneof![0u8..=0x20, Just(0x7fu8)]) {
        let mut s = secret;
        s.insert(at.index(s.len() + 1), bad);
        s.truncate(1024);
        if s.iter().any(|&b| b <= 0x20 || b == 0x7f) {
            prop_assert_eq!(Signer::new("ak", &s, "org").unwrap_err().code(), Error::Secret("").code());
        }
    }

    #[test]
    fn invalid_times(iat in any::<u64>(), ttl in any::<u32>()) {
        let signer = Signer::new("ak", "secret", "org").unwrap();
        let mut buf = [0u8; MAX_TOKEN_LEN];
        let expected = if ttl == 0 || ttl > 60 {
            Err(Error::Ttl)
        } else if iat.checked_add(u64::from(ttl)).is_none_or(|e| e > MAX_TIME) {
            Err(Error::Time)
        } else {
            Ok(common::reference_token("ak", b"secret", "org", iat, ttl))
        };
        prop_assert_eq!(signer.sign(iat, ttl, &mut buf).map(str::to_owned), expected);
    }

    #[test]
    fn verify_never_accepts_a_changed_token(ak in access_key(), (iat, ttl) in times(),
                                            at in any::<prop::sample::Index>(), with in any::<u8>()) {
        let secret = b"s3cr3t";
        let token = common::reference_token(&ak, secret, "org", iat, ttl);
        let mut bytes = token.clone().into_bytes();
        let i = at.index(bytes.len());
        prop_assume!(bytes[i] != with);
        bytes[i] = with;
        prop_assert!(verify(&bytes, secret, iat, 0).is_err());
    }

    #[test]
    fn verifier_agrees_with_verify(ak in access_key(), org in org_id(), secret in secret(),
                                   (iat, ttl) in times(), at in any::<prop::sample::Index>(),
                                   with in any::<u8>(), change in any::<bool>(),
                                   now_offset in 0u64..70, leeway in 0u32..310) {
        let token = common::reference_token(&ak, &secret, &org, iat, ttl);
        let mut bytes = token.into_bytes();
        if change {
            let i = at.index(bytes.len());
            bytes[i] = with;
        }
        let now = iat.saturating_add(now_offset);
        let verifier = Verifier::new(&secret).unwrap();
        prop_assert_eq!(verifier.verify(&bytes, now, leeway), verify(&bytes, &secret, now, leeway));
    }
}
