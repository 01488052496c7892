"""Print the README's performance tables (Markdown) from bench/results.json.

    python3 bench/table.py [bench/results.json]

Standard library only; every number comes from the JSON, so the README's table is whatever
the last `make bench` measured.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from common import is_yardstick, kind_of

LANGUAGE_NAMES = {
    "rust": "Rust",
    "c": "C",
    "go": "Go",
    "python": "Python",
    "node": "Node",
    "wasm": "WebAssembly",
}
LANGUAGE_ORDER = list(LANGUAGE_NAMES.values())


def fmt_time(ns: float) -> str:
    """Three significant digits in the unit that keeps them readable: 312 ns, 1.83 µs."""
    for unit, scale in (("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{_sig3(ns / scale)} {unit}"
    return f"{_sig3(ns)} ns"


def _sig3(x: float) -> str:
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def fmt_spread(ns: dict[str, float]) -> str:
    """The range of the per-round figures, in the median's unit."""
    return f"{fmt_time(ns['min'])} – {fmt_time(ns['max'])}"


def fmt_rate(per_second: float) -> str:
    """Tokens per second, rounded to 3 significant digits, with thousands separators."""
    digits = max(0, len(str(int(per_second))) - 3)
    return f"{round(per_second, -digits):,.0f}"


def machine_line(results: dict) -> str:
    """One sentence: when, on what, with which toolchains, how many rounds."""
    m = results["machine"]
    t = results["toolchains"]
    extras = ", ".join(
        x
        for x in (
            "VM" if m.get("virtualized") else "",
            "SHA extensions" if m.get("sha_extensions") else "no SHA extensions",
        )
        if x
    )
    versions = "; ".join(
        v
        for v in (
            t.get("rustc"),
            t.get("go"),
            f"node {t['node']}" if t.get("node") else None,
            t.get("python"),
            t.get("cc"),
        )
        if v
    )
    load = results["load_average_1_5_15min"]["start"][0]
    quick = " (quick settings: development figures)" if results.get("quick") else ""
    return (
        f"Measured {results['date'][:10]} by `make bench`{quick} on {m['cpu_model']}, "
        f"{m['cores']} cores ({extras}), {m['os']}, load average {load} at the start; {versions}."
    )


KIND_TITLES = {"mint": "time per token", "verify": "time per verification"}


def baseline(results: dict, language: str, kind: str) -> dict | None:
    """The row the others of its language and kind are compared with: the first of ours."""
    return next(
        (
            f
            for f in results["figures"]
            if f["language"] == language
            and kind_of(f) == kind
            and f["ours"]
            and not is_yardstick(f)
        ),
        None,
    )


def figures_table(results: dict, kind: str = "mint") -> list[str]:
    """Every row of one kind (mint or verify), grouped by language, ours in bold.

    "× ours" is the row's median over the median of its language's first row of ours of the
    same kind (listed first), so a rival faster than us shows below 1.
    """
    lines = [
        f"| language | implementation | {KIND_TITLES[kind]} (median) "
        "| spread (min – max of rounds) | × ours | per second | allocations per call |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    figures = sorted(
        (f for f in results["figures"] if kind_of(f) == kind),
        key=lambda f: LANGUAGE_ORDER.index(f["language"]),
    )
    for f in figures:
        name = f"**{f['name']}**" if f["ours"] else f["name"]
        if is_yardstick(f):
            name = f"_{f['name']}_"
        ns = f["ns_per_token"]
        if f["allocs_per_token"] is not None:
            allocs = f"{f['allocs_per_token']:g}"
        elif f.get("heap_peak_bytes_per_call") is not None:
            allocs = f"({f['heap_peak_bytes_per_call']:,} B peak)"
        else:
            allocs = "–"
        base = baseline(results, f["language"], kind)
        vs = (
            f"{ns['median'] / base['ns_per_token']['median']:.2f}×"
            if base and not is_yardstick(f)
            else "–"
        )
        rate = "–" if is_yardstick(f) else fmt_rate(f["per_second"])
        lines.append(
            f"| {f['language']} | {name} | {fmt_time(ns['median'])} | {fmt_spread(ns)} "
            f"| {vs} | {rate} | {allocs} |"
        )
    return lines


def _num(x: float) -> str:
    """Three significant digits, without exponent: 1.17, 0.931, 1,560."""
    return f"{x:,.0f}" if x >= 1000 else f"{x:.3g}"


def ratios_table(results: dict) -> list[str]:
    """Each target of the issues: the median of the per-round ratios, its range, met or not."""
    lines = [
        "| issue | ratio | measured (median of rounds) | range | target | met |",
        "|---:|---|---:|---:|---:|:---:|",
    ]
    for r in results["ratios"]:
        v = r["value"]
        lines.append(
            f"| #{r['issue']} | {r['what']} | {_num(v['median'])} "
            f"| {_num(v['min'])} – {_num(v['max'])} "
            f"| {r['target']} | {'yes' if r['pass'] else '**no**'} |"
        )
    return lines


def throughput_table(results: dict) -> list[str]:
    """Tokens per second from 1 and 2 threads sharing one signer, and the scaling."""
    lines = [
        "| language | signer shared by | tokens/s (median) | spread (min – max) |",
        "|---|---|---:|---:|",
    ]
    for t in results["throughput"]:
        v = t["tokens_per_s"]
        who = f"{t['threads']} thread" + ("s" if t["threads"] > 1 else "")
        lines.append(
            f"| {t['language']} | {who} | {fmt_rate(v['median'])} "
            f"| {fmt_rate(v['min'])} – {fmt_rate(v['max'])} |"
        )
    for s in results["scaling"]:
        v = s["value"]
        lines.append(
            f"| {s['language']} | scaling: {s['what']} | {v['median']:.2f}× "
            f"| {v['min']:.2f} – {v['max']:.2f} |"
        )
    return lines


def render(results: dict) -> str:
    """The whole performance section body: machine line, the mint and verify tables, the
    targets, the threads, what was not run."""
    out = [machine_line(results), "", *figures_table(results, "mint")]
    if any(kind_of(f) == "verify" for f in results["figures"]):
        out += ["", *figures_table(results, "verify")]
    out += ["", *ratios_table(results)]
    if results["throughput"]:
        out += ["", *throughput_table(results)]
    missing = [
        f"{LANGUAGE_NAMES[key]}: {lang['status']} ({lang.get('reason', '')})"
        for key, lang in results["languages"].items()
        if lang["status"] != "ok"
    ]
    if missing:
        out += ["", "Not measured in this run: " + "; ".join(missing) + "."]
    return "\n".join(out)


def main() -> None:
    """Print the tables for the given (or the default) results.json."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "results.json"
    print(render(json.loads(path.read_text())))


if __name__ == "__main__":
    main()
