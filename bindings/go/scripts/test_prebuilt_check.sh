#!/usr/bin/env bash
# The test of the staleness test (make test-go): on a copy of the files `prebuilt.sh check`
# reads, the check must pass as committed, and must fail, naming `make go-prebuilt`, after a
# one-line change to meshes-token-core/src, to Cargo.lock, to the go-prebuilt profile, to the
# header, and to an archive. Reads and hashes a few hundred KiB; builds nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() {
    echo "go-prebuilt check test: FAILED: $*" >&2
    exit 1
}

# fresh_copy: $tmp/repo holds exactly what the check reads, as in the working tree.
fresh_copy() {
    rm -rf "$tmp/repo"
    mkdir -p "$tmp/repo/bindings/go"
    (cd "$ROOT" && cp -R --parents Cargo.toml Cargo.lock .cargo/config.toml include/meshes_token.h \
        meshes-token-core/Cargo.toml meshes-token-core/src \
        meshes-token-ffi/Cargo.toml meshes-token-ffi/build.rs meshes-token-ffi/src \
        bindings/go/scripts/prebuilt.sh bindings/go/internal/lib "$tmp/repo")
}

check() { "$tmp/repo/bindings/go/scripts/prebuilt.sh" check "$tmp/repo" >"$tmp/out" 2>&1; }

# expect_stale WHAT REASON: the check fails with the `make go-prebuilt` message and REASON.
expect_stale() {
    if check; then
        fail "$1: the check passed; it must report the archives stale"
    fi
    grep -q 'run `make go-prebuilt`' "$tmp/out" || fail "$1: the message does not name make go-prebuilt: $(cat "$tmp/out")"
    grep -qF "$2" "$tmp/out" || fail "$1: the message does not say \"$2\": $(cat "$tmp/out")"
    echo "  $1: stale, as it must be"
}

fresh_copy
check || fail "the unchanged copy is reported stale (is the working tree itself stale? run make go-prebuilt): $(cat "$tmp/out")"
echo "  unchanged copy: fresh"

fresh_copy
echo '// one more line' >>"$tmp/repo/meshes-token-core/src/lib.rs"
expect_stale "one line appended to meshes-token-core/src/lib.rs" "the Rust sources, Cargo.lock or the profile changed"

fresh_copy
echo '# one more line' >>"$tmp/repo/Cargo.lock"
expect_stale "Cargo.lock changed" "the Rust sources, Cargo.lock or the profile changed"

fresh_copy
sed -i '/^\[profile.go-prebuilt\]/a opt-level = 2' "$tmp/repo/Cargo.toml"
expect_stale "opt-level added to [profile.go-prebuilt]" "the Rust sources, Cargo.lock or the profile changed"

fresh_copy
echo '/* changed */' >>"$tmp/repo/include/meshes_token.h"
expect_stale "include/meshes_token.h changed" "differs from include/meshes_token.h"

fresh_copy
printf 'x' >>"$tmp/repo/bindings/go/internal/lib/linux_arm64/libmeshes_token.a"
expect_stale "linux_arm64 archive changed" "linux_arm64: libmeshes_token.a is not the archive its MANIFEST describes"

echo "go-prebuilt check test: the staleness check catches every change above"
