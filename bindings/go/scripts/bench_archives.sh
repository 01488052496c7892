#!/usr/bin/env bash
# The prebuilt archive against today's std library, counted rather than timed (run by hand):
# one C driver calls meshes_signer_sign 1,000 times, linked once with the module's linux_amd64
# archive and once with target/release/libmeshes_token_ffi.a; callgrind counts the instructions
# executed inside meshes_signer_sign. Instruction counts do not depend on the load of the
# machine, unlike ns/op. (Under valgrind, sha2 sees no SHA extensions and takes its software
# path in both builds.)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
CC=${CC:-cc}
VALGRIND=${VALGRIND:-valgrind}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/drv.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "meshes_token.h"

int main(void) {
    static meshes_signer s;
    const char *ak = "AK7f3kQ9mZ2pL8xR4tV6", *org = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60";
    const char *sec = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF";
    char tok[MESHES_TOKEN_MAX_LEN + 1];
    size_t n = 0;
    if (meshes_signer_init(&s, ak, strlen(ak), (const uint8_t *)sec, strlen(sec), org, strlen(org)))
        return 1;
    for (unsigned i = 0; i < 1000; i++)
        if (meshes_signer_sign(&s, 1767225600u + i, 30, tok, sizeof tok, &n))
            return 2;
    meshes_signer_clear(&s);
    printf("%.*s\n", (int)n, tok);
    return 0;
}
C
prebuilt=$ROOT/bindings/go/internal/lib/linux_amd64/libmeshes_token.a
std=$ROOT/target/release/libmeshes_token_ffi.a
[ -f "$std" ] || { echo "bench_archives: $std missing (make ffi-lib)" >&2; exit 1; }
"$CC" -O2 -I"$ROOT/include" "$tmp/drv.c" "$prebuilt" -o "$tmp/prebuilt"
"$CC" -O2 -I"$ROOT/include" "$tmp/drv.c" "$std" -lgcc_s -lutil -lrt -lpthread -lm -ldl -o "$tmp/std"
[ "$("$tmp/prebuilt")" = "$("$tmp/std")" ] || { echo "bench_archives: the two builds sign differently" >&2; exit 1; }
for v in prebuilt std; do
    "$VALGRIND" --tool=callgrind --callgrind-out-file="$tmp/cg.$v" --toggle-collect=meshes_signer_sign \
        "$tmp/$v" >/dev/null 2>"$tmp/$v.log"
    ir=$(sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$tmp/$v.log")
    strip -o "$tmp/$v.stripped" "$tmp/$v"
    printf 'meshes_signer_sign, %-8s archive: %6d instructions per token (stripped program: %s bytes)\n' \
        "$v" $((ir / 1000)) "$(stat -c %s "$tmp/$v.stripped")"
done
