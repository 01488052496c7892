//! `meshes-token verify`: check a token with the core and say what is in it, or exactly why
//! it is refused.

use std::io::Write;

use meshes_token_core::{Claims, Error, unix_now, verify};

use crate::cli::VerifyArgs;
use crate::credentials::{self, Missing, SECRET_FILE_FLAG};
use crate::error::{Failure, stdout_failed};
use crate::{escape, token, utc};

/// Verifies the token and writes its claims to `out`: aligned lines, or one JSON object with
/// `--json`. An invalid token is a [`Failure::Invalid`] saying why.
pub(crate) fn run(args: VerifyArgs, out: &mut impl Write) -> Result<(), Failure> {
    let secret_from_stdin = args
        .secret
        .secret_file
        .as_deref()
        .is_some_and(credentials::is_stdin);
    if secret_from_stdin && token::is_stdin(args.token.as_ref()) {
        return Err(Failure::Usage(format!(
            "the token and {SECRET_FILE_FLAG} cannot both come from standard input: pass the token as an argument"
        )));
    }
    let secret = credentials::secret(&args.secret)?
        .ok_or_else(|| credentials::missing(&[Missing::SecretKey]))?;
    let token = token::read(args.token)?;
    let now = match args.now {
        Some(now) => now,
        None => unix_now().map_err(|error| Failure::Invalid(error.to_string()))?,
    };

    let claims = verify(&token, secret.bytes(), now, args.leeway).map_err(|error| match error {
        Error::Secret(_) => Failure::field(secret.source(), error),
        _ => Failure::Invalid(explain(error, &token, now, args.leeway)),
    })?;

    let text = if args.json {
        json(&claims, now)
    } else {
        human(&claims, now)
    };
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|error| stdout_failed(&error))
}

/// `exp − now`: negative while a token is accepted only thanks to the leeway.
fn expires_in(claims: &Claims, now: u64) -> i128 {
    i128::from(claims.expires_at()).saturating_sub(i128::from(now))
}

/// One line of JSON, keys in a fixed order; the values are validated ASCII, so no escaping.
fn json(claims: &Claims, now: u64) -> String {
    format!(
        "{{\"access_key\":\"{}\",\"org_id\":\"{}\",\"iat\":{},\"exp\":{},\"expires_in\":{}}}\n",
        claims.access_key(),
        claims.org_id(),
        claims.issued_at(),
        claims.expires_at(),
        expires_in(claims, now),
    )
}

fn human(claims: &Claims, now: u64) -> String {
    let date = |secs: u64| utc::rfc3339(secs).map_or_else(String::new, |d| format!(" ({d})"));
    format!(
        "token is valid\n\
         access key:   {}\n\
         org id:       {}\n\
         issued at:    {}{}\n\
         expires at:   {}{}\n\
         seconds left: {}\n",
        claims.access_key(),
        claims.org_id(),
        claims.issued_at(),
        date(claims.issued_at()),
        claims.expires_at(),
        date(claims.expires_at()),
        expires_in(claims, now),
    )
}

/// The core's reason, with the numbers that make it actionable where the core has none to
/// give: by how much a token expired or is early (read from the already-refused token,
/// which is safe to decode for a message), and which `alg` it claims.
fn explain(error: Error, token: &[u8], now: u64, leeway: u32) -> String {
    let leeway_note = if leeway == 0 {
        String::new()
    } else {
        format!("; leeway {leeway} s")
    };
    let extra = match error {
        Error::Expired => token::payload_u64(token, "exp")
            .map(|exp| format!(" (expired {} s ago{leeway_note})", now.saturating_sub(exp))),
        // Early by its `iat`, or else by its `nbf` (the core checks `iat` first).
        Error::NotYetValid => match token::payload_u64(token, "iat") {
            Some(iat) if iat.saturating_sub(now) > u64::from(leeway) => Some(format!(
                " (issued {} s in the future{leeway_note})",
                iat.saturating_sub(now)
            )),
            _ => token::payload_u64(token, "nbf").map(|nbf| {
                format!(
                    " (not valid before {} s from now{leeway_note})",
                    nbf.saturating_sub(now)
                )
            }),
        },
        Error::Signature => Some(String::from(
            " (signed with another secret, or changed after signing)",
        )),
        Error::Algorithm => token::header_str(token, "alg").map(|alg| {
            // Quoted as decode shows strings: a hostile token's control or bidi characters
            // reach the terminal only as \uXXXX escapes.
            format!(" (alg is {})", escape::json_string(&alg))
        }),
        _ => None,
    };
    format!("{error}{}", extra.unwrap_or_default())
}
