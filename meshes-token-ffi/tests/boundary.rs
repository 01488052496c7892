//! Proof, by reading the source, that every exported function goes through the panic
//! boundary: each `extern "C" fn` in `src/` is `#[unsafe(no_mangle)]`, its whole body is one
//! call to `guard(..)`, and the set of them is exactly the set of functions in the header.
#![allow(
    missing_docs,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![allow(clippy::arithmetic_side_effects)]

use std::collections::BTreeSet;
use std::path::Path;

/// One `extern "C" fn` found in the source.
#[derive(Debug)]
struct Exported {
    name: String,
    no_mangle: bool,
    body: String,
}

/// Byte offsets of the code of `src` that is neither a comment nor inside a string or char
/// literal, so that braces and parentheses can be matched.
fn code_mask(src: &[u8]) -> Vec<bool> {
    let mut mask = vec![true; src.len()];
    let mut i = 0;
    while i < src.len() {
        let rest = &src[i..];
        let skip = if rest.starts_with(b"//") {
            rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len())
        } else if rest.starts_with(b"/*") {
            rest.windows(2)
                .position(|w| w == b"*/")
                .map_or(rest.len(), |p| p + 2)
        } else if rest.starts_with(b"r#\"") {
            rest[3..]
                .windows(2)
                .position(|w| w == b"\"#")
                .map_or(rest.len(), |p| p + 5)
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            j + 1
        } else if rest.starts_with(b"'\\") {
            rest[2..]
                .iter()
                .position(|&b| b == b'\'')
                .map_or(rest.len(), |p| p + 3)
        } else if rest.len() >= 3 && rest[0] == b'\'' && rest[2] == b'\'' {
            3
        } else {
            0
        };
        let skip = skip.min(src.len() - i);
        for m in &mut mask[i..i + skip] {
            *m = false;
        }
        i += skip.max(1);
    }
    mask
}

/// Index just past the bracket that closes the one at `open`.
fn matching(src: &[u8], mask: &[bool], open: usize) -> usize {
    let (o, c) = match src[open] {
        b'(' => (b'(', b')'),
        b'{' => (b'{', b'}'),
        other => panic!("not a bracket: {}", other as char),
    };
    let mut depth = 0usize;
    for (i, &b) in src.iter().enumerate().skip(open) {
        if !mask[i] {
            continue;
        }
        if b == o {
            depth += 1;
        } else if b == c {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
    }
    panic!("unbalanced brackets")
}

fn exported_fns(src: &str) -> Vec<Exported> {
    let bytes = src.as_bytes();
    let mask = code_mask(bytes);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = src[from..].find("extern \"C\"") {
        let at = from + at;
        from = at + 1;
        if !mask[at] {
            continue;
        }
        let after = src[at + "extern \"C\"".len()..].trim_start();
        let Some(sig) = after.strip_prefix("fn ") else {
            continue; // an `extern "C" { .. }` block declares, it exports nothing
        };
        let name: String = sig
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let params = at + src[at..].find('(').expect("parameter list");
        let params_end = matching(bytes, &mask, params);
        let open = params_end + src[params_end..].find('{').expect("body");
        let close = matching(bytes, &mask, open);
        let attrs_start = src[..at]
            .rfind(";\n")
            .or_else(|| src[..at].rfind("}\n"))
            .unwrap_or(0);
        found.push(Exported {
            name,
            no_mangle: src[attrs_start..at].contains("#[unsafe(no_mangle)]"),
            body: src[open + 1..close - 1].to_owned(),
        });
    }
    found
}

/// Whether `body` is exactly one call `guard(..)`, with nothing before or after it.
fn is_one_guard_call(body: &str) -> bool {
    let body = body.trim();
    let Some(args) = body.strip_prefix("guard(") else {
        return false;
    };
    let call = format!("({args}");
    let bytes = call.as_bytes();
    let mask = code_mask(bytes);
    matching(bytes, &mask, 0) == bytes.len()
}

fn problems(exported: &[Exported]) -> Vec<String> {
    let mut problems = Vec::new();
    for f in exported {
        if !f.no_mangle {
            problems.push(format!("{} is not #[unsafe(no_mangle)]", f.name));
        }
        if !is_one_guard_call(&f.body) {
            problems.push(format!("{}'s body is not one `guard(..)` call", f.name));
        }
    }
    problems
}

fn crate_sources() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<_> = std::fs::read_dir(&src)
        .expect("src/")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read source");
            (p.display().to_string(), text)
        })
        .collect()
}

fn header_functions() -> BTreeSet<String> {
    let header = Path::new(env!("CARGO_MANIFEST_DIR")).join("../include/meshes_token.h");
    let header = std::fs::read_to_string(header).expect("read include/meshes_token.h");
    header
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic()) && l.contains('('))
        .filter(|l| !l.starts_with("typedef") && !l.starts_with("extern \"C\""))
        .map(|l| {
            let before = &l[..l.find('(').expect("paren")];
            before
                .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .expect("name")
                .to_owned()
        })
        .collect()
}

#[test]
fn every_exported_function_goes_through_the_boundary() {
    let mut names = BTreeSet::new();
    let mut all_problems = Vec::new();
    for (path, text) in crate_sources() {
        assert!(
            !text.contains("C-unwind"),
            "{path}: no function may unwind into C"
        );
        let exported = exported_fns(&text);
        all_problems.extend(
            problems(&exported)
                .into_iter()
                .map(|p| format!("{path}: {p}")),
        );
        names.extend(exported.into_iter().map(|f| f.name));
    }
    assert!(all_problems.is_empty(), "{all_problems:#?}");
    assert_eq!(
        names,
        header_functions(),
        "exported functions differ from the header's"
    );
    assert_eq!(names.len(), 13, "{names:?}");
}

#[test]
fn the_scanner_catches_what_it_must() {
    let good = r#"
        #[unsafe(no_mangle)]
        pub extern "C" fn ok(x: u32) -> u32 {
            guard(0, || { let s = "}"; let c = '}'; x + s.len() as u32 + c as u32 })
        }
    "#;
    let found = exported_fns(good);
    assert_eq!(found.len(), 1);
    assert!(problems(&found).is_empty(), "{:?}", problems(&found));

    for bad in [
        // work before the boundary
        "#[unsafe(no_mangle)]\npub extern \"C\" fn a() -> u32 { let x = 1; guard(0, || x) }",
        // work after the boundary
        "#[unsafe(no_mangle)]\npub extern \"C\" fn b() -> u32 { guard(0, || 1); 2 }",
        // no boundary at all
        "#[unsafe(no_mangle)]\npub unsafe extern \"C\" fn c() -> u32 { 1 }",
        // a different helper
        "#[unsafe(no_mangle)]\npub extern \"C\" fn d() -> u32 { guarded(0, || 1) }",
        // not exported under its name
        "pub extern \"C\" fn e() -> u32 { guard(0, || 1) }",
    ] {
        let found = exported_fns(bad);
        assert_eq!(found.len(), 1, "{bad}");
        assert_eq!(problems(&found).len(), 1, "{bad}");
    }
}
