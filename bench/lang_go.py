"""Go: the bench module bindings/go/bench, compiled once and run once per round.

The module (its own go.mod, so that meshestoken's requires none of the rivals) times every
way to mint the example token and every way to verify it, in one test binary. `go test
-bench` repeats each benchmark `-count` times in a row; running the binary once per round
instead interleaves the contenders. The benchmarks check their own results before and after
each loop (byte for byte against the vectors and meshestoken.Verify for mints; the claims and
the refusal of a changed signature for verifications) and fail the binary otherwise; TestReport
hands the same results to the harness's checks. -benchmem counts the allocations.
BenchmarkSignParallel with -cpu 1,2 gives the throughput of one shared Signer. Each round
also runs the Rust loop of `Signer::sign` (meshes-token-ffi's example sign_loop, as the C rows
do), so that the binding's overhead over Rust is a ratio within the round.
"""

from __future__ import annotations

import json
import os
import re
import statistics

from checks import check_token, check_verified
from common import BenchFailed, Context, figure, run, say, tool
from stats import judge, ratio, summary

BENCH_DIR = "bindings/go/bench"
SIGN_LOOP = "target/release/examples/sign_loop"
LINE = re.compile(
    r"^(Benchmark[^\s]+?)(?:-(\d+))?\s+\d+\s+([0-9.]+) ns/op"
    r"(?:\s+([0-9.]+) B/op\s+([0-9.]+) allocs/op)?",
    re.MULTILINE,
)

# sub-benchmark -> (figure id, row name, ours, tokens.json producer it must equal)
MINTS = {
    "meshestoken_signer": ("go.signer", "meshestoken (*Signer).Sign", True, "jsonwebtoken"),
    "meshestoken_one_shot": ("go.one_shot", "meshestoken.Sign (one-shot)", True, "jsonwebtoken"),
    "sha256_midstate": (
        "go.sha256_midstate",
        "hand-written mint, crypto/sha256 midstates (Marshal/UnmarshalBinary)",
        False,
        "jsonwebtoken",
    ),
    "hmac_clone": (
        "go.hmac_clone",
        "crypto/hmac, Clone of a prefix-fed HMAC",
        False,
        "jsonwebtoken",
    ),
    "stdlib_maps": ("go.stdlib", "stdlib maps + crypto/hmac (Go SDK's way)", False, "go_sdk"),
    "golang_jwt": ("go.golang_jwt", "golang-jwt/jwt/v5", False, "go_sdk"),
    "cristalhq_jwt": ("go.cristalhq_jwt", "cristalhq/jwt/v4", False, "jsonwebtoken"),
    "kataras_jwt": ("go.kataras_jwt", "kataras/jwt", False, "jsonwebtoken"),
}
# sub-benchmark -> (figure id, row name, ours)
VERIFIES = {
    "meshestoken_verify": ("go.verify", "meshestoken.Verify", True),
    "meshestoken_verifier": ("go.verifier", "meshestoken (*Verifier).Verify", True),
    "golang_jwt": ("go.verify.golang_jwt", "golang-jwt/jwt/v5 Parse (HS256, aud, iss, exp)", False),
    "cristalhq_jwt": (
        "go.verify.cristalhq_jwt",
        "cristalhq/jwt/v4 ParseClaims + aud, iss, exp checks",
        False,
    ),
    "kataras_jwt": (
        "go.verify.kataras_jwt",
        "kataras/jwt Verify (kid keys, Expected aud, iss)",
        False,
    ),
}


def _parse(out: str) -> dict[tuple[str, int], tuple[float, float | None]]:
    found = {}
    for m in LINE.finditer(out):
        procs = int(m.group(2) or 1)
        allocs = float(m.group(5)) if m.group(5) is not None else None
        found[(m.group(1), procs)] = (float(m.group(3)), allocs)
    return found


def _one(got: dict, name: str, out: str) -> tuple[int, float, float]:
    hits = [(p, v) for (n, p), v in got.items() if n == name]
    if len(hits) != 1 or hits[0][1][1] is None:
        raise BenchFailed(f"go: no single -benchmem line for {name} in:\n{out}")
    procs, (ns, allocs) = hits[0]
    assert allocs is not None
    return procs, ns, allocs


def _checks(ctx: Context, binary: str) -> dict[str, str]:
    """Every contender's result through the harness's own checks, by sub-benchmark."""
    path = ctx.work / "go_report.json"
    path.unlink(missing_ok=True)
    env = {**os.environ, "MESHES_BENCH_REPORT": str(path)}
    run(
        [binary, "-test.run", "^TestReport$", "-test.count", "1"], cwd=ctx.root / BENCH_DIR, env=env
    )
    report = json.loads(path.read_text())
    checks = {}
    for sub, (_, name, _, producer) in MINTS.items():
        tok = report["tokens"].get(sub)
        checks[f"BenchmarkMint/{sub}"] = check_token(f"Go {name}", tok, ctx.vectors, producer)
    for sub, (_, name, _) in VERIFIES.items():
        got = report["verified"].get(sub) or {}
        checks[f"BenchmarkVerify/{sub}"] = check_verified(
            f"Go {name}", got.get("claims"), got.get("tampered_rejected")
        )
    return checks


def bench(ctx: Context) -> dict[str, object]:
    """Build the bench module's test binary, check, run the rounds; figures and ratios."""
    if not (ctx.root / BENCH_DIR / "go.mod").exists():
        return {"status": "not run", "reason": f"{BENCH_DIR} does not exist yet"}
    sign_loop = ctx.root / SIGN_LOOP
    if not sign_loop.exists():
        raise BenchFailed(f"go: {SIGN_LOOP} is missing (make bench-build builds it)")
    rounds = ctx.rounds["go"]
    say(f"== go: building the bench module's test binary, then {rounds} rounds")
    binary = str(ctx.work / "meshestoken_bench.test")
    bench_dir = ctx.root / BENCH_DIR
    run([tool("go"), "test", "-c", "-o", binary, "."], cwd=bench_dir)
    checks = _checks(ctx, binary)
    benchtime = "200ms" if ctx.quick else "1s"
    common = ["-test.run", "^$", "-test.benchmem", "-test.benchtime", benchtime]
    names = [f"BenchmarkMint/{s}" for s in MINTS] + [f"BenchmarkVerify/{s}" for s in VERIFIES]
    ns: dict[str, list[float]] = {name: [] for name in names}
    allocs: dict[str, list[float]] = {name: [] for name in names}
    rust_ns: list[float] = []
    parallel: dict[int, list[float]] = {1: [], 2: []}
    procs = None
    for r in range(rounds):
        out = run(
            [binary, *common, "-test.bench", "^BenchmarkMint$|^BenchmarkVerify$"], cwd=bench_dir
        )
        got = _parse(out)
        for name in names:
            procs, t, a = _one(got, name, out)
            ns[name].append(t)
            allocs[name].append(a)
        out = run(
            [binary, *common, "-test.bench", "^BenchmarkSignParallel$", "-test.cpu", "1,2"],
            cwd=bench_dir,
        )
        got = _parse(out)
        for n, tokens_per_s in parallel.items():
            if ("BenchmarkSignParallel", n) not in got:
                raise BenchFailed(f"go: no BenchmarkSignParallel line for -cpu {n} in:\n{out}")
            tokens_per_s.append(1e9 / got[("BenchmarkSignParallel", n)][0])
        line = run([str(sign_loop)], cwd=ctx.root)
        found = re.search(r"([0-9.]+) ns/token", line)
        if not found:
            raise BenchFailed(f"{SIGN_LOOP} printed no ns/token: {line!r}")
        rust_ns.append(float(found.group(1)))
        say(
            f"   round {r + 1}/{rounds}: "
            + ", ".join(f"{n.split('/', 1)[1]} {ns[n][-1]:.0f} ns" for n in names)
            + f", Rust loop {rust_ns[-1]:.0f} ns"
        )

    source = f"go test -bench {{}} -benchmem ({BENCH_DIR}, GOMAXPROCS {procs})"
    figures = [
        figure(
            fid,
            "Go",
            name,
            ours=ours,
            ns_rounds=ns[f"BenchmarkMint/{sub}"],
            source=source.format(f"BenchmarkMint/{sub}"),
            check=checks[f"BenchmarkMint/{sub}"],
            allocs=statistics.median(allocs[f"BenchmarkMint/{sub}"]),
            alloc_note="-benchmem allocs/op",
        )
        for sub, (fid, name, ours, _) in MINTS.items()
    ]
    figures.append(
        figure(
            "go.rust_loop",
            "Go",
            "Signer::sign, the Rust loop in the same round",
            ours=True,
            chart=False,
            ns_rounds=rust_ns,
            source=f"{SIGN_LOOP} (meshes-token-ffi/examples/sign_loop.rs): best of 5 × 2,000,000",
            check="the same Signer::sign call as the Rust rows (checked there and by the tests)",
            allocs=0,
        )
    )
    figures += [
        figure(
            fid,
            "Go",
            name,
            ours=ours,
            kind="verify",
            ns_rounds=ns[f"BenchmarkVerify/{sub}"],
            source=source.format(f"BenchmarkVerify/{sub}"),
            check=checks[f"BenchmarkVerify/{sub}"],
            allocs=statistics.median(allocs[f"BenchmarkVerify/{sub}"]),
            alloc_note="-benchmem allocs/op",
        )
        for sub, (fid, name, ours) in VERIFIES.items()
    ]
    signer = ns["BenchmarkMint/meshestoken_signer"]
    verify = ns["BenchmarkVerify/meshestoken_verify"]
    verifier = ns["BenchmarkVerify/meshestoken_verifier"]
    golang_jwt_parse = ns["BenchmarkVerify/golang_jwt"]
    ratios = [
        ratio(
            rid="go.signer_vs_rust",
            issue=16,
            what="(*Signer).Sign time / Rust Signer::sign time (sign_loop, same round)",
            numerator=signer,
            denominator=rust_ns,
            op="<=",
            target=1.4,
        ),
        ratio(
            rid="go.sha256_midstate_vs_signer",
            issue=16,
            what="hand-written sha256 midstate mint time / (*Signer).Sign time",
            numerator=ns["BenchmarkMint/sha256_midstate"],
            denominator=signer,
            op=">=",
            target=1.5,
        ),
        ratio(
            rid="go.golang_jwt_parse_vs_verify",
            issue=16,
            what="golang-jwt Parse time / meshestoken.Verify time",
            numerator=golang_jwt_parse,
            denominator=verify,
            op=">=",
            target=5,
        ),
        ratio(
            rid="go.golang_jwt_parse_vs_verifier",
            issue=16,
            what="golang-jwt Parse time / (*Verifier).Verify time",
            numerator=golang_jwt_parse,
            denominator=verifier,
            op=">=",
            target=5,
        ),
        ratio(
            rid="go.stdlib_vs_signer",
            issue=5,
            what="stdlib map mint time / (*Signer).Sign time",
            numerator=ns["BenchmarkMint/stdlib_maps"],
            denominator=signer,
            op=">=",
            target=4,
        ),
        ratio(
            rid="go.golang_jwt_vs_signer",
            issue=5,
            what="golang-jwt time / (*Signer).Sign time",
            numerator=ns["BenchmarkMint/golang_jwt"],
            denominator=signer,
            op=">=",
            target=2.5,
        ),
        judge(
            rid="go.signer_allocs",
            issue=16,
            what="(*Signer).Sign allocations per token (-benchmem)",
            per_round=allocs["BenchmarkMint/meshestoken_signer"],
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
            "source": f"BenchmarkSignParallel -cpu {n} (GOMAXPROCS {n}, {BENCH_DIR})",
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
        "how": (
            f"per round: one run of the bench module's test binary, -benchtime {benchtime}; "
            "ns/op; then the Rust sign_loop (best of 5 inner loops)"
        ),
        "figures": figures,
        "ratios": ratios,
        "throughput": throughput,
        "scaling": [scaling],
    }
