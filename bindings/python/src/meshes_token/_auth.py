"""``MeshesAuth``: a fresh ``Authorization: Bearer`` token on every HTTP request.

One class serves both HTTP libraries: it subclasses ``requests.auth.AuthBase`` and
``httpx.Auth``, each only when that library is installed (the ``requests`` and ``httpx``
extras). This module is imported only when ``meshes_token.MeshesAuth`` is first used, so
``import meshes_token`` never imports either library.

Which requests get a token. Neither library calls the auth again for a redirect: ``requests``
re-sends the previous request's headers and drops ``Authorization`` when the host, scheme
or port changes (``Session.rebuild_auth``); ``httpx`` builds the redirect from the previous
request and drops it unless the origin is the same (``Client._redirect_headers``). So every
request ``MeshesAuth`` sees starts its own chain, and its own origin is "the original host".
What a shared session or client leaks instead is a token to every other URL it fetches: hence
``allowed_hosts``. The tests in ``tests/test_auth.py`` pin both libraries' behaviour with two
loopback servers (127.0.0.1 redirecting to 127.0.0.2).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Generator, Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar
from urllib.parse import urlsplit

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


__all__ = ["InsecureHttpError", "MeshesAuth"]


class InsecureHttpError(ValueError):
    """A token would go over plain ``http://`` to a host that is not loopback.

    Raised by :class:`MeshesAuth` before anything is sent, unless it was made with
    ``allow_insecure_http=True``: anyone on the path could read the token and replay it
    until it expires.
    """


class _Origin(NamedTuple):
    """A URL's scheme, host and port, normalised (lowercase, default port filled in)."""

    scheme: str
    host: str
    port: int

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url: str) -> _Origin | None:
    """Return the origin of an absolute http or https URL, or ``None`` for any other URL.

    Raises:
        ValueError: the port is not a number from 0 to 65535.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = parts.hostname  # lowercase, without IPv6 brackets
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    port = parts.port  # raises ValueError when out of range
    return _Origin(scheme, host, _DEFAULT_PORTS[scheme] if port is None else port)


def _allowed_origin(index: int, entry: object) -> _Origin:
    """Parse one ``allowed_hosts`` entry: ``"scheme://host"`` or ``"scheme://host:port"``.

    The messages name the entry by position, never repeat it (a secret pasted in the wrong
    place must not end up in a log).
    """
    if not isinstance(entry, str):
        raise TypeError(f"allowed_hosts[{index}] must be str, not {type(entry).__name__}")
    try:
        parts = urlsplit(entry)
        origin = _origin(entry)
    except ValueError:
        origin = None
    if (
        origin is None
        or origin.port == 0
        or parts.username is not None
        or parts.password is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "?" in entry
        or "#" in entry
    ):
        raise ValueError(
            f"allowed_hosts[{index}] is not an origin like 'https://host' or 'https://host:port'"
        )
    return origin


def _is_loopback(host: str) -> bool:
    """Whether ``host`` is ``localhost`` or a loopback address (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _HasHeaders(Protocol):
    @property
    def headers(self) -> _Headers: ...

    @property
    def url(self) -> object: ...


class _Headers(Protocol):
    def __setitem__(self, key: str, value: str, /) -> None: ...


_Request = TypeVar("_Request", bound=_HasHeaders)


class MeshesAuth(_RequestsAuth, _HttpxAuth):
    """Authenticates ``requests`` or ``httpx`` requests with a fresh Meshes token.

    Example:
        >>> signer = Signer.from_env()  # doctest: +SKIP
        >>> auth = MeshesAuth(signer, allowed_hosts=[api_origin])  # doctest: +SKIP
        >>> requests.get(url, auth=auth)  # doctest: +SKIP
        >>> httpx.Client(auth=auth)  # doctest: +SKIP

    A request gets a token when its origin (scheme, host, port) is in ``allowed_hosts``;
    when that is empty, every request the auth is applied to gets one (redirects never do:
    see the module's docs). A request that gets no token is sent unchanged. A token is never
    sent over plain ``http://`` to a host that is not loopback unless ``allow_insecure_http``.

    The signer is shared, not copied or closed: close it yourself when done.
    """

    #: Raised for a token that would go over plain ``http://`` to a host that is not
    #: loopback (``except MeshesAuth.InsecureHttpError``), before anything is sent.
    InsecureHttpError = InsecureHttpError

    def __init__(
        self,
        signer: Signer,
        *,
        ttl: int = 30,
        allowed_hosts: Iterable[str] = (),
        allow_insecure_http: bool = False,
    ) -> None:
        """Use ``signer`` to mint a token valid for ``ttl`` seconds for each request.

        Args:
            signer: Mints the tokens.
            ttl: Lifetime of each token, in seconds.
            allowed_hosts: The origins that get a token, as ``"https://host"`` or
                ``"https://host:port"`` (scheme ``http`` or ``https``; without a port, 443
                for https and 80 for http; compared case-insensitively). Set it when the
                session or client also fetches other URLs.
            allow_insecure_http: Allow tokens over plain ``http://`` to hosts that are not
                loopback.

        Raises:
            TypeError: ``signer`` is not a :class:`Signer`, ``ttl`` not a number,
                ``allowed_hosts`` a ``str`` or holding a non-``str``, or
                ``allow_insecure_http`` not a ``bool``.
            InvalidTtl: ``ttl`` is not a whole number from 1 to ``TTL_MAX`` (checked here,
                once, rather than at every request).
            ValueError: an ``allowed_hosts`` entry is not such an origin (the message gives
                its index, not its text).
        """
        if not isinstance(signer, Signer):
            raise TypeError(f"signer must be a meshes_token.Signer, not {type(signer).__name__}")
        seconds = _convert.ttl(ttl)
        if not 1 <= seconds <= TTL_MAX:
            raise InvalidTtl()
        if isinstance(allowed_hosts, (str, bytes)):
            raise TypeError("allowed_hosts must be a list of origins, not a single string")
        if not isinstance(allow_insecure_http, bool):
            raise TypeError(
                f"allow_insecure_http must be bool, not {type(allow_insecure_http).__name__}"
            )
        self.signer = signer
        self.ttl = seconds
        self._allowed = frozenset(
            _allowed_origin(i, entry) for i, entry in enumerate(allowed_hosts)
        )
        self.allow_insecure_http = allow_insecure_http

    def wants_token(self, url: object) -> bool:
        """Whether a request to ``url`` gets a token (see the class docs).

        Raises:
            InsecureHttpError: it would, but over plain ``http://`` to a host that is not
                loopback, and ``allow_insecure_http`` is false.
        """
        try:
            origin = _origin(str(url)) if url is not None else None
        except ValueError:
            origin = None  # a port out of range: the library refuses the URL itself
        if origin is None or (self._allowed and origin not in self._allowed):
            return False
        insecure = origin.scheme == "http" and not _is_loopback(origin.host)
        if insecure and not self.allow_insecure_http:
            raise InsecureHttpError(
                "refusing to send a token over plain http:// to a host that is not loopback: "
                f"{origin} (pass allow_insecure_http=True to allow it)"
            )
        return True

    def header(self) -> str:
        """Return a new ``Authorization`` header value: ``"Bearer <token>"``."""
        return "Bearer " + self.signer.sign(ttl=self.ttl)

    def __call__(self, request: _Request) -> _Request:
        """Set the header on a request that gets a token (``requests``' protocol).

        Raises:
            InsecureHttpError: see :meth:`wants_token`.
        """
        if self.wants_token(request.url):
            request.headers["Authorization"] = self.header()
        return request

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Set the header on a request that gets a token (``httpx``' protocol, sync and async).

        Raises:
            InsecureHttpError: see :meth:`wants_token`.
        """
        if self.wants_token(request.url):
            request.headers["Authorization"] = self.header()
        yield request

    def __repr__(self) -> str:
        """Show the signer, ttl and the policy."""
        hosts = sorted(str(o) for o in self._allowed)
        return (
            f"MeshesAuth({self.signer!r}, ttl={self.ttl}, allowed_hosts={hosts}, "
            f"allow_insecure_http={self.allow_insecure_http})"
        )
