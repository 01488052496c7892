#!/usr/bin/env bash
# Embedded proofs for the no_std C ABI (issue 3): prints its figures; fails only when a proof
# is broken (a required link fails, or the negative control links), never on a size target.
#
#   1. Link proof: the no_std static library (panic handler = a call to an undefined symbol)
#      links into a C program calling every entry point, at opt-level "s" and 3 (required)
#      and "z" (reported). A surviving panic path would fail the link.
#   2. .text of the signing path (init + sign + clear) at opt-level "s", with sha2's default
#      backend, with --cfg sha2_backend_soft="compact", and with the software backend forced
#      and compact (what a CPU without SHA instructions runs). Target: <= 8 KiB compact.
#   3. Stack high-water of meshes_signer_init / _sign / meshes_verify_token on a painted
#      stack. Targets: init <= 2.5 KiB, sign <= 1 KiB, verify <= 4 KiB.
#
# Builds go to target/embedded (one cargo profile per variant, so reruns are cached).
set -euo pipefail
cd "$(dirname "$0")/../.."

CARGO=${CARGO:-cargo}
CC=${CC:-cc}
RUSTC=${RUSTC:-rustc}
HOST=$("$RUSTC" -vV | sed -n 's/^host: //p')
TARGET_DIR=target/embedded
OUT=$TARGET_DIR/c
mkdir -p "$OUT"
CFLAGS=(-std=c99 -Wall -Wextra -Werror -Os -Iinclude)
LDFLAGS=(-Wl,--gc-sections)
broken=0

# build PROFILE [RUSTFLAGS...]: the no_std static library of meshes-token-ffi; prints its path.
build() {
    local profile=$1
    shift
    RUSTFLAGS="$*" "$CARGO" rustc --quiet -p meshes-token-ffi --no-default-features \
        --crate-type staticlib --profile "$profile" --target "$HOST" --target-dir "$TARGET_DIR" >&2
    echo "$TARGET_DIR/$HOST/$profile/libmeshes_token_ffi.a"
}

text_size() { size -A "$1" | awk '$1 == ".text" { print $2 }'; }

# link LIB NAME: links probe.c with LIB; on success runs it (stack figures), else shows why.
link_probe() {
    local lib=$1 name=$2 log="$OUT/link_$2.log"
    if "$CC" "${CFLAGS[@]}" tests/embedded/probe.c "$lib" "${LDFLAGS[@]}" -o "$OUT/probe_$name" \
        >"$log" 2>&1; then
        if nm "$OUT/probe_$name" | grep -q meshes_token_no_panic_path_must_survive; then
            echo "  $name: linked, but the panic handler is in the program"
            return 1
        fi
        echo "  opt-level $name: link OK (no panic path); $("$OUT/probe_$name")"
        return 0
    fi
    echo "  opt-level $name: LINK FAILED:"
    grep -m5 -E "undefined reference|error" "$log" | sed 's/^/    /'
    echo "    panic paths, from each exported function to the panic handler:"
    python3 tests/embedded/panic_paths.py "$lib" | sed 's/^/  /'
    return 1
}

echo "== embedded: no_std static library, $HOST"

# The library must not carry Rust's std.
lib_s=$(build embedded-s)
if nm -C "$lib_s" 2>/dev/null | grep -qE ' std::'; then
    echo "  BROKEN: the no_std library contains std symbols" >&2
    broken=1
fi

echo "-- link proof"
link_probe "$lib_s" s || broken=1
link_probe "$(build embedded-3)" 3 || broken=1
link_probe "$(build embedded-z)" z || echo "  (opt-level z is reported, not required)"

# Negative control: a library that keeps a panic path must fail to link.
"$RUSTC" --edition 2024 --crate-type staticlib -C panic=abort -C opt-level=s \
    -o "$OUT/libcanary.a" tests/embedded/canary.rs
if "$CC" "${CFLAGS[@]}" tests/embedded/canary.c "$OUT/libcanary.a" "${LDFLAGS[@]}" \
    -o "$OUT/canary" >"$OUT/link_canary.log" 2>&1; then
    echo "  BROKEN: the negative control (a panic path) linked; the proof proves nothing" >&2
    broken=1
elif grep -q meshes_token_no_panic_path_must_survive "$OUT/link_canary.log"; then
    echo "  negative control: a library with a panic path fails to link, as it must"
else
    echo "  BROKEN: the negative control failed to link for another reason:" >&2
    sed 's/^/    /' "$OUT/link_canary.log" >&2
    broken=1
fi

echo "-- .text of the signing path (init + sign + clear), opt-level s"
"$CC" "${CFLAGS[@]}" tests/embedded/baseline.c "${LDFLAGS[@]}" -o "$OUT/baseline"
base=$(text_size "$OUT/baseline")
for variant in default compact soft-compact; do
    case $variant in
    default) lib=$lib_s ;;
    compact) lib=$(build embedded-s-compact --cfg 'sha2_backend_soft="compact"') ;;
    soft-compact) lib=$(build embedded-s-soft --cfg 'sha2_backend="soft"' \
        --cfg 'sha2_backend_soft="compact"') ;;
    esac
    "$CC" "${CFLAGS[@]}" tests/embedded/sign_only.c "$lib" "${LDFLAGS[@]}" -o "$OUT/sign_$variant"
    text=$(($(text_size "$OUT/sign_$variant") - base))
    printf '  sha2 %-13s %6d bytes (%s KiB)%s\n' "$variant:" "$text" \
        "$(awk -v t="$text" 'BEGIN { printf "%.1f", t / 1024 }')" \
        "$([ "$variant" != default ] && [ "$text" -gt 8192 ] && echo '  above the 8 KiB target')"
    if [ "$variant" != default ]; then
        link_probe "$lib" "s-$variant" || broken=1
    fi
done

if [ "$broken" -ne 0 ]; then
    echo "embedded: a proof is BROKEN (see above)" >&2
    exit 1
fi
echo "embedded: proofs hold (stack targets: init <= 2560, sign <= 1024, verify <= 4096 bytes)"
