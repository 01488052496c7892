//! The command line, as clap definitions. Doc comments here are the `--help` text.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use meshes_token_core::DEFAULT_TTL;

const ABOUT_EXAMPLES: &str = "\
Examples:
  export MESHES_ACCESS_KEY=... MESHES_SECRET_KEY=... MESHES_ORG_ID=...
  curl -H \"Authorization: Bearer $(meshes-token sign)\" \"$URL\"
  meshes-token sign | meshes-token verify
  meshes-token decode \"$TOKEN\"

Exit status: 0 on success, 1 for an invalid input or token, 2 for a usage error.";

const SIGN_EXAMPLES: &str = "\
Examples:
  export MESHES_ACCESS_KEY=... MESHES_SECRET_KEY=... MESHES_ORG_ID=...
  curl -H \"Authorization: Bearer $(meshes-token sign)\" \"$URL\"
  curl -H \"$(meshes-token sign --header --ttl 60)\" \"$URL\"
  meshes-token sign --secret-file /run/secrets/meshes --org-id 3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";

const VERIFY_EXAMPLES: &str = "\
Examples:
  meshes-token verify \"$TOKEN\"
  meshes-token sign | meshes-token verify --json
  echo \"Authorization: Bearer $TOKEN\" | meshes-token verify --leeway 5
  meshes-token verify --now 1767225610 --secret-file secret.txt \"$TOKEN\"";

const DECODE_EXAMPLES: &str = "\
Examples:
  meshes-token decode \"$TOKEN\"
  pbpaste | meshes-token decode
  meshes-token decode \"$TOKEN\" 2>/dev/null | jq .payload.exp";

/// Mint, verify and decode Meshes machine tokens (short-lived HS256 JWTs).
///
/// Credentials come from MESHES_ACCESS_KEY, MESHES_SECRET_KEY and MESHES_ORG_ID.
#[derive(Debug, Parser)]
#[command(name = "meshes-token", version, after_help = ABOUT_EXAMPLES)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Mint a token and print it
    ///
    /// Reads MESHES_ACCESS_KEY, MESHES_SECRET_KEY and MESHES_ORG_ID; --access-key and
    /// --org-id override the variables. The secret is never a flag value (it would show in
    /// `ps` and in shell history): use the variable or --secret-file.
    #[command(after_help = SIGN_EXAMPLES)]
    Sign(SignArgs),
    /// Verify a token and print its claims
    ///
    /// Checks the signature with MESHES_SECRET_KEY (or --secret-file), the Meshes claims and
    /// the lifetime. Exit status 1 with the reason when the token is not valid.
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
    /// Print a token's header and payload without verifying it
    ///
    /// For debugging a token someone pasted: the JSON is shown as the token holds it (key
    /// order, duplicates, numbers), strings decoded with control, bidi and other invisible
    /// characters as \uXXXX escapes; standard error says that the signature was not checked.
    #[command(after_help = DECODE_EXAMPLES)]
    Decode(DecodeArgs),
}

/// Arguments of `meshes-token sign`.
#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// Access key [default: $MESHES_ACCESS_KEY]
    // Hyphen values allowed: `-._` is a valid access key, `-acme` an org id worth a clear
    // "starts with '-'" rather than "unexpected argument".
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    pub(crate) access_key: Option<OsString>,
    /// Org id, a lowercase UUID [default: $MESHES_ORG_ID]
    #[arg(long, value_name = "ORG", allow_hyphen_values = true)]
    pub(crate) org_id: Option<OsString>,
    /// Where the secret comes from.
    #[command(flatten)]
    pub(crate) secret: SecretArgs,
    /// Seconds until the token expires, 1 to 60
    #[arg(long, value_name = "SECONDS", default_value_t = u64::from(DEFAULT_TTL))]
    pub(crate) ttl: u64,
    /// Issue time in seconds since the Unix epoch [default: now]
    #[arg(long, value_name = "SECONDS")]
    pub(crate) iat: Option<u64>,
    /// Print 'Authorization: Bearer <token>' instead of the bare token
    #[arg(long)]
    pub(crate) header: bool,
}

/// The secret's source, shared by `sign` and `verify`.
#[derive(Args)]
pub(crate) struct SecretArgs {
    /// Read the secret from this file, or '-' for standard input, instead of
    /// $MESHES_SECRET_KEY (exactly one trailing newline is removed; a warning if group or
    /// others may read the file)
    #[arg(long, value_name = "PATH|-")]
    pub(crate) secret_file: Option<PathBuf>,
    /// Not an option: caught only to refuse it with a clear message, since a secret given
    /// as a flag value shows in `ps` and in shell history.
    #[arg(long, hide = true, alias = "secret-key", value_name = "SECRET")]
    pub(crate) secret: Option<OsString>,
}

impl fmt::Debug for SecretArgs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretArgs")
            .field("secret_file", &self.secret_file)
            .field("secret", &self.secret.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Arguments of `meshes-token verify`.
#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// The token, or '-' (the default) to read it from standard input; surrounding white
    /// space and a 'Bearer ' or 'Authorization: Bearer ' prefix are ignored
    #[arg(value_name = "TOKEN|-")]
    pub(crate) token: Option<OsString>,
    /// Where the secret comes from.
    #[command(flatten)]
    pub(crate) secret: SecretArgs,
    /// Verify as if the time were this many seconds since the Unix epoch [default: now]
    #[arg(long, value_name = "SECONDS")]
    pub(crate) now: Option<u64>,
    /// Clock skew to tolerate, in seconds, on both ends of the lifetime
    #[arg(long, value_name = "SECONDS", default_value_t = 0)]
    pub(crate) leeway: u32,
    /// Print the claims as one JSON object: access_key, org_id, iat, exp, expires_in
    #[arg(long)]
    pub(crate) json: bool,
}

/// Arguments of `meshes-token decode`.
#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    /// The token, or '-' (the default) to read it from standard input; surrounding white
    /// space and a 'Bearer ' or 'Authorization: Bearer ' prefix are ignored
    #[arg(value_name = "TOKEN|-")]
    pub(crate) token: Option<OsString>,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn definitions_are_consistent() {
        super::Cli::command().debug_assert();
    }
}
