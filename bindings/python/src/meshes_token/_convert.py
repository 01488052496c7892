"""Argument checks and conversions to the C types, done before any C call.

A value of the wrong type raises ``TypeError``. A value of the right type that C's types
cannot hold (a negative time, a ttl above 2**32 - 1) raises the status error it amounts to.
Every other rule (lengths, alphabets, ttl range, ``exp`` limit) is left to the library, so
it is stated once, in Rust, and checked in the library's order. Nothing here puts a secret,
or anything derived from one, into an exception.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any, Union

from ._errors import ClockError, InvalidSecret, InvalidTime, InvalidTtl
from ._ffi import ffi

#: What a secret may be given as: text (encoded as UTF-8) or its raw bytes. A ``bytearray``
#: is read in place, never copied, so a caller can wipe it afterwards.
SecretLike = Union[str, bytes, bytearray]
#: A point in time: whole seconds since the Unix epoch, or a timezone-aware ``datetime``.
TimeLike = Union[int, datetime]

U32_MAX = 2**32 - 1
U64_MAX = 2**64 - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_SECOND = timedelta(seconds=1)


def _type_name(value: object) -> str:
    return type(value).__name__


def text(value: object, name: str) -> bytes:
    """Return ``value`` (a ``str``) as UTF-8 bytes for a ``const char *`` + length argument.

    Lone surrogates are passed through (``surrogatepass``), so the library, not the encoder,
    rejects them, with the status of the argument and in the library's order.
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be str, not {_type_name(value)}")
    return value.encode("utf-8", "surrogatepass")


def token(value: object) -> bytes:
    """Return a token (``str``, or ``bytes`` as read from a header) as bytes."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    raise TypeError(f"token must be str or bytes, not {_type_name(value)}")


def secret(value: object) -> Any:
    """Return a ``uint8_t[]`` cdata viewing the secret's bytes (``len()`` gives its length).

    ``str`` is encoded as UTF-8; ``bytes`` and ``bytearray`` are used in place, not copied. A
    ``str`` that UTF-8 cannot encode (a lone surrogate) is an :class:`InvalidSecret`, raised
    outside the ``except`` block so that no exception chain keeps the encoder's error, which
    holds the whole string.
    """
    if isinstance(value, str):
        encoded: bytes | None
        try:
            encoded = value.encode("utf-8")
        except UnicodeEncodeError:
            encoded = None
        if encoded is None:
            raise InvalidSecret("invalid secret: not encodable as UTF-8")
        return ffi.from_buffer("uint8_t[]", encoded)
    if isinstance(value, (bytes, bytearray)):
        return ffi.from_buffer("uint8_t[]", value)
    raise TypeError(f"secret must be str, bytes or bytearray, not {_type_name(value)}")


def seconds(value: object, name: str) -> int:
    """Return a time (``int`` seconds or an aware ``datetime``) as seconds for a ``uint64_t``.

    ``bool`` is not accepted as an ``int``. A naive ``datetime`` is a ``TypeError``: it names
    no instant, and Python itself refuses to compare naive with aware datetimes. Aware ones
    are floored to the whole second.
    """
    if isinstance(value, bool):
        raise TypeError(f"{name} must be int or datetime, not bool")
    if isinstance(value, int):
        result = int(value)
    elif isinstance(value, datetime):
        if value.utcoffset() is None:
            raise TypeError(f"{name} must be a timezone-aware datetime, not a naive one")
        result = (value - _EPOCH) // _SECOND
    else:
        raise TypeError(f"{name} must be int or datetime, not {_type_name(value)}")
    if not 0 <= result <= U64_MAX:
        raise InvalidTime(f"{name} must be from the Unix epoch to 2**64 - 1 seconds after it")
    return result


def ttl(value: object) -> int:
    """Return a ttl in seconds for a ``uint32_t``; the library checks its range."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"ttl must be int, not {_type_name(value)}")
    if not 0 <= value <= U32_MAX:
        raise InvalidTtl()
    return int(value)


def leeway(value: object) -> int:
    """Return a leeway in seconds for a ``uint32_t``."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"leeway must be int, not {_type_name(value)}")
    if not 0 <= value <= U32_MAX:
        raise InvalidTime("leeway must be 0 to 2**32 - 1 seconds")
    return int(value)


def now() -> int:
    """Return the system clock in whole seconds since the Unix epoch."""
    current = time.time()
    if current < 0:
        raise ClockError()
    return int(current)
