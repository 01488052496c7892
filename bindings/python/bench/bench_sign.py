"""Benchmark: minting one Meshes token with this package, PyJWT, and the standard library.

Run with ``make bench-python`` (or ``python bench/bench_sign.py`` where meshes-token and
PyJWT are installed). Every candidate mints the same token (same header fields, claims,
ttl and clock reading) and is checked against ``meshes_token.verify`` before it is timed.
Times are wall-clock time (``time.perf_counter``, timeit's timer); rounds are interleaved
(each round times every candidate once, in turn), so that load from other processes,
caches and frequency hit all of them alike. The report gives each candidate's median time
per token over the rounds, and the ratios of those medians.

Each timed call reads the clock, as a service does, unless ``--iat`` fixes the issue time
(``make bench`` fixes it, so that every language mints the very same token). ``--json PATH``
also writes every round's figure, each candidate's token at ``--iat`` (or 1767225600) and
its peak traced heap bytes per call (tracemalloc) to PATH, for ``make bench``.
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import hmac
import json
import platform
import statistics
import sys
import time
import timeit
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import jwt

import meshes_token
from meshes_token import Signer, sign, verify

ACCESS_KEY = "AK7f3kQ9mZ2pL8xR4tV6"
ORG_ID = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60"
SECRET = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF"
TTL = 30
REFERENCE_IAT = 1767225600


def b64url(data: bytes) -> bytes:
    """Unpadded base64url, as JWTs use."""
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def make_candidates(signer: Signer) -> dict[str, Callable[[int | None], str]]:
    """Each candidate mints a token issued at ``iat`` (the clock, read per call, if None)."""
    key_bytes = SECRET.encode()
    issuer = f"urn:meshes:m2m:{ACCESS_KEY}"
    # The hand mint as a careful author would write it: the constant header segment once.
    header = json.dumps(
        {"alg": "HS256", "typ": "JWT", "kid": ACCESS_KEY}, separators=(",", ":")
    ).encode()
    header_segment = b64url(header) + b"."

    def stdlib_hmac(iat: int | None) -> str:
        now = int(time.time()) if iat is None else iat
        payload = json.dumps(
            {"iss": issuer, "aud": "meshes-api", "org": ORG_ID, "iat": now, "exp": now + TTL},
            separators=(",", ":"),
        ).encode()
        signing_input = header_segment + b64url(payload)
        mac = hmac.new(key_bytes, signing_input, hashlib.sha256).digest()
        return (signing_input + b"." + b64url(mac)).decode("ascii")

    def pyjwt(iat: int | None) -> str:
        now = int(time.time()) if iat is None else iat
        claims = {"iss": issuer, "aud": "meshes-api", "org": ORG_ID, "iat": now, "exp": now + TTL}
        return jwt.encode(claims, SECRET, algorithm="HS256", headers={"kid": ACCESS_KEY})

    return {
        "Signer.sign": lambda iat: signer.sign(iat, TTL),
        "sign": lambda iat: sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=iat, ttl=TTL),
        "PyJWT jwt.encode": pyjwt,
        "stdlib hmac mint": stdlib_hmac,
    }


def check(name: str, mint: Callable[[int | None], str], reference: str, iat: int) -> None:
    """Fail unless ``mint`` makes a token that verifies with the right claims."""
    token = mint(iat)
    claims = verify(token, SECRET, now=iat)
    expected = (ACCESS_KEY, ORG_ID, iat, iat + TTL)
    got = (claims.access_key, claims.org_id, claims.issued_at, claims.expires_at)
    if got != expected:
        sys.exit(f"{name}: wrong claims {got}")
    if jwt.get_unverified_header(token) != {"alg": "HS256", "typ": "JWT", "kid": ACCESS_KEY}:
        sys.exit(f"{name}: wrong header")
    # Our layout is the reference's byte for byte; PyJWT sorts its header keys.
    if name != "PyJWT jwt.encode" and token != reference:
        sys.exit(f"{name}: not the reference token")
    # And the timed form (clock read per call) works too.
    verify(mint(None), SECRET)


def peak_bytes(mint: Callable[[int | None], str], iat: int) -> int:
    """Peak traced heap bytes during one call of ``mint`` (the returned token included)."""
    mint(iat)  # first-call caches are not the call's cost
    tracemalloc.start()
    try:
        peaks = []
        for _ in range(5):
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            mint(iat)
            peaks.append(tracemalloc.get_traced_memory()[1] - before)
    finally:
        tracemalloc.stop()
    return min(peaks)


def main() -> None:
    """Check, time and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21, help="timing rounds (default 21)")
    parser.add_argument("--seconds", type=float, default=0.1, help="per candidate per round")
    parser.add_argument("--iat", type=int, help="fixed issue time (default: the clock, per call)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args()

    with Signer(ACCESS_KEY, SECRET, ORG_ID) as signer:
        candidates = make_candidates(signer)
        iat = REFERENCE_IAT if args.iat is None else args.iat
        reference = signer.sign(iat, TTL)
        for name, mint in candidates.items():
            check(name, mint, reference, iat)

        timers = {
            name: timeit.Timer(functools.partial(mint, args.iat))
            for name, mint in candidates.items()
        }
        numbers = {}
        for name, timer in timers.items():
            count, elapsed = timer.autorange()
            numbers[name] = max(1, int(count * args.seconds / elapsed))
        samples: dict[str, list[float]] = {name: [] for name in candidates}
        for _ in range(args.rounds):
            for name, timer in timers.items():
                samples[name].append(timer.timeit(numbers[name]) / numbers[name])
        if args.json:
            write_json(args.json, args, candidates, samples, numbers)

    medians = {name: statistics.median(times) for name, times in samples.items()}
    print(
        f"meshes-token {meshes_token.__version__}, PyJWT {jwt.__version__}, "
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.machine()}; {args.rounds} interleaved rounds, median time per token"
    )
    print(f"{'':<18} {'median':>10} {'min':>10} {'tokens/s':>12}")
    for name, median in medians.items():
        best = min(samples[name])
        print(f"{name:<18} {median * 1e6:>8.2f}us {best * 1e6:>8.2f}us {1 / median:>12,.0f}")
    ours = medians["Signer.sign"]
    print()
    for name in ("sign", "PyJWT jwt.encode", "stdlib hmac mint"):
        print(f"Signer.sign is {medians[name] / ours:5.1f}x faster than {name}")
    pyjwt_ratio = medians["PyJWT jwt.encode"] / ours
    hmac_ratio = medians["stdlib hmac mint"] / ours
    print(
        f"targets: >= 15x PyJWT: {'met' if pyjwt_ratio >= 15 else 'MISSED'} ({pyjwt_ratio:.1f}x); "
        f"faster than stdlib hmac: {'met' if hmac_ratio > 1 else 'MISSED'} ({hmac_ratio:.1f}x)"
    )


def write_json(
    path: Path,
    args: argparse.Namespace,
    candidates: dict[str, Callable[[int | None], str]],
    samples: dict[str, list[float]],
    numbers: dict[str, int],
) -> None:
    """Every round's seconds per token, the tokens at the fixed iat, and heap peaks."""
    iat = REFERENCE_IAT if args.iat is None else args.iat
    report = {
        "versions": {
            "meshes-token": meshes_token.__version__,
            "PyJWT": jwt.__version__,
            "python": f"{platform.python_implementation()} {platform.python_version()}",
        },
        "iat": args.iat,
        "rounds": args.rounds,
        "calls_per_round": numbers,
        "seconds_per_token": samples,
        "tokens": {name: mint(iat) for name, mint in candidates.items()},
        "peak_bytes_per_call": {name: peak_bytes(mint, iat) for name, mint in candidates.items()},
    }
    path.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
