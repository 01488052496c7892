"""Build-time helpers for setup.py: cargo, the cffi declarations, and the sdist's Rust tree.

Not part of the installed package. The extension ``meshes_token._native`` is cffi's API
mode: C source that cffi generates from declarations taken from the committed header
``include/meshes_token.h``, compiled against that same header and linked with the static
library ``libmeshes_token_ffi`` that cargo builds. So the C compiler checks every
declaration, constant and struct size cffi uses against the real header. The package's
second extension, ``meshes_token._fast`` (``ext/fast.c``, the hot paths written by hand),
links the same library; setup.py builds both, and the installed package is two
self-contained extension modules: no shared library to locate at run time.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: Where an sdist keeps its copy of the Rust workspace (see ``copy_workspace``).
SDIST_RUST = "rust"
HEADER = Path("include") / "meshes_token.h"
FFI_PACKAGE = "meshes-token-ffi"
#: A static library built beforehand, linked instead of running cargo (``make dist-python``).
STATIC_LIB_ENV = "MESHES_TOKEN_STATIC_LIB"
#: The Rust target that library was built for, if not this machine's (a cross build).
RUST_TARGET_ENV = "MESHES_TOKEN_RUST_TARGET"


def workspace_root() -> Path:
    """The Rust workspace: the sdist's copy if there is one, else the repository's."""
    for root in (HERE / SDIST_RUST, HERE.parent.parent):
        if (root / "Cargo.toml").is_file() and (root / HEADER).is_file():
            return root
    raise RuntimeError(
        f"no Rust workspace found in {HERE / SDIST_RUST} or {HERE.parent.parent}: build from "
        "a checkout of the meshes-token repository or from its sdist"
    )


def cargo() -> str:
    """The cargo to run: ``$CARGO`` if set (as make and cargo itself set it), else ``cargo``."""
    return os.environ.get("CARGO") or "cargo"


def build_static_library(root: Path, target_dir: Path) -> tuple[Path, list[str]]:
    """Build ``libmeshes_token_ffi`` as a static library, in release mode.

    Returns the library's path and the native libraries it needs, as rustc reports them
    (``--print=native-static-libs``; cargo replays that note even when nothing is rebuilt).
    ``target_dir`` is kept apart from the workspace's own ``target/``, so that this build
    and ``cargo build`` never invalidate each other's artifacts.
    """
    command = [
        cargo(),
        "rustc",
        "--release",
        "--package",
        FFI_PACKAGE,
        "--lib",
        "--crate-type",
        "staticlib",
        "--message-format",
        "json",
        "--manifest-path",
        str(root / "Cargo.toml"),
        "--target-dir",
        str(target_dir),
        "--",
        "--print=native-static-libs",
    ]
    print("running", " ".join(command), file=sys.stderr, flush=True)
    run = subprocess.run(command, stdout=subprocess.PIPE, check=False, text=True)  # noqa: S603
    library: Path | None = None
    native: list[str] | None = None
    for line in run.stdout.splitlines():
        if not line.startswith("{"):
            continue
        message = json.loads(line)
        if message.get("reason") == "compiler-message":
            text = message["message"]["message"]
            if text.startswith("native-static-libs:"):
                native = text.split(":", 1)[1].split()
            elif message["message"].get("rendered"):
                print(message["message"]["rendered"], end="", file=sys.stderr)
        elif message.get("reason") == "compiler-artifact":
            if message["target"]["name"] != FFI_PACKAGE.replace("-", "_"):
                continue
            for name in message["filenames"]:
                if name.endswith((".a", ".lib")):
                    library = Path(name)
    if run.returncode != 0:
        raise RuntimeError(f"cargo failed with exit status {run.returncode}")
    if library is None or native is None:
        raise RuntimeError("cargo reported no static library or no native-static-libs")
    return library, native


def prebuilt_static_library() -> tuple[Path, list[str]] | None:
    """The library named by ``$MESHES_TOKEN_STATIC_LIB`` and its native libraries, if set.

    The native libraries are those of Rust's ``std`` for the library's target, which rustc
    reports for any static library (``std_native_libs``): meshes-token-ffi links no other C
    code. That costs a second of rustc instead of rebuilding the library in a second target
    folder, only to read the same list off it.
    """
    value = os.environ.get(STATIC_LIB_ENV)
    if not value:
        return None
    library = Path(value).resolve()
    if not library.is_file():
        raise RuntimeError(f"{STATIC_LIB_ENV}={value}: no such file")
    return library, std_native_libs(os.environ.get(RUST_TARGET_ENV) or None)


def prebuilt_build_base() -> Path | None:
    """The setuptools build folder for a build from a prebuilt library, one per Rust target."""
    if not os.environ.get(STATIC_LIB_ENV):
        return None
    return HERE / "build" / f"prebuilt-{os.environ.get(RUST_TARGET_ENV) or 'host'}"


def std_native_libs(target: str | None) -> list[str]:
    """The native libraries that a Rust static library for ``target`` needs (rustc's list).

    Asks rustc (``$RUSTC``, else ``rustc``) by building an empty static library for that
    target and reading its ``native-static-libs`` note.
    """
    rustc = os.environ.get("RUSTC") or "rustc"
    with tempfile.TemporaryDirectory(prefix="meshes-token-native-libs-") as temp:
        source = Path(temp) / "probe.rs"
        source.write_text("", encoding="utf-8")
        command = [rustc, "--crate-type", "staticlib", "--crate-name", "probe"]
        command += ["--edition", "2021", "--print", "native-static-libs"]
        if target:
            command += ["--target", target]
        command += ["-o", str(Path(temp) / "libprobe.a"), str(source)]
        run = subprocess.run(command, capture_output=True, check=False, text=True)  # noqa: S603
    if run.returncode != 0:
        raise RuntimeError(f"{rustc} failed for target {target}:\n{run.stderr}")
    for line in run.stderr.splitlines():
        _, found, libraries = line.partition("native-static-libs:")
        if found:
            return libraries.split()
    raise RuntimeError(f"rustc reported no native-static-libs for target {target}")


def link_arguments(native: list[str]) -> tuple[list[str], list[str]]:
    """Split rustc's native-static-libs into (library names, other linker arguments)."""
    libraries, extra = [], []
    for item in native:
        if item.startswith("-l"):
            libraries.append(item[2:])
        elif item.endswith(".lib"):  # MSVC spells them as file names
            libraries.append(item[: -len(".lib")])
        else:
            extra.append(item)
    if sys.platform.startswith("linux"):
        # Keep the Rust library's symbols (meshes_* and Rust's std) private to the extension,
        # so they can never interpose on, or be interposed by, another copy in the process;
        # and drop the symbol tables (Rust's std brings 1.5 MB of them).
        extra += ["-Wl,--exclude-libs,ALL", "-Wl,--strip-all", "-Wl,--gc-sections"]
    return libraries, extra


# --- The header, as cffi's cdef() accepts it ----------------------------------------------------

_DEFINE = re.compile(r"^#define (MESHES_\w+) (\d+)[uUlL]*$")


def cdef_from_header(header: Path, preprocessor: Sequence[str]) -> str:
    """Return the header as C declarations for ``cffi.FFI.cdef``.

    The C compiler's own preprocessor reads it (``-E -P -dD``: no line markers, the
    ``#define`` directives kept), as a C compiler sees it (no ``__cplusplus``), with its
    ``#include <stddef.h>`` and ``<stdint.h>`` resolved to empty files: cffi knows ``size_t``
    and the ``intN_t`` types, and would refuse the C library's own typedefs. What is kept is
    every declaration, and each integer ``#define MESHES_*`` (the predefined macros and the
    include guard go), so that cffi exposes it and, in API mode, checks its value against the
    header at compile time.

    Args:
        header: The header file.
        preprocessor: The command that runs the preprocessor, as the build's C compiler
            spells it (setuptools' ``compiler.preprocessor``: ``$CPP``, else ``$CC -E``), so a
            cross build reads the header with the cross compiler.
    """
    with tempfile.TemporaryDirectory(prefix="meshes-token-cdef-") as stubs:
        for name in ("stddef.h", "stdint.h"):
            (Path(stubs) / name).write_text("", encoding="utf-8")
        command = [*preprocessor, "-P", "-dD", "-nostdinc", "-I", stubs, "-x", "c", str(header)]
        run = subprocess.run(command, capture_output=True, check=False, text=True)  # noqa: S603
    if run.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{run.stderr}")
    out = []
    for line in run.stdout.splitlines():
        if line.startswith("#"):
            define = _DEFINE.match(line)
            if define is not None:
                out.append(f"#define {define.group(1)} {define.group(2)}")
        elif line.strip():
            out.append(line.rstrip())
    return "\n".join(out) + "\n"


def crate_version(root: Path) -> str:
    """The version of meshes-token-ffi (the workspace's), which this package also carries."""
    for package in cargo_metadata(root)["packages"]:
        if package["name"] == FFI_PACKAGE:
            return str(package["version"])
    raise RuntimeError(f"{FFI_PACKAGE} is not in the workspace at {root}")


def cargo_metadata(root: Path) -> dict[str, Any]:
    """``cargo metadata`` of the workspace's own packages."""
    command = [cargo(), "metadata", "--no-deps", "--format-version", "1", "--manifest-path"]
    run = subprocess.run(  # noqa: S603
        [*command, str(root / "Cargo.toml")], stdout=subprocess.PIPE, check=True, text=True
    )
    metadata: dict[str, Any] = json.loads(run.stdout)
    return metadata


def make_ffi(root: Path, preprocessor: Sequence[str]) -> Any:
    """The cffi builder for ``meshes_token._native`` (API mode, out of line).

    ``preprocessor`` runs the C preprocessor of the compiler that builds the extension (see
    :func:`cdef_from_header`).
    """
    import cffi  # noqa: PLC0415 (a build requirement, imported only when building)

    ffi = cffi.FFI()
    ffi.cdef(cdef_from_header(root / HEADER, preprocessor))
    ffi.set_source("meshes_token._native", '#include "meshes_token.h"')
    return ffi


# --- The sdist's copy of the workspace -------------------------------------------------------

_SKIP = shutil.ignore_patterns("target", "__pycache__", "*.pyc", ".git*", "node_modules")


def copy_workspace(destination: Path) -> None:
    """Copy what building the extension needs into an sdist.

    That is the workspace manifest and lock, every workspace member (cargo loads them all,
    even to build one), and the header.
    """
    root = HERE.parent.parent
    metadata = cargo_metadata(root)
    destination.mkdir(parents=True, exist_ok=True)
    for name in ("Cargo.toml", "Cargo.lock"):
        shutil.copy2(root / name, destination / name)
    (destination / HEADER).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(root / HEADER, destination / HEADER)
    for package in metadata["packages"]:
        crate = Path(package["manifest_path"]).parent
        shutil.copytree(crate, destination / crate.relative_to(root), ignore=_SKIP)
