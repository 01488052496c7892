# Constant time, checked by valgrind's memcheck (issue 18). tests/c/ct_test.c marks the secret
# undefined for meshes_signer_init, meshes_signer_sign, meshes_sign_token and
# meshes_verify_token; any branch or address that depends on it is a memcheck report and fails
# the case, except the values the library passes to its declassify hook
# (meshes-token-core/src/declassify.rs). The release static library, the test at -O1.
# Uses the variables and the ffi-lib target of mk/ffi.mk.
#
#   make test-ct    the constant-time test under valgrind (part of `make test`)
#   make bench-ct   a second opinion, statistical (not part of `make test`): Welch's t-test on
#                   interleaved timings of `verify` for MACs wrong in the first vs the last byte
#                   (meshes-token-core/examples/dudect_verify.rs; CT_SAMPLES per class)

CT_VALGRIND_FLAGS := -q --error-exitcode=1 --num-callers=30 --track-origins=yes
CT_SAMPLES ?= 100000

.PHONY: test-ct bench-ct
test-ct: ffi-lib
	@mkdir -p $(FFI_OUT)
	$(CC) $(FFI_CFLAGS) tests/c/ct_test.c tests/c/check.c $(FFI_STATIC) $(FFI_NATIVE_LIBS) \
	    -o $(FFI_OUT)/meshes_ct_test
	$(VALGRIND) $(CT_VALGRIND_FLAGS) $(FFI_OUT)/meshes_ct_test

bench-ct:
	$(CARGO) run --release -p meshes-token-core --example dudect_verify -- $(CT_SAMPLES)

TEST_TARGETS += test-ct
