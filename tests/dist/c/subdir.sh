#!/usr/bin/env bash
# make test-cmake-subdir: the build-from-source path. A user's CMake project (consumer/, copied
# to a temporary folder) takes meshes-token with add_subdirectory(<this checkout>): the
# top-level CMakeLists.txt builds the library with cargo and gives meshes_token::meshes_token
# and meshes_token::meshes_token_static. mint.c and mint.cpp, linked to each, must print the
# token jsonwebtoken made for the README example and the workspace version. Every failure
# names the step.
#
# Environment: CMAKE (default cmake); MESHES_TOKEN_CARGO_TARGET_DIR (default: this checkout's
# target/, so the release library of `make ffi-lib` is reused, not rebuilt).
set -Eeuo pipefail

repo=$(cd "$(dirname "$0")/../../.." && pwd)
CMAKE=${CMAKE:-cmake}
step="start"
trap 'echo "test-cmake-subdir: FAILED: artifact CMakeLists.txt (add_subdirectory), step: $step" >&2' ERR
fail() {
    echo "test-cmake-subdir: FAILED: artifact CMakeLists.txt (add_subdirectory), step: $step: $*" >&2
    exit 1
}
command -v "$CMAKE" >/dev/null || fail "$CMAKE not found (Debian package cmake)"

work=$(mktemp -d "${TMPDIR:-/tmp}/meshes-cmake-subdir.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$repo/tests/dist/c/consumer" "$work/consumer"

step="read the reference token"
expected_token=$(python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
v = next(v for v in doc["vectors"] if v["name"] == "example")
print(v["tokens"][doc["reference"]])' "$repo/tests/vectors/tokens.json")
version=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$repo/Cargo.toml")
expected=$(printf '%s\n%s' "$expected_token" "$version")

step="configure"
"$CMAKE" -S "$work/consumer" -B "$work/build" -DMESHES_TOKEN_SOURCE_DIR="$repo" \
    -DMESHES_TOKEN_CARGO_TARGET_DIR="${MESHES_TOKEN_CARGO_TARGET_DIR:-$repo/target}" \
    >"$work/cmake.log" 2>&1 || { cat "$work/cmake.log" >&2; false; }
step="build (cargo through the custom target)"
"$CMAKE" --build "$work/build" -j 2 >>"$work/cmake.log" 2>&1 || { cat "$work/cmake.log" >&2; false; }
for exe in mint_c_shared mint_cpp_shared mint_c_static mint_cpp_static; do
    step="$exe: NEEDED"
    needed=$(readelf -d "$work/build/$exe" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
    case $exe in
    *_shared) grep -qx libmeshes_token.so.0 <<<"$needed" || fail "$(tr '\n' ' ' <<<"$needed")" ;;
    *) ! grep -q meshes <<<"$needed" || fail "$(tr '\n' ' ' <<<"$needed")" ;;
    esac
    step="$exe: run"
    out=$("$work/build/$exe")
    [ "$out" = "$expected" ] || fail "printed:
$out
expected:
$expected"
done
echo "test-cmake-subdir: add_subdirectory: mint.c and mint.cpp against meshes_token::meshes_token and meshes_token::meshes_token_static OK"
