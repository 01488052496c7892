//! `verify_mutated`: a valid token from `tests/vectors/`, changed by a list of mutations.
//!
//! Without re-signing, anything `verify` accepts must be byte for byte a token that was really
//! signed with that secret: the original, or another vector token that splices rebuilt (its
//! signed part above all; the signature too, as only canonical base64url is read). With
//! `resign` the changed header and payload are signed again by the reference HMAC, which takes
//! the mutations deep into the JSON and claim checks; either way the outcome must be the
//! independent model's.
#![no_main]

use std::sync::LazyLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use meshes_token_core::verify;
use meshes_token_fuzz::{
    assert_same_verify, b64, b64_decode, hmac_sha256, model_verify, valid_vectors,
};

/// (token, secret, now, leeway) of every vector token that verifies.
static BASES: LazyLock<Vec<(String, String, u64, u32)>> = LazyLock::new(|| {
    let bases = valid_vectors();
    for (token, secret, now, leeway) in &bases {
        assert!(
            verify(token, secret, *now, *leeway).is_ok(),
            "vector {token} does not verify"
        );
    }
    bases
});

const SYMBOLS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \0";

#[derive(Arbitrary, Debug)]
enum Mutation {
    /// Overwrite one byte.
    Set {
        at: u16,
        byte: u8,
    },
    /// Overwrite one byte with a base64url symbol, `.`, or a near miss (`=`, `+`, `/`, ...).
    Symbol {
        at: u16,
        symbol: u8,
    },
    Insert {
        at: u16,
        byte: u8,
    },
    Remove {
        at: u16,
    },
    Xor {
        at: u16,
        mask: u8,
    },
    Swap {
        a: u16,
        b: u16,
    },
    Truncate {
        len: u16,
    },
    /// Copy a run of the token over another place in it.
    Copy {
        from: u16,
        to: u16,
        len: u8,
    },
    /// Decode segment `segment % 3`, change one byte of it, and encode it again canonically.
    Decoded {
        segment: u8,
        at: u16,
        byte: u8,
    },
    /// Decode segment `segment % 3`, insert bytes into it, and encode it again.
    DecodedInsert {
        segment: u8,
        at: u16,
        bytes: Vec<u8>,
    },
    /// Put segment `segment % 3` of another vector token in place of this one's.
    Splice {
        base: u16,
        segment: u8,
    },
    Append {
        bytes: Vec<u8>,
    },
    /// Add a `crit` member to the decoded header, or an `nbf` claim of `now + shift` to the
    /// decoded payload (issue 15: both must be honoured).
    Member {
        crit: bool,
        shift: i16,
    },
}

#[derive(Arbitrary, Debug)]
struct Input {
    base: u16,
    resign: bool,
    /// Added to the vector's `now` (wrapping), to cross the lifetime's edges too.
    now_shift: i8,
    mutations: Vec<Mutation>,
}

fn at(i: u16, len: usize) -> usize {
    if len == 0 { 0 } else { usize::from(i) % len }
}

/// Applies `f` to the decoded segment `segment % 3`; does nothing when it does not decode.
fn in_segment(token: &mut Vec<u8>, segment: u8, f: impl FnOnce(&mut Vec<u8>)) {
    let mut parts: Vec<Vec<u8>> = token.split(|&b| b == b'.').map(<[u8]>::to_vec).collect();
    let Some(part) = parts.get_mut(usize::from(segment % 3)) else {
        return;
    };
    let Some(mut bytes) = b64_decode(part) else {
        return;
    };
    f(&mut bytes);
    *part = b64(&bytes).into_bytes();
    *token = parts.join(&b'.');
}

fn apply(token: &mut Vec<u8>, m: &Mutation, bases: &[(String, String, u64, u32)], now: u64) {
    let len = token.len();
    match m {
        Mutation::Set { at: i, byte } => {
            if len > 0 {
                token[at(*i, len)] = *byte;
            }
        }
        Mutation::Symbol { at: i, symbol } => {
            if len > 0 {
                token[at(*i, len)] = SYMBOLS[usize::from(*symbol) % SYMBOLS.len()];
            }
        }
        Mutation::Insert { at: i, byte } => token.insert(at(*i, len + 1), *byte),
        Mutation::Remove { at: i } => {
            if len > 0 {
                token.remove(at(*i, len));
            }
        }
        Mutation::Xor { at: i, mask } => {
            if len > 0 {
                token[at(*i, len)] ^= mask;
            }
        }
        Mutation::Swap { a, b } => {
            if len > 0 {
                token.swap(at(*a, len), at(*b, len));
            }
        }
        Mutation::Truncate { len: n } => token.truncate(at(*n, len + 1)),
        Mutation::Copy { from, to, len: n } => {
            if len > 0 {
                let from = at(*from, len);
                let to = at(*to, len);
                let n = usize::from(*n).min(len - from).min(len - to);
                token.copy_within(from..from + n, to);
            }
        }
        Mutation::Decoded {
            segment,
            at: i,
            byte,
        } => in_segment(token, *segment, |bytes| {
            let n = bytes.len();
            if n > 0 {
                bytes[at(*i, n)] = *byte;
            }
        }),
        Mutation::DecodedInsert {
            segment,
            at: i,
            bytes: more,
        } => {
            in_segment(token, *segment, |bytes| {
                let i = at(*i, bytes.len() + 1);
                bytes.splice(i..i, more.iter().copied());
            });
        }
        Mutation::Splice { base, segment } => {
            let other = &bases[usize::from(*base) % bases.len()].0;
            let Some(with) = other.split('.').nth(usize::from(segment % 3)) else {
                return;
            };
            let mut parts: Vec<Vec<u8>> = token.split(|&b| b == b'.').map(<[u8]>::to_vec).collect();
            if let Some(part) = parts.get_mut(usize::from(segment % 3)) {
                *part = with.as_bytes().to_vec();
                *token = parts.join(&b'.');
            }
        }
        Mutation::Append { bytes } => token.extend_from_slice(bytes),
        Mutation::Member { crit, shift } => {
            let (segment, member) = if *crit {
                (0, br#""crit":["exp"],"#.to_vec())
            } else {
                let nbf = now.wrapping_add_signed(i64::from(*shift));
                (1, format!(r#""nbf":{nbf},"#).into_bytes())
            };
            in_segment(token, segment, |json| {
                if let Some(open) = json.iter().position(|&b| b == b'{') {
                    json.splice(open + 1..open + 1, member);
                }
            });
        }
    }
}

fuzz_target!(|input: Input| {
    let bases = &*BASES;
    let (original, secret, now, leeway) = &bases[usize::from(input.base) % bases.len()];
    let now = now.wrapping_add_signed(i64::from(input.now_shift));
    let mut token = original.clone().into_bytes();
    for m in input.mutations.iter().take(16) {
        apply(&mut token, m, bases, now);
    }
    if input.resign {
        // Sign whatever the first two '.'-separated pieces are now.
        if let Some(dot) = token.iter().position(|&b| b == b'.') {
            let end = token[dot + 1..]
                .iter()
                .position(|&b| b == b'.')
                .map_or(token.len(), |p| dot + 1 + p);
            let sig = b64(&hmac_sha256(secret.as_bytes(), &token[..end]));
            token.truncate(end);
            token.push(b'.');
            token.extend_from_slice(sig.as_bytes());
        }
    }

    let core = verify(&token, secret, now, *leeway);
    assert_same_verify(
        &core,
        &model_verify(&token, secret.as_bytes(), now, *leeway),
        &token,
    );
    if core.is_ok() && !input.resign {
        // Splices can rebuild another vector token signed with the same secret; anything
        // else accepted is a forgery.
        let genuine = bases
            .iter()
            .any(|(t, s, _, _)| s == secret && t.as_bytes() == token.as_slice());
        let signed_part = |t: &[u8]| -> Vec<u8> {
            let last_dot = t.iter().rposition(|&b| b == b'.').unwrap_or(0);
            t[..last_dot].to_vec()
        };
        assert!(
            genuine,
            "accepted a token that was never signed (signed part {}): {:?}",
            if signed_part(&token) == signed_part(original.as_bytes()) {
                "unchanged, signature changed"
            } else {
                "changed"
            },
            String::from_utf8_lossy(&token)
        );
    }
});
