"""Signer: lifetime, wiping, from_env, time arguments, and sharing between threads."""

from __future__ import annotations

import copy
import gc
import pickle
import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from conftest import ACCESS_KEY, IAT, ORG_ID, SECRET
from meshes_token import InvalidSecret, Signer, SignerClosed, TokenExpired, _signer, sign, verify
from meshes_token._ffi import ffi

THREADS = 8
PER_THREAD = 10_000


@pytest.fixture
def wipes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record each meshes_signer_clear of a Signer made in the test: was the struct all zeros
    afterwards? (The library's clear runs, then the record is taken, before cffi frees it.)
    """
    wiped: list[bool] = []
    real = _signer.lib

    class Lib:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        @staticmethod
        def meshes_signer_clear(state: object) -> None:
            real.meshes_signer_clear(state)
            wiped.append(not any(bytes(ffi.buffer(state))))

    monkeypatch.setattr(_signer, "lib", Lib())
    return wiped


def test_context_manager_closes_and_wipes(wipes: list[bool]) -> None:
    with Signer(ACCESS_KEY, SECRET, ORG_ID) as signer:
        assert not signer.closed
        assert signer.sign(IAT) == sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=IAT)
        assert any(bytes(ffi.buffer(signer._handle[0])))
        assert wipes == []
    assert signer.closed
    assert wipes == [True]  # wiped inside close()
    assert not any(bytes(ffi.buffer(signer._handle[0])))
    with pytest.raises(SignerClosed) as caught:
        signer.sign(IAT)
    assert caught.value.code == "UNINITIALIZED"
    signer.close()  # again: nothing happens
    assert "closed" in repr(signer)


def test_close_without_context_manager(wipes: list[bool]) -> None:
    signer = Signer(ACCESS_KEY, SECRET, ORG_ID)
    signer.sign()
    signer.close()
    assert wipes == [True]
    with pytest.raises(SignerClosed):
        signer.sign()
    signer.close()
    assert wipes == [True]


def test_failed_init_leaves_nothing_to_wipe(wipes: list[bool]) -> None:
    with pytest.raises(InvalidSecret):
        Signer(ACCESS_KEY, "", ORG_ID)
    gc.collect()
    assert wipes == [True]  # the library cleared it already; clearing again is harmless


def test_properties_and_repr(signer: Signer) -> None:
    assert signer.access_key == ACCESS_KEY
    assert signer.org_id == ORG_ID
    assert repr(signer) == f"<Signer access_key={ACCESS_KEY!r} org_id={ORG_ID!r} open>"


def test_cannot_be_pickled_or_copied(signer: Signer) -> None:
    with pytest.raises(TypeError):
        pickle.dumps(signer)
    with pytest.raises(TypeError):
        copy.copy(signer)
    with pytest.raises(TypeError):
        copy.deepcopy(signer)


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MESHES_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("MESHES_SECRET_KEY", SECRET)
    monkeypatch.setenv("MESHES_ORG_ID", ORG_ID)
    with Signer.from_env() as signer:
        assert signer.sign(IAT) == sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=IAT)
    environ = {
        "MESHES_ACCESS_KEY": ACCESS_KEY,
        "MESHES_SECRET_KEY": SECRET,
        "MESHES_ORG_ID": ORG_ID,
    }
    with Signer.from_env(environ) as signer:
        assert signer.org_id == ORG_ID


def test_time_arguments(signer: Signer) -> None:
    expected = signer.sign(IAT, 30)
    at = datetime.fromtimestamp(IAT, tz=timezone.utc)
    assert signer.sign(at) == expected
    assert signer.sign(at + timedelta(microseconds=999_999)) == expected  # floored
    assert signer.sign(at.astimezone(timezone(timedelta(hours=-7)))) == expected
    assert sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=at) == expected

    class Seconds(int):
        pass

    assert signer.sign(Seconds(IAT), Seconds(30)) == expected
    claims = verify(expected, SECRET, now=at + timedelta(seconds=29))
    assert claims.expires_at == IAT + 30
    with pytest.raises(TokenExpired):
        verify(expected, SECRET, now=at + timedelta(seconds=30))


def test_default_time_is_now(signer: Signer) -> None:
    before = int(time.time())
    claims = verify(signer.sign(), SECRET)
    assert before <= claims.issued_at <= int(time.time())
    assert claims.expires_at == claims.issued_at + 30
    claims = verify(sign(ACCESS_KEY, SECRET, ORG_ID, ttl=1), SECRET, leeway=1)
    assert claims.expires_at == claims.issued_at + 1


def test_garbage_collected_signer_is_wiped(wipes: list[bool]) -> None:
    """Never closed: the struct is still wiped by the library before cffi frees it."""
    signer = Signer(ACCESS_KEY, SECRET, ORG_ID)
    assert signer.sign(IAT)
    del signer
    gc.collect()
    assert wipes == [True]


def test_threads_share_one_signer(signer: Signer) -> None:
    """8 threads x 10,000 tokens on one Signer equal the single-threaded result."""
    expected = [signer.sign(IAT + i, 1 + i % 60) for i in range(PER_THREAD)]
    results: list[list[str]] = [[] for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)

    def work(slot: list[str]) -> None:
        barrier.wait()
        slot.extend(signer.sign(IAT + i, 1 + i % 60) for i in range(PER_THREAD))

    threads = [threading.Thread(target=work, args=(slot,)) for slot in results]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for slot in results:
        assert slot == expected


def test_close_racing_sign_never_yields_a_bad_token(wipes: list[bool]) -> None:
    """Each sign racing close() returns a valid token or raises SignerClosed; nothing else."""
    for round_ in range(20):
        signer = Signer(ACCESS_KEY, SECRET, ORG_ID)
        outcomes: list[list[object]] = [[] for _ in range(4)]
        started = threading.Barrier(len(outcomes) + 1)

        def work(
            out: list[object], signer: Signer = signer, started: threading.Barrier = started
        ) -> None:
            started.wait()
            while True:
                try:
                    out.append(signer.sign(IAT))
                except SignerClosed:
                    out.append(SignerClosed)
                    return

        threads = [threading.Thread(target=work, args=(out,)) for out in outcomes]
        for thread in threads:
            thread.start()
        started.wait()
        time.sleep(0.001)
        signer.close()
        for thread in threads:
            thread.join()
        token = sign(ACCESS_KEY, SECRET, ORG_ID, issued_at=IAT)
        for out in outcomes:
            assert out[-1] is SignerClosed
            assert all(result == token for result in out[:-1])
        assert wipes == [True] * (round_ + 1)  # wiped once the last racing call returned
