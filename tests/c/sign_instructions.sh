#!/usr/bin/env bash
# Instructions per meshes_signer_sign, meshes_sign_token and meshes_verify_token call, counted
# by valgrind's callgrind (exact and independent of machine load, unlike a timer; valgrind
# emulates a CPU without SHA-NI, so SHA-256 runs its portable code here).
# usage: tests/c/sign_instructions.sh [STATIC_LIB]   (default target/release/libmeshes_token_ffi.a)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
lib=${1:-target/release/libmeshes_token_ffi.a}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
libs=$(echo '' | rustc --crate-type staticlib --print native-static-libs -o "$out/e.a" - 2>&1 |
    sed -n 's/.*native-static-libs: //p')
${CC:-cc} -std=c99 -O2 -Iinclude tests/c/sign_instructions.c "$lib" $libs -o "$out/count"
n=2000
for mode in signer one-shot verify; do
    total() {
        valgrind --tool=callgrind --callgrind-out-file="$out/cg" "$out/count" "$mode" "$1" \
            2>&1 | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p'
    }
    small=$(total $n)
    big=$(total $((11 * n)))
    echo "$mode: $(( (big - small) / (10 * n) )) instructions per call"
done
