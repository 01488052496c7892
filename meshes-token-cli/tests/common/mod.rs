//! Running the real `meshes-token` binary, and reading the shared conformance vectors.
#![allow(
    dead_code,
    unreachable_pub,
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

/// The known-answer example of the core's README and the vectors.
pub const ACCESS_KEY: &str = "AK7f3kQ9mZ2pL8xR4tV6";
pub const ORG_ID: &str = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
pub const SECRET: &str = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
pub const IAT: u64 = 1_767_225_600;
pub const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFLN2Yza1E5bVoycEw4eFI0dFY2In0.eyJpc3MiOiJ1cm46bWVzaGVzOm0ybTpBSzdmM2tROW1aMnBMOHhSNHRWNiIsImF1ZCI6Im1lc2hlcy1hcGkiLCJvcmciOiIzZjZjMmE5ZS04YjFkLTRlN2EtOWMyZi01ZDhlMWE3YjRjNjAiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6MTc2NzIyNTYzMH0.9_BgmO6NbzN3slwudGDyUs8El62p1EgJw4maDWLku5w";

/// A secret that appears nowhere else: every failing run asserts it is absent from the output.
pub const SENTINEL: &str = "SENTINEL-s3cr3t-Zq9vX2";

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A `meshes-token` invocation with no `MESHES_*` variable from the developer's environment.
pub struct Run {
    command: Command,
    stdin: Vec<u8>,
}

pub fn meshes_token<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_meshes-token"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("MESHES_") {
            command.env_remove(name);
        }
    }
    command.args(args.into_iter().map(Into::into));
    Run {
        command,
        stdin: Vec::new(),
    }
}

impl Run {
    pub fn arg_os(mut self, arg: impl Into<OsString>) -> Self {
        self.command.arg(arg.into());
        self
    }

    pub fn env(mut self, name: &str, value: impl Into<OsString>) -> Self {
        self.command.env(name, value.into());
        self
    }

    /// The three credentials of the example, from the environment.
    pub fn example_env(self) -> Self {
        self.env("MESHES_ACCESS_KEY", ACCESS_KEY)
            .env("MESHES_ORG_ID", ORG_ID)
            .env("MESHES_SECRET_KEY", SECRET)
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.stdin = input.into();
        self
    }

    /// Runs it to the end; standard input is always a pipe (empty unless set), never the
    /// terminal the tests run in.
    pub fn run(mut self) -> Output {
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn meshes-token");
        let mut pipe = child.stdin.take().unwrap();
        let input = std::mem::take(&mut self.stdin);
        let writer = std::thread::spawn(move || {
            // The binary may exit without reading (a usage error): a broken pipe is fine.
            let _ = pipe.write_all(&input);
        });
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap();
        Output {
            code: output
                .status
                .code()
                .expect("exited, not killed by a signal"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }
}

impl Output {
    /// Exit 0, exactly `stdout`, nothing on standard error.
    #[track_caller]
    pub fn assert_ok(&self, stdout: &str) {
        assert_eq!(
            (self.code, self.stdout.as_str(), self.stderr.as_str()),
            (0, stdout, ""),
            "{self:#?}"
        );
    }

    /// Exit `code`, nothing on standard output, `error: <expected>…` on standard error, and
    /// `secret` nowhere.
    #[track_caller]
    pub fn assert_failed(&self, code: i32, expected: &str, secret: &str) {
        assert_eq!(self.code, code, "{self:#?}");
        assert_eq!(self.stdout, "", "{self:#?}");
        assert!(
            self.stderr.starts_with(&format!("error: {expected}")),
            "stderr should start with `error: {expected}`: {self:#?}"
        );
        self.assert_no_secret(secret);
    }

    #[track_caller]
    pub fn assert_no_secret(&self, secret: &str) {
        if !secret.is_empty() {
            assert!(!self.stderr.contains(secret), "secret in stderr: {self:#?}");
            assert!(!self.stdout.contains(secret), "secret in stdout: {self:#?}");
        }
    }
}

/// The `vectors` array of `tests/vectors/<file>`.
pub fn vectors(file: &str) -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/").to_owned() + file;
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    json["vectors"].as_array().expect("a vectors array").clone()
}

/// A string field of a vector.
pub fn s<'v>(vector: &'v Value, field: &str) -> &'v str {
    vector[field]
        .as_str()
        .unwrap_or_else(|| panic!("{}: no string {field}", vector["name"]))
}

/// An integer field of a vector.
pub fn n(vector: &Value, field: &str) -> u64 {
    vector[field]
        .as_u64()
        .unwrap_or_else(|| panic!("{}: no integer {field}", vector["name"]))
}

/// A file under the target's scratch folder holding `contents`, removed on drop.
pub struct TempFile(pub PathBuf);

impl TempFile {
    /// A file only its owner can read and write (0600), as a secret file should be.
    pub fn new(contents: &[u8]) -> Self {
        Self::with_mode(contents, 0o600)
    }

    /// A file with permission bits `mode` (on Unix; elsewhere the default).
    pub fn with_mode(contents: &[u8], mode: u32) -> Self {
        let file = Self::create(contents);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file.0, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        #[cfg(not(unix))]
        let _ = mode;
        file
    }

    fn create(contents: &[u8]) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "meshes-token-cli-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&path, contents).unwrap();
        Self(path)
    }

    pub fn arg(&self) -> OsString {
        self.0.clone().into_os_string()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// The JSON payload of a token, decoded here (not by the binary under test).
pub fn payload(token: &str) -> Value {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let segment = token.split('.').nth(1).expect("a payload segment");
    let mut buf = vec![0u8; segment.len()];
    let bytes = Base64UrlUnpadded::decode(segment, &mut buf).expect("base64url");
    serde_json::from_slice(bytes).expect("JSON")
}
