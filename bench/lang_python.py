"""Python: bindings/python/bench/bench_sign.py in the binding's venv, with --json.

The script interleaves its rounds itself (each round times every candidate in turn) and
checks every candidate before timing: a mint's token with meshes_token.verify, a
verification's claims and its refusal of a changed signature; --iat fixes the issue time so
that every call mints the bench's token. Here every token goes through check_token and every
verification result through check_verified again.
"""

from __future__ import annotations

import json
import statistics

from checks import IAT, check_token, check_verified
from common import Context, figure, run, say
from stats import ratio

SCRIPT = "bindings/python/bench/bench_sign.py"
ALLOC_NOTE = (
    "not counted; heap_peak_bytes_per_call: tracemalloc's peak in one call, result included"
)

# candidate -> (figure id, row name, ours, producer whose vector it must equal)
MINTS = {
    "Signer.sign": ("python.signer", "meshes_token Signer.sign", True, "jsonwebtoken"),
    "sign": ("python.one_shot", "meshes_token.sign (one-shot)", True, "jsonwebtoken"),
    "hashlib midstate mint": (
        "python.hashlib_midstate",
        "hand-written mint, hashlib.sha256 midstates (.copy())",
        False,
        "jsonwebtoken",
    ),
    "hmac.HMAC.copy mint": (
        "python.hmac_copy",
        "hmac.HMAC.copy() of a prefix-fed HMAC",
        False,
        "jsonwebtoken",
    ),
    "stdlib hmac mint": ("python.stdlib", "stdlib json + hmac mint", False, "jsonwebtoken"),
    "PyJWT jwt.encode": ("python.pyjwt", "PyJWT jwt.encode", False, "pyjwt"),
    "joserfc jwt.encode": ("python.joserfc", "joserfc jwt.encode", False, None),
}
# candidate -> (figure id, row name, ours)
VERIFIES = {
    "verify": ("python.verify", "meshes_token.verify", True),
    "Verifier.verify": ("python.verifier", "meshes_token Verifier.verify", True),
    "PyJWT jwt.decode": ("python.verify.pyjwt", "PyJWT jwt.decode (HS256, aud, iss)", False),
    "joserfc jwt.decode": (
        "python.verify.joserfc",
        "joserfc jwt.decode + claims registry (iss, aud)",
        False,
    ),
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
    ns = {name: [s * 1e9 for s in v] for name, v in report["seconds_per_call"].items()}

    def source(key: str) -> str:
        return f"{SCRIPT}: {key}, mean over {report['calls_per_round'][key]} calls per round"

    figures = [
        figure(
            fid,
            "Python",
            name,
            ours=ours,
            ns_rounds=ns[key],
            source=source(key),
            check=check_token(f"Python {name}", report["tokens"].get(key), ctx.vectors, producer),
            alloc_note=ALLOC_NOTE,
            peak_bytes=report["peak_bytes_per_call"][key],
        )
        for key, (fid, name, ours, producer) in MINTS.items()
    ]
    for key, (fid, name, ours) in VERIFIES.items():
        verified = report["verified"][key]
        figures.append(
            figure(
                fid,
                "Python",
                name,
                ours=ours,
                kind="verify",
                ns_rounds=ns[key],
                source=source(key),
                check=check_verified(
                    f"Python {name}", verified["claims"], verified["tampered_rejected"]
                ),
                alloc_note=ALLOC_NOTE,
                peak_bytes=report["peak_bytes_per_call"][key],
            )
        )
    signer = ns["Signer.sign"]
    pyjwt_decode = ns["PyJWT jwt.decode"]
    ratios = [
        ratio(
            rid="python.hashlib_midstate_vs_signer",
            issue=16,
            what="hashlib midstate mint time / Signer.sign time",
            numerator=ns["hashlib midstate mint"],
            denominator=signer,
            op=">=",
            target=2.5,
        ),
        ratio(
            rid="python.pyjwt_decode_vs_verify",
            issue=16,
            what="PyJWT jwt.decode time / meshes_token.verify time",
            numerator=pyjwt_decode,
            denominator=ns["verify"],
            op=">=",
            target=5,
        ),
        ratio(
            rid="python.pyjwt_decode_vs_verifier",
            issue=16,
            what="PyJWT jwt.decode time / Verifier.verify time",
            numerator=pyjwt_decode,
            denominator=ns["Verifier.verify"],
            op=">=",
            target=5,
        ),
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
    say("   " + ", ".join(f"{key} {statistics.median(v):.0f} ns" for key, v in ns.items()))
    return {
        "status": "ok",
        "rounds": rounds,
        "how": f"{SCRIPT} --rounds {rounds} --seconds {seconds}: per round, the mean of timeit",
        "versions": report["versions"],
        "figures": figures,
        "ratios": ratios,
    }
