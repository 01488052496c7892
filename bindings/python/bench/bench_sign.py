"""Benchmark: minting and verifying one Meshes token with this package and its strongest rivals.

Run by ``make bench`` (bench/lang_python.py), or ``python bench/bench_sign.py`` where
meshes-token, PyJWT and joserfc are installed (``make python-venv`` installs them all).

Mints: ``Signer.sign``, the one-shot ``sign``, PyJWT, joserfc, a stdlib ``json`` + ``hmac``
mint, and the two strongest hand-written mints: the ``hashlib`` midstate mint (SHA-256 fed
``key ^ ipad`` and the token's constant prefix once, ``.copy()`` per token, the same for the
outer hash, the tail's JSON and base64 written by hand), and ``hmac.HMAC.copy()`` of an HMAC
fed the same prefix. Each mints the same token (same header fields and claims), checked
before it is timed: with ``meshes_token.verify``, the header, and byte for byte with the
reference for all but PyJWT and joserfc (which order their header keys otherwise).

Verifications: ``verify``, ``Verifier.verify``, PyJWT ``jwt.decode`` (HS256, audience and
issuer required and checked) and joserfc ``jwt.decode`` with a claims registry (iss and aud
essential and checked, exp and iat at the time given), each of the reference token, 1 s
after its ``iat``. PyJWT takes no time argument: it reads the clock, so it is given a leeway
that covers the token's age (the same comparisons are made). Each is checked before it is
timed: the claims it returns, and that it refuses the token with one signature character
changed.

Times are wall-clock time (``time.perf_counter``, timeit's timer); rounds are interleaved
(each round times every candidate once, in turn), so that load from other processes, caches
and frequency hit all of them alike. Each timed mint reads the clock, as a service does,
unless ``--iat`` fixes the issue time (``make bench`` fixes it, so that every language mints
the very same token). ``--json PATH`` writes every round's figure, each mint's token at
``--iat`` (or 1767225600), each verification's claims and tamper check, and the peak traced
heap bytes per call (tracemalloc) to PATH, for ``make bench``.
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
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jwt
from joserfc import jwt as jose_jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

import meshes_token
from meshes_token import MeshesTokenError, Signer, Verifier, sign, verify

ACCESS_KEY = "AK7f3kQ9mZ2pL8xR4tV6"
ORG_ID = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60"
SECRET = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF"
ISSUER = f"urn:meshes:m2m:{ACCESS_KEY}"
TTL = 30
REFERENCE_IAT = 1767225600
HEADER = {"alg": "HS256", "typ": "JWT", "kid": ACCESS_KEY}

Mint = Callable[[Any], str]  # issued at an int, or the clock (read per call) for None
Check = Callable[[str], dict[str, Any]]  # the verified claims, by JWT claim name


def b64url(data: bytes) -> bytes:
    """Unpadded base64url, as JWTs use."""
    return base64.urlsafe_b64encode(data).rstrip(b"=")


def hand_mints() -> dict[str, Mint]:
    """The stdlib mints, as a careful author writes them: what is constant, done once."""
    key = SECRET.encode()
    header_segment = b64url(json.dumps(HEADER, separators=(",", ":")).encode()) + b"."

    def stdlib_hmac(iat: int | None) -> str:
        now = int(time.time()) if iat is None else iat
        claims = {"iss": ISSUER, "aud": "meshes-api", "org": ORG_ID, "iat": now, "exp": now + TTL}
        signing_input = header_segment + b64url(json.dumps(claims, separators=(",", ":")).encode())
        mac = hmac.new(key, signing_input, hashlib.sha256).digest()
        return (signing_input + b"." + b64url(mac)).decode("ascii")

    # The payload up to "iat": its whole 3-byte groups are base64 text fixed for every token,
    # hashed once into the midstates; the 0 to 2 bytes left over start each token's tail.
    payload_head = f'{{"iss":"{ISSUER}","aud":"meshes-api","org":"{ORG_ID}",'.encode()
    cut = len(payload_head) // 3 * 3
    prefix = header_segment + b64url(payload_head[:cut])
    carry = payload_head[cut:]
    block = key.ljust(64, b"\0")  # the key is shorter than a SHA-256 block
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    inner.update(prefix)
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
    keyed = hmac.new(key, prefix, hashlib.sha256)

    def hashlib_midstate(iat: int | None) -> str:
        now = int(time.time()) if iat is None else iat
        tail = b64url(carry + b'"iat":%d,"exp":%d}' % (now, now + TTL))
        h = inner.copy()
        h.update(tail)
        o = outer.copy()
        o.update(h.digest())
        return (prefix + tail + b"." + b64url(o.digest())).decode("ascii")

    def hmac_copy(iat: int | None) -> str:
        now = int(time.time()) if iat is None else iat
        tail = b64url(carry + b'"iat":%d,"exp":%d}' % (now, now + TTL))
        h = keyed.copy()
        h.update(tail)
        return (prefix + tail + b"." + b64url(h.digest())).decode("ascii")

    return {
        "stdlib hmac mint": stdlib_hmac,
        "hashlib midstate mint": hashlib_midstate,
        "hmac.HMAC.copy mint": hmac_copy,
    }


def make_mints(signer: Signer) -> dict[str, Mint]:
    """Each candidate mints a token issued at ``iat`` (the clock, read per call, if None)."""
    jose_key = OctKey.import_key(SECRET)

    def pyjwt(iat: int | None) -> str:
        now = int(time.time()) if iat is None else iat
        claims = {"iss": ISSUER, "aud": "meshes-api", "org": ORG_ID, "iat": now, "exp": now + TTL}
        return jwt.encode(claims, SECRET, algorithm="HS256", headers={"kid": ACCESS_KEY})

    def joserfc(iat: int | None) -> str:
        now = int(time.time()) if iat is None else iat
        claims = {"iss": ISSUER, "aud": "meshes-api", "org": ORG_ID, "iat": now, "exp": now + TTL}
        return jose_jwt.encode(HEADER, claims, jose_key)

    return {
        "Signer.sign": lambda iat: signer.sign(iat, TTL),
        "sign": lambda iat: sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=iat, ttl=TTL),
        "PyJWT jwt.encode": pyjwt,
        "joserfc jwt.encode": joserfc,
        **hand_mints(),
    }


def make_checks(verifier: Verifier, now: int) -> dict[str, Check]:
    """Each candidate verifies a token at ``now`` and returns its claims, or raises."""
    jose_key = OctKey.import_key(SECRET)
    registry = jose_jwt.JWTClaimsRegistry(
        now=now,
        iss={"essential": True, "value": ISSUER},
        aud={"essential": True, "value": "meshes-api"},
    )
    # PyJWT reads the clock: a leeway that covers the token's age (and a day more) makes
    # `now` in its window, while it still makes every comparison.
    leeway = int(time.time()) - now + 86400

    def ours(claims: meshes_token.Claims) -> dict[str, Any]:
        return {
            "kid": claims.access_key,
            "org": claims.org_id,
            "iat": claims.issued_at,
            "exp": claims.expires_at,
        }

    def pyjwt(token: str) -> dict[str, Any]:
        claims: dict[str, Any] = jwt.decode(
            token,
            SECRET,
            algorithms=["HS256"],
            audience="meshes-api",
            issuer=ISSUER,
            leeway=leeway,
            options={"require": ["exp", "iat", "iss", "aud"]},
        )
        return claims

    def joserfc(token: str) -> dict[str, Any]:
        decoded = jose_jwt.decode(token, jose_key, algorithms=["HS256"])
        registry.validate(decoded.claims)
        return decoded.claims

    return {
        "verify": lambda token: ours(verify(token, SECRET, now=now)),
        "Verifier.verify": lambda token: ours(verifier.verify(token, now=now)),
        "PyJWT jwt.decode": pyjwt,
        "joserfc jwt.decode": joserfc,
    }


def check_mint(name: str, mint: Mint, reference: str, iat: int) -> None:
    """Fail unless ``mint`` makes a token that verifies with the right claims."""
    token = mint(iat)
    claims = verify(token, SECRET, now=iat)
    expected = (ACCESS_KEY, ORG_ID, iat, iat + TTL)
    got = (claims.access_key, claims.org_id, claims.issued_at, claims.expires_at)
    if got != expected:
        sys.exit(f"{name}: wrong claims {got}")
    if jwt.get_unverified_header(token) != HEADER:
        sys.exit(f"{name}: wrong header")
    # Our layout is the reference's byte for byte; PyJWT and joserfc order their header keys.
    if name not in ("PyJWT jwt.encode", "joserfc jwt.encode") and token != reference:
        sys.exit(f"{name}: not the reference token")
    # And the timed form (clock read per call) works too.
    verify(mint(None), SECRET)


def tampered(token: str) -> str:
    """The token with its signature's first character changed."""
    head, _, signature = token.rpartition(".")
    return f"{head}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"


def check_verification(name: str, check: Check, token: str) -> tuple[dict[str, Any], bool]:
    """The claims ``check`` returns for ``token``, and whether it refuses a changed signature."""
    claims = check(token)
    expected = {"kid": ACCESS_KEY, "iss": ISSUER, "aud": "meshes-api", "org": ORG_ID}
    expected.update({"iat": REFERENCE_IAT, "exp": REFERENCE_IAT + TTL})
    if not claims or any(expected.get(k, object()) != v for k, v in claims.items()):
        sys.exit(f"{name}: wrong claims {claims}")
    try:
        check(tampered(token))
    except (MeshesTokenError, jwt.InvalidTokenError, JoseError):
        return claims, True
    sys.exit(f"{name}: accepted a token with a changed signature")


def peak_bytes(call: Callable[[], object]) -> int:
    """Peak traced heap bytes during one call (its result included)."""
    call()  # first-call caches are not the call's cost
    tracemalloc.start()
    try:
        peaks = []
        for _ in range(5):
            tracemalloc.reset_peak()
            before = tracemalloc.get_traced_memory()[0]
            call()
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

    with Signer(ACCESS_KEY, SECRET, ORG_ID) as signer, Verifier(SECRET) as verifier:
        mints = make_mints(signer)
        iat = REFERENCE_IAT if args.iat is None else args.iat
        reference = signer.sign(REFERENCE_IAT, TTL)
        for name, mint in mints.items():
            check_mint(name, mint, signer.sign(iat, TTL), iat)
        checks = make_checks(verifier, REFERENCE_IAT + 1)
        verified = {name: check_verification(name, c, reference) for name, c in checks.items()}

        calls: dict[str, Callable[[], object]] = {
            **{name: functools.partial(mint, args.iat) for name, mint in mints.items()},
            **{name: functools.partial(check, reference) for name, check in checks.items()},
        }
        timers = {name: timeit.Timer(call) for name, call in calls.items()}
        numbers = {}
        for name, timer in timers.items():
            count, elapsed = timer.autorange()
            numbers[name] = max(1, int(count * args.seconds / elapsed))
        samples: dict[str, list[float]] = {name: [] for name in calls}
        for _ in range(args.rounds):
            for name, timer in timers.items():
                samples[name].append(timer.timeit(numbers[name]) / numbers[name])
        if args.json:
            report = {
                "versions": {
                    "meshes-token": meshes_token.__version__,
                    "PyJWT": jwt.__version__,
                    "joserfc": version("joserfc"),
                    "python": f"{platform.python_implementation()} {platform.python_version()}",
                },
                "iat": args.iat,
                "rounds": args.rounds,
                "calls_per_round": numbers,
                "seconds_per_call": samples,
                "tokens": {name: mint(REFERENCE_IAT) for name, mint in mints.items()},
                "verified": {
                    name: {"claims": c, "tampered_rejected": r} for name, (c, r) in verified.items()
                },
                "peak_bytes_per_call": {name: peak_bytes(call) for name, call in calls.items()},
            }
            args.json.write_text(json.dumps(report, indent=2) + "\n")

    report_text(args, samples)


def report_text(args: argparse.Namespace, samples: dict[str, list[float]]) -> None:
    """Print the medians and the issue-16 ratios."""
    medians = {name: statistics.median(times) for name, times in samples.items()}
    print(
        f"meshes-token {meshes_token.__version__}, PyJWT {jwt.__version__}, "
        f"joserfc {version('joserfc')}, Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.machine()}; {args.rounds} "
        "interleaved rounds, median time per call"
    )
    print(f"{'':<22} {'median':>10} {'min':>10} {'calls/s':>12}")
    for name, median in medians.items():
        best = min(samples[name])
        print(f"{name:<22} {median * 1e6:>8.2f}us {best * 1e6:>8.2f}us {1 / median:>12,.0f}")
    mint = medians["hashlib midstate mint"] / medians["Signer.sign"]
    pyjwt = medians["PyJWT jwt.decode"]
    print(
        f"Signer.sign vs the hashlib midstate mint: {mint:.2f}x (target >= 2.5x); "
        f"verify vs PyJWT decode: {pyjwt / medians['verify']:.1f}x, Verifier.verify: "
        f"{pyjwt / medians['Verifier.verify']:.1f}x (target >= 5x)"
    )


if __name__ == "__main__":
    main()
