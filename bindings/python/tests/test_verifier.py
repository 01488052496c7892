"""``Verifier``: same verdicts as ``verify``, close, repr, pickling, threads."""

from __future__ import annotations

import copy
import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

from meshes_token import (
    InvalidLeeway,
    InvalidSecret,
    InvalidSignature,
    InvalidTime,
    SignerClosed,
    TokenExpired,
    Verifier,
    key_id,
    sign,
    verify,
)

ACCESS_KEY = "AK7f3kQ9mZ2pL8xR4tV6"
SECRET = "s3cr3t_Key-with/chars=0123456789abcdefABCDEF"
ORG_ID = "3f6c2a9e-8b1d-4e7a-9c2f-5d8e1a7b4c60"
IAT = 1767225600
TOKEN = sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=IAT, ttl=30)


def test_gateway_picks_the_verifier_by_key_id() -> None:
    verifiers = {ACCESS_KEY: Verifier(SECRET), "other": Verifier("another-secret")}
    claims = verifiers[key_id(TOKEN)].verify(TOKEN, now=IAT + 1)
    assert claims == verify(TOKEN, SECRET, now=IAT + 1)
    with pytest.raises(InvalidSignature):
        verifiers["other"].verify(TOKEN, now=IAT + 1)
    for v in verifiers.values():
        v.close()


def test_errors_and_argument_checks() -> None:
    with Verifier(SECRET.encode()) as v:
        with pytest.raises(TokenExpired):
            v.verify(TOKEN, now=IAT + 30)
        with pytest.raises(InvalidLeeway):
            v.verify(TOKEN, now=IAT, leeway=301)
        with pytest.raises(InvalidTime):
            v.verify(TOKEN, now=-1)
        with pytest.raises(InvalidLeeway):
            v.verify(TOKEN, now=IAT, leeway=-1)
        with pytest.raises(TokenExpired):
            v.verify(TOKEN, now=2**64)
        with pytest.raises(TypeError):
            v.verify(TOKEN, now=True)
        with pytest.raises(TypeError):
            v.verify(123, now=IAT)  # type: ignore[arg-type]
    with pytest.raises(InvalidSecret):
        Verifier("secret\n")
    with pytest.raises(TypeError):
        Verifier(1)  # type: ignore[arg-type]


def test_close_wipes_and_refuses() -> None:
    v = Verifier(SECRET)
    assert repr(v) == "<Verifier open>"
    assert not v.closed
    v.close()
    v.close()
    assert repr(v) == "<Verifier closed>"
    assert v.closed
    with pytest.raises(SignerClosed, match="verifier is closed"):
        v.verify(TOKEN, now=IAT + 1)


def test_cannot_be_pickled_or_copied() -> None:
    with Verifier(SECRET) as v:
        for f in (pickle.dumps, copy.copy, copy.deepcopy):
            with pytest.raises(TypeError):
                f(v)


def test_threads_share_one_verifier() -> None:
    with Verifier(SECRET) as v, ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: v.verify(TOKEN, now=IAT + 1), range(200)))
    assert all(r.org_id == ORG_ID for r in results)
