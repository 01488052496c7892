"""Rust: meshes-token-core's criterion bench (benches/sign.rs), run once per round.

Each round runs the whole bench binary (every contender in turn) and reads criterion's median
for each benchmark from $CRITERION_HOME/<group>/<bench>/new/estimates.json. The bench writes
its contenders' tokens and heap allocations per token (a counting global allocator) to
$MESHES_BENCH_JSON.
"""

from __future__ import annotations

import json
import os
import shutil

from checks import check_token
from common import BenchFailed, Context, figure, run, say, tool
from stats import ratio, summary

SIGNER = "mint/Signer::sign"
ONE_SHOT = "mint/sign_token (one-shot)"
NAIVE = "mint/naive mint (hmac re-keyed per token)"
JWT = "mint/jsonwebtoken crate"
COMPRESSION = "mint/one SHA-256 compression"
VERIFY = "verify/verify"
KEY_ID = "verify/key_id"
THREADS = {1: "threads/Signer::sign, 1 thread", 2: "threads/Signer::sign, 2 threads"}

# criterion id -> (figure id, row name, ours, producer whose vector it must equal)
MINTS = {
    SIGNER: ("rust.signer", "meshes-token Signer::sign", True, "jsonwebtoken"),
    ONE_SHOT: ("rust.one_shot", "meshes-token sign_token (one-shot)", True, "jsonwebtoken"),
    NAIVE: ("rust.naive", "naive mint (hmac crate, re-keyed per token)", False, "jsonwebtoken"),
    # The crate lays the header out as {"typ","alg","kid"}: verified, not compared.
    JWT: ("rust.jsonwebtoken", "jsonwebtoken crate", False, None),
}


def _bench_executable(ctx: Context) -> str:
    out = run(
        [
            tool("cargo"),
            "bench",
            "-p",
            "meshes-token-core",
            "--bench",
            "sign",
            "--no-run",
            "--message-format=json",
        ],
        cwd=ctx.root,
    )
    for line in out.splitlines():
        msg = json.loads(line)
        target = msg.get("target", {})
        is_bench = target.get("name") == "sign" and "bench" in target.get("kind", [])
        if msg.get("reason") == "compiler-artifact" and is_bench and msg.get("executable"):
            return str(msg["executable"])
    raise BenchFailed("cargo did not report the executable of meshes-token-core's bench")


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
    say(f"== rust: building the criterion bench (bench profile), then {rounds} rounds")
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
    extras: dict[str, dict[str, object]] = {}
    for r in range(rounds):
        extras_path.unlink(missing_ok=True)
        shutil.rmtree(home, ignore_errors=True)
        run(
            [exe, "--bench", "--noplot", "--nresamples", "20000", *args],
            cwd=ctx.root / "meshes-token-core",
            env=env,
        )
        extras = json.loads(extras_path.read_text())
        for cid, (_, name, _, producer) in MINTS.items():
            checks[cid] = check_token(
                f"Rust {name}", extras["tokens"].get(cid.split("/", 1)[1]), ctx.vectors, producer
            )
        medians = _read_medians(home)
        for cid in [*MINTS, COMPRESSION, VERIFY, KEY_ID, *THREADS.values()]:
            if cid not in medians:
                raise BenchFailed(f"criterion wrote no estimate for {cid}")
            per_round.setdefault(cid, []).append(medians[cid])
        say(
            f"   round {r + 1}/{rounds}: "
            + ", ".join(f"{cid.split('/')[1]} {medians[cid]:.0f} ns" for cid in MINTS)
        )

    allocs = extras["allocations_per_token"]
    assert isinstance(allocs, dict)
    figures = []
    for cid, (fid, name, ours, _) in MINTS.items():
        figures.append(
            figure(
                fid,
                "Rust",
                name,
                ours=ours,
                ns_rounds=per_round[cid],
                source=f"criterion {cid}",
                check=checks[cid],
                allocs=allocs[cid.split("/", 1)[1]],
                alloc_note="counting global allocator in benches/sign.rs",
            )
        )
    figures.append(
        figure(
            "rust.compression",
            "Rust",
            "one SHA-256 compression (yardstick)",
            kind="reference",
            ns_rounds=per_round[COMPRESSION],
            source=f"criterion {COMPRESSION} (sha2 compress256, one 64-byte block)",
            check=None,
        )
    )
    for cid, fid, name in ((VERIFY, "rust.verify", "verify"), (KEY_ID, "rust.key_id", "key_id")):
        figures.append(
            figure(
                fid,
                "Rust",
                f"meshes-token {name}",
                ours=True,
                kind="verify",
                chart=False,
                ns_rounds=per_round[cid],
                source=f"criterion {cid}",
                check=None,
            )
        )

    signer = per_round[SIGNER]
    ratios = [
        ratio(
            rid="rust.signer_vs_3_compressions",
            issue=2,
            what="Signer::sign time / 3 × one SHA-256 compression",
            numerator=signer,
            denominator=[3 * c for c in per_round[COMPRESSION]],
            op="<=",
            target=1.2,
        ),
        ratio(
            rid="rust.naive_vs_signer",
            issue=2,
            what="naive mint time / Signer::sign time",
            numerator=per_round[NAIVE],
            denominator=signer,
            op=">=",
            target=2.4,
        ),
        ratio(
            rid="rust.jsonwebtoken_vs_signer",
            issue=2,
            what="jsonwebtoken crate time / Signer::sign time",
            numerator=per_round[JWT],
            denominator=signer,
            op=">=",
            target=2.8,
        ),
        ratio(
            rid="rust.one_shot_vs_naive",
            issue=2,
            what="sign_token (one-shot) time / naive mint time",
            numerator=per_round[ONE_SHOT],
            denominator=per_round[NAIVE],
            op="<=",
            target=1.0,
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
        "how": "criterion (benches/sign.rs); per round: criterion's median over its samples",
        "criterion_args": args,
        "figures": figures,
        "ratios": ratios,
        "throughput": throughput,
        "scaling": [scaling],
    }
