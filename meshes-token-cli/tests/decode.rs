//! `meshes-token decode`, run as a process: exact output, every producer's layout kept, and
//! undecodable tokens refused.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{ACCESS_KEY, ORG_ID, TOKEN, meshes_token, n, s, vectors};
use serde_json::{Value, json};

const WARNING: &str = "warning: signature not verified (use `meshes-token verify` to check it)\n";

#[test]
fn prints_header_and_payload_exactly() {
    let out = meshes_token(["decode", TOKEN]).run();
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(
        out.stdout,
        format!(
            r#"{{
  "header": {{
    "alg": "HS256",
    "typ": "JWT",
    "kid": "{ACCESS_KEY}"
  }},
  "payload": {{
    "iss": "urn:meshes:m2m:{ACCESS_KEY}",
    "aud": "meshes-api",
    "org": "{ORG_ID}",
    "iat": 1767225600,
    "exp": 1767225630
  }}
}}
"#
        )
    );
    assert_eq!(out.stderr, WARNING);

    for input in [
        format!("Bearer {TOKEN}\n"),
        format!("Authorization: Bearer {TOKEN}"),
    ] {
        let piped = meshes_token(["decode"]).stdin(input).run();
        assert_eq!(
            (piped.code, &piped.stdout, piped.stderr.as_str()),
            (0, &out.stdout, WARNING)
        );
    }
}

#[test]
fn prints_the_exact_claims_of_every_producers_token_in_token_order() {
    for v in &vectors("tokens.json") {
        for (producer, token) in v["tokens"].as_object().unwrap() {
            let out = meshes_token(["decode", token.as_str().unwrap()]).run();
            assert_eq!((out.code, out.stderr.as_str()), (0, WARNING), "{out:#?}");
            let decoded: Value = serde_json::from_str(&out.stdout).unwrap();
            let access_key = s(v, "access_key");
            assert_eq!(
                decoded["header"],
                json!({"alg": "HS256", "typ": "JWT", "kid": access_key}),
                "{} {producer}",
                v["name"]
            );
            assert_eq!(
                decoded["payload"],
                json!({
                    "iss": format!("urn:meshes:m2m:{access_key}"),
                    "aud": "meshes-api",
                    "org": s(v, "org_id"),
                    "iat": n(v, "iat"),
                    "exp": n(v, "exp"),
                }),
                "{} {producer}",
                v["name"]
            );
            // Keys are shown in the order the producer wrote them.
            let order = |keys: &[&str]| {
                let at: Vec<usize> = keys
                    .iter()
                    .map(|k| out.stdout.find(&format!("\"{k}\":")).unwrap())
                    .collect();
                at.windows(2).all(|w| w[0] < w[1])
            };
            let payload_order: &[&str] = match producer.as_str() {
                "jose" => &["org", "iss", "aud", "iat", "exp"],
                "go_sdk" => &["aud", "exp", "iat", "iss", "org"],
                _ => &["iss", "aud", "org", "iat", "exp"],
            };
            assert!(
                order(payload_order),
                "{} {producer}: {}",
                v["name"],
                out.stdout
            );
        }
    }
}

#[test]
fn keeps_what_a_parser_would_normalise() {
    // {"alg":"HS256","kid":"A\u0041"} . {"iat":1e3,"iat":18446744073709551616,"x":[]}
    // Strings are shown decoded ("AA"), as jq shows them; numbers and duplicates as they are.
    let header = "eyJhbGciOiJIUzI1NiIsImtpZCI6IkFcdTAwNDEifQ";
    let payload = "eyJpYXQiOjFlMywiaWF0IjoxODQ0Njc0NDA3MzcwOTU1MTYxNiwieCI6W119";
    let out = meshes_token(["decode", &format!("{header}.{payload}.sig")]).run();
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            0,
            "{\n  \"header\": {\n    \"alg\": \"HS256\",\n    \"kid\": \"AA\"\n  },\n  \"payload\": {\n    \"iat\": 1e3,\n    \"iat\": 18446744073709551616,\n    \"x\": []\n  }\n}\n",
            WARNING
        ),
        "{out:#?}"
    );
}

#[test]
fn an_undecodable_token_exits_1_with_the_reason() {
    let body = TOKEN.split_once('.').unwrap().1;
    let cases = [
        (
            String::new(),
            "malformed token: token is not three '.'-separated segments",
        ),
        (
            "abc".to_owned(),
            "malformed token: token is not three '.'-separated segments",
        ),
        (
            format!("{TOKEN}.x"),
            "malformed token: token is not three '.'-separated segments",
        ),
        (
            format!("e30=.{body}"),
            "malformed token: the header is not canonical base64url",
        ),
        (
            format!("*{TOKEN}"),
            "malformed token: the header is not canonical base64url",
        ),
        (
            format!("bm90IGpzb24.{body}"),
            "malformed token: the header is not JSON",
        ),
        (
            "e30.bm90IGpzb24.sig".to_owned(),
            "malformed token: the payload is not JSON",
        ),
    ];
    for (token, expected) in cases {
        meshes_token(["decode", &token])
            .run()
            .assert_failed(1, expected, "");
    }
    // Every token the verifier finds structurally broken, decode cannot show either.
    for v in &vectors("verify_invalid.json") {
        let name = s(v, "name");
        let structural = [
            "empty_token",
            "two_segments",
            "four_segments",
            "one_segment",
            "star_in_payload",
            "plus_in_header",
            "slash_in_payload",
            "space_in_payload",
            "padding_on_payload",
            "payload_length_1_mod_4",
            "payload_nonzero_trailing_bits",
            "empty_header_segment",
            "header_bad_json",
            "payload_bad_json",
        ];
        if structural.contains(&name) {
            let out = meshes_token(["decode", s(v, "token")]).run();
            assert_eq!((out.code, out.stdout.as_str()), (1, ""), "{name}: {out:#?}");
            assert!(
                out.stderr.starts_with("error: malformed token: "),
                "{name}: {out:#?}"
            );
        }
    }
}

/// `header.payload.sig` with both JSON texts base64url-encoded here (the binary decodes them).
fn token_of(header: &str, payload: &str) -> String {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let encode = |json: &str| {
        let mut buf = vec![0u8; json.len().saturating_mul(2).saturating_add(4)];
        Base64UrlUnpadded::encode(json.as_bytes(), &mut buf)
            .unwrap()
            .to_owned()
    };
    format!("{}.{}.sig", encode(header), encode(payload))
}

/// Every byte the terminal would act on, or that would hide text, leaves as a `\uXXXX`
/// escape, whether the token holds the character raw or escaped: ESC and CSI (U+009B) start
/// escape sequences, U+202E and U+2066..U+2069 reorder text, U+200D and U+FEFF are invisible.
#[test]
fn control_bidi_and_format_characters_are_escaped() {
    let header = "{\"alg\":\"HS256\",\"kid\":\"AK\u{9B}31m\u{202E}gpj.exe\"}";
    let payload = concat!(
        r#"{"iss":"\u001b]8;;http://x\u0007","aud":"meshes\u002Dapi","#,
        "\"org\":\"a\u{2066}b\u{2069}c\u{200D}d\u{FEFF}\u{7F}\u{85}\",",
        r#""\u202e\u00ad":"x\u2028y\n\t\"\\","emoji":"\ud83d\ude00é","#,
        "\"tag\":\"\u{E0041}\"}"
    );
    let out = meshes_token(["decode", &token_of(header, payload)]).run();
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (
            0,
            r#"{
  "header": {
    "alg": "HS256",
    "kid": "AK\u009B31m\u202Egpj.exe"
  },
  "payload": {
    "iss": "\u001B]8;;http://x\u0007",
    "aud": "meshes-api",
    "org": "a\u2066b\u2069c\u200Dd\uFEFF\u007F\u0085",
    "\u202E\u00AD": "x\u2028y\u000A\u0009\"\\",
    "emoji": "😀é",
    "tag": "\uDB40\uDC41"
  }
}
"#,
            WARNING
        ),
        "{out:#?}"
    );
    // Nothing but printable ASCII, the emoji and é, line feeds and indentation.
    assert!(
        out.stdout
            .chars()
            .all(|c| c == '\n' || (' '..='~').contains(&c) || c == '😀' || c == 'é'),
        "{out:#?}"
    );
    // Still JSON, with the same values.
    let decoded: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(decoded["header"]["kid"], "AK\u{9B}31m\u{202E}gpj.exe");
    assert_eq!(
        decoded["payload"]["org"],
        "a\u{2066}b\u{2069}c\u{200D}d\u{FEFF}\u{7F}\u{85}"
    );
}

/// Every C0, DEL and C1 control, one per string, raw where JSON allows it.
#[test]
fn every_control_character_is_escaped() {
    let mut payload = String::from("[");
    let mut expected = String::from("[");
    for cp in (0..=0x1F).chain(0x7F..=0x9F) {
        let c = char::from_u32(cp).unwrap();
        if cp < 0x20 {
            payload.push_str(&format!("\"\\u{cp:04x}\","));
        } else {
            payload.push_str(&format!("\"{c}\","));
        }
        expected.push_str(&format!("\n    \"\\u{cp:04X}\","));
    }
    payload.push_str("0]");
    expected.push_str("\n    0\n  ]");
    let out = meshes_token(["decode", &token_of("{}", &payload)]).run();
    assert_eq!(out.code, 0, "{out:#?}");
    assert_eq!(
        out.stdout,
        format!("{{\n  \"header\": {{}},\n  \"payload\": {expected}\n}}\n")
    );
}

/// The committed Cf table is what its generator makes from this machine's Python (when the
/// machine has python3 with the same Unicode version; otherwise the script says so).
#[test]
fn format_table_is_fresh() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/gen_format_chars.py");
    match std::process::Command::new("python3")
        .args([script, "--check"])
        .output()
    {
        Ok(out) => assert!(out.status.success(), "{out:#?}"),
        Err(error) => eprintln!("python3 not run ({error}): table freshness not checked"),
    }
}
