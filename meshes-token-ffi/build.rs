//! Gives the shared library the SONAME its packages install it under.
//!
//! Cargo names the library after the crate (`libmeshes_token_ffi.so`); the SDK tarball of
//! `make dist`, `make install` and the top-level `CMakeLists.txt` install it as
//! `libmeshes_token.so.<major>.<minor>.<patch>` with the links `libmeshes_token.so.<major>` and
//! `libmeshes_token.so`. The SONAME recorded here is the name a program that links the library
//! asks the dynamic loader for, so it must be the `.so.<major>` name. The argument only reaches
//! the `cdylib` link of an ELF target with a GNU-style linker; the static library, the rlib and
//! the no_std builds are unchanged.

use std::env;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let os = env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if matches!(os.as_str(), "linux" | "android") {
        let major = env!("CARGO_PKG_VERSION_MAJOR");
        println!("cargo::rustc-cdylib-link-arg=-Wl,-soname,libmeshes_token.so.{major}");
    }
}
