#!/usr/bin/env bash
# The npm package with prebuilt libraries, for `make dist-node` (mk/dist-node.mk):
#   dist.sh VERSION DIST_DIR WORK_DIR TRIPLE=SHARED_LIB...
# Copies the package's files (package.json's "files") into WORK_DIR/package, puts each
# SHARED_LIB (built by `make dist-lib` for the Rust target TRIPLE) at
# prebuilds/<platform>-<arch>/libmeshes_token.so, with Node's names for the platform and the
# architecture (lib/library.cjs loads it from there), and runs `npm pack` into DIST_DIR:
# DIST_DIR/meshes-token-VERSION.tgz. The package's version must be VERSION (the workspace's).
set -euo pipefail

version=$1 dist=$2 work=$3
shift 3
here=$(cd "$(dirname "$0")/.." && pwd)

fail() { echo "dist-node: $*" >&2; exit 1; }

declared=$(node -p "require('$here/package.json').version")
[ "$declared" = "$version" ] ||
    fail "bindings/node/package.json has version $declared, the workspace $version"

stage=$work/package
rm -rf "$stage"
mkdir -p "$stage" "$dist"
cp "$here/package.json" "$stage/"
# Every entry of "files" but prebuilds/, which is made here.
node -p "require('$here/package.json').files.filter((f) => f !== 'prebuilds/').join('\n')" |
    while read -r entry; do cp -r "$here/$entry" "$stage/"; done

for spec in "$@"; do
    triple=${spec%%=*} lib=${spec#*=}
    case $triple in
        x86_64-unknown-linux-gnu) key=linux-x64 ;;
        aarch64-unknown-linux-gnu) key=linux-arm64 ;;
        *) fail "$triple: no Node platform-arch for this target" ;;
    esac
    [ -f "$lib" ] || fail "$triple: shared library $lib not found (make dist-lib)"
    mkdir -p "$stage/prebuilds/$key"
    cp "$lib" "$stage/prebuilds/$key/libmeshes_token.so"
done

rm -f "$dist/meshes-token-$version.tgz"
(cd "$stage" && npm pack --pack-destination "$dist" --loglevel=error >/dev/null) ||
    fail "npm pack failed in $stage"
[ -f "$dist/meshes-token-$version.tgz" ] || fail "npm pack wrote no $dist/meshes-token-$version.tgz"
echo "dist-node: $dist/meshes-token-$version.tgz" >&2
