"""``verify`` and ``key_id``: check a token, or read whose it claims to be."""

from __future__ import annotations

from dataclasses import dataclass

from . import _convert, _fast
from ._convert import SecretLike, TimeLike
from ._errors import error_for, signer_error, verifier_error
from ._ffi import ACCESS_KEY_MAX_LEN, ffi, lib

__all__ = ["Claims", "key_id", "verify"]

_KEY_CAP = ACCESS_KEY_MAX_LEN + 1
_verify_token = _fast.verify_token


@dataclass(frozen=True)
class Claims:
    """The claims of a verified Meshes machine token.

    Attributes:
        access_key: The machine key's access key (``kid``, and the end of ``iss``).
        org_id: The organization id (``org``).
        issued_at: ``iat``, in seconds since the Unix epoch.
        expires_at: ``exp``: the first second at which the token is no longer valid.
    """

    access_key: str
    org_id: str
    issued_at: int
    expires_at: int


def verify(
    token: str | bytes,
    secret: SecretLike,
    *,
    now: TimeLike | None = None,
    leeway: int = 0,
) -> Claims:
    """Verify a Meshes machine token and return its claims.

    Only HS256 and the Meshes profile are accepted: ``iss`` = ``urn:meshes:m2m:<kid>``,
    ``aud`` = ``meshes-api``, a valid ``org``, and a lifetime ``exp - iat`` of 1 to 60
    seconds. The token is valid while ``iat <= now + leeway`` and ``now < exp + leeway``.

    Args:
        token: The token (``str``, or ``bytes`` as read from a header).
        secret: The secret of the machine key named by the token's ``kid``
            (see :func:`key_id`): ``str`` (encoded as UTF-8) or raw bytes.
        now: The time to check against: seconds since the Unix epoch (floored to the
            second) or an aware ``datetime``; now (the system clock) by default.
        leeway: Seconds of clock skew tolerated in both directions, 0 to 300.

    Returns:
        The token's claims.

    Raises:
        TypeError: An argument is of the wrong type (before any other check).
        InvalidTime: ``now`` is before the Unix epoch (checked before any other value).
        InvalidLeeway: ``leeway`` is not a whole number from 0 to 300.
        InvalidSecret: The secret breaks the rules.
        MalformedToken: Bad structure, base64url or JSON, or longer than ``VERIFY_MAX_LEN``.
        InvalidAlgorithm: ``alg`` is not ``HS256``.
        InvalidSignature: The signature does not match the secret.
        InvalidClaims: A header field or claim breaks the Meshes profile.
        TokenExpired: ``now >= exp + leeway`` (a ``now`` after 2**64 - 1 included).
        TokenNotYetValid: ``iat > now + leeway``.
    """
    if type(token) is not str and type(token) is not bytes:
        token = _convert.token(token)  # (bytes, or TypeError before any other check)
    if type(secret) is not str and type(secret) is not bytes:
        secret = _convert.secret_bytes(secret)  # (bytearray, or TypeError)
    if now is None:
        when = _convert.now()
    else:
        when = now if type(now) is int and now >= 0 else _convert.verify_time(now)
    if type(leeway) is not int:
        leeway = _convert.leeway(leeway)
    # _fast encodes a str token and a str secret (as _convert does), reads bytes and bytearray
    # in place, raises the library's error (_errors.error_for) and builds the Claims; an int
    # C cannot hold is OverflowError.
    try:
        return _verify_token(token, secret, when, leeway)
    except OverflowError:  # an int C cannot hold: the policy's values instead, below
        pass  # (outside this block, so that no OverflowError is in the error's context)
    when, leeway = _convert.verify_time(when), _convert.leeway(leeway)
    return _verify_token(token, secret, when, leeway)


def key_id(token: str | bytes) -> str:
    """Read a token's ``kid`` (its access key) without verifying it.

    For a server to look up the secret to :func:`verify` the token with. Never trust the
    result before :func:`verify` succeeds.

    Raises:
        TypeError: ``token`` is not ``str`` or ``bytes``.
        MalformedToken: Bad structure, base64url or header JSON.
        InvalidClaims: ``kid`` is missing or not a valid access key.
    """
    token_bytes = _convert.token(token)
    out = ffi.new("char[]", _KEY_CAP)
    out_len = ffi.new("size_t *")
    status = lib.meshes_token_key_id(token_bytes, len(token_bytes), out, _KEY_CAP, out_len)
    if status:
        raise error_for(status)
    return str(ffi.unpack(out, out_len[0]).decode("ascii"))


# The hot paths in C (_fast.c) build Claims and raise the package's errors with these.
_fast.setup(Claims, signer_error, verifier_error, error_for)
