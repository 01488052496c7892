"""Our tokens, decoded by an independent implementation: PyJWT."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest

from conftest import SECRET, vector_params
from meshes_token import TTL_MAX, Signer, sign


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("v", vector_params("tokens"))
def test_pyjwt_decodes_our_tokens(v: dict[str, Any]) -> None:
    key, org, secret = v["access_key"], v["org_id"], v["secret"]
    now = int(time.time())
    with Signer(key, secret, org) as signer:
        tokens = [signer.sign(now, TTL_MAX), sign(key, secret, org, ttl=TTL_MAX)]
    for token in tokens:
        assert jwt.get_unverified_header(token) == {"alg": "HS256", "typ": "JWT", "kid": key}
        claims = jwt.decode(
            token,
            secret,
            algorithms=["HS256"],
            audience="meshes-api",
            issuer=f"urn:meshes:m2m:{key}",
            options={"require": ["iss", "aud", "iat", "exp"], "strict_aud": True},
            leeway=5,
        )
        assert set(claims) == {"iss", "aud", "org", "iat", "exp"}
        assert claims["iss"] == f"urn:meshes:m2m:{key}"
        assert claims["aud"] == "meshes-api"
        assert claims["org"] == org
        assert now - 5 <= claims["iat"] <= int(time.time())
        assert claims["exp"] == claims["iat"] + TTL_MAX
    assert tokens[0] == sign(key, secret, org, issued_at=now, ttl=TTL_MAX)


def test_pyjwt_rejects_wrong_secret_and_audience(signer: Signer) -> None:
    token = signer.sign()
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(token, "x" * 40, algorithms=["HS256"], audience="meshes-api")
    with pytest.raises(jwt.InvalidAudienceError):
        jwt.decode(token, SECRET, algorithms=["HS256"], audience="other")
