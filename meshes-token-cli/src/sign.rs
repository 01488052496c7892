//! `meshes-token sign`: mint a token from the environment (or flags) and print it.

use std::io::Write;

use meshes_token_core::{Error, MAX_TOKEN_LEN, Signer, unix_now};

use crate::cli::SignArgs;
use crate::credentials::{self, Missing};
use crate::error::{Failure, stdout_failed};

/// Mints one token and writes it, or `Authorization: Bearer <token>` with `--header`, and a
/// newline to `out`. Nothing is written unless every input is valid.
pub(crate) fn run(args: SignArgs, out: &mut impl Write) -> Result<(), Failure> {
    let access_key = credentials::access_key(args.access_key)?;
    let secret = credentials::secret(&args.secret)?;
    let org_id = credentials::org_id(args.org_id)?;
    let (Some(access_key), Some(secret), Some(org_id)) = (&access_key, &secret, &org_id) else {
        let missing = [
            access_key.is_none().then_some(Missing::AccessKey),
            secret.is_none().then_some(Missing::SecretKey),
            org_id.is_none().then_some(Missing::OrgId),
        ];
        return Err(credentials::missing(
            &missing.into_iter().flatten().collect::<Vec<_>>(),
        ));
    };

    let signer =
        Signer::new(&access_key.bytes, secret.bytes(), &org_id.bytes).map_err(|error| {
            let source = match error {
                Error::AccessKey(_) => access_key.source,
                Error::Secret(_) => secret.source(),
                Error::OrgId(_) => org_id.source,
                _ => return Failure::Invalid(error.to_string()),
            };
            Failure::field(source, error)
        })?;

    // A ttl beyond u32 is as out of range as 61: let the core's rule say so (exit 1), rather
    // than clap's number parser (exit 2).
    let ttl = u32::try_from(args.ttl).unwrap_or(u32::MAX);
    let iat = match args.iat {
        Some(iat) => iat,
        None => unix_now().map_err(|error| Failure::Invalid(error.to_string()))?,
    };
    let mut buf = [0u8; MAX_TOKEN_LEN];
    let token = signer
        .sign(iat, ttl, &mut buf)
        .map_err(|error| match error {
            Error::Ttl => Failure::field("--ttl", error),
            Error::Time if args.iat.is_some() => Failure::field("--iat", error),
            _ => Failure::Invalid(error.to_string()),
        })?;

    let line = if args.header {
        format!("Authorization: Bearer {token}\n")
    } else {
        format!("{token}\n")
    };
    out.write_all(line.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|error| stdout_failed(&error))
}
