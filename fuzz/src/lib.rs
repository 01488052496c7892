//! What the fuzz targets compare the core against: an independent model of a Meshes machine
//! token, written from the rules in `tests/vectors/README.md` rather than from the core's code.
//!
//! - signing: the `hmac` crate keyed over the whole signing input, `base64ct` for the segments;
//! - the input rules, with the exact `Error` each broken rule must produce;
//! - verification: a canonical base64url decoder of its own, `serde_json` (with
//!   `arbitrary_precision`, so that any number the JSON grammar allows parses) for the JSON,
//!   and the documented check order, giving the outcome `verify` and `key_id` must return.
//!
//! The model allocates and is slow; it only has to be obviously right.

use std::collections::BTreeMap;

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use meshes_token_core::{Claims, Error};
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use sha2::Sha256;

/// 2^53 − 1: the largest `iat` or `exp`.
pub const MAX_TIME: u64 = (1 << 53) - 1;
/// The longest token `verify` reads.
pub const MAX_VERIFY_LEN: usize = 1024;
/// Deepest JSON nesting accepted, the top-level object counting as 1.
pub const MAX_DEPTH: usize = 8;
/// Start of every `iss`.
pub const ISS_PREFIX: &str = "urn:meshes:m2m:";

/// Unpadded base64url, by `base64ct`.
#[must_use]
pub fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// HMAC-SHA256 by the `hmac` crate, keyed afresh over the whole message.
#[must_use]
pub fn hmac_sha256(secret: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("any key length");
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// A compact token over arbitrary header and payload bytes, signed by the reference HMAC.
#[must_use]
pub fn craft(header: &[u8], payload: &[u8], secret: &[u8]) -> Vec<u8> {
    let mut token = format!("{}.{}", b64(header), b64(payload)).into_bytes();
    let sig = b64(&hmac_sha256(secret, &token));
    token.push(b'.');
    token.extend_from_slice(sig.as_bytes());
    token
}

/// The documented token layout, formatted by hand (the layout `jsonwebtoken` writes).
#[must_use]
pub fn reference_token(
    access_key: &str,
    secret: &[u8],
    org_id: &str,
    iat: u64,
    exp: u64,
) -> String {
    let header = format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{access_key}"}}"#);
    let payload = format!(
        r#"{{"iss":"urn:meshes:m2m:{access_key}","aud":"meshes-api","org":"{org_id}","iat":{iat},"exp":{exp}}}"#
    );
    String::from_utf8(craft(header.as_bytes(), payload.as_bytes(), secret)).expect("ASCII")
}

// ---- The input rules, each broken rule with the exact error the core documents. ----

/// 1..=128 bytes of `[A-Za-z0-9._-]`.
pub fn access_key_rule(key: &[u8]) -> Result<(), Error> {
    if key.is_empty() {
        Err(Error::AccessKey("access key is empty"))
    } else if key.len() > 128 {
        Err(Error::AccessKey("access key is longer than 128 bytes"))
    } else if !key
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        Err(Error::AccessKey(
            "access keys may only contain A-Z, a-z, 0-9, '.', '_' and '-'",
        ))
    } else {
        Ok(())
    }
}

/// 1..=1024 bytes, none of them 0x00..=0x20 or 0x7f; a line break gets its own message.
pub fn secret_rule(secret: &[u8]) -> Result<(), Error> {
    if secret.is_empty() {
        return Err(Error::Secret("secret is empty"));
    }
    if secret.len() > 1024 {
        return Err(Error::Secret("secret is longer than 1024 bytes"));
    }
    match secret.iter().find(|&&b| b <= 0x20 || b == 0x7f) {
        None => Ok(()),
        Some(b'\n' | b'\r') => Err(Error::Secret(
            "secret contains a line break (a trailing newline from a file?)",
        )),
        Some(_) => Err(Error::Secret(
            "secret contains white space or an ASCII control character",
        )),
    }
}

/// 1..=64 bytes of `[a-z0-9-]`, no `-` at either end; the first bad byte names the rule.
pub fn org_id_rule(org: &[u8]) -> Result<(), Error> {
    if org.is_empty() {
        return Err(Error::OrgId("org id is empty"));
    }
    if org.len() > 64 {
        return Err(Error::OrgId("org id is longer than 64 bytes"));
    }
    match org
        .iter()
        .find(|&&b| !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'))
    {
        Some(b) if b.is_ascii_uppercase() => Err(Error::OrgId(
            "org ids are lowercase: write the UUID in lowercase",
        )),
        Some(_) => Err(Error::OrgId("org ids may only contain a-z, 0-9 and '-'")),
        None if org.first() == Some(&b'-') || org.last() == Some(&b'-') => {
            Err(Error::OrgId("org id starts or ends with '-'"))
        }
        None => Ok(()),
    }
}

/// `ttl` in 1..=60 and `iat + ttl <= 2^53 − 1`; returns `exp`.
pub fn times_rule(iat: u64, ttl: u32) -> Result<u64, Error> {
    if !(1..=60).contains(&ttl) {
        return Err(Error::Ttl);
    }
    let exp = u128::from(iat) + u128::from(ttl);
    if exp > u128::from(MAX_TIME) {
        return Err(Error::Time);
    }
    Ok(u64::try_from(exp).expect("below 2^53"))
}

/// Everything `sign` must check, in its documented order.
pub fn sign_rules(
    access_key: &[u8],
    secret: &[u8],
    org_id: &[u8],
    iat: u64,
    ttl: u32,
) -> Result<u64, Error> {
    access_key_rule(access_key)?;
    secret_rule(secret)?;
    org_id_rule(org_id)?;
    times_rule(iat, ttl)
}

// ---- Base64url, canonical and unpadded, decoded here without base64ct. ----

fn sextet(c: u8) -> Option<u32> {
    Some(u32::from(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        b'_' => 63,
        _ => return None,
    }))
}

/// Decodes canonical unpadded base64url: no padding, no other alphabet, no length of 1 mod 4,
/// and zero bits left over in the last character.
#[must_use]
pub fn b64_decode(text: &[u8]) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.chunks(4) {
        let mut n = 0u32;
        for &c in chunk {
            n = (n << 6) | sextet(c)?;
        }
        match chunk.len() {
            4 => out.extend_from_slice(&n.to_be_bytes()[1..]),
            3 if n & 0b11 == 0 => out.extend_from_slice(&(n >> 2).to_be_bytes()[2..]),
            2 if n & 0b1111 == 0 => out.push(u8::try_from(n >> 4).expect("8 bits")),
            _ => return None,
        }
    }
    Some(out)
}

// ---- JSON, read by serde_json. ----

/// The keys of a JSON object in document order, duplicates kept (a `Map` keeps only one).
struct Keys(Vec<String>);

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(V)
    }
}

/// Nesting depth of valid JSON text: the most `[` and `{` open at once outside strings. Read
/// from the text, not from a `Value`, which keeps only the last of repeated keys and would
/// miss a deep copy that an earlier one holds.
#[must_use]
pub fn depth(text: &str) -> usize {
    let (mut open, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for b in text.bytes() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
        } else {
            match b {
                b'"' => in_string = true,
                b'[' | b'{' => {
                    open += 1;
                    deepest = deepest.max(open);
                }
                b']' | b'}' => open = open.saturating_sub(1),
                _ => {}
            }
        }
    }
    deepest
}

/// Whether `serde_json` finds `text` to be JSON at all (grammar, UTF-8, control characters
/// in strings; it ignores what values mean, so any number and any `\u` escape passes).
#[must_use]
pub fn is_json(text: &[u8]) -> bool {
    std::str::from_utf8(text).is_ok_and(|t| serde_json::from_str::<IgnoredAny>(t).is_ok())
}

/// Whether `text` is a JSON object with one of the `known` members more than once (keys
/// compared after unescaping).
#[must_use]
pub fn has_duplicate(text: &[u8], known: &[&str]) -> bool {
    let Some(Keys(keys)) = std::str::from_utf8(text)
        .ok()
        .and_then(|t| serde_json::from_str(t).ok())
    else {
        return false;
    };
    known
        .iter()
        .any(|k| keys.iter().filter(|key| key == k).count() > 1)
}

/// The members of a token's JSON object, or why it is malformed: not UTF-8, not JSON, a
/// string with an unpaired surrogate escape, not an object, nested deeper than 8, or one of
/// the `known` members twice.
pub fn object(text: &[u8], known: &[&str]) -> Result<BTreeMap<String, Value>, &'static str> {
    let text = std::str::from_utf8(text).map_err(|_| "not UTF-8")?;
    let value: Value = serde_json::from_str(text).map_err(|_| "serde_json rejects it")?;
    if depth(text) > MAX_DEPTH {
        return Err("nested deeper than 8");
    }
    let Value::Object(members) = value else {
        return Err("not an object");
    };
    let Keys(keys) = serde_json::from_str(text).map_err(|_| "keys")?;
    for k in known {
        if keys.iter().filter(|key| key == k).count() > 1 {
            return Err("a known member twice");
        }
    }
    Ok(members.into_iter().collect())
}

/// The members of a JSON object, by key.
pub type Members = BTreeMap<String, Value>;

const MALFORMED: Error = Error::Malformed("(model)");
const CLAIMS: Error = Error::Claims("(model)");

/// What a verified token must yield.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelClaims {
    /// `kid`.
    pub access_key: String,
    /// `org`.
    pub org_id: String,
    /// `iat`.
    pub iat: u64,
    /// `exp`.
    pub exp: u64,
}

impl ModelClaims {
    /// Whether the core's claims are these.
    #[must_use]
    pub fn matches(&self, c: &Claims) -> bool {
        c.access_key() == self.access_key
            && c.org_id() == self.org_id
            && c.issued_at() == self.iat
            && c.expires_at() == self.exp
    }
}

struct Read<'t> {
    signing_input: &'t [u8],
    signature: &'t [u8],
    header: BTreeMap<String, Value>,
    payload_json: Vec<u8>,
}

fn string_member(m: &BTreeMap<String, Value>, key: &str) -> Result<Option<String>, Error> {
    match m.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(MALFORMED),
    }
}

/// Step 1 for the first two segments and step 2, shared by `verify` and `key_id`: length,
/// three segments, canonical base64url of the header, the header's JSON.
fn read_header(token: &[u8]) -> Result<(Vec<&[u8]>, Members), Error> {
    if token.is_empty() || token.len() > MAX_VERIFY_LEN {
        return Err(MALFORMED);
    }
    let parts: Vec<&[u8]> = token.split(|&b| b == b'.').collect();
    if parts.len() != 3 {
        return Err(MALFORMED);
    }
    let header_json = b64_decode(parts[0]).ok_or(MALFORMED)?;
    let header = object(&header_json, &["alg", "typ", "kid", "crit"]).map_err(|_| MALFORMED)?;
    for key in ["alg", "typ", "kid"] {
        string_member(&header, key)?;
    }
    if !header.contains_key("alg") {
        return Err(MALFORMED);
    }
    Ok((parts, header))
}

/// Steps 1 and 2 for `verify`: the header, then the payload's base64url.
fn read(token: &[u8]) -> Result<Read<'_>, Error> {
    let (parts, header) = read_header(token)?;
    let payload_json = b64_decode(parts[1]).ok_or(MALFORMED)?;
    Ok(Read {
        signing_input: &token[..parts[0].len() + 1 + parts[1].len()],
        signature: parts[2],
        header,
        payload_json,
    })
}

fn kid(header: &BTreeMap<String, Value>) -> Result<String, Error> {
    let kid = string_member(header, "kid")?.ok_or(CLAIMS)?;
    access_key_rule(kid.as_bytes()).map_err(|_| CLAIMS)?;
    Ok(kid)
}

/// The outcome `key_id` must have: the `kid`, or an error whose code is the one to expect.
/// It reads the structure and the header only; the payload is for `verify`, after the MAC.
pub fn model_key_id(token: &[u8]) -> Result<String, Error> {
    kid(&read_header(token)?.1)
}

/// The outcome `verify` must have: the claims, or an error whose code (not detail) is the one
/// to expect. The checks run in the order documented in `tests/vectors/README.md`.
pub fn model_verify(
    token: &[u8],
    secret: &[u8],
    now: u64,
    leeway: u32,
) -> Result<ModelClaims, Error> {
    if leeway > 300 {
        return Err(Error::Leeway);
    }
    secret_rule(secret)?;
    let read = read(token)?;
    if string_member(&read.header, "alg")?.as_deref() != Some("HS256") {
        return Err(Error::Algorithm);
    }
    // RFC 7515 section 4.1.11: no extension is understood, so any `crit` is refused.
    if read.header.contains_key("crit") {
        return Err(CLAIMS);
    }
    if string_member(&read.header, "typ")?.is_some_and(|t| t != "JWT") {
        return Err(CLAIMS);
    }
    let kid = kid(&read.header)?;
    if read.signature != b64(&hmac_sha256(secret, read.signing_input)).as_bytes() {
        return Err(Error::Signature);
    }

    let payload = object(
        &read.payload_json,
        &["iss", "aud", "org", "iat", "exp", "nbf"],
    )
    .map_err(|_| MALFORMED)?;
    let iss = string_member(&payload, "iss")?;
    let org = string_member(&payload, "org")?;
    let aud = match payload.get("aud") {
        None => None,
        Some(Value::String(a)) => Some(a == "meshes-api"),
        Some(Value::Array(items)) => {
            if !items.iter().all(Value::is_string) {
                return Err(MALFORMED);
            }
            Some(items.iter().any(|a| a == "meshes-api"))
        }
        Some(_) => return Err(MALFORMED),
    };
    let int = |key: &str| match payload.get(key) {
        None => Ok(None),
        // `as_u64` takes the literal's text (arbitrary_precision): `-0`, `1.0` and `1e3` fail.
        Some(Value::Number(n)) => n.as_u64().map(Some).ok_or(MALFORMED),
        Some(_) => Err(MALFORMED),
    };
    let (iat, exp, nbf) = (int("iat")?, int("exp")?, int("nbf")?);

    if iss != Some(format!("{ISS_PREFIX}{kid}")) || aud != Some(true) {
        return Err(CLAIMS);
    }
    let org = org.ok_or(CLAIMS)?;
    org_id_rule(org.as_bytes()).map_err(|_| CLAIMS)?;
    let (Some(iat), Some(exp)) = (iat, exp) else {
        return Err(CLAIMS);
    };
    if iat > MAX_TIME || exp > MAX_TIME || !(iat + 1..=iat + 60).contains(&exp) {
        return Err(CLAIMS);
    }
    if nbf.is_some_and(|nbf| nbf > MAX_TIME) {
        return Err(CLAIMS);
    }
    let (now, leeway) = (u128::from(now), u128::from(leeway));
    if now >= u128::from(exp) + leeway {
        return Err(Error::Expired);
    }
    if u128::from(iat) > now + leeway {
        return Err(Error::NotYetValid);
    }
    // RFC 7519 section 4.1.5.
    if nbf.is_some_and(|nbf| u128::from(nbf) > now + leeway) {
        return Err(Error::NotYetValid);
    }
    Ok(ModelClaims {
        access_key: kid,
        org_id: org,
        iat,
        exp,
    })
}

/// Panics unless the core's `verify` outcome is the model's: the same claims, or an error
/// with the same code.
pub fn assert_same_verify(
    core: &Result<Claims, Error>,
    model: &Result<ModelClaims, Error>,
    token: &[u8],
) {
    let same = match (core, model) {
        (Ok(c), Ok(m)) => m.matches(c),
        (Err(c), Err(m)) => c.code() == m.code(),
        _ => false,
    };
    assert!(
        same,
        "verify disagrees with the model\n core:  {core:?}\n model: {model:?}\n token: {:?}",
        String::from_utf8_lossy(token)
    );
}

/// The base tokens of `tests/vectors/` that verify: (token, secret, now, leeway).
#[must_use]
pub fn valid_vectors() -> Vec<(String, String, u64, u32)> {
    let tokens: Value =
        serde_json::from_str(include_str!("../../tests/vectors/tokens.json")).expect("tokens.json");
    let valid: Value = serde_json::from_str(include_str!("../../tests/vectors/verify_valid.json"))
        .expect("verify_valid.json");
    let text = |v: &Value, k: &str| v[k].as_str().expect(k).to_owned();
    let int = |v: &Value, k: &str| v[k].as_u64().expect(k);
    let mut out = Vec::new();
    for v in tokens["vectors"].as_array().expect("vectors") {
        for token in v["tokens"].as_object().expect("tokens").values() {
            let token = token.as_str().expect("token").to_owned();
            out.push((token, text(v, "secret"), int(v, "iat"), 0));
        }
    }
    for v in valid["vectors"].as_array().expect("vectors") {
        let leeway = u32::try_from(int(v, "leeway")).expect("leeway");
        out.push((text(v, "token"), text(v, "secret"), int(v, "now"), leeway));
    }
    out
}
