"""Run every language's benchmark in one session and write bench/results.json.

`make bench` builds and installs what each benchmark needs, then runs this; see
bench/README.md. Standard library only. Exit status 1 if any benchmark fails or any token
check fails (nothing is written then); a missed target is reported, not an error.

    python3 bench/run.py [--quick] [--only rust,c,go,python,node,wasm] [--out bench/results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import lang_c
import lang_go
import lang_node
import lang_python
import lang_rust
import lang_wasm
import machine
import table
from checks import ACCESS_KEY, IAT, ORG_ID, SECRET, TTL, CheckFailed, load_vectors
from common import BenchFailed, Context, say

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {
    "rust": lang_rust.bench,
    "c": lang_c.bench,
    "go": lang_go.bench,
    "python": lang_python.bench,
    "node": lang_node.bench,
    "wasm": lang_wasm.bench,
}
ROUNDS = {"rust": 5, "c": 7, "go": 5, "python": 21, "node": 15, "wasm": 15}
QUICK_ROUNDS = {"rust": 2, "c": 2, "go": 2, "python": 5, "node": 3, "wasm": 3}


def main() -> int:
    """Run, check, collect, write."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="few, short rounds (development)")
    parser.add_argument("--only", default=",".join(LANGUAGES), help="comma-separated languages")
    parser.add_argument("--python", default=str(ROOT / "build/venv-python/bin/python"))
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results.json")
    args = parser.parse_args()
    only = [lang.strip() for lang in args.only.split(",") if lang.strip()]
    unknown = set(only) - set(LANGUAGES)
    if unknown:
        parser.error(f"unknown languages: {', '.join(sorted(unknown))}")

    work = ROOT / "build/bench"
    work.mkdir(parents=True, exist_ok=True)
    ctx = Context(
        root=ROOT,
        work=work,
        python=args.python,
        quick=args.quick,
        rounds=QUICK_ROUNDS if args.quick else ROUNDS,
        vectors=load_vectors(ROOT),
    )
    started = time.monotonic()
    date = machine.now_utc()
    load_start = os.getloadavg()
    languages: dict[str, object] = {}
    try:
        for lang, bench in LANGUAGES.items():
            if lang in only:
                languages[lang] = bench(ctx)
            else:
                languages[lang] = {"status": "not run", "reason": "left out with --only"}
    except (BenchFailed, CheckFailed) as err:
        say(f"make bench: FAILED: {err}")
        return 1

    results = {
        "schema": 1,
        "generated_by": "make bench (bench/run.py)",
        "date": date,
        "duration_s": round(time.monotonic() - started),
        "quick": args.quick,
        "machine": machine.machine(),
        "load_average_1_5_15min": {
            "start": [round(x, 2) for x in load_start],
            "end": [round(x, 2) for x in os.getloadavg()],
        },
        "source": machine.source_state(ROOT),
        "toolchains": machine.toolchains(ROOT, args.python),
        "inputs": {
            "access_key": ACCESS_KEY,
            "org_id": ORG_ID,
            "secret": SECRET,
            "iat": IAT,
            "ttl": TTL,
            "reference_token": ctx.vectors["jsonwebtoken"],
        },
        "languages": languages,
    }
    for key in ("figures", "ratios", "throughput", "scaling"):
        results[key] = [
            item
            for lang in languages.values()
            if isinstance(lang, dict)
            for item in lang.pop(key, [])
        ]
    ratios = results["ratios"]
    results["summary"] = {
        "tokens_checked": sum(1 for f in results["figures"] if f["token_check"]),
        "targets_met": sum(1 for r in ratios if r["pass"]),
        "targets": len(ratios),
        "missed": [r["id"] for r in ratios if not r["pass"]],
    }
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(table.render(results))
    say(f"make bench: wrote {args.out} in {results['duration_s']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
