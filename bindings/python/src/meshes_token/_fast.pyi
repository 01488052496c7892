"""Types of ``meshes_token._fast``, the package's hot paths in C (``ext/fast.c``)."""

from typing import Any, Callable

from ._errors import MeshesTokenError
from ._verify import Claims

def signer_sign(handle: tuple[Any, int], issued_at: int, ttl: int, /) -> str: ...
def verifier_verify(
    handle: tuple[Any, int], token: str | bytes, now: int, leeway: int, /
) -> Claims: ...
def verify_token(
    token: str | bytes, secret: str | bytes | bytearray, now: int, leeway: int, /
) -> Claims: ...
def setup(
    claims_type: type,
    signer_error: Callable[[int], MeshesTokenError],
    verifier_error: Callable[[int], MeshesTokenError],
    verify_error: Callable[[int], MeshesTokenError],
    /,
) -> None: ...
