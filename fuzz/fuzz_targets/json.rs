//! `json`: the core's private JSON reader, driven through `verify` with arbitrary header or
//! payload text in a token signed by the reference HMAC, compared with `serde_json`.
//!
//! - text that `serde_json` rejects as JSON is `Error::Malformed`;
//! - a payload with a known claim twice is rejected;
//! - whenever `verify` accepts, `serde_json` reads the same `kid`, `iss`, `aud`, `org`, `iat`
//!   and `exp`;
//! - and the outcome is the independent model's, so valid JSON within the documented limits
//!   (depth 8, paired surrogate escapes, the claim types) must be accepted, too.
//!
//! Input: one mode byte, then the text. Mode bit 0: 0 = the text is the payload (the header is
//! the standard one, `kid` = `AK7f3kQ9mZ2pL8xR4tV6`), 1 = the text is the header (the payload
//! is the standard one for that `kid`, or for the header's `kid` when it has a readable one).
//! Mode bits 1-2 pick `now`: `iat`, `exp - 1`, `exp`, or a fixed time.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshes_token_core::{Error, verify};
use meshes_token_fuzz::{assert_same_verify, craft, has_duplicate, is_json, model_verify};
use serde_json::Value;

const KID: &str = "AK7f3kQ9mZ2pL8xR4tV6";
const ORG: &str = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
const SECRET: &str = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
const IAT: u64 = 1_767_225_600;

fn lenient(text: &[u8]) -> Option<serde_json::Map<String, Value>> {
    match serde_json::from_slice(text) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, text)) = data.split_first() else {
        return;
    };
    let header_mode = mode & 1 == 1;
    let (header, payload) = if header_mode {
        let kid = lenient(text)
            .and_then(|m| m.get("kid").and_then(Value::as_str).map(str::to_owned))
            .unwrap_or_else(|| KID.to_owned());
        let iss = Value::from(format!("urn:meshes:m2m:{kid}"));
        let payload = format!(
            r#"{{"iss":{iss},"aud":"meshes-api","org":"{ORG}","iat":{IAT},"exp":{}}}"#,
            IAT + 30
        );
        (text.to_vec(), payload.into_bytes())
    } else {
        let header = format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{KID}"}}"#);
        (header.into_bytes(), text.to_vec())
    };
    let claims = lenient(&payload).unwrap_or_default();
    let time = |k: &str| claims.get(k).and_then(Value::as_u64);
    let now = match (mode >> 1) & 3 {
        0 => time("iat").unwrap_or(IAT),
        1 => time("exp").map_or(IAT, |e| e.wrapping_sub(1)),
        2 => time("exp").unwrap_or(IAT),
        _ => IAT + 10,
    };

    let token = craft(&header, &payload, SECRET.as_bytes());
    let core = verify(&token, SECRET, now, 0);
    assert_same_verify(
        &core,
        &model_verify(&token, SECRET.as_bytes(), now, 0),
        &token,
    );

    if token.len() <= 1024 && !is_json(text) {
        assert!(
            matches!(core, Err(Error::Malformed(_))),
            "serde_json rejects {:?} but verify says {core:?}",
            String::from_utf8_lossy(text)
        );
    }
    let known: &[&str] = if header_mode {
        &["alg", "typ", "kid"]
    } else {
        &["iss", "aud", "org", "iat", "exp"]
    };
    if token.len() <= 1024 && has_duplicate(text, known) {
        assert!(
            matches!(core, Err(Error::Malformed(_))),
            "a known member twice in {:?} but verify says {core:?}",
            String::from_utf8_lossy(text)
        );
    }
    let Ok(got) = core else { return };
    let header: Value = serde_json::from_slice(&header).expect("accepted header is JSON");
    let payload: Value = serde_json::from_slice(&payload).expect("accepted payload is JSON");
    assert_eq!(header["alg"], "HS256");
    assert_eq!(header["kid"], got.access_key());
    assert_eq!(
        payload["iss"],
        format!("urn:meshes:m2m:{}", got.access_key())
    );
    assert!(
        payload["aud"] == "meshes-api"
            || payload["aud"]
                .as_array()
                .is_some_and(|a| a.iter().any(|v| v == "meshes-api"))
    );
    assert_eq!(payload["org"], got.org_id());
    assert_eq!(payload["iat"].as_u64(), Some(got.issued_at()));
    assert_eq!(payload["exp"].as_u64(), Some(got.expires_at()));
});
