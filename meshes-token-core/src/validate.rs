//! The input rules, checked once at the edge (`Signer::new`, `Signer::sign`) and reused by
//! `verify` for the values it reads out of a token.

use crate::Error;
use crate::declassify::declassify;

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
        if !is_access_key_byte(b) {
            return Err(Error::AccessKey(
                "access keys may only contain A-Z, a-z, 0-9, '.', '_' and '-'",
            ));
        }
    }
    Ok(())
}

/// A byte an access key may hold: `[A-Za-z0-9._-]`.
const fn is_access_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-'
}

/// A byte an org id may hold: `[a-z0-9-]`.
const fn is_org_id_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
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
        if !is_org_id_byte(b) {
            return Err(Error::OrgId("org ids may only contain a-z, 0-9 and '-'"));
        }
    }
    if let [b'-', ..] | [.., b'-'] = org {
        return Err(Error::OrgId("org id starts or ends with '-'"));
    }
    Ok(())
}

/// Whether `key` satisfies the access-key rules, as `check_access_key(key).is_ok()`: for the
/// verifier, which only needs the verdict. On hosted targets each byte is one lookup in a
/// 256-byte class table, with no branch per byte; elsewhere (WebAssembly, bare metal: size
/// over speed, see `FAST_PATHS` in `lib.rs`) it is `check_access_key`.
#[inline]
pub(crate) fn is_access_key(key: &[u8]) -> bool {
    if !crate::FAST_PATHS {
        return check_access_key(key).is_ok();
    }
    !key.is_empty() && key.len() <= MAX_ACCESS_KEY_LEN && all_in(key, ACCESS_KEY_BYTE)
}

/// Whether `org` satisfies the org-id rules, as `check_org_id(org).is_ok()` (see
/// [`is_access_key`]).
#[inline]
pub(crate) fn is_org_id(org: &[u8]) -> bool {
    if !crate::FAST_PATHS {
        return check_org_id(org).is_ok();
    }
    !org.is_empty()
        && org.len() <= MAX_ORG_ID_LEN
        && all_in(org, ORG_ID_BYTE)
        && !matches!(org, [b'-', ..] | [.., b'-'])
}

/// Class bits of [`CLASSES`]: the bytes of access keys, and those of org ids.
const ACCESS_KEY_BYTE: u8 = 1;
const ORG_ID_BYTE: u8 = 2;

/// Whether every byte of `bytes` has the `class` bit: the bits are AND-ed, one lookup a byte.
#[inline(always)]
fn all_in(bytes: &[u8], class: u8) -> bool {
    let classes = bytes.iter().fold(class, |acc, &b| {
        acc & CLASSES.get(usize::from(b)).copied().unwrap_or(0)
    });
    classes == class
}

/// The class bits of each byte, from the rules' own byte predicates.
// Const evaluation: an index out of bounds here fails the build, it cannot panic at run time.
#[allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]
const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if is_access_key_byte(byte) {
            table[b] |= ACCESS_KEY_BYTE;
        }
        if is_org_id_byte(byte) {
            table[b] |= ORG_ID_BYTE;
        }
        b += 1;
    }
    table
};

/// Checks a secret: 1..=1024 bytes, used as given, with no ASCII control byte and no white
/// space. A secret read from a file with its trailing newline is the usual cause of a token
/// the server refuses, and the official clients never issue such secrets.
///
/// The bytes are read without a branch or an index that depends on them (every byte is
/// looked at, whatever the first ones are); only the final verdict is a branch. The library
/// itself checks secrets the same way, with that verdict declassified for the constant-time
/// test (`make test-ct`).
///
/// # Errors
/// [`Error::Secret`] naming the broken rule (never the secret): the rule broken by the first
/// byte that breaks one.
pub const fn check_secret(secret: &[u8]) -> Result<(), Error> {
    if let Err(e) = check_secret_len(secret) {
        return Err(e);
    }
    secret_verdict(secret_flags(secret))
}

/// [`check_secret`] on the library's own paths (`Signer::new`, `sign_token`, `verify`): the
/// same result, with the verdict on the bytes passed through [`declassify`] before anything
/// branches on it, since the caller learns it anyway. Inlined: as a call of its own it kept
/// `verify` from being inlined into `meshes_verify_token` at opt-level s, which cost that
/// entry point 496 bytes of stack (tests/embedded/check.sh).
#[inline(always)]
pub(crate) fn check_secret_ct(secret: &[u8]) -> Result<(), Error> {
    check_secret_len(secret)?;
    let mut flags = [secret_flags(secret)];
    declassify(&mut flags);
    let [flags] = flags;
    secret_verdict(flags)
}

/// The length rules: the length of a secret is public.
const fn check_secret_len(secret: &[u8]) -> Result<(), Error> {
    if secret.is_empty() {
        return Err(Error::Secret("secret is empty"));
    }
    if secret.len() > MAX_SECRET_LEN {
        return Err(Error::Secret("secret is longer than 1024 bytes"));
    }
    Ok(())
}

/// Some byte of the secret is a control byte, white space or DEL.
const SECRET_BROKEN: u8 = 1;
/// The first such byte is a line break.
const SECRET_LINE_BREAK_FIRST: u8 = 2;

/// The rules broken by the secret's bytes as [`SECRET_BROKEN`] | [`SECRET_LINE_BREAK_FIRST`],
/// computed with masks over every byte: no branch and no index depends on a byte. The first
/// byte that breaks a rule is a line break when it is also the first line break, so the loop
/// only keeps two running minimums of positions (vectorizable, unlike a running "seen yet").
/// Callers check the length first, so positions fit in a `u32`.
const fn secret_flags(secret: &[u8]) -> u8 {
    let mut first_broken = u32::MAX;
    let mut first_line_break = u32::MAX;
    let mut at = 0u32;
    let mut rest = secret;
    while let [b, tail @ ..] = rest {
        rest = tail;
        let b = *b as u32;
        let line_break = zero_mask(b ^ b'\n' as u32) | zero_mask(b ^ b'\r' as u32);
        // Space and every byte below it, and DEL.
        let broken = below_mask(b, 0x21) | zero_mask(b ^ 0x7f);
        first_line_break = min(first_line_break, at | !line_break);
        first_broken = min(first_broken, at | !broken);
        at = at.wrapping_add(1);
    }
    // `&`, not `&&`: both sides are computed, no branch.
    let broken = first_broken != u32::MAX;
    let line_break_first = broken & (first_broken == first_line_break);
    (SECRET_BROKEN & 0u8.wrapping_sub(broken as u8))
        | (SECRET_LINE_BREAK_FIRST & 0u8.wrapping_sub(line_break_first as u8))
}

/// The error for [`secret_flags`], a line break first as before any other broken rule.
const fn secret_verdict(flags: u8) -> Result<(), Error> {
    if flags & SECRET_LINE_BREAK_FIRST != 0 {
        return Err(Error::Secret(
            "secret contains a line break (a trailing newline from a file?)",
        ));
    }
    if flags & SECRET_BROKEN != 0 {
        return Err(Error::Secret(
            "secret contains white space or an ASCII control character",
        ));
    }
    Ok(())
}

/// All ones when `x` (below 2^31) is 0, else 0, without a branch.
const fn zero_mask(x: u32) -> u32 {
    0u32.wrapping_sub(x.wrapping_sub(1) >> 31)
}

/// The smaller of `a` and `b`, without a branch.
const fn min(a: u32, b: u32) -> u32 {
    let a_smaller = 0u32.wrapping_sub((a < b) as u32);
    b ^ ((a ^ b) & a_smaller)
}

/// All ones when `x < limit` (both below 2^31), else 0, without a branch.
const fn below_mask(x: u32, limit: u32) -> u32 {
    0u32.wrapping_sub(x.wrapping_sub(limit) >> 31)
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

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]

    extern crate std;

    use proptest::prelude::*;
    use std::vec;

    use super::{
        Error, check_access_key, check_org_id, check_secret, check_secret_ct, is_access_key,
        is_org_id,
    };

    /// The rule as first written, stopping at the first byte that breaks it: the branch-free
    /// versions must agree with it on every input.
    fn reference(secret: &[u8]) -> Result<(), Error> {
        if secret.is_empty() {
            return Err(Error::Secret("secret is empty"));
        }
        if secret.len() > 1024 {
            return Err(Error::Secret("secret is longer than 1024 bytes"));
        }
        for &b in secret {
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

    const LINE_BREAK: Error =
        Error::Secret("secret contains a line break (a trailing newline from a file?)");
    const CONTROL: Error =
        Error::Secret("secret contains white space or an ASCII control character");

    #[test]
    fn the_first_broken_byte_names_the_rule() {
        for (secret, want) in [
            (&b"s3cr3t"[..], Ok(())),
            (b"s3cr3t\n", Err(LINE_BREAK)),
            (b"\rs3cr3t", Err(LINE_BREAK)),
            (b"a\nb\tc", Err(LINE_BREAK)),
            (b"a\tb\nc", Err(CONTROL)),
            (b"a b\r\n", Err(CONTROL)),
            (b"\x7f\n", Err(CONTROL)),
            (b"\n\x7f", Err(LINE_BREAK)),
            (b"\x00", Err(CONTROL)),
            (b"!~\x80\xff", Ok(())),
        ] {
            assert_eq!(check_secret(secret), want, "{secret:?}");
            assert_eq!(check_secret_ct(secret), want, "{secret:?}");
        }
        let mut long = [b'x'; 1024];
        assert_eq!(check_secret_ct(&long), Ok(()));
        long[1023] = b'\n';
        long[1022] = b'\r';
        assert_eq!(check_secret_ct(&long), Err(LINE_BREAK));
        long[0] = b' ';
        assert_eq!(check_secret_ct(&long), Err(CONTROL));
    }

    fn id_byte() -> impl Strategy<Value = u8> {
        prop_oneof![
            Just(b'-'),
            Just(b'.'),
            Just(b'_'),
            Just(b'a'),
            Just(b'z'),
            Just(b'A'),
            Just(b'Z'),
            Just(b'0'),
            Just(b'9'),
            Just(b'/'),
            Just(b':'),
            Just(b'@'),
            Just(b'['),
            Just(b'`'),
            Just(b'{'),
            Just(0x80_u8),
            any::<u8>()
        ]
    }

    #[test]
    fn table_verdicts_on_the_edges() {
        let long_key = [b'k'; 129];
        let long_org = [b'o'; 65];
        for (id, key, org) in [
            (&b""[..], false, false),
            (b"a", true, true),
            (b"A", true, false),
            (b"a.b_c-D9", true, false),
            (b"3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60", true, true),
            (b"-a", true, false),
            (b"a-", true, false),
            (b"-", true, false),
            (b"a b", false, false),
            (b"\xc3\xa9", false, false),
            (&long_key[..128], true, false),
            (&long_key, false, false),
            (&long_org[..64], true, true),
            (&long_org, true, false),
        ] {
            assert_eq!(is_access_key(id), key, "{id:?}");
            assert_eq!(is_org_id(id), org, "{id:?}");
        }
    }

    proptest! {
        /// The table verdicts are those of the rules' own checks, on any bytes.
        #[test]
        fn table_verdicts_agree(id in prop::collection::vec(id_byte(), 0..140)) {
            prop_assert_eq!(is_access_key(&id), check_access_key(&id).is_ok());
            prop_assert_eq!(is_org_id(&id), check_org_id(&id).is_ok());
        }

        #[test]
        fn agrees_with_the_reference(secret in prop::collection::vec(
            prop_oneof![Just(b'\n'), Just(b'\r'), Just(b' '), Just(b'\t'), Just(0x7f_u8),
                        Just(0_u8), Just(b'!'), Just(b'~'), 0x21_u8..0x7f, any::<u8>()],
            0..80)) {
            let want = reference(&secret);
            prop_assert_eq!(check_secret(&secret), want);
            prop_assert_eq!(check_secret_ct(&secret), want);
        }

        #[test]
        fn one_broken_byte_anywhere(len in 1_usize..=1024, at in any::<prop::sample::Index>(),
                                    bad in prop_oneof![0_u8..=0x20, Just(0x7f_u8)]) {
            let mut secret = [b'k'; 1024];
            let secret = &mut secret[..len];
            secret[at.index(len)] = bad;
            let want = reference(secret);
            prop_assert!(want.is_err());
            prop_assert_eq!(check_secret_ct(secret), want);
        }
    }
}
