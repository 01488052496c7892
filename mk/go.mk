# Go binding (bindings/go): cgo over the static library of meshes-token-ffi.
# `make test-go` builds the library, then runs go vet, the tests under the race detector, and
# the tests again with GOGC=1 and cgocheck so that ownership bugs at the C boundary show up.
# go test downloads the module's test dependency (golang-jwt) through the configured module
# proxy on first use; go.sum pins it.
GO ?= go
GO_DIR := bindings/go

.PHONY: go-lib test-go bench-go

go-lib:
	$(CARGO) build --release -p meshes-token-ffi

test-go: go-lib
	cd $(GO_DIR) && $(GO) vet ./...
	cd $(GO_DIR) && $(GO) test -race -count=1 ./...
	cd $(GO_DIR) && GOGC=1 GODEBUG=cgocheck=1 $(GO) test -count=1 ./...

# Benchmarks: (*Signer).Sign against the stdlib map mint and golang-jwt (see bindings/go/README.md).
bench-go: go-lib
	cd $(GO_DIR) && $(GO) test -run '^$$' -bench . -benchmem -count=5 ./...

TEST_TARGETS += test-go
