"""The installed package: version, files, import with no environment, docs on every item."""

from __future__ import annotations

import doctest
import importlib.metadata
import inspect
import subprocess
import sys
from pathlib import Path

import meshes_token
from meshes_token import _fast, _native
from meshes_token._ffi import ffi, lib


def test_version_is_the_librarys() -> None:
    library = ffi.string(lib.meshes_version()).decode()
    assert meshes_token.__version__ == library
    assert meshes_token.library_version() == library
    assert importlib.metadata.version("meshes-token") == library


def test_installed_files() -> None:
    package = Path(meshes_token.__file__).parent
    assert (package / "py.typed").is_file()
    # Two self-contained extension modules (the Rust library is linked into each statically):
    # cffi's, and the hot paths' hand-written one.
    assert Path(_native.__file__).parent == package
    assert Path(_fast.__file__).parent == package
    binaries = [p.name for p in package.iterdir() if p.suffix in (".so", ".pyd", ".dylib", ".dll")]
    assert sorted(binaries) == sorted([Path(_fast.__file__).name, Path(_native.__file__).name])
    files = importlib.metadata.files("meshes-token") or []
    licenses = {Path(str(f)).name for f in files if "LICENSE" in str(f)}
    assert {"LICENSE-MIT", "LICENSE-APACHE"} <= licenses
    meta = importlib.metadata.metadata("meshes-token")
    assert meta["License-Expression"] == "MIT OR Apache-2.0"
    assert meta["Requires-Python"] == ">=3.9"


def test_imports_and_signs_with_an_empty_environment() -> None:
    code = (
        "import meshes_token as m\n"
        "t = m.sign('mk_a', 's3cr3t', 'org-1', issued_at=1767225600)\n"
        "assert m.verify(t, 's3cr3t', now=1767225600).org_id == 'org-1'\n"
        "print('ok')\n"
    )
    run = subprocess.run(  # noqa: S603 (our own code)
        [sys.executable, "-I", "-c", code], env={}, capture_output=True, text=True, check=True
    )
    assert run.stdout == "ok\n"


def test_module_docstring_example_runs() -> None:
    result = doctest.testmod(meshes_token, verbose=False)
    assert result.attempted >= 4
    assert result.failed == 0


def test_every_public_item_has_a_docstring() -> None:
    for name in meshes_token.__all__:
        item = getattr(meshes_token, name)
        if isinstance(item, (int, str)) or name in ("SecretLike", "TimeLike"):
            continue  # constants, version and type aliases: documented by comments in source
        assert inspect.getdoc(item), name
        if inspect.isclass(item):
            for attr, member in vars(item).items():
                if not attr.startswith("_") and (callable(member) or isinstance(member, property)):
                    assert inspect.getdoc(member), f"{name}.{attr}"
