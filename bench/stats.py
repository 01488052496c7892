"""Summaries of repeated rounds: a figure is the median of its rounds, with their spread.

A round is one pass over every contender of a language, taken close together in time; a
ratio is computed inside each round first (pairwise, both sides from the same round), and
the reported ratio is the median of those per-round ratios, so that a slow moment of a noisy
machine lands on both sides of it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def _round(x: float) -> float:
    return float(f"{x:.4g}")


def summary(rounds: Sequence[float]) -> dict[str, object]:
    """Median, min, max and quartiles of the per-round values (4 significant digits)."""
    if not rounds:
        raise ValueError("no rounds")
    values = sorted(rounds)
    q1, _, q3 = (
        statistics.quantiles(values, n=4, method="inclusive")
        if len(values) > 1
        else (values[0],) * 3
    )
    return {
        "median": _round(statistics.median(values)),
        "min": _round(values[0]),
        "max": _round(values[-1]),
        "q1": _round(q1),
        "q3": _round(q3),
        "rounds": [_round(v) for v in rounds],
    }


def judge(
    *,
    rid: str,
    issue: int,
    what: str,
    per_round: Sequence[float],
    op: str,
    target: float,
) -> dict[str, object]:
    """A target on a per-round quantity: summarised, and its median compared with ``target``.

    ``op`` is ``">="``, ``">"`` or ``"<="``.
    """
    median = statistics.median(per_round)
    passed = {">=": median >= target, ">": median > target, "<=": median <= target}[op]
    return {
        "id": rid,
        "issue": issue,
        "what": what,
        "value": summary(per_round),
        "target": f"{op} {target:g}",
        "pass": passed,
    }


def ratio(
    *,
    rid: str,
    issue: int,
    what: str,
    numerator: Sequence[float],
    denominator: Sequence[float],
    op: str,
    target: float,
) -> dict[str, object]:
    """A target ratio numerator/denominator, taken within each round, then judged."""
    if len(numerator) != len(denominator):
        raise ValueError(f"{rid}: rounds do not pair up")
    per_round = [n / d for n, d in zip(numerator, denominator)]
    return judge(rid=rid, issue=issue, what=what, per_round=per_round, op=op, target=target)
