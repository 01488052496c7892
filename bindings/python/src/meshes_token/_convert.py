"""Conversions of the arguments to the C types: the bad-argument policy of every binding.

The policy is written once, in the conventions of ``include/meshes_token.h`` ("Bad arguments
in bindings"), and tested by ``tests/vectors/bad_calls.json``: this package checks nothing
itself, so errors come in the library's order. A value of the wrong type raises
``TypeError`` before any C call. A number that the C type cannot hold (negative, fractional,
too large) goes in as a value the library rejects for that same argument, so the library
reports it in its turn. The one check made here is a verification time before the Unix
epoch (:class:`InvalidTime`, raised before the call), which no ``uint64_t`` holds and no
rule of the library covers. Nothing here puts a secret, or anything derived from one, into
an exception.
"""

from __future__ import annotations

import math
import time
from datetime import datetime, timedelta, timezone
from typing import Any, Union

from ._errors import ClockError, InvalidTime
from ._ffi import ffi

#: What a secret may be given as: text (encoded as UTF-8) or its raw bytes. A ``bytearray``
#: is read in place, never copied, so a caller can wipe it afterwards.
SecretLike = Union[str, bytes, bytearray]
#: A point in time: seconds since the Unix epoch (``int``, or a ``float`` holding a whole
#: number), or a timezone-aware ``datetime`` (floored to the whole second).
TimeLike = Union[int, float, datetime]

U32_MAX = 2**32 - 1
U64_MAX = 2**64 - 1
#: The values the library rejects for each argument, passed for a number C cannot hold:
#: issued_at + ttl above 2**53 - 1 (TIME), a ttl of 0 (TTL), a leeway above the largest
#: (LEEWAY), and a time after which every token has expired (EXPIRED).
ISSUED_AT_REJECTED = U64_MAX
TTL_REJECTED = 0
LEEWAY_REJECTED = U32_MAX
NOW_LAST = U64_MAX
#: The secret passed for a ``str`` UTF-8 cannot encode (a lone surrogate): the library
#: rejects an empty secret (SECRET) in its turn.
SECRET_REJECTED = ffi.from_buffer("uint8_t[]", b"")

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
    ``str`` that UTF-8 cannot encode (a lone surrogate) becomes :data:`SECRET_REJECTED`;
    the encoder's error, which holds the whole string, is dropped outside the ``except``
    block, so that no exception chain keeps it.
    """
    if isinstance(value, str):
        encoded = _utf8(value)
        if encoded is None:
            return SECRET_REJECTED
        return ffi.from_buffer("uint8_t[]", encoded)
    if isinstance(value, (bytes, bytearray)):
        return ffi.from_buffer("uint8_t[]", value)
    raise TypeError(f"secret must be str, bytes or bytearray, not {_type_name(value)}")


def secret_bytes(value: object) -> bytes | bytearray:
    """Return the secret's bytes for ``_fast``: as :func:`secret`, but ``bytes`` or ``bytearray``.

    ``bytes`` and ``bytearray`` are returned as they are (``_fast`` reads them in place); a
    ``str`` is encoded as UTF-8, or, if UTF-8 cannot encode it (a lone surrogate), is ``b""``,
    which the library rejects as it rejects :data:`SECRET_REJECTED`.
    """
    if isinstance(value, (bytes, bytearray)):
        return value
    if isinstance(value, str):
        encoded = _utf8(value)
        return b"" if encoded is None else encoded
    raise TypeError(f"secret must be str, bytes or bytearray, not {_type_name(value)}")


def _utf8(value: str) -> bytes | None:
    """Return ``value`` encoded as UTF-8, or ``None`` if UTF-8 cannot encode it.

    The encoder's error, which holds the whole string (a secret), is dropped here, outside any
    ``except`` block of the caller, so that no exception chain keeps it.
    """
    encoded: bytes | None
    try:
        encoded = value.encode("utf-8")
    except UnicodeEncodeError:
        encoded = None
    return encoded


def _whole(value: object, name: str, types: str) -> int | None:
    """Return an ``int`` or ``float`` argument as an ``int``, or None if it is not whole.

    ``bool`` is not accepted as a number; a ``float`` with a fraction, an infinity or NaN is
    not a whole number of seconds.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    raise TypeError(f"{name} must be {types}, not {_type_name(value)}")


def _datetime_seconds(value: datetime, name: str) -> int:
    """An aware ``datetime`` floored to whole seconds since the epoch (negative before it).

    A naive one is a ``TypeError``: it names no instant, and Python itself refuses to compare
    naive with aware datetimes.
    """
    if value.utcoffset() is None:
        raise TypeError(f"{name} must be a timezone-aware datetime, not a naive one")
    return (value - _EPOCH) // _SECOND


def issued_at(value: object) -> int:
    """Return an ``iat`` for a ``uint64_t``; :data:`ISSUED_AT_REJECTED` if it holds none."""
    if isinstance(value, datetime):
        seconds: int | None = _datetime_seconds(value, "issued_at")
    else:
        seconds = _whole(value, "issued_at", "int, float or datetime")
    if seconds is None or not 0 <= seconds <= U64_MAX:
        return ISSUED_AT_REJECTED
    return seconds


def ttl(value: object) -> int:
    """Return a ttl in seconds for a ``uint32_t``; :data:`TTL_REJECTED` if it holds none."""
    seconds = _whole(value, "ttl", "int or float")
    if seconds is None or not 0 <= seconds <= U32_MAX:
        return TTL_REJECTED
    return seconds


def leeway(value: object) -> int:
    """Return a leeway in seconds for a ``uint32_t``; :data:`LEEWAY_REJECTED` if it holds none."""
    seconds = _whole(value, "leeway", "int or float")
    if seconds is None or not 0 <= seconds <= U32_MAX:
        return LEEWAY_REJECTED
    return seconds


def verify_time(value: object) -> int:
    """Return a verification time for a ``uint64_t``, floored to the whole second.

    Flooring changes no verdict, since every bound it is compared with is a whole second.
    After ``U64_MAX`` it is :data:`NOW_LAST` (every token has expired). Before the epoch
    (or NaN) it raises :class:`InvalidTime`: the one check this package makes itself.
    """
    if isinstance(value, datetime):
        seconds = _datetime_seconds(value, "now")
    elif isinstance(value, float):
        if not value >= 0:  # NaN too
            raise InvalidTime("now must not be before the Unix epoch")
        return NOW_LAST if value > U64_MAX else math.floor(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        seconds = int(value)
    else:
        raise TypeError(f"now must be int, float or datetime, not {_type_name(value)}")
    if seconds < 0:
        raise InvalidTime("now must not be before the Unix epoch")
    return min(seconds, NOW_LAST)


def now() -> int:
    """Return the system clock in whole seconds since the Unix epoch."""
    current = time.time()
    if current < 0:
        raise ClockError()
    return int(current)
