"""The bench's inputs, and the check every timed implementation's token must pass.

Each language's benchmark already checks its own contenders before timing them; the harness
checks their tokens again, independently of every library under test: exact bytes against the
conformance vector of the same producer (tests/vectors/tokens.json, vector "example") where
there is one, and in every case an HS256 verification written here with the standard library.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path

ACCESS_KEY = "AK7f3kQ9mZ2pL8xR4tV6"
ORG_ID = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60"
SECRET = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF"
IAT = 1767225600
TTL = 30

EXPECTED_HEADER = {"alg": "HS256", "typ": "JWT", "kid": ACCESS_KEY}
EXPECTED_CLAIMS = {
    "iss": f"urn:meshes:m2m:{ACCESS_KEY}",
    "aud": "meshes-api",
    "org": ORG_ID,
    "iat": IAT,
    "exp": IAT + TTL,
}


class CheckFailed(Exception):
    """A token that is not what the benchmark claims to time."""


def load_vectors(root: Path) -> dict[str, str]:
    """The tokens each producer made for the bench's inputs, by producer."""
    data = json.loads((root / "tests/vectors/tokens.json").read_text())
    for vector in data["vectors"]:
        if vector["name"] == "example":
            inputs = (vector["access_key"], vector["org_id"], vector["secret"], vector["iat"])
            if inputs != (ACCESS_KEY, ORG_ID, SECRET, IAT) or vector["ttl"] != TTL:
                raise CheckFailed("tests/vectors: the example vector has other inputs")
            return dict(vector["tokens"])
    raise CheckFailed("tests/vectors/tokens.json has no vector named example")


def _b64decode(segment: str) -> bytes:
    """Canonical unpadded base64url only: re-encoding must give the segment back."""
    raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    if not segment or base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != segment:
        raise CheckFailed("a segment is not canonical unpadded base64url")
    return raw


def verify_hs256(token: str) -> None:
    """Raise CheckFailed unless ``token`` is a valid HS256 JWT of exactly the bench's claims."""
    parts = token.split(".")
    if len(parts) != 3:
        raise CheckFailed("not three segments")
    signing_input = f"{parts[0]}.{parts[1]}".encode("ascii")
    mac = hmac.new(SECRET.encode(), signing_input, hashlib.sha256).digest()
    if not hmac.compare_digest(mac, _b64decode(parts[2])):
        raise CheckFailed("bad signature")
    if json.loads(_b64decode(parts[0])) != EXPECTED_HEADER:
        raise CheckFailed("wrong header")
    if json.loads(_b64decode(parts[1])) != EXPECTED_CLAIMS:
        raise CheckFailed("wrong claims")


def check_token(name: str, token: str | None, vectors: dict[str, str], producer: str | None) -> str:
    """Check one contender's token; returns how it was checked, for results.json."""
    if token is None:
        raise CheckFailed(f"{name}: the benchmark reported no token")
    try:
        verify_hs256(token)
    except (CheckFailed, ValueError) as err:
        raise CheckFailed(f"{name}: {err}: {token!r}") from err
    if producer is None:
        return "verified (HS256, header and claims)"
    if token != vectors[producer]:
        raise CheckFailed(f"{name}: not the {producer} vector byte for byte: {token!r}")
    return f"byte-for-byte = tests/vectors {producer} token, and verified"


# What a verify row may report back: the claims its verifier returned, by JWT claim name
# (``kid`` for the header's key id).
EXPECTED_VERIFIED = {**EXPECTED_CLAIMS, "kid": ACCESS_KEY}


def check_verified(
    name: str, claims: object, tampered_rejected: object, *, reads_only: bool = False
) -> str:
    """Check one verify row's result; returns how it was checked, for results.json.

    ``claims`` is what the contender returned for the reference token (any non-empty subset of
    ``kid``, ``iss``, ``aud``, ``org``, ``iat``, ``exp``, each equal to the expected value);
    ``tampered_rejected`` must be True: the same contender refused the reference token with
    one signature character changed. ``reads_only`` is for a row that reads a field without
    verifying (``key_id``): its claims are checked, the tampered token is not.
    """
    if not isinstance(claims, dict) or not claims:
        raise CheckFailed(f"{name}: the benchmark reported no verified claims")
    for key, value in claims.items():
        if key not in EXPECTED_VERIFIED or EXPECTED_VERIFIED[key] != value:
            raise CheckFailed(f"{name}: verified claim {key}={value!r} is not the token's")
    if reads_only:
        return f"returned {', '.join(sorted(claims))} as minted (reads, does not verify)"
    if tampered_rejected is not True:
        raise CheckFailed(f"{name}: did not reject the token with a changed signature")
    return f"returned {', '.join(sorted(claims))} as minted; rejected a changed signature"
