//! `verify`: arbitrary bytes as token, secret, now and leeway.
//!
//! Never a panic; the outcome is the independent model's (same claims, or an error of the same
//! code); and whenever `verify` accepts, the third segment is the reference HMAC of the first
//! two and the claims satisfy every rule.
//!
//! Input layout: `now` u64 LE, `leeway` u32 LE, secret length u16 LE, the secret, then the
//! token (the rest). Missing bytes read as zero. A leeway with its top bit clear is taken
//! modulo 512, so that most inputs get past the 300 s cap and both sides of it are common.
#![no_main]

use libfuzzer_sys::fuzz_target;
use meshes_token_core::{key_id, verify};
use meshes_token_fuzz::{
    MAX_TIME, access_key_rule, assert_same_verify, b64, hmac_sha256, model_verify, org_id_rule,
};

fn split_input(data: &[u8]) -> (u64, u32, &[u8], &[u8]) {
    let mut fixed = [0u8; 14];
    let n = data.len().min(14);
    fixed[..n].copy_from_slice(&data[..n]);
    let rest = &data[n..];
    let now = u64::from_le_bytes(fixed[..8].try_into().expect("8 bytes"));
    let raw = u32::from_le_bytes(fixed[8..12].try_into().expect("4 bytes"));
    let leeway = if raw >> 31 == 1 { raw } else { raw % 512 };
    let secret_len = usize::from(u16::from_le_bytes([fixed[12], fixed[13]])).min(rest.len());
    let (secret, token) = rest.split_at(secret_len);
    (now, leeway, secret, token)
}

fuzz_target!(|data: &[u8]| {
    let (now, leeway, secret, token) = split_input(data);
    let core = verify(token, secret, now, leeway);
    assert_same_verify(&core, &model_verify(token, secret, now, leeway), token);

    let Ok(claims) = core else { return };
    let parts: Vec<&[u8]> = token.split(|&b| b == b'.').collect();
    assert_eq!(parts.len(), 3, "accepted a token without three segments");
    let signing_input = &token[..parts[0].len() + 1 + parts[1].len()];
    assert_eq!(
        parts[2],
        b64(&hmac_sha256(secret, signing_input)).as_bytes(),
        "accepted a signature that is not the HMAC of the first two segments"
    );
    assert!(access_key_rule(claims.access_key().as_bytes()).is_ok());
    assert!(org_id_rule(claims.org_id().as_bytes()).is_ok());
    let (iat, exp) = (claims.issued_at(), claims.expires_at());
    assert!(
        exp <= MAX_TIME && iat < exp && exp - iat <= 60,
        "{claims:?}"
    );
    let (now, leeway) = (u128::from(now), u128::from(leeway));
    assert!(u128::from(iat) <= now + leeway && now < u128::from(exp) + leeway);
    assert_eq!(
        key_id(token).map(|k| k.as_str().to_owned()),
        Ok(claims.access_key().to_owned())
    );
});
