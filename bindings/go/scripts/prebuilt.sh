#!/usr/bin/env bash
# The prebuilt static archives that bindings/go carries (internal/lib/<goos>_<goarch>/).
#
#   prebuilt.sh build         (`make go-prebuilt`) builds the no_std C library of
#                             meshes-token-ffi for every platform below, reduces it to the one
#                             object C programs link, and writes the archive, its MANIFEST and
#                             the header copy into the module
#   prebuilt.sh check [ROOT]  (`make test-go`) recomputes the inputs hash of the repository at
#                             ROOT (default: this one) and fails, naming `make go-prebuilt`,
#                             when a committed archive, MANIFEST or header copy is stale
#
# The archive: `cargo rustc --no-default-features --crate-type staticlib` with the go-prebuilt
# profile (release, panic = "abort"), so no Rust std, no unwinding, no system libraries. rustc's
# staticlib also carries every compiler_builtins object (about 2 MiB); `ld -r --gc-sections`
# keeps only what the exported meshes_* functions reach, which must need nothing but a few libc
# functions (ALLOWED_UNDEFINED): an undefined meshes_token_no_panic_path_must_survive would mean
# a panic path survived (see tests/embedded), and it fails the build here.
set -euo pipefail

# go-platform:rust-triple:binutils-prefix
PLATFORMS=(
    linux_amd64:x86_64-unknown-linux-gnu:x86_64-linux-gnu-
    linux_arm64:aarch64-unknown-linux-gnu:aarch64-linux-gnu-
)
PROFILE=go-prebuilt
# The only symbols the archive may leave to the C program, all from libc: the mem* functions,
# and getauxval, with which sha2 detects the SHA instructions of arm64 CPUs at run time.
ALLOWED_UNDEFINED='^(bcmp|memcmp|memcpy|memmove|memset|getauxval)$'

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
MODULE_REL=bindings/go
LIB_REL=$MODULE_REL/internal/lib

die() {
    echo "go-prebuilt: $*" >&2
    exit 1
}

# inputs_hash ROOT: sha256 over every input that shapes the archives: the sources and
# manifests of core and ffi, Cargo.lock, .cargo/config.toml (rustflags would go there), the
# workspace version and the release and go-prebuilt profiles of Cargo.toml, and this script
# (the build command and flags). A change to any of them makes the committed archives stale.
inputs_hash() {
    local root=$1
    (
        cd "$root"
        export LC_ALL=C
        {
            find meshes-token-core/src meshes-token-ffi/src -type f -name '*.rs' | sort
            printf '%s\n' meshes-token-core/Cargo.toml meshes-token-ffi/Cargo.toml \
                meshes-token-ffi/build.rs Cargo.lock .cargo/config.toml \
                "$MODULE_REL/scripts/prebuilt.sh"
        } | while read -r f; do
            [ -f "$f" ] || die "input $f is missing under $root"
            printf '%s  %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$f"
        done
        # The Cargo.toml lines that shape the archive, nothing else of it.
        awk '/^\[/ { keep = ($0 == "[workspace.package]" || $0 == "[profile.release]" ||
                             $0 == "[profile.'"$PROFILE"']") }
             keep && !/^#/ && !/^$/ && (!/^(repository|homepage|authors|keywords|categories|license|rust-version) =/)' \
            Cargo.toml | sha256sum | sed 's/-$/Cargo.toml [workspace.package] [profile.release] [profile.'"$PROFILE"']/'
    ) | sha256sum | cut -d' ' -f1
}

crate_version() {
    sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' "$1/Cargo.toml"
}

build() {
    local root
    root=$(cd "$SCRIPT_DIR/../../.." && pwd)
    cd "$root"
    local cargo_home=${CARGO_HOME:-$HOME/.cargo} sysroot hash version rustc_v
    sysroot=$(rustc --print sysroot)
    rustc_v=$(rustc -V)
    hash=$(inputs_hash "$root")
    version=$(crate_version "$root")
    # No absolute path of this machine may reach the archive (panic locations are gone with
    # the panic paths, but file names can survive in symbols and sections).
    local rustflags="--remap-path-prefix=$root=/meshes-token --remap-path-prefix=$cargo_home=/cargo --remap-path-prefix=$sysroot=/rust"
    local entry plat triple prefix
    for entry in "${PLATFORMS[@]}"; do
        IFS=: read -r plat triple prefix <<<"$entry"
        command -v "${prefix}ld" >/dev/null ||
            die "${prefix}ld not found (binutils of $triple; run scripts/install-deps.sh)"
        rustup target list --installed 2>/dev/null | grep -qx "$triple" ||
            die "Rust target $triple not installed (rustup target add $triple; run scripts/install-deps.sh)"
        echo "go-prebuilt: $plat ($triple)"
        RUSTFLAGS=$rustflags cargo rustc --quiet --locked -p meshes-token-ffi --no-default-features \
            --crate-type staticlib --profile "$PROFILE" --target "$triple" \
            --target-dir target/go-prebuilt
        local staticlib=target/go-prebuilt/$triple/$PROFILE/libmeshes_token_ffi.a
        local work=target/go-prebuilt/$triple/module
        rm -rf "$work" && mkdir -p "$work"
        # The exported functions are the roots of the partial link; nothing else is kept.
        local exports=()
        mapfile -t exports < <("${prefix}nm" -g --defined-only "$staticlib" 2>/dev/null |
            awk '$2 == "T" && $3 ~ /^meshes_/ { print $3 }' | sort -u)
        [ "${#exports[@]}" -gt 0 ] || die "$staticlib exports no meshes_* function"
        "${prefix}ld" -r --gc-sections "${exports[@]/#/--undefined=}" -o "$work/meshes_token.o" \
            "$staticlib"
        "${prefix}strip" --strip-debug "$work/meshes_token.o"
        local undefined
        undefined=$("${prefix}nm" -u "$work/meshes_token.o" | awk '{ print $2 }' |
            grep -Ev "$ALLOWED_UNDEFINED" || true)
        [ -z "$undefined" ] || die "the $triple archive needs symbols beyond libc's" \
            "(meshes_token_no_panic_path_must_survive = a panic path survived): $undefined"
        local dir=$LIB_REL/$plat
        mkdir -p "$dir"
        rm -f "$dir/libmeshes_token.a"
        # D: deterministic (no timestamps, uid, gid or modes in the archive).
        "${prefix}ar" rcsD "$dir/libmeshes_token.a" "$work/meshes_token.o"
        write_manifest "$dir" "$version" "$triple" "$hash" "$rustc_v" "${#exports[@]}"
    done
    mkdir -p "$LIB_REL/include"
    cp include/meshes_token.h "$LIB_REL/include/meshes_token.h"
    echo "go-prebuilt: inputs sha256 $hash"
}

write_manifest() {
    local dir=$1 version=$2 triple=$3 hash=$4 rustc_v=$5 nexports=$6
    local a=$dir/libmeshes_token.a
    cat >"$dir/MANIFEST" <<MANIFEST
# Written by \`make go-prebuilt\` (bindings/go/scripts/prebuilt.sh); checked by \`make test-go\`.
crate: meshes-token-ffi $version
target: $triple
build: cargo rustc -p meshes-token-ffi --no-default-features --crate-type staticlib --profile $PROFILE; ld -r --gc-sections ($nexports meshes_* roots); strip --strip-debug
toolchain: $rustc_v
inputs-sha256: $hash
archive-sha256: $(sha256sum <"$a" | cut -d' ' -f1)
archive-bytes: $(wc -c <"$a")
MANIFEST
}

# field FILE NAME: the value of "NAME: value" in a MANIFEST.
field() { sed -n "s/^$2: //p" "$1"; }

check() {
    local root=${1:-$(cd "$SCRIPT_DIR/../../.." && pwd)}
    local hash version stale=() entry plat triple prefix
    hash=$(inputs_hash "$root")
    version=$(crate_version "$root")
    for entry in "${PLATFORMS[@]}"; do
        IFS=: read -r plat triple prefix <<<"$entry"
        local dir=$root/$LIB_REL/$plat m=$root/$LIB_REL/$plat/MANIFEST
        if [ ! -f "$m" ] || [ ! -f "$dir/libmeshes_token.a" ]; then
            stale+=("$plat: archive or MANIFEST missing")
            continue
        fi
        [ "$(field "$m" target)" = "$triple" ] || stale+=("$plat: MANIFEST target is not $triple")
        [ "$(field "$m" crate)" = "meshes-token-ffi $version" ] ||
            stale+=("$plat: built from $(field "$m" crate), the workspace is $version")
        [ "$(field "$m" inputs-sha256)" = "$hash" ] ||
            stale+=("$plat: the Rust sources, Cargo.lock or the profile changed since it was built")
        [ "$(field "$m" archive-sha256)" = "$(sha256sum <"$dir/libmeshes_token.a" | cut -d' ' -f1)" ] ||
            stale+=("$plat: libmeshes_token.a is not the archive its MANIFEST describes")
    done
    cmp -s "$root/include/meshes_token.h" "$root/$LIB_REL/include/meshes_token.h" ||
        stale+=("include: $LIB_REL/include/meshes_token.h differs from include/meshes_token.h")
    if [ "${#stale[@]}" -gt 0 ]; then
        echo "go-prebuilt: the prebuilt archives of bindings/go are STALE; run \`make go-prebuilt\` and commit $LIB_REL:" >&2
        printf '  %s\n' "${stale[@]}" >&2
        exit 1
    fi
    echo "go-prebuilt: archives fresh (inputs sha256 ${hash:0:16}...)"
}

case ${1:-} in
build) build ;;
check) check "${2:-}" ;;
*) die "usage: prebuilt.sh build | check [ROOT]" ;;
esac
