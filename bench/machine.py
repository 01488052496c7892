"""What the figures were measured on: the machine, the toolchains and the peers' versions."""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import subprocess
from pathlib import Path

from common import tool


def _first_line(cmd: list[str], cwd: Path | None = None) -> str | None:
    try:
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.strip().splitlines()[0] if out.strip() else None


def machine() -> dict[str, object]:
    """CPU model, core count, memory, kernel, OS, and what may disturb the figures."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    flags = re.search(r"^flags\s*:\s*(.+)$", cpuinfo, re.M)
    flag_set = set(flags.group(1).split()) if flags else set()
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem = re.search(r"^MemTotal:\s*(\d+) kB", meminfo, re.M)
    os_release = Path("/etc/os-release")
    pretty = None
    if os_release.exists():
        found = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', os_release.read_text(), re.M)
        pretty = found.group(1) if found else None
    return {
        "cpu_model": model.group(1).strip() if model else platform.processor(),
        "cores": os.cpu_count(),
        "arch": platform.machine(),
        # SHA-256 in hardware changes every HMAC figure; a VM adds noise.
        "sha_extensions": "sha_ni" in flag_set,
        "virtualized": "hypervisor" in flag_set,
        "memory_gib": round(int(mem.group(1)) / 2**20, 1) if mem else None,
        "kernel": platform.release(),
        "os": pretty,
    }


def now_utc() -> str:
    """The time now, UTC, ISO 8601 to the second."""
    return datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()


def _lock_version(root: Path, crate: str) -> str | None:
    lock = (root / "bench/rust/Cargo.lock").read_text()
    found = re.findall(rf'\[\[package\]\]\nname = "{re.escape(crate)}"\nversion = "([^"]+)"', lock)
    return ", ".join(found) if found else None


def _npm_version(node_dir: Path, package: str) -> str | None:
    manifest = node_dir / "node_modules" / package / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.exists() else None


def _pip_pin(root: Path, package: str) -> str | None:
    pins = (root / "bindings/python/requirements-dev.txt").read_text()
    found = re.search(rf"^{re.escape(package)}==(\S+)", pins, re.M | re.I)
    return found.group(1) if found else None


def _go_module_version(go_dir: Path, module: str) -> str | None:
    go_mod = go_dir / "go.mod"
    if not go_mod.exists():
        return None
    found = re.search(rf"^\s*(?:require\s+)?{re.escape(module)}\s+(\S+)", go_mod.read_text(), re.M)
    return found.group(1) if found else None


def toolchains(root: Path, python: str) -> dict[str, object]:
    """Compilers, runtimes and the versions of every library in the comparison."""
    cc = os.environ.get("CC", "cc")
    return {
        "rustc": _first_line([tool("rustc"), "--version"]),
        "cargo": _first_line([tool("cargo"), "--version"]),
        "cc": _first_line([cc, "--version"]),
        "go": _first_line([tool("go"), "version"]),
        "node": _first_line([tool("node"), "--version"]),
        "python": _first_line([python, "--version"]),
        "peers": {
            "rust: jsonwebtoken": _lock_version(root, "jsonwebtoken"),
            "rust: hmac": _lock_version(root, "hmac"),
            "rust: ring": _lock_version(root, "ring"),
            "rust: jwt-simple": _lock_version(root, "jwt-simple"),
            "rust: sha2": _lock_version(root, "sha2"),
            "rust: criterion": _lock_version(root, "criterion"),
            "go: github.com/golang-jwt/jwt/v5": _go_module_version(
                root / "bindings/go/bench", "github.com/golang-jwt/jwt/v5"
            ),
            "go: github.com/cristalhq/jwt/v4": _go_module_version(
                root / "bindings/go/bench", "github.com/cristalhq/jwt/v4"
            ),
            "go: github.com/kataras/jwt": _go_module_version(
                root / "bindings/go/bench", "github.com/kataras/jwt"
            ),
            "python: PyJWT": _pip_pin(root, "PyJWT"),
            "python: joserfc": _pip_pin(root, "joserfc"),
            "node: jose": _npm_version(root / "bindings/node", "jose"),
            "node: jsonwebtoken": _npm_version(root / "bindings/node", "jsonwebtoken"),
            "node: fast-jwt": _npm_version(root / "bindings/node", "fast-jwt"),
            "node: koffi (our FFI)": _npm_version(root / "bindings/node", "koffi"),
        },
    }


def source_state(root: Path) -> dict[str, object]:
    """The commit measured, and the tracked files that differed from it."""
    commit = _first_line(["git", "rev-parse", "--short=12", "HEAD"], cwd=root)
    status = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    changed = sorted(line[3:] for line in status.splitlines() if line.strip())
    return {"commit": commit, "uncommitted_changes": changed}
