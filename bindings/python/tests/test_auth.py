"""MeshesAuth with requests and httpx, against a local server that verifies every token."""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple

import httpx
import pytest
import requests
import requests.auth

from conftest import ACCESS_KEY, ORG_ID, SECRET
from meshes_token import Claims, MeshesAuth, MeshesTokenError, Signer, key_id, verify
from meshes_token._auth import InsecureHttpError

SECRETS = {ACCESS_KEY: SECRET}


def check(authorization: str | None) -> tuple[int, dict[str, object]]:
    """What the API would do: look up the key's secret by kid, then verify."""
    if authorization is None or not authorization.startswith("Bearer "):
        return 401, {"error": "no bearer token"}
    token = authorization[len("Bearer ") :]
    try:
        claims = verify(token, SECRETS[key_id(token)])
    except (MeshesTokenError, KeyError) as error:
        return 401, {"error": type(error).__name__}
    return 200, {"token": token, "org": claims.org_id, "iat": claims.issued_at}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, body = check(self.headers.get("Authorization"))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1/ping"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture
def ticking_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each reading of the clock is one second later, so each token differs."""
    seconds = itertools.count(int(time.time()))
    monkeypatch.setattr(time, "time", lambda: float(next(seconds)))


def test_is_both_libraries_auth(signer: Signer) -> None:
    auth = MeshesAuth(signer)
    assert isinstance(auth, requests.auth.AuthBase)
    assert isinstance(auth, httpx.Auth)
    assert auth.header().startswith("Bearer ey")
    assert repr(auth).startswith("MeshesAuth(<Signer")
    assert repr(auth).endswith(", ttl=30, allowed_hosts=[], allow_insecure_http=False)")


@pytest.mark.usefixtures("ticking_clock")
def test_requests_against_http_server(server: str, signer: Signer) -> None:
    auth = MeshesAuth(signer, ttl=60)
    with requests.Session() as session:
        bodies = [session.get(server, auth=auth, timeout=10).json() for _ in range(3)]
    assert [body["org"] for body in bodies] == [ORG_ID] * 3
    assert len({body["token"] for body in bodies}) == 3  # a fresh token per request
    assert requests.get(server, timeout=10).status_code == 401


@pytest.mark.usefixtures("ticking_clock")
def test_httpx_against_http_server(server: str, signer: Signer) -> None:
    with httpx.Client(auth=MeshesAuth(signer)) as client:
        responses = [client.get(server) for _ in range(3)]
    assert [r.status_code for r in responses] == [200] * 3
    assert len({r.json()["token"] for r in responses}) == 3
    assert httpx.get(server).status_code == 401


def mock_transport(seen: list[Claims]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        status, body = check(request.headers.get("Authorization"))
        if status == 200:
            seen.append(verify(str(body["token"]), SECRET))
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handle)


@pytest.mark.usefixtures("ticking_clock")
def test_httpx_mock_transport(signer: Signer) -> None:
    seen: list[Claims] = []
    with httpx.Client(auth=MeshesAuth(signer), transport=mock_transport(seen)) as client:
        assert client.get("https://api.example.test/v1/a").status_code == 200
        assert client.post("https://api.example.test/v1/b", json={"x": 1}).status_code == 200
    assert [c.access_key for c in seen] == [ACCESS_KEY] * 2
    assert seen[0].issued_at < seen[1].issued_at


def test_httpx_async_client(signer: Signer) -> None:
    seen: list[Claims] = []

    async def run() -> list[int]:
        transport = mock_transport(seen)
        async with httpx.AsyncClient(auth=MeshesAuth(signer), transport=transport) as client:
            return [(await client.get("https://api.example.test/")).status_code for _ in range(2)]

    assert asyncio.run(run()) == [200, 200]
    assert len(seen) == 2


def test_closed_signer_fails_the_request(signer: Signer) -> None:
    auth = MeshesAuth(signer)
    signer.close()
    client = httpx.Client(auth=auth, transport=mock_transport([]))
    with client, pytest.raises(MeshesTokenError):
        client.get("https://api.example.test/")


def test_http_libraries_are_imported_lazily() -> None:
    code = (
        "import sys, meshes_token\n"
        "assert 'requests' not in sys.modules and 'httpx' not in sys.modules\n"
        "meshes_token.MeshesAuth\n"
        "assert 'requests' in sys.modules and 'httpx' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)  # noqa: S603 (our own code)


# --- Which hosts get a token: two loopback servers, 127.0.0.1 (the API) redirecting to
# 127.0.0.2 (another host: Linux routes all of 127.0.0.0/8 to the loopback interface).


def serve(host: str, handler: type[BaseHTTPRequestHandler]) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer((host, 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://{host}:{httpd.server_address[1]}"


class Pair(NamedTuple):
    api: str  # http://127.0.0.1:port
    other: str  # http://127.0.0.2:port
    landed: list[str | None]  # the Authorization header of each request the other host got


@pytest.fixture(scope="module")
def pair() -> Iterator[Pair]:
    """The API checks the token on every path, then: /away redirects to the other host,
    /here to /hop to /ok on itself (302 then 307), /ok answers 200."""
    landed: list[str | None] = []
    other_url: list[str] = []

    class Other(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            landed.append(self.headers.get("Authorization"))
            self.send_response(200)
            self.send_header("Content-Length", "6")
            self.end_headers()
            self.wfile.write(b"landed")

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Api(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, _ = check(self.headers.get("Authorization"))
            location = {
                "/away": other_url[0] + "/landing",
                "/here": "/hop",
                "/hop": "/ok",
            }.get(self.path)
            if status != 200:
                self.send_response(status)
                body = b"no valid token"
            elif location is not None:
                self.send_response(302 if self.path != "/hop" else 307)
                self.send_header("Location", location)
                body = b""
            else:
                self.send_response(200)
                body = b"ok"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    other, other_base = serve("127.0.0.2", Other)
    other_url.append(other_base)
    api, api_base = serve("127.0.0.1", Api)
    yield Pair(api_base, other_base, landed)
    for httpd in (api, other):
        httpd.shutdown()
        httpd.server_close()


def valid(authorization: str | None) -> bool:
    return check(authorization)[0] == 200


def fetch_requests(auth: MeshesAuth, url: str) -> tuple[int, str]:
    with requests.Session() as session:
        response = session.get(url, auth=auth, timeout=10)
    return response.status_code, response.text


def fetch_session_auth(auth: MeshesAuth, url: str) -> tuple[int, str]:
    with requests.Session() as session:
        session.auth = auth
        response = session.get(url, timeout=10)
    return response.status_code, response.text


# One TLS context for every client below: building one per client (httpx's default) loads the
# CA bundle each time, the slowest part of these tests, and the servers speak plain http.
TLS = ssl.create_default_context()


def fetch_httpx(auth: MeshesAuth, url: str) -> tuple[int, str]:
    with httpx.Client(auth=auth, follow_redirects=True, timeout=10, verify=TLS) as client:
        response = client.get(url)
    return response.status_code, response.text


def fetch_httpx_async(auth: MeshesAuth, url: str) -> tuple[int, str]:
    async def run() -> tuple[int, str]:
        async with httpx.AsyncClient(
            auth=auth, follow_redirects=True, timeout=10, verify=TLS
        ) as client:
            response = await client.get(url)
        return response.status_code, response.text

    return asyncio.run(run())


FETCHERS = pytest.mark.parametrize(
    "fetch",
    [fetch_requests, fetch_session_auth, fetch_httpx, fetch_httpx_async],
    ids=["requests", "requests-session-auth", "httpx", "httpx-async"],
)
Fetch = Callable[[MeshesAuth, str], tuple[int, str]]


@FETCHERS
def test_redirect_to_another_host_gets_no_token(pair: Pair, signer: Signer, fetch: Fetch) -> None:
    before = len(pair.landed)
    assert fetch(MeshesAuth(signer), pair.api + "/away") == (200, "landed")
    assert pair.landed[before:] == [None]


@FETCHERS
def test_same_host_redirects_keep_the_token(pair: Pair, signer: Signer, fetch: Fetch) -> None:
    assert fetch(MeshesAuth(signer), pair.api + "/here") == (200, "ok")


@FETCHERS
@pytest.mark.parametrize(
    ("allowed", "path", "result", "tokens"),
    [
        pytest.param(["api"], "api/away", (200, "landed"), [False], id="api-only-redirect"),
        pytest.param(["api"], "other/x", (200, "landed"), [False], id="api-only-other-directly"),
        pytest.param(["api"], "api/here", (200, "ok"), [], id="api-only-same-host"),
        pytest.param(["other"], "api/away", (401, "no valid token"), [], id="other-only"),
        pytest.param(["http://127.0.0.1:1"], "api/here", (401, "no valid token"), [], id="port"),
        # Without allowed_hosts, a new request (not a redirect) to any host gets a token.
        pytest.param([], "other/x", (200, "landed"), [True], id="empty-other-directly"),
    ],
)
def test_allowed_hosts(
    pair: Pair,
    signer: Signer,
    fetch: Fetch,
    *,
    allowed: list[str],
    path: str,
    result: tuple[int, str],
    tokens: list[bool],
) -> None:
    names = {"api": pair.api, "other": pair.other}
    auth = MeshesAuth(signer, allowed_hosts=[names.get(a, a) for a in allowed])
    host, _, rest = path.partition("/")
    before = len(pair.landed)
    assert fetch(auth, f"{names[host]}/{rest}") == result
    got = pair.landed[before:]
    assert [valid(a) for a in got] == tokens
    assert all(a is None for a, t in zip(got, tokens) if not t)


def recording_transport(seen: dict[str, str | None]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen[str(request.url)] = request.headers.get("Authorization")
        return httpx.Response(200)

    return httpx.MockTransport(handle)


def test_allowed_hosts_matching(signer: Signer) -> None:
    """Origins compare by scheme, host and port, case-insensitively, with default ports."""
    auth = MeshesAuth(
        signer,
        allowed_hosts=[
            "HTTPS://Api.Example.COM",
            "https://api.example.com:8443/",
            "http://[::1]:8080",
            "http://10.0.0.7",
        ],
        allow_insecure_http=True,
    )
    cases = {
        "https://api.example.com/v1/x": True,
        "https://API.example.com:443/": True,
        "https://api.example.com:8443/a": True,
        "http://[::1]:8080/": True,
        "http://10.0.0.7:80/": True,
        "https://api.example.com:9443/": False,
        "http://api.example.com/": False,  # same host, other scheme
        "https://sub.api.example.com/": False,
        "https://api.example.com.evil/": False,
        "https://[::1]:8080/": False,
        "http://10.0.0.7:8080/": False,
        "https://evil.example/?h=api.example.com": False,
    }
    seen: dict[str, str | None] = {}
    with httpx.Client(auth=auth, transport=recording_transport(seen)) as client:
        for url in cases:
            client.get(url)
    assert len(seen) == len(cases)
    assert sorted(valid(a) for a in seen.values()) == sorted(cases.values())
    for url, signed in cases.items():
        prepared = requests.Request("GET", url, auth=auth).prepare()
        assert valid(prepared.headers.get("Authorization")) is signed, url
        assert signed or "Authorization" not in prepared.headers, url


@pytest.mark.parametrize(
    "entry",
    [
        "api.example.com",
        "api.example.com:443",
        "ftp://api.example.com",
        "https://",
        "https:///x",
        "https://api.example.com/v1",
        "https://user@api.example.com",
        "https://user:pw@api.example.com",
        "https://api.example.com?x=1",
        "https://api.example.com?",
        "https://api.example.com#top",
        "https://api.example.com:99999",
        "https://api.example.com:0",
        "https://api.example.com:x",
        "https://[::1",
        "",
        "mailto:x@y",
    ],
)
def test_allowed_hosts_invalid(signer: Signer, entry: str) -> None:
    message = "allowed_hosts[1] is not an origin like 'https://host' or 'https://host:port'"
    with pytest.raises(ValueError, match=re.escape(message) + "$") as caught:
        MeshesAuth(signer, allowed_hosts=["https://ok.example", entry])
    assert str(caught.value) == message
    assert type(caught.value) is ValueError


def test_allowed_hosts_types(signer: Signer) -> None:
    with pytest.raises(
        TypeError, match=r"^allowed_hosts must be a list of origins, not a single string$"
    ):
        MeshesAuth(signer, allowed_hosts="https://api.example.com")
    with pytest.raises(TypeError, match=r"^allowed_hosts\[0\] must be str, not bytes$"):
        MeshesAuth(signer, allowed_hosts=[b"https://api.example.com"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"^allow_insecure_http must be bool, not int$"):
        MeshesAuth(signer, allow_insecure_http=1)  # type: ignore[arg-type]
    auth = MeshesAuth(signer, allowed_hosts=("https://b.example", "http://localhost:8080"))
    assert repr(auth).endswith(
        "allowed_hosts=['http://localhost:8080', 'https://b.example:443'], "
        "allow_insecure_http=False)"
    )


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("http://api.example.com/v1", "http://api.example.com:80"),
        ("http://10.0.0.7:8080/", "http://10.0.0.7:8080"),
        ("http://[2001:db8::1]/", "http://[2001:db8::1]:80"),
        ("HTTP://API.example.com/", "http://api.example.com:80"),
    ],
)
def test_plain_http_to_another_machine_is_refused(signer: Signer, url: str, origin: str) -> None:
    seen: dict[str, str | None] = {}
    client = httpx.Client(auth=MeshesAuth(signer), transport=recording_transport(seen))
    with client, pytest.raises(InsecureHttpError) as caught:
        client.get(url)
    assert seen == {}
    assert caught.type is MeshesAuth.InsecureHttpError
    assert issubclass(InsecureHttpError, ValueError)
    assert str(caught.value) == (
        "refusing to send a token over plain http:// to a host that is not loopback: "
        f"{origin} (pass allow_insecure_http=True to allow it)"
    )
    with pytest.raises(InsecureHttpError):
        requests.Request("GET", url, auth=MeshesAuth(signer)).prepare()
    # Opting in signs it.
    auth = MeshesAuth(signer, allow_insecure_http=True)
    with httpx.Client(auth=auth, transport=recording_transport(seen)) as client:
        client.get(url)
    assert [valid(a) for a in seen.values()] == [True]
    assert valid(requests.Request("GET", url, auth=auth).prepare().headers["Authorization"])


def test_plain_http_where_it_is_fine(signer: Signer) -> None:
    """Loopback over http, https anywhere, and an http URL that gets no token."""
    cases = {
        "http://127.0.0.1:9/": True,
        "http://127.200.0.3/": True,
        "http://[::1]:9/": True,
        "http://localhost:9/": True,
        "http://LocalHost/": True,
        "https://api.example.com/": True,
    }
    seen: dict[str, str | None] = {}
    with httpx.Client(auth=MeshesAuth(signer), transport=recording_transport(seen)) as client:
        for url in cases:
            client.get(url)
    assert [valid(a) for a in seen.values()] == list(cases.values())
    restricted = MeshesAuth(signer, allowed_hosts=["https://api.example.com"])
    prepared = requests.Request("GET", "http://elsewhere.example/", auth=restricted).prepare()
    assert "Authorization" not in prepared.headers
