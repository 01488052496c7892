"""``MeshesAuth``: a fresh ``Authorization: Bearer`` token on every HTTP request.

One class serves both HTTP libraries: it subclasses ``requests.auth.AuthBase`` and
``httpx.Auth``, each only when that library is installed (the ``requests`` and ``httpx``
extras). This module is imported only when ``meshes_token.MeshesAuth`` is first used, so
``import meshes_token`` never imports either library.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Protocol, TypeVar

from . import _convert
from ._errors import InvalidTtl
from ._ffi import TTL_MAX
from ._signer import Signer

if TYPE_CHECKING:
    import httpx
    from httpx import Auth as _HttpxAuth
    from requests.auth import AuthBase as _RequestsAuth
else:
    try:
        from requests.auth import AuthBase as _RequestsAuth
    except ImportError:

        class _RequestsAuth:
            """Stands in for ``requests.auth.AuthBase`` when requests is not installed."""

    try:
        from httpx import Auth as _HttpxAuth
    except ImportError:

        class _HttpxAuth:
            """Stands in for ``httpx.Auth`` when httpx is not installed."""


__all__ = ["MeshesAuth"]


class _HasHeaders(Protocol):
    @property
    def headers(self) -> _Headers: ...


class _Headers(Protocol):
    def __setitem__(self, key: str, value: str, /) -> None: ...


_Request = TypeVar("_Request", bound=_HasHeaders)


class MeshesAuth(_RequestsAuth, _HttpxAuth):
    """Authenticates each ``requests`` or ``httpx`` request with a fresh Meshes token.

    Example:
        >>> signer = Signer.from_env()  # doctest: +SKIP
        >>> requests.get(url, auth=MeshesAuth(signer))  # doctest: +SKIP
        >>> httpx.Client(auth=MeshesAuth(signer))  # doctest: +SKIP

    The signer is shared, not copied or closed: close it yourself when done.
    """

    def __init__(self, signer: Signer, *, ttl: int = 30) -> None:
        """Use ``signer`` to mint a token valid for ``ttl`` seconds for every request.

        Raises:
            TypeError: ``signer`` is not a :class:`Signer`, or ``ttl`` not an ``int``.
            InvalidTtl: ``ttl`` is outside 1 to ``TTL_MAX``.
        """
        if not isinstance(signer, Signer):
            raise TypeError(f"signer must be a meshes_token.Signer, not {type(signer).__name__}")
        seconds = _convert.ttl(ttl)
        if not 1 <= seconds <= TTL_MAX:
            raise InvalidTtl()
        self.signer = signer
        self.ttl = seconds

    def header(self) -> str:
        """Return a new ``Authorization`` header value: ``"Bearer <token>"``."""
        return "Bearer " + self.signer.sign(ttl=self.ttl)

    def __call__(self, request: _Request) -> _Request:
        """Set the header on a request (``requests``' protocol; also any callable-auth client)."""
        request.headers["Authorization"] = self.header()
        return request

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the header on a request (``httpx``' protocol, for sync and async clients)."""
        request.headers["Authorization"] = self.header()
        yield request

    def __repr__(self) -> str:
        """Show the signer and ttl."""
        return f"MeshesAuth({self.signer!r}, ttl={self.ttl})"
