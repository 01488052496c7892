# Go binding (bindings/go): cgo over the C library of meshes-token-ffi, which the module carries
# prebuilt (bindings/go/internal/lib/<goos>_<goarch>/libmeshes_token.a, the no_std build), so
# `go get` and `go build` need nothing but Go and a C compiler.
#
#   make go-prebuilt   rebuilds both archives (linux/amd64, linux/arm64 cross-built), their
#                      MANIFESTs and the module's copy of the header; commit the result
#   make test-go       the staleness check (fails naming `make go-prebuilt` when the Rust
#                      sources, Cargo.lock or the profile changed since the archives were
#                      built) and its own test; go vet (also with -tags meshes_local, and for
#                      386 and arm with clang as the cgo compiler); the tests under the race
#                      detector, then with GOGC=1 and cgocheck; the consumer module outside
#                      the repository, built without cargo on PATH, natively and for arm64
#                      under qemu
#
# -tags meshes_local links the std library of target/release instead (`make ffi-lib`).
# go test downloads the module's test dependency (golang-jwt) through the configured module
# proxy on first use; go.sum pins it.
GO ?= go
GO_DIR := bindings/go
GO_SCRIPTS := $(GO_DIR)/scripts
# Only the installed Go, never a downloaded toolchain.
GO_ENV := GOTOOLCHAIN=local
GO_CC_386 := clang --target=i686-linux-gnu --sysroot=/usr/i686-linux-gnu
GO_CC_ARM := clang --target=arm-linux-gnueabihf --sysroot=/usr/arm-linux-gnueabihf

.PHONY: go-prebuilt test-go test-go-prebuilt test-go-unit test-go-32bit test-go-consumer

go-prebuilt:
	$(GO_SCRIPTS)/prebuilt.sh build

# First, so that stale archives fail fast with the one message that says what to run.
test-go-prebuilt:
	$(GO_SCRIPTS)/prebuilt.sh check
	$(GO_SCRIPTS)/test_prebuilt_check.sh

# Everything else runs after the staleness check: with stale archives it would only fail in
# ways that hide the cause (a header constant cgo cannot find, a vector that differs).
test-go-unit test-go-32bit test-go-consumer: test-go-prebuilt

test-go-unit:
	cd $(GO_DIR) && $(GO_ENV) $(GO) vet ./...
	cd $(GO_DIR) && $(GO_ENV) $(GO) vet -tags meshes_local ./...
	cd $(GO_DIR) && $(GO_ENV) $(GO) test -race -count=1 ./...
	cd $(GO_DIR) && $(GO_ENV) GOGC=1 GODEBUG=cgocheck=1 $(GO) test -count=1 ./...

# 32-bit: no archive ships for 386 or arm, but the package must compile there (go vet type-checks
# the cgo code with the target's C compiler).
test-go-32bit:
	cd $(GO_DIR) && $(GO_ENV) CGO_ENABLED=1 GOARCH=386 CC="$(GO_CC_386)" $(GO) vet ./...
	cd $(GO_DIR) && $(GO_ENV) CGO_ENABLED=1 GOARCH=arm GOARM=7 CC="$(GO_CC_ARM)" $(GO) vet ./...

test-go-consumer:
	$(GO_ENV) GO=$(GO) $(GO_SCRIPTS)/consumer.sh

test-go: test-go-prebuilt test-go-unit test-go-32bit test-go-consumer

TEST_TARGETS += test-go
