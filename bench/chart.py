"""Draw bench/chart.svg from bench/results.json: time to mint one token, log scale.

    python3 bench/chart.py [bench/results.json [bench/chart.svg]]

Standard library only, so anyone can redraw the chart from their own `make bench`. One bar per
implementation, grouped by language, ours in blue; the bar is the median over the rounds and
the whisker spans the fastest to the slowest round.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from table import LANGUAGE_NAMES, LANGUAGE_ORDER, fmt_time

WIDTH = 900
LABEL_X = 312  # right edge of the row labels
PLOT_X0, PLOT_X1 = 322, 790  # the log axis; value labels may run to the right margin
ROW, BAR, GROUP_GAP = 22, 14, 10
TOP = 92
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


def _rows(results: dict) -> list[tuple[str, list[dict]]]:
    groups = []
    for language in LANGUAGE_ORDER:
        rows = [
            f
            for f in results["figures"]
            if f["language"] == language and f["chart"] and f["kind"] in ("mint", "reference")
        ]
        if rows:
            groups.append((language, rows))
    return groups


def render(results: dict) -> str:
    """The SVG document, as a string."""
    groups = _rows(results)
    values = [
        v
        for _, rows in groups
        for f in rows
        for v in (f["ns_per_token"]["min"], f["ns_per_token"]["max"])
    ]
    lo = math.floor(math.log10(min(values)))
    hi = math.log10(max(values)) + 0.12  # room for the whisker's cap, not a whole decade

    def x(ns: float) -> float:
        return PLOT_X0 + (math.log10(ns) - lo) / (hi - lo) * (PLOT_X1 - PLOT_X0)

    n_rows = sum(len(rows) for _, rows in groups)
    plot_bottom = TOP + len(groups) * (ROW + GROUP_GAP) + n_rows * ROW
    height = plot_bottom + 86
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{WIDTH}' height='{height}' "
        f"viewBox='0 0 {WIDTH} {height}' role='img' aria-labelledby='title' {FONT} font-size='13'>",
        "<title id='title'>Time to mint one Meshes token, by language and implementation</title>",
        f"<rect width='{WIDTH}' height='{height}' fill='#ffffff'/>",
        f"<text x='16' y='28' font-size='17' font-weight='600' fill='{INK}'>"
        "Time to mint one Meshes token (HS256 JWT) — shorter is faster</text>",
        f"<text x='16' y='48' fill='{MUTED}'>Median time per token over repeated rounds, log "
        "scale; each whisker spans the fastest to the slowest round. Every token checked.</text>",
    ]
    # Legend.
    out += [
        f"<rect x='16' y='60' width='12' height='12' fill='{OURS}'/>",
        f"<text x='34' y='71' fill='{INK}'>meshes-token</text>",
        f"<rect x='140' y='60' width='12' height='12' fill='{PEER}'/>",
        f"<text x='158' y='71' fill='{INK}'>other libraries and hand-written mints</text>",
        f"<rect x='420' y='60' width='12' height='12' fill='#ffffff' stroke='{PEER}' "
        "stroke-dasharray='3 2'/>",
        f"<text x='438' y='71' fill='{INK}'>yardstick: one SHA-256 compression</text>",
    ]
    # Decade grid and axis labels.
    for exp in range(lo, math.floor(hi) + 1):
        gx = x(10.0**exp)
        out.append(
            f"<line x1='{gx:.1f}' y1='{TOP - 6}' x2='{gx:.1f}' y2='{plot_bottom}' stroke='{GRID}'/>"
        )
        out.append(
            f"<text x='{gx:.1f}' y='{plot_bottom + 16}' text-anchor='middle' fill='{MUTED}'>"
            f"{_decade_label(exp)}</text>"
        )
    out.append(
        f"<text x='{(PLOT_X0 + PLOT_X1) / 2:.0f}' y='{plot_bottom + 36}' text-anchor='middle' "
        f"fill='{MUTED}'>time per token (log scale)</text>"
    )
    for i, line in enumerate(_footer(results)):
        out.append(
            f"<text x='16' y='{plot_bottom + 60 + 17 * i}' font-size='12' fill='{MUTED}'>"
            f"{escape(line)}</text>"
        )
    y = TOP
    for language, rows in groups:
        out.append(
            f"<text x='16' y='{y + 15}' font-weight='700' font-size='14' fill='{INK}'>"
            f"{escape(language)}</text>"
        )
        y += ROW + GROUP_GAP - 8
        for f in rows:
            ns = f["ns_per_token"]
            mid = y + ROW / 2
            weight = "600" if f["ours"] else "400"
            out.append(
                f"<text x='{LABEL_X}' y='{mid + 4.5:.1f}' text-anchor='end' font-weight='{weight}' "
                f"fill='{INK}'>{escape(f['name'])}</text>"
            )
            bar_end = x(ns["median"])
            top = mid - BAR / 2
            if f["kind"] == "reference":
                style = f"fill='#ffffff' stroke='{PEER}' stroke-dasharray='3 2'"
            else:
                style = f"fill='{OURS if f['ours'] else PEER}'"
            out.append(
                f"<rect x='{PLOT_X0}' y='{top:.1f}' width='{bar_end - PLOT_X0:.1f}' "
                f"height='{BAR}' {style}/>"
            )
            lo_x, hi_x = x(ns["min"]), x(ns["max"])
            out.append(
                f"<path d='M{lo_x:.1f} {mid:.1f}H{hi_x:.1f}M{lo_x:.1f} {mid - 4:.1f}v8"
                f"M{hi_x:.1f} {mid - 4:.1f}v8' stroke='{INK}' stroke-width='1.2' fill='none'/>"
            )
            label_x = max(bar_end, hi_x) + 6
            out.append(
                f"<text x='{label_x:.1f}' y='{mid + 4.5:.1f}' font-weight='{weight}' "
                f"fill='{INK}'>{fmt_time(ns['median'])}</text>"
            )
            y += ROW
        y += 8
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
