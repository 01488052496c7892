#!/usr/bin/env bash
# `make test-dist-python`: the Python artifacts of `make dist`, checked as a user gets them.
#   run.sh DIST_DIR VERSION AUDITWHEEL
# 1. check_artifacts.py: both wheels' tags, contents, ELF machine and symbols; the sdist's
#    file list. 2. `auditwheel show` on each wheel agrees with the tag in its name; the
#    aarch64 modules (_native, _fast) load on aarch64 glibc under qemu-aarch64 (load_check.c).
# 3. In a new temporary folder, with HOME there too and cargo/rustc off PATH: a new venv,
#    `pip install` of the x86_64 wheel and PyJWT (from the registry), then mint.py (a copy)
#    mints the README's example token, compares its bytes and checks it with PyJWT; with
#    this interpreter, and with pyenv's CPython 3.9 (the abi3 tag's floor) when it has one.
# Every failure names the artifact and the step.
set -euo pipefail

dist=$1 version=$2 auditwheel=$3
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# The interpreter itself, not a shim (pyenv's shims read HOME).
python=$(python3 -c 'import sys; print(sys.executable)')

fail() { echo "test-dist-python: $1: $2" >&2; exit 1; }

python3 "$here/check_artifacts.py" "$dist" "$version"

for arch in x86_64 aarch64; do
    wheel=$(ls "$dist"/meshes_token-"$version"-cp39-abi3-manylinux_*_"$arch".whl)
    name=$(basename "$wheel")
    tag=${name#meshes_token-"$version"-cp39-abi3-}
    tag=${tag%.whl}
    shown=$("$auditwheel" show "$wheel" 2>&1) || fail "$name" "auditwheel show: $shown"
    # auditwheel wraps its lines; compare with the whitespace folded.
    [[ $(tr -s ' \n' '  ' <<<"$shown") == *"is consistent with the following platform tag: \"$tag\""* ]] ||
        fail "$name" "auditwheel show does not report the tag $tag: $shown"
    echo "test-dist-python: $name: auditwheel show reports $tag"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/meshes-token-dist-python.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The aarch64 modules load on aarch64 glibc: load_check.c under qemu, with stubs for the
# interpreter's symbols (there is no aarch64 Python here to import them).
wheel=$(ls "$dist"/meshes_token-"$version"-cp39-abi3-manylinux_*_aarch64.whl)
name=$(basename "$wheel")
for tool in aarch64-linux-gnu-gcc qemu-aarch64 readelf; do
    command -v $tool >/dev/null || fail "$name" "load check: $tool not found (scripts/install-deps.sh)"
done
mkdir "$tmp/aarch64"
aarch64-linux-gnu-gcc -std=c11 -Wall -Wextra -Werror -o "$tmp/aarch64/load_check" "$here/load_check.c" -ldl ||
    fail "$name" "load check: compiling load_check.c"
for module in _native _fast; do
    so=$tmp/aarch64/$module.abi3.so
    python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
        "$wheel" "meshes_token/$module.abi3.so" >"$so" || fail "$name" "load check: extracting $module"
    readelf -W --dyn-syms "$so" |
        awk '$7 == "UND" && $8 ~ /^_?Py/ { sub(/@.*/, "", $8); print "char " $8 "[64];" }' >"$tmp/aarch64/stubs$module.c"
    aarch64-linux-gnu-gcc -shared -fPIC -o "$tmp/aarch64/libpystubs$module.so" "$tmp/aarch64/stubs$module.c" ||
        fail "$name" "load check: compiling the Python stubs of $module"
    qemu-aarch64 -L /usr/aarch64-linux-gnu "$tmp/aarch64/load_check" "$tmp/aarch64/libpystubs$module.so" \
        "$so" "PyInit_$module" >/dev/null || fail "$name" "load check: dlopen $module under qemu-aarch64"
    echo "test-dist-python: $name: $module loads on aarch64 glibc (qemu-aarch64, $(wc -l <"$tmp/aarch64/stubs$module.c") Python symbols stubbed)"
done

wheel=$(ls "$dist"/meshes_token-"$version"-cp39-abi3-manylinux_*_x86_64.whl)
name=$(basename "$wheel")
pyjwt=$(grep -i '^PyJWT==' "$repo/bindings/python/requirements-dev.txt")
cp "$wheel" "$here/mint.py" "$repo/tests/vectors/tokens.json" "$tmp/"
cargo_bin=$HOME/.cargo/bin
home=$HOME
export HOME=$tmp/home
mkdir "$HOME"
# PATH without cargo and rustc: drop ~/.cargo/bin and every folder that holds either.
clean=
IFS=: read -ra entries <<<"$PATH"
for dir in "${entries[@]}"; do
    [ "$dir" = "$cargo_bin" ] || [ -x "$dir/cargo" ] || [ -x "$dir/rustc" ] || clean=${clean:+$clean:}$dir
done
export PATH=$clean
unset CARGO RUSTC CARGO_HOME RUSTUP_HOME
if command -v cargo >/dev/null || command -v rustc >/dev/null; then
    fail "$name" "setup: cargo or rustc is still on PATH"
fi
cd "$tmp"
# install_and_mint PYTHON: a new venv of that interpreter, the wheel and PyJWT, then mint.py.
install_and_mint() {
    local label
    label=python$("$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
    "$1" -m venv "venv-$label" || fail "$name" "$label -m venv"
    "venv-$label/bin/python" -m pip install --quiet --disable-pip-version-check --no-cache-dir \
        "./$name" "$pyjwt" || fail "$name" "$label: pip install $name $pyjwt"
    "venv-$label/bin/python" mint.py tokens.json ||
        fail "$name" "$label: mint.py (mint the example token, check it with PyJWT)"
    echo "test-dist-python: $name installs into $label without Rust and mints the example token"
}
install_and_mint "$python"
# The cp39-abi3 tag's floor: also CPython 3.9, the oldest version the wheel claims, when pyenv
# holds it (this machine's image does), as a module using newer API would fail there.
floor=$(ls -d "${PYENV_ROOT:-$home/.pyenv}"/versions/3.9.*/bin/python3 2>/dev/null | sort -V | tail -n 1)
if [ -n "$floor" ]; then
    install_and_mint "$floor"
else
    echo "test-dist-python: no CPython 3.9 in ${PYENV_ROOT:-$home/.pyenv}/versions: only $python tested"
fi
