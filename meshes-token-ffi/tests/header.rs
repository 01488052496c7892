//! The committed `include/meshes_token.h` is exactly what cbindgen generates from this crate.
//!
//! `MESHES_BLESS=1 cargo test -p meshes-token-ffi --test header` rewrites it.
#![allow(missing_docs, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[test]
fn header_is_fresh() {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let committed_path = crate_dir.join("../include/meshes_token.h");
    let config =
        cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("cbindgen.toml parses");
    let bindings = cbindgen::Builder::new()
        .with_crate(crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header");
    let mut generated = Vec::new();
    bindings.write(&mut generated);

    if std::env::var_os("MESHES_BLESS").is_some() {
        std::fs::write(&committed_path, &generated).expect("write include/meshes_token.h");
        return;
    }
    let committed = std::fs::read(&committed_path).unwrap_or_default();
    if committed != generated {
        let first_diff = committed
            .iter()
            .zip(&generated)
            .position(|(a, b)| a != b)
            .unwrap_or(committed.len().min(generated.len()));
        let line = generated
            .get(..first_diff)
            .map_or(0, |g| g.iter().filter(|&&b| b == b'\n').count())
            + 1;
        panic!(
            "include/meshes_token.h is stale (first difference on line {line}); regenerate it with \
             `MESHES_BLESS=1 cargo test -p meshes-token-ffi --test header` and review the diff"
        );
    }
}
