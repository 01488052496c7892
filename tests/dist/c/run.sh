#!/usr/bin/env bash
# make test-dist-c: installs the C SDK tarballs of `make dist` the way a user would, in a fresh
# temporary folder, with no Rust toolchain on PATH, HOME elsewhere, and nothing read from this
# repository after the copy at the start (the test sources, the vectors, the tarballs).
#
#   both triples  the tarball's exact file list under one top folder, the SONAME and links,
#                 the exported symbols (nm -D: exactly the functions of meshes_token.h), the
#                 ELF machine, and no path of the build machine in any file
#   x86_64        mint.c via pkg-config (shared + LD_LIBRARY_PATH; --static with -static; the
#                 static library with a dynamic libc), mint.cpp via pkg-config, and a CMake
#                 project with find_package(meshes-token CONFIG REQUIRED) linking mint.c and
#                 mint.cpp to both imported targets
#   aarch64       mint.c cross-compiled with aarch64-linux-gnu-gcc (shared and fully static),
#                 run under qemu-aarch64; the C suite of tests/c against the static library,
#                 run under qemu-aarch64
#
# Every program must print the token jsonwebtoken made for the README example
# (tests/vectors/tokens.json), byte for byte, and the workspace version. A missing tool is an
# error naming its Debian package, never a skip. Every failure names the artifact and the step.
#
# Environment: DIST_DIR (the tarballs), DIST_VERSION, FFI_SUITE (the C suite's source files,
# as mk/ffi.mk lists them), CMAKE (default cmake).
set -Eeuo pipefail

repo=$(cd "$(dirname "$0")/../../.." && pwd)
: "${DIST_DIR:?DIST_DIR (the folder of the tarballs) is required}"
: "${DIST_VERSION:?DIST_VERSION (the workspace version) is required}"
: "${FFI_SUITE:?FFI_SUITE (the C suite files of mk/ffi.mk) is required}"
CMAKE=${CMAKE:-cmake}

artifact="(setup)"
step="start"
trap 'echo "test-dist-c: FAILED: artifact $artifact, step: $step" >&2' ERR
fail() {
    echo "test-dist-c: FAILED: artifact $artifact, step: $step: $*" >&2
    exit 1
}

# need TOOL PACKAGE: a missing tool is an error, never a skip.
need() {
    command -v "$1" >/dev/null ||
        fail "$1 not found (Debian package $2; scripts/install-deps.sh installs it)"
}
step="toolchain"
need cc gcc
need c++ g++
need pkg-config pkg-config
need "$CMAKE" cmake
need readelf binutils
need nm binutils
need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
need aarch64-linux-gnu-nm binutils-aarch64-linux-gnu
need qemu-aarch64 qemu-user
[ -d /usr/aarch64-linux-gnu/lib ] ||
    fail "/usr/aarch64-linux-gnu/lib missing (Debian package libc6-dev-arm64-cross)"

work=$(mktemp -d "${TMPDIR:-/tmp}/meshes-dist-c.XXXXXX")
trap 'rm -rf "$work"' EXIT

x86=x86_64-unknown-linux-gnu
arm=aarch64-unknown-linux-gnu
sdk_name() { echo "meshes-token-$DIST_VERSION-$1"; }

step="copy the test inputs"
mkdir -p "$work/src" "$work/home" "$work/tarballs"
cp -R "$repo/tests/dist/c/consumer" "$work/src/consumer"
mkdir -p "$work/src/suite"
cp "$repo"/tests/c/*.c "$repo"/tests/c/*.h "$work/src/suite/"
suite=()
for f in $FFI_SUITE; do suite+=("src/suite/$(basename "$f")"); done
[ ${#suite[@]} -gt 0 ] || fail "FFI_SUITE (the C suite's files, mk/ffi.mk) is empty"
cp -R "$repo/tests/vectors" "$work/src/vectors"
for t in $x86 $arm; do
    artifact="$DIST_DIR/$(sdk_name $t).tar.gz"
    [ -f "$artifact" ] || fail "not built (make dist-c)"
    cp "$artifact" "$work/tarballs/"
done
artifact="tests/vectors/tokens.json"
step="read the reference token"
expected_token=$(python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
v = next(v for v in doc["vectors"] if v["name"] == "example")
print(v["tokens"][doc["reference"]])' "$work/src/vectors/tokens.json")
[ ${#expected_token} -eq 311 ] || fail "reference token has ${#expected_token} bytes, not 311"
expected=$(printf '%s\n%s' "$expected_token" "$DIST_VERSION")
# The functions the header declares: the shared library must export exactly these.
header_functions=$(sed -n 's/^[a-z].*[ *]\(meshes_[a-z_]*\)(.*/\1/p' "$repo/include/meshes_token.h" | sort)
[ -n "$header_functions" ] || fail "no function found in meshes_token.h"

step="hide the Rust toolchain"
clean_path=""
IFS=: read -ra path_parts <<<"$PATH"
for p in "${path_parts[@]}"; do
    case $p in "" | "$HOME/.cargo/bin" | "$repo"*) continue ;; esac
    [ -e "$p/cargo" ] || [ -e "$p/rustc" ] || [ -e "$p/rustup" ] && continue
    clean_path+=${clean_path:+:}$p
done
export PATH=$clean_path HOME=$work/home
unset CARGO CARGO_HOME CARGO_TARGET_DIR RUSTC RUSTUP_HOME RUSTUP_TOOLCHAIN RUSTFLAGS \
    PKG_CONFIG_PATH PKG_CONFIG_LIBDIR LD_LIBRARY_PATH LIBRARY_PATH CPATH C_INCLUDE_PATH \
    CPLUS_INCLUDE_PATH CMAKE_PREFIX_PATH MAKEFLAGS MFLAGS MAKELEVEL
for tool in cargo rustc rustup; do
    ! command -v $tool >/dev/null || fail "$tool still on PATH at $(command -v $tool)"
done
cd "$work"

# check_output WHAT ACTUAL: ACTUAL must be the reference token and the version, exactly.
check_output() {
    [ "$2" = "$expected" ] || fail "$1 printed:
$2
expected:
$expected"
}
# needed FILE: the DT_NEEDED entries of an ELF file, one a line.
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }

# check_sdk TRIPLE NM MACHINE: unpacks the tarball into $work/<triple> and checks its layout;
# prints nothing, leaves $sdk set.
check_sdk() {
    local t=$1 nm=$2 machine=$3 name
    name=$(sdk_name "$t")
    artifact="$name.tar.gz"
    step="list the tarball"
    local listing expected_listing
    listing=$(tar -tzf "tarballs/$name.tar.gz" | sed 's|/$||' | sort)
    expected_listing=$(printf '%s\n' "$name" "$name/README.md" "$name/LICENSE-MIT" \
        "$name/LICENSE-APACHE" "$name/include" "$name/include/meshes_token.h" \
        "$name/include/meshes_token.hpp" "$name/lib" "$name/lib/libmeshes_token.a" \
        "$name/lib/libmeshes_token.so" "$name/lib/libmeshes_token.so.0" \
        "$name/lib/libmeshes_token.so.$DIST_VERSION" "$name/lib/pkgconfig" \
        "$name/lib/pkgconfig/meshes-token.pc" "$name/lib/cmake" "$name/lib/cmake/meshes-token" \
        "$name/lib/cmake/meshes-token/meshes-tokenConfig.cmake" \
        "$name/lib/cmake/meshes-token/meshes-tokenConfigVersion.cmake" | sort)
    [ "$listing" = "$expected_listing" ] || fail "files differ from the documented layout:
$(diff <(echo "$expected_listing") <(echo "$listing") || true)"
    step="unpack"
    mkdir -p "$work/$t"
    tar -xzf "tarballs/$name.tar.gz" -C "$work/$t"
    sdk=$work/$t/$name
    local lib=$sdk/lib
    step="SONAME and links of libmeshes_token.so"
    [ "$(readlink "$lib/libmeshes_token.so")" = libmeshes_token.so.0 ] || fail "libmeshes_token.so -> $(readlink "$lib/libmeshes_token.so")"
    [ "$(readlink "$lib/libmeshes_token.so.0")" = "libmeshes_token.so.$DIST_VERSION" ] || fail "libmeshes_token.so.0 -> $(readlink "$lib/libmeshes_token.so.0")"
    local soname
    soname=$(readelf -d "$lib/libmeshes_token.so.$DIST_VERSION" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
    [ "$soname" = libmeshes_token.so.0 ] || fail "SONAME is '$soname', not libmeshes_token.so.0"
    step="ELF machine"
    readelf -h "$lib/libmeshes_token.so.$DIST_VERSION" | grep -q "Machine: *$machine" ||
        fail "libmeshes_token.so is not $machine"
    step="exported symbols (nm -D)"
    local exported
    exported=$("$nm" -D --defined-only "$lib/libmeshes_token.so.$DIST_VERSION" | awk '{ print $3 }' | sort)
    [ "$exported" = "$header_functions" ] || fail "exports differ from meshes_token.h's functions:
$(diff <(echo "$header_functions") <(echo "$exported") || true)"
    step="static library defines every function"
    local defined
    # readelf, not nm: GNU nm lists no symbol of an object that also carries LLVM bitcode.
    defined=$(readelf -sW "$lib/libmeshes_token.a" |
        awk '$4 == "FUNC" && $5 == "GLOBAL" && $7 != "UND" && $8 ~ /^meshes_/ { print $8 }' | sort -u)
    [ "$defined" = "$header_functions" ] || fail "libmeshes_token.a defines:
$defined"
    step="no path of the build machine in any file"
    local leaks
    leaks=$(grep -rlaF -e "$repo/" -e "/.cargo/registry" "$sdk" || true)
    [ -z "$leaks" ] || fail "build paths in: $leaks"
    step="pkg-config --modversion"
    local v
    v=$(PKG_CONFIG_LIBDIR=$lib/pkgconfig pkg-config --modversion meshes-token)
    [ "$v" = "$DIST_VERSION" ] || fail "pkg-config says $v"
}

# --- x86_64 -------------------------------------------------------------------------------
check_sdk $x86 nm "Advanced Micro Devices X86-64"
export PKG_CONFIG_LIBDIR=$sdk/lib/pkgconfig
out=$work/out-x86
mkdir -p "$out"
cflags=(-std=c99 -Wall -Wextra -Werror -pedantic)

step="pkg-config, shared: build"
# shellcheck disable=SC2046
cc "${cflags[@]}" src/consumer/mint.c $(pkg-config --cflags --libs meshes-token) -o "$out/pc_shared"
step="pkg-config, shared: links libmeshes_token.so.0"
needed "$out/pc_shared" | grep -qx libmeshes_token.so.0 || fail "NEEDED: $(needed "$out/pc_shared" | tr '\n' ' ')"
step="pkg-config, shared: run with LD_LIBRARY_PATH"
check_output pc_shared "$(LD_LIBRARY_PATH=$sdk/lib "$out/pc_shared")"

step="pkg-config --static, cc -static: build"
# glibc warns that getaddrinfo/getpwuid_r in a static program need its shared NSS modules at
# run time (std's code, never called by this library); the warnings are expected.
# shellcheck disable=SC2046
cc -static "${cflags[@]}" src/consumer/mint.c $(pkg-config --static --cflags --libs meshes-token) \
    -o "$out/pc_static" 2>"$out/pc_static.log" || { cat "$out/pc_static.log" >&2; false; }
step="pkg-config --static: no dynamic section"
readelf -d "$out/pc_static" | grep -q "no dynamic section" || fail "NEEDED: $(needed "$out/pc_static" | tr '\n' ' ')"
step="pkg-config --static: run"
check_output pc_static "$("$out/pc_static")"

step="pkg-config staticlib + native_libs (dynamic libc): build"
# shellcheck disable=SC2046
cc "${cflags[@]}" src/consumer/mint.c $(pkg-config --cflags meshes-token) \
    "$(pkg-config --variable=staticlib meshes-token)" $(pkg-config --variable=native_libs meshes-token) \
    -o "$out/pc_staticlib"
step="pkg-config staticlib: no libmeshes_token in NEEDED"
! needed "$out/pc_staticlib" | grep -q meshes || fail "NEEDED: $(needed "$out/pc_staticlib" | tr '\n' ' ')"
step="pkg-config staticlib: run"
check_output pc_staticlib "$("$out/pc_staticlib")"

step="C++ wrapper via pkg-config: build"
# shellcheck disable=SC2046
c++ -std=c++17 -Wall -Wextra -Werror src/consumer/mint.cpp $(pkg-config --cflags --libs meshes-token) \
    -o "$out/pc_cpp"
step="C++ wrapper via pkg-config: run with LD_LIBRARY_PATH"
check_output pc_cpp "$(LD_LIBRARY_PATH=$sdk/lib "$out/pc_cpp")"
unset PKG_CONFIG_LIBDIR

step="CMake find_package(meshes-token CONFIG REQUIRED): configure"
"$CMAKE" -S src/consumer -B "$out/cmake" -DCMAKE_PREFIX_PATH="$sdk" \
    -DMESHES_TOKEN_EXPECTED_VERSION="$DIST_VERSION" >"$out/cmake.log" 2>&1 ||
    { cat "$out/cmake.log" >&2; false; }
step="CMake find_package: build"
"$CMAKE" --build "$out/cmake" -j 2 >>"$out/cmake.log" 2>&1 || { cat "$out/cmake.log" >&2; false; }
for exe in mint_c_shared mint_cpp_shared mint_c_static mint_cpp_static; do
    step="CMake find_package: $exe: NEEDED"
    case $exe in
    *_shared) needed "$out/cmake/$exe" | grep -qx libmeshes_token.so.0 || fail "$(needed "$out/cmake/$exe" | tr '\n' ' ')" ;;
    *) ! needed "$out/cmake/$exe" | grep -q meshes || fail "$(needed "$out/cmake/$exe" | tr '\n' ' ')" ;;
    esac
    step="CMake find_package: $exe: run (no LD_LIBRARY_PATH: CMake's build RPATH)"
    check_output "$exe" "$("$out/cmake/$exe")"
done
echo "test-dist-c: $(sdk_name $x86).tar.gz: layout, SONAME, exports, pkg-config (shared, static, staticlib), C++, CMake (both targets) OK"

# --- aarch64 ------------------------------------------------------------------------------
check_sdk $arm aarch64-linux-gnu-nm AArch64
export PKG_CONFIG_LIBDIR=$sdk/lib/pkgconfig
out=$work/out-arm
mkdir -p "$out"
qemu=(qemu-aarch64 -L /usr/aarch64-linux-gnu)

step="aarch64-linux-gnu-gcc, pkg-config shared: build"
# shellcheck disable=SC2046
aarch64-linux-gnu-gcc "${cflags[@]}" src/consumer/mint.c $(pkg-config --cflags --libs meshes-token) \
    -o "$out/pc_shared"
step="aarch64 shared: ELF machine"
readelf -h "$out/pc_shared" | grep -q "Machine: *AArch64" || fail "not an AArch64 program"
step="aarch64 shared: run under qemu-aarch64"
check_output "aarch64 pc_shared" "$("${qemu[@]}" -E LD_LIBRARY_PATH="$sdk/lib" "$out/pc_shared")"

step="aarch64-linux-gnu-gcc -static, pkg-config --static: build"
# shellcheck disable=SC2046
aarch64-linux-gnu-gcc -static "${cflags[@]}" src/consumer/mint.c \
    $(pkg-config --static --cflags --libs meshes-token) -o "$out/pc_static" 2>"$out/pc_static.log" ||
    { cat "$out/pc_static.log" >&2; false; }
step="aarch64 static: run under qemu-aarch64"
check_output "aarch64 pc_static" "$("${qemu[@]}" "$out/pc_static")"

step="aarch64 C suite (tests/c) against libmeshes_token.a: build"
# shellcheck disable=SC2046
aarch64-linux-gnu-gcc "${cflags[@]}" -g -O1 -DMESHES_EXPECTED_VERSION="\"$DIST_VERSION\"" \
    $(pkg-config --cflags meshes-token) "${suite[@]}" "$(pkg-config --variable=staticlib meshes-token)" \
    $(pkg-config --variable=native_libs meshes-token) -o "$out/c_tests"
step="aarch64 C suite: run under qemu-aarch64"
"${qemu[@]}" "$out/c_tests" src/vectors >"$out/c_tests.log" 2>&1 || { cat "$out/c_tests.log" >&2; false; }
tail -n 1 "$out/c_tests.log"
unset PKG_CONFIG_LIBDIR
echo "test-dist-c: $(sdk_name $arm).tar.gz: layout, SONAME, exports, shared and static programs and the C suite under qemu-aarch64 OK"
