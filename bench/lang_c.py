"""C: bench/c/tokens.c (ours through the C ABI, OpenSSL midstate mints, libjwt), and the Rust loop.

Per round: one run of the C program (every row, 5 interleaved timed loops each, its best
loop taken), then meshes-token-ffi's example `sign_loop` (Signer::sign in the same kind of
loop, best of 5), so that the C-vs-Rust ratio pairs figures of the same round. The C program
checks every result before timing it; its report hands the tokens and verified claims to the
harness, which checks them again (checks.py).
"""

from __future__ import annotations

import json
import re
from typing import Any

from checks import check_token, check_verified
from common import BenchFailed, Context, figure, run, say
from stats import ratio

SIGN_LOOP = "target/release/examples/sign_loop"
C_BENCH = "target/c/tokens"

# row name in the C program -> (figure id, row name, ours, producer whose vector it must equal)
ROWS = {
    "meshes_signer_sign": ("c.signer", "meshes_signer_sign (C ABI)", True, "jsonwebtoken"),
    "OpenSSL SHA256_CTX midstate": (
        "c.openssl_sha256_midstate",
        "OpenSSL SHA256_CTX midstate copy (hand mint)",
        False,
        "jsonwebtoken",
    ),
    "OpenSSL HMAC_CTX_copy": (
        "c.openssl_hmac_ctx_copy",
        "OpenSSL HMAC_CTX_copy (hand mint)",
        False,
        "jsonwebtoken",
    ),
    "OpenSSL EVP_MAC_CTX_dup": (
        "c.openssl_evp_mac_dup",
        "OpenSSL 3 EVP_MAC_CTX_dup (hand mint)",
        False,
        "jsonwebtoken",
    ),
    # libjwt lays out its JSON with sorted keys: verified, not compared.
    "libjwt jwt_encode_str": ("c.libjwt", "libjwt jwt_encode_str", False, None),
    "meshes_verify_token": ("c.verify", "meshes_verify_token (C ABI)", True, None),
    "meshes_verifier_verify": ("c.verifier", "meshes_verifier_verify (C ABI)", True, None),
    "libjwt jwt_decode + claims": (
        "c.libjwt_decode",
        "libjwt jwt_decode + iss, aud, exp checks",
        False,
        None,
    ),
}


def bench(ctx: Context) -> dict[str, object]:
    """Alternate the C program and the Rust loop for the rounds; figures and the ratio."""
    rounds = ctx.rounds["c"]
    ms = "30" if ctx.quick else "100"
    say(f"== c: {rounds} rounds of {C_BENCH} --ms {ms} and {SIGN_LOOP}")
    ns: dict[str, list[float]] = {name: [] for name in ROWS}
    rust_ns: list[float] = []
    checks: dict[str, str] = {}
    report: dict[str, Any] = {}
    for r in range(rounds):
        report = json.loads(run([str(ctx.root / C_BENCH), "--ms", ms], cwd=ctx.root))
        for cname, (_, name, _, producer) in ROWS.items():
            row = report["rows"][cname]
            if row["kind"] == "mint":
                checks[cname] = check_token(f"C {name}", row.get("token"), ctx.vectors, producer)
            else:
                checks[cname] = check_verified(
                    f"C {name}", row.get("claims"), row.get("tampered_rejected")
                )
            ns[cname].append(float(report["ns"][cname]["best"]))
        line = run([str(ctx.root / SIGN_LOOP)], cwd=ctx.root)
        found = re.search(r"([0-9.]+) ns/token", line)
        if not found:
            raise BenchFailed(f"{SIGN_LOOP} printed no ns/token: {line!r}")
        rust_ns.append(float(found.group(1)))
        say(
            f"   round {r + 1}/{rounds}: "
            + ", ".join(f"{c} {ns[c][-1]:.0f} ns" for c in ROWS)
            + f", Rust loop {rust_ns[-1]:.1f} ns"
        )
    calls = {c: report["rows"][c]["calls_per_loop"] for c in ROWS}
    figures = [
        figure(
            fid,
            "C",
            name,
            ours=ours,
            kind=report["rows"][cname]["kind"],
            ns_rounds=ns[cname],
            source=f"{C_BENCH} (bench/c/tokens.c) `{cname}`: best of 5 interleaved loops of "
            f"about {ms} ms ({calls[cname]:,} calls in the last round) per round",
            check=checks[cname],
            allocs=0 if ours else None,
            alloc_note="no heap in the C ABI: caller-allocated state and buffers" if ours else None,
        )
        for cname, (fid, name, ours, _) in ROWS.items()
    ]
    figures.insert(
        1,
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
    )
    ratios = [
        ratio(
            rid="c.c_vs_rust",
            issue=3,
            what="meshes_signer_sign from C time / Signer::sign from Rust time (same loop)",
            numerator=ns["meshes_signer_sign"],
            denominator=rust_ns,
            op="<=",
            target=1.05,
        )
    ]
    return {
        "status": "ok",
        "rounds": rounds,
        "how": "per round: the C program (5 interleaved loops per row, the best), then the "
        "Rust loop (best of 5)",
        "openssl": report.get("openssl"),
        "figures": figures,
        "ratios": ratios,
    }
