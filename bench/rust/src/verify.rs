//! The rival verifications of the reference token, each with what a gateway checks: the
//! signature, `aud`, `iss`, and the time claims against a fixed "now" (`iat + 1`).

use std::collections::HashSet;
use std::time::{SystemTime, UNIX_EPOCH};

use jwt_simple::prelude::{Duration, HS256Key, MACLike, UnixTimeStamp, VerificationOptions};

use crate::inputs::{ACCESS_KEY, AUDIENCE, IAT, ISSUER, SECRET};
use crate::mint::{JwtClaims, Org};

/// What every verifier returned, by JWT claim name, for the harness's check.
pub type Verified = serde_json::Value;

/// `jsonwebtoken::decode` into an owned claims struct, HS256 only, `aud` and `iss` validated,
/// `exp` checked. The crate reads the clock itself, so the leeway is set to the time since
/// `iat` (a token of 2026 stays valid) and `exp` is still compared on every call.
pub struct JsonWebToken {
    key: jsonwebtoken::DecodingKey,
    validation: jsonwebtoken::Validation,
}

impl JsonWebToken {
    /// The key and the validation, made once.
    pub fn new() -> Self {
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        validation.leeway = now.saturating_sub(IAT);
        Self {
            key: jsonwebtoken::DecodingKey::from_secret(SECRET.as_bytes()),
            validation,
        }
    }

    /// Verify and decode.
    pub fn verify(&self, token: &str) -> Result<JwtClaims<String>, jsonwebtoken::errors::Error> {
        jsonwebtoken::decode::<JwtClaims<String>>(token, &self.key, &self.validation)
            .map(|d| d.claims)
    }

    /// The claims returned for `token`, or None if refused.
    pub fn report(&self, token: &str) -> Option<Verified> {
        let c = self.verify(token).ok()?;
        Some(
            serde_json::json!({"iss": c.iss, "aud": c.aud, "org": c.org, "iat": c.iat, "exp": c.exp}),
        )
    }
}

impl Default for JsonWebToken {
    fn default() -> Self {
        Self::new()
    }
}

/// `jwt-simple`'s `verify_token` with the key id, issuer and audience required and the time
/// given (`artificial_time`), no tolerance.
pub struct JwtSimple {
    options: VerificationOptions,
}

impl JwtSimple {
    /// The options, made once.
    pub fn new() -> Self {
        let options = VerificationOptions {
            required_key_id: Some(ACCESS_KEY.to_owned()),
            allowed_issuers: Some(HashSet::from([ISSUER.to_owned()])),
            allowed_audiences: Some(HashSet::from([AUDIENCE.to_owned()])),
            artificial_time: Some(UnixTimeStamp::from_secs(IAT + 1)),
            time_tolerance: Some(Duration::from_secs(0)),
            ..VerificationOptions::default()
        };
        Self { options }
    }

    /// Verify and decode.
    pub fn verify(
        &self,
        key: &HS256Key,
        token: &str,
    ) -> Option<jwt_simple::prelude::JWTClaims<Org>> {
        key.verify_token::<Org>(token, Some(self.options.clone()))
            .ok()
    }

    /// The claims returned for `token`, or None if refused.
    pub fn report(&self, key: &HS256Key, token: &str) -> Option<Verified> {
        let c = self.verify(key, token)?;
        Some(serde_json::json!({
            "iss": c.issuer?,
            "org": c.custom.org,
            "iat": c.issued_at?.as_secs(),
            "exp": c.expires_at?.as_secs(),
        }))
    }
}

impl Default for JwtSimple {
    fn default() -> Self {
        Self::new()
    }
}
