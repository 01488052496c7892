//! The one error type of the crate, mirrored 1:1 by the C status codes and every binding.

use core::fmt;

/// Everything that can go wrong when minting or verifying a token.
///
/// Each variant has a stable numeric [`code`](Error::code) (the C ABI's `meshes_status`
/// value, frozen once released) and a short static [`message`](Error::message). Variants that
/// cover several rules carry a static `&str` saying which rule was broken. No variant ever
/// holds or prints a secret, and none holds a token.
///
/// Codes 1 (`NULL_POINTER`), 9 (`UNINITIALIZED`) and 18 (`OVERLAP`) are reserved for the C
/// ABI, where they have a meaning that Rust's types rule out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Error {
    /// The access key is empty, longer than 128 bytes, or has a byte outside `[A-Za-z0-9._-]`.
    AccessKey(&'static str),
    /// The secret is empty, longer than 1024 bytes, or contains an ASCII control byte or
    /// white space (most often the trailing newline of a secret read from a file).
    Secret(&'static str),
    /// The org id is empty, longer than 64 bytes, has a byte outside `[a-z0-9-]`, or starts
    /// or ends with `-`.
    OrgId(&'static str),
    /// The time to live is outside `1..=60` seconds.
    Ttl,
    /// `issued_at + ttl` is above 2^53 − 1, the largest integer every JSON peer reads exactly.
    Time,
    /// The output buffer is too small; `needed` is the exact length required. Nothing was
    /// written.
    BufferTooSmall {
        /// Length in bytes the output needs.
        needed: usize,
    },
    /// The system clock is before the Unix epoch (only from the `std` conveniences).
    Clock,
    /// The token is not three canonical base64url segments of JSON objects of the expected
    /// shape (bad base64, bad JSON, duplicate keys, wrong JSON types, too long, too deep).
    Malformed(&'static str),
    /// The header's `alg` is not `HS256` (`none` included).
    Algorithm,
    /// The signature segment is not the HMAC-SHA256 of the signing input under this secret.
    Signature,
    /// A header field or claim breaks the Meshes profile: `typ`, `kid`, `iss`, `aud`, `org`,
    /// `iat`, `exp` missing or wrong, `exp − iat` outside `1..=60`, `nbf` above 2^53 − 1, or
    /// a `crit` header parameter (no JWS extension is understood).
    Claims(&'static str),
    /// The token has expired: `now >= exp + leeway`.
    Expired,
    /// The token is not valid yet: `iat > now + leeway`, or `nbf > now + leeway`.
    NotYetValid,
    /// A state this library's own logic rules out; please report it as a bug.
    Internal,
    /// The leeway passed to `verify` is above [`MAX_LEEWAY`](crate::MAX_LEEWAY) (300 s): a
    /// larger one would make expiry meaningless for 1-to-60-second tokens, and is most often
    /// milliseconds passed as seconds.
    Leeway,
}

impl Error {
    /// Stable numeric code of this error, equal to the C ABI's `meshes_status` value.
    #[must_use]
    pub const fn code(&self) -> u32 {
        match self {
            Self::AccessKey(_) => 2,
            Self::Secret(_) => 3,
            Self::OrgId(_) => 4,
            Self::Ttl => 5,
            Self::Time => 6,
            Self::BufferTooSmall { .. } => 7,
            Self::Clock => 8,
            Self::Malformed(_) => 10,
            Self::Algorithm => 11,
            Self::Signature => 12,
            Self::Claims(_) => 13,
            Self::Expired => 14,
            Self::NotYetValid => 15,
            Self::Internal => 16,
            Self::Leeway => 17,
        }
    }

    /// Short static description of the error's kind, the same for every instance of a variant
    /// (the C ABI's `meshes_status_message`).
    #[must_use]
    pub const fn message(&self) -> &'static str {
        match self {
            Self::AccessKey(_) => "invalid access key",
            Self::Secret(_) => "invalid secret",
            Self::OrgId(_) => "invalid org id",
            Self::Ttl => "ttl must be 1 to 60 seconds",
            Self::Time => "time out of range: issued_at + ttl must be 0 to 2^53 - 1 seconds",
            Self::BufferTooSmall { .. } => "output buffer too small",
            Self::Clock => "system clock is before the Unix epoch",
            Self::Malformed(_) => "malformed token",
            Self::Algorithm => "token algorithm is not HS256",
            Self::Signature => "token signature does not match",
            Self::Claims(_) => "token claims are not those of a Meshes machine token",
            Self::Expired => "token has expired",
            Self::NotYetValid => "token is not valid yet",
            Self::Internal => "internal error (a bug in meshes-token)",
            Self::Leeway => "leeway must be 0 to 300 seconds",
        }
    }

    /// The specific rule that was broken, when the variant covers several; otherwise `None`.
    #[must_use]
    pub const fn detail(&self) -> Option<&'static str> {
        match self {
            Self::AccessKey(d)
            | Self::Secret(d)
            | Self::OrgId(d)
            | Self::Malformed(d)
            | Self::Claims(d) => Some(d),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())?;
        match self {
            Self::BufferTooSmall { needed } => write!(f, ": {needed} bytes needed"),
            _ => match self.detail() {
                Some(detail) => write!(f, ": {detail}"),
                None => Ok(()),
            },
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}
