#!/usr/bin/env bash
# Where a call of the Go binding spends its instructions, counted by callgrind (README.md,
# "Where the time goes"): for (*Signer).Sign, Verify and (*Verifier).Verify, the instructions
# per call of the whole Go call, of the C function it calls, and of the library's SHA-256
# compressions inside it; and, for comparison, Go's own crypto/sha256 per 64-byte block.
# Instruction counts do not depend on the machine's load. Each figure is the difference
# between a run of N2 and a run of N1 calls, divided by N2 - N1, so that start-up, set-up
# and the first call's costs cancel out.
#
# Valgrind hides the CPU's SHA extensions, so both the library and crypto/sha256 take their
# other paths (the library's software SHA-256; Go's AVX2 assembly where the CPU has AVX2).
# Go's asynchronous preemption signals upset callgrind: the runs set asyncpreemptoff=1.
set -euo pipefail
MODULE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GO=${GO:-go}
VALGRIND=${VALGRIND:-valgrind}
N1=${N1:-1000}
N2=${N2:-6000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/go.mod" <<EOF
module instructions

go 1.24

require github.com/mesheshq/meshes-token/bindings/go v0.0.0

replace github.com/mesheshq/meshes-token/bindings/go => $MODULE
EOF
cp "$MODULE/go.sum" "$tmp/go.sum"
cat >"$tmp/main.go" <<'EOF'
package main

import (
	"crypto/sha256"
	"fmt"
	"os"
	"strconv"
	"time"

	meshestoken "github.com/mesheshq/meshes-token/bindings/go"
)

const (
	accessKey = "AK7f3kQ9mZ2pL8xR4tV6"
	secret    = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF"
	orgID     = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60"
)

func main() {
	n, err := strconv.Atoi(os.Args[2])
	if err != nil {
		panic(err)
	}
	s, err := meshestoken.NewSigner(accessKey, secret, orgID)
	if err != nil {
		panic(err)
	}
	v, err := meshestoken.NewVerifier(secret)
	if err != nil {
		panic(err)
	}
	iat, now := time.Unix(1767225600, 0), time.Unix(1767225601, 0)
	tok, err := s.Sign(iat, 30*time.Second)
	if err != nil {
		panic(err)
	}
	var out string
	switch os.Args[1] {
	case "sign":
		for range n {
			if out, err = s.Sign(iat, 30*time.Second); err != nil || out != tok {
				panic(err)
			}
		}
	case "verify":
		for range n {
			c, err := meshestoken.Verify(tok, secret, now, 0)
			if err != nil {
				panic(err)
			}
			out = c.AccessKey
		}
	case "verifier":
		for range n {
			c, err := v.Verify(tok, now, 0)
			if err != nil {
				panic(err)
			}
			out = c.AccessKey
		}
	case "sha256":
		h := sha256.New()
		h.Write(make([]byte, 64*n))
		out = fmt.Sprintf("%x", h.Sum(nil))
	}
	fmt.Println(len(out))
}
EOF
(cd "$tmp" && GOFLAGS=-mod=mod "$GO" build -o driver .)

# inclusive INSTRUCTIONS FILE PATTERN: the largest inclusive count of a function matching
# PATTERN (a fixed string) in callgrind's output FILE.
inclusive() {
    callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
        grep -F -- "$2" | sed -n 's/^ *\([0-9,]*\) .*/\1/p' | tr -d , | sort -n | tail -1
}

# count MODE N: run the driver under callgrind; the output file's name.
count() {
    local out="$tmp/cg.$1.$2"
    GODEBUG=asyncpreemptoff=1 GOMAXPROCS=1 "$VALGRIND" --tool=callgrind --callgrind-out-file="$out" \
        "$tmp/driver" "$1" "$2" >/dev/null 2>"$tmp/log.$1.$2" ||
        { cat "$tmp/log.$1.$2" >&2; exit 1; }
    echo "$out"
}

# per_call MODE PATTERN: instructions per call of PATTERN, from the N1 and N2 runs of MODE.
per_call() {
    local a b
    a=$(inclusive "$tmp/cg.$1.$N1" "$2")
    b=$(inclusive "$tmp/cg.$1.$N2" "$2")
    echo $(((${b:-0} - ${a:-0}) / (N2 - N1)))
}

printf '%-20s %12s %14s %10s %12s\n' call "whole call" "C function" "Go layer" "SHA-256 (C)"
for row in "sign|bindings/go.(*Signer).Sign |meshes_signer_sign" \
    "verify|bindings/go.Verify |meshes_verify_token" \
    "verifier|bindings/go.(*Verifier).Verify |meshes_verifier_verify"; do
    IFS='|' read -r mode gofn cfn <<<"$row"
    count "$mode" "$N1" >/dev/null
    count "$mode" "$N2" >/dev/null
    whole=$(per_call "$mode" "$gofn")
    c=$(per_call "$mode" "???:$cfn ")
    sha=$(per_call "$mode" "sha2::sha256::compress256")
    printf '%-20s %12d %14d %10d %12d\n' "$mode" "$whole" "$c" $((whole - c)) "$sha"
done
count sha256 "$N1" >/dev/null
count sha256 "$N2" >/dev/null
printf 'Go crypto/sha256: %d instructions per 64-byte block\n' "$(per_call sha256 "sha256.(*Digest).Write")"
