//! Help, version and usage errors: clap's exit status 2, an example in every `--help`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::meshes_token;

#[test]
fn every_help_shows_an_example() {
    for args in [
        &["--help"][..],
        &["help"],
        &["sign", "--help"],
        &["verify", "--help"],
        &["decode", "--help"],
        &["help", "sign"],
        &["sign", "-h"],
        &["verify", "-h"],
        &["decode", "-h"],
    ] {
        let out = meshes_token(args).run();
        assert_eq!(
            (out.code, out.stderr.as_str()),
            (0, ""),
            "{args:?}: {out:#?}"
        );
        assert!(
            out.stdout.contains("\nExamples:\n  "),
            "{args:?}: {}",
            out.stdout
        );
        assert!(
            out.stdout.contains("meshes-token "),
            "{args:?}: {}",
            out.stdout
        );
    }
    let sign = meshes_token(["sign", "--help"]).run().stdout;
    for word in [
        "MESHES_ACCESS_KEY",
        "MESHES_SECRET_KEY",
        "MESHES_ORG_ID",
        "--secret-file",
        "--ttl",
        "--iat",
        "--header",
    ] {
        assert!(sign.contains(word), "sign --help lacks {word}");
    }
    assert!(
        !sign.contains("--secret "),
        "the refused --secret must stay hidden"
    );
}

#[test]
fn version_is_the_packages() {
    meshes_token(["--version"])
        .run()
        .assert_ok(&format!("meshes-token {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn usage_errors_exit_2() {
    // No command at all: the short help, on standard error.
    let out = meshes_token::<_, &str>([]).run();
    assert_eq!((out.code, out.stdout.as_str()), (2, ""), "{out:#?}");
    assert!(
        out.stderr.contains("Usage: meshes-token <COMMAND>"),
        "{out:#?}"
    );

    for args in [
        &["frobnicate"][..],
        &["sign", "--no-such-flag"],
        &["sign", "--ttl", "abc"],
        &["sign", "--iat", "-5"],
        &["sign", "extra"],
        &["verify", "--leeway", "x", "t"],
        &["verify", "a", "b"],
        &["decode", "a", "b"],
    ] {
        let out = meshes_token(args).run();
        assert_eq!(
            (out.code, out.stdout.as_str()),
            (2, ""),
            "{args:?}: {out:#?}"
        );
        assert!(out.stderr.starts_with("error: "), "{args:?}: {out:#?}");
    }
}
