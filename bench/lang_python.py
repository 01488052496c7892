"""Python: bindings/python/bench/bench_sign.py in the binding's venv, with --json.

The script interleaves its rounds itself (each round times every candidate in turn) and
checks every candidate with meshes_token.verify before timing; --iat fixes the issue time so
that every call mints the bench's token.
"""

from __future__ import annotations

import json

from checks import IAT, check_token
from common import Context, figure, run, say
from stats import ratio

SCRIPT = "bindings/python/bench/bench_sign.py"
ALLOC_NOTE = "not counted; heap_peak_bytes_per_call: tracemalloc's peak in one call, token included"

# candidate -> (figure id, row name, ours, producer whose vector it must equal)
MINTS = {
    "Signer.sign": ("python.signer", "meshes_token Signer.sign", True, "jsonwebtoken"),
    "sign": ("python.one_shot", "meshes_token.sign (one-shot)", True, "jsonwebtoken"),
    "PyJWT jwt.encode": ("python.pyjwt", "PyJWT jwt.encode", False, "pyjwt"),
    "stdlib hmac mint": ("python.stdlib", "stdlib json + hmac mint", False, "jsonwebtoken"),
}


def bench(ctx: Context) -> dict[str, object]:
    """Run the script once (it does the rounds); figures and ratios."""
    rounds = ctx.rounds["python"]
    say(f"== python: {SCRIPT}, {rounds} interleaved rounds")
    out_path = ctx.work / "python.json"
    out_path.unlink(missing_ok=True)
    seconds = "0.03" if ctx.quick else "0.1"
    run(
        [
            ctx.python,
            SCRIPT,
            "--rounds",
            str(rounds),
            "--seconds",
            seconds,
            "--iat",
            str(IAT),
            "--json",
            str(out_path),
        ],
        cwd=ctx.root,
    )
    report = json.loads(out_path.read_text())
    ns = {name: [s * 1e9 for s in v] for name, v in report["seconds_per_token"].items()}
    figures = [
        figure(
            fid,
            "Python",
            name,
            ours=ours,
            ns_rounds=ns[key],
            source=f"{SCRIPT}: {key}, mean over {report['calls_per_round'][key]} calls per round",
            check=check_token(f"Python {name}", report["tokens"].get(key), ctx.vectors, producer),
            alloc_note=ALLOC_NOTE,
            peak_bytes=report["peak_bytes_per_call"][key],
        )
        for key, (fid, name, ours, producer) in MINTS.items()
    ]
    signer = ns["Signer.sign"]
    ratios = [
        ratio(
            rid="python.pyjwt_vs_signer",
            issue=6,
            what="PyJWT jwt.encode time / Signer.sign time",
            numerator=ns["PyJWT jwt.encode"],
            denominator=signer,
            op=">=",
            target=15,
        ),
        ratio(
            rid="python.stdlib_vs_signer",
            issue=6,
            what="stdlib hmac mint time / Signer.sign time",
            numerator=ns["stdlib hmac mint"],
            denominator=signer,
            op=">",
            target=1,
        ),
    ]
    say(
        "   "
        + ", ".join(f"{k} {v['ns_per_token']['median']:.0f} ns" for k, v in zip(MINTS, figures))
    )
    return {
        "status": "ok",
        "rounds": rounds,
        "how": f"{SCRIPT} --rounds {rounds} --seconds {seconds}: per round, the mean of timeit",
        "versions": report["versions"],
        "figures": figures,
        "ratios": ratios,
    }
