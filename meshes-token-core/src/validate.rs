//! The input rules, checked once at the edge (`Signer::new`, `Signer::sign`) and reused by
//! `verify` for the values it reads out of a token.

use crate::Error;

/// Longest access key, in bytes.
pub const MAX_ACCESS_KEY_LEN: usize = 128;
/// Longest org id, in bytes.
pub const MAX_ORG_ID_LEN: usize = 64;
/// Longest secret, in bytes.
pub const MAX_SECRET_LEN: usize = 1024;
/// Longest time to live, in seconds (the Meshes API's limit).
pub const MAX_TTL: u32 = 60;
/// Time to live the official SDKs use, in seconds.
pub const DEFAULT_TTL: u32 = 30;
/// Largest `iat` or `exp` this crate writes or accepts: 2^53 − 1, the largest integer that
/// every JSON peer (JavaScript included) reads exactly.
pub const MAX_TIME: u64 = (1 << 53) - 1;

/// Checks an access key: 1..=128 bytes of `[A-Za-z0-9._-]`, so nothing that needs escaping
/// can reach the header, the payload or the `iss` URN.
///
/// # Errors
/// [`Error::AccessKey`] naming the broken rule.
pub const fn check_access_key(key: &[u8]) -> Result<(), Error> {
    if key.is_empty() {
        return Err(Error::AccessKey("access key is empty"));
    }
    if key.len() > MAX_ACCESS_KEY_LEN {
        return Err(Error::AccessKey("access key is longer than 128 bytes"));
    }
    let mut rest = key;
    while let [b, tail @ ..] = rest {
        let b = *b;
        rest = tail;
        if !(b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-') {
            return Err(Error::AccessKey(
                "access keys may only contain A-Z, a-z, 0-9, '.', '_' and '-'",
            ));
        }
    }
    Ok(())
}

/// Checks an org id: 1..=64 bytes of `[a-z0-9-]`, not starting or ending with `-` (the
/// official Node client's rule; canonical lowercase UUIDs fit).
///
/// # Errors
/// [`Error::OrgId`] naming the broken rule; an uppercase letter gets its own message.
pub const fn check_org_id(org: &[u8]) -> Result<(), Error> {
    if org.is_empty() {
        return Err(Error::OrgId("org id is empty"));
    }
    if org.len() > MAX_ORG_ID_LEN {
        return Err(Error::OrgId("org id is longer than 64 bytes"));
    }
    let mut rest = org;
    while let [b, tail @ ..] = rest {
        let b = *b;
        rest = tail;
        if b.is_ascii_uppercase() {
            return Err(Error::OrgId(
                "org ids are lowercase: write the UUID in lowercase",
            ));
        }
        if !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            return Err(Error::OrgId("org ids may only contain a-z, 0-9 and '-'"));
        }
    }
    if let [b'-', ..] | [.., b'-'] = org {
        return Err(Error::OrgId("org id starts or ends with '-'"));
    }
    Ok(())
}

/// Checks a secret: 1..=1024 bytes, used as given, with no ASCII control byte and no white
/// space. A secret read from a file with its trailing newline is the usual cause of a token
/// the server refuses, and the official clients never issue such secrets.
///
/// # Errors
/// [`Error::Secret`] naming the broken rule (never the secret).
pub const fn check_secret(secret: &[u8]) -> Result<(), Error> {
    if secret.is_empty() {
        return Err(Error::Secret("secret is empty"));
    }
    if secret.len() > MAX_SECRET_LEN {
        return Err(Error::Secret("secret is longer than 1024 bytes"));
    }
    let mut rest = secret;
    while let [b, tail @ ..] = rest {
        let b = *b;
        rest = tail;
        if b == b'\n' || b == b'\r' {
            return Err(Error::Secret(
                "secret contains a line break (a trailing newline from a file?)",
            ));
        }
        if b <= b' ' || b == 0x7f {
            return Err(Error::Secret(
                "secret contains white space or an ASCII control character",
            ));
        }
    }
    Ok(())
}

/// Checks a time to live and an issue time, returning the expiry `issued_at + ttl`.
///
/// # Errors
/// [`Error::Ttl`] outside `1..=60`; [`Error::Time`] when the expiry would exceed
/// [`MAX_TIME`].
pub const fn check_times(issued_at: u64, ttl: u32) -> Result<u64, Error> {
    if ttl == 0 || ttl > MAX_TTL {
        return Err(Error::Ttl);
    }
    match issued_at.checked_add(ttl as u64) {
        Some(exp) if exp <= MAX_TIME => Ok(exp),
        _ => Err(Error::Time),
    }
}
