//! The security pass: no error, `Debug` or `Display` ever shows a secret, and the signer's
//! memory holds no raw secret and no key material after drop; nothing injected through an
//! access key, org id or secret reaches a token's JSON; every integer edge of `iat` and `exp`
//! gets a precise error; and verify's work is bounded by `MAX_VERIFY_LEN`, whatever it is given.
//!
//! What is and is not constant-time is noted in `src/verify.rs` and `src/b64.rs`; the MAC
//! comparison goes through `subtle`.
#![allow(
    unreachable_pub,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    unsafe_code
)]

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{b64, craft, reference_token};
use meshes_token_core::{
    Error, MAX_LEEWAY, MAX_TIME, MAX_TOKEN_LEN, MAX_VERIFY_LEN, Signer, key_id, sign_token, verify,
};
use proptest::prelude::*;
use serde::Deserialize;

const AK: &str = "AK7f3kQ9mZ2pL8xR4tV6";
const ORG: &str = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
const SECRET: &str = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
const IAT: u64 = 1_767_225_600;

const MALFORMED_NUMBER: Error = Error::Malformed("iat and exp must be non-negative integers");
const MALFORMED_PAYLOAD: Error =
    Error::Malformed("payload is not a JSON object of the expected shape");
const TOO_DEEP: Error = Error::Malformed("JSON nests deeper than 8 levels");
const TOO_LONG: Error = Error::Malformed("token is longer than 1024 bytes");
const TWICE: Error = Error::Malformed("a member appears twice");
const ABOVE_MAX: Error = Error::Claims("iat or exp is above 2^53 - 1");
const BAD_TTL: Error = Error::Claims("exp - iat is not 1 to 60 seconds");
const BAD_KID: Error = Error::Claims("kid is not a valid access key");
const BAD_ORG: Error = Error::Claims("org is not a valid org id");
const BAD_ISS: Error = Error::Claims("iss is not urn:meshes:m2m:<kid>");
const BAD_KEY_BYTE: Error =
    Error::AccessKey("access keys may only contain A-Z, a-z, 0-9, '.', '_' and '-'");
const BAD_ORG_BYTE: Error = Error::OrgId("org ids may only contain a-z, 0-9 and '-'");
const SECRET_CONTROL: Error =
    Error::Secret("secret contains white space or an ASCII control character");

fn header() -> String {
    format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{AK}"}}"#)
}

fn payload(iat: &str, exp: &str) -> String {
    format!(
        r#"{{"iss":"urn:meshes:m2m:{AK}","aud":"meshes-api","org":"{ORG}","iat":{iat},"exp":{exp}}}"#
    )
}

fn signed(header: &str, payload: &str) -> String {
    craft(header, payload, SECRET.as_bytes())
}

// ---- Secret hygiene ----

/// A valid secret whose middle part is what the scans look for.
const SENTINEL: &str = "Zq8-SENTINEL-secret-xK2";
const MARK: &str = "SENTINEL";

/// Records the error's code and checks that none of its texts shows the sentinel or a token.
fn scan(e: Error, token_mark: &str, reached: &mut BTreeMap<u32, BTreeSet<String>>) {
    let texts = [
        e.to_string(),
        format!("{e:?}"),
        e.message().to_owned(),
        e.detail().unwrap_or_default().to_owned(),
    ];
    for text in &texts {
        assert!(!text.contains(MARK), "{e:?} shows the secret: {text}");
        assert!(
            !text.contains(token_mark),
            "{e:?} shows token content: {text}"
        );
    }
    reached.entry(e.code()).or_default().insert(e.to_string());
}

#[test]
fn no_error_text_ever_shows_the_secret() {
    let mut reached = BTreeMap::new();
    let mut r = |res: Result<(), Error>| scan(res.unwrap_err(), "TOKENMARK", &mut reached);
    let mut buf = [0u8; MAX_TOKEN_LEN];

    // Signer::new and sign_token: every rule of every input, the secret being the sentinel
    // or a broken variant of it.
    let long = SENTINEL.repeat(50);
    let bad_secrets = [
        format!("{SENTINEL}\n"),
        format!("{SENTINEL}\r"),
        format!(" {SENTINEL}"),
        format!("{SENTINEL}\t"),
        format!("{SENTINEL}\0"),
        format!("{SENTINEL}\u{7f}"),
        long.clone(),
        String::new(),
    ];
    for bad in &bad_secrets {
        r(Signer::new(AK, bad, ORG).map(drop));
        r(sign_token(AK, bad, ORG, IAT, 30, &mut buf).map(drop));
        r(verify(
            reference_token(AK, bad.as_bytes(), ORG, IAT, 30),
            bad,
            IAT,
            0,
        )
        .map(drop));
    }
    for bad_key in ["", "a\"b", "TOKENMARK é", &"k".repeat(129)] {
        r(Signer::new(bad_key, SENTINEL, ORG).map(drop));
        r(sign_token(bad_key, SENTINEL, ORG, IAT, 30, &mut buf).map(drop));
    }
    for bad_org in ["", "TOKENMARK", "-a", "a-", "a_b", &"o".repeat(65)] {
        r(Signer::new(AK, SENTINEL, bad_org).map(drop));
    }
    let signer = Signer::new(AK, SENTINEL, ORG).unwrap();
    r(signer.sign(IAT, 0, &mut buf).map(drop));
    r(signer.sign(IAT, 61, &mut buf).map(drop));
    r(signer.sign(u64::MAX, 1, &mut buf).map(drop));
    r(signer.sign(IAT, 30, &mut buf[..10]).map(drop));
    r(signer.token_len(MAX_TIME, 1).map(drop));

    // verify: every check in its order, the token signed with the sentinel where the check
    // comes after the MAC, and `TOKENMARK` in the token wherever a field can hold it.
    let s = |h: &str, p: &str| craft(h, p, SENTINEL.as_bytes());
    let hdr = |kid: &str| format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{kid}"}}"#);
    let pl = |iss: &str, aud: &str, org: &str, iat: &str, exp: &str| {
        format!(r#"{{"iss":"{iss}","aud":{aud},"org":"{org}","iat":{iat},"exp":{exp}}}"#)
    };
    let iss = format!("urn:meshes:m2m:{AK}");
    let good = pl(&iss, r#""meshes-api""#, ORG, "1767225600", "1767225630");
    let tokens = [
        String::new(),
        "TOKENMARK".repeat(200),
        format!("{}.TOKENMARK", b64(b"{}")),
        format!("{}.{}.{}.x", b64(b"a"), b64(b"b"), b64(b"c")),
        format!("TOKENMARK*.{}.sig", b64(good.as_bytes())),
        s(r#"{"alg":"HS256","kid":"TOKENMARK""#, &good),
        s(r#"{"kid":"TOKENMARK"}"#, &good),
        s(r#"{"alg":"none","kid":"TOKENMARK"}"#, &good),
        s(r#"{"alg":"HS256","typ":"TOKENMARK","kid":"AK"}"#, &good),
        s(r#"{"alg":"HS256"}"#, &good),
        s(&hdr("TOKENMARK é"), &good),
        format!(
            "{}.{}.TOKENMARK",
            b64(hdr(AK).as_bytes()),
            b64(good.as_bytes())
        ),
        craft(&hdr(AK), &good, b"TOKENMARK-other-secret"),
        s(&hdr(AK), r#"{"iss":"TOKENMARK","iss":"x"}"#),
        s(&hdr(AK), r#"{"x":[[[[[[[[["TOKENMARK"]]]]]]]]]}"#),
        s(&hdr(AK), r#"{"iat":"TOKENMARK"}"#),
        s(&hdr(AK), r#"{"iat":1e19}"#),
        s(&hdr(AK), "{}"),
        s(
            &hdr(AK),
            &pl("urn:meshes:m2m:TOKENMARK", r#""meshes-api""#, ORG, "1", "2"),
        ),
        s(&hdr(AK), &pl(&iss, r#""TOKENMARK""#, ORG, "1", "2")),
        s(
            &hdr(AK),
            &pl(&iss, r#""meshes-api""#, "TOKENMARK", "1", "2"),
        ),
        s(
            &hdr(AK),
            &pl(&iss, r#""meshes-api""#, ORG, "9007199254740992", "2"),
        ),
        s(&hdr(AK), &pl(&iss, r#""meshes-api""#, ORG, "1", "62")),
        s(&hdr(AK), &pl(&iss, r#""meshes-api""#, ORG, "1", "2")),
        s(
            &hdr(AK),
            &pl(&iss, r#""meshes-api""#, ORG, "1767225700", "1767225730"),
        ),
    ];
    for token in &tokens {
        r(verify(token, SENTINEL, IAT, 0).map(drop));
        // A wrong secret that contains the sentinel.
        r(verify(token, format!("{SENTINEL}-2"), IAT, 0).map(drop));
        if key_id(token).is_err() {
            r(key_id(token).map(drop));
        }
    }

    // Every error a caller can meet was reached (Clock needs a clock before 1970; Internal
    // is unreachable by design).
    let codes: Vec<u32> = reached.keys().copied().collect();
    assert_eq!(codes, [2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15]);
    let texts: usize = reached.values().map(BTreeSet::len).sum();
    assert!(
        texts >= 30,
        "only {texts} distinct error texts reached: {reached:#?}"
    );

    // Debug and Display of everything that holds or came from key material.
    let debug = format!("{signer:?} {:?}", signer.clone());
    assert!(
        !debug.contains(MARK) && debug.contains("redacted"),
        "{debug}"
    );
    let token = signer.sign(IAT, 30, &mut buf).unwrap().to_owned();
    let claims = verify(&token, SENTINEL, IAT, 0).unwrap();
    let kid = key_id(&token).unwrap();
    for text in [format!("{claims:?}"), format!("{kid:?}"), kid.to_string()] {
        assert!(!text.contains(MARK), "{text}");
    }
    let long_signer = Signer::new(AK, &long[..1024], ORG).unwrap();
    assert!(!format!("{long_signer:?}").contains(MARK));
}

/// SHA-256 chaining values of HMAC's inner (`0x36`) or outer (`0x5c`) hash after the key
/// block and each further whole block of `msg`, as they lie in memory.
fn chaining_values(secret: &[u8], pad: u8, msg: &[u8]) -> Vec<[u8; 32]> {
    use sha2::block_api::compress256;
    let mut key = [0u8; 64];
    key[..secret.len()].copy_from_slice(secret);
    let mut state: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];
    let as_bytes = |s: &[u32; 8]| -> [u8; 32] {
        let mut out = [0u8; 32];
        for (o, w) in out.chunks_exact_mut(4).zip(s) {
            o.copy_from_slice(&w.to_ne_bytes());
        }
        out
    };
    compress256(&mut state, &[key.map(|k| k ^ pad)]);
    let mut out = vec![as_bytes(&state)];
    for block in msg.as_chunks::<64>().0 {
        compress256(&mut state, core::slice::from_ref(block));
        out.push(as_bytes(&state));
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
#[cfg_attr(miri, ignore = "reads the bytes of a dropped value, padding included")]
fn signer_keeps_no_raw_secret_and_wipes_its_key_on_drop() {
    use std::mem::{MaybeUninit, size_of};

    let secret = SENTINEL.as_bytes();
    let token = reference_token(AK, secret, ORG, IAT, 30);
    let signing_input = &token.as_bytes()[..token.rfind('.').unwrap()];
    let outer = chaining_values(secret, 0x5c, b"");
    let inner = chaining_values(secret, 0x36, signing_input);

    let mut slot = MaybeUninit::<Signer>::zeroed();
    slot.write(Signer::new(AK, secret, ORG).unwrap());
    let bytes = |slot: &MaybeUninit<Signer>| -> Vec<u8> {
        let base = slot.as_ptr().cast::<u8>();
        // SAFETY: reads the slot's own bytes, which it zeroed before the Signer was written.
        (0..size_of::<Signer>())
            .map(|i| unsafe { base.add(i).read_volatile() })
            .collect()
    };

    let live = bytes(&slot);
    assert!(
        contains(&live, &outer[0]),
        "outer chaining value not found: the scan is blind"
    );
    assert!(
        inner.iter().any(|cv| contains(&live, cv)),
        "inner chaining value not found: the scan is blind"
    );
    assert!(!contains(&live, secret), "the signer keeps the raw secret");
    assert!(!contains(&live, MARK.as_bytes()));
    // The signer still signs from that state.
    let mut buf = [0u8; MAX_TOKEN_LEN];
    // SAFETY: the slot was written above and is not dropped yet.
    let signer = unsafe { slot.assume_init_ref() };
    assert_eq!(signer.sign(IAT, 30, &mut buf), Ok(token.as_str()));

    // SAFETY: initialized above; not used as a Signer after this.
    unsafe { slot.assume_init_drop() };
    let dropped = bytes(&slot);
    assert!(
        !contains(&dropped, &outer[0]),
        "outer key state survives drop"
    );
    assert!(
        !inner.iter().any(|cv| contains(&dropped, cv)),
        "inner key state survives drop"
    );
}

#[test]
fn signer_is_zeroize_on_drop() {
    fn wipes<T: zeroize::ZeroizeOnDrop>() {}
    wipes::<Signer>();
}

// ---- Header and claim injection ----

#[test]
fn injected_characters_never_reach_the_json() {
    let injections = [
        "\"",
        "\\",
        "\0",
        "}",
        "{",
        "\"}",
        "\",\"alg\":\"none",
        "\\u0000",
        "é",
        "日本",
        "🔑",
        "\u{feff}",
        "\u{2028}",
        "\n",
        " ",
        ":",
        ",",
        "/",
        "'",
        "<",
        "%22",
    ];
    let mut buf = [0u8; MAX_TOKEN_LEN];
    for inj in injections {
        for key in [format!("{inj}AK"), format!("AK{inj}"), format!("A{inj}K")] {
            assert_eq!(
                Signer::new(&key, SECRET, ORG).err(),
                Some(BAD_KEY_BYTE),
                "{key:?}"
            );
            assert_eq!(
                sign_token(&key, SECRET, ORG, IAT, 30, &mut buf).err(),
                Some(BAD_KEY_BYTE)
            );
        }
        for org in [format!("{inj}org"), format!("org{inj}"), format!("o{inj}g")] {
            assert_eq!(
                Signer::new(AK, SECRET, &org).err(),
                Some(BAD_ORG_BYTE),
                "{org:?}"
            );
        }

        // A secret is raw HMAC key bytes, never written into the token: anything printable
        // and non-ASCII is used as given; control bytes and white space are refused.
        let secret = format!("k{inj}k");
        let expected = if secret.bytes().any(|b| b <= b' ' || b == 0x7f) {
            Err(if inj == "\n" {
                Error::Secret("secret contains a line break (a trailing newline from a file?)")
            } else {
                SECRET_CONTROL
            })
        } else {
            Ok(reference_token(AK, secret.as_bytes(), ORG, IAT, 30))
        };
        let got = sign_token(AK, &secret, ORG, IAT, 30, &mut buf).map(str::to_owned);
        assert_eq!(got, expected, "secret {secret:?}");
        if let Ok(token) = got {
            assert!(verify(&token, &secret, IAT, 0).is_ok());
            assert_eq!(verify(&token, "kk", IAT, 0).err(), Some(Error::Signature));
        }
    }
    // Only the first bad byte counts, and an uppercase org id has its own message.
    assert_eq!(
        Signer::new(AK, SECRET, "Org\"").err(),
        Some(Error::OrgId(
            "org ids are lowercase: write the UUID in lowercase"
        ))
    );
    assert_eq!(Signer::new(AK, SECRET, "o\"G").err(), Some(BAD_ORG_BYTE));
}

#[test]
fn injected_members_in_a_signed_token_are_refused() {
    let good = payload("1767225600", "1767225630");
    let kid = |k: &str| format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{k}"}}"#);
    // Each kid is valid JSON text that decodes to something no access key may hold.
    for k in [
        r#"AK\"x"#,
        r"AK\\x",
        r"AK\u0000",
        "AK}",
        "AKé",
        r"AK\u00e9",
        r"AK\ud83d\udd11",
        "AK ",
        r"AK\u002e\n",
        "",
    ] {
        assert_eq!(
            verify(signed(&kid(k), &good), SECRET, IAT, 0).err(),
            Some(BAD_KID),
            "{k}"
        );
    }
    for o in [
        r#"o\"rg"#,
        r"o\\rg",
        r"o\u0000",
        "org}",
        "orgé",
        r"\u004frg",
        "-org",
        "org-",
        "",
    ] {
        let p = good.replace(ORG, o);
        assert_eq!(
            verify(signed(&header(), &p), SECRET, IAT, 0).err(),
            Some(BAD_ORG),
            "{o}"
        );
    }
    for iss in [
        format!(r"urn:meshes:m2m:{AK}\u0000"),
        format!(r#"urn:meshes:m2m:{AK}\""#),
        format!("urn:meshes:m2m:{AK} "),
        format!("URN:meshes:m2m:{AK}"),
        format!("urn:meshes:m2m:{AK}/x"),
    ] {
        let p = good.replace(&format!("urn:meshes:m2m:{AK}"), &iss);
        assert_eq!(
            verify(signed(&header(), &p), SECRET, IAT, 0).err(),
            Some(BAD_ISS),
            "{iss}"
        );
    }
    // A second copy of a known member, spelled with escapes or not, is refused before any
    // reader could pick the wrong one.
    let h = header();
    for twice in [
        h.replace(r#""alg":"HS256""#, r#""alg":"HS256","\u0061lg":"none""#),
        h.replace(r#""kid":"#, r#""k\u0069d":"other","kid":"#),
        h.replace(r#""typ":"JWT""#, r#""typ":"JWT","typ":"JWT""#),
    ] {
        assert_eq!(
            verify(signed(&twice, &good), SECRET, IAT, 0).err(),
            Some(TWICE),
            "{twice}"
        );
        assert_eq!(key_id(signed(&twice, &good)).err(), Some(TWICE), "{twice}");
    }
    for twice in [
        good.replace(r#""org":"#, r#""\u006frg":"other","org":"#),
        good.replace(r#""aud":"meshes-api""#, r#""aud":"x","aud":"meshes-api""#),
        good.replace(
            r#""exp":1767225630"#,
            r#""exp":1767225630,"\u0065xp":1767225690"#,
        ),
        good.replace(r#""iss":"#, r#""iss":"urn:meshes:m2m:x","iss":"#),
    ] {
        assert_eq!(
            verify(signed(&h, &twice), SECRET, IAT, 0).err(),
            Some(TWICE),
            "{twice}"
        );
    }
}

/// The header and payload of a produced token, read strictly: unknown or repeated fields are
/// errors.
#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct StrictHeader {
    alg: String,
    typ: String,
    kid: String,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct StrictPayload {
    iss: String,
    aud: String,
    org: String,
    iat: u64,
    exp: u64,
}

fn decode_segment(segment: &str) -> Vec<u8> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::decode_vec(segment).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn produced_tokens_hold_exactly_the_documented_fields(
        ak in "[A-Za-z0-9._-]{1,128}",
        org in prop_oneof!["[a-z0-9]", "[a-z0-9][a-z0-9-]{0,62}[a-z0-9]"],
        secret in prop::collection::vec(prop_oneof![0x21u8..=0x7e, 0x80u8..=0xff], 1..=1024),
        ttl in 1u32..=60,
        iat in prop_oneof![Just(0u64), 0..=4_000_000_000u64, (MAX_TIME - 1000)..=(MAX_TIME - 60)],
    ) {
        let mut buf = [0u8; MAX_TOKEN_LEN];
        let token = sign_token(&ak, &secret, &org, iat, ttl, &mut buf).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        prop_assert_eq!(parts.len(), 3);

        let header: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&decode_segment(parts[0])).unwrap();
        let keys: Vec<&str> = header.keys().map(String::as_str).collect();
        prop_assert_eq!(keys, ["alg", "kid", "typ"]);
        let header: StrictHeader = serde_json::from_slice(&decode_segment(parts[0])).unwrap();
        prop_assert_eq!(
            header,
            StrictHeader { alg: "HS256".into(), typ: "JWT".into(), kid: ak.clone() }
        );

        let payload: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&decode_segment(parts[1])).unwrap();
        let keys: Vec<&str> = payload.keys().map(String::as_str).collect();
        prop_assert_eq!(keys, ["aud", "exp", "iat", "iss", "org"]);
        let payload: StrictPayload = serde_json::from_slice(&decode_segment(parts[1])).unwrap();
        prop_assert_eq!(
            payload,
            StrictPayload {
                iss: format!("urn:meshes:m2m:{ak}"),
                aud: "meshes-api".into(),
                org: org.clone(),
                iat,
                exp: iat + u64::from(ttl),
            }
        );
        // Nothing but base64url and the two dots.
        prop_assert!(token.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
    }
}

// ---- Integer edges ----

#[test]
fn sign_time_edges_never_wrap_or_round() {
    let s = Signer::new(AK, SECRET, ORG).unwrap();
    let mut buf = [0u8; MAX_TOKEN_LEN];
    for ttl in [1u32, 2, 30, 59, 60] {
        let t = u64::from(ttl);
        // 0 and the largest iat that fits are minted and read back exactly.
        for iat in [0, 1, MAX_TIME - t] {
            let token = s.sign(iat, ttl, &mut buf).unwrap().to_owned();
            assert_eq!(token, reference_token(AK, SECRET.as_bytes(), ORG, iat, ttl));
            let c = verify(&token, SECRET, iat, 0).unwrap();
            assert_eq!((c.issued_at(), c.expires_at()), (iat, iat + t));
            assert_eq!(
                verify(&token, SECRET, iat + t, 0).err(),
                Some(Error::Expired)
            );
        }
        // Everything above, including sums that would wrap to 0 or to a small valid time.
        for iat in [
            MAX_TIME - t + 1,
            MAX_TIME,
            1 << 53,
            (1 << 53) + 1,
            1 << 63,
            (1 << 63) - t,
            u64::MAX - (t - 1),               // iat + ttl would wrap to 0
            (u64::MAX - t).saturating_add(2), // to 1 (ttl 1: u64::MAX)
            u64::MAX - t,
            u64::MAX,
        ] {
            assert_eq!(
                s.sign(iat, ttl, &mut buf).err(),
                Some(Error::Time),
                "{iat}+{ttl}"
            );
            assert_eq!(
                s.token_len(iat, ttl).err(),
                Some(Error::Time),
                "{iat}+{ttl}"
            );
        }
    }
    // A ttl whose addition would wrap is refused as a ttl, before any addition.
    for ttl in [0, 61, u32::MAX, u32::MAX - 1, 1 << 31] {
        assert_eq!(
            s.sign(u64::MAX - 1, ttl, &mut buf).err(),
            Some(Error::Ttl),
            "{ttl}"
        );
        assert_eq!(s.sign(0, ttl, &mut buf).err(), Some(Error::Ttl), "{ttl}");
    }
}

fn verify_times(iat: &str, exp: &str, now: u64) -> Result<(u64, u64), Error> {
    verify(signed(&header(), &payload(iat, exp)), SECRET, now, 0)
        .map(|c| (c.issued_at(), c.expires_at()))
}

#[test]
fn verified_time_edges_in_range() {
    let max = MAX_TIME.to_string();
    let max_60 = (MAX_TIME - 60).to_string();
    assert_eq!(verify_times("0", "1", 0), Ok((0, 1)));
    assert_eq!(verify_times("0", "60", 59), Ok((0, 60)));
    assert_eq!(verify_times("0", "60", 60), Err(Error::Expired));
    assert_eq!(
        verify_times(&max_60, &max, MAX_TIME - 1),
        Ok((MAX_TIME - 60, MAX_TIME))
    );
    assert_eq!(verify_times(&max_60, &max, MAX_TIME), Err(Error::Expired));
    assert_eq!(verify_times(&max_60, &max, u64::MAX), Err(Error::Expired));
    assert_eq!(verify_times(&max_60, &max, 0), Err(Error::NotYetValid));
    // The largest leeway, at both ends of the largest times: exact, no wrap, no saturation
    // that lets a token through.
    let late = signed(&header(), &payload(&max_60, &max));
    let lw = MAX_LEEWAY;
    let big = u64::from(lw);
    let at = |now: u64| verify(&late, SECRET, now, lw).map(|c| c.expires_at());
    assert_eq!(at(MAX_TIME - 60 - big), Ok(MAX_TIME));
    assert_eq!(at(MAX_TIME - 61 - big), Err(Error::NotYetValid));
    assert_eq!(at(0), Err(Error::NotYetValid));
    assert_eq!(at(MAX_TIME + big - 1), Ok(MAX_TIME));
    assert_eq!(at(MAX_TIME + big), Err(Error::Expired));
    assert_eq!(at(u64::MAX - big), Err(Error::Expired));
    assert_eq!(at(u64::MAX), Err(Error::Expired));
    // Lifetimes: none, negative (no wrap of exp - iat), too long.
    assert_eq!(verify_times("0", "0", 0), Err(BAD_TTL));
    assert_eq!(verify_times("0", "61", 0), Err(BAD_TTL));
    assert_eq!(verify_times("61", "1", 0), Err(BAD_TTL));
    assert_eq!(verify_times(&max, "0", 0), Err(BAD_TTL));
    assert_eq!(verify_times(&max, "29", 0), Err(BAD_TTL));
}

#[test]
fn verified_times_above_2_pow_53_are_claims_errors() {
    let valid_exp = "1767225630";
    for (iat, exp) in [
        ("9007199254740962", "9007199254740992"),       // exp = 2^53
        ("9007199254740992", "9007199254741022"),       // iat = 2^53
        ("9007199254740991", "9007199254740992"),       // 2^53 - 1, 2^53
        ("9223372036854775808", "9223372036854775838"), // 2^63
        ("18446744073709551585", "18446744073709551615"), // 2^64 - 1
        ("18446744073709551615", "29"),                 // would wrap to 29
        ("29", "18446744073709551615"),
        ("1767225600", "18446744073709551615"),
        ("18446744073709551615", valid_exp),
    ] {
        assert_eq!(verify_times(iat, exp, 0), Err(ABOVE_MAX), "{iat} {exp}");
    }
}

#[test]
fn verified_times_that_are_not_u64_integers_are_malformed() {
    let valid = ["1767225600", "1767225630"];
    // Grammatical JSON numbers that are not non-negative integers within u64.
    let not_integers = [
        "18446744073709551616", // 2^64
        "18446744073709551646",
        "36893488147419103232", // 2^65
        "99999999999999999999999999999999",
        "1e19",
        "1E19",
        "1.8446744073709552e19",
        "9.007199254740991e15",
        "9007199254740991.0",
        "1767225600.0",
        "1767225600.5",
        "1.7672256e9",
        "17672256E2",
        "1e0",
        "0e0",
        "0.0",
        "-0",
        "-0.0",
        "-1",
        "-9007199254740991",
        "-9223372036854775808",
        "-18446744073709551615",
        "-1e19",
    ];
    // Anything else where a number belongs: strings, other types, bad number syntax.
    let not_numbers = [
        r#""1767225600""#,
        r#""0""#,
        r#""9007199254740991""#,
        "null",
        "true",
        "false",
        "[1767225600]",
        r#"{"n":1767225600}"#,
        "+1767225600",
        "01767225600",
        "00",
        "0x10",
        "Infinity",
        "-Infinity",
        "NaN",
        ".5",
        "1.",
        "1e",
        "1e+",
        "--1",
        "- 1",
        "1_000",
        "１",
    ];
    for bad in not_integers {
        assert_eq!(
            verify_times(bad, valid[1], 0),
            Err(MALFORMED_NUMBER),
            "iat {bad}"
        );
        assert_eq!(
            verify_times(valid[0], bad, 0),
            Err(MALFORMED_NUMBER),
            "exp {bad}"
        );
    }
    for bad in not_numbers {
        assert_eq!(
            verify_times(bad, valid[1], 0),
            Err(MALFORMED_PAYLOAD),
            "iat {bad}"
        );
        assert_eq!(
            verify_times(valid[0], bad, 0),
            Err(MALFORMED_PAYLOAD),
            "exp {bad}"
        );
    }
}

// ---- Resource bounds ----

/// A token signed with `SECRET` whose length is exactly `len`, padded by an extra claim and
/// an extra header field.
fn token_of_len(len: usize) -> String {
    let b64_len = |n: usize| n / 3 * 4 + [0, 2, 3][n % 3];
    let json = |hpad: usize, ppad: usize| {
        let h = format!(
            r#"{{"alg":"HS256","typ":"JWT","kid":"{AK}","x":"{}"}}"#,
            "h".repeat(hpad)
        );
        let p = payload("1767225600", "1767225630").replace(
            r#""iss""#,
            &format!(r#""pad":"{}","iss""#, "p".repeat(ppad)),
        );
        (h, p)
    };
    // Unpadded base64 has no length 4k + 1, so one padding knob alone misses some lengths.
    let (h0, p0) = json(0, 0);
    for hpad in 0..4 {
        let fixed = b64_len(h0.len() + hpad) + 1 + 1 + 43;
        let start = (len.saturating_sub(fixed) * 3 / 4).saturating_sub(p0.len() + 4);
        for ppad in start..start + 16 {
            if fixed + b64_len(p0.len() + ppad) == len {
                let (h, p) = json(hpad, ppad);
                let token = signed(&h, &p);
                assert_eq!(token.len(), len);
                return token;
            }
        }
    }
    panic!("no token of {len} bytes");
}

#[test]
fn verify_length_bounds() {
    assert_eq!(
        verify("", SECRET, IAT, 0).err(),
        Some(Error::Malformed("token is empty"))
    );
    assert_eq!(key_id("").err(), Some(Error::Malformed("token is empty")));

    let at_limit = token_of_len(MAX_VERIFY_LEN);
    assert_eq!(
        verify(&at_limit, SECRET, IAT, 0).map(|c| c.expires_at()),
        Ok(IAT + 30)
    );
    assert_eq!(key_id(&at_limit).map(|k| k.to_string()), Ok(AK.to_owned()));

    // Properly signed, one byte over: refused for its length alone.
    let over = token_of_len(MAX_VERIFY_LEN + 1);
    assert_eq!(verify(&over, SECRET, IAT, 0).err(), Some(TOO_LONG));
    assert_eq!(key_id(&over).err(), Some(TOO_LONG));

    // 1 MiB: a properly signed token, and junk.
    let mib = 1 << 20;
    let big = token_of_len(mib);
    assert_eq!(verify(&big, SECRET, IAT, 0).err(), Some(TOO_LONG));
    assert_eq!(key_id(&big).err(), Some(TOO_LONG));
    for fill in [b'.', b'A', 0xff, 0] {
        let junk = vec![fill; mib];
        assert_eq!(verify(&junk, SECRET, IAT, 0).err(), Some(TOO_LONG));
        assert_eq!(key_id(&junk).err(), Some(TOO_LONG));
    }
}

/// The over-long token lies in memory that cannot be read at all (`PROT_NONE` pages), so the
/// first byte verify or key_id read of it would crash the test: rejecting it costs nothing but
/// a length comparison, however long it is.
#[cfg(all(
    target_os = "linux",
    any(target_arch = "x86_64", target_arch = "aarch64")
))]
#[test]
#[cfg_attr(miri, ignore = "calls mmap")]
fn over_long_tokens_are_refused_without_reading_a_byte() {
    use core::ffi::{c_int, c_long, c_void};
    unsafe extern "C" {
        fn mmap(
            addr: *mut c_void,
            len: usize,
            prot: c_int,
            flags: c_int,
            fd: c_int,
            off: c_long,
        ) -> *mut c_void;
        fn mprotect(addr: *mut c_void, len: usize, prot: c_int) -> c_int;
        fn munmap(addr: *mut c_void, len: usize) -> c_int;
    }
    const PROT_NONE: c_int = 0;
    const PROT_READ_WRITE: c_int = 1 | 2;
    const MAP_PRIVATE_ANONYMOUS: c_int = 0x02 | 0x20;

    for len in [MAX_VERIFY_LEN + 1, 64 << 10, 1 << 20] {
        // SAFETY: a fresh private anonymous mapping, checked for failure.
        let base = unsafe {
            mmap(
                core::ptr::null_mut(),
                len,
                PROT_READ_WRITE,
                MAP_PRIVATE_ANONYMOUS,
                -1,
                0,
            )
        };
        assert_ne!(base.addr(), usize::MAX, "mmap failed");
        let token = token_of_len(len);
        // SAFETY: the mapping is `len` bytes long and writable; then made unreadable.
        unsafe {
            core::ptr::copy_nonoverlapping(token.as_ptr(), base.cast::<u8>(), len);
            assert_eq!(mprotect(base, len, PROT_NONE), 0, "mprotect failed");
        }
        // SAFETY: the mapping lives until munmap below; nothing may read through the slice.
        let unreadable = unsafe { core::slice::from_raw_parts(base.cast::<u8>(), len) };
        assert_eq!(verify(unreadable, SECRET, IAT, 0).err(), Some(TOO_LONG));
        assert_eq!(key_id(unreadable).err(), Some(TOO_LONG));
        // SAFETY: unmapped once, after its last use.
        assert_eq!(unsafe { munmap(base, len) }, 0);
    }
}

#[test]
fn deep_nesting_within_the_length_limit_is_refused() {
    let good = payload("1767225600", "1767225630");
    let h = header();
    let nest = |depth: usize, leaf: &str| -> String {
        // Alternating arrays and objects, `depth` containers deep.
        let mut s = leaf.to_owned();
        for i in 0..depth {
            s = if i % 2 == 0 {
                format!("[{s}]")
            } else {
                format!(r#"{{"k":{s}}}"#)
            };
        }
        s
    };
    // The top-level object is level 1, so a member may nest 7 more levels.
    let ok = good.replacen('{', &format!(r#"{{"x":{},"#, nest(7, "1")), 1);
    assert_eq!(
        verify(signed(&h, &ok), SECRET, IAT, 0).map(|c| c.issued_at()),
        Ok(IAT)
    );
    for depth in [8, 9, 16, 17, 64, 65, 100, 120] {
        for leaf in ["1", "[]", "{}", r#""s""#] {
            let deep = good.replacen('{', &format!(r#"{{"x":{},"#, nest(depth, leaf)), 1);
            let token = signed(&h, &deep);
            assert!(
                token.len() <= MAX_VERIFY_LEN,
                "depth {depth}: {} bytes",
                token.len()
            );
            assert_eq!(
                verify(&token, SECRET, IAT, 0).err(),
                Some(TOO_DEEP),
                "payload {depth}"
            );
            let deep_header = h.replacen('{', &format!(r#"{{"x":{},"#, nest(depth, leaf)), 1);
            let token = signed(&deep_header, &good);
            assert_eq!(
                verify(&token, SECRET, IAT, 0).err(),
                Some(TOO_DEEP),
                "header {depth}"
            );
            assert_eq!(key_id(&token).err(), Some(TOO_DEEP), "header {depth}");
        }
    }
    // Depth counts in every copy of a repeated unknown member, not only in the one a
    // last-wins reader would keep (the fuzzers' model once made that mistake).
    let repeated = good.replacen('{', &format!(r#"{{"x":{},"x":1,"#, nest(8, "1")), 1);
    assert_eq!(
        verify(signed(&h, &repeated), SECRET, IAT, 0).err(),
        Some(TOO_DEEP)
    );
    // Never closed: refused at the ninth level, long before the end of the text.
    let open = good.replacen('{', &format!(r#"{{"x":{}"#, "[".repeat(400)), 1);
    assert_eq!(
        verify(signed(&h, &open), SECRET, IAT, 0).err(),
        Some(TOO_DEEP)
    );
    // Deep nesting where a known claim belongs is a type error, not a parse into it.
    let aud = good.replace(r#""meshes-api""#, &nest(100, r#""meshes-api""#));
    assert_eq!(
        verify(signed(&h, &aud), SECRET, IAT, 0).err(),
        Some(MALFORMED_PAYLOAD)
    );
    let top = "[".repeat(200) + &"]".repeat(200);
    assert_eq!(
        verify(signed(&h, &top), SECRET, IAT, 0).err(),
        Some(MALFORMED_PAYLOAD)
    );
}
