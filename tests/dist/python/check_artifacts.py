"""Check the Python release artifacts in dist/ without installing them.

Usage: python check_artifacts.py DIST_DIR VERSION (standard library only; run.sh runs it).
For each wheel (x86_64, aarch64): one manylinux platform tag, in the file name and in its
WHEEL file alike; the metadata's name and version; no build-time file (setup.py,
build_native.py, C sources); each extension module's (_native, _fast) ELF machine, no
RPATH/RUNPATH and no path of the build machine's checkout or HOME, and (aarch64) the same
Python C API symbols as the x86_64 modules, so the cross build used no header of the wrong
machine's Python.
For the sdist: what building it needs is there (the Rust workspace under rust/), and
nothing else of the repository.
Every problem is printed as "<artifact>: <step>: <detail>".
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

#: e_machine of the ELF header (Linux's elf-em.h) for each wheel architecture.
ELF_MACHINES = {"x86_64": 62, "aarch64": 183}
#: The extension modules: cffi's over the C ABI, and the hand-written hot paths (ext/fast.c).
EXTENSIONS = ["meshes_token/_fast.abi3.so", "meshes_token/_native.abi3.so"]
#: The checkout that built the wheels: no path into it (nor into HOME) may be left in them.
REPOSITORY = Path(__file__).resolve().parents[3]
#: The newest glibc (manylinux_2_<N>) the READMEs promise the wheels need at most.
GLIBC_MINOR_MAX = 34
#: Build-time files that have no place in a wheel.
BUILD_FILES = re.compile(r"(^|/)(setup\.py|build_native\.py|pyproject\.toml|MANIFEST\.in)$|\.[ch]$")
SDIST_NEEDS = [
    "PKG-INFO",
    "pyproject.toml",
    "setup.py",
    "build_native.py",
    "README.md",
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "src/meshes_token/__init__.py",
    "src/meshes_token/py.typed",
    "src/meshes_token/_fast.pyi",
    "ext/fast.c",
    "rust/Cargo.toml",
    "rust/Cargo.lock",
    "rust/include/meshes_token.h",
    "rust/meshes-token-core/Cargo.toml",
    "rust/meshes-token-ffi/Cargo.toml",
    "rust/meshes-token-ffi/src/lib.rs",
]
#: What the repository holds beside the package but an sdist must not carry.
SDIST_FORBIDDEN = re.compile(
    r"^(tests|bench|build|dist|scripts)/|(^|/)(target|node_modules|__pycache__|\.git)/|\.(so|pyc|a|whl)$"
)

problems: list[str] = []


def problem(artifact: str, step: str, detail: str) -> None:
    """Record one failed check."""
    problems.append(f"{artifact}: {step}: {detail}")


def elf_header(data: bytes) -> tuple[int, int, int]:
    """(EI_CLASS, EI_DATA, e_machine) of an ELF file's header."""
    if data[:4] != b"\x7fELF":
        raise ValueError("not an ELF file")
    machine = data[18:20]
    return data[4], data[5], int.from_bytes(machine, "little" if data[5] == 1 else "big")


def readelf(path: Path, *args: str) -> str:
    """binutils' readelf (it reads every architecture's ELF)."""
    command = ["readelf", "-W", *args, str(path)]
    run = subprocess.run(command, capture_output=True, check=False, text=True)  # noqa: S603
    if run.returncode != 0:
        raise RuntimeError(f"readelf {' '.join(args)} failed: {run.stderr.strip()}")
    return run.stdout


def python_symbols(path: Path) -> set[str]:
    """The undefined Py*/_Py* symbols the module takes from the interpreter."""
    found = set()
    for line in readelf(path, "--dyn-syms").splitlines():
        fields = line.split()
        if len(fields) >= 8 and fields[6] == "UND" and re.match(r"_?Py", fields[7]):
            found.add(fields[7].split("@")[0])
    return found


def check_wheel(dist: Path, version: str, arch: str, temp: Path) -> set[str] | None:
    """Check the wheel for one architecture; return its module's Python symbols."""
    pattern = f"meshes_token-{version}-cp39-abi3-manylinux_*_{arch}.whl"
    wheels = sorted(dist.glob(pattern))
    if len(wheels) != 1:
        problem(pattern, "find", f"expected one wheel in {dist}, found {[w.name for w in wheels]}")
        return None
    name = wheels[0].name
    tag = re.fullmatch(
        rf"meshes_token-{re.escape(version)}-(cp39-abi3-manylinux_2_(\d+)_{arch})\.whl", name
    )
    if tag is None:
        problem(name, "platform tag", "not one tag cp39-abi3-manylinux_2_<N>_" + arch)
        return None
    glibc = int(tag.group(2))
    if glibc > GLIBC_MINOR_MAX:
        problem(name, "platform tag", f"needs glibc 2.{glibc}; the README says 2.{GLIBC_MINOR_MAX}")
    with zipfile.ZipFile(wheels[0]) as archive:
        names = archive.namelist()
        info = f"meshes_token-{version}.dist-info"
        check_wheel_metadata(
            name,
            tag.group(1),
            version,
            archive.read(f"{info}/WHEEL").decode(),
            archive.read(f"{info}/METADATA").decode(),
        )
        needed = [*EXTENSIONS, "meshes_token/__init__.py", "meshes_token/py.typed"]
        needed += [f"{info}/licenses/LICENSE-MIT", f"{info}/licenses/LICENSE-APACHE"]
        for file in needed:
            if file not in names:
                problem(name, "contents", f"{file} missing")
        stray = [n for n in names if BUILD_FILES.search(n)]
        if stray:
            problem(name, "contents", f"build-time files {stray}")
        modules = sorted(n for n in names if n.endswith(".so"))
        if modules != EXTENSIONS:
            problem(name, "contents", f"shared objects {modules}, expected only {EXTENSIONS}")
            return None
        symbols: set[str] = set()
        (temp / arch).mkdir()
        for extension in EXTENSIONS:
            module = temp / arch / Path(extension).name
            module.write_bytes(archive.read(extension))
            found = check_module(name, arch, extension, module)
            if found is None:
                return None
            symbols |= {f"{Path(extension).name}: {symbol}" for symbol in found}
    return symbols


def check_wheel_metadata(name: str, tag: str, version: str, wheel: str, metadata: str) -> None:
    """Check the WHEEL file (the tag of the file name, not pure) and METADATA."""
    if re.findall(r"^Tag: (.*)$", wheel, re.MULTILINE) != [tag]:
        problem(name, "WHEEL", f"tags {re.findall(r'^Tag: .*$', wheel, re.MULTILINE)}, not {tag}")
    if "Root-Is-Purelib: false" not in wheel:
        problem(name, "WHEEL", "Root-Is-Purelib is not false")
    for field in ("Name: meshes-token", f"Version: {version}"):
        if f"\n{field}\n" not in metadata:
            problem(name, "METADATA", f"no line {field!r}")
    if "\nLicense-Expression: MIT OR Apache-2.0\n" not in metadata:
        problem(name, "METADATA", "no License-Expression: MIT OR Apache-2.0")


def check_module(name: str, arch: str, extension: str, module: Path) -> set[str] | None:
    """Check an extension module's ELF header and dynamic section; return its Py symbols."""
    try:
        elf_class, data, machine = elf_header(module.read_bytes())
    except ValueError as err:
        problem(name, "ELF header", f"{extension}: {err}")
        return None
    if (elf_class, data, machine) != (2, 1, ELF_MACHINES[arch]):
        problem(
            name,
            "ELF header",
            f"class {elf_class}, data {data}, e_machine {machine}; "
            f"expected 64-bit little-endian e_machine {ELF_MACHINES[arch]} ({arch})",
        )
    contents = module.read_bytes()
    for folder in (str(REPOSITORY), str(Path.home())):
        if folder.encode() in contents:
            problem(name, "build paths", f"{extension} holds this machine's folder {folder}")
    dynamic = readelf(module, "--dynamic")
    if re.search(r"\((RPATH|RUNPATH)\)", dynamic):
        problem(name, "dynamic section", "RPATH/RUNPATH set: " + dynamic)
    symbols = python_symbols(module)
    init = "PyInit_" + Path(extension).name.split(".")[0]
    if init not in readelf(module, "--dyn-syms") or not symbols:
        problem(name, "symbols", f"{extension}: no {init} or no Python symbols")
        return None
    return symbols


def check_sdist(dist: Path, version: str) -> None:
    """Check the sdist's file list."""
    name = f"meshes_token-{version}.tar.gz"
    path = dist / name
    if not path.is_file():
        problem(name, "find", f"not in {dist}")
        return
    top = f"meshes_token-{version}/"
    with tarfile.open(path) as archive:
        members = [m.name for m in archive.getmembers() if m.isfile()]
    outside = [m for m in members if not m.startswith(top)]
    if outside:
        problem(name, "layout", f"files outside {top}: {outside}")
    files = {m[len(top) :] for m in members if m.startswith(top)}
    for needed in SDIST_NEEDS:
        if needed not in files:
            problem(name, "file list", f"{needed} missing")
    stray = sorted(f for f in files if SDIST_FORBIDDEN.search(f))
    if stray:
        problem(name, "file list", f"files that are not the package's sources: {stray}")


def main() -> int:
    """Run every check; print each problem; exit 1 if there was one."""
    dist, version = Path(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory() as temp:
        symbols = {arch: check_wheel(dist, version, arch, Path(temp)) for arch in ELF_MACHINES}
    if symbols["x86_64"] and symbols["aarch64"] and symbols["x86_64"] != symbols["aarch64"]:
        problem(
            "aarch64 wheel",
            "Python symbols",
            f"differ from x86_64's: {sorted(symbols['x86_64'] ^ symbols['aarch64'])}",
        )
    check_sdist(dist, version)
    for line in problems:
        print(f"test-dist-python: {line}", file=sys.stderr)
    if not problems:
        print(f"check_artifacts.py: 2 wheels and the sdist of {version} pass")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
