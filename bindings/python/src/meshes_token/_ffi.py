"""The C library: cffi's ``ffi`` and ``lib`` objects, and the constants read from it.

``meshes_token._native`` is the extension module built with the package (see setup.py): cffi
API-mode C code generated from the committed ``include/meshes_token.h``, compiled against
that header and statically linked with ``libmeshes_token_ffi``. Importing it loads nothing
else, so no environment variable, compiler or header is needed at run time; and every
constant and status code here is the library's own value, which the C compiler checked
against the header when the extension was built, never a copy. (``Signer.sign``,
``Verifier.verify`` and ``verify`` call the library through ``meshes_token._fast`` instead,
the package's second extension, with the handles made here: see ``ext/fast.c``.)
"""

from __future__ import annotations

from typing import Any

from ._native import ffi as _native_ffi
from ._native import lib as _native_lib

#: cffi's FFI instance for the library (types, ``new``, ``string``).
ffi: Any = _native_ffi
#: The library: the ``meshes_*`` functions and the ``MESHES_*`` constants.
lib: Any = _native_lib

ACCESS_KEY_MAX_LEN: int = lib.MESHES_ACCESS_KEY_MAX_LEN
ORG_ID_MAX_LEN: int = lib.MESHES_ORG_ID_MAX_LEN
SECRET_MAX_LEN: int = lib.MESHES_SECRET_MAX_LEN
TTL_MAX: int = lib.MESHES_TTL_MAX
TOKEN_MAX_LEN: int = lib.MESHES_TOKEN_MAX_LEN
VERIFY_MAX_LEN: int = lib.MESHES_VERIFY_MAX_LEN

#: Every status the library defines, by name without the ``MESHES_`` prefix
#: (``"OK"``, ``"ERR_ACCESS_KEY"``, ...), read from the library's enum.
STATUS_CODES: dict[str, int] = {
    name[len("MESHES_") :]: int(getattr(lib, name))
    for name in dir(lib)
    if name == "MESHES_OK" or name.startswith("MESHES_ERR_")
}


#: Spare (out, out_len) buffer pairs for :func:`meshes_token.sign`, so that a call need not
#: allocate them: a call pops a pair (or makes one) and pushes it back when done. ``list.pop`` and
#: ``list.append`` are atomic, so threads (and a signal handler or finalizer that signs on a
#: thread that is already signing) never share a pair; the list holds at most as many pairs as
#: calls have ever run at once. The buffers hold tokens, never key material.
token_buffers: list[tuple[Any, Any]] = []


def handle(state: Any) -> tuple[Any, int]:
    """Return the handle of a ``meshes_signer *`` or ``meshes_verifier *`` cdata for ``_fast``.

    A tuple (the cdata, its address as an int). ``_fast`` signs or verifies at the address;
    the tuple holds the cdata, which owns the struct, so whoever passes the tuple keeps the
    struct alive (unwiped, unfreed) for the length of the call.
    """
    return (state, int(ffi.cast("uintptr_t", state)))


def new_token_buffers() -> tuple[Any, Any]:
    """Return a new (out, out_len) pair: ``char[TOKEN_MAX_LEN + 1]`` and ``size_t *``."""
    return ffi.new("char[]", TOKEN_MAX_LEN + 1), ffi.new("size_t *")


def status_message(status: int) -> str:
    """Return the library's static English description of ``status``."""
    return str(ffi.string(lib.meshes_status_message(status)).decode("ascii"))


def library_version() -> str:
    """Return the version of the loaded meshes-token library, e.g. ``"0.1.0"``."""
    return str(ffi.string(lib.meshes_version()).decode("ascii"))
