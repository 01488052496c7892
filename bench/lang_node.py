"""Node: bindings/node/bench/bench.mjs with --json.

The script interleaves its rounds itself and checks every candidate's token with the
package's verify() before timing; --iat fixes the issue time so that every call mints the
bench's token (jose's layout differs from jsonwebtoken's: it is compared with jose's vector).
"""

from __future__ import annotations

import json

from checks import IAT, check_token
from common import BenchFailed, Context, figure, run, say, tool
from stats import ratio

SCRIPT = "bench/bench.mjs"
JOSE_SDK = "jose SignJWT, key encoded per call (SDK)"
JWT_KEY_OBJECT = "jsonwebtoken.sign, KeyObject"
SIGNER = "meshes-token Signer#sign"

# candidate -> (figure id, row name, ours, producer whose vector it must equal)
MINTS = {
    SIGNER: ("node.signer", "meshes-token signer.sign", True, "jsonwebtoken"),
    "meshes-token sign (one-shot)": (
        "node.one_shot",
        "meshes-token sign (one-shot)",
        True,
        "jsonwebtoken",
    ),
    JOSE_SDK: ("node.jose_sdk", "jose SignJWT, key encoded per call (SDK)", False, "jose"),
    "jose SignJWT, key encoded once": (
        "node.jose_once",
        "jose SignJWT, key encoded once",
        False,
        "jose",
    ),
    "jsonwebtoken.sign, string secret": (
        "node.jsonwebtoken_string",
        "jsonwebtoken, string secret",
        False,
        "jsonwebtoken",
    ),
    JWT_KEY_OBJECT: ("node.jsonwebtoken_key", "jsonwebtoken, KeyObject", False, "jsonwebtoken"),
}


def bench(ctx: Context) -> dict[str, object]:
    """Run the script once (it does the rounds); figures and ratios."""
    rounds = ctx.rounds["node"]
    say(f"== node: bindings/node/{SCRIPT}, {rounds} interleaved rounds")
    out_path = ctx.work / "node.json"
    out_path.unlink(missing_ok=True)
    run(
        [tool("node"), SCRIPT, str(rounds), "--iat", str(IAT), "--json", str(out_path)],
        cwd=ctx.root / "bindings/node",
    )
    report = json.loads(out_path.read_text())
    ns = report["ns_per_token"]
    if set(ns) != set(MINTS):
        raise BenchFailed(f"bench.mjs candidates changed: {sorted(ns)}")
    figures = [
        figure(
            fid,
            "Node",
            name,
            ours=ours,
            ns_rounds=ns[key],
            source=f"bindings/node/{SCRIPT}: {key}, mean over "
            f"{report['calls_per_round'][key]} calls per round",
            check=check_token(f"Node {name}", report["tokens"].get(key), ctx.vectors, producer),
        )
        for key, (fid, name, ours, producer) in MINTS.items()
    ]
    ratios = [
        ratio(
            rid="node.jose_vs_signer",
            issue=7,
            what="jose SignJWT (as the SDK calls it) time / signer.sign time",
            numerator=ns[JOSE_SDK],
            denominator=ns[SIGNER],
            op=">=",
            target=20,
        ),
        ratio(
            rid="node.jsonwebtoken_key_vs_signer",
            issue=7,
            what="jsonwebtoken.sign with a KeyObject time / signer.sign time",
            numerator=ns[JWT_KEY_OBJECT],
            denominator=ns[SIGNER],
            op=">=",
            target=3,
        ),
    ]
    say("   " + ", ".join(f"{f['name']} {f['ns_per_token']['median']:.0f} ns" for f in figures))
    return {
        "status": "ok",
        "rounds": rounds,
        "how": f"bindings/node/{SCRIPT} {rounds}: per round, the mean over ~150 ms of calls",
        "versions": report["versions"],
        "figures": figures,
        "ratios": ratios,
    }
