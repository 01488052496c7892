"""Mint and verify Meshes machine tokens: short-lived HS256 JWTs, over the meshes-token C library.

Example:
    >>> from meshes_token import Signer, verify
    >>> signer = Signer("mk_live_abc", "s3cr3t", "org-1")
    >>> token = signer.sign(issued_at=1767225600, ttl=30)
    >>> verify(token, "s3cr3t", now=1767225600).org_id
    'org-1'
    >>> signer.close()

Everything here is a thin layer over the C ABI of meshes-token (``include/meshes_token.h``):
status codes, limits and messages are read from the loaded library, and each failing status
raises its own subclass of :class:`MeshesTokenError` (itself a ``ValueError``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._convert import SecretLike, TimeLike
from ._errors import (
    BufferOverlap,
    BufferTooSmall,
    ClockError,
    InternalError,
    InvalidAccessKey,
    InvalidAlgorithm,
    InvalidClaims,
    InvalidLeeway,
    InvalidOrgId,
    InvalidSecret,
    InvalidSignature,
    InvalidTime,
    InvalidToken,
    InvalidTtl,
    MalformedToken,
    MeshesTokenError,
    NullPointer,
    SignerClosed,
    TokenExpired,
    TokenNotYetValid,
)
from ._ffi import (
    ACCESS_KEY_MAX_LEN,
    ORG_ID_MAX_LEN,
    SECRET_MAX_LEN,
    TOKEN_MAX_LEN,
    TTL_MAX,
    VERIFY_MAX_LEN,
    library_version,
)
from ._sign import sign
from ._signer import Signer
from ._verifier import Verifier
from ._verify import Claims, key_id, verify

if TYPE_CHECKING:
    from ._auth import InsecureHttpError, MeshesAuth

__all__ = [
    "ACCESS_KEY_MAX_LEN",
    "ORG_ID_MAX_LEN",
    "SECRET_MAX_LEN",
    "TOKEN_MAX_LEN",
    "TTL_MAX",
    "VERIFY_MAX_LEN",
    "BufferOverlap",
    "BufferTooSmall",
    "Claims",
    "ClockError",
    "InsecureHttpError",
    "InternalError",
    "InvalidAccessKey",
    "InvalidAlgorithm",
    "InvalidClaims",
    "InvalidLeeway",
    "InvalidOrgId",
    "InvalidSecret",
    "InvalidSignature",
    "InvalidTime",
    "InvalidToken",
    "InvalidTtl",
    "MalformedToken",
    "MeshesAuth",
    "MeshesTokenError",
    "NullPointer",
    "SecretLike",
    "Signer",
    "SignerClosed",
    "TimeLike",
    "TokenExpired",
    "TokenNotYetValid",
    "Verifier",
    "__version__",
    "key_id",
    "library_version",
    "sign",
    "verify",
]

#: The version of the loaded library, which is also this package's version.
__version__: str = library_version()


def __getattr__(name: str) -> Any:
    """Import ``MeshesAuth`` and ``InsecureHttpError`` only when first used."""
    if name in ("MeshesAuth", "InsecureHttpError"):
        from . import _auth  # noqa: PLC0415

        value = getattr(_auth, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
