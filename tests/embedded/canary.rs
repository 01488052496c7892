//! Negative control for the link proof: the same panic handler as the no_std library, and a
//! function that keeps a panic path (an index the compiler cannot prove in bounds). A C
//! program calling it must fail to link on `meshes_token_no_panic_path_must_survive`; if it
//! links, the proof method is broken.
#![no_std]

unsafe extern "C" {
    fn meshes_token_no_panic_path_must_survive() -> !;
}

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: never runs; the symbol is undefined, so the link fails.
    unsafe { meshes_token_no_panic_path_must_survive() }
}

static TABLE: [u8; 4] = [1, 2, 3, 4];

/// Indexes out of bounds for `i >= 4`: a panic path.
#[unsafe(no_mangle)]
pub extern "C" fn canary_index(i: usize) -> u8 {
    TABLE[i]
}
