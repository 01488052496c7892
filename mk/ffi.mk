# meshes-token-ffi: the one library target, the C ABI's header checks, C test suite, embedded
# proofs and install step. Included by the root Makefile.
#
#   make ffi-lib        target/release/libmeshes_token_ffi.{a,so}: the library every binding's
#                       targets depend on (Go's -tags meshes_local, Node, the C suite, bench)
#   make test-header    include/meshes_token.h as C99/C11/C++11/C++17, and the C++17 wrapper
#   make test-c         the C suite with ASan+UBSan, again under valgrind, the dead-stack scan
#                       for key material (tests/c/stack_residue.c), the threads test under
#                       TSan, and an install into a temporary PREFIX used via pkg-config
#   make test-embedded  tests/embedded/check.sh: no_std link proof, .text size, stack use on the
#                       host; tests/embedded/cortex-m/run.sh: the vectors, link proof, stack
#                       and size on Cortex-M4 and Cortex-M0 firmware under QEMU
#   make install PREFIX=/usr/local [DESTDIR=...]   libmeshes_token.{a,so}, headers,
#                       meshes-token.pc, the CMake package (cmake/MeshesTokenLayout.cmake)
#
# Benchmarks, the C one included, have one entry point: `make bench` (mk/bench.mk).

CC ?= cc
CXX ?= c++
RUSTC ?= rustc
PKG_CONFIG ?= pkg-config
VALGRIND ?= valgrind
CMAKE ?= cmake
PREFIX ?= /usr/local

FFI_OUT := target/c
FFI_STATIC := target/release/libmeshes_token_ffi.a
FFI_SHARED := target/release/libmeshes_token_ffi.so
FFI_VERSION = $(shell sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)
# The system libraries Rust's std needs in a static link, as rustc itself reports them
# (computed once, on first use).
FFI_NATIVE_LIBS = $(eval FFI_NATIVE_LIBS := $(shell d=$$(mktemp -d) && echo '' | \
    $(RUSTC) --crate-type staticlib --print native-static-libs -o $$d/empty.a - 2>&1 | \
    sed -n 's/.*native-static-libs: //p'; rm -rf $$d))$(FFI_NATIVE_LIBS)
FFI_WARN := -Wall -Wextra -Werror -pedantic
FFI_CFLAGS = -std=c99 $(FFI_WARN) -g -O1 -Iinclude \
    -DMESHES_EXPECTED_VERSION='"$(FFI_VERSION)"'
FFI_SUITE := $(addprefix tests/c/,main.c check.c json.c vector_file.c test_vectors.c \
    test_bad_calls.c test_api.c state_test.c test_signer.c test_verifier.c test_threads.c \
    test_overlap.c clock_fake.c)

.PHONY: ffi-lib test-header test-c test-embedded install install-ffi

ffi-lib:
	$(CARGO) build --release -p meshes-token-ffi

test-header: ffi-lib
	@mkdir -p $(FFI_OUT)
	for std in c99 c11 c17; do \
	    $(CC) -std=$$std $(FFI_WARN) -Iinclude -c tests/c/header_c.c -o $(FFI_OUT)/header_$$std.o; \
	done
	for std in c++11 c++17; do \
	    $(CXX) -std=$$std $(FFI_WARN) -Iinclude -c tests/c/header_cpp.cpp -o $(FFI_OUT)/header_$$std.o; \
	done
	$(CXX) -std=c++17 $(FFI_WARN) -g -fsanitize=address,undefined -Iinclude tests/c/hpp_test.cpp \
	    $(FFI_STATIC) $(FFI_NATIVE_LIBS) -o $(FFI_OUT)/hpp_test
	$(FFI_OUT)/hpp_test

test-c: ffi-lib
	@mkdir -p $(FFI_OUT)
	@echo "== C suite, ASan + UBSan"
	$(CC) $(FFI_CFLAGS) -fsanitize=address,undefined -fno-sanitize-recover=all $(FFI_SUITE) \
	    $(FFI_STATIC) $(FFI_NATIVE_LIBS) -o $(FFI_OUT)/meshes_c_tests_asan
	$(FFI_OUT)/meshes_c_tests_asan tests/vectors
	@echo "== C suite, valgrind memcheck"
	$(CC) $(FFI_CFLAGS) -DMESHES_VALGRIND_BUILD $(FFI_SUITE) $(FFI_STATIC) $(FFI_NATIVE_LIBS) \
	    -o $(FFI_OUT)/meshes_c_tests
	$(VALGRIND) -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	    $(FFI_OUT)/meshes_c_tests tests/vectors
	@echo "== no key material left on the stack (-O0, no sanitizers: it reads dead stack)"
	$(CC) -std=c99 $(FFI_WARN) -O0 -g -Iinclude tests/c/stack_residue.c $(FFI_STATIC) \
	    $(FFI_NATIVE_LIBS) -o $(FFI_OUT)/stack_residue
	$(FFI_OUT)/stack_residue
	@echo "== threads test, ThreadSanitizer"
	$(CC) $(FFI_CFLAGS) -fsanitize=thread $(FFI_SUITE) $(FFI_STATIC) $(FFI_NATIVE_LIBS) \
	    -o $(FFI_OUT)/meshes_c_tests_tsan
	TSAN_OPTIONS=halt_on_error=1 $(FFI_OUT)/meshes_c_tests_tsan tests/vectors threads
	@echo "== make install into a temporary PREFIX, then pkg-config"
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	    $(MAKE) --no-print-directory install-ffi PREFIX="$$tmp" && \
	    export PKG_CONFIG_PATH="$$tmp/lib/pkgconfig" && \
	    test "$$($(PKG_CONFIG) --modversion meshes-token)" = "$(FFI_VERSION)" && \
	    $(CC) $(FFI_WARN) -std=c99 tests/c/install_app.c $$($(PKG_CONFIG) --cflags --libs meshes-token) \
	        -o "$$tmp/app_shared" && \
	    LD_LIBRARY_PATH="$$tmp/lib" "$$tmp/app_shared" && \
	    $(CC) $(FFI_WARN) -std=c99 tests/c/install_app.c $$($(PKG_CONFIG) --cflags meshes-token) \
	        "$$($(PKG_CONFIG) --variable=staticlib meshes-token)" \
	        $$($(PKG_CONFIG) --variable=native_libs meshes-token) -o "$$tmp/app_static" && \
	    "$$tmp/app_static" && \
	    test "$$(readlink "$$tmp/lib/libmeshes_token.so")" = libmeshes_token.so.0 && \
	    test -f "$$tmp/lib/cmake/meshes-token/meshes-tokenConfigVersion.cmake"

test-embedded:
	CARGO="$(CARGO)" CC="$(CC)" bash tests/embedded/check.sh
	CARGO="$(CARGO)" bash tests/embedded/cortex-m/run.sh

install: install-ffi

install-ffi: ffi-lib
	$(CMAKE) -DLAYOUT=install -DSOURCE_DIR=$(CURDIR) -DLIB_DIR=$(CURDIR)/target/release \
	    -DDEST="$(DESTDIR)$(PREFIX)" -DPREFIX="$(PREFIX)" -DVERSION=$(FFI_VERSION) \
	    -DNATIVE_LIBS="$(FFI_NATIVE_LIBS)" -DVOID_P=$$(( $$(getconf LONG_BIT) / 8 )) \
	    -P cmake/MeshesTokenLayout.cmake

TEST_TARGETS += test-header test-c test-embedded
