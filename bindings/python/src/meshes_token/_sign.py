"""``sign``: mint one token in one call."""

from __future__ import annotations

from . import _convert
from ._convert import SecretLike, TimeLike
from ._errors import error_for
from ._ffi import TOKEN_MAX_LEN, ffi, lib, new_token_buffers, token_buffers

__all__ = ["sign"]

_OUT_CAP = TOKEN_MAX_LEN + 1
_sign_token = lib.meshes_sign_token


def sign(
    access_key: str,
    secret: SecretLike,
    org_id: str,
    *,
    issued_at: TimeLike | None = None,
    ttl: int = 30,
) -> str:
    """Mint one Meshes machine token.

    Validation, keying and signing in one call. To mint more than one token with the same
    credentials, create a :class:`Signer` once instead: it keys the HMAC once.

    Args:
        access_key: The machine key's access key (the token's ``kid``).
        secret: The machine key's secret: ``str`` (encoded as UTF-8) or raw bytes.
        org_id: The organization id (lowercase UUID) the token is for.
        issued_at: The token's ``iat``: seconds since the Unix epoch or an aware ``datetime``;
            now (the system clock) by default.
        ttl: Seconds the token is valid for, 1 to ``TTL_MAX`` (60).

    Returns:
        The token, ``header.payload.signature`` in base64url.

    Raises:
        TypeError: An argument is of the wrong type (before any other check).
        InvalidAccessKey: The access key breaks the rules (checked first).
        InvalidSecret: The secret breaks the rules.
        InvalidOrgId: The org id breaks the rules.
        InvalidTtl: ``ttl`` is not a whole number from 1 to ``TTL_MAX``.
        InvalidTime: ``issued_at`` is negative, not whole, or ``issued_at + ttl`` is above
            2**53 - 1 (checked last).
        ClockError: The system clock reads a time before the epoch.

    A number that a C type cannot hold is refused by the library as that argument's error,
    in the library's order (see the README's "Bad arguments").
    """
    key = _convert.text(access_key, "access_key")
    secret_bytes = _convert.secret(secret)
    org = _convert.text(org_id, "org_id")
    if issued_at is None:
        iat = _convert.now()
    else:
        iat = issued_at if type(issued_at) is int else _convert.issued_at(issued_at)
    ttl_seconds = ttl if type(ttl) is int else _convert.ttl(ttl)
    try:
        buffers = token_buffers.pop()
    except IndexError:
        buffers = new_token_buffers()
    out, out_len = buffers
    args = (key, len(key), secret_bytes, len(secret_bytes), org, len(org))
    try:
        status = _sign_token(*args, iat, ttl_seconds, out, _OUT_CAP, out_len)
    except OverflowError:  # an int C cannot hold: the policy's values instead
        iat, ttl_seconds = _convert.issued_at(iat), _convert.ttl(ttl_seconds)
        status = _sign_token(*args, iat, ttl_seconds, out, _OUT_CAP, out_len)
    if status:
        token_buffers.append(buffers)
        raise error_for(status)
    token: str = ffi.string(out).decode("ascii")
    token_buffers.append(buffers)
    return token
