//! The `no_std` panic handler: a call to a symbol that no library defines.
//!
//! If any panic path survives optimization in the code a C program calls, the handler is
//! linked in with it and the link fails on `meshes_token_no_panic_path_must_survive`. A
//! successful link is the proof that sign, signer and verify cannot panic.

unsafe extern "C" {
    /// Deliberately never defined anywhere.
    fn meshes_token_no_panic_path_must_survive() -> !;
}

#[panic_handler]
fn panic(_info: &core::panic::PanicInfo<'_>) -> ! {
    // SAFETY: this call never runs: the symbol is undefined, so any program in which this
    // handler is reachable fails to link.
    unsafe { meshes_token_no_panic_path_must_survive() }
}
