"""WebAssembly: bindings/wasm/bench/bench.mjs with --json (meshes-token-wasm in Node).

meshes-token-wasm's Signer#sign against jose's SignJWT (WebCrypto, as the Meshes SDK calls
it), fast-jwt and the native meshes-token package, in one Node process. The script
interleaves its rounds itself and checks every candidate's token with the package's verify()
before timing; --iat fixes the issue time so that every call mints the bench's token.
"""

from __future__ import annotations

import json

from checks import IAT, check_token
from common import BenchFailed, Context, figure, run, say, tool
from stats import ratio

SCRIPT = "bench/bench.mjs"
LANGUAGE = "WebAssembly"
SIGNER = "meshes-token-wasm Signer#sign"
JOSE_SDK = "jose SignJWT, key encoded per call (SDK)"

# candidate -> (figure id, row name, ours, producer whose vector it must equal)
MINTS = {
    SIGNER: ("wasm.signer", "meshes-token-wasm signer.sign (Node)", True, "jsonwebtoken"),
    "meshes-token-wasm sign (one-shot)": (
        "wasm.one_shot",
        "meshes-token-wasm sign, one-shot (Node)",
        True,
        "jsonwebtoken",
    ),
    "meshes-token (native) Signer#sign": (
        "wasm.native_signer",
        "meshes-token signer.sign, native, same run",
        True,
        "jsonwebtoken",
    ),
    JOSE_SDK: (
        "wasm.jose_sdk",
        "jose SignJWT, key encoded per call (SDK), same run",
        False,
        "jose",
    ),
    "fast-jwt createSigner": ("wasm.fast_jwt", "fast-jwt createSigner", False, "jsonwebtoken"),
}


def bench(ctx: Context) -> dict[str, object]:
    """Run the script once (it does the rounds); figures and ratios."""
    rounds = ctx.rounds["wasm"]
    say(f"== wasm: bindings/wasm/{SCRIPT}, {rounds} interleaved rounds")
    out_path = ctx.work / "wasm.json"
    out_path.unlink(missing_ok=True)
    run(
        [tool("node"), SCRIPT, str(rounds), "--iat", str(IAT), "--json", str(out_path)],
        cwd=ctx.root / "bindings/wasm",
    )
    report = json.loads(out_path.read_text())
    ns = report["ns_per_token"]
    if set(ns) != set(MINTS):
        raise BenchFailed(f"bindings/wasm bench.mjs candidates changed: {sorted(ns)}")
    figures = [
        figure(
            fid,
            LANGUAGE,
            name,
            ours=ours,
            ns_rounds=ns[key],
            source=f"bindings/wasm/{SCRIPT}: {key}, mean over "
            f"{report['calls_per_round'][key]} calls per round",
            check=check_token(
                f"WebAssembly {name}", report["tokens"].get(key), ctx.vectors, producer
            ),
        )
        for key, (fid, name, ours, producer) in MINTS.items()
    ]
    ratios = [
        ratio(
            rid="wasm.jose_vs_signer",
            issue=14,
            what="jose SignJWT (as the SDK calls it) time / meshes-token-wasm signer.sign time",
            numerator=ns[JOSE_SDK],
            denominator=ns[SIGNER],
            op=">=",
            target=20,
        ),
    ]
    say("   " + ", ".join(f"{f['name']} {f['ns_per_token']['median']:.0f} ns" for f in figures))
    return {
        "status": "ok",
        "rounds": rounds,
        "how": f"bindings/wasm/{SCRIPT} {rounds}: per round, the mean over ~150 ms of calls",
        "versions": report["versions"],
        "figures": figures,
        "ratios": ratios,
    }
