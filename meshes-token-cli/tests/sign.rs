//! `meshes-token sign`, run as a process: known answers, the clock, secret files, and every
//! invalid input named by its variable or flag.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::{
    ACCESS_KEY, IAT, ORG_ID, SECRET, SENTINEL, TOKEN, TempFile, meshes_token, n, payload, s,
    vectors,
};
use meshes_token_core::Error;

#[test]
fn reproduces_the_reference_token_of_every_vector() {
    let vectors = vectors("tokens.json");
    assert!(
        vectors.len() >= 30,
        "tokens.json has {} vectors",
        vectors.len()
    );
    for v in &vectors {
        let expected = format!("{}\n", s(&v["tokens"], "jsonwebtoken"));
        let ttl = n(v, "ttl").to_string();
        meshes_token(["sign", "--iat", s(v, "iat_str"), "--ttl", &ttl])
            .env("MESHES_ACCESS_KEY", s(v, "access_key"))
            .env("MESHES_SECRET_KEY", s(v, "secret"))
            .env("MESHES_ORG_ID", s(v, "org_id"))
            .run()
            .assert_ok(&expected);
    }
}

#[test]
fn the_known_answer_from_flags_a_file_and_the_header_form() {
    let iat = IAT.to_string();
    meshes_token(["sign", "--iat", &iat])
        .example_env()
        .run()
        .assert_ok(&format!("{TOKEN}\n"));
    meshes_token(["sign", "--iat", &iat, "--header"])
        .example_env()
        .run()
        .assert_ok(&format!("Authorization: Bearer {TOKEN}\n"));

    // A value may start with '-' ("-._" is a valid access key).
    meshes_token(["sign", "--iat", "1767225600", "--access-key", "-._"])
        .example_env()
        .run()
        .assert_ok(&format!(
            "{}\n",
            vectors("tokens.json")
                .iter()
                .find(|v| v["name"] == "key_only_punctuation")
                .map(|v| s(&v["tokens"], "jsonwebtoken").to_owned())
                .unwrap()
        ));

    // Flags win over the variables, which here would be rejected.
    let file = TempFile::new(format!("{SECRET}\n").as_bytes());
    meshes_token([
        "sign",
        "--iat",
        &iat,
        "--access-key",
        ACCESS_KEY,
        "--org-id",
        ORG_ID,
    ])
    .arg_os("--secret-file")
    .arg_os(file.arg())
    .env("MESHES_ACCESS_KEY", "bad key")
    .env("MESHES_ORG_ID", "BAD")
    .env("MESHES_SECRET_KEY", "bad secret")
    .run()
    .assert_ok(&format!("{TOKEN}\n"));
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[test]
fn without_iat_the_token_is_issued_now_for_the_ttl() {
    for (args, ttl) in [(&["sign"][..], 30), (&["sign", "--ttl", "45"][..], 45)] {
        let out = meshes_token(args).example_env().run();
        let now = unix_now();
        assert_eq!((out.code, out.stderr.as_str()), (0, ""), "{out:#?}");
        let token = out.stdout.strip_suffix('\n').expect("one line");
        let claims = payload(token);
        let iat = claims["iat"].as_u64().unwrap();
        let exp = claims["exp"].as_u64().unwrap();
        assert_eq!(exp - iat, ttl, "{claims}");
        assert!(
            iat.abs_diff(now) <= 2,
            "iat {iat} is not within 2 s of {now}"
        );
        assert_eq!(claims["org"], ORG_ID);
    }
}

#[test]
fn secret_file_with_lf_crlf_none_and_stdin_give_the_same_token() {
    let iat = IAT.to_string();
    let expected = format!("{TOKEN}\n");
    for contents in [
        format!("{SECRET}\n"),
        format!("{SECRET}\r\n"),
        SECRET.to_owned(),
    ] {
        let file = TempFile::new(contents.as_bytes());
        meshes_token([
            "sign",
            "--iat",
            &iat,
            "--access-key",
            ACCESS_KEY,
            "--org-id",
            ORG_ID,
        ])
        .arg_os("--secret-file")
        .arg_os(file.arg())
        .run()
        .assert_ok(&expected);
    }
    for stdin in [format!("{SECRET}\n"), format!("{SECRET}\r\n")] {
        meshes_token(["sign", "--iat", &iat, "--secret-file", "-"])
            .env("MESHES_ACCESS_KEY", ACCESS_KEY)
            .env("MESHES_ORG_ID", ORG_ID)
            .stdin(stdin)
            .run()
            .assert_ok(&expected);
    }
}

#[test]
fn only_one_line_ending_is_removed_and_a_trailing_space_is_rejected() {
    let secret_error = format!("invalid secret: {}", "secret contains");
    for contents in [
        format!("{SECRET}\n\n"),
        format!("{SECRET}\n\r\n"),
        format!("{SECRET}\r"),
        format!("{SECRET} \n"),
        format!("{SECRET} "),
        format!(" {SECRET}\n"),
    ] {
        let file = TempFile::new(contents.as_bytes());
        meshes_token(["sign", "--secret-file"])
            .arg_os(file.arg())
            .example_env()
            .env("MESHES_SECRET_KEY", SENTINEL)
            .run()
            .assert_failed(1, &format!("--secret-file: {secret_error}"), SECRET);
        meshes_token(["sign", "--secret-file", "-"])
            .example_env()
            .stdin(contents.clone())
            .run()
            .assert_failed(1, &format!("--secret-file: {secret_error}"), SECRET);
    }
    let trailing_space = format!("{SECRET} ");
    meshes_token(["sign"])
        .example_env()
        .env("MESHES_SECRET_KEY", &trailing_space)
        .run()
        .assert_failed(
            1,
            "MESHES_SECRET_KEY: invalid secret: secret contains white space or an ASCII control character",
            SECRET,
        );
}

/// The variable (from the environment) and the flag (from the command line) that an invalid
/// vector's `error` is about, and the core's message for it.
fn field(error: &str) -> (&'static str, &'static str, &'static str) {
    match error {
        "ACCESS_KEY" => (
            "MESHES_ACCESS_KEY",
            "--access-key",
            Error::AccessKey("").message(),
        ),
        "SECRET" => (
            "MESHES_SECRET_KEY",
            "--secret-file",
            Error::Secret("").message(),
        ),
        "ORG_ID" => ("MESHES_ORG_ID", "--org-id", Error::OrgId("").message()),
        "TTL" => ("--ttl", "--ttl", Error::Ttl.message()),
        "TIME" => ("--iat", "--iat", Error::Time.message()),
        other => panic!("unknown error {other}"),
    }
}

#[test]
fn every_invalid_input_fails_naming_its_variable_or_flag() {
    let vectors = vectors("sign_invalid.json");
    assert!(
        vectors.len() >= 30,
        "sign_invalid.json has {} vectors",
        vectors.len()
    );
    let mut skipped = Vec::new();
    for v in &vectors {
        let (access_key, org_id, secret) = (s(v, "access_key"), s(v, "org_id"), s(v, "secret"));
        // NUL cannot be passed on a command line or in the environment at all.
        if access_key.contains('\0') || org_id.contains('\0') {
            skipped.push(s(v, "name"));
            continue;
        }
        let (var, flag, message) = field(s(v, "error"));
        let ttl = n(v, "ttl").to_string();
        let times = ["--iat", s(v, "iat_str"), "--ttl", &ttl];

        if !secret.contains('\0') {
            let out = meshes_token(["sign"].iter().chain(&times))
                .env("MESHES_ACCESS_KEY", access_key)
                .env("MESHES_SECRET_KEY", secret)
                .env("MESHES_ORG_ID", org_id)
                .run();
            out.assert_failed(1, &format!("{var}: {message}"), secret);
            assert_eq!(out.stderr.lines().count(), 1, "{}: {out:#?}", s(v, "name"));
        }

        // From flags and a file; the file's one trailing newline is removed again.
        let file = TempFile::new(format!("{secret}\n").as_bytes());
        meshes_token(
            ["sign", "--access-key", access_key, "--org-id", org_id]
                .iter()
                .chain(&times),
        )
        .arg_os("--secret-file")
        .arg_os(file.arg())
        .run()
        .assert_failed(1, &format!("{flag}: {message}"), secret);
    }
    assert_eq!(skipped, ["key_with_nul"]);
}

#[test]
fn a_ttl_too_large_for_any_integer_type_is_still_the_ttl_rule() {
    meshes_token(["sign", "--ttl", "99999999999"])
        .example_env()
        .run()
        .assert_failed(1, "--ttl: ttl must be 1 to 60 seconds", SECRET);
}

#[test]
fn missing_variables_are_all_named_with_how_to_set_them() {
    let out = meshes_token(["sign"]).run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:#?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{out:#?}");
    for (line, (var, flag)) in lines.iter().zip([
        ("MESHES_ACCESS_KEY", "--access-key"),
        ("MESHES_SECRET_KEY", "--secret-file"),
        ("MESHES_ORG_ID", "--org-id"),
    ]) {
        let start = format!("error: {var} is not set: export {var}=");
        assert!(
            line.starts_with(&start),
            "{line:?} should start with {start:?}"
        );
        assert!(line.contains(flag), "{line:?} should mention {flag}");
    }

    let out = meshes_token(["sign"])
        .env("MESHES_ACCESS_KEY", ACCESS_KEY)
        .env("MESHES_SECRET_KEY", SENTINEL)
        .run();
    out.assert_failed(
        2,
        "MESHES_ORG_ID is not set: export MESHES_ORG_ID=",
        SENTINEL,
    );
    assert_eq!(out.stderr.lines().count(), 1, "{out:#?}");
}

#[test]
fn the_secret_never_appears_in_any_error() {
    let file = TempFile::new(format!("{SENTINEL}\n").as_bytes());
    let runs = [
        (
            meshes_token(["sign", "--access-key", "bad key"]),
            1,
            "--access-key: invalid access key",
        ),
        (
            meshes_token(["sign", "--org-id", "Acme"]),
            1,
            "--org-id: invalid org id",
        ),
        (meshes_token(["sign", "--ttl", "0"]), 1, "--ttl: "),
        (
            meshes_token(["sign", "--iat", "9007199254740990"]),
            1,
            "--iat: ",
        ),
        (
            meshes_token(["sign", "--secret", SENTINEL]),
            2,
            "the secret is never taken as a flag value",
        ),
        (
            meshes_token(["sign", format!("--secret={SENTINEL}").as_str()]),
            2,
            "the secret is never taken",
        ),
        (
            meshes_token(["sign", "--secret-key", SENTINEL]),
            2,
            "the secret is never taken",
        ),
        (
            meshes_token(["sign", "--secret-file", SENTINEL]),
            1,
            "--secret-file: cannot read",
        ),
        (
            meshes_token(["verify", "--secret", SENTINEL, TOKEN]),
            2,
            "the secret is never taken",
        ),
        (
            meshes_token(["verify", TOKEN]),
            1,
            "token signature does not match",
        ),
        (
            meshes_token(["verify", "--now", "1767225700", TOKEN]),
            1,
            "token signature does not match",
        ),
    ];
    for (run, code, expected) in runs {
        run.env("MESHES_ACCESS_KEY", ACCESS_KEY)
            .env("MESHES_ORG_ID", ORG_ID)
            .env("MESHES_SECRET_KEY", SENTINEL)
            .run()
            .assert_failed(code, expected, SENTINEL);
    }
    let out = meshes_token(["sign", "--org-id", "Acme"])
        .arg_os("--secret-file")
        .arg_os(file.arg())
        .env("MESHES_ACCESS_KEY", ACCESS_KEY)
        .run();
    out.assert_failed(1, "--org-id: invalid org id", SENTINEL);
}
