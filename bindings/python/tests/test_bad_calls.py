"""tests/vectors/bad_calls.json: one bad-argument policy in every binding (issue 17.3).

Every sign row goes through the one-shot ``sign`` and through a ``Signer`` built from the
row's credentials (if building fails, it fails with the row's error); every verify row
through ``verify`` and through a ``Verifier`` (building fails only with SECRET; then the
expected error is ``verifier_error`` when the row has one, else ``error``). Python's numbers
express every row: none is skipped.
"""

from __future__ import annotations

from typing import Any

import pytest

from conftest import ACCESS_KEY, IAT, ORG_ID, SECRET, error_class_for, load_vectors
from meshes_token import Claims, MeshesTokenError, Signer, Verifier, sign, verify

ROWS = load_vectors("bad_calls")
SIGN_ROWS = [pytest.param(v, id=v["name"]) for v in ROWS if v["call"] == "sign"]
VERIFY_ROWS = [pytest.param(v, id=v["name"]) for v in ROWS if v["call"] == "verify"]


def test_the_table_has_both_calls_and_controls() -> None:
    assert {v["call"] for v in ROWS} == {"sign", "verify"}
    assert [v["name"] for v in ROWS if v["error"] is None] == ["sign_ok", "verify_ok"]


def expect(code: str | None, call: Any) -> object:
    """Run ``call``; return its result if ``code`` is None, else check its error's code."""
    if code is None:
        return call()
    with pytest.raises(MeshesTokenError) as caught:
        call()
    assert caught.value.code == code
    assert type(caught.value) is error_class_for(code)
    return None


@pytest.mark.parametrize("v", SIGN_ROWS)
def test_sign_row(v: dict[str, Any]) -> None:
    secret, iat, ttl = v["secret"], v["iat"], v["ttl"]

    def one_shot() -> str:
        return sign(v["access_key"], secret, v["org_id"], issued_at=iat, ttl=ttl)

    def through_signer() -> str:
        with Signer(v["access_key"], secret, v["org_id"]) as signer:
            return signer.sign(iat, ttl)

    for call in (one_shot, through_signer):
        token = expect(v["error"], call)
        if v["error"] is None:
            assert token == v["token"]


@pytest.mark.parametrize("v", VERIFY_ROWS)
def test_verify_row(v: dict[str, Any]) -> None:
    token, secret, now, leeway = v["token"], v["secret"], v["now"], v["leeway"]
    expected = Claims(ACCESS_KEY, ORG_ID, IAT, IAT + 30)  # the example token's

    def through_verifier() -> Claims:
        with Verifier(secret) as verifier:
            return verifier.verify(token, now=now, leeway=leeway)

    claims = expect(v["error"], lambda: verify(token, secret, now=now, leeway=leeway))
    assert claims == (expected if v["error"] is None else None)
    claims = expect(v.get("verifier_error", v["error"]), through_verifier)
    assert claims == (expected if v["error"] is None else None)


def test_whole_floats_are_their_integers_and_now_is_floored() -> None:
    token = sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=float(IAT), ttl=30.0)
    with Signer(ACCESS_KEY, SECRET, ORG_ID) as signer:
        assert (
            signer.sign(float(IAT), 30.0)
            == token
            == sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=IAT)
        )
    expected = Claims(ACCESS_KEY, ORG_ID, IAT, IAT + 30)
    # Flooring a fractional now changes no verdict: every bound is a whole second.
    assert verify(token, SECRET, now=IAT + 29.9, leeway=0.0) == expected
    with Verifier(SECRET) as verifier:
        assert verifier.verify(token, now=IAT + 29.9, leeway=1.0) == expected
