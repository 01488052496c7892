"""``Verifier``: one secret, validated and keyed once, for a server checking many tokens."""

from __future__ import annotations

from types import TracebackType
from typing import Any, NoReturn

from . import _convert
from ._convert import U32_MAX, U64_MAX, SecretLike, TimeLike
from ._errors import SignerClosed, error_for
from ._ffi import ffi, lib
from ._verify import Claims

__all__ = ["Verifier"]

_UNINITIALIZED = lib.MESHES_ERR_UNINITIALIZED
_verifier_verify = lib.meshes_verifier_verify
_string = ffi.string
#: What a closed Verifier points at: one zeroed struct, shared, only ever read (the library
#: answers MESHES_ERR_UNINITIALIZED for it).
_CLOSED = ffi.new("meshes_verifier *")


class Verifier:
    """Verifies Meshes machine tokens signed with one secret.

    The secret is validated once and the HMAC-SHA256 key state computed once, into a
    ``meshes_verifier`` struct this object owns, so each :meth:`verify` hashes only the token.
    :meth:`verify` gives exactly what :func:`~meshes_token.verify` gives with the same secret
    (the same claims, or the same error; :class:`InvalidSecret` comes from the constructor).
    A server keeps one per access key and picks it by :func:`~meshes_token.key_id`.

    Call :meth:`close` (or use it as a context manager) when done: the library wipes the key
    state, and later calls raise :class:`SignerClosed`. Thread safety and the wiping of a
    closed or collected verifier are as for :class:`~meshes_token.Signer`.

    Example:
        >>> from meshes_token import Signer, Verifier, key_id
        >>> verifiers = {"mk_live_abc": Verifier("s3cr3t")}
        >>> token = Signer("mk_live_abc", "s3cr3t", "org-1").sign(issued_at=1767225600)
        >>> verifiers[key_id(token)].verify(token, now=1767225600).org_id
        'org-1'
    """

    __slots__ = ("__weakref__", "_closed", "_state")

    def __init__(self, secret: SecretLike) -> None:
        """Validate the secret and key the verifier.

        Args:
            secret: The machine key's secret: ``str`` (encoded as UTF-8) or raw bytes. A
                ``bytearray`` is read in place, so the caller may wipe it afterwards.

        Raises:
            TypeError: ``secret`` is not of the types above.
            InvalidSecret: The secret breaks the rules.
        """
        secret_bytes = _convert.secret(secret)
        # Zeroed by cffi; wiped by the library when the last reference to it goes.
        state = ffi.gc(ffi.new("meshes_verifier *"), lib.meshes_verifier_clear)
        status = lib.meshes_verifier_init(state, secret_bytes, len(secret_bytes))
        if status:
            raise error_for(status)
        self._state: Any = state
        self._closed = False

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._closed

    def verify(self, token: str | bytes, *, now: TimeLike | None = None, leeway: int = 0) -> Claims:
        """Verify a token signed with this verifier's secret and return its claims.

        Arguments, checks and errors as :func:`~meshes_token.verify`, less the secret.

        Raises:
            TypeError: An argument is of the wrong type (before any other check).
            InvalidTime: ``now`` is before the epoch or ``leeway`` is negative (or too large).
            SignerClosed: :meth:`close` was called.
            InvalidLeeway, MalformedToken, InvalidAlgorithm, InvalidClaims, InvalidSignature,
            TokenExpired, TokenNotYetValid: as :func:`~meshes_token.verify`.
        """
        token_bytes = token if type(token) is bytes else _convert.token(token)
        if now is None:
            when = _convert.now()
        elif type(now) is int and 0 <= now <= U64_MAX:
            when = now
        else:
            when = _convert.seconds(now, "now")
        # The common types inline; anything else gets the full checks (the library itself
        # checks the leeway's 0..=300 range).
        if type(leeway) is not int or not 0 <= leeway <= U32_MAX:
            leeway = _convert.leeway(leeway)
        claims = ffi.new("meshes_claims *")
        status = _verifier_verify(self._state, token_bytes, len(token_bytes), when, leeway, claims)
        if status:
            if status == _UNINITIALIZED:
                raise SignerClosed("the verifier is closed")
            raise error_for(status)
        return Claims(
            access_key=_string(claims.access_key).decode("ascii"),
            org_id=_string(claims.org_id).decode("ascii"),
            issued_at=int(claims.issued_at),
            expires_at=int(claims.expires_at),
        )

    def close(self) -> None:
        """Wipe the key state; later :meth:`verify` calls raise :class:`SignerClosed`.

        Never blocks; calling it again does nothing (see :meth:`Signer.close`).
        """
        self._closed = True
        # Dropping what may be the struct's last reference runs its ffi.gc destructor,
        # meshes_verifier_clear, right here.
        self._state = _CLOSED

    def __enter__(self) -> Verifier:
        """Return the verifier itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the verifier."""
        self.close()

    def __repr__(self) -> str:
        """Show the state; never the secret."""
        return f"<Verifier {'closed' if self._closed else 'open'}>"

    def __reduce__(self) -> NoReturn:
        """Refuse to pickle or copy: key material must not be copied."""
        raise TypeError("a Verifier cannot be pickled or copied; create a new one")
