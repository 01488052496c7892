"""Draw bench/chart.svg from bench/results.json: time to mint, and to verify, one token.

    python3 bench/chart.py [bench/results.json [bench/chart.svg]]

Standard library only, so anyone can redraw the chart from their own `make bench`: about 200
lines of SVG by hand, where a plotting library would be a heavy dependency for two bar
panels. One panel per figure kind (mint, verify) on one shared log axis; one bar per row,
grouped by language, ours in blue; the bar is the median over the rounds and the whisker spans
the fastest to the slowest round; yardsticks (SHA-256 compressions) dashed.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from common import is_yardstick, kind_of
from table import LANGUAGE_NAMES, LANGUAGE_ORDER, fmt_time

WIDTH = 900
LABEL_X = 330  # right edge of the row labels
LABEL_CHARS = 44  # longer row names are cut (with …) to fit left of LABEL_X
PLOT_X0, PLOT_X1 = 340, 790  # the log axis; value labels may run to the right margin
ROW, BAR, GROUP_GAP = 22, 14, 10
TOP = 92
PANEL_HEAD, PANEL_FOOT = 30, 44  # a panel's title above its rows, its axis labels below
PANELS = {"mint": "Mint one token", "verify": "Verify one token"}
OURS, PEER, INK, GRID, MUTED = "#1f6feb", "#9aa4ae", "#1f2328", "#e3e6ea", "#59636e"
FONT = "font-family='-apple-system,Segoe UI,Helvetica,Arial,sans-serif'"


def _decade_label(exp: int) -> str:
    number, unit = fmt_time(10.0**exp).split(" ")
    return f"{float(number):g} {unit}"


def _footer(results: dict) -> list[str]:
    m = results["machine"]
    t = results["toolchains"]
    traits = ", ".join(
        x
        for x in (
            "VM" if m.get("virtualized") else "",
            "SHA extensions" if m.get("sha_extensions") else "",
        )
        if x
    )
    machine = (
        f"make bench, {results['date'][:10]}: {m['cpu_model']}, {m['cores']} cores"
        f"{f' ({traits})' if traits else ''}, {m.get('os') or ''}"
    )
    rounds = ", ".join(
        f"{LANGUAGE_NAMES[key]} {lang['rounds']}"
        for key, lang in results["languages"].items()
        if "rounds" in lang
    )
    versions = ", ".join(
        " ".join(str(v).replace("go version ", "").split()[:2]).replace(" linux/amd64", "")
        for v in (
            t.get("rustc"),
            t.get("go"),
            t.get("node") and f"node {t['node']}",
            t.get("python"),
        )
        if v
    )
    quick = " (quick run: development figures)" if results.get("quick") else ""
    return [machine, f"{versions}; rounds: {rounds}{quick}"]


def _rows(results: dict, kind: str) -> list[tuple[str, list[dict]]]:
    groups = []
    for language in LANGUAGE_ORDER:
        rows = [
            f
            for f in results["figures"]
            if f["language"] == language and f["chart"] and kind_of(f) == kind
        ]
        if rows:
            groups.append((language, rows))
    return groups


def _panel_height(groups: list[tuple[str, list[dict]]]) -> int:
    n_rows = sum(len(rows) for _, rows in groups)
    return PANEL_HEAD + len(groups) * (ROW + GROUP_GAP) + n_rows * ROW + PANEL_FOOT


def _label(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _bar(f: dict, y: float, x) -> list[str]:
    ns = f["ns_per_token"]
    mid = y + ROW / 2
    weight = "600" if f["ours"] else "400"
    bar_end = x(ns["median"])
    if is_yardstick(f):
        style = f"fill='#ffffff' stroke='{PEER}' stroke-dasharray='3 2'"
    else:
        style = f"fill='{OURS if f['ours'] else PEER}'"
    lo_x, hi_x = x(ns["min"]), x(ns["max"])
    return [
        f"<text x='{LABEL_X}' y='{mid + 4.5:.1f}' text-anchor='end' font-weight='{weight}' "
        f"fill='{INK}'>{escape(_label(f['name']))}</text>",
        f"<rect x='{PLOT_X0}' y='{mid - BAR / 2:.1f}' width='{bar_end - PLOT_X0:.1f}' "
        f"height='{BAR}' {style}/>",
        f"<path d='M{lo_x:.1f} {mid:.1f}H{hi_x:.1f}M{lo_x:.1f} {mid - 4:.1f}v8"
        f"M{hi_x:.1f} {mid - 4:.1f}v8' stroke='{INK}' stroke-width='1.2' fill='none'/>",
        f"<text x='{max(bar_end, hi_x) + 6:.1f}' y='{mid + 4.5:.1f}' font-weight='{weight}' "
        f"fill='{INK}'>{fmt_time(ns['median'])}</text>",
    ]


def _panel(title: str, groups, top: int, lo: int, hi: float, x) -> list[str]:
    """One kind's rows from ``top`` down, with its decade grid and axis labels."""
    bottom = top + _panel_height(groups) - PANEL_FOOT
    out = [
        f"<text x='16' y='{top + 18}' font-size='15' font-weight='600' fill='{INK}'>{title}</text>"
    ]
    for exp in range(lo, math.floor(hi) + 1):
        gx = x(10.0**exp)
        out.append(
            f"<line x1='{gx:.1f}' y1='{top + 24}' x2='{gx:.1f}' y2='{bottom}' stroke='{GRID}'/>"
        )
        out.append(
            f"<text x='{gx:.1f}' y='{bottom + 16}' text-anchor='middle' fill='{MUTED}'>"
            f"{_decade_label(exp)}</text>"
        )
    y = top + PANEL_HEAD
    for language, rows in groups:
        out.append(
            f"<text x='16' y='{y + 15}' font-weight='700' font-size='14' fill='{INK}'>"
            f"{escape(language)}</text>"
        )
        y += ROW + GROUP_GAP - 8
        for f in rows:
            out += _bar(f, y, x)
            y += ROW
        y += 8
    return out


def render(results: dict) -> str:
    """The SVG document, as a string."""
    panels = [(k, t, g) for k, t in PANELS.items() if (g := _rows(results, k))]
    values = [
        v
        for _, _, groups in panels
        for _, rows in groups
        for f in rows
        for v in (f["ns_per_token"]["min"], f["ns_per_token"]["max"])
    ]
    lo = math.floor(math.log10(min(values)))
    hi = math.log10(max(values)) + 0.12  # room for the whisker's cap, not a whole decade

    def x(ns: float) -> float:
        return PLOT_X0 + (math.log10(ns) - lo) / (hi - lo) * (PLOT_X1 - PLOT_X0)

    plot_bottom = TOP + sum(_panel_height(g) for _, _, g in panels)
    height = plot_bottom + 64
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{height}' "
        f"viewBox='0 0 {WIDTH} {height}' role='img' aria-labelledby='title' {FONT} font-size='13'>",
        "<title id='title'>Time to mint and to verify one Meshes token, by language and "
        "implementation</title>",
        f"<rect width='{WIDTH}' height='{height}' fill='#ffffff'/>",
        f"<text x='16' y='28' font-size='17' font-weight='600' fill='{INK}'>"
        "Time to mint and to verify one Meshes token (HS256 JWT) — shorter is faster</text>",
        f"<text x='16' y='48' fill='{MUTED}'>Median over repeated rounds, log scale (time per "
        "call); each whisker spans the fastest to the slowest round. Every result checked.</text>",
        f"<rect x='16' y='60' width='12' height='12' fill='{OURS}'/>",
        f"<text x='34' y='71' fill='{INK}'>meshes-token</text>",
        f"<rect x='140' y='60' width='12' height='12' fill='{PEER}'/>",
        f"<text x='158' y='71' fill='{INK}'>other libraries and hand-written code</text>",
        f"<rect x='420' y='60' width='12' height='12' fill='#ffffff' stroke='{PEER}' "
        "stroke-dasharray='3 2'/>",
        f"<text x='438' y='71' fill='{INK}'>yardstick: N SHA-256 compressions</text>",
    ]
    top = TOP
    for _, title, groups in panels:
        out += _panel(title, groups, top, lo, hi, x)
        top += _panel_height(groups)
    for i, line in enumerate(_footer(results)):
        out.append(
            f"<text x='16' y='{plot_bottom + 20 + 17 * i}' font-size='12' fill='{MUTED}'>"
            f"{escape(line)}</text>"
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main() -> None:
    """Read results.json, write chart.svg."""
    here = Path(__file__).parent
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "results.json"
    dst = Path(sys.argv[2]) if len(sys.argv) > 2 else here / "chart.svg"
    dst.write_text(render(json.loads(src.read_text())))
    print(f"chart: wrote {dst}")


if __name__ == "__main__":
    main()
