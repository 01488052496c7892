"""Build the package's two extension modules: cargo, then cffi (API mode), then the C compiler.

``meshes_token._native`` is cffi's module over the whole C ABI; ``meshes_token._fast`` is the
hand-written C of the hot paths (``ext/fast.c``). Both link the same static library. Everything
about the package itself is in pyproject.toml; this file only adds the build step that
setuptools cannot express declaratively. See build_native.py and the README's "How it is
built".

Release builds (``make dist-python``) set two variables, read by build_native.py:
``MESHES_TOKEN_STATIC_LIB``, a static library already built (by ``make dist-lib``), linked
instead of running cargo; and ``MESHES_TOKEN_RUST_TARGET``, the Rust target it was built
for, when that is not this machine (the caller then also sets ``CC``, ``LDSHARED`` and
``_PYTHON_HOST_PLATFORM`` for the cross compiler). Such builds use a build folder of their own.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.sdist import sdist

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_native

NATIVE = "meshes_token._native"
FAST = "meshes_token._fast"
# The hand-written module's source, relative to this folder (setuptools wants it so).
FAST_SOURCE = "ext/fast.c"

# cffi's generated code and ext/fast.c use CPython's stable ABI (except on debug and
# free-threaded builds), so on CPython one wheel serves every version from 3.9 on.
LIMITED_API = sys.implementation.name == "cpython" and not sysconfig.get_config_var(
    "Py_GIL_DISABLED"
)


class BuildExt(build_ext):
    """Build the Rust static library with cargo, generate the cffi C source, then compile."""

    def run(self) -> None:
        """Prepare both extensions' include folder and link inputs, then build them as usual."""
        root = build_native.workspace_root()
        prebuilt = build_native.prebuilt_static_library()
        if prebuilt is None:
            target_dir = build_native.HERE / "build" / "cargo"
            library, native = build_native.build_static_library(root, target_dir)
        else:
            library, native = prebuilt
        libraries, link_args = build_native.link_arguments(native)
        for extension in self.extensions:
            extension.include_dirs = [str(root / "include")]
            extension.extra_objects = [str(library)]
            extension.libraries = libraries
            extension.extra_link_args = link_args
            if LIMITED_API:
                # The stable ABI of the version the wheel's tag names (cp39-abi3); cffi alone
                # defines Py_LIMITED_API with no value, which is the Python 3.2 level.
                extension.define_macros = [("Py_LIMITED_API", "0x03090000")]
            # Relink whenever cargo rebuilt the library.
            extension.depends = [str(library), str(root / build_native.HEADER)]
        super().run()

    def build_extensions(self) -> None:
        """Generate the cffi C source, then compile both with warnings as errors (GCC, Clang).

        Here rather than in :meth:`run` because the header is read by the preprocessor of the
        compiler that builds the extension (``$CPP``, else ``$CC -E``: the cross compiler in
        a cross build), which setuptools sets up only once :meth:`run` has begun.
        """
        root = build_native.workspace_root()
        source = Path(self.build_temp) / f"{NATIVE}.c"
        source.parent.mkdir(parents=True, exist_ok=True)
        build_native.make_ffi(root, self.compiler.preprocessor).emit_c_code(str(source))
        native = next(e for e in self.extensions if e.name == NATIVE)
        native.sources = [str(source)]
        if self.compiler.compiler_type == "unix":
            # cffi checks each struct field's type with a pointer assignment: a cdef that
            # disagrees with the header is then a build error, not only a warning.
            native.extra_compile_args = ["-Werror=incompatible-pointer-types"]
            fast = next(e for e in self.extensions if e.name == FAST)
            # Our own C: every warning is an error.
            fast.extra_compile_args = ["-std=c11", "-Wall", "-Wextra", "-Werror"]
        super().build_extensions()


class Sdist(sdist):
    """Include the Rust workspace (under rust/), so that the sdist builds on its own."""

    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        """Lay out the sdist's files, then add the Rust sources beside them."""
        super().make_release_tree(base_dir, files)
        if not (build_native.HERE / build_native.SDIST_RUST).exists():
            build_native.copy_workspace(Path(base_dir) / build_native.SDIST_RUST)


options: dict[str, dict[str, str]] = {}
if LIMITED_API:
    options["bdist_wheel"] = {"py_limited_api": "cp39"}
if build_native.prebuilt_build_base() is not None:
    # Never reuse (nor leave behind) objects of the development build, which links cargo's
    # library of build/cargo and may be newer than the prebuilt one.
    options["build"] = {"build_base": str(build_native.prebuilt_build_base())}

setup(
    version=build_native.crate_version(build_native.workspace_root()),
    ext_modules=[
        Extension(NATIVE, sources=[], py_limited_api=LIMITED_API),
        Extension(FAST, sources=[FAST_SOURCE], py_limited_api=LIMITED_API),
    ],
    cmdclass={"build_ext": BuildExt, "sdist": Sdist},
    options=options,
)
