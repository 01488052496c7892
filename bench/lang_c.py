"""C: tests/c/bench.c (meshes_signer_sign through the C ABI) against the same loop in Rust.

The pair is what `make bench-c` runs: the C program and meshes-token-ffi's example
`sign_loop` (Signer::sign in the same loop), each reporting the best of its 5 inner loops of
2,000,000 tokens. A round here runs the two, one after the other, so the ratio pairs them.
"""

from __future__ import annotations

import json
import re

from checks import check_token
from common import BenchFailed, Context, figure, run, say
from stats import ratio

SIGN_LOOP = "target/release/examples/sign_loop"
C_BENCH = "target/c/bench"


def bench(ctx: Context) -> dict[str, object]:
    """Alternate the C program and the Rust loop for the rounds; figures and the ratio."""
    rounds = ctx.rounds["c"]
    say(f"== c: {rounds} rounds of {C_BENCH} --json and {SIGN_LOOP}")
    c_ns: list[float] = []
    rust_ns: list[float] = []
    check = ""
    for r in range(rounds):
        report = json.loads(run([str(ctx.root / C_BENCH), "--json"], cwd=ctx.root))
        check = check_token(
            "C meshes_signer_sign", report.get("token"), ctx.vectors, "jsonwebtoken"
        )
        c_ns.append(float(report["best_ns"]))
        line = run([str(ctx.root / SIGN_LOOP)], cwd=ctx.root)
        found = re.search(r"([0-9.]+) ns/token", line)
        if not found:
            raise BenchFailed(f"{SIGN_LOOP} printed no ns/token: {line!r}")
        rust_ns.append(float(found.group(1)))
        say(f"   round {r + 1}/{rounds}: C {c_ns[-1]:.1f} ns, Rust {rust_ns[-1]:.1f} ns")
    figures = [
        figure(
            "c.signer",
            "C",
            "meshes_signer_sign (C ABI)",
            ours=True,
            ns_rounds=c_ns,
            source=f"{C_BENCH} (tests/c/bench.c): best of 5 × 2,000,000 tokens per round",
            check=check,
            allocs=0,
            alloc_note="no heap in the C path: caller-allocated signer and buffer (issue 3)",
        ),
        figure(
            "c.rust_loop",
            "C",
            "Signer::sign, the same loop in Rust",
            ours=True,
            chart=False,
            ns_rounds=rust_ns,
            source=f"{SIGN_LOOP} (meshes-token-ffi/examples/sign_loop.rs): best of 5 × 2,000,000",
            check="the same Signer::sign call as the Rust rows (checked there and by the tests)",
            allocs=0,
        ),
    ]
    ratios = [
        ratio(
            rid="c.c_vs_rust",
            issue=3,
            what="meshes_signer_sign from C time / Signer::sign from Rust time (same loop)",
            numerator=c_ns,
            denominator=rust_ns,
            op="<=",
            target=1.05,
        )
    ]
    return {
        "status": "ok",
        "rounds": rounds,
        "how": "per round: the C program, then the Rust loop; each the best of 5 inner loops",
        "figures": figures,
        "ratios": ratios,
    }
