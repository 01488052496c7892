//! Shared by the integration tests: the conformance vector files and an independent
//! reference mint built on the `hmac` crate.
#![allow(
    unreachable_pub,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    dead_code,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

use base64ct::{Base64UrlUnpadded, Encoding};
use hmac::{Hmac, KeyInit, Mac};
use serde::Deserialize;
use sha2::Sha256;

#[derive(Deserialize, Debug)]
pub struct TokensFile {
    pub reference: String,
    pub vectors: Vec<TokenVector>,
}

#[derive(Deserialize, Debug)]
pub struct TokenVector {
    pub name: String,
    pub access_key: String,
    pub org_id: String,
    pub secret: String,
    pub iat: u64,
    pub ttl: u32,
    pub exp: u64,
    pub tokens: BTreeMap<String, String>,
}

#[derive(Deserialize, Debug)]
pub struct VerifyFile<T> {
    pub vectors: Vec<T>,
}

#[derive(Deserialize, Debug)]
pub struct ExpectedClaims {
    pub access_key: String,
    pub org_id: String,
    pub iat: u64,
    pub exp: u64,
}

#[derive(Deserialize, Debug)]
pub struct VerifyValid {
    pub name: String,
    pub token: String,
    pub secret: String,
    pub now: u64,
    pub leeway: u32,
    pub claims: ExpectedClaims,
}

#[derive(Deserialize, Debug)]
pub struct VerifyInvalid {
    pub name: String,
    pub token: String,
    pub secret: String,
    pub now: u64,
    pub leeway: u32,
    pub error: String,
}

#[derive(Deserialize, Debug)]
pub struct SignInvalid {
    pub name: String,
    pub access_key: String,
    pub org_id: String,
    pub secret: String,
    pub iat: u64,
    pub ttl: u32,
    pub error: String,
}

pub fn read<T: serde::de::DeserializeOwned>(file: &str) -> T {
    let path = format!("{}/../tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The C status suffix of a core error code, as the vector files name errors.
pub fn status_name(code: u32) -> &'static str {
    match code {
        2 => "ACCESS_KEY",
        3 => "SECRET",
        4 => "ORG_ID",
        5 => "TTL",
        6 => "TIME",
        7 => "BUFFER_TOO_SMALL",
        8 => "CLOCK",
        10 => "MALFORMED",
        11 => "ALGORITHM",
        12 => "SIGNATURE",
        13 => "CLAIMS",
        14 => "EXPIRED",
        15 => "NOT_YET_VALID",
        16 => "INTERNAL",
        _ => "UNKNOWN",
    }
}

pub fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

/// Signs arbitrary header and payload JSON text with the `hmac` crate.
pub fn craft(header: &str, payload: &str, secret: &[u8]) -> String {
    let signing_input = format!("{}.{}", b64(header.as_bytes()), b64(payload.as_bytes()));
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).unwrap();
    mac.update(signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&mac.finalize().into_bytes()))
}

/// The reference token: `jsonwebtoken`'s layout formatted by hand, keyed per call.
pub fn reference_token(
    access_key: &str,
    secret: &[u8],
    org_id: &str,
    iat: u64,
    ttl: u32,
) -> String {
    craft(
        &format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{access_key}"}}"#),
        &format!(
            r#"{{"iss":"urn:meshes:m2m:{access_key}","aud":"meshes-api","org":"{org_id}","iat":{iat},"exp":{}}}"#,
            iat + u64::from(ttl)
        ),
        secret,
    )
}
