#!/usr/bin/env bash
# The `go get` experience, proven (make test-go): a consumer module in a temporary folder outside
# the repository requires github.com/mesheshq/meshes-token/bindings/go, with a `replace` that
# points at a read-only copy of bindings/go (as the module cache is), and is built with cargo
# and rustc absent from PATH. It must build, run, print the README example token byte for byte
# (tests/vectors/tokens.json, the reference producer's token of vector "example") and verify it
# with golang-jwt; then the same consumer, cross-built for linux/arm64 with
# aarch64-linux-gnu-gcc, must print the same token under qemu-aarch64. A vendored build
# (go mod vendor, -mod=vendor) must print it too.
set -euo pipefail
MODULE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$MODULE/../.." && pwd)
GO=${GO:-go}
GOBIN_DIR=$(dirname "$(command -v "$GO")")

fail() {
    echo "go consumer: FAILED: $*" >&2
    exit 1
}

# The README example: inputs and expected token from the shared vectors.
mapfile -t example < <(python3 - "$ROOT/tests/vectors/tokens.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
v = next(v for v in doc["vectors"] if v["name"] == "example")
for k in ("access_key", "secret", "org_id", "iat", "ttl"):
    print(v[k])
print(v["tokens"][doc["reference"]])
PY
)
[ "${#example[@]}" -eq 6 ] || fail "could not read vector \"example\" from tests/vectors/tokens.json"
args=("${example[@]:0:5}")
want=${example[5]}

tmp=$(mktemp -d)
cleanup() {
    chmod -R u+w "$tmp" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT

# The module as `go get` would fetch it: bindings/go and nothing around it, read-only.
cp -R "$MODULE" "$tmp/meshestoken"
chmod -R a-w "$tmp/meshestoken"

mkdir "$tmp/consumer"
cp "$MODULE/testdata/consumer/main.go" "$tmp/consumer/"
# go.sum of the module covers golang-jwt, so no checksum lookup is needed.
cp "$MODULE/go.sum" "$tmp/consumer/go.sum"
jwt_version=$(sed -n 's#^require github.com/golang-jwt/jwt/v5 \(v[^ ]*\)$#\1#p' "$MODULE/go.mod")
[ -n "$jwt_version" ] || fail "golang-jwt version not found in bindings/go/go.mod"
cat >"$tmp/consumer/go.mod" <<GOMOD
module example.com/consumer

go 1.24

require (
	github.com/golang-jwt/jwt/v5 $jwt_version
	github.com/mesheshq/meshes-token/bindings/go v0.0.0
)

replace github.com/mesheshq/meshes-token/bindings/go => ../meshestoken
GOMOD

# Nothing of Rust on PATH: only Go's own folder and the system's.
PATH_NO_RUST="$GOBIN_DIR:/usr/sbin:/usr/bin:/sbin:/bin"
for tool in cargo rustc rustup; do
    if PATH=$PATH_NO_RUST command -v "$tool" >/dev/null; then
        fail "$tool is still on the consumer's PATH ($PATH_NO_RUST)"
    fi
done

cd "$tmp/consumer"
run_go() { env PATH="$PATH_NO_RUST" GOTOOLCHAIN=local GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=1 "$@"; }

check_token() {
    local what=$1 got=$2
    [ "$got" = "$want" ] || fail "$what printed
  $got
want (tests/vectors/tokens.json, vector example)
  $want"
    echo "go consumer: $what: token = README example, verified by golang-jwt"
}

run_go "$GO" build -o consumer-native . || fail "go build (linux/$(go env GOARCH))"
check_token "go build, linux/$(go env GOARCH)" "$(./consumer-native "${args[@]}")"
check_token "go run" "$(run_go "$GO" run . "${args[@]}")"

# Vendored: `go mod vendor` must carry the archives and the header (vendor.go makes their
# folders packages), so that a -mod=vendor build links without the module cache.
run_go "$GO" mod vendor || fail "go mod vendor"
[ -f vendor/github.com/mesheshq/meshes-token/bindings/go/internal/lib/linux_amd64/libmeshes_token.a ] ||
    fail "go mod vendor left out internal/lib/linux_amd64/libmeshes_token.a"
run_go "$GO" build -mod=vendor -o consumer-vendored . || fail "go build -mod=vendor"
check_token "go build -mod=vendor" "$(./consumer-vendored "${args[@]}")"
rm -rf vendor

command -v aarch64-linux-gnu-gcc >/dev/null ||
    fail "aarch64-linux-gnu-gcc not found (gcc-aarch64-linux-gnu; run scripts/install-deps.sh)"
command -v qemu-aarch64 >/dev/null || fail "qemu-aarch64 not found (qemu-user; run scripts/install-deps.sh)"
run_go GOOS=linux GOARCH=arm64 CC=aarch64-linux-gnu-gcc "$GO" build -o consumer-arm64 . ||
    fail "go build for linux/arm64"
check_token "linux/arm64 under qemu-aarch64" \
    "$(qemu-aarch64 -L /usr/aarch64-linux-gnu ./consumer-arm64 "${args[@]}")"
