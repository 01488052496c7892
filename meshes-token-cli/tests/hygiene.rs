//! Secret hygiene around the command line: a secret file others can read is reported, and a
//! value typed in the wrong place is never echoed by a usage error.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{ACCESS_KEY, IAT, ORG_ID, SECRET, SENTINEL, TOKEN, TempFile, meshes_token};

/// `sign --iat IAT --secret-file <file>` with the example's key and org from the environment.
fn sign_with(file: &TempFile) -> common::Output {
    meshes_token(["sign", "--iat", &IAT.to_string(), "--secret-file"])
        .arg_os(file.arg())
        .env("MESHES_ACCESS_KEY", ACCESS_KEY)
        .env("MESHES_ORG_ID", ORG_ID)
        .env("MESHES_SECRET_KEY", SENTINEL)
        .run()
}

#[cfg(unix)]
#[test]
fn a_secret_file_others_can_access_is_used_with_a_warning_naming_its_mode() {
    for mode in [
        0o644, 0o640, 0o604, 0o660, 0o606, 0o666, 0o620, 0o602, 0o610, 0o601, 0o4644,
    ] {
        let file = TempFile::with_mode(format!("{SECRET}\n").as_bytes(), mode);
        let out = sign_with(&file);
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (
                0,
                format!("{TOKEN}\n").as_str(),
                format!(
                    "warning: --secret-file: the file's mode {mode:04o} lets group or others access the secret (chmod 600 it)\n"
                )
                .as_str()
            ),
            "mode {mode:o}"
        );
        out.assert_no_secret(SECRET);
        // verify reads the secret the same way.
        let out = meshes_token(["verify", "--now", &IAT.to_string(), "--secret-file"])
            .arg_os(file.arg())
            .arg_os(TOKEN)
            .run();
        assert_eq!(out.code, 0, "{out:#?}");
        assert!(
            out.stderr
                .starts_with("warning: --secret-file: the file's mode "),
            "{out:#?}"
        );
    }
    for mode in [0o600, 0o400, 0o700, 0o500] {
        let file = TempFile::with_mode(format!("{SECRET}\n").as_bytes(), mode);
        sign_with(&file).assert_ok(&format!("{TOKEN}\n"));
    }
    // Standard input has no mode to speak of.
    meshes_token(["sign", "--iat", &IAT.to_string(), "--secret-file", "-"])
        .env("MESHES_ACCESS_KEY", ACCESS_KEY)
        .env("MESHES_ORG_ID", ORG_ID)
        .stdin(format!("{SECRET}\n"))
        .run()
        .assert_ok(&format!("{TOKEN}\n"));
}

/// A value typed where none belongs (here the secret itself) is never repeated: the error
/// gives its position. A mistyped flag name is still named.
#[test]
fn usage_errors_never_echo_what_was_typed() {
    let iat = IAT.to_string();
    let cases: [(&[&str], &str); 10] = [
        (
            &["sign", SENTINEL],
            "error: unexpected argument in position 2 (not shown: it may be a secret)\n\nUsage: meshes-token sign [OPTIONS]\n",
        ),
        (
            &["sign", "--iat", &iat, SENTINEL],
            "error: unexpected argument in position 4 (not shown: it may be a secret)\n\nUsage: meshes-token sign [OPTIONS]\n",
        ),
        (
            &["verify", TOKEN, SENTINEL],
            "error: unexpected argument in position 3 (not shown: it may be a secret)\n\nUsage: meshes-token verify [OPTIONS] [TOKEN|-]\n",
        ),
        (
            &["decode", TOKEN, SENTINEL],
            "error: unexpected argument in position 3 (not shown: it may be a secret)\n\nUsage: meshes-token decode [TOKEN|-]\n",
        ),
        (
            &[SENTINEL],
            "error: unrecognized subcommand in position 1 (not shown: it may be a secret)\n\nUsage: meshes-token <COMMAND>\n",
        ),
        (
            &["sign", "--ttl", SENTINEL],
            "error: invalid value for '--ttl <SECONDS>' in position 3 (not shown: it may be a secret): invalid digit found in string\n",
        ),
        (
            &["sign", "--ttl=-SENTINEL-s3cr3t-Zq9vX2"],
            "error: invalid value for '--ttl <SECONDS>' in position 2 (not shown: it may be a secret): invalid digit found in string\n",
        ),
        (
            &["verify", "--leeway", SENTINEL, TOKEN],
            "error: invalid value for '--leeway <SECONDS>' in position 3 (not shown: it may be a secret): invalid digit found in string\n",
        ),
        (
            &["sign", "-SENTINEL-s3cr3t-Zq9vX2"],
            "error: unexpected argument in position 2 (not shown: it may be a secret)\n\nUsage: meshes-token sign [OPTIONS]\n",
        ),
        (
            &["sign", "--secret-fil", SENTINEL],
            "error: unexpected argument '--secret-fil' in position 2\n\n  tip: a similar argument exists: '--secret-file'\n\nUsage: meshes-token sign --secret-file <PATH|->\n",
        ),
    ];
    for (args, expected) in cases {
        let out = meshes_token(args).run();
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (
                2,
                "",
                format!("{expected}\nFor more information, try '--help'.\n").as_str()
            ),
            "{args:?}"
        );
        out.assert_no_secret("Zq9vX2");
    }
    // Errors with nothing typed to hide keep clap's wording.
    let out = meshes_token(["sign", "--ttl"]).run();
    assert_eq!(
        (out.code, out.stderr.as_str()),
        (
            2,
            "error: a value is required for '--ttl <SECONDS>' but none was supplied\n\nFor more information, try '--help'.\n"
        )
    );
}
