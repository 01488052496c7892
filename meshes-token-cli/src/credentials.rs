//! Where credentials come from: the `MESHES_*` environment variables (the names the Meshes
//! docs and SDKs use), the `--access-key` and `--org-id` flags, and `--secret-file`.
//!
//! The secret is never a flag value: it would show in `ps` and in shell history.

use std::ffi::OsString;
use std::fmt;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

use meshes_token_core::MAX_SECRET_LEN;
use zeroize::Zeroizing;

use crate::cli::SecretArgs;
use crate::error::Failure;

/// Variable holding the access key.
pub(crate) const ACCESS_KEY_VAR: &str = "MESHES_ACCESS_KEY";
/// Variable holding the secret.
pub(crate) const SECRET_KEY_VAR: &str = "MESHES_SECRET_KEY";
/// Variable holding the org id.
pub(crate) const ORG_ID_VAR: &str = "MESHES_ORG_ID";
/// Flag overriding [`ACCESS_KEY_VAR`].
pub(crate) const ACCESS_KEY_FLAG: &str = "--access-key";
/// Flag overriding [`ORG_ID_VAR`].
pub(crate) const ORG_ID_FLAG: &str = "--org-id";
/// Flag naming a file (or `-`) to read the secret from instead of [`SECRET_KEY_VAR`].
pub(crate) const SECRET_FILE_FLAG: &str = "--secret-file";

/// Bytes read from a secret file at most: the longest secret plus a `\r\n`, plus one byte so
/// that a longer file still fails the length rule instead of being cut to fit.
const SECRET_READ_LIMIT: usize = MAX_SECRET_LEN + 3;

/// An access key or org id, and the variable or flag it came from (which errors name).
#[derive(Debug)]
pub(crate) struct Credential {
    /// The value as given, not yet validated.
    pub(crate) bytes: Vec<u8>,
    /// `MESHES_ACCESS_KEY`, `--org-id`, …
    pub(crate) source: &'static str,
}

/// The secret, and the variable or flag it came from. Wiped on drop; `Debug` never shows it.
pub(crate) struct Secret {
    bytes: Zeroizing<Vec<u8>>,
    source: &'static str,
}

impl Secret {
    /// The secret's raw bytes, not yet validated.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// `MESHES_SECRET_KEY` or `--secret-file`.
    pub(crate) const fn source(&self) -> &'static str {
        self.source
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("bytes", &"<redacted>")
            .field("source", &self.source)
            .finish()
    }
}

/// A credential set neither in the environment nor on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Missing {
    /// No `--access-key` and no `MESHES_ACCESS_KEY`.
    AccessKey,
    /// No `--secret-file` and no `MESHES_SECRET_KEY`.
    SecretKey,
    /// No `--org-id` and no `MESHES_ORG_ID`.
    OrgId,
}

impl Missing {
    /// Which variable is missing and how to set it.
    const fn hint(self) -> &'static str {
        match self {
            Self::AccessKey => {
                "MESHES_ACCESS_KEY is not set: export MESHES_ACCESS_KEY=<access key>, or pass --access-key <KEY>"
            }
            Self::SecretKey => {
                "MESHES_SECRET_KEY is not set: export MESHES_SECRET_KEY=<secret>, or pass --secret-file <PATH> (- for standard input)"
            }
            Self::OrgId => {
                "MESHES_ORG_ID is not set: export MESHES_ORG_ID=<org id>, or pass --org-id <ORG>"
            }
        }
    }
}

/// The usage error for the credentials that are missing, one line each.
pub(crate) fn missing(list: &[Missing]) -> Failure {
    let lines: Vec<&str> = list.iter().map(|m| m.hint()).collect();
    Failure::Usage(lines.join("\n"))
}

/// The access key: `--access-key` if given, else `MESHES_ACCESS_KEY`, else `None`.
pub(crate) fn access_key(flag: Option<OsString>) -> Result<Option<Credential>, Failure> {
    flag_or_env(flag, ACCESS_KEY_FLAG, ACCESS_KEY_VAR)
}

/// The org id: `--org-id` if given, else `MESHES_ORG_ID`, else `None`.
pub(crate) fn org_id(flag: Option<OsString>) -> Result<Option<Credential>, Failure> {
    flag_or_env(flag, ORG_ID_FLAG, ORG_ID_VAR)
}

fn flag_or_env(
    flag: Option<OsString>,
    flag_name: &'static str,
    var: &'static str,
) -> Result<Option<Credential>, Failure> {
    let (value, source) = match flag {
        Some(value) => (value, flag_name),
        None => match std::env::var_os(var) {
            Some(value) => (value, var),
            None => return Ok(None),
        },
    };
    Ok(Some(Credential {
        bytes: os_bytes(value, source)?,
        source,
    }))
}

/// The secret: read from `--secret-file` if given (a path, or `-` for standard input), else
/// `MESHES_SECRET_KEY`, else `None`.
///
/// From a file exactly one trailing `\n` or `\r\n` is removed, and nothing else: any other
/// white space stays and fails the secret rules, rather than silently signing with a secret
/// the server does not know.
///
/// A secret given as `--secret` is refused with a usage error that does not repeat it.
pub(crate) fn secret(args: &SecretArgs) -> Result<Option<Secret>, Failure> {
    if args.secret.is_some() {
        return Err(Failure::Usage(format!(
            "the secret is never taken as a flag value (it would show in `ps` and in shell history): export {SECRET_KEY_VAR}, or pass {SECRET_FILE_FLAG} <PATH> (- for standard input)"
        )));
    }
    if let Some(path) = args.secret_file.as_deref() {
        return Ok(Some(Secret {
            bytes: read_secret_file(path)?,
            source: SECRET_FILE_FLAG,
        }));
    }
    match std::env::var_os(SECRET_KEY_VAR) {
        Some(value) => Ok(Some(Secret {
            bytes: Zeroizing::new(os_bytes(value, SECRET_KEY_VAR)?),
            source: SECRET_KEY_VAR,
        })),
        None => Ok(None),
    }
}

/// Whether a `--secret-file` value means standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

fn read_secret_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, Failure> {
    // Room for the whole read up front, so that no reallocation leaves a copy behind unwiped.
    let mut bytes = Zeroizing::new(Vec::with_capacity(SECRET_READ_LIMIT.saturating_add(64)));
    let limit = u64::try_from(SECRET_READ_LIMIT).unwrap_or(u64::MAX);
    let read = if is_stdin(path) {
        io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        File::open(path).and_then(|file| {
            warn_if_shared(&file);
            file.take(limit).read_to_end(&mut bytes)
        })
    };
    // The path is not repeated: a secret pasted where the path belongs must not be echoed.
    read.map_err(|error| Failure::Invalid(format!("{SECRET_FILE_FLAG}: cannot read: {error}")))?;
    strip_one_newline(&mut bytes);
    Ok(bytes)
}

/// Warns on standard error, naming the mode, when a regular secret file grants any access to
/// group or others (as OpenSSH does for private keys). Only a warning: mounted secrets
/// (Kubernetes, Docker) are often 0644 inside a container that nobody else uses.
fn warn_if_shared(file: &File) {
    if let Some(mode) = shared_mode(file) {
        // A warning that cannot be written changes nothing.
        let _ = writeln!(
            io::stderr(),
            "warning: {SECRET_FILE_FLAG}: the file's mode {mode:04o} lets group or others access the secret (chmod 600 it)"
        );
    }
}

/// The permission bits of a regular file that group or others may access, else `None`.
#[cfg(unix)]
fn shared_mode(file: &File) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = file.metadata().ok()?;
    let mode = metadata.permissions().mode() & 0o7777;
    (metadata.is_file() && mode & 0o077 != 0).then_some(mode)
}

/// Windows has no group and other bits to check.
#[cfg(not(unix))]
fn shared_mode(_file: &File) -> Option<u32> {
    None
}

/// Removes exactly one trailing `\n` or `\r\n`, and nothing else.
pub(crate) fn strip_one_newline(bytes: &mut Vec<u8>) {
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
        if bytes.last() == Some(&b'\r') {
            bytes.pop();
        }
    }
}

/// The bytes of a command-line argument or environment value. On Unix these are the raw
/// bytes, so the core's rules (not a UTF-8 check here) decide; elsewhere the value must be
/// Unicode.
pub(crate) fn os_bytes(value: OsString, source: &str) -> Result<Vec<u8>, Failure> {
    #[cfg(unix)]
    {
        let _ = source;
        Ok(std::os::unix::ffi::OsStringExt::into_vec(value))
    }
    #[cfg(not(unix))]
    {
        value
            .into_string()
            .map(String::into_bytes)
            .map_err(|_| Failure::Invalid(format!("{source}: is not valid Unicode")))
    }
}

#[cfg(test)]
mod tests {
    use super::strip_one_newline;

    fn stripped(input: &[u8]) -> Vec<u8> {
        let mut bytes = input.to_vec();
        strip_one_newline(&mut bytes);
        bytes
    }

    #[test]
    fn removes_exactly_one_line_ending() {
        assert_eq!(stripped(b"abc\n"), b"abc");
        assert_eq!(stripped(b"abc\r\n"), b"abc");
        assert_eq!(stripped(b"abc\n\n"), b"abc\n");
        assert_eq!(stripped(b"abc\r"), b"abc\r");
        assert_eq!(stripped(b"abc \n"), b"abc ");
        assert_eq!(stripped(b"\n"), b"");
        assert_eq!(stripped(b""), b"");
    }
}
