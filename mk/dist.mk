# Installable artifacts (issue 12): `make dist` writes dist/ for every triple in DIST_TRIPLES;
# `make test-dist` installs each artifact in a clean folder with cargo hidden (tests/dist/).
#
# Each kind of artifact lives in its own fragment (mk/dist-c.mk, mk/dist-python.mk,
# mk/dist-node.mk), which appends its build target to DIST_PARTS and its test to
# TEST_DIST_PARTS; the root Makefile turns those into `dist` and `test-dist`. The root Makefile
# includes mk/*.mk in sorted order, so mk/dist-*.mk come before this file: a fragment that
# uses these variables outside a recipe (in a target name, say) includes this file first; the
# guard makes the second inclusion a no-op.
#
# All of them start from `dist-lib`: the release C library of meshes-token-ffi for each triple,
# in $(DIST_TARGET_DIR)/<triple>/release/libmeshes_token_ffi.{a,so}. aarch64 is a real cross
# build: Rust's aarch64-unknown-linux-gnu target plus Debian's gcc-aarch64-linux-gnu as linker
# (.cargo/config.toml), both installed by scripts/install-deps.sh. The shared library carries
# the SONAME libmeshes_token.so.0 (meshes-token-ffi/build.rs), its symbol table is stripped,
# and no absolute path of the build machine (this checkout, the cargo registry) is left in
# either library: --remap-path-prefix rewrites them. These flags only reach target/dist.
ifndef MESHES_DIST_MK
MESHES_DIST_MK := 1

DIST_TRIPLES := x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu
DIST_DIR := $(CURDIR)/dist
DIST_TARGET_DIR := $(CURDIR)/target/dist
DIST_VERSION = $(FFI_VERSION)
# dist_lib_dir TRIPLE: where dist-lib leaves that triple's libraries.
dist_lib_dir = $(DIST_TARGET_DIR)/$(1)/release

DIST_CARGO_HOME := $(or $(CARGO_HOME),$(HOME)/.cargo)
DIST_RUSTFLAGS := --remap-path-prefix=$(CURDIR)=meshes-token \
    --remap-path-prefix=$(DIST_CARGO_HOME)=cargo

.PHONY: dist test-dist dist-lib dist-toolchain

# A missing cross toolchain is an error that names what to install, never a silent skip.
dist-toolchain:
	@command -v aarch64-linux-gnu-gcc >/dev/null || { echo "make dist: aarch64-linux-gnu-gcc not found (Debian package gcc-aarch64-linux-gnu; run scripts/install-deps.sh)" >&2; exit 1; }
	@command -v aarch64-linux-gnu-strip >/dev/null || { echo "make dist: aarch64-linux-gnu-strip not found (Debian package binutils-aarch64-linux-gnu; run scripts/install-deps.sh)" >&2; exit 1; }
	@rustc --print target-list >/dev/null; rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-gnu || { echo "make dist: Rust target aarch64-unknown-linux-gnu not installed (rustup target add aarch64-unknown-linux-gnu; run scripts/install-deps.sh)" >&2; exit 1; }

dist-lib: dist-toolchain
	for t in $(DIST_TRIPLES); do \
	    RUSTFLAGS="$(DIST_RUSTFLAGS)" CARGO_PROFILE_RELEASE_STRIP=symbols \
	        $(CARGO) build --release -p meshes-token-ffi --target $$t --target-dir $(DIST_TARGET_DIR); \
	done

# The Rust crates as published (issue 12): metadata, package contents, and a build of each
# packed crate (tests/dist/crates/check.sh; cached in target/package).
.PHONY: test-crates
test-crates:
	CARGO="$(CARGO)" bash tests/dist/crates/check.sh

TEST_TARGETS += test-dist test-crates

endif
