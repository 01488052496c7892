#!/usr/bin/env bash
# The no_std C ABI on Cortex-M firmware under QEMU (issue 14), for thumbv7em-none-eabi
# (Cortex-M4, QEMU mps2-an386) and thumbv6m-none-eabi (Cortex-M0, QEMU microbit: nRF51822,
# 256 KiB flash, 16 KiB RAM). Fails when a proof or a vector fails, never on a size target.
#
#   1. Vectors: firmware (vectors.c + the tables gen_vectors.py makes from tests/vectors) mints,
#      verifies and rejects every vector on the emulated CPU, at opt-level s, z and 3; it must
#      print "cortex-mN: N/N passed" with N = every vector of the four files, and exit 0.
#   2. Link proof: that firmware and probe.c (every entry point) link at s, 3 and z, so no panic
#      path survives on either target; the negative control (canary.rs) must fail to link.
#   3. Stack: probe.c runs each call on a painted stack on the emulated CPU (opt-level s and z).
#   4. Size: what the library adds to the firmware's .text/.rodata/.data/.bss (size.c with and
#      without the calls, arm-none-eabi-size), for the signing path and for every entry point.
#
# The library is built with sha2's compact software backend (on thumb the software backend is
# the only one), one cargo target dir per opt-level (target/embedded-arm/opt-*), so reruns are
# cached; the firmware is rebuilt each run (a few seconds).
set -euo pipefail
cd "$(dirname "$0")/../../.."

CARGO=${CARGO:-cargo}
RUSTC=${RUSTC:-rustc}
ARM_CC=${ARM_CC:-arm-none-eabi-gcc}
ARM_SIZE=${ARM_SIZE:-arm-none-eabi-size}
ARM_NM=${ARM_NM:-arm-none-eabi-nm}
QEMU=${QEMU:-qemu-system-arm}
QEMU_TIMEOUT=${QEMU_TIMEOUT:-300}
# For a partial run or a run over other vector files (e.g. deliberately broken ones).
CPUS=${CPUS:-cortex-m4 cortex-m0}
OPTS=${OPTS:-s z 3}
VECTORS=${VECTORS:-tests/vectors}
SRC=tests/embedded/cortex-m
OUT=target/embedded-arm/firmware
SHA2_CFG='--cfg sha2_backend_soft="compact"'
PANIC_SYMBOL=meshes_token_no_panic_path_must_survive
mkdir -p "$OUT"
broken=0

CFLAGS=(-std=c99 -Wall -Wextra -Werror -pedantic -Os -g -ffunction-sections -fdata-sections
    -Iinclude -I"$SRC" -I"$OUT")
LDFLAGS=(-nostartfiles --specs=nano.specs -Wl,--gc-sections -Wl,-z,noexecstack -Wl,--fatal-warnings
    -L"$SRC")

# The vectors, compiled into C tables; and how many there are, counted independently of the
# generator so that a dropped vector fails the run.
python3 "$SRC/gen_vectors.py" "$VECTORS" "$OUT/vectors.h"
expected=$(python3 -c '
import json, sys
print(sum(len(json.load(open(f"{sys.argv[1]}/{n}.json"))["vectors"])
          for n in ("tokens", "verify_valid", "verify_invalid", "sign_invalid")))' "$VECTORS")

# lib TRIPLE OPT: the no_std static library, built once per opt-level target dir; prints its path.
lib() {
    local triple=$1 opt=$2
    RUSTFLAGS="$SHA2_CFG" "$CARGO" rustc --quiet -p meshes-token-ffi --no-default-features \
        --crate-type staticlib --profile "embedded-$opt" --target "$triple" \
        --target-dir "target/embedded-arm/opt-$opt" >&2
    echo "target/embedded-arm/opt-$opt/$triple/embedded-$opt/libmeshes_token_ffi.a"
}

# cpu NAME: sets TRIPLE, MACHINE, CPUFLAGS for cortex-m4 or cortex-m0.
cpu() {
    case $1 in
    cortex-m4) TRIPLE=thumbv7em-none-eabi MACHINE=mps2-an386
        CPUFLAGS=(-mcpu=cortex-m4 -mthumb -mfloat-abi=soft) ;;
    cortex-m0) TRIPLE=thumbv6m-none-eabi MACHINE=microbit CPUFLAGS=(-mcpu=cortex-m0 -mthumb) ;;
    esac
    CPU=$1
}

# firmware ELF STACK_RESERVE LIB SOURCES/FLAGS...: links a firmware image; the log is ELF.log.
firmware() {
    local elf=$1 reserve=$2 lib=$3
    shift 3
    rm -f "$elf"
    "$ARM_CC" "${CPUFLAGS[@]}" "${CFLAGS[@]}" -DCPU_NAME="\"$CPU\"" "$@" "$SRC/startup.c" \
        "$lib" "${LDFLAGS[@]}" -T "$CPU.ld" -Wl,--defsym=__stack_reserve="$reserve" \
        -Wl,-Map="$elf.map" -o "$elf" >"$elf.log" 2>&1
}

# proof ELF: the link succeeded; the panic handler must not be in it.
linked() {
    local elf=$1
    if [ ! -f "$elf" ] || "$ARM_NM" "$elf" | grep -q "$PANIC_SYMBOL"; then
        echo "  BROKEN: $elf links the panic handler"
        return 1
    fi
}

link_failed() {
    echo "  LINK FAILED: $1"
    grep -m8 -E "undefined reference|error|overflow" "$1.log" | sed 's/^/    /'
    if grep -q "$PANIC_SYMBOL" "$1.log"; then
        echo "    panic paths, from each exported function to the panic handler:"
        python3 tests/embedded/panic_paths.py "$2" | sed 's/^/    /' || true
    fi
}

# qemu ELF: runs the firmware; its output (QEMU writes semihosting output to stderr) on
# stdout, QEMU's exit code as the function's.
qemu() {
    timeout "$QEMU_TIMEOUT" "$QEMU" -machine "$MACHINE" -nographic -monitor none -serial null \
        -semihosting-config enable=on,target=native -kernel "$1" 2>&1
}

# sizes ELF: "text rodata data bss" of an image (.ARM.exidx counted with .rodata).
sizes() {
    "$ARM_SIZE" -A "$1" | awk '
        $1 == ".text" { t = $2 } $1 == ".rodata" || $1 == ".ARM.exidx" { r += $2 }
        $1 == ".data" { d = $2 } $1 == ".bss" { b = $2 }
        END { printf "%d %d %d %d\n", t, r, d, b }'
}

# size_line LABEL BASE_ELF ELF: what ELF adds to BASE_ELF, section by section.
size_line() {
    local -a a b
    read -r -a a <<<"$(sizes "$2")"
    read -r -a b <<<"$(sizes "$3")"
    local text=$((b[0] - a[0])) ro=$((b[1] - a[1])) data=$((b[2] - a[2])) bss=$((b[3] - a[3]))
    printf '    %-18s .text %6d  .rodata %5d  .data %3d  .bss %3d   code+rodata %s KiB\n' \
        "$1" "$text" "$ro" "$data" "$bss" \
        "$(awk -v n=$((text + ro)) 'BEGIN { printf "%.2f", n / 1024 }')"
}

for cpu_name in $CPUS; do
    cpu "$cpu_name"
    echo "== $CPU: $TRIPLE, QEMU $MACHINE"
    for opt in $OPTS; do
        l=$(lib "$TRIPLE" "$opt")
        dir=$OUT/$CPU-$opt
        mkdir -p "$dir"

        # Vectors (also the link proof for every entry point they use).
        if firmware "$dir/vectors.elf" 8192 "$l" "$SRC/vectors.c" && linked "$dir/vectors.elf"; then
            set +e
            result=$(qemu "$dir/vectors.elf")
            rc=$?
            set -e
            printf '%s\n' "$result" | grep -v -e "passed$" -e "^main stack peak" |
                sed 's/^/    /' || true
            line=$(printf '%s\n' "$result" | grep "passed$" || true)
            peak=$(printf '%s\n' "$result" | sed -n 's/^main stack peak of the run: //p')
            if [ "$rc" -eq 0 ] && [ "$line" = "$CPU: $expected/$expected passed" ]; then
                echo "  opt-level $opt: $line (flash $(sizes "$dir/vectors.elf" |
                    awk '{ print $1 + $2 + $3 }') B with the vector tables, RAM" \
                    "$(sizes "$dir/vectors.elf" | awk '{ print $3 + $4 }') B + stack peak $peak)"
            else
                echo "  opt-level $opt: FAILED (QEMU exit $rc, \"${line:-no result line}\"," \
                    "$expected vectors expected)"
                broken=1
            fi
        else
            link_failed "$dir/vectors.elf" "$l"
            broken=1
        fi

        # Every entry point linked, and the stack each call takes (reported at s and z).
        if firmware "$dir/probe.elf" 1024 "$l" "$SRC/probe.c" && linked "$dir/probe.elf"; then
            if [ "$opt" = 3 ]; then
                echo "  opt-level 3: link OK, every entry point (no panic path)"
            elif result=$(qemu "$dir/probe.elf"); then
                echo "  opt-level $opt: link OK, every entry point (no panic path); $result"
            else
                printf '  opt-level %s: stack probe FAILED: %s\n' "$opt" "$result"
                broken=1
            fi
        else
            link_failed "$dir/probe.elf" "$l"
            broken=1
        fi

        if [ "$opt" != 3 ]; then
            for calls in 0 1 2; do
                firmware "$dir/size$calls.elf" 1024 "$l" -DCALLS=$calls "$SRC/size.c" ||
                    { link_failed "$dir/size$calls.elf" "$l"; broken=1; }
            done
            if [ -f "$dir/size0.elf" ] && [ -f "$dir/size1.elf" ] && [ -f "$dir/size2.elf" ]; then
                echo "  opt-level $opt: bytes the library adds to the firmware"
                size_line "signing path:" "$dir/size0.elf" "$dir/size1.elf"
                size_line "every entry point:" "$dir/size0.elf" "$dir/size2.elf"
            fi
        fi
    done

    # Negative control: a library that keeps a panic path must fail to link on this target.
    "$RUSTC" --edition 2024 --crate-type staticlib --target "$TRIPLE" -C panic=abort \
        -C opt-level=s -o "$OUT/libcanary-$CPU.a" tests/embedded/canary.rs
    if firmware "$OUT/canary-$CPU.elf" 1024 "$OUT/libcanary-$CPU.a" "$SRC/canary.c"; then
        echo "  BROKEN: the negative control (a panic path) linked; the proof proves nothing"
        broken=1
    elif grep -q "$PANIC_SYMBOL" "$OUT/canary-$CPU.elf.log"; then
        echo "  negative control: a library with a panic path fails to link, as it must"
    else
        echo "  BROKEN: the negative control failed to link for another reason:"
        sed 's/^/    /' "$OUT/canary-$CPU.elf.log"
        broken=1
    fi
done

if [ "$broken" -ne 0 ]; then
    echo "cortex-m: FAILED (see above)" >&2
    exit 1
fi
echo "cortex-m: all vectors pass on both CPUs; link proofs hold" \
    "(targets: signing path code <= 8 KiB; stack init <= 2560, sign <= 1024, verify <= 4096 B)"
