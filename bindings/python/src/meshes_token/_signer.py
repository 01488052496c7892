"""``Signer``: one access key, secret and org id, validated and keyed once."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from types import TracebackType
from typing import Any, NoReturn

from . import _convert, _fast
from ._convert import SecretLike, TimeLike
from ._errors import InvalidAccessKey, InvalidOrgId, InvalidSecret, error_for
from ._ffi import ffi, handle, lib, status_message

__all__ = ["Signer"]

# Module-level names for the hot path of sign(): each saves an attribute lookup per call.
_signer_sign = _fast.signer_sign
_issued_at = _convert.issued_at
_ttl = _convert.ttl
#: What a closed Signer holds: the handle of one zeroed struct, shared, only ever read (the
#: library answers MESHES_ERR_UNINITIALIZED for it, raised as SignerClosed).
_CLOSED = handle(ffi.new("meshes_signer *"))
_ENV_VARS = (
    ("MESHES_ACCESS_KEY", InvalidAccessKey),
    ("MESHES_SECRET_KEY", InvalidSecret),
    ("MESHES_ORG_ID", InvalidOrgId),
)


class Signer:
    """Mints Meshes machine tokens for one access key, secret and org id.

    The credentials are validated once, and the HMAC-SHA256 state every token shares is
    computed once, into a ``meshes_signer`` struct that this object owns: each :meth:`sign`
    only hashes the token's short tail. The secret itself is not kept, by Python or by the
    library.

    Call :meth:`close` (or use the signer as a context manager) when done: the library wipes
    the key material, and later calls raise :class:`SignerClosed`. A signer that is never
    closed is wiped when it is garbage-collected, but do not rely on that.

    Thread safety: one signer may be used by any number of threads at once, with no lock.
    :meth:`close` detaches the struct from the signer rather than wiping it under a call that
    may be reading it: the struct is wiped (by ``meshes_signer_clear``, registered with
    ``ffi.gc``) when its last reference goes, which in CPython is inside :meth:`close` itself,
    or, if a :meth:`sign` on another thread is in the library at that moment, as soon as that
    call returns. So a sign racing a close returns a valid token or raises
    :class:`SignerClosed`, and no call ever reads freed or half-wiped memory. (On PyPy, whose
    garbage collector frees objects later, the wipe happens at its next collection.)

    Example:
        >>> with Signer("mk_live_abc", "s3cr3t", "org-1") as signer:  # doctest: +SKIP
        ...     token = signer.sign()
    """

    __slots__ = ("__weakref__", "_access_key", "_closed", "_handle", "_org_id")

    def __init__(self, access_key: str, secret: SecretLike, org_id: str) -> None:
        """Validate the credentials and key the signer.

        Args:
            access_key: The machine key's access key (the token's ``kid``).
            secret: The machine key's secret: ``str`` (encoded as UTF-8) or raw bytes. A
                ``bytearray`` is read in place, so the caller may wipe it afterwards.
            org_id: The organization id (lowercase UUID) the tokens are for.

        Raises:
            TypeError: An argument is not of the types above.
            InvalidAccessKey: The access key breaks the rules (checked first).
            InvalidSecret: The secret breaks the rules (checked second).
            InvalidOrgId: The org id breaks the rules (checked last).
        """
        key = _convert.text(access_key, "access_key")
        secret_bytes = _convert.secret(secret)
        org = _convert.text(org_id, "org_id")
        # Zeroed by cffi; wiped by the library when the last reference to it goes.
        state = ffi.gc(ffi.new("meshes_signer *"), lib.meshes_signer_clear)
        status = lib.meshes_signer_init(
            state, key, len(key), secret_bytes, len(secret_bytes), org, len(org)
        )
        if status:
            raise error_for(status)
        # The struct and its address in one tuple, read once per sign() (see _fast.c).
        self._handle: tuple[Any, int] = handle(state)
        self._access_key: str = access_key
        self._org_id: str = org_id
        self._closed = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Signer:
        """Create a signer from ``MESHES_ACCESS_KEY``, ``MESHES_SECRET_KEY`` and ``MESHES_ORG_ID``.

        Args:
            environ: Where to read the variables; ``os.environ`` by default.

        Raises:
            InvalidAccessKey: ``MESHES_ACCESS_KEY`` is missing or invalid.
            InvalidSecret: ``MESHES_SECRET_KEY`` is missing or invalid. Values are used exactly
                as set: a trailing newline is not stripped, it is rejected.
            InvalidOrgId: ``MESHES_ORG_ID`` is missing or invalid.
        """
        env = os.environ if environ is None else environ
        values = []
        for name, error in _ENV_VARS:
            value = env.get(name)
            if value is None:
                message = status_message(error.status)
                raise error(f"{message}: environment variable {name} is not set")
            values.append(value)
        return cls(values[0], values[1], values[2])

    @property
    def access_key(self) -> str:
        """The access key the tokens carry as ``kid``."""
        return self._access_key

    @property
    def org_id(self) -> str:
        """The org id the tokens carry as ``org``."""
        return self._org_id

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` has been called."""
        return self._closed

    def sign(self, issued_at: TimeLike | None = None, ttl: int = 30) -> str:
        """Mint one token.

        Arguments go to the library as its C types (see ``_convert``): a number that a C type
        cannot hold is refused by the library as that argument's error, in its order.

        Args:
            issued_at: The token's ``iat``: seconds since the Unix epoch or an aware
                ``datetime``; now (the system clock) by default.
            ttl: Seconds the token is valid for, 1 to ``TTL_MAX`` (60).

        Returns:
            The token, ``header.payload.signature`` in base64url.

        Raises:
            TypeError: ``issued_at`` or ``ttl`` is of the wrong type.
            InvalidTtl: ``ttl`` is not a whole number from 1 to ``TTL_MAX``.
            InvalidTime: ``issued_at`` is negative, not whole, or ``issued_at + ttl`` is
                above 2**53 - 1.
            ClockError: The system clock reads a time before the epoch.
            SignerClosed: :meth:`close` was called.
        """
        # The hot path is an int (or the clock) and an int: no check here at all. _fast refuses
        # an int its C type cannot hold with OverflowError, before calling; then the policy's
        # values go in instead. It raises the library's error itself (_errors.signer_error).
        if type(issued_at) is not int:
            if issued_at is None:
                now = time.time()  # (read through the module: tests patch it)
                issued_at = int(now) if now >= 0 else _convert.now()  # (which raises)
            else:
                issued_at = _issued_at(issued_at)
        if type(ttl) is not int:
            ttl = _ttl(ttl)
        # The handle, read once, holds the struct for the length of the call: close() may
        # swap it meanwhile, but cannot have the struct wiped or freed before the call returns.
        state = self._handle
        try:
            return _signer_sign(state, issued_at, ttl)
        except OverflowError:
            pass  # (the call below raises outside this block: no OverflowError in its context)
        return _signer_sign(state, _issued_at(issued_at), _ttl(ttl))

    def close(self) -> None:
        """Wipe the key material; later :meth:`sign` calls raise :class:`SignerClosed`.

        Never blocks. The struct is wiped now, or, if a :meth:`sign` on another thread is in
        the library with it, as soon as that call returns (see the class documentation).
        Calling it again does nothing.
        """
        self._closed = True
        # Dropping what may be the last reference to the struct's handle runs its ffi.gc
        # destructor, meshes_signer_clear, right here.
        self._handle = _CLOSED

    def __enter__(self) -> Signer:
        """Return the signer itself."""
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Close the signer."""
        self.close()

    def __repr__(self) -> str:
        """Show the access key, org id and state; never the secret."""
        state = "closed" if self._closed else "open"
        return f"<Signer access_key={self._access_key!r} org_id={self._org_id!r} {state}>"

    def __reduce__(self) -> NoReturn:
        """Refuse to pickle or copy: the secret is not kept, and key material must not be copied."""
        raise TypeError("a Signer cannot be pickled or copied; create a new one")
