"""Rust: bench/rust's criterion bench (benches/tokens.rs), run once per round.

bench/rust is a crate outside the main workspace (its own lock file), so that `make test`
never builds the rivals (ring, jwt-simple, jsonwebtoken, criterion). Each round runs the whole
bench binary (every contender in turn) and reads criterion's median for each benchmark from
$CRITERION_HOME/<group>/<bench>/new/estimates.json. The bench writes each mint's token, each
verifier's result and heap allocations per call (a counting global allocator) to
$MESHES_BENCH_JSON; the harness checks them again (checks.py).
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from typing import Any

from checks import check_token, check_verified
from common import BenchFailed, Context, figure, run, say, tool
from stats import judge, ratio, summary

MANIFEST = "bench/rust/Cargo.toml"
TARGET_DIR = "target/bench-rust"


@dataclass(frozen=True)
class Row:
    """One criterion benchmark shown as a figure."""

    fid: str
    name: str
    ours: bool = False
    kind: str = "mint"
    producer: str | None = None  # mint: the vector its token must equal byte for byte
    yardstick: bool = False
    reads_only: bool = False  # verify: reads a field, does not verify (key_id)
    note: str = ""


# criterion id -> row, in the order of the tables.
ROWS = {
    "mint/Signer::sign": Row(
        "rust.signer", "meshes-token Signer::sign", True, producer="jsonwebtoken"
    ),
    "mint/sign_token (one-shot)": Row(
        "rust.one_shot", "meshes-token sign_token (one-shot)", True, producer="jsonwebtoken"
    ),
    "mint/hmac crate, cloned midstate": Row(
        "rust.hmac_midstate",
        "hmac crate midstate clone (hand mint)",
        producer="jsonwebtoken",
    ),
    "mint/ring, cloned context": Row(
        "rust.ring_midstate",
        "ring Context clone (hand mint)",
        producer="jsonwebtoken",
    ),
    "mint/naive mint (hmac re-keyed per token)": Row(
        "rust.naive", "naive mint (hmac crate, re-keyed per token)", producer="jsonwebtoken"
    ),
    # The crates lay out their JSON their own way: verified, not compared.
    "mint/jsonwebtoken crate": Row("rust.jsonwebtoken", "jsonwebtoken crate (encode)"),
    "mint/jwt-simple": Row("rust.jwt_simple", "jwt-simple (HS256Key, custom claims)"),
    "mint/one SHA-256 compression": Row(
        "rust.compression",
        "one SHA-256 compression (yardstick)",
        yardstick=True,
        note="sha2 compress256, one 64-byte block",
    ),
    "verify/verify": Row("rust.verify", "meshes-token verify", True, kind="verify"),
    "verify/Verifier::verify": Row(
        "rust.verifier", "meshes-token Verifier::verify", True, kind="verify"
    ),
    "verify/key_id": Row(
        "rust.key_id", "meshes-token key_id (reads kid)", True, kind="verify", reads_only=True
    ),
    "verify/jsonwebtoken::decode": Row(
        "rust.jsonwebtoken_decode",
        "jsonwebtoken::decode (aud + iss validated)",
        kind="verify",
    ),
    "verify/jwt-simple verify_token": Row(
        "rust.jwt_simple_verify",
        "jwt-simple verify_token (kid, iss, aud)",
        kind="verify",
    ),
    "verify/6 SHA-256 compressions": Row(
        "rust.compressions_6",
        "6 SHA-256 compressions (Verifier's floor)",
        kind="verify",
        yardstick=True,
        note="sha2 compress256 over 6 blocks",
    ),
    "verify/8 SHA-256 compressions": Row(
        "rust.compressions_8",
        "8 SHA-256 compressions (verify's floor)",
        kind="verify",
        yardstick=True,
        note="sha2 compress256 over 8 blocks",
    ),
}
THREADS = {1: "threads/Signer::sign, 1 thread", 2: "threads/Signer::sign, 2 threads"}


def _short(cid: str) -> str:
    return cid.split("/", 1)[1]


def _bench_executable(ctx: Context) -> str:
    out = run(
        [
            tool("cargo"),
            "bench",
            "--manifest-path",
            MANIFEST,
            "--locked",
            "--target-dir",
            TARGET_DIR,
            "--bench",
            "tokens",
            "--no-run",
            "--message-format=json",
        ],
        cwd=ctx.root,
    )
    for line in out.splitlines():
        msg = json.loads(line)
        target = msg.get("target", {})
        is_bench = target.get("name") == "tokens" and "bench" in target.get("kind", [])
        if msg.get("reason") == "compiler-artifact" and is_bench and msg.get("executable"):
            return str(msg["executable"])
    raise BenchFailed("cargo did not report the executable of bench/rust's bench")


def _read_medians(home: os.PathLike[str]) -> dict[str, float]:
    medians = {}
    for bench in sorted(os.scandir(home), key=lambda e: e.name):
        if not bench.is_dir():
            continue
        for entry in os.scandir(bench.path):
            new = os.path.join(entry.path, "new")
            if not os.path.isdir(new):
                continue
            with open(os.path.join(new, "benchmark.json")) as f:
                full_id = json.load(f)["full_id"]
            with open(os.path.join(new, "estimates.json")) as f:
                medians[full_id] = json.load(f)["median"]["point_estimate"]
    return medians


def bench(ctx: Context) -> dict[str, object]:
    """Run the criterion bench for the rounds; figures, ratios and throughput."""
    rounds = ctx.rounds["rust"]
    say(f"== rust: building bench/rust (bench profile), then {rounds} rounds")
    exe = _bench_executable(ctx)
    home = ctx.work / "criterion"
    shutil.rmtree(home, ignore_errors=True)
    extras_path = ctx.work / "rust.json"
    env = {**os.environ, "CRITERION_HOME": str(home), "MESHES_BENCH_JSON": str(extras_path)}
    args = (
        ["--warm-up-time", "0.2", "--measurement-time", "0.4", "--sample-size", "20"]
        if ctx.quick
        else ["--warm-up-time", "0.5", "--measurement-time", "1.2", "--sample-size", "50"]
    )
    per_round: dict[str, list[float]] = {}
    checks: dict[str, str] = {}
    extras: dict[str, Any] = {}
    for r in range(rounds):
        extras_path.unlink(missing_ok=True)
        shutil.rmtree(home, ignore_errors=True)
        run(
            [exe, "--bench", "--noplot", "--nresamples", "20000", *args],
            cwd=ctx.root / "bench/rust",
            env=env,
        )
        extras = json.loads(extras_path.read_text())
        for cid, row in ROWS.items():
            if row.yardstick:
                continue
            label = f"Rust {row.name}"
            if row.kind == "mint":
                token = extras["tokens"].get(_short(cid))
                checks[cid] = check_token(label, token, ctx.vectors, row.producer)
            else:
                got = extras["verified"].get(_short(cid), {})
                checks[cid] = check_verified(
                    label,
                    got.get("claims"),
                    got.get("tampered_rejected"),
                    reads_only=row.reads_only,
                )
        medians = _read_medians(home)
        for cid in [*ROWS, *THREADS.values()]:
            if cid not in medians:
                raise BenchFailed(f"criterion wrote no estimate for {cid}")
            per_round.setdefault(cid, []).append(medians[cid])
        say(
            f"   round {r + 1}/{rounds}: "
            + ", ".join(f"{_short(cid)} {medians[cid]:.0f} ns" for cid in ROWS)
        )

    allocs = extras["allocations_per_token"]
    assert isinstance(allocs, dict)
    figures = [
        figure(
            row.fid,
            "Rust",
            row.name,
            ours=row.ours,
            kind=row.kind,
            yardstick=row.yardstick,
            ns_rounds=per_round[cid],
            source=f"criterion {cid} (bench/rust/benches/tokens.rs)"
            + (f": {row.note}" if row.note else ""),
            check=checks.get(cid),
            allocs=None if row.yardstick else allocs[_short(cid)],
            alloc_note=None if row.yardstick else "counting global allocator in the bench",
            chart=not row.reads_only,
        )
        for cid, row in ROWS.items()
    ]

    def rounds_of(short: str) -> list[float]:
        return per_round[next(cid for cid in ROWS if _short(cid) == short)]

    signer = rounds_of("Signer::sign")
    three = [3 * c for c in rounds_of("one SHA-256 compression")]
    ratios = [
        ratio(
            rid="rust.signer_vs_3_compressions",
            issue=2,
            what="Signer::sign time / 3 × one SHA-256 compression",
            numerator=signer,
            denominator=three,
            op="<=",
            target=1.2,
        ),
        ratio(
            rid="rust.naive_vs_signer",
            issue=2,
            what="naive mint time / Signer::sign time",
            numerator=rounds_of("naive mint (hmac re-keyed per token)"),
            denominator=signer,
            op=">=",
            target=2.4,
        ),
        ratio(
            rid="rust.jsonwebtoken_vs_signer",
            issue=2,
            what="jsonwebtoken crate time / Signer::sign time",
            numerator=rounds_of("jsonwebtoken crate"),
            denominator=signer,
            op=">=",
            target=2.8,
        ),
        ratio(
            rid="rust.one_shot_vs_naive",
            issue=2,
            what="sign_token (one-shot) time / naive mint time",
            numerator=rounds_of("sign_token (one-shot)"),
            denominator=rounds_of("naive mint (hmac re-keyed per token)"),
            op="<=",
            target=1.0,
        ),
        ratio(
            rid="rust.signer_vs_3_compressions_16",
            issue=16,
            what="Signer::sign time / 3 × one SHA-256 compression",
            numerator=signer,
            denominator=three,
            op="<=",
            target=1.5,
        ),
        ratio(
            rid="rust.verify_vs_8_compressions",
            issue=16,
            what="verify time / 8 SHA-256 compressions",
            numerator=rounds_of("verify"),
            denominator=rounds_of("8 SHA-256 compressions"),
            op="<=",
            target=1.6,
        ),
        ratio(
            rid="rust.verifier_vs_6_compressions",
            issue=16,
            what="Verifier::verify time / 6 SHA-256 compressions",
            numerator=rounds_of("Verifier::verify"),
            denominator=rounds_of("6 SHA-256 compressions"),
            op="<=",
            target=1.4,
        ),
        ratio(
            rid="rust.jsonwebtoken_decode_vs_verify",
            issue=16,
            what="jsonwebtoken::decode (aud + iss validated) time / verify time",
            numerator=rounds_of("jsonwebtoken::decode"),
            denominator=rounds_of("verify"),
            op=">=",
            target=4,
        ),
        judge(
            rid="rust.key_id_ns",
            issue=16,
            what="key_id time, ns",
            per_round=rounds_of("key_id"),
            op="<=",
            target=100,
        ),
    ]
    tput = {n: [1e9 / ns for ns in per_round[cid]] for n, cid in THREADS.items()}
    throughput = [
        {
            "language": "Rust",
            "what": "Signer::sign, threads sharing one &Signer",
            "threads": n,
            "tokens_per_s": summary(tput[n]),
            "source": f"criterion {THREADS[n]} (iter_custom, std::thread::scope)",
        }
        for n in THREADS
    ]
    scaling = {
        "language": "Rust",
        "what": "tokens/s with 2 threads / with 1 thread",
        "value": summary([b / a for a, b in zip(tput[1], tput[2])]),
    }
    return {
        "status": "ok",
        "rounds": rounds,
        "how": "criterion (bench/rust/benches/tokens.rs); per round: criterion's median over "
        "its samples",
        "criterion_args": args,
        "figures": figures,
        "ratios": ratios,
        "throughput": throughput,
        "scaling": [scaling],
    }
