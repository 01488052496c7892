//! `meshes_status`: the status every function returns, mirroring `meshes_token_core::Error`.

use core::ffi::{CStr, c_char};

use meshes_token_core::Error;

use crate::boundary::guard;

/// The status every `meshes_*` function returns: `MESHES_OK` (0) or an error.
///
/// The values equal `meshes_token_core::Error::code()` and never change once released.
/// `MESHES_ERR_NULL_POINTER`, `MESHES_ERR_UNINITIALIZED` and `MESHES_ERR_OVERLAP` exist only
/// in C, where a NULL pointer, a zeroed signer or overlapping buffers can be passed;
/// `MESHES_ERR_INTERNAL` is a bug in this library.
#[allow(non_camel_case_types)]
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum meshes_status {
    /// Success.
    MESHES_OK = 0,
    /// A pointer argument is NULL where a value is required (or, for a `meshes_signer`, is
    /// not aligned to `MESHES_SIGNER_ALIGN`).
    MESHES_ERR_NULL_POINTER = 1,
    /// The access key is empty, longer than `MESHES_ACCESS_KEY_MAX_LEN`, or has a byte outside
    /// `[A-Za-z0-9._-]`.
    MESHES_ERR_ACCESS_KEY = 2,
    /// The secret is empty, longer than `MESHES_SECRET_MAX_LEN`, or contains an ASCII control
    /// byte or white space (often the trailing newline of a secret read from a file).
    MESHES_ERR_SECRET = 3,
    /// The org id is empty, longer than `MESHES_ORG_ID_MAX_LEN`, has a byte outside
    /// `[a-z0-9-]` (uppercase included), or starts or ends with `-`.
    MESHES_ERR_ORG_ID = 4,
    /// The time to live is outside `1..=MESHES_TTL_MAX` seconds.
    MESHES_ERR_TTL = 5,
    /// A time is out of range: `issued_at + ttl_seconds` is above 2^53 - 1 (bindings also use
    /// it for a verification time before the Unix epoch: see "Bad arguments in bindings").
    MESHES_ERR_TIME = 6,
    /// `out_cap` is too small: `*out_len` holds the length needed (excluding the NUL, so
    /// `out_cap` must be at least `*out_len + 1`).
    MESHES_ERR_BUFFER_TOO_SMALL = 7,
    /// The system clock is before the Unix epoch (`meshes_sign_token_now`).
    MESHES_ERR_CLOCK = 8,
    /// The signer is zeroed, cleared, or its initialization failed.
    MESHES_ERR_UNINITIALIZED = 9,
    /// The token is not three canonical base64url segments of JSON objects of the expected
    /// shape, or is longer than `MESHES_VERIFY_MAX_LEN`.
    MESHES_ERR_MALFORMED = 10,
    /// The token's `alg` is not `HS256`.
    MESHES_ERR_ALGORITHM = 11,
    /// The token's signature does not match the secret.
    MESHES_ERR_SIGNATURE = 12,
    /// A header field or claim is missing or breaks the Meshes profile (a `crit` header
    /// parameter included: no JWS extension is understood).
    MESHES_ERR_CLAIMS = 13,
    /// The token has expired: `now >= exp + leeway_seconds`.
    MESHES_ERR_EXPIRED = 14,
    /// The token is not valid yet: `iat > now + leeway_seconds`, or `nbf > now +
    /// leeway_seconds`.
    MESHES_ERR_NOT_YET_VALID = 15,
    /// A state this library rules out (a bug, or a caught panic); please report it.
    MESHES_ERR_INTERNAL = 16,
    /// `leeway_seconds` is above `MESHES_LEEWAY_MAX` (300 s).
    MESHES_ERR_LEEWAY = 17,
    /// An output buffer overlaps an input, the signer, or another output (`out` and
    /// `*out_len`, or `claims`); nothing was read or written.
    MESHES_ERR_OVERLAP = 18,
}

/// Any integer a C caller passes where the header says `meshes_status`.
///
/// The header shows it as `meshes_status` (a `uint32_t` typedef); it is a plain integer on the
/// Rust side so that a value outside the enum is never turned into one.
#[allow(non_camel_case_types)]
pub type meshes_status_code = u32;

/// The one table of statuses, in code order: each name with its message, either its own text
/// (`text`, the C-only statuses) or the core error it mirrors (`core`, whose message it takes).
/// It generates `ALL`, `name`, `message`, `from_error` and the list of core errors the build
/// checks below. Every match it writes names each variant, with no wildcard: a status missing
/// here, or a core variant that no row mirrors, fails the build.
macro_rules! status_table {
    ($(
        $status:ident => $(text $text:literal)?
            $(core $variant:ident $(($($args:tt)*))? $({$($fields:tt)*})?)?;
    )*) => {
        impl meshes_status {
            /// Every status, in code order.
            pub(crate) const ALL: &[Self] = &[$(Self::$status),*];

            /// The status for a core error: one match, every variant named.
            #[must_use]
            pub const fn from_error(error: Error) -> Self {
                match error {
                    $($(Error::$variant { .. } => Self::$status,)?)*
                }
            }

            /// The status's name as the header spells it, e.g. `MESHES_ERR_EXPIRED` (a test
            /// compares every name with the header).
            #[must_use]
            pub const fn name(self) -> &'static CStr {
                match self {
                    $(Self::$status => cstr!(stringify!($status)),)*
                }
            }

            /// The static, NUL-terminated message of this status.
            #[must_use]
            pub const fn message(self) -> &'static CStr {
                match self {
                    $(Self::$status => {
                        $($text)?
                        $(cstr!(Error::$variant $(($($args)*))? $({$($fields)*})?.message()))?
                    })*
                }
            }
        }

        /// One value of every core error, in code order.
        pub(crate) const CORE_ERRORS: &[Error] =
            &[$($(Error::$variant $(($($args)*))? $({$($fields)*})?,)?)*];
    };
}

status_table! {
    MESHES_OK => text c"success";
    MESHES_ERR_NULL_POINTER => text c"a required pointer argument is NULL";
    MESHES_ERR_ACCESS_KEY => core AccessKey("");
    MESHES_ERR_SECRET => core Secret("");
    MESHES_ERR_ORG_ID => core OrgId("");
    MESHES_ERR_TTL => core Ttl;
    MESHES_ERR_TIME => core Time;
    MESHES_ERR_BUFFER_TOO_SMALL => core BufferTooSmall { needed: 0 };
    MESHES_ERR_CLOCK => core Clock;
    MESHES_ERR_UNINITIALIZED => text c"the signer is not initialized (zeroed or cleared)";
    MESHES_ERR_MALFORMED => core Malformed("");
    MESHES_ERR_ALGORITHM => core Algorithm;
    MESHES_ERR_SIGNATURE => core Signature;
    MESHES_ERR_CLAIMS => core Claims("");
    MESHES_ERR_EXPIRED => core Expired;
    MESHES_ERR_NOT_YET_VALID => core NotYetValid;
    MESHES_ERR_INTERNAL => core Internal;
    MESHES_ERR_LEEWAY => core Leeway;
    MESHES_ERR_OVERLAP =>
        text c"an output buffer overlaps an input, the signer or another output";
}

impl meshes_status {
    /// The status with this code, if there is one. A plain search: an integer from C is never
    /// transmuted into the enum.
    #[must_use]
    pub const fn from_code(code: meshes_status_code) -> Option<Self> {
        let mut rest: &[Self] = Self::ALL;
        while let [status, tail @ ..] = rest {
            if *status as u32 == code {
                return Some(*status);
            }
            rest = tail;
        }
        None
    }
}

impl From<Error> for meshes_status {
    fn from(error: Error) -> Self {
        Self::from_error(error)
    }
}

/// Returns the name of `status` as this header spells it (e.g. "MESHES_ERR_EXPIRED"), or NULL
/// for an integer that is no status.
///
/// Lets bindings that cannot read C headers (Node, ctypes) build their error tables from the
/// library itself instead of copying numbers: enumerate codes from 0 until NULL. The string
/// is static, NUL-terminated, owned by the library (do not free). Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn meshes_status_name(status: meshes_status_code) -> *const c_char {
    guard(core::ptr::null(), || {
        meshes_status::from_code(status).map_or(core::ptr::null(), |s| s.name().as_ptr())
    })
}

/// Message for a code that is no status.
const UNKNOWN: &CStr = c"unknown status";

/// A `&'static str` constant with a NUL appended, as a `&'static CStr` built at compile time
/// (the names, and the core's messages, so that the C text can never drift from
/// `Error::message()`).
macro_rules! cstr {
    ($text:expr) => {{
        const TEXT: &str = $text;
        const BYTES: [u8; TEXT.len() + 1] = with_nul(TEXT);
        const CSTR: &CStr = match CStr::from_bytes_with_nul(&BYTES) {
            Ok(cstr) => cstr,
            // A NUL inside the text stops the build here.
            Err(_) => unreachable_in_const(),
        };
        CSTR
    }};
}
use cstr;

/// `message` followed by NUL bytes up to `N` (evaluated at compile time only).
const fn with_nul<const N: usize>(message: &str) -> [u8; N] {
    let mut out = [0u8; N];
    let mut dst: &mut [u8] = &mut out;
    let mut src = message.as_bytes();
    while let ([d, dst_tail @ ..], [s, src_tail @ ..]) = (dst, src) {
        *d = *s;
        dst = dst_tail;
        src = src_tail;
    }
    out
}

#[allow(clippy::panic)]
const fn unreachable_in_const() -> &'static CStr {
    panic!("a core error message contains a NUL byte")
}

// Every core error's status has the code the core gives it, and `ALL` is in code order with
// no gap, so `from_code` finds every status; the build fails otherwise.
const _: () = {
    let mut errors: &[Error] = CORE_ERRORS;
    while let [error, tail @ ..] = errors {
        assert!(meshes_status::from_error(*error) as u32 == error.code());
        errors = tail;
    }
    // The C-only codes that error.rs reserves.
    assert!(meshes_status::MESHES_ERR_NULL_POINTER as u32 == 1);
    assert!(meshes_status::MESHES_ERR_UNINITIALIZED as u32 == 9);
    assert!(meshes_status::MESHES_ERR_OVERLAP as u32 == 18);
    // `ALL` is in code order with no gap, so `from_code` finds every status.
    let mut code: u32 = 0;
    let mut all: &[meshes_status] = meshes_status::ALL;
    while let [status, tail @ ..] = all {
        assert!(*status as u32 == code);
        code += 1;
        all = tail;
    }
};

/// Returns a static, NUL-terminated English description of `status`.
///
/// Any integer is accepted: a value that is no status gives "unknown status". Never returns
/// NULL. The string is owned by the library and must not be freed or modified.
/// Thread-safe.
#[unsafe(no_mangle)]
pub extern "C" fn meshes_status_message(status: meshes_status_code) -> *const c_char {
    guard(
        meshes_status::MESHES_ERR_INTERNAL.message().as_ptr(),
        || {
            meshes_status::from_code(status)
                .map_or(UNKNOWN, meshes_status::message)
                .as_ptr()
        },
    )
}

#[cfg(test)]
mod tests {
    use super::{CORE_ERRORS, meshes_status};

    #[test]
    fn every_core_error_maps_to_its_code_and_message() {
        assert_eq!(CORE_ERRORS.len(), 15);
        for error in CORE_ERRORS {
            let status = meshes_status::from_error(*error);
            assert_eq!(status as u32, error.code(), "{error:?}");
            assert_eq!(meshes_status::from_code(error.code()), Some(status));
            assert_eq!(status.message().to_str(), Ok(error.message()), "{error:?}");
        }
    }
}
