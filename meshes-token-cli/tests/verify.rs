//! `meshes-token verify`, run as a process: every producer's token and every hand-crafted
//! vector, the exact reason for each refusal, and the ways a token reaches it.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

mod common;

use common::{
    ACCESS_KEY, IAT, ORG_ID, SECRET, SENTINEL, TOKEN, TempFile, meshes_token, n, s, vectors,
};
use meshes_token_core::Error;

fn claims_json(access_key: &str, org_id: &str, iat: u64, exp: u64, expires_in: i128) -> String {
    format!(
        "{{\"access_key\":\"{access_key}\",\"org_id\":\"{org_id}\",\"iat\":{iat},\"exp\":{exp},\"expires_in\":{expires_in}}}\n"
    )
}

#[test]
fn accepts_every_producers_token_inside_its_validity() {
    let vectors = vectors("tokens.json");
    for v in &vectors {
        let (iat, exp) = (n(v, "iat"), n(v, "exp"));
        let tokens = v["tokens"].as_object().unwrap();
        assert_eq!(tokens.len(), 4, "{}", v["name"]);
        for (producer, token) in tokens {
            for now in [iat, exp - 1] {
                let out = meshes_token(["verify", "--json", "--now", &now.to_string()])
                    .arg_os(token.as_str().unwrap())
                    .env("MESHES_SECRET_KEY", s(v, "secret"))
                    .run();
                assert_eq!(out.code, 0, "{} {producer} at {now}: {out:#?}", v["name"]);
                out.assert_ok(&claims_json(
                    s(v, "access_key"),
                    s(v, "org_id"),
                    iat,
                    exp,
                    i128::from(exp) - i128::from(now),
                ));
            }
        }
    }
}

#[test]
fn accepts_every_hand_crafted_valid_token_with_its_exact_claims() {
    let vectors = vectors("verify_valid.json");
    assert!(vectors.len() >= 20);
    for v in &vectors {
        let claims = &v["claims"];
        let now = n(v, "now");
        let exp = n(claims, "exp");
        let out = meshes_token(["verify", "--json", "--now", s(v, "now_str")])
            .arg_os(format!("--leeway={}", n(v, "leeway")))
            .arg_os(s(v, "token"))
            .env("MESHES_SECRET_KEY", s(v, "secret"))
            .run();
        assert_eq!(out.code, 0, "{}: {out:#?}", v["name"]);
        out.assert_ok(&claims_json(
            s(claims, "access_key"),
            s(claims, "org_id"),
            n(claims, "iat"),
            exp,
            i128::from(exp) - i128::from(now),
        ));
    }
}

/// The core's message for a vector's `error`, which must open the CLI's `error:` line.
fn message(error: &str) -> &'static str {
    match error {
        "MALFORMED" => Error::Malformed("").message(),
        "ALGORITHM" => Error::Algorithm.message(),
        "SIGNATURE" => Error::Signature.message(),
        "CLAIMS" => Error::Claims("").message(),
        "EXPIRED" => Error::Expired.message(),
        "NOT_YET_VALID" => Error::NotYetValid.message(),
        other => panic!("unknown error {other}"),
    }
}

#[test]
fn rejects_every_invalid_token_with_exit_1_and_the_reason() {
    let vectors = vectors("verify_invalid.json");
    assert!(vectors.len() >= 70);
    for v in &vectors {
        let out = meshes_token(["verify", "--now", s(v, "now_str")])
            .arg_os(format!("--leeway={}", n(v, "leeway")))
            .arg_os(s(v, "token"))
            .env("MESHES_SECRET_KEY", s(v, "secret"))
            .run();
        let expected = message(s(v, "error"));
        assert_eq!(out.code, 1, "{}: {out:#?}", v["name"]);
        out.assert_failed(1, expected, s(v, "secret"));
        assert_eq!(out.stderr.lines().count(), 1, "{}: {out:#?}", v["name"]);
    }
}

#[test]
fn expired_not_yet_valid_tampered_and_wrong_secret_say_exactly_why() {
    let cases: [(&[&str], &str, &str); 7] = [
        (
            &["--now", "1767225672"],
            SECRET,
            "token has expired (expired 42 s ago)",
        ),
        (
            &["--now", "1767225630"],
            SECRET,
            "token has expired (expired 0 s ago)",
        ),
        (
            &["--now", "1767225640", "--leeway", "10"],
            SECRET,
            "token has expired (expired 10 s ago; leeway 10 s)",
        ),
        (
            &["--now", "1767225590"],
            SECRET,
            "token is not valid yet (issued 10 s in the future)",
        ),
        (
            &["--now", "1767225594", "--leeway", "5"],
            SECRET,
            "token is not valid yet (issued 6 s in the future; leeway 5 s)",
        ),
        (
            &["--now", "1767225605"],
            SENTINEL,
            "token signature does not match (signed with another secret, or changed after signing)",
        ),
        (
            &["--now", "1767225672"],
            SENTINEL,
            "token signature does not match (signed with another secret, or changed after signing)",
        ),
    ];
    for (args, secret, reason) in cases {
        let out = meshes_token(["verify"].iter().chain(args))
            .arg_os(TOKEN)
            .env("MESHES_SECRET_KEY", secret)
            .run();
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (1, "", format!("error: {reason}\n").as_str())
        );
        out.assert_no_secret(secret);
    }

    // Early by `nbf` (1767225605, from the vector `nbf_equals_now`), not by `iat`.
    let nbf_token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IkFLN2Yza1E5bVoycEw4eFI0dFY2In0.\
        eyJpc3MiOiJ1cm46bWVzaGVzOm0ybTpBSzdmM2tROW1aMnBMOHhSNHRWNiIsImF1ZCI6Im1lc2hlcy1hcGkiLCJv\
        cmciOiIzZjZjMmE5ZS04YjFkLTRlN2EtOWMyZi01ZDhlMWE3YjRjNjAiLCJpYXQiOjE3NjcyMjU2MDAsImV4cCI6\
        MTc2NzIyNTYzMCwibmJmIjoxNzY3MjI1NjA1fQ.ejnvKHWinJ8c6Nnd0tPxSYMoAF9yH9ps3mCHkKnM_Rs";
    for (args, reason) in [
        (
            &["--now", "1767225601"][..],
            "token is not valid yet (not valid before 4 s from now)",
        ),
        (
            &["--now", "1767225601", "--leeway", "3"][..],
            "token is not valid yet (not valid before 4 s from now; leeway 3 s)",
        ),
    ] {
        let out = meshes_token(["verify"].iter().chain(args))
            .arg_os(nbf_token)
            .env("MESHES_SECRET_KEY", SECRET)
            .run();
        assert_eq!(
            (out.code, out.stdout.as_str(), out.stderr.as_str()),
            (1, "", format!("error: {reason}\n").as_str())
        );
    }

    // One payload character changed: the signature no longer matches.
    let (head, tail) = TOKEN.split_at(120);
    let flipped = if tail.starts_with('A') { 'B' } else { 'A' };
    let tampered = format!("{head}{flipped}{}", &tail[1..]);
    meshes_token(["verify", "--now", "1767225605", &tampered])
        .env("MESHES_SECRET_KEY", SECRET)
        .run()
        .assert_failed(1, "token signature does not match", SECRET);

    let out = meshes_token([
        "verify",
        "--now",
        "1767225605",
        "eyJhbGciOiJub25lIiwidHlwIjoiSldUIiwia2lkIjoiQUsifQ.e30.",
    ])
    .env("MESHES_SECRET_KEY", SECRET)
    .run();
    assert_eq!(
        out.stderr, "error: token algorithm is not HS256 (alg is \"none\")\n",
        "{out:#?}"
    );

    // {"alg":"<CSI>2J<U+202E>","typ":"JWT","kid":"AK"}: quoted with \uXXXX escapes.
    let out = meshes_token([
        "verify",
        "--now",
        "1767225605",
        "eyJhbGciOiLCmzJK4oCuIiwidHlwIjoiSldUIiwia2lkIjoiQUsifQ.e30.",
    ])
    .env("MESHES_SECRET_KEY", SECRET)
    .run();
    assert_eq!(
        out.stderr, "error: token algorithm is not HS256 (alg is \"\\u009B2J\\u202E\")\n",
        "{out:#?}"
    );
}

#[test]
fn human_output_is_exact_and_json_holds_the_same() {
    meshes_token(["verify", "--now", "1767225605", TOKEN])
        .env("MESHES_SECRET_KEY", SECRET)
        .run()
        .assert_ok(&format!(
            "token is valid\n\
             access key:   {ACCESS_KEY}\n\
             org id:       {ORG_ID}\n\
             issued at:    1767225600 (2026-01-01T00:00:00Z)\n\
             expires at:   1767225630 (2026-01-01T00:00:30Z)\n\
             seconds left: 25\n"
        ));
    // Inside the leeway past exp: still valid, with a negative time left.
    meshes_token([
        "verify",
        "--json",
        "--now",
        "1767225633",
        "--leeway",
        "5",
        TOKEN,
    ])
    .env("MESHES_SECRET_KEY", SECRET)
    .run()
    .assert_ok(&claims_json(ACCESS_KEY, ORG_ID, IAT, IAT + 30, -3));
}

#[test]
fn a_token_on_stdin_may_carry_white_space_and_a_bearer_prefix() {
    let expected = claims_json(ACCESS_KEY, ORG_ID, IAT, IAT + 30, 20);
    for input in [
        format!("{TOKEN}\n"),
        format!("  \t{TOKEN}\r\n\n"),
        format!("Bearer {TOKEN}\n"),
        format!("bearer  {TOKEN}"),
        format!("Authorization: Bearer {TOKEN}\r\n"),
        format!("authorization:BEARER {TOKEN}"),
    ] {
        for dash in [&["-"][..], &[]] {
            meshes_token(
                ["verify", "--json", "--now", "1767225610"]
                    .iter()
                    .chain(dash),
            )
            .env("MESHES_SECRET_KEY", SECRET)
            .stdin(input.clone())
            .run()
            .assert_ok(&expected);
        }
        // The same cleaning applies to an argument.
        meshes_token(["verify", "--json", "--now", "1767225610", &input])
            .env("MESHES_SECRET_KEY", SECRET)
            .run()
            .assert_ok(&expected);
    }
    meshes_token(["verify", "--now", "1767225610"])
        .env("MESHES_SECRET_KEY", SECRET)
        .stdin("   \n")
        .run()
        .assert_failed(1, "malformed token: token is empty", SECRET);
}

#[test]
fn the_secret_may_come_from_a_file_or_stdin_but_stdin_only_once() {
    let expected = claims_json(ACCESS_KEY, ORG_ID, IAT, IAT + 30, 20);
    let file = TempFile::new(format!("{SECRET}\r\n").as_bytes());
    meshes_token(["verify", "--json", "--now", "1767225610", "--secret-file"])
        .arg_os(file.arg())
        .arg_os(TOKEN)
        .env("MESHES_SECRET_KEY", SENTINEL)
        .run()
        .assert_ok(&expected);
    meshes_token([
        "verify",
        "--json",
        "--now",
        "1767225610",
        "--secret-file",
        "-",
        TOKEN,
    ])
    .stdin(format!("{SECRET}\n"))
    .run()
    .assert_ok(&expected);

    for token in [&["-"][..], &[]] {
        meshes_token(["verify", "--secret-file", "-"].iter().chain(token))
            .stdin(format!("{SENTINEL}\n{TOKEN}\n"))
            .run()
            .assert_failed(
                2,
                "the token and --secret-file cannot both come from standard input",
                SENTINEL,
            );
    }
}

#[test]
fn a_missing_or_invalid_secret_is_named() {
    meshes_token(["verify", TOKEN]).run().assert_failed(
        2,
        "MESHES_SECRET_KEY is not set: export MESHES_SECRET_KEY=",
        "",
    );
    let bad = format!("{SENTINEL}\t");
    meshes_token(["verify", TOKEN])
        .env("MESHES_SECRET_KEY", &bad)
        .run()
        .assert_failed(1, "MESHES_SECRET_KEY: invalid secret: ", SENTINEL);
    let file = TempFile::new(format!("{SENTINEL}\n\n").as_bytes());
    meshes_token(["verify", "--secret-file"])
        .arg_os(file.arg())
        .arg_os(TOKEN)
        .run()
        .assert_failed(
            1,
            "--secret-file: invalid secret: secret contains a line break",
            SENTINEL,
        );
}

#[test]
fn sign_then_verify_round_trips_with_the_clock() {
    let out = meshes_token(["sign", "--ttl", "60"]).example_env().run();
    assert_eq!(out.code, 0, "{out:#?}");
    let out = meshes_token(["verify", "--json"])
        .env("MESHES_SECRET_KEY", SECRET)
        .stdin(out.stdout)
        .run();
    assert_eq!(out.code, 0, "{out:#?}");
    let claims: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(claims["access_key"], ACCESS_KEY);
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        60
    );
    assert!(
        (57..=60).contains(&claims["expires_in"].as_i64().unwrap()),
        "{claims}"
    );
}
