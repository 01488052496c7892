"""Every conformance vector in tests/vectors/ (see its README for the format)."""

from __future__ import annotations

from typing import Any

import pytest

import meshes_token
from conftest import error_class_for, vector_params
from meshes_token import (
    Claims,
    Signer,
    TokenExpired,
    TokenNotYetValid,
    Verifier,
    key_id,
    sign,
    verify,
)

PRODUCERS = ("jsonwebtoken", "jose", "pyjwt", "go_sdk")


@pytest.mark.parametrize("v", vector_params("tokens"))
def test_sign_reproduces_reference_bytes(v: dict[str, Any]) -> None:
    iat, expected = int(v["iat_str"]), v["tokens"]["jsonwebtoken"]
    assert sign(v["access_key"], v["secret"], v["org_id"], issued_at=iat, ttl=v["ttl"]) == expected
    secret_bytes = v["secret"].encode()
    assert sign(v["access_key"], secret_bytes, v["org_id"], issued_at=iat, ttl=v["ttl"]) == expected
    with Signer(v["access_key"], bytearray(secret_bytes), v["org_id"]) as signer:
        assert signer.sign(iat, v["ttl"]) == expected
        assert signer.sign(issued_at=iat, ttl=v["ttl"]) == expected


@pytest.mark.parametrize("producer", PRODUCERS)
@pytest.mark.parametrize("v", vector_params("tokens"))
def test_verify_accepts_every_producer(v: dict[str, Any], producer: str) -> None:
    token = v["tokens"][producer]
    iat, exp = int(v["iat_str"]), int(v["exp_str"])
    expected = Claims(access_key=v["access_key"], org_id=v["org_id"], issued_at=iat, expires_at=exp)
    assert verify(token, v["secret"], now=iat) == expected
    assert verify(token.encode(), v["secret"].encode(), now=exp - 1) == expected
    assert verify(token, v["secret"], now=exp, leeway=1) == expected
    with pytest.raises(TokenExpired):
        verify(token, v["secret"], now=exp)
    if iat > 0:
        with pytest.raises(TokenNotYetValid):
            verify(token, v["secret"], now=iat - 1)
    assert key_id(token) == v["access_key"]
    with Verifier(v["secret"]) as verifier:
        assert verifier.verify(token, now=iat) == expected
        assert verifier.verify(token.encode(), now=exp, leeway=1) == expected
        with pytest.raises(TokenExpired):
            verifier.verify(token, now=exp)


@pytest.mark.parametrize("v", vector_params("sign_invalid"))
def test_sign_invalid(v: dict[str, Any]) -> None:
    expected = error_class_for(v["error"])
    iat = int(v["iat_str"])
    with pytest.raises(expected) as caught:
        sign(v["access_key"], v["secret"], v["org_id"], issued_at=iat, ttl=v["ttl"])
    assert type(caught.value) is expected
    assert caught.value.code == v["error"]
    assert caught.value.status == getattr(meshes_token._ffi.lib, "MESHES_ERR_" + v["error"])
    # The signer checks the credentials when it is built, the ttl and time when it signs.
    with pytest.raises(expected) as caught, Signer(v["access_key"], v["secret"], v["org_id"]) as s:
        s.sign(iat, v["ttl"])
    assert type(caught.value) is expected


@pytest.mark.parametrize("v", vector_params("verify_valid"))
def test_verify_valid(v: dict[str, Any]) -> None:
    c = v["claims"]
    expected = Claims(
        access_key=c["access_key"],
        org_id=c["org_id"],
        issued_at=int(c["iat_str"]),
        expires_at=int(c["exp_str"]),
    )
    assert verify(v["token"], v["secret"], now=int(v["now_str"]), leeway=v["leeway"]) == expected
    assert key_id(v["token"]) == c["access_key"]
    with Verifier(v["secret"]) as verifier:
        assert verifier.verify(v["token"], now=int(v["now_str"]), leeway=v["leeway"]) == expected


@pytest.mark.parametrize("v", vector_params("verify_invalid"))
def test_verify_invalid(v: dict[str, Any]) -> None:
    expected = error_class_for(v["error"])
    with pytest.raises(expected) as caught:
        verify(v["token"], v["secret"], now=int(v["now_str"]), leeway=v["leeway"])
    assert type(caught.value) is expected
    assert caught.value.code == v["error"]
    assert isinstance(caught.value, meshes_token.InvalidToken)
    # A Verifier for the secret: its constructor refuses the secret (verify's second rule),
    # or its verify raises the same error.
    with pytest.raises(expected) as caught, Verifier(v["secret"]) as verifier:
        verifier.verify(v["token"], now=int(v["now_str"]), leeway=v["leeway"])
    assert type(caught.value) is expected
