"""MeshesAuth with requests and httpx, against a local server that verifies every token."""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import requests
import requests.auth

from conftest import ACCESS_KEY, ORG_ID, SECRET
from meshes_token import Claims, MeshesAuth, MeshesTokenError, Signer, key_id, verify

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
