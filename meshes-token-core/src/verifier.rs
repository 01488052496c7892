//! `Verifier`: the HMAC key state of one secret, computed once, for a server that checks many
//! tokens signed with it.

use core::fmt;

use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::Error;
use crate::hmac::HmacKey;
use crate::validate::check_secret_ct;
use crate::verify::{Claims, Key, MAX_LEEWAY, verify_keyed};

/// Verifies tokens signed with one secret.
///
/// Built once per access key, it holds the HMAC-SHA256 state after the key's inner and outer
/// pad blocks, so each [`verify`](Verifier::verify) costs only the compressions of the token
/// itself (6 for a 20-character key and a UUID org id, against 8 for [`crate::verify`],
/// which keys HMAC for every token). The rules, the errors and their order are those of
/// [`crate::verify`], except that the secret is checked once, by [`new`](Verifier::new).
///
/// A gateway keeps one per access key and picks it by the token's [`key_id`](crate::key_id):
///
/// ```
/// use meshes_token_core::{key_id, sign_token, Verifier, MAX_TOKEN_LEN};
///
/// let secret = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
/// let keys = [("AK7f3kQ9mZ2pL8xR4tV6", Verifier::new(secret)?)];
///
/// let mut buf = [0u8; MAX_TOKEN_LEN];
/// let token = sign_token("AK7f3kQ9mZ2pL8xR4tV6", secret, "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60",
///     1_767_225_600, 30, &mut buf)?;
///
/// let kid = key_id(token)?;
/// let (_, verifier) = keys.iter().find(|(k, _)| *k == kid.as_str()).expect("a known key");
/// let claims = verifier.verify(token, 1_767_225_610, 0)?;
/// assert_eq!(claims.org_id(), "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60");
/// # Ok::<(), meshes_token_core::Error>(())
/// ```
///
/// Immutable after construction, so `&Verifier` may be shared between threads. Its key state
/// is zeroized on drop; its `Debug` output never shows it.
#[derive(Clone)]
pub struct Verifier {
    key: HmacKey,
}

impl Verifier {
    /// Checks `secret` against the signing rules and keys HMAC-SHA256 with its raw bytes.
    ///
    /// # Errors
    /// [`Error::Secret`] for a secret that breaks the rules.
    pub fn new(secret: impl AsRef<[u8]>) -> Result<Self, Error> {
        let secret = secret.as_ref();
        check_secret_ct(secret)?;
        let mut verifier = Self {
            key: HmacKey::EMPTY,
        };
        verifier.key.set_key(secret);
        Ok(verifier)
    }

    /// Builds the verifier inside `slot`, where it will live, and returns it; on error `slot`
    /// is `None`. Whatever `slot` held before is dropped (and so wiped) first.
    ///
    /// As [`new`](Verifier::new), for callers that must not leave key material behind in
    /// moved-from stack (see [`Signer::new_in`](crate::Signer::new_in)); the C ABI's
    /// `meshes_verifier_init` builds the verifier in the caller's struct this way.
    ///
    /// # Errors
    /// As [`new`](Verifier::new).
    pub fn new_in(slot: &mut Option<Self>, secret: impl AsRef<[u8]>) -> Result<&Self, Error> {
        let secret = secret.as_ref();
        *slot = None;
        check_secret_ct(secret)?;
        let verifier = slot.insert(Self {
            key: HmacKey::EMPTY,
        });
        verifier.key.set_key(secret);
        Ok(verifier)
    }

    /// Verifies `token` at `now` (seconds since the Unix epoch) with `leeway` seconds of
    /// clock skew tolerated, exactly as [`crate::verify`] does with this verifier's secret.
    /// No heap allocation.
    ///
    /// # Errors
    /// Those of [`crate::verify`] after [`Error::Secret`], in the same order: [`Error::Leeway`],
    /// [`Error::Malformed`], [`Error::Algorithm`], [`Error::Claims`], [`Error::Signature`],
    /// [`Error::Malformed`] (payload), [`Error::Claims`], [`Error::Expired`],
    /// [`Error::NotYetValid`].
    pub fn verify(&self, token: impl AsRef<[u8]>, now: u64, leeway: u32) -> Result<Claims, Error> {
        if leeway > MAX_LEEWAY {
            return Err(Error::Leeway);
        }
        verify_keyed(token.as_ref(), Key::Keyed(&self.key), now, leeway)
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl Drop for Verifier {
    fn drop(&mut self) {
        self.key.zeroize();
    }
}

impl ZeroizeOnDrop for Verifier {}
