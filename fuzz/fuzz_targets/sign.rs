//! `sign`: arbitrary access key, secret, org id, iat, ttl and output capacity.
//!
//! Valid inputs must give exactly the reference token (the `hmac` crate over the whole signing
//! input), whose header and payload `serde_json` reads as exactly the three header fields and
//! five claims, and which `verify` and `key_id` read back. Invalid inputs must give the error of
//! the first rule they break, computed here independently, and leave the buffer untouched.
//!
//! Input layout (simple, so that `seed.py` can write inputs from `tests/vectors/`):
//!
//! ```text
//! access key  tag u8, len u8,     bytes    tag odd: each byte mapped into [A-Za-z0-9._-]
//! secret      tag u8, len u16 LE, bytes    tag odd: each byte mapped to a byte the rules allow
//! org id      tag u8, len u8,     bytes    tag odd: each byte mapped into [a-z0-9-]
//! iat         tag u8, u64 LE               tag % 4: 1 = below 4e9, 2 = just below 2^53, else as is
//! ttl         u32 LE
//! out         tag u8, u16 LE               tag 0: MAX_TOKEN_LEN bytes, else u16 % (MAX_TOKEN_LEN + 16)
//! ```
//! Missing bytes read as zero (or as an empty field).
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use meshes_token_core::{Error, MAX_TOKEN_LEN, Signer, key_id, sign_token, verify};
use meshes_token_fuzz::{
    MAX_TIME, access_key_rule, b64_decode, model_verify, org_id_rule, reference_token, secret_rule,
    times_rule,
};
use serde_json::{Value, json};

#[derive(Debug)]
struct SignInput {
    access_key: Vec<u8>,
    secret: Vec<u8>,
    org_id: Vec<u8>,
    iat: u64,
    ttl: u32,
    cap: usize,
}

fn take<'a>(u: &mut Unstructured<'a>, n: usize) -> &'a [u8] {
    u.bytes(n.min(u.len())).unwrap_or_default()
}

fn le<const N: usize>(u: &mut Unstructured<'_>) -> [u8; N] {
    let mut out = [0u8; N];
    let bytes = take(u, N);
    out[..bytes.len()].copy_from_slice(bytes);
    out
}

fn field(u: &mut Unstructured<'_>, wide: bool, map: fn(u8) -> u8) -> Vec<u8> {
    let [tag] = le::<1>(u);
    let len = if wide {
        usize::from(u16::from_le_bytes(le(u)))
    } else {
        usize::from(le::<1>(u)[0])
    };
    let bytes = take(u, len);
    if tag & 1 == 1 {
        bytes.iter().map(|&b| map(b)).collect()
    } else {
        bytes.to_vec()
    }
}

const KEY_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
const ORG_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789-";

impl<'a> Arbitrary<'a> for SignInput {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let access_key = field(u, false, |b| KEY_CHARS[usize::from(b) % KEY_CHARS.len()]);
        // 94 printable ASCII bytes, then 128 non-ASCII bytes (UTF-8 or not).
        let secret = field(u, true, |b| match b % 222 {
            i @ 0..94 => 0x21 + i,
            i => 0x80 + (i - 94),
        });
        let org_id = field(u, false, |b| ORG_CHARS[usize::from(b) % ORG_CHARS.len()]);
        let [tag] = le::<1>(u);
        let raw = u64::from_le_bytes(le(u));
        let iat = match tag % 4 {
            1 => raw % 4_000_000_000,
            2 => MAX_TIME - raw % 128,
            _ => raw,
        };
        let ttl = u32::from_le_bytes(le(u));
        let [tag] = le::<1>(u);
        let cap = usize::from(u16::from_le_bytes(le(u)));
        let cap = if tag == 0 {
            MAX_TOKEN_LEN
        } else {
            cap % (MAX_TOKEN_LEN + 16)
        };
        Ok(Self {
            access_key,
            secret,
            org_id,
            iat,
            ttl,
            cap,
        })
    }
}

fuzz_target!(|input: SignInput| {
    let SignInput {
        access_key,
        secret,
        org_id,
        iat,
        ttl,
        cap,
    } = &input;
    let (iat, ttl, cap) = (*iat, *ttl, *cap);

    let new_rules = access_key_rule(access_key)
        .and_then(|()| secret_rule(secret))
        .and_then(|()| org_id_rule(org_id));
    let expected = new_rules.and_then(|()| times_rule(iat, ttl));

    // The one-shot path has its own code: it gets the same capacity and must agree.
    let mut one_shot_buf = vec![0xA5u8; cap];
    let one_shot =
        sign_token(access_key, secret, org_id, iat, ttl, &mut one_shot_buf).map(str::to_owned);
    if one_shot.is_err() {
        assert!(
            one_shot_buf.iter().all(|&b| b == 0xA5),
            "sign_token wrote on error"
        );
    }
    let want_one_shot = expected.map(|exp| {
        let ak = std::str::from_utf8(access_key).expect("ASCII");
        let org = std::str::from_utf8(org_id).expect("ASCII");
        reference_token(ak, secret, org, iat, exp)
    });
    let want_one_shot = match want_one_shot {
        Ok(token) if token.len() > cap => Err(Error::BufferTooSmall {
            needed: token.len(),
        }),
        other => other,
    };
    assert_eq!(one_shot, want_one_shot, "sign_token for {input:?}");

    let signer = match (Signer::new(access_key, secret, org_id), new_rules) {
        (Ok(signer), Ok(())) => signer,
        (Err(e), Err(m)) => {
            assert_eq!(e, m, "Signer::new: wrong error for {input:?}");
            return;
        }
        (got, want) => panic!("Signer::new: {got:?}, expected {want:?} for {input:?}"),
    };
    // Valid access keys and org ids are ASCII.
    let ak = std::str::from_utf8(access_key).expect("valid access key is ASCII");
    let org = std::str::from_utf8(org_id).expect("valid org id is ASCII");
    assert_eq!((signer.access_key(), signer.org_id()), (ak, org));
    // Debug shows the two public fields and nothing else.
    assert_eq!(
        format!("{signer:?}"),
        format!(r#"Signer {{ access_key: {ak:?}, org_id: {org:?}, secret: "<redacted>" }}"#)
    );

    let mut buf = vec![0xA5u8; cap];
    let got = signer.sign(iat, ttl, &mut buf).map(str::to_owned);
    let exp = match times_rule(iat, ttl) {
        Ok(exp) => exp,
        Err(e) => {
            assert_eq!(got, Err(e), "sign: wrong error for {input:?}");
            assert_eq!(signer.token_len(iat, ttl), Err(e));
            assert!(buf.iter().all(|&b| b == 0xA5), "sign wrote on error");
            return;
        }
    };
    let reference = reference_token(ak, secret, org, iat, exp);
    assert_eq!(signer.token_len(iat, ttl), Ok(reference.len()));
    assert!(reference.len() <= MAX_TOKEN_LEN);
    if cap < reference.len() {
        assert_eq!(
            got,
            Err(Error::BufferTooSmall {
                needed: reference.len()
            })
        );
        assert!(
            buf.iter().all(|&b| b == 0xA5),
            "sign wrote into a short buffer"
        );
        return;
    }
    assert_eq!(
        got.as_deref(),
        Ok(reference.as_str()),
        "sign != reference for {input:?}"
    );
    assert!(
        buf[reference.len()..].iter().all(|&b| b == 0xA5),
        "sign wrote past the token"
    );
    let mut again = [0u8; MAX_TOKEN_LEN];
    assert_eq!(
        signer.clone().sign(iat, ttl, &mut again),
        Ok(reference.as_str())
    );

    // serde_json reads exactly the documented header fields and claims.
    let token = reference.as_str();
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let read = |seg: &str| -> Value {
        serde_json::from_slice(&b64_decode(seg.as_bytes()).expect("canonical base64url"))
            .expect("JSON")
    };
    assert_eq!(
        read(parts[0]),
        json!({"alg": "HS256", "typ": "JWT", "kid": ak})
    );
    assert_eq!(
        read(parts[1]),
        json!({"iss": format!("urn:meshes:m2m:{ak}"), "aud": "meshes-api", "org": org,
               "iat": iat, "exp": exp})
    );

    // verify and key_id read back what was signed, within the lifetime only.
    let claims = verify(token, secret, iat, 0).expect("own token verifies at iat");
    assert_eq!(
        (
            claims.access_key(),
            claims.org_id(),
            claims.issued_at(),
            claims.expires_at()
        ),
        (ak, org, iat, exp)
    );
    assert!(model_verify(token.as_bytes(), secret, iat, 0).is_ok_and(|m| m.matches(&claims)));
    assert_eq!(verify(token, secret, exp - 1, 0), Ok(claims));
    assert_eq!(verify(token, secret, exp, 0), Err(Error::Expired));
    if iat > 0 {
        assert_eq!(verify(token, secret, iat - 1, 0), Err(Error::NotYetValid));
    }
    let mut other = secret.clone();
    other[0] = if other[0] == b'!' { b'#' } else { b'!' };
    assert_eq!(verify(token, &other, iat, 0), Err(Error::Signature));
    assert_eq!(
        key_id(token).map(|k| k.as_str().to_owned()),
        Ok(ak.to_owned())
    );
});
