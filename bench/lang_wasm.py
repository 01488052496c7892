"""WebAssembly: meshes-token-wasm in Node, by the script and code of bench/lang_node.py.

bindings/node/bench/bench.mjs --package wasm times meshes-token-wasm's Signer, sign, Verifier
and verify against the same rivals as the native package (and the native Signer, in the same
run); lang_node.bench_package checks and records the rows.
"""

from __future__ import annotations

from common import Context
from lang_node import JOSE_SDK, WASM, bench_package
from stats import ratio


def bench(ctx: Context) -> dict[str, object]:
    """The wasm package's rows and the target of issue 14."""
    result = bench_package(ctx, WASM)
    ns = result.pop("ns")
    assert isinstance(ns, dict)
    result["ratios"] = [
        ratio(
            rid="wasm.jose_vs_signer",
            issue=14,
            what="jose SignJWT (as the SDK calls it) time / meshes-token-wasm signer.sign time",
            numerator=ns[JOSE_SDK],
            denominator=ns["meshes-token-wasm Signer#sign"],
            op=">=",
            target=20,
        ),
    ]
    return result
