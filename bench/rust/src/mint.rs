//! The rival mints: by hand with the `hmac` crate (re-keyed per token, or from a cloned
//! midstate), by hand with `ring` (a cloned context), and the `jsonwebtoken` and `jwt-simple`
//! crates. The hand mints write the reference layout, so their tokens must equal the reference
//! byte for byte; the crates lay their JSON out their own way (checked by verification).

use std::io::Write;
use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use jwt_simple::prelude::{Claims, HS256Key, MACLike, UnixTimeStamp};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::inputs::{ACCESS_KEY, AUDIENCE, ISSUER, ORG_ID, SECRET};

/// Room for any token of the bench.
pub const MAX: usize = 512;

fn header_json() -> String {
    format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{ACCESS_KEY}"}}"#)
}

/// The payload JSON up to `iat`'s digits: the same for every token of one signer.
fn payload_head() -> String {
    format!(r#"{{"iss":"{ISSUER}","aud":"{AUDIENCE}","org":"{ORG_ID}","iat":"#)
}

/// What a careful hand-rolled mint does: format both JSON documents on the stack, encode, key
/// HMAC with the secret and hash the whole signing input. No heap either.
pub fn naive(iat: u64, ttl: u32, out: &mut [u8; MAX]) -> &str {
    let mut header = [0u8; 128];
    let mut payload = [0u8; 256];
    let h_len = {
        let mut w = &mut header[..];
        write!(w, r#"{{"alg":"HS256","typ":"JWT","kid":"{ACCESS_KEY}"}}"#).expect("fits");
        128 - w.len()
    };
    let p_len = {
        let mut w = &mut payload[..];
        write!(
            w,
            r#"{{"iss":"urn:meshes:m2m:{ACCESS_KEY}","aud":"{AUDIENCE}","org":"{ORG_ID}","iat":{iat},"exp":{}}}"#,
            iat + u64::from(ttl)
        )
        .expect("fits");
        256 - w.len()
    };
    let h = Base64UrlUnpadded::encode(&header[..h_len], out)
        .expect("fits")
        .len();
    out[h] = b'.';
    let p = Base64UrlUnpadded::encode(&payload[..p_len], &mut out[h + 1..])
        .expect("fits")
        .len();
    let signing_len = h + 1 + p;
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).expect("any key");
    mac.update(&out[..signing_len]);
    let tag = mac.finalize().into_bytes();
    finish(out, signing_len, &tag)
}

fn finish<'a>(out: &'a mut [u8; MAX], signing_len: usize, tag: &[u8]) -> &'a str {
    out[signing_len] = b'.';
    let s = Base64UrlUnpadded::encode(tag, &mut out[signing_len + 1..])
        .expect("fits")
        .len();
    std::str::from_utf8(&out[..signing_len + 1 + s]).expect("base64 is ASCII")
}

/// `v` in decimal at the start of `out`; its length. By hand, as a mint tuned for speed writes
/// it (`core::fmt` costs tens of nanoseconds per number).
fn put_u64(out: &mut [u8], mut v: u64) -> usize {
    let mut tmp = [0u8; 20];
    let mut n = 0;
    loop {
        tmp[n] = b'0' + (v % 10) as u8;
        n += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for (dst, src) in out.iter_mut().zip(tmp[..n].iter().rev()) {
        *dst = *src;
    }
    n
}

/// The constant start of every token, encoded once: the header segment, `.`, and the payload's
/// base64 up to the last whole 3-byte group before `iat`. A midstate mint feeds these bytes to
/// the keyed MAC once and clones that state per token, as `Signer` does with its own HMAC.
#[derive(Debug, Clone)]
pub struct Prefix {
    encoded: Vec<u8>,
    /// The payload bytes after the encoded groups, up to `"iat":` included.
    json_rest: Vec<u8>,
}

impl Prefix {
    /// The prefix of the bench's tokens.
    pub fn new() -> Self {
        let head = payload_head();
        let whole = head.len() / 3 * 3;
        let mut encoded = Base64UrlUnpadded::encode_string(header_json().as_bytes()).into_bytes();
        encoded.push(b'.');
        encoded.extend_from_slice(
            Base64UrlUnpadded::encode_string(&head.as_bytes()[..whole]).as_bytes(),
        );
        Self {
            encoded,
            json_rest: head.as_bytes()[whole..].to_vec(),
        }
    }

    /// The bytes a midstate mint feeds its MAC once.
    pub fn bytes(&self) -> &[u8] {
        &self.encoded
    }

    /// Write the token for `iat`, `ttl`, with `mac` taking the bytes after the prefix and
    /// returning the tag (the prefix already in its state).
    pub fn mint<'a>(
        &self,
        iat: u64,
        ttl: u32,
        out: &'a mut [u8; MAX],
        mac: impl FnOnce(&[u8]) -> [u8; 32],
    ) -> &'a str {
        let mut json = [0u8; 64];
        let mut n = self.json_rest.len();
        json[..n].copy_from_slice(&self.json_rest);
        n += put_u64(&mut json[n..], iat);
        json[n..n + 7].copy_from_slice(br#","exp":"#);
        n += 7;
        n += put_u64(&mut json[n..], iat + u64::from(ttl));
        json[n] = b'}';
        n += 1;
        let pre = self.encoded.len();
        out[..pre].copy_from_slice(&self.encoded);
        let t = Base64UrlUnpadded::encode(&json[..n], &mut out[pre..])
            .expect("fits")
            .len();
        let tag = mac(&out[pre..pre + t]);
        finish(out, pre + t, &tag)
    }
}

impl Default for Prefix {
    fn default() -> Self {
        Self::new()
    }
}

/// A hand-written midstate mint on the `hmac` crate: keyed and fed the prefix once, cloned per
/// token.
#[derive(Clone)]
pub struct HmacMidstate {
    prefix: Prefix,
    state: Hmac<Sha256>,
}

impl HmacMidstate {
    /// Key the MAC and feed it the prefix.
    pub fn new() -> Self {
        let prefix = Prefix::new();
        let mut state =
            <Hmac<Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).expect("any key");
        state.update(prefix.bytes());
        Self { prefix, state }
    }

    /// One token.
    pub fn mint<'a>(&self, iat: u64, ttl: u32, out: &'a mut [u8; MAX]) -> &'a str {
        self.prefix.mint(iat, ttl, out, |rest| {
            let mut mac = self.state.clone();
            mac.update(rest);
            mac.finalize().into_bytes().into()
        })
    }
}

impl Default for HmacMidstate {
    fn default() -> Self {
        Self::new()
    }
}

/// The same midstate mint on `ring`: an `hmac::Context` fed the prefix once, cloned per token.
#[derive(Clone)]
pub struct RingMidstate {
    prefix: Prefix,
    context: ring::hmac::Context,
}

impl RingMidstate {
    /// Key the context and feed it the prefix.
    pub fn new() -> Self {
        let prefix = Prefix::new();
        let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, SECRET.as_bytes());
        let mut context = ring::hmac::Context::with_key(&key);
        context.update(prefix.bytes());
        Self { prefix, context }
    }

    /// One token.
    pub fn mint<'a>(&self, iat: u64, ttl: u32, out: &'a mut [u8; MAX]) -> &'a str {
        self.prefix.mint(iat, ttl, out, |rest| {
            let mut context = self.context.clone();
            context.update(rest);
            let mut tag = [0u8; 32];
            tag.copy_from_slice(context.sign().as_ref());
            tag
        })
    }
}

impl Default for RingMidstate {
    fn default() -> Self {
        Self::new()
    }
}

/// The claims as the `jsonwebtoken` crate serializes them (`aud` a string, as the reference).
#[derive(Debug, Serialize, Deserialize)]
pub struct JwtClaims<S> {
    /// `iss`.
    pub iss: S,
    /// `aud`.
    pub aud: S,
    /// `org`.
    pub org: S,
    /// `iat`.
    pub iat: u64,
    /// `exp`.
    pub exp: u64,
}

/// `jsonwebtoken::encode` with a `kid` header and a borrowed claims struct.
pub struct JsonWebToken {
    key: jsonwebtoken::EncodingKey,
    header: jsonwebtoken::Header,
}

impl JsonWebToken {
    /// The key and the header, made once.
    pub fn new() -> Self {
        let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256);
        header.kid = Some(ACCESS_KEY.to_owned());
        Self {
            key: jsonwebtoken::EncodingKey::from_secret(SECRET.as_bytes()),
            header,
        }
    }

    /// One token (the crate returns a `String`).
    pub fn mint(&self, iat: u64, ttl: u32) -> String {
        let claims = JwtClaims {
            iss: ISSUER,
            aud: AUDIENCE,
            org: ORG_ID,
            iat,
            exp: iat + u64::from(ttl),
        };
        jsonwebtoken::encode(&self.header, &claims, &self.key).expect("HS256 encodes")
    }
}

impl Default for JsonWebToken {
    fn default() -> Self {
        Self::new()
    }
}

/// The custom claim of the Meshes token, for `jwt-simple`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Org {
    /// `org`.
    pub org: String,
}

/// `jwt-simple`: an `HS256Key` with the access key as key id, custom claims built per token.
pub struct JwtSimple {
    key: HS256Key,
}

impl JwtSimple {
    /// The key, made once.
    pub fn new() -> Self {
        Self {
            key: HS256Key::from_bytes(SECRET.as_bytes()).with_key_id(ACCESS_KEY),
        }
    }

    /// The key, for its verification.
    pub fn key(&self) -> &HS256Key {
        &self.key
    }

    /// One token: the crate's claims with `iat` and `exp` set to the bench's and no `nbf`.
    pub fn mint(&self, iat: u64, ttl: u32) -> String {
        let mut claims = Claims::with_custom_claims(
            Org {
                org: ORG_ID.to_owned(),
            },
            Duration::from_secs(u64::from(ttl)).into(),
        )
        .with_issuer(ISSUER)
        .with_audience(AUDIENCE);
        claims.issued_at = Some(UnixTimeStamp::from_secs(iat));
        claims.expires_at = Some(UnixTimeStamp::from_secs(iat + u64::from(ttl)));
        claims.invalid_before = None;
        self.key.authenticate(claims).expect("HS256 signs")
    }
}

impl Default for JwtSimple {
    fn default() -> Self {
        Self::new()
    }
}
