//! Every validation rule at its boundary, and verify's answer to each kind of tampering.
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

use common::{b64, craft, reference_token};
use meshes_token_core::{
    Error, MAX_LEEWAY, MAX_TIME, MAX_TOKEN_LEN, MAX_VERIFY_LEN, Signer, Verifier, key_id,
    sign_token, verify,
};

const AK: &str = "AK7f3kQ9mZ2pL8xR4tV6";
const ORG: &str = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
const SECRET: &str = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
const IAT: u64 = 1_767_225_600;

fn code(r: Result<Signer, Error>) -> Option<u32> {
    r.err().map(|e| e.code())
}

#[test]
fn access_key_rules() {
    assert!(Signer::new("a".repeat(128), SECRET, ORG).is_ok());
    assert_eq!(
        Signer::new("a".repeat(129), SECRET, ORG).err(),
        Some(Error::AccessKey("access key is longer than 128 bytes"))
    );
    assert_eq!(
        Signer::new("", SECRET, ORG).err(),
        Some(Error::AccessKey("access key is empty"))
    );
    assert!(Signer::new("mk_live.AB-c_9", SECRET, ORG).is_ok());
    for bad in [
        "a\"b", "a\\b", "a b", "a/b", "a:b", "é", "a\0", "a}", "a\u{7f}",
    ] {
        assert_eq!(code(Signer::new(bad, SECRET, ORG)), Some(2), "{bad:?}");
    }
}

#[test]
fn org_id_rules() {
    assert!(Signer::new(AK, SECRET, "a").is_ok());
    assert!(Signer::new(AK, SECRET, "a".repeat(64)).is_ok());
    assert_eq!(
        Signer::new(AK, SECRET, "a".repeat(65)).err(),
        Some(Error::OrgId("org id is longer than 64 bytes"))
    );
    assert_eq!(
        Signer::new(AK, SECRET, ORG.to_uppercase()).err(),
        Some(Error::OrgId(
            "org ids are lowercase: write the UUID in lowercase"
        ))
    );
    assert!(
        Signer::new(AK, SECRET, ORG.to_uppercase())
            .unwrap_err()
            .to_string()
            .contains("lowercase")
    );
    for bad in ["", "-abc", "abc-", "-", "a_b", "a\"b", "a.b", "ü"] {
        assert_eq!(code(Signer::new(AK, SECRET, bad)), Some(4), "{bad:?}");
    }
}

#[test]
fn secret_rules() {
    assert!(Signer::new(AK, "x", ORG).is_ok());
    assert!(Signer::new(AK, "x".repeat(1024), ORG).is_ok());
    assert!(Signer::new(AK, "pässwörd-日本-🔑", ORG).is_ok());
    assert_eq!(
        Signer::new(AK, "x".repeat(1025), ORG).err(),
        Some(Error::Secret("secret is longer than 1024 bytes"))
    );
    assert_eq!(
        Signer::new(AK, "", ORG).err(),
        Some(Error::Secret("secret is empty"))
    );
    let newline = Error::Secret("secret contains a line break (a trailing newline from a file?)");
    assert_eq!(
        Signer::new(AK, format!("{SECRET}\n"), ORG).err(),
        Some(newline)
    );
    assert_eq!(
        Signer::new(AK, format!("{SECRET}\r\n"), ORG).err(),
        Some(newline)
    );
    for bad in [
        " x", "x ", "a\tb", "a\0b", "a\u{7f}b", "a\u{1b}b", "a\u{0b}b",
    ] {
        assert_eq!(code(Signer::new(AK, bad, ORG)), Some(3), "{bad:?}");
    }
}

#[test]
fn validation_order_is_key_secret_org_ttl_time() {
    let mut buf = [0u8; MAX_TOKEN_LEN];
    assert_eq!(
        sign_token("", "", "", u64::MAX, 0, &mut buf)
            .unwrap_err()
            .code(),
        2
    );
    assert_eq!(
        sign_token(AK, "", "", u64::MAX, 0, &mut buf)
            .unwrap_err()
            .code(),
        3
    );
    assert_eq!(
        sign_token(AK, SECRET, "", u64::MAX, 0, &mut buf)
            .unwrap_err()
            .code(),
        4
    );
    assert_eq!(
        sign_token(AK, SECRET, ORG, u64::MAX, 0, &mut buf).unwrap_err(),
        Error::Ttl
    );
    assert_eq!(
        sign_token(AK, SECRET, ORG, u64::MAX, 1, &mut buf).unwrap_err(),
        Error::Time
    );
}

#[test]
fn ttl_and_time_bounds() {
    let s = Signer::new(AK, SECRET, ORG).unwrap();
    let mut buf = [0u8; MAX_TOKEN_LEN];
    assert_eq!(s.sign(IAT, 0, &mut buf), Err(Error::Ttl));
    assert_eq!(s.sign(IAT, 61, &mut buf), Err(Error::Ttl));
    assert_eq!(s.sign(IAT, u32::MAX, &mut buf), Err(Error::Ttl));
    assert!(s.sign(IAT, 1, &mut buf).is_ok());
    assert!(s.sign(IAT, 60, &mut buf).is_ok());
    assert_eq!(
        s.sign(0, 30, &mut buf).unwrap().len(),
        s.token_len(0, 30).unwrap()
    );
    assert_eq!(
        verify(
            s.sign(MAX_TIME - 60, 60, &mut buf).unwrap(),
            SECRET,
            MAX_TIME - 1,
            0
        )
        .unwrap()
        .expires_at(),
        MAX_TIME
    );
    assert_eq!(s.sign(MAX_TIME - 59, 60, &mut buf), Err(Error::Time));
    assert_eq!(s.sign(1 << 53, 1, &mut buf), Err(Error::Time));
    assert_eq!(s.sign(1 << 63, 1, &mut buf), Err(Error::Time));
    assert_eq!(s.sign(u64::MAX, 1, &mut buf), Err(Error::Time));
    assert_eq!(s.token_len(u64::MAX, 1), Err(Error::Time));
    assert_eq!(s.sign_bytes(IAT, 0, &mut buf), Err(Error::Ttl));
    assert_eq!(s.sign_bytes(MAX_TIME - 59, 60, &mut buf), Err(Error::Time));
}

#[test]
fn small_buffer_reports_the_length_and_writes_nothing() {
    let s = Signer::new(AK, SECRET, ORG).unwrap();
    let needed = s.token_len(IAT, 30).unwrap();
    assert_eq!(needed, 311);
    for cap in [0, 1, needed - 1] {
        let mut buf = vec![0xA5u8; cap];
        assert_eq!(
            s.sign(IAT, 30, &mut buf),
            Err(Error::BufferTooSmall { needed })
        );
        assert_eq!(
            s.sign_bytes(IAT, 30, &mut buf),
            Err(Error::BufferTooSmall { needed })
        );
        assert!(
            buf.iter().all(|&b| b == 0xA5),
            "cap {cap}: buffer was written"
        );
    }
    let mut exact = vec![0xA5u8; needed];
    assert_eq!(s.sign(IAT, 30, &mut exact).unwrap().len(), needed);
    let mut bigger = vec![0xA5u8; needed + 10];
    s.sign(IAT, 30, &mut bigger).unwrap();
    assert!(
        bigger[needed..].iter().all(|&b| b == 0xA5),
        "bytes past the token were written"
    );
}

#[test]
fn max_token_len_is_reached_and_never_exceeded() {
    let s = Signer::new("k".repeat(128), "x".repeat(1024), "o".repeat(64)).unwrap();
    let mut buf = [0u8; MAX_TOKEN_LEN];
    assert_eq!(
        s.sign(MAX_TIME - 60, 60, &mut buf).unwrap().len(),
        MAX_TOKEN_LEN
    );
    const { assert!(MAX_TOKEN_LEN <= MAX_VERIFY_LEN) };
}

#[test]
fn debug_and_errors_never_show_the_secret() {
    let sentinel = "SENTINEL-secret-4f1d";
    let s = Signer::new(AK, sentinel, ORG).unwrap();
    let debug = format!("{s:?}");
    assert!(
        !debug.contains(sentinel) && debug.contains(AK) && debug.contains("redacted"),
        "{debug}"
    );
    let debug = format!("{:?}", Verifier::new(sentinel).unwrap());
    assert_eq!(debug, r#"Verifier { secret: "<redacted>" }"#);
    let bad = [
        format!("{sentinel}\n"),
        format!(" {sentinel}"),
        sentinel.repeat(60),
    ];
    for secret in &bad {
        let e = Signer::new(AK, secret, ORG).unwrap_err();
        assert!(!format!("{e} {e:?}").contains(sentinel));
    }
    let token = reference_token(AK, b"other-secret", ORG, IAT, 30);
    let e = verify(&token, sentinel, IAT, 0).unwrap_err();
    assert_eq!(e, Error::Signature);
    assert!(!format!("{e} {e:?}").contains(sentinel));
}

fn good() -> String {
    reference_token(AK, SECRET.as_bytes(), ORG, IAT, 30)
}

fn header() -> String {
    format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{AK}"}}"#)
}

fn payload(iat: u64, exp: u64) -> String {
    format!(
        r#"{{"iss":"urn:meshes:m2m:{AK}","aud":"meshes-api","org":"{ORG}","iat":{iat},"exp":{exp}}}"#
    )
}

fn check(token: &str, now: u64, leeway: u32) -> Result<u64, Error> {
    verify(token, SECRET, now, leeway).map(|c| c.expires_at())
}

#[test]
fn verify_tampering() {
    let token = good();
    assert_eq!(check(&token, IAT, 0), Ok(IAT + 30));

    // A flipped character in the middle of the signature.
    let mut flipped = token.clone().into_bytes();
    let i = token.len() - 20;
    flipped[i] = if flipped[i] == b'A' { b'B' } else { b'A' };
    assert_eq!(
        check(std::str::from_utf8(&flipped).unwrap(), IAT, 0),
        Err(Error::Signature)
    );
    assert_eq!(
        verify(&token, "wrong-secret", IAT, 0).unwrap_err(),
        Error::Signature
    );

    let none = format!(
        "{}.{}.",
        b64(br#"{"alg":"none","typ":"JWT","kid":"AK7f3kQ9mZ2pL8xR4tV6"}"#),
        b64(payload(IAT, IAT + 30).as_bytes())
    );
    assert_eq!(check(&none, IAT, 0), Err(Error::Algorithm));
    let hs512 = craft(
        &header().replace("HS256", "HS512"),
        &payload(IAT, IAT + 30),
        SECRET.as_bytes(),
    );
    assert_eq!(check(&hs512, IAT, 0), Err(Error::Algorithm));

    let other_kid = craft(
        &header().replace(AK, "AK-other"),
        &payload(IAT, IAT + 30),
        SECRET.as_bytes(),
    );
    assert_eq!(
        check(&other_kid, IAT, 0),
        Err(Error::Claims("iss is not urn:meshes:m2m:<kid>"))
    );
    let no_kid = craft(
        r#"{"alg":"HS256","typ":"JWT"}"#,
        &payload(IAT, IAT + 30),
        SECRET.as_bytes(),
    );
    assert_eq!(check(&no_kid, IAT, 0), Err(Error::Claims("kid is missing")));
    let typ = craft(
        &header().replace("\"JWT\"", "\"JWS\""),
        &payload(IAT, IAT + 30),
        SECRET.as_bytes(),
    );
    assert_eq!(check(&typ, IAT, 0), Err(Error::Claims("typ is not JWT")));
    let aud = craft(
        &header(),
        &payload(IAT, IAT + 30).replace("meshes-api", "meshes"),
        SECRET.as_bytes(),
    );
    assert_eq!(
        check(&aud, IAT, 0),
        Err(Error::Claims("aud is not meshes-api"))
    );
    let aud_list = craft(
        &header(),
        &payload(IAT, IAT + 30).replace(r#""meshes-api""#, r#"["x","meshes-api"]"#),
        SECRET.as_bytes(),
    );
    assert_eq!(check(&aud_list, IAT, 0), Ok(IAT + 30));
    let ttl61 = craft(&header(), &payload(IAT, IAT + 61), SECRET.as_bytes());
    assert_eq!(
        check(&ttl61, IAT, 0),
        Err(Error::Claims("exp - iat is not 1 to 60 seconds"))
    );
    let ttl0 = craft(&header(), &payload(IAT, IAT), SECRET.as_bytes());
    assert_eq!(
        check(&ttl0, IAT, 0),
        Err(Error::Claims("exp - iat is not 1 to 60 seconds"))
    );

    // Valid strictly before exp + leeway; not valid before iat - leeway.
    assert_eq!(check(&token, IAT + 29, 0), Ok(IAT + 30));
    assert_eq!(check(&token, IAT + 30, 0), Err(Error::Expired));
    assert_eq!(check(&token, IAT + 39, 10), Ok(IAT + 30));
    assert_eq!(check(&token, IAT + 40, 10), Err(Error::Expired));
    assert_eq!(check(&token, IAT - 1, 0), Err(Error::NotYetValid));
    assert_eq!(check(&token, IAT - 5, 5), Ok(IAT + 30));
    assert_eq!(check(&token, IAT - 6, 5), Err(Error::NotYetValid));
    assert_eq!(check(&token, u64::MAX, MAX_LEEWAY), Err(Error::Expired));

    let (signing_input, _) = token.rsplit_once('.').unwrap();
    assert!(matches!(
        check(signing_input, IAT, 0),
        Err(Error::Malformed(_))
    ));
    assert!(matches!(
        check(&format!("{token}.x"), IAT, 0),
        Err(Error::Malformed(_))
    ));
    assert!(matches!(
        check(&token[..token.len() - 2], IAT, 0),
        Err(Error::Signature)
    ));
    let star = token.replacen('.', ".*", 1);
    assert!(matches!(check(&star, IAT, 0), Err(Error::Malformed(_))));
    let garbage = format!(
        "{}.{}.{}",
        "A".repeat(1000),
        "B".repeat(1000),
        "C".repeat(1000)
    );
    assert_eq!(
        check(&garbage, IAT, 0),
        Err(Error::Malformed("token is longer than 1024 bytes"))
    );
    assert_eq!(check("", IAT, 0), Err(Error::Malformed("token is empty")));
    assert!(matches!(check("..", IAT, 0), Err(Error::Malformed(_))));
    assert_eq!(
        verify(&token, format!("{SECRET}\n"), IAT, 0)
            .unwrap_err()
            .code(),
        3
    );
}

#[test]
fn verify_number_edges() {
    let at = |iat: &str, exp: &str| {
        let p = format!(
            r#"{{"iss":"urn:meshes:m2m:{AK}","aud":"meshes-api","org":"{ORG}","iat":{iat},"exp":{exp}}}"#
        );
        check(&craft(&header(), &p, SECRET.as_bytes()), 0, 0)
    };
    let range = Err(Error::Claims("iat or exp is above 2^53 - 1"));
    assert_eq!(at("9007199254740962", "9007199254740992"), range);
    assert_eq!(at("9223372036854775808", "9223372036854775838"), range);
    assert_eq!(at("18446744073709551585", "18446744073709551615"), range);
    for (iat, exp) in [
        ("18446744073709551616", "18446744073709551646"),
        ("1e19", "1e19"),
        ("1767225600.0", "1767225630"),
        ("-1", "29"),
        (r#""1767225600""#, "1767225630"),
        ("null", "1767225630"),
    ] {
        let r = at(iat, exp);
        assert!(
            matches!(
                r,
                Err(Error::Malformed(_)) | Err(Error::Claims("iat or exp is missing"))
            ),
            "{iat}: {r:?}"
        );
    }
}

#[test]
fn verify_json_edges() {
    let p = payload(IAT, IAT + 30);
    let dup = craft(
        &header(),
        &p.replace(r#""iat""#, r#""iat":1,"iat""#),
        SECRET.as_bytes(),
    );
    assert!(matches!(check(&dup, IAT, 0), Err(Error::Malformed(_))));
    let deep = craft(
        &header(),
        &p.replace('{', r#"{"x":[[[[[[[[1]]]]]]]],"#),
        SECRET.as_bytes(),
    );
    assert_eq!(
        check(&deep, IAT, 0),
        Err(Error::Malformed("JSON nests deeper than 8 levels"))
    );
    let ok_deep = craft(
        &header(),
        &p.replace('{', r#"{"x":[[[[[[1]]]]]],"#),
        SECRET.as_bytes(),
    );
    assert_eq!(check(&ok_deep, IAT, 0), Ok(IAT + 30));
    let escaped = craft(
        &header(),
        &p.replace("urn:", r"\u0075rn:")
            .replace(r#""aud""#, r#""\u0061ud""#),
        SECRET.as_bytes(),
    );
    assert_eq!(check(&escaped, IAT, 0), Ok(IAT + 30));
    let array = craft(&header(), "[1,2]", SECRET.as_bytes());
    assert!(matches!(check(&array, IAT, 0), Err(Error::Malformed(_))));
    let trailing = craft(&header(), &format!("{p}x"), SECRET.as_bytes());
    assert!(matches!(check(&trailing, IAT, 0), Err(Error::Malformed(_))));
    let upper = craft(
        &header(),
        &p.replace(ORG, &ORG.to_uppercase()),
        SECRET.as_bytes(),
    );
    assert_eq!(
        check(&upper, IAT, 0),
        Err(Error::Claims("org is not a valid org id"))
    );
}

#[test]
fn key_id_reads_kid_without_verifying() {
    let token = good();
    assert_eq!(key_id(&token).unwrap().as_str(), AK);
    assert_eq!(key_id(&token).unwrap().to_string(), AK);
    let forged = craft(&header(), &payload(IAT, IAT + 30), b"anything");
    assert_eq!(key_id(&forged).unwrap().as_str(), AK);
    let bad_kid = craft(r#"{"alg":"HS256","kid":"a b"}"#, "{}", b"k");
    assert_eq!(
        key_id(&bad_kid),
        Err(Error::Claims("kid is not a valid access key"))
    );
    assert!(matches!(key_id("a.b"), Err(Error::Malformed(_))));
    assert_eq!(key_id(""), Err(Error::Malformed("token is empty")));
}

#[test]
fn error_codes_and_messages_are_stable() {
    let all = [
        (Error::AccessKey("x"), 2),
        (Error::Secret("x"), 3),
        (Error::OrgId("x"), 4),
        (Error::Ttl, 5),
        (Error::Time, 6),
        (Error::BufferTooSmall { needed: 1 }, 7),
        (Error::Clock, 8),
        (Error::Malformed("x"), 10),
        (Error::Algorithm, 11),
        (Error::Signature, 12),
        (Error::Claims("x"), 13),
        (Error::Expired, 14),
        (Error::NotYetValid, 15),
        (Error::Internal, 16),
        (Error::Leeway, 17),
    ];
    for (e, code) in all {
        assert_eq!(e.code(), code, "{e:?}");
        assert!(!e.message().is_empty());
        assert!(e.to_string().starts_with(e.message()));
    }
    assert_eq!(
        Error::BufferTooSmall { needed: 311 }.to_string(),
        "output buffer too small: 311 bytes needed"
    );
    assert_eq!(
        Error::OrgId("org id is empty").to_string(),
        "invalid org id: org id is empty"
    );
}

/// Issue 15, item 3: any `crit` header parameter is refused (RFC 7515 section 4.1.11), after
/// `alg` and before `typ`, `kid` and the signature.
#[test]
fn crit_is_refused_whatever_it_lists() {
    let crit = Err(Error::Claims(
        "crit names an extension this verifier does not understand",
    ));
    let with = |extra: &str| {
        let h = format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{AK}",{extra}}}"#);
        craft(&h, &payload(IAT, IAT + 30), SECRET.as_bytes())
    };
    for extra in [
        r#""crit":["exp"]"#,
        r#""crit":["b64"],"b64":false"#,
        r#""crit":[]"#,
        r#""crit":"exp""#,
        r#""crit":null"#,
        r#""cr\u0069t":["x"]"#,
    ] {
        assert_eq!(check(&with(extra), IAT, 0), crit, "{extra}");
    }
    // Duplicate crit is malformed like any duplicate member; alg is judged before crit.
    assert_eq!(
        check(&with(r#""crit":["a"],"crit":["b"]"#), IAT, 0),
        Err(Error::Malformed("a member appears twice"))
    );
    let none = craft(
        &format!(r#"{{"alg":"none","kid":"{AK}","crit":["x"]}}"#),
        &payload(IAT, IAT + 30),
        SECRET.as_bytes(),
    );
    assert_eq!(check(&none, IAT, 0), Err(Error::Algorithm));
    // Before the signature: a wrong secret still gets the crit error.
    assert_eq!(
        verify(with(r#""crit":["x"]"#), "another-secret", IAT, 0).map(|c| c.expires_at()),
        crit
    );
    // In the payload, `crit` is just an unknown claim.
    let in_payload = craft(
        &header(),
        &payload(IAT, IAT + 30).replace(r#""iss""#, r#""crit":["x"],"iss""#),
        SECRET.as_bytes(),
    );
    assert_eq!(check(&in_payload, IAT, 0), Ok(IAT + 30));
}

/// Issue 15, item 3: `nbf` is honoured (RFC 7519 section 4.1.5): not yet valid while
/// `now + leeway < nbf`; a non-integer `nbf` is malformed.
#[test]
fn nbf_is_honoured() {
    let with_nbf = |nbf: &str| {
        let p = payload(IAT, IAT + 30).replace('}', &format!(r#","nbf":{nbf}}}"#));
        craft(&header(), &p, SECRET.as_bytes())
    };
    let later = with_nbf(&(IAT + 10).to_string());
    assert_eq!(check(&later, IAT + 9, 0), Err(Error::NotYetValid));
    assert_eq!(check(&later, IAT + 10, 0), Ok(IAT + 30));
    assert_eq!(check(&later, IAT + 4, 5), Err(Error::NotYetValid));
    assert_eq!(check(&later, IAT + 5, 5), Ok(IAT + 30));
    // Expiry still wins over nbf, as it does over iat.
    assert_eq!(
        check(&with_nbf("9999999999"), IAT + 30, 0),
        Err(Error::Expired)
    );
    assert_eq!(
        check(&with_nbf("9999999999"), IAT, 0),
        Err(Error::NotYetValid)
    );
    // nbf in the past, at iat, or 0: no effect.
    for nbf in ["0", "1767225600", "1767225500"] {
        assert_eq!(check(&with_nbf(nbf), IAT, 0), Ok(IAT + 30), "{nbf}");
    }
    for bad in [
        "1767225600.5",
        "1767225600.0",
        "1e9",
        "-1",
        "\"1767225600\"",
        "null",
        "18446744073709551616",
    ] {
        assert!(
            matches!(check(&with_nbf(bad), IAT, 0), Err(Error::Malformed(_))),
            "{bad}"
        );
    }
    assert_eq!(
        check(&with_nbf("1767225600.5"), IAT, 0),
        Err(Error::Malformed("nbf must be a non-negative integer"))
    );
    assert_eq!(
        check(&with_nbf(&(MAX_TIME + 1).to_string()), IAT, 0),
        Err(Error::Claims("nbf is above 2^53 - 1"))
    );
    assert_eq!(
        check(&with_nbf(r#"1,"nbf":2"#), IAT, 0),
        Err(Error::Malformed("a member appears twice"))
    );
}

/// Issue 15, item 4: the leeway is capped at 300 s with its own error, checked first.
#[test]
fn leeway_is_capped() {
    let token = craft(&header(), &payload(IAT, IAT + 30), SECRET.as_bytes());
    assert_eq!(MAX_LEEWAY, 300);
    assert_eq!(check(&token, IAT + 30 + 299, MAX_LEEWAY), Ok(IAT + 30));
    assert_eq!(check(&token, IAT - 300, MAX_LEEWAY), Ok(IAT + 30));
    for leeway in [301, 30_000, 1 << 31, u32::MAX] {
        assert_eq!(check(&token, IAT, leeway), Err(Error::Leeway), "{leeway}");
        // Before everything else, the secret and the token included.
        assert_eq!(verify("", "", IAT, leeway), Err(Error::Leeway));
    }
    assert_eq!(Error::Leeway.code(), 17);
    assert_eq!(Error::Leeway.to_string(), "leeway must be 0 to 300 seconds");
}
