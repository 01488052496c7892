#!/usr/bin/env python3
"""Names the functions that keep a panic path in a no_std static library: every caller chain
from an exported `meshes_*` function to the panic handler, read from `objdump -dr` of the
library's objects. check.sh runs it when a link fails, so the failure says where to look.

usage: panic_paths.py LIB.a
"""
import re
import subprocess
import sys
import tempfile
from collections import deque
from pathlib import Path

HANDLER = "__rustc::rust_begin_unwind"


def main(lib: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["ar", "x", str(Path(lib).resolve())], cwd=tmp, check=True)
        objs = [p for p in Path(tmp).iterdir() if "compiler_builtins" not in p.name]
        text = subprocess.run(
            ["objdump", "-dr", "--no-show-raw-insn", "-C", *map(str, objs)],
            capture_output=True, text=True, check=True,
        ).stdout
    section_fn, calls, fn, section = {}, {}, None, None
    for line in text.splitlines():
        if m := re.match(r"^Disassembly of section (\S+):$", line):
            section = m.group(1)
        elif m := re.match(r"^[0-9a-f]+ <(.*)>:$", line):
            fn = m.group(1)
            calls.setdefault(fn, set())
            section_fn.setdefault(section, fn)
        elif fn and (m := re.search(r"R_[A-Z0-9_]+\s+(\S+?)(?:[-+]0x[0-9a-f]+)?$", line.strip())):
            calls[fn].add(m.group(1))
    callers = {}
    for caller, targets in calls.items():
        for target in targets:
            callers.setdefault(section_fn.get(target, target), set()).add(caller)
    # Walk up from the handler, remembering one way down from each function.
    down, queue = {HANDLER: None}, deque([HANDLER])
    while queue:
        callee = queue.popleft()
        for caller in sorted(callers.get(callee, ())):
            if caller not in down:
                down[caller] = callee
                queue.append(caller)
    roots = sorted(f for f in down if re.fullmatch(r"meshes_\w+", f))
    if not roots:
        print("    no exported function reaches the panic handler")
    for root in roots:
        chain, f = [], root
        while f is not None:
            chain.append(f)
            f = down[f]
        print("    " + "\n      -> ".join(chain))


if __name__ == "__main__":
    main(sys.argv[1])
