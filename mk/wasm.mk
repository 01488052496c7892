# WebAssembly package (bindings/wasm): the npm package `meshes-token-wasm`, meshes-token-ffi
# built for wasm32-unknown-unknown (no_std, no allocator, panic = "abort") and optimised by
# binaryen's wasm-opt. See bindings/wasm/README.md.
#
#   make wasm        bindings/wasm/meshes_token.wasm (cargo caches the build in target/wasm;
#                    wasm-opt reruns only when cargo's output is newer)
#   make test-wasm   the .wasm's import/export/size check, the package lint, and its tests
#                    under node --test: the four vector files, layout against the header,
#                    errors against bindings/node, a WebAssembly.Module in a worker as an edge
#                    runtime hands it, and the same vectors in headless Chromium
#
# The package's npm devDependencies (typescript, @types/node, prettier: its lint) come from its
# committed lock file (`npm ci`); the tests also load bindings/node (ffi-lib, node-deps). Its
# bench rivals are bindings/node's (bindings/wasm/bench/bench.mjs runs
# bindings/node/bench/bench.mjs --package wasm).
WASM_DIR := bindings/wasm
WASM_TARGET_DIR := target/wasm
WASM_RAW := $(WASM_TARGET_DIR)/wasm32-unknown-unknown/wasm/meshes_token_ffi.wasm
WASM_OUT := $(WASM_DIR)/meshes_token.wasm
WASM_OPT ?= wasm-opt
# sha2's compact software backend: 29 KiB instead of 36 KiB of .wasm after wasm-opt.
WASM_RUSTFLAGS := --cfg sha2_backend_soft="compact"
# A 16 KiB shadow stack placed first (an overflow traps below address 0); __stack_pointer
# exported so the package knows where the stack is, to wipe it after calls that took a secret.
WASM_LINK := -C link-arg=-zstack-size=16384 -C link-arg=--export=__stack_pointer

.PHONY: wasm wasm-deps test-wasm

wasm:
	RUSTFLAGS='$(WASM_RUSTFLAGS)' $(CARGO) rustc -p meshes-token-ffi --no-default-features \
	    --crate-type cdylib --target wasm32-unknown-unknown --profile wasm \
	    --target-dir $(WASM_TARGET_DIR) -- $(WASM_LINK)
	if [ ! -f $(WASM_OUT) ] || [ $(WASM_RAW) -nt $(WASM_OUT) ]; then \
	    $(WASM_OPT) -Oz --converge --strip-debug --strip-producers --strip-target-features \
	        $(WASM_RAW) -o $(WASM_OUT).tmp && \
	    mv $(WASM_OUT).tmp $(WASM_OUT); fi

# npm ci from the lock file, skipped while node_modules is newer than the lock file.
wasm-deps:
	cd $(WASM_DIR) && if [ ! -f node_modules/.installed ] || \
	    [ package-lock.json -nt node_modules/.installed ]; then \
	    $(NPM) ci $(NPM_FLAGS) && touch node_modules/.installed; fi

test-wasm: wasm wasm-deps ffi-lib node-deps
	cd $(WASM_DIR) && $(NODE) scripts/check-wasm.mjs
	cd $(WASM_DIR) && $(NODE) scripts/lint.mjs
	cd $(WASM_DIR) && $(NODE) --test test/*.test.mjs

TEST_TARGETS += test-wasm
