//! `Failure`: why a command failed, which decides its exit status and its message.

use std::fmt;
use std::process::ExitCode;

/// Exit status for an invalid input or token.
pub(crate) const EXIT_INVALID: u8 = 1;
/// Exit status for a usage error; clap uses the same for its own.
pub(crate) const EXIT_USAGE: u8 = 2;

/// Why a command failed. The message never holds a secret, nor a token built from a bad
/// input; it may span several lines, each printed as its own `error:` line.
#[derive(Debug)]
pub(crate) enum Failure {
    /// A credential breaks a rule, a token does not verify or decode, a file cannot be read:
    /// exit status 1.
    Invalid(String),
    /// The command cannot run as called: a credential is missing, or standard input is asked
    /// for twice. Exit status 2, as for clap's own usage errors.
    Usage(String),
}

impl Failure {
    /// An invalid value, prefixed with the variable or flag it came from, so that the message
    /// names the field at fault (`MESHES_ORG_ID: invalid org id: …`).
    pub(crate) fn field(source: &str, error: meshes_token_core::Error) -> Self {
        Self::Invalid(format!("{source}: {error}"))
    }

    /// The process exit status for this failure.
    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self {
            Self::Invalid(_) => EXIT_INVALID,
            Self::Usage(_) => EXIT_USAGE,
        })
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(message) | Self::Usage(message) => f.write_str(message),
        }
    }
}

/// The failure for a write to standard output that did not go through (a closed pipe, a full
/// disk).
pub(crate) fn stdout_failed(error: &std::io::Error) -> Failure {
    Failure::Invalid(format!("cannot write to standard output: {error}"))
}
