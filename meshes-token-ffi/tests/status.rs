//! `meshes_status`: values, messages, and the integer-safe `meshes_status_message`.
#![allow(missing_docs, clippy::expect_used, clippy::arithmetic_side_effects)]

use std::ffi::CStr;

use meshes_token_ffi::status::{meshes_status, meshes_status_message};

fn message(code: u32) -> String {
    let ptr = meshes_status_message(code);
    assert!(!ptr.is_null());
    // SAFETY: meshes_status_message returns a static NUL-terminated string.
    unsafe { CStr::from_ptr(ptr) }
        .to_str()
        .expect("ASCII")
        .to_owned()
}

#[test]
fn c_only_codes_and_unknown_values() {
    assert_eq!(meshes_status::MESHES_OK as u32, 0);
    assert_eq!(meshes_status::MESHES_ERR_NULL_POINTER as u32, 1);
    assert_eq!(meshes_status::MESHES_ERR_UNINITIALIZED as u32, 9);
    assert_eq!(meshes_status::MESHES_ERR_OVERLAP as u32, 18);
    assert_eq!(message(0), "success");
    for code in 0..=18 {
        let text = message(code);
        assert!(!text.is_empty() && text != "unknown status", "{code}");
        assert_eq!(meshes_status::from_code(code).map(|s| s as u32), Some(code));
    }
    for code in [19, 99, 1 << 31, u32::MAX] {
        assert_eq!(message(code), "unknown status");
        assert_eq!(meshes_status::from_code(code), None);
    }
}

#[test]
fn status_names_match_the_header() {
    use meshes_token_ffi::status::meshes_status_name;
    let header = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../include/meshes_token.h"
    ))
    .expect("include/meshes_token.h");
    let mut code = 0u32;
    loop {
        let ptr = meshes_status_name(code);
        if ptr.is_null() {
            break;
        }
        // SAFETY: a non-NULL result is a static NUL-terminated string.
        let name = unsafe { CStr::from_ptr(ptr) }.to_str().expect("ASCII");
        assert!(
            header.contains(&format!("  {name} = {code},")),
            "{name} = {code} is not in the header"
        );
        code += 1;
    }
    assert_eq!(code, 19, "every status has a name, with no gap");
    assert!(meshes_status_name(u32::MAX).is_null());
}
