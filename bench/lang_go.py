"""Go: bindings/go's bench_test.go, compiled once and run once per round.

`go test -bench` repeats each benchmark `-count` times in a row; running the test binary once
per round instead interleaves the contenders. The benchmarks check their own tokens (byte for
byte against the vectors, then Verify) and fail the binary otherwise; -benchmem counts the
allocations. BenchmarkSignParallel with -cpu 1,2 gives the throughput of one shared Signer.
"""

from __future__ import annotations

import re
import statistics

from common import BenchFailed, Context, figure, run, say, tool
from stats import judge, ratio, summary

BENCH_FILE = "bindings/go/bench_test.go"
LINE = re.compile(
    r"^(Benchmark[^\s]+?)(?:-(\d+))?\s+\d+\s+([0-9.]+) ns/op"
    r"(?:\s+([0-9.]+) B/op\s+([0-9.]+) allocs/op)?",
    re.M,
)
CHECK = "byte-for-byte in bench_test.go (checkToken: the example / go_sdk vector) and Verify"

# benchmark -> (figure id, row name, ours)
MINTS = {
    "BenchmarkSign/meshestoken": ("go.signer", "meshestoken (*Signer).Sign", True),
    "BenchmarkSignOneShot": ("go.one_shot", "meshestoken.Sign (one-shot)", True),
    "BenchmarkSign/stdlib_maps": ("go.stdlib", "stdlib maps + crypto/hmac (Go SDK's way)", False),
    "BenchmarkSign/golang_jwt": ("go.golang_jwt", "golang-jwt/jwt/v5", False),
}


def _parse(out: str) -> dict[tuple[str, int], tuple[float, float | None]]:
    found = {}
    for m in LINE.finditer(out):
        procs = int(m.group(2) or 1)
        allocs = float(m.group(5)) if m.group(5) is not None else None
        found[(m.group(1), procs)] = (float(m.group(3)), allocs)
    return found


def bench(ctx: Context) -> dict[str, object]:
    """Build the test binary, run the rounds; figures, ratios, allocations, throughput."""
    if not (ctx.root / BENCH_FILE).exists():
        return {"status": "not run", "reason": f"{BENCH_FILE} does not exist yet"}
    rounds = ctx.rounds["go"]
    say(f"== go: building the test binary, then {rounds} rounds")
    binary = ctx.work / "meshestoken.test"
    go_dir = ctx.root / "bindings/go"
    run([tool("go"), "test", "-c", "-o", str(binary), "."], cwd=go_dir)
    benchtime = "200ms" if ctx.quick else "1s"
    common = ["-test.run", "^$", "-test.benchmem", "-test.benchtime", benchtime]
    ns: dict[str, list[float]] = {name: [] for name in MINTS}
    allocs: dict[str, list[float]] = {name: [] for name in MINTS}
    parallel: dict[int, list[float]] = {1: [], 2: []}
    procs = None
    for r in range(rounds):
        out = run(
            [str(binary), *common, "-test.bench", "^BenchmarkSign$|^BenchmarkSignOneShot$"],
            cwd=go_dir,
        )
        got = _parse(out)
        for name in MINTS:
            hits = [(p, v) for (n, p), v in got.items() if n == name]
            if len(hits) != 1 or hits[0][1][1] is None:
                raise BenchFailed(f"go: no single -benchmem line for {name} in:\n{out}")
            procs, (t, a) = hits[0]
            ns[name].append(t)
            allocs[name].append(a)
        out = run(
            [str(binary), *common, "-test.bench", "^BenchmarkSignParallel$", "-test.cpu", "1,2"],
            cwd=go_dir,
        )
        got = _parse(out)
        for n, tokens_per_s in parallel.items():
            if ("BenchmarkSignParallel", n) not in got:
                raise BenchFailed(f"go: no BenchmarkSignParallel line for -cpu {n} in:\n{out}")
            tokens_per_s.append(1e9 / got[("BenchmarkSignParallel", n)][0])
        say(
            f"   round {r + 1}/{rounds}: "
            + ", ".join(f"{n.split('/')[-1]} {ns[n][-1]:.0f} ns" for n in MINTS)
        )

    figures = [
        figure(
            fid,
            "Go",
            name,
            ours=ours,
            ns_rounds=ns[bench_name],
            source=f"go test -bench {bench_name} -benchmem (GOMAXPROCS {procs})",
            check=CHECK,
            allocs=statistics.median(allocs[bench_name]),
            alloc_note="-benchmem allocs/op",
        )
        for bench_name, (fid, name, ours) in MINTS.items()
    ]
    signer = ns["BenchmarkSign/meshestoken"]
    ratios = [
        ratio(
            rid="go.stdlib_vs_signer",
            issue=5,
            what="stdlib map mint time / (*Signer).Sign time",
            numerator=ns["BenchmarkSign/stdlib_maps"],
            denominator=signer,
            op=">=",
            target=4,
        ),
        ratio(
            rid="go.golang_jwt_vs_signer",
            issue=5,
            what="golang-jwt time / (*Signer).Sign time",
            numerator=ns["BenchmarkSign/golang_jwt"],
            denominator=signer,
            op=">=",
            target=2.5,
        ),
        judge(
            rid="go.signer_allocs",
            issue=5,
            what="(*Signer).Sign allocations per token (-benchmem)",
            per_round=allocs["BenchmarkSign/meshestoken"],
            op="<=",
            target=1,
        ),
    ]
    throughput = [
        {
            "language": "Go",
            "what": "(*Signer).Sign, b.RunParallel on one *Signer",
            "threads": n,
            "tokens_per_s": summary(parallel[n]),
            "source": f"BenchmarkSignParallel -cpu {n} (GOMAXPROCS {n})",
        }
        for n in parallel
    ]
    scaling = {
        "language": "Go",
        "what": "tokens/s with GOMAXPROCS 2 / with GOMAXPROCS 1",
        "value": summary([b / a for a, b in zip(parallel[1], parallel[2])]),
    }
    return {
        "status": "ok",
        "rounds": rounds,
        "how": f"per round: one run of the test binary, -benchtime {benchtime}; ns/op",
        "figures": figures,
        "ratios": ratios,
        "throughput": throughput,
        "scaling": [scaling],
    }
