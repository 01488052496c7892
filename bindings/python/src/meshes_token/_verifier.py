"""``Verifier``: one secret, validated and keyed once, for a server checking many tokens."""

from __future__ import annotations

from types import TracebackType
from typing import Any, NoReturn

from . import _convert, _fast
from ._convert import SecretLike, TimeLike
from ._errors import error_for
from ._ffi import ffi, handle, lib
from ._verify import Claims

__all__ = ["Verifier"]

# Module-level names for the hot path of verify(): each saves an attribute lookup per call.
_verifier_verify = _fast.verifier_verify
_token = _convert.token
_clock = _convert.now
_verify_time = _convert.verify_time
_leeway = _convert.leeway
#: What a closed Verifier holds: the handle of one zeroed struct, shared, only ever read (the
#: library answers MESHES_ERR_UNINITIALIZED for it, raised as SignerClosed).
_CLOSED = handle(ffi.new("meshes_verifier *"))


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

    __slots__ = ("__weakref__", "_closed", "_handle")

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
        # The struct and its address in one tuple, read once per verify() (see _fast.c).
        self._handle: tuple[Any, int] = handle(state)
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
            InvalidTime: ``now`` is before the Unix epoch (checked before any other value).
            SignerClosed: :meth:`close` was called.
            InvalidLeeway, MalformedToken, InvalidAlgorithm, InvalidClaims, InvalidSignature,
            TokenExpired, TokenNotYetValid: as :func:`~meshes_token.verify`.
        """
        # The hot path is bytes or str, an int and an int, each passed as it is: _fast encodes
        # a str, and refuses an int its C type cannot hold with OverflowError, before calling;
        # then the policy's values go in. It raises the library's error itself
        # (_errors.verifier_error), and builds the Claims.
        if type(token) is not str and type(token) is not bytes:
            token = _token(token)  # (bytes, or TypeError before any other check)
        if type(now) is not int or now < 0:
            now = _clock() if now is None else _verify_time(now)
        if type(leeway) is not int:
            leeway = _leeway(leeway)
        # The handle, read once, holds the struct for the length of the call (see Signer).
        state = self._handle
        try:
            return _verifier_verify(state, token, now, leeway)
        except OverflowError:
            pass  # (the call below raises outside this block: no OverflowError in its context)
        return _verifier_verify(state, token, _verify_time(now), _leeway(leeway))

    def close(self) -> None:
        """Wipe the key state; later :meth:`verify` calls raise :class:`SignerClosed`.

        Never blocks; calling it again does nothing (see :meth:`Signer.close`).
        """
        self._closed = True
        # Dropping what may be the last reference to the struct's handle runs its ffi.gc
        # destructor, meshes_verifier_clear, right here.
        self._handle = _CLOSED

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
