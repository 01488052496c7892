//! The JSON shapes `verify` reads, on `serde-json-core` with fixed buffers.
//!
//! Strings land in fixed arrays (escapes decoded); a string longer than its array is kept as
//! "too long" rather than failing the parse, so the caller can name the claim at fault.
//! Unknown members are skipped. Duplicate known members fail the parse (serde's derive
//! rejects them), so two parsers can never read different values from one token.

use core::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};

use crate::Error;

/// Deepest nesting of objects and arrays accepted anywhere in a header or payload. The
/// parser recurses once per level, so this bounds `verify`'s stack on hostile input.
pub(crate) const MAX_DEPTH: usize = 8;

/// A JSON string copied into a fixed buffer, remembering whether it was present and
/// whether it fit.
#[derive(Clone, Copy)]
pub(crate) struct FixedStr<const N: usize> {
    buf: [u8; N],
    len: usize,
    present: bool,
    too_long: bool,
}

impl<const N: usize> Default for FixedStr<N> {
    fn default() -> Self {
        Self {
            buf: [0; N],
            len: 0,
            present: false,
            too_long: false,
        }
    }
}

impl<const N: usize> FixedStr<N> {
    /// The string, if the member was present and fit in `N` bytes.
    pub(crate) fn get(&self) -> Option<&[u8]> {
        if self.present && !self.too_long {
            self.buf.get(..self.len)
        } else {
            None
        }
    }

    pub(crate) const fn is_present(&self) -> bool {
        self.present
    }

    fn set(&mut self, s: &str) {
        self.present = true;
        match self.buf.get_mut(..s.len()) {
            Some(dst) => {
                crate::hmac::copy(dst, s.as_bytes());
                self.len = s.len();
            }
            None => self.too_long = true,
        }
    }
}

impl<'de, const N: usize> Deserialize<'de> for FixedStr<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<const N: usize>;
        impl<const N: usize> Visitor<'_> for V<N> {
            type Value = FixedStr<N>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                let mut out = FixedStr::default();
                out.set(s);
                Ok(out)
            }
        }
        deserializer.deserialize_str(V::<N>)
    }
}

/// `aud`: a string, or an array of strings; all that matters is whether `meshes-api` is one.
#[derive(Clone, Copy, Default)]
pub(crate) struct Audience {
    pub(crate) present: bool,
    pub(crate) meshes_api: bool,
}

pub(crate) const AUDIENCE: &str = "meshes-api";

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Audience;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Audience {
                    present: true,
                    meshes_api: s == AUDIENCE,
                })
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut found = false;
                while let Some(item) = seq.next_element::<FixedStr<{ AUDIENCE.len() }>>()? {
                    found |= item.get() == Some(AUDIENCE.as_bytes());
                }
                Ok(Audience {
                    present: true,
                    meshes_api: found,
                })
            }
        }
        // serde-json-core cannot `deserialize_any`; its `deserialize_ignored_any` dispatches
        // on the next byte instead: strings to `visit_str`, arrays to `visit_seq`, and
        // anything else to `visit_unit`, which this visitor rejects as a type error.
        deserializer.deserialize_ignored_any(V)
    }
}

/// The JOSE header members `verify` looks at.
#[derive(Deserialize)]
pub(crate) struct Header {
    pub(crate) alg: FixedStr<8>,
    #[serde(default)]
    pub(crate) typ: FixedStr<8>,
    #[serde(default)]
    pub(crate) kid: FixedStr<{ crate::MAX_ACCESS_KEY_LEN }>,
}

/// `urn:meshes:m2m:`, the start of every `iss`.
pub(crate) const ISS_PREFIX: &[u8] = b"urn:meshes:m2m:";

/// The claims `verify` looks at.
#[derive(Deserialize)]
pub(crate) struct Payload {
    #[serde(default)]
    pub(crate) iss: FixedStr<{ ISS_PREFIX.len() + crate::MAX_ACCESS_KEY_LEN }>,
    #[serde(default)]
    pub(crate) aud: Audience,
    #[serde(default)]
    pub(crate) org: FixedStr<{ crate::MAX_ORG_ID_LEN }>,
    #[serde(default)]
    pub(crate) iat: Option<u64>,
    #[serde(default)]
    pub(crate) exp: Option<u64>,
}

/// Parses one JSON object of type `T` that must fill `json` entirely, after checking that it
/// nests no deeper than [`MAX_DEPTH`].
pub(crate) fn parse<'a, T: Deserialize<'a>>(
    json: &'a [u8],
    unescape: &mut [u8],
    what: &'static str,
) -> Result<T, Error> {
    check_depth(json)?;
    if json.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(Error::Malformed(what));
    }
    match serde_json_core::from_slice_escaped::<T>(json, unescape) {
        Ok((value, used)) if used == json.len() => Ok(value),
        _ => Err(Error::Malformed(what)),
    }
}

/// Rejects JSON whose objects and arrays nest deeper than [`MAX_DEPTH`], counting only
/// brackets outside strings.
fn check_depth(json: &[u8]) -> Result<(), Error> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for &b in json {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth = depth.saturating_add(1);
                if depth > MAX_DEPTH {
                    return Err(Error::Malformed("JSON nests deeper than 8 levels"));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}
