"""The hot paths in C (meshes_token._fast): the same tokens, claims and errors as the C ABI.

``Signer.sign``, ``Verifier.verify`` and ``verify`` go through ``_fast``; the one-shot
``sign`` and ``key_id`` still go through cffi (``_native``), so the two are compared here call
for call, and ``_fast``'s own edges (handles, argument kinds, closing under load, leaks) are
pinned.
"""

from __future__ import annotations

import dataclasses
import threading
import time
import tracemalloc
from typing import Any

import pytest

from conftest import ACCESS_KEY, IAT, ORG_ID, SECRET, error_class_for, load_vectors
from meshes_token import (
    Claims,
    InvalidAlgorithm,
    InvalidLeeway,
    InvalidSecret,
    InvalidSignature,
    InvalidTime,
    InvalidTtl,
    MalformedToken,
    MeshesTokenError,
    NullPointer,
    Signer,
    SignerClosed,
    TokenExpired,
    TokenNotYetValid,
    Verifier,
    _fast,
    _signer,
    _verifier,
    sign,
    verify,
)
from meshes_token._errors import error_for, signer_error, verifier_error
from meshes_token._ffi import ffi, lib


def test_tokens_are_the_c_abis_byte_for_byte(signer: Signer) -> None:
    for iat in (0, 1, IAT, IAT + 12345, 2**53 - 61):
        for ttl in (1, 30, 60):
            expected = sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=iat, ttl=ttl)  # via cffi
            token = signer.sign(iat, ttl)
            assert type(token) is str
            assert token == expected


def test_claims_are_a_real_frozen_claims(signer: Signer) -> None:
    token = signer.sign(IAT, 30)
    expected = Claims(ACCESS_KEY, ORG_ID, IAT, IAT + 30)
    with Verifier(SECRET) as verifier:
        results = [verifier.verify(token, now=IAT), verify(token, SECRET, now=IAT)]
    for claims in results:
        assert type(claims) is Claims
        assert claims == expected
        assert hash(claims) == hash(expected)
        assert repr(claims) == repr(expected)
        assert dataclasses.asdict(claims) == dataclasses.asdict(expected)
        assert type(claims.issued_at) is int
        assert type(claims.access_key) is str
        with pytest.raises(dataclasses.FrozenInstanceError):
            claims.org_id = "x"  # type: ignore[misc]


def test_token_as_str_bytes_or_bytearray(signer: Signer) -> None:
    token = signer.sign(IAT, 30)
    with Verifier(SECRET) as verifier:
        for form in (token, token.encode(), bytearray(token.encode())):
            assert verifier.verify(form, now=IAT).issued_at == IAT
            assert verify(form, SECRET, now=IAT).issued_at == IAT
        # A lone surrogate is passed through (surrogatepass) and refused by the library.
        for call in (lambda t: verifier.verify(t, now=IAT), lambda t: verify(t, SECRET, now=IAT)):
            with pytest.raises(MalformedToken):
                call("\udc80" + token)


def test_secret_kinds_in_verify(signer: Signer) -> None:
    token = signer.sign(IAT, 30)
    for secret in (SECRET, SECRET.encode(), bytearray(SECRET.encode())):
        assert verify(token, secret, now=IAT).org_id == ORG_ID
    for bad in ("", b"", bytearray(), "bad\udc80secret", "with space"):
        with pytest.raises(InvalidSecret) as caught:
            verify(token, bad, now=IAT)
        assert str(caught.value) == str(error_for(InvalidSecret.status))
        assert caught.value.__context__ is None  # (no UnicodeEncodeError holding the secret)
    with pytest.raises(InvalidSignature):
        verify(token, bytearray(b"another-secret"), now=IAT)
    with pytest.raises(TypeError, match=r"^secret must be str, bytes or bytearray, not int$"):
        verify(token, 1, now=IAT)  # type: ignore[arg-type]
    with pytest.raises(InvalidLeeway):  # the library's order: leeway before the secret
        verify(token, "bad\udc80secret", now=IAT, leeway=301)


def test_sign_errors_are_the_librarys(signer: Signer) -> None:
    cases: list[tuple[Any, Any, type[MeshesTokenError]]] = [
        (IAT, 0, InvalidTtl),
        (IAT, 61, InvalidTtl),
        (IAT, -1, InvalidTtl),  # OverflowError in _fast, then the policy's 0
        (IAT, 2**32, InvalidTtl),
        (IAT, 2**64, InvalidTtl),
        (2**53, 30, InvalidTime),
        (2**64 - 1, 30, InvalidTime),
        (-1, 30, InvalidTime),  # OverflowError in _fast, then the policy's 2**64 - 1
        (2**64, 30, InvalidTime),
        (-(2**70), 61, InvalidTtl),  # the library's order: ttl before time
    ]
    for iat, ttl, error in cases:
        with pytest.raises(error) as caught:
            signer.sign(iat, ttl)
        assert type(caught.value) is error
        assert str(caught.value) == str(error_for(error.status))
        assert caught.value.__context__ is None  # the OverflowError is not chained
        with pytest.raises(error):  # the cffi one-shot agrees
            sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=iat, ttl=ttl)


def test_verify_errors_are_the_librarys(signer: Signer) -> None:
    token = signer.sign(IAT, 30)
    head, payload, mac = token.split(".")
    other = Signer(ACCESS_KEY, "another-secret", ORG_ID).sign(IAT, 30)
    cases: list[tuple[Any, dict[str, Any], type[MeshesTokenError]]] = [
        ("", {}, MalformedToken),
        ("a.b", {}, MalformedToken),
        ("x" * 2000, {}, MalformedToken),
        ("eyJhbGciOiJub25lIn0." + payload + "." + mac, {}, InvalidAlgorithm),
        (other, {}, InvalidSignature),
        (f"{head}.{payload}.{'A' if mac[0] != 'A' else 'B'}{mac[1:]}", {}, InvalidSignature),
        (token, {"now": IAT + 30}, TokenExpired),
        (token, {"now": 2**64}, TokenExpired),  # the policy's 2**64 - 1
        (token, {"now": IAT - 1}, TokenNotYetValid),
        (token, {"leeway": 301}, InvalidLeeway),
        (token, {"leeway": 2**32}, InvalidLeeway),  # OverflowError, then 2**32 - 1
        (token, {"leeway": -1}, InvalidLeeway),
    ]
    with Verifier(SECRET) as verifier:
        for text, given, error in cases:
            options = {"now": IAT, **given}
            for call in (
                lambda t, o: verifier.verify(t, **o),
                lambda t, o: verify(t, SECRET, **o),
            ):
                with pytest.raises(error) as caught:
                    call(text, options)
                assert type(caught.value) is error, (text, options)
                assert str(caught.value) == str(error_for(error.status))
                assert caught.value.__context__ is None
        with pytest.raises(InvalidTime):
            verifier.verify(token, now=-1)


def verify_vector(v: dict[str, Any], verifier: Verifier | None) -> Claims:
    """Verify a vector's token with ``verify``, or with ``verifier`` if given."""
    now, leeway = int(v["now_str"]), v["leeway"]
    if verifier is None:
        return verify(v["token"], v["secret"], now=now, leeway=leeway)
    return verifier.verify(v["token"], now=now, leeway=leeway)


def test_every_invalid_vector_raises_the_librarys_error_and_message() -> None:
    verifier = Verifier(SECRET)
    for v in load_vectors("verify_invalid"):  # MALFORMED, ALGORITHM, CLAIMS, SIGNATURE, ...
        expected = error_class_for(v["error"])
        assert v["secret"] == SECRET
        for target in (None, verifier):
            with pytest.raises(expected) as caught:
                verify_vector(v, target)
            assert type(caught.value) is expected, v["name"]
            assert str(caught.value) == str(error_for(expected.status))
            assert caught.value.__context__ is None
    verifier.close()


def test_closed_signer_and_verifier() -> None:
    signer = Signer(ACCESS_KEY, SECRET, ORG_ID)
    verifier = Verifier(SECRET)
    token = signer.sign(IAT)
    signer.close()
    verifier.close()
    assert signer._handle is _signer._CLOSED
    assert verifier._handle is _verifier._CLOSED
    for iat, ttl in ((IAT, 30), (IAT, 0), (-1, 2**40)):  # closed is reported first
        with pytest.raises(SignerClosed, match=r"^the signer is closed$"):
            signer.sign(iat, ttl)
    with pytest.raises(SignerClosed, match=r"^the verifier is closed$"):
        verifier.verify(token, now=IAT)
    with pytest.raises(SignerClosed, match=r"^the verifier is closed$"):
        verifier.verify("garbage", now=IAT, leeway=2**40)


def test_handles() -> None:
    with Signer(ACCESS_KEY, SECRET, ORG_ID) as signer:
        state, address = signer._handle
        assert address == int(ffi.cast("uintptr_t", state))
        assert _fast.signer_sign(signer._handle, IAT, 30) == signer.sign(IAT, 30)
    # A zeroed struct is the library's uninitialized signer; address 0 is refused, not read.
    zeroed = ffi.new("meshes_signer *")
    with pytest.raises(SignerClosed):
        _fast.signer_sign((zeroed, int(ffi.cast("uintptr_t", zeroed))), IAT, 30)
    # A misaligned signer is the library's NULL_POINTER (checked before anything is read; the
    # buffer is large enough anyway), raised through the same callable as every status.
    buffer = ffi.new("uint64_t[]", 200)
    with pytest.raises(NullPointer):
        _fast.signer_sign((buffer, int(ffi.cast("uintptr_t", buffer)) + 1), IAT, 30)
    with pytest.raises(ValueError, match="address 0"):
        _fast.signer_sign((None, 0), IAT, 30)
    with pytest.raises(IndexError):
        _fast.signer_sign((zeroed,), IAT, 30)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _fast.signer_sign((zeroed, int(ffi.cast("uintptr_t", zeroed))), IAT)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _fast.verify_token("a.b.c", 1, IAT, 0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _fast.verify_token(1, b"secret", IAT, 0)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _fast.setup(1, error_for, error_for, error_for)  # type: ignore[arg-type]


def test_status_callables_give_the_classes() -> None:
    uninitialized = lib.MESHES_ERR_UNINITIALIZED
    for status in range(1, 20):  # 19 is no status: the base class
        if status == uninitialized:
            continue
        for error in (signer_error(status), verifier_error(status)):
            assert type(error) is type(error_for(status))
            assert str(error) == str(error_for(status))
    assert str(signer_error(uninitialized)) == "the signer is closed"
    assert str(verifier_error(uninitialized)) == "the verifier is closed"


def race_closes(token: str, claims: Claims) -> list[object]:
    """4 signers and 4 verifiers used by 6 threads for 50 ms while another closes them all.

    Returns every result that was neither the right one nor SignerClosed.
    """
    signers = [Signer(ACCESS_KEY, SECRET, ORG_ID) for _ in range(4)]
    verifiers = [Verifier(SECRET) for _ in range(4)]
    bad: list[object] = []
    stop = time.monotonic() + 0.05

    def use(index: int) -> None:
        signer, verifier = signers[index % 4], verifiers[index % 4]
        while time.monotonic() < stop:
            for call, good in (
                (lambda: signer.sign(IAT), token),
                (lambda: verifier.verify(token, now=IAT), claims),
            ):
                try:
                    result = call()
                except SignerClosed:
                    continue
                if result != good:
                    bad.append(result)

    def close_all() -> None:
        for signer, verifier in zip(signers, verifiers):
            time.sleep(0.005)
            signer.close()
            verifier.close()

    threads = [threading.Thread(target=use, args=(i,)) for i in range(6)]
    threads.append(threading.Thread(target=close_all))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return bad


def test_threads_close_signers_and_verifiers_while_others_use_them() -> None:
    """Each call racing close() gives a valid result or SignerClosed; never a crash."""
    token = sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=IAT)
    claims = Claims(ACCESS_KEY, ORG_ID, IAT, IAT + 30)
    for _ in range(10):
        assert race_closes(token, claims) == []


def test_no_leaks(signer: Signer) -> None:
    """Many calls, successful and failing, leave no Python objects behind."""
    token = signer.sign(IAT, 30)
    verifier = Verifier(SECRET)

    def calls() -> None:
        signer.sign(IAT, 30)
        verifier.verify(token, now=IAT)
        verifier.verify(token.encode(), now=IAT)
        verify(token, SECRET, now=IAT)
        verify(token, bytearray(SECRET.encode()), now=IAT)
        for bad in (
            lambda: signer.sign(IAT, 0),
            lambda: signer.sign(-1, 30),
            lambda: verifier.verify(token, now=IAT + 60),
            lambda: verify(token + "x", SECRET, now=IAT),
        ):
            with pytest.raises(MeshesTokenError):
                bad()

    for _ in range(1000):
        calls()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for _ in range(5000):
            calls()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    verifier.close()
    # One object leaked per call would be hundreds of kilobytes.
    assert grown < 20_000, grown
