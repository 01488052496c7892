"""Node: bindings/node/bench/bench.mjs with --json (this module also runs it for bench/lang_wasm.py).

One script times both npm packages (``--package native`` for meshes-token over the C library,
``--package wasm`` for meshes-token-wasm) against the same rivals: the hand-written
``node:crypto`` mint and verification, fast-jwt with cached keys, jose and jsonwebtoken. It
interleaves its rounds itself and checks every candidate before timing it (a mint's token with
the package's verify(), a verification's claims on the reference token and its refusal of a
changed signature); --iat fixes the issue time so that every call mints the bench's token. The
harness checks the tokens and the claims again (checks.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from statistics import median

from checks import IAT, check_token, check_verified
from common import BenchFailed, Context, figure, run, say, tool
from stats import ratio

SCRIPT = "bench/bench.mjs"

# Rival rows, the same for both packages: candidate -> (figure slug, row name, producer whose
# vector a mint's token must equal, None for verifications).
RIVALS = {
    "node:crypto createHmac, hand-written mint": (
        "hand_mint",
        "node:crypto createHmac, hand-written mint",
        "jsonwebtoken",
    ),
    "fast-jwt createSigner, key cached": (
        "fast_jwt",
        "fast-jwt createSigner, key cached",
        "jsonwebtoken",
    ),
    "jose SignJWT, key encoded per call (SDK)": (
        "jose_sdk",
        "jose SignJWT, key encoded per call (SDK)",
        "jose",
    ),
    "jose SignJWT, key encoded once": ("jose_once", "jose SignJWT, key encoded once", "jose"),
    "jsonwebtoken.sign, string secret": (
        "jsonwebtoken_string",
        "jsonwebtoken, string secret",
        "jsonwebtoken",
    ),
    "jsonwebtoken.sign, KeyObject": ("jsonwebtoken_key", "jsonwebtoken, KeyObject", "jsonwebtoken"),
    "node:crypto createHmac, hand-written verify": (
        "verify.hand",
        "node:crypto createHmac + timingSafeEqual, hand-written verify",
        None,
    ),
    "fast-jwt createVerifier, key cached": (
        "verify.fast_jwt",
        "fast-jwt createVerifier, key cached",
        None,
    ),
    "jose jwtVerify, key encoded once": ("verify.jose", "jose jwtVerify, key encoded once", None),
    "jsonwebtoken.verify, KeyObject": (
        "verify.jsonwebtoken",
        "jsonwebtoken.verify, KeyObject",
        None,
    ),
}
HAND_MINT = "node:crypto createHmac, hand-written mint"
JOSE_SDK = "jose SignJWT, key encoded per call (SDK)"
JOSE_VERIFY = "jose jwtVerify, key encoded once"
JWT_KEY_OBJECT = "jsonwebtoken.sign, KeyObject"


@dataclass(frozen=True)
class Package:
    """One of the two npm packages as bench.mjs names its rows."""

    key: str  # "node" or "wasm": figure ids and rounds
    language: str  # the display name
    flag: str  # bench.mjs --package
    ours: str  # its package name, the prefix of its rows
    suffix: str  # added to the names of its own rows in the tables


NATIVE = Package("node", "Node", "native", "meshes-token", "")
WASM = Package("wasm", "WebAssembly", "wasm", "meshes-token-wasm", " (Node)")


def rows(pkg: Package) -> dict[str, tuple[str, str, bool, str | None]]:
    """candidate -> (figure id, row name, ours, producer): ours first, then the rivals."""
    o = pkg.ours
    own = {
        f"{o} Signer#sign": ("signer", f"{o} signer.sign{pkg.suffix}", "jsonwebtoken"),
        f"{o} sign (one-shot)": ("one_shot", f"{o} sign (one-shot){pkg.suffix}", "jsonwebtoken"),
        f"{o} Verifier#verify": ("verify.verifier", f"{o} verifier.verify{pkg.suffix}", None),
        f"{o} verify (one-shot)": ("verify.one_shot", f"{o} verify (one-shot){pkg.suffix}", None),
    }
    if pkg is WASM:
        own["meshes-token (native) Signer#sign"] = (
            "native_signer",
            "meshes-token signer.sign, native, same run",
            "jsonwebtoken",
        )
    table = {k: (f"{pkg.key}.{slug}", name, True, prod) for k, (slug, name, prod) in own.items()}
    for k, (slug, name, prod) in RIVALS.items():
        table[k] = (f"{pkg.key}.{slug}", name, False, prod)
    return table


def bench_package(ctx: Context, pkg: Package) -> dict[str, object]:
    """Run bench.mjs once for ``pkg`` (it does the rounds); figures and ratios."""
    rounds = ctx.rounds[pkg.key]
    say(f"== {pkg.key}: bindings/node/{SCRIPT} --package {pkg.flag}, {rounds} interleaved rounds")
    out_path = ctx.work / f"{pkg.key}.json"
    out_path.unlink(missing_ok=True)
    cmd = [tool("node"), SCRIPT, str(rounds), "--package", pkg.flag, "--iat", str(IAT)]
    run([*cmd, "--json", str(out_path)], cwd=ctx.root / "bindings/node")
    report = json.loads(out_path.read_text())
    ns = report["ns_per_token"]
    table = rows(pkg)
    if set(ns) != set(table):
        raise BenchFailed(f"bench.mjs --package {pkg.flag} candidates changed: {sorted(ns)}")
    figures = []
    for key, (fid, name, ours, producer) in table.items():
        kind = report["kind"][key]
        if kind == "mint":
            check = check_token(
                f"{pkg.language} {name}", report["tokens"].get(key), ctx.vectors, producer
            )
        else:
            got = report["verified"].get(key) or {}
            check = check_verified(
                f"{pkg.language} {name}", got.get("claims"), got.get("tampered_rejected")
            )
        figures.append(
            figure(
                fid,
                pkg.language,
                name,
                ours=ours,
                kind=kind,
                ns_rounds=ns[key],
                source=f"bindings/node/{SCRIPT} --package {pkg.flag}: {key}, mean over "
                f"{report['calls_per_round'][key]} calls per round",
                check=check,
            )
        )
    say(
        "   "
        + ", ".join(f"{name} {median(ns[key]):.0f} ns" for key, (_, name, _, _) in table.items())
    )
    return {
        "status": "ok",
        "rounds": rounds,
        "how": f"bindings/node/{SCRIPT} {rounds} --package {pkg.flag}: per round, the mean over "
        "~150 ms of calls",
        "versions": report["versions"],
        "figures": figures,
        "ns": ns,
    }


def bench(ctx: Context) -> dict[str, object]:
    """The native package's rows and the targets of issues 7 and 16."""
    result = bench_package(ctx, NATIVE)
    ns = result.pop("ns")
    assert isinstance(ns, dict)
    signer, verifier, verify = (
        ns["meshes-token Signer#sign"],
        ns["meshes-token Verifier#verify"],
        ns["meshes-token verify (one-shot)"],
    )
    result["ratios"] = [
        ratio(
            rid="node.jose_vs_signer",
            issue=7,
            what="jose SignJWT (as the SDK calls it) time / signer.sign time",
            numerator=ns[JOSE_SDK],
            denominator=signer,
            op=">=",
            target=20,
        ),
        ratio(
            rid="node.jsonwebtoken_key_vs_signer",
            issue=7,
            what="jsonwebtoken.sign with a KeyObject time / signer.sign time",
            numerator=ns[JWT_KEY_OBJECT],
            denominator=signer,
            op=">=",
            target=3,
        ),
        ratio(
            rid="node.hand_mint_vs_signer",
            issue=16,
            what="hand-written node:crypto createHmac mint time / signer.sign time",
            numerator=ns[HAND_MINT],
            denominator=signer,
            op=">=",
            target=7,
        ),
        ratio(
            rid="node.jose_verify_vs_verify",
            issue=16,
            what="jose jwtVerify time / verify (one-shot) time",
            numerator=ns[JOSE_VERIFY],
            denominator=verify,
            op=">=",
            target=5,
        ),
        ratio(
            rid="node.jose_verify_vs_verifier",
            issue=16,
            what="jose jwtVerify time / verifier.verify time",
            numerator=ns[JOSE_VERIFY],
            denominator=verifier,
            op=">=",
            target=5,
        ),
    ]
    return result
