#!/usr/bin/env bash
# `make test-dist-node`: the npm package of `make dist`, checked as a user gets it.
#   run.sh DIST_DIR VERSION NPM_CACHE
# 1. check_package.mjs on the unpacked tarball: version, file list, and each prebuild's ELF
#    machine (AArch64, e_machine 183, for linux-arm64), SONAME and glibc floor; then the
#    arm64 prebuild mints the example token under qemu-aarch64 (prebuild_mint.c).
# 2. In a new temporary folder, with HOME there too and cargo/rustc off PATH: a package.json,
#    `npm install` of the tarball and jose (from the registry; downloads are kept in
#    NPM_CACHE, outside the project), then mint.mjs (a copy) mints the README's example
#    token, compares its bytes, checks it with jose, and proves the process mapped the
#    package's own prebuild. 3. MESHES_TOKEN_LIB still overrides the prebuild.
# Every failure names the artifact and the step.
set -euo pipefail

dist=$1 version=$2 cache=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
name=meshes-token-$version.tgz
tgz=$dist/$name

fail() { echo "test-dist-node: $name: $1" >&2; exit 1; }

[ -f "$tgz" ] || fail "find: $tgz does not exist (make dist-node)"
jose=jose@$(node -p "require('$repo/bindings/node/package.json').devDependencies.jose")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/meshes-token-dist-node.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/unpacked"
tar xzf "$tgz" -C "$tmp/unpacked" || fail "unpack"
node "$here/check_package.mjs" "$tmp/unpacked/package" "$version" || fail "check_package.mjs (see above)"

# The arm64 prebuild itself mints the example token on aarch64 (prebuild_mint.c under qemu).
for tool in aarch64-linux-gnu-gcc qemu-aarch64; do
    command -v $tool >/dev/null || fail "arm64 prebuild: $tool not found (scripts/install-deps.sh)"
done
example() { node -p "const d = require('$repo/tests/vectors/tokens.json'); const v = d.vectors.find((v) => v.name === 'example'); $1"; }
aarch64-linux-gnu-gcc -std=c11 -Wall -Wextra -Werror -I"$repo/include" -o "$tmp/prebuild_mint" \
    "$here/prebuild_mint.c" -ldl || fail "arm64 prebuild: compiling prebuild_mint.c"
arm64_token=$(qemu-aarch64 -L /usr/aarch64-linux-gnu "$tmp/prebuild_mint" \
    "$tmp/unpacked/package/prebuilds/linux-arm64/libmeshes_token.so" \
    "$(example v.access_key)" "$(example v.secret)" "$(example v.org_id)" "$(example v.iat)" \
    "$(example v.ttl)") || fail "arm64 prebuild: mint under qemu-aarch64"
[ "$arm64_token" = "$(example 'v.tokens[d.reference]')" ] ||
    fail "arm64 prebuild: minted $arm64_token, not the example token"
echo "test-dist-node: $name: prebuilds/linux-arm64 mints the example token under qemu-aarch64"

mkdir "$tmp/project"
cp "$tgz" "$here/mint.mjs" "$repo/tests/vectors/tokens.json" "$tmp/project/"
cargo_bin=$HOME/.cargo/bin
export HOME=$tmp/home
mkdir "$HOME"
# PATH without cargo and rustc: drop ~/.cargo/bin and every folder that holds either.
clean=
IFS=: read -ra entries <<<"$PATH"
for dir in "${entries[@]}"; do
    [ "$dir" = "$cargo_bin" ] || [ -x "$dir/cargo" ] || [ -x "$dir/rustc" ] || clean=${clean:+$clean:}$dir
done
export PATH=$clean
unset CARGO RUSTC CARGO_HOME RUSTUP_HOME MESHES_TOKEN_LIB
if command -v cargo >/dev/null || command -v rustc >/dev/null; then
    fail "setup: cargo or rustc is still on PATH"
fi
cd "$tmp/project"
echo '{ "name": "meshes-token-dist-test", "version": "1.0.0", "private": true, "type": "module" }' >package.json
npm install --no-audit --no-fund --loglevel=error --cache "$cache" "./$name" "$jose" >npm.log 2>&1 ||
    { cat npm.log >&2; fail "npm install ./$name $jose"; }
node mint.mjs tokens.json || fail "mint.mjs (mint the example token, check it with jose)"

# MESHES_TOKEN_LIB overrides the prebuild: the other architecture's library must fail to load,
# with an error that names the variable.
other=$(node -p "process.arch === 'x64' ? 'linux-arm64' : 'linux-x64'")
out=$(MESHES_TOKEN_LIB=$PWD/node_modules/meshes-token/prebuilds/$other/libmeshes_token.so \
    node -e "import('meshes-token')" 2>&1) && fail "MESHES_TOKEN_LIB: loading the $other library succeeded"
[[ $out == *"prebuilds/$other/libmeshes_token.so (MESHES_TOKEN_LIB)"* ]] ||
    fail "MESHES_TOKEN_LIB: the error does not name the variable's file: $out"
echo "test-dist-node: $name installs without Rust, mints the example token; MESHES_TOKEN_LIB overrides"
