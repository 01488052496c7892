"""The exception hierarchy: one class per ``meshes_status`` of the C library.

Each class names its status by the C name's suffix (``code = "ACCESS_KEY"`` for
``MESHES_ERR_ACCESS_KEY``, as the conformance vectors spell it); the number is looked up in
the loaded library when the class is defined, so a class whose status the library lacks
fails at import, and the test suite checks that every status in the header has a class.
Messages are the library's static texts (plus, at most, which argument was wrong): no
message ever contains a secret.
"""

from __future__ import annotations

from ._ffi import STATUS_CODES, status_message

__all__ = [
    "BufferOverlap",
    "BufferTooSmall",
    "ClockError",
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
    "MeshesTokenError",
    "NullPointer",
    "SignerClosed",
    "TokenExpired",
    "TokenNotYetValid",
    "error_class",
    "error_for",
    "signer_error",
    "verifier_error",
]

_BY_STATUS: dict[int, type[MeshesTokenError]] = {}


class MeshesTokenError(ValueError):
    """Base class of every error this package raises for a ``meshes_status``.

    Attributes:
        status: The C library's ``meshes_status`` value (``MESHES_ERR_*``).
        code: The status name without its ``MESHES_ERR_`` prefix, e.g. ``"TTL"``.
    """

    status: int = -1
    code: str = "UNKNOWN"

    def __init__(self, message: str | None = None, status: int | None = None) -> None:
        """Create the error, with the library's message for its status by default."""
        if status is not None and status != self.status:
            # Only the base class is built with an explicit status: one the library gave
            # that this package has no class for (a newer library than this package).
            self.status = status
        super().__init__(message if message is not None else status_message(self.status))

    def __init_subclass__(cls, **kwargs: object) -> None:
        """Register a status class: its ``code`` must name a status of the library."""
        super().__init_subclass__(**kwargs)
        if "code" not in cls.__dict__:
            return  # a group such as InvalidToken
        status = STATUS_CODES["ERR_" + cls.code]
        if status in _BY_STATUS:
            raise TypeError(f"status {cls.code} already has class {_BY_STATUS[status].__name__}")
        cls.status = status
        _BY_STATUS[status] = cls

    def __reduce__(self) -> tuple[type[MeshesTokenError], tuple[str, int]]:
        """Pickle as (class, (message, status))."""
        return (type(self), (str(self), self.status))


class InvalidToken(MeshesTokenError):
    """A token was rejected: the common base of every verification failure."""


class NullPointer(MeshesTokenError):
    """``MESHES_ERR_NULL_POINTER``: a required pointer was NULL (a bug in this package)."""

    code = "NULL_POINTER"


class InvalidAccessKey(MeshesTokenError):
    """``MESHES_ERR_ACCESS_KEY``: empty, too long, or a character outside ``[A-Za-z0-9._-]``."""

    code = "ACCESS_KEY"


class InvalidSecret(MeshesTokenError):
    """``MESHES_ERR_SECRET``: empty, too long, or containing a control or white-space byte."""

    code = "SECRET"


class InvalidOrgId(MeshesTokenError):
    """``MESHES_ERR_ORG_ID``: empty, too long, outside ``[a-z0-9-]``, or ``-`` at an end."""

    code = "ORG_ID"


class InvalidTtl(MeshesTokenError):
    """``MESHES_ERR_TTL``: the time to live is not a whole number from 1 to ``TTL_MAX`` s."""

    code = "TTL"


class InvalidTime(MeshesTokenError):
    """``MESHES_ERR_TIME``: a time is out of range.

    From the library: ``issued_at`` is negative, not whole, or ``issued_at + ttl`` is above
    2**53 - 1. Raised by this package itself, before any C call, for one thing only: a
    verification time ``now`` before the Unix epoch, which no ``uint64_t`` holds.
    """

    code = "TIME"


class BufferTooSmall(MeshesTokenError):
    """``MESHES_ERR_BUFFER_TOO_SMALL``: an output buffer was too small.

    Never raised in practice: this package sizes every buffer by the library's own maximum
    lengths. Present so that every status has a class.
    """

    code = "BUFFER_TOO_SMALL"


class ClockError(MeshesTokenError):
    """``MESHES_ERR_CLOCK``: the system clock reads a time before the Unix epoch."""

    code = "CLOCK"


class SignerClosed(MeshesTokenError):
    """``MESHES_ERR_UNINITIALIZED``: the :class:`Signer` or :class:`Verifier` has been closed.

    Its key material is wiped. (The name predates :class:`Verifier`, which raises it too.)
    """

    code = "UNINITIALIZED"


class MalformedToken(InvalidToken):
    """``MESHES_ERR_MALFORMED``: the token is not well-formed.

    Not three canonical base64url segments of JSON objects of the expected shape, or longer
    than ``VERIFY_MAX_LEN``.
    """

    code = "MALFORMED"


class InvalidAlgorithm(InvalidToken):
    """``MESHES_ERR_ALGORITHM``: the token's ``alg`` is not ``HS256``."""

    code = "ALGORITHM"


class InvalidSignature(InvalidToken):
    """``MESHES_ERR_SIGNATURE``: the signature does not match the secret."""

    code = "SIGNATURE"


class InvalidClaims(InvalidToken):
    """``MESHES_ERR_CLAIMS``: a header field or claim breaks the Meshes profile."""

    code = "CLAIMS"


class TokenExpired(InvalidToken):
    """``MESHES_ERR_EXPIRED``: ``now >= exp + leeway``."""

    code = "EXPIRED"


class TokenNotYetValid(InvalidToken):
    """``MESHES_ERR_NOT_YET_VALID``: ``iat > now + leeway``."""

    code = "NOT_YET_VALID"


class InternalError(MeshesTokenError):
    """``MESHES_ERR_INTERNAL``: a state the library rules out; please report it as a bug."""

    code = "INTERNAL"


class InvalidLeeway(MeshesTokenError):
    """``MESHES_ERR_LEEWAY``: the verification leeway is not a whole number from 0 to 300 s."""

    code = "LEEWAY"


class BufferOverlap(MeshesTokenError):
    """``MESHES_ERR_OVERLAP``: an output buffer overlapped an input (a bug in this package).

    This package never passes overlapping buffers; present so that every status has a class.
    """

    code = "OVERLAP"


def error_class(status: int) -> type[MeshesTokenError]:
    """Return the exception class for a ``meshes_status`` value (the base for an unknown one)."""
    return _BY_STATUS.get(status, MeshesTokenError)


def error_for(status: int, detail: str | None = None) -> MeshesTokenError:
    """Return the exception for a failing ``meshes_status``, with an optional detail.

    ``detail`` is appended to the library's message; callers never pass secret material.
    """
    message = status_message(status)
    cls = _BY_STATUS.get(status)
    if cls is None:
        return MeshesTokenError(f"{message} ({status})", status=status)
    return cls(f"{message}: {detail}" if detail else message)


def signer_error(status: int) -> MeshesTokenError:
    """Return the exception :meth:`Signer.sign` raises for a failing status.

    :class:`SignerClosed` reads "the signer is closed": the one way a signer this package made
    can be uninitialized.
    """
    if status == SignerClosed.status:
        return SignerClosed("the signer is closed")
    return error_for(status)


def verifier_error(status: int) -> MeshesTokenError:
    """Return the exception :meth:`Verifier.verify` raises for a failing status."""
    if status == SignerClosed.status:
        return SignerClosed("the verifier is closed")
    return error_for(status)
