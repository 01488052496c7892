"""What every language's runner shares: the run context, subprocesses, and the figure record."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stats import summary


class BenchFailed(Exception):
    """A benchmark that did not run to the end, or whose check failed."""


@dataclass
class Context:
    """Where things are, and how long to measure."""

    root: Path
    work: Path  # scratch files of this run (build/bench)
    python: str  # the interpreter of bindings/python's venv
    quick: bool = False
    rounds: dict[str, int] = field(default_factory=dict)
    vectors: dict[str, str] = field(default_factory=dict)


def run(cmd: Sequence[str], *, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run ``cmd``; its stdout, or BenchFailed with the end of its output."""
    proc = subprocess.run(list(cmd), cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        raise BenchFailed(f"`{' '.join(cmd)}` (in {cwd}) exited with {proc.returncode}:\n{tail}")
    return proc.stdout


def tool(name: str) -> str:
    """The command for ``name`` (cargo, go, node, rustc): $CARGO, $GO... as make passes them."""
    return os.environ.get(name.upper()) or name


def say(message: str) -> None:
    """Progress, on stderr so that stdout stays the report."""
    print(message, file=sys.stderr, flush=True)


KINDS = ("mint", "verify")


def figure(
    fid: str,
    language: str,
    name: str,
    *,
    ns_rounds: Sequence[float],
    source: str,
    check: str | None,
    ours: bool = False,
    kind: str = "mint",
    yardstick: bool = False,
    allocs: float | None = None,
    alloc_note: str | None = None,
    peak_bytes: int | None = None,
    chart: bool = True,
) -> dict[str, object]:
    """One row: ns per token over the rounds, and what stands behind it.

    The contract every ``lang_*.py`` follows is written down in bench/README.md ("The figure
    dict"). ``kind`` is ``mint`` (a way to make the token) or ``verify`` (a way to check it);
    the tables and the chart have one section per kind. ``yardstick`` marks a hash floor
    (SHA-256 compressions), not a contender: it has no token, so ``check`` is None. Every
    other row must say in ``check`` how its token (mint) or its verification result (verify)
    was checked before timing. ``chart`` is False for rows the table lists but the chart leaves
    out (they repeat another row).
    """
    if kind not in KINDS:
        raise ValueError(f"{fid}: kind {kind!r} is not one of {KINDS}")
    if check is None and not yardstick:
        raise ValueError(f"{fid}: a contender must say how its result was checked")
    ns = summary(ns_rounds)
    median = ns["median"]
    assert isinstance(median, float)
    return {
        "id": fid,
        "language": language,
        "name": name,
        "ours": ours,
        "kind": kind,
        "yardstick": yardstick,
        "chart": chart,
        "ns_per_token": ns,
        "per_second": round(1e9 / median),
        "allocs_per_token": allocs,
        "allocs_note": alloc_note,
        "heap_peak_bytes_per_call": peak_bytes,
        "token_check": check,
        "source": source,
    }


def is_yardstick(f: dict[str, object]) -> bool:
    """A hash floor row; results.json files before the ``yardstick`` key had kind "reference"."""
    return bool(f.get("yardstick")) or f.get("kind") == "reference"


def kind_of(f: dict[str, object]) -> str:
    """``mint`` or ``verify``; the old kind "reference" was the mint section's yardstick."""
    kind = f.get("kind")
    return "mint" if kind == "reference" else str(kind)
