//! A counting global allocator proves that signing and verifying never touch the heap.
#![allow(
    unreachable_pub,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    missing_docs,
    clippy::unwrap_used,
    unsafe_code
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use meshes_token_core::{MAX_TOKEN_LEN, Signer, Verifier, key_id, sign_token, verify};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: defers every call to `System`; only counts, per thread, on the side.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (ALLOCATIONS.with(Cell::get) - before, out)
}

#[test]
fn no_heap_allocation_anywhere() {
    let (ak, secret, org) = (
        "AK7f3kQ9mZ2pL8xR4tV6",
        "s3cr3t_Key-with/chars=0123456789abcdefABCDEF",
        "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60",
    );
    // The counter itself must see allocations, or a zero below would prove nothing.
    assert_eq!(allocations_in(|| Box::new(1)).0, 1);

    let (n, signer) = allocations_in(|| Signer::new(ak, secret, org).unwrap());
    assert_eq!(n, 0, "Signer::new");
    let mut buf = [0u8; MAX_TOKEN_LEN];
    let (n, len) = allocations_in(|| signer.sign(1_767_225_600, 30, &mut buf).unwrap().len());
    assert_eq!((n, len), (0, 311), "Signer::sign");
    let (n, len) = allocations_in(|| {
        signer
            .sign_bytes(1_767_225_600, 30, &mut buf)
            .unwrap()
            .len()
    });
    assert_eq!((n, len), (0, 311), "Signer::sign_bytes");
    let token = std::str::from_utf8(&buf[..len]).unwrap().to_owned();
    let mut buf2 = [0u8; MAX_TOKEN_LEN];
    let (n, _) = allocations_in(|| {
        sign_token(ak, secret, org, 1_767_225_600, 30, &mut buf2)
            .unwrap()
            .len()
    });
    assert_eq!(n, 0, "sign_token");
    let (n, claims) = allocations_in(|| verify(&token, secret, 1_767_225_601, 0).unwrap());
    assert_eq!((n, claims.access_key()), (0, ak), "verify");
    let (n, r) = allocations_in(|| verify(&token, "wrong", 1_767_225_601, 0).map(|_| ()));
    assert_eq!(n, 0, "verify (failing) {r:?}");
    let (n, verifier) = allocations_in(|| Verifier::new(secret).unwrap());
    assert_eq!(n, 0, "Verifier::new");
    let (n, claims) = allocations_in(|| verifier.verify(&token, 1_767_225_601, 0).unwrap());
    assert_eq!((n, claims.access_key()), (0, ak), "Verifier::verify");
    let (n, r) = allocations_in(|| verifier.verify(&token[1..], 1_767_225_601, 0).map(|_| ()));
    assert_eq!(n, 0, "Verifier::verify (failing) {r:?}");
    let (n, _) = allocations_in(|| drop(verifier));
    assert_eq!(n, 0, "drop Verifier");
    let (n, kid) = allocations_in(|| key_id(&token).unwrap());
    assert_eq!((n, kid.as_str()), (0, ak), "key_id");
    let (n, _) = allocations_in(|| drop(signer));
    assert_eq!(n, 0, "drop");
}
