"""The exception hierarchy: one class per status, exact classes on every path, no secret leaks."""

from __future__ import annotations

import base64
import pickle
import time
import traceback
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

import meshes_token
from conftest import ACCESS_KEY, IAT, ORG_ID, SECRET, header_constants
from meshes_token import (
    BufferTooSmall,
    ClockError,
    InvalidAccessKey,
    InvalidClaims,
    InvalidLeeway,
    InvalidOrgId,
    InvalidSecret,
    InvalidSignature,
    InvalidTime,
    InvalidTtl,
    MalformedToken,
    MeshesAuth,
    MeshesTokenError,
    NullPointer,
    Signer,
    SignerClosed,
    TokenExpired,
    TokenNotYetValid,
    key_id,
    sign,
    verify,
)
from meshes_token._errors import error_class, error_for
from meshes_token._ffi import STATUS_CODES, ffi, lib

SENTINEL = "Sentinel-9c1e5b7d"

# --- One class per status -------------------------------------------------------------------


def status_classes() -> dict[str, type[MeshesTokenError]]:
    return {
        cls.code: cls
        for name in meshes_token.__all__
        if isinstance(cls := getattr(meshes_token, name), type)
        and issubclass(cls, MeshesTokenError)
        and cls is not MeshesTokenError
        and "code" in cls.__dict__
    }


def test_every_header_status_has_its_own_class() -> None:
    header = header_constants()
    errors = {name[len("MESHES_ERR_") :]: v for name, v in header.items() if "_ERR_" in name}
    assert len(errors) == 18
    classes = status_classes()
    assert set(classes) == set(errors)
    for code, value in errors.items():
        cls = classes[code]
        assert cls.status == value
        assert error_class(value) is cls
        assert issubclass(cls, MeshesTokenError)
        assert issubclass(cls, ValueError)
    assert len({cls.status for cls in classes.values()}) == len(classes)
    assert error_class(header["MESHES_OK"]) is MeshesTokenError


def test_library_constants_equal_the_committed_header() -> None:
    header = header_constants()
    for name, value in header.items():
        assert getattr(lib, name) == value, name
    assert {"MESHES_" + name for name in STATUS_CODES} == {
        name for name in header if name == "MESHES_OK" or name.startswith("MESHES_ERR_")
    }
    assert ffi.sizeof("meshes_signer") == header["MESHES_SIGNER_SIZE"]
    assert ffi.alignof("meshes_signer") <= header["MESHES_SIGNER_ALIGN"]
    claims = ffi.new("meshes_claims *")
    assert len(claims.access_key) == header["MESHES_ACCESS_KEY_MAX_LEN"] + 1
    assert len(claims.org_id) == header["MESHES_ORG_ID_MAX_LEN"] + 1
    assert header["MESHES_TOKEN_MAX_LEN"] == meshes_token.TOKEN_MAX_LEN
    assert header["MESHES_TTL_MAX"] == meshes_token.TTL_MAX
    assert header["MESHES_ACCESS_KEY_MAX_LEN"] == meshes_token.ACCESS_KEY_MAX_LEN
    assert header["MESHES_ORG_ID_MAX_LEN"] == meshes_token.ORG_ID_MAX_LEN
    assert header["MESHES_SECRET_MAX_LEN"] == meshes_token.SECRET_MAX_LEN
    assert header["MESHES_VERIFY_MAX_LEN"] == meshes_token.VERIFY_MAX_LEN


def test_error_attributes_and_messages() -> None:
    error = error_for(lib.MESHES_ERR_TTL)
    assert type(error) is InvalidTtl
    assert (error.status, error.code) == (lib.MESHES_ERR_TTL, "TTL")
    assert str(error) == ffi.string(lib.meshes_status_message(lib.MESHES_ERR_TTL)).decode()
    assert str(error_for(lib.MESHES_ERR_SECRET, "why")).endswith(": why")
    unknown = error_for(999)
    assert type(unknown) is MeshesTokenError
    assert (unknown.status, unknown.code) == (999, "UNKNOWN")
    assert "999" in str(unknown)


@pytest.mark.parametrize("code", sorted(status_classes()))
def test_errors_pickle(code: str) -> None:
    error = error_for(STATUS_CODES["ERR_" + code])
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own object)
    assert type(copy) is type(error)
    assert (str(copy), copy.status, copy.code) == (str(error), error.status, error.code)


def test_statuses_python_never_causes_map_to_their_classes() -> None:
    """The library's own answers for NULL and a short buffer, through the one mapping."""
    out, out_len = ffi.new("char[]", 8), ffi.new("size_t *")
    status = lib.meshes_signer_sign(ffi.NULL, IAT, 30, out, len(out), out_len)
    assert type(error_for(status)) is NullPointer
    key, org, secret = ACCESS_KEY.encode(), ORG_ID.encode(), ffi.from_buffer(SECRET.encode())
    status = lib.meshes_sign_token(
        key, len(key), secret, len(secret), org, len(org), IAT, 30, out, len(out), out_len
    )
    assert type(error_for(status)) is BufferTooSmall
    assert out_len[0] == len(sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=IAT))


# --- Every path, its exact class -------------------------------------------------------------

AWARE = datetime(2026, 1, 1, tzinfo=timezone.utc)
NAIVE = datetime(2026, 1, 1)  # the point: a naive datetime
TOKEN = sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=IAT)
NO_KID = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode() + ".e30.x"


def sign_with(**changes: Any) -> Callable[[], object]:
    args: dict[str, Any] = {"access_key": ACCESS_KEY, "secret": SECRET, "org_id": ORG_ID}
    args.update(changes)
    key, secret, org = args.pop("access_key"), args.pop("secret"), args.pop("org_id")
    args.setdefault("issued_at", IAT)
    return lambda: sign(key, secret, org, **args)


def signer_with(**changes: Any) -> Callable[[], object]:
    args: dict[str, Any] = {"access_key": ACCESS_KEY, "secret": SECRET, "org_id": ORG_ID}
    args.update(changes)
    return lambda: Signer(args["access_key"], args["secret"], args["org_id"])


def signer_sign(*args: Any, **kwargs: Any) -> Callable[[], object]:
    def call() -> object:
        with Signer(ACCESS_KEY, SECRET, ORG_ID) as signer:
            return signer.sign(*args, **kwargs)

    return call


def verify_with(token: Any = TOKEN, secret: Any = SECRET, **kwargs: Any) -> Callable[[], object]:
    kwargs.setdefault("now", IAT)
    return lambda: verify(token, secret, **kwargs)


def closed_signer_sign() -> object:
    signer = Signer(ACCESS_KEY, SECRET, ORG_ID)
    signer.close()
    return signer.sign()


PATHS: list[tuple[str, Callable[[], object], type[Exception]]] = [
    # sign(): types
    ("sign key bytes", sign_with(access_key=ACCESS_KEY.encode()), TypeError),
    ("sign key None", sign_with(access_key=None), TypeError),
    ("sign secret int", sign_with(secret=5), TypeError),
    ("sign secret None", sign_with(secret=None), TypeError),
    ("sign secret memoryview", sign_with(secret=memoryview(b"abc")), TypeError),
    ("sign org bytes", sign_with(org_id=ORG_ID.encode()), TypeError),
    ("sign iat str", sign_with(issued_at=str(IAT)), TypeError),
    ("sign iat bool", sign_with(issued_at=True), TypeError),
    ("sign iat naive", sign_with(issued_at=NAIVE), TypeError),
    ("sign iat date", sign_with(issued_at=date(2026, 1, 1)), TypeError),
    ("sign ttl str", sign_with(ttl="30"), TypeError),
    ("sign ttl bool", sign_with(ttl=True), TypeError),
    ("sign ttl None", sign_with(ttl=None), TypeError),
    # sign(): values
    ("sign key empty", sign_with(access_key=""), InvalidAccessKey),
    ("sign key space", sign_with(access_key="a b"), InvalidAccessKey),
    ("sign key non-ascii", sign_with(access_key="clé"), InvalidAccessKey),
    ("sign key surrogate", sign_with(access_key="a\ud800"), InvalidAccessKey),
    ("sign key too long", sign_with(access_key="k" * 129), InvalidAccessKey),
    ("sign key before secret", sign_with(access_key="", secret=""), InvalidAccessKey),
    ("sign secret empty", sign_with(secret=""), InvalidSecret),
    ("sign secret newline", sign_with(secret=SECRET + "\n"), InvalidSecret),
    ("sign secret bytes space", sign_with(secret=b"a b"), InvalidSecret),
    ("sign secret too long", sign_with(secret="s" * 1025), InvalidSecret),
    ("sign secret surrogate", sign_with(secret="s\udc80"), InvalidSecret),
    ("sign secret before org", sign_with(secret="", org_id=""), InvalidSecret),
    ("sign org empty", sign_with(org_id=""), InvalidOrgId),
    ("sign org upper", sign_with(org_id=ORG_ID.upper()), InvalidOrgId),
    ("sign org dash", sign_with(org_id="-" + ORG_ID), InvalidOrgId),
    ("sign org too long", sign_with(org_id="o" * 65), InvalidOrgId),
    ("sign ttl 0", sign_with(ttl=0), InvalidTtl),
    ("sign ttl 61", sign_with(ttl=61), InvalidTtl),
    ("sign ttl negative", sign_with(ttl=-1), InvalidTtl),
    ("sign ttl 2**32", sign_with(ttl=2**32), InvalidTtl),
    ("sign ttl fractional", sign_with(ttl=30.5), InvalidTtl),
    ("sign ttl nan", sign_with(ttl=float("nan")), InvalidTtl),
    ("sign ttl before time", sign_with(ttl=0, issued_at=2**53), InvalidTtl),
    ("sign iat negative", sign_with(issued_at=-1), InvalidTime),
    ("sign iat 2**64", sign_with(issued_at=2**64), InvalidTime),
    ("sign iat fractional", sign_with(issued_at=IAT + 0.5), InvalidTime),
    ("sign iat inf", sign_with(issued_at=float("inf")), InvalidTime),
    ("sign key before iat", sign_with(access_key="bad key!", issued_at=-1), InvalidAccessKey),
    ("sign secret before ttl", sign_with(secret="", ttl=-1), InvalidSecret),
    ("sign iat+ttl > 2**53-1", sign_with(issued_at=2**53 - 30, ttl=30), InvalidTime),
    ("sign iat before epoch", sign_with(issued_at=AWARE.replace(year=1969)), InvalidTime),
    # Signer
    ("signer key int", signer_with(access_key=1), TypeError),
    ("signer secret list", signer_with(secret=[SECRET]), TypeError),
    ("signer org None", signer_with(org_id=None), TypeError),
    ("signer key", signer_with(access_key="a/b"), InvalidAccessKey),
    ("signer secret", signer_with(secret="tab\there"), InvalidSecret),
    ("signer secret surrogate", signer_with(secret="\ud800"), InvalidSecret),
    ("signer org", signer_with(org_id="org_1"), InvalidOrgId),
    ("signer sign iat str", signer_sign(str(IAT)), TypeError),
    ("signer sign iat bool", signer_sign(issued_at=False), TypeError),
    ("signer sign iat naive", signer_sign(NAIVE), TypeError),
    ("signer sign ttl str", signer_sign(IAT, "30"), TypeError),
    ("signer sign ttl bool", signer_sign(IAT, ttl=True), TypeError),
    ("signer sign ttl 0", signer_sign(IAT, 0), InvalidTtl),
    ("signer sign ttl -5", signer_sign(IAT, -5), InvalidTtl),
    ("signer sign ttl 2**40", signer_sign(IAT, 2**40), InvalidTtl),
    ("signer sign iat -1", signer_sign(-1), InvalidTime),
    ("signer sign iat 2**64", signer_sign(2**64), InvalidTime),
    ("signer sign iat+ttl", signer_sign(2**53 - 1, 1), InvalidTime),
    ("signer sign iat fractional", signer_sign(1.5), InvalidTime),
    ("signer sign ttl before iat", signer_sign(-1, 1.5), InvalidTtl),
    ("signer sign ttl 2**64", signer_sign(IAT, 2**64), InvalidTtl),
    ("signer closed", closed_signer_sign, SignerClosed),
    # verify()
    ("verify token int", verify_with(token=1), TypeError),
    ("verify token None", verify_with(token=None), TypeError),
    ("verify secret None", verify_with(secret=None), TypeError),
    ("verify now str", verify_with(now=str(IAT)), TypeError),
    ("verify now naive", verify_with(now=NAIVE), TypeError),
    ("verify now bool", verify_with(now=True), TypeError),
    ("verify leeway str", verify_with(leeway="1"), TypeError),
    ("verify leeway bool", verify_with(leeway=True), TypeError),
    ("verify leeway timedelta", verify_with(leeway=timedelta(seconds=1)), TypeError),
    ("verify now negative", verify_with(now=-1), InvalidTime),
    ("verify now negative float", verify_with(now=-0.5), InvalidTime),
    ("verify now nan", verify_with(now=float("nan")), InvalidTime),
    ("verify now before leeway", verify_with(now=-1, leeway=-1), InvalidTime),
    ("verify now 2**64", verify_with(now=2**64), TokenExpired),
    ("verify now inf", verify_with(now=float("inf")), TokenExpired),
    ("verify now fractional", verify_with(now=IAT + 30.5), TokenExpired),
    ("verify leeway negative", verify_with(leeway=-1), InvalidLeeway),
    ("verify leeway fractional", verify_with(leeway=0.5), InvalidLeeway),
    ("verify leeway 2**32", verify_with(leeway=2**32), InvalidLeeway),
    ("verify leeway before secret", verify_with(secret="", leeway=301), InvalidLeeway),
    ("verify secret empty", verify_with(secret=""), InvalidSecret),
    ("verify secret newline", verify_with(secret=SECRET + "\n"), InvalidSecret),
    ("verify secret surrogate", verify_with(secret="\ud800"), InvalidSecret),
    ("verify token empty", verify_with(token=""), MalformedToken),
    ("verify token two parts", verify_with(token="a.b"), MalformedToken),
    ("verify token too long", verify_with(token=TOKEN + "A" * 1024), MalformedToken),
    ("verify token surrogate", verify_with(token=TOKEN[:10] + "\ud800"), MalformedToken),
    ("verify token non-ascii", verify_with(token="é" + TOKEN), MalformedToken),
    ("verify wrong secret", verify_with(secret=SECRET + "x"), InvalidSignature),
    ("verify no kid", verify_with(token=NO_KID), InvalidClaims),
    ("verify expired", verify_with(now=IAT + 30), TokenExpired),
    ("verify expired datetime", verify_with(now=AWARE + timedelta(days=1)), TokenExpired),
    ("verify not yet valid", verify_with(now=IAT - 1), TokenNotYetValid),
    # key_id()
    ("key_id int", lambda: key_id(5), TypeError),  # type: ignore[arg-type]
    ("key_id empty", lambda: key_id(""), MalformedToken),
    ("key_id garbage", lambda: key_id("not a token"), MalformedToken),
    ("key_id no kid", lambda: key_id(NO_KID), InvalidClaims),
    # MeshesAuth
    ("auth not a signer", lambda: MeshesAuth("signer"), TypeError),  # type: ignore[arg-type]
    ("auth ttl bool", lambda: MeshesAuth(Signer(ACCESS_KEY, SECRET, ORG_ID), ttl=True), TypeError),
    ("auth ttl 0", lambda: MeshesAuth(Signer(ACCESS_KEY, SECRET, ORG_ID), ttl=0), InvalidTtl),
    ("auth ttl 61", lambda: MeshesAuth(Signer(ACCESS_KEY, SECRET, ORG_ID), ttl=61), InvalidTtl),
    # from_env()
    ("env no key", lambda: Signer.from_env({}), InvalidAccessKey),
    (
        "env no secret",
        lambda: Signer.from_env({"MESHES_ACCESS_KEY": ACCESS_KEY, "MESHES_ORG_ID": ORG_ID}),
        InvalidSecret,
    ),
    (
        "env no org",
        lambda: Signer.from_env({"MESHES_ACCESS_KEY": ACCESS_KEY, "MESHES_SECRET_KEY": SECRET}),
        InvalidOrgId,
    ),
    (
        "env secret newline",
        lambda: Signer.from_env(
            {
                "MESHES_ACCESS_KEY": ACCESS_KEY,
                "MESHES_SECRET_KEY": SECRET + "\n",
                "MESHES_ORG_ID": ORG_ID,
            }
        ),
        InvalidSecret,
    ),
]


@pytest.mark.parametrize(("call", "expected"), [pytest.param(c, e, id=n) for n, c, e in PATHS])
def test_exact_exception_class(call: Callable[[], object], expected: type[Exception]) -> None:
    with pytest.raises(expected) as caught:
        call()
    assert type(caught.value) is expected


def test_clock_before_epoch(monkeypatch: pytest.MonkeyPatch, signer: Signer) -> None:
    monkeypatch.setattr(time, "time", lambda: -1.0)
    with pytest.raises(ClockError):
        sign(ACCESS_KEY, SECRET, ORG_ID)
    with pytest.raises(ClockError):
        signer.sign()
    with pytest.raises(ClockError):
        verify(TOKEN, SECRET)


def test_type_errors_happen_before_any_c_call(monkeypatch: pytest.MonkeyPatch) -> None:
    class Refuse:
        def __getattr__(self, name: str) -> Any:
            raise AssertionError(f"C function {name} called")

    def refuse(*_args: object) -> None:
        raise AssertionError("C function called")

    for module in ("_sign", "_signer", "_verify"):
        monkeypatch.setattr(f"meshes_token.{module}.lib", Refuse())
    # The hot paths call their C function through a module-level name.
    monkeypatch.setattr("meshes_token._sign._sign_token", refuse)
    monkeypatch.setattr("meshes_token._signer._signer_sign", refuse)
    monkeypatch.setattr("meshes_token._verify._verify_token", refuse)
    monkeypatch.setattr("meshes_token._verifier._verifier_verify", refuse)
    for name, call, expected in PATHS:
        # (Those that build a Signer first, or a MeshesAuth's Signer, are not "before any".)
        if expected is TypeError and not name.startswith(("signer sign", "auth")):
            with pytest.raises(TypeError):
                call()


# --- The secret never leaks ------------------------------------------------------------------


def leak_paths() -> list[Any]:
    """Every error path again, with the sentinel in the secret wherever a secret goes in."""
    s = SENTINEL
    env = {"MESHES_ACCESS_KEY": ACCESS_KEY, "MESHES_SECRET_KEY": s, "MESHES_ORG_ID": ORG_ID}

    def signer_then(call: Callable[[Signer], object]) -> Callable[[], object]:
        def run() -> object:
            with Signer(ACCESS_KEY, s, ORG_ID) as signer:
                return call(signer)

        return run

    def closed() -> object:
        signer = Signer(ACCESS_KEY, s, ORG_ID)
        signer.close()
        return signer.sign()

    token = sign(ACCESS_KEY, s, ORG_ID, issued_at=IAT)
    paths: list[tuple[str, Callable[[], object]]] = [
        ("sign bad key", lambda: sign("bad key", s, ORG_ID)),
        ("sign bad org", lambda: sign(ACCESS_KEY, s, "BAD")),
        ("sign bad ttl", lambda: sign(ACCESS_KEY, s, ORG_ID, ttl=0)),
        ("sign huge ttl", lambda: sign(ACCESS_KEY, s, ORG_ID, ttl=2**33)),
        ("sign bad time", lambda: sign(ACCESS_KEY, s, ORG_ID, issued_at=2**53)),
        ("sign negative time", lambda: sign(ACCESS_KEY, s, ORG_ID, issued_at=-1)),
        ("sign bad iat type", lambda: sign(ACCESS_KEY, s, ORG_ID, issued_at=s)),  # type: ignore[arg-type]
        ("sign bad ttl type", lambda: sign(ACCESS_KEY, s, ORG_ID, ttl=s)),  # type: ignore[arg-type]
        ("sign naive", lambda: sign(ACCESS_KEY, s, ORG_ID, issued_at=NAIVE)),
        ("sign secret newline", lambda: sign(ACCESS_KEY, s + "\n", ORG_ID)),
        ("sign secret space", lambda: sign(ACCESS_KEY, f"{s} {s}", ORG_ID)),
        ("sign secret too long", lambda: sign(ACCESS_KEY, s * 100, ORG_ID)),
        ("sign secret surrogate", lambda: sign(ACCESS_KEY, s + "\ud800", ORG_ID)),
        ("sign secret bytes", lambda: sign(ACCESS_KEY, (s + "\x00").encode(), ORG_ID)),
        ("sign key is secret-like", lambda: sign(s + "!", s, ORG_ID)),
        ("signer bad key", lambda: Signer("bad key", s, ORG_ID)),
        ("signer bad secret", lambda: Signer(ACCESS_KEY, s + "\r\n", ORG_ID)),
        ("signer surrogate", lambda: Signer(ACCESS_KEY, "\udfff" + s, ORG_ID)),
        ("signer bad org", lambda: Signer(ACCESS_KEY, s, "")),
        ("signer ttl", signer_then(lambda signer: signer.sign(ttl=99))),
        ("signer time", signer_then(lambda signer: signer.sign(2**60))),
        ("signer iat type", signer_then(lambda signer: signer.sign(s))),  # type: ignore[arg-type]
        ("signer pickle", signer_then(pickle.dumps)),
        ("signer closed", closed),
        ("verify wrong secret", lambda: verify(token, s + "x", now=IAT)),
        ("verify secret as token", lambda: verify(s, s, now=IAT)),
        ("verify expired", lambda: verify(token, s, now=IAT + 60)),
        ("verify early", lambda: verify(token, s, now=IAT - 60)),
        ("verify bad secret", lambda: verify(token, s + " ", now=IAT)),
        ("verify surrogate", lambda: verify(token, s + "\ud800", now=IAT)),
        ("verify leeway", lambda: verify(token, s, now=IAT, leeway=-1)),
        ("verify now", lambda: verify(token, s, now=NAIVE)),
        ("key_id of secret", lambda: key_id(s)),
        ("env bad secret", lambda: Signer.from_env({**env, "MESHES_SECRET_KEY": s + "\n"})),
        ("env bad org", lambda: Signer.from_env({**env, "MESHES_ORG_ID": "x_"})),
        ("env missing key", lambda: Signer.from_env({"MESHES_SECRET_KEY": s})),
        ("auth ttl", signer_then(lambda signer: MeshesAuth(signer, ttl=0))),
    ]
    return [pytest.param(call, id=name) for name, call in paths]


def exception_text(error: BaseException) -> str:
    """Everything an error shows or carries: message, repr, args, chained errors, traceback."""
    parts = []
    seen: BaseException | None = error
    while seen is not None:
        parts += [str(seen), repr(seen), repr(seen.args), repr(vars(seen))]
        parts += [repr(getattr(seen, "object", ""))]  # what a UnicodeError would hold
        seen = seen.__cause__ or seen.__context__
    parts += traceback.format_exception(type(error), error, error.__traceback__)
    return "\n".join(parts)


@pytest.mark.parametrize("call", leak_paths())
def test_secret_never_in_error(call: Callable[[], object]) -> None:
    with pytest.raises((MeshesTokenError, TypeError)) as caught:
        call()
    text = exception_text(caught.value)
    assert SENTINEL not in text
    assert SENTINEL.encode().hex() not in text
    assert caught.value.__context__ is None or SENTINEL not in exception_text(
        caught.value.__context__
    )


def test_secret_not_kept_or_shown_by_signer() -> None:
    signer = Signer(ACCESS_KEY, SENTINEL, ORG_ID)
    auth = MeshesAuth(signer)
    for shown in (repr(signer), str(signer), repr(auth), str(auth)):
        assert SENTINEL not in shown
    kept = [getattr(signer, name, None) for name in type(signer).__slots__]
    assert SENTINEL not in repr(kept)
    state = bytes(ffi.buffer(signer._handle[0]))
    assert SENTINEL.encode() not in state  # the keyed HMAC state, not the secret
    assert any(state)
    signer.close()
