"""The benchmark's metrics, exactly as ``../shared/bench/README.md`` defines them.

A *prediction* is what a matcher returns for one query: its top entries (best first,
distinct ids) with scores, and the confidence its abstention rule compares with a
threshold. ``expected`` is the right entry id, or ``None`` for an out-of-scope query.

- top1: share of in-scope queries whose best match is the expected entry (no abstention).
- MRR@3: mean over in-scope queries of 1/rank of the expected entry among the first 3
  distinct entries (0 when absent).
- With a threshold t a matcher answers a query iff it has a best entry and its
  confidence >= t. acc@t: in-scope queries answered with the right entry (over all
  in-scope); oos@t: out-of-scope queries not answered (over all out-of-scope);
  bal = (acc@t + oos@t) / 2; prec@t: right answers over answers given.
- Calibration: t maximises bal on DEV (candidates: every dev confidence, and "never
  answer"); ties go to the lowest t (answer more). The t is then applied to TEST.

Every figure is a percentage in [0, 100]; prec@t is ``None`` when nothing was answered.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from typing import Iterable, Sequence

NEVER = math.inf  # the threshold that abstains on every query


@dataclass(frozen=True)
class Prediction:
    top: tuple[str, ...]  # distinct entry ids, best first (may be empty)
    confidence: float  # compared with the threshold; -inf when there is nothing to answer

    @property
    def best(self) -> str | None:
        return self.top[0] if self.top else None


@dataclass(frozen=True)
class Scores:
    top1: float | None
    mrr3: float | None
    acc: float | None
    oos: float | None
    bal: float | None
    prec: float | None
    answered: int


def percent(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


def distinct(ids: Iterable[str]) -> tuple[str, ...]:
    """Drop repeated ids, keeping first occurrences (MRR@3 counts distinct entries)."""
    return tuple(dict.fromkeys(ids))


def top1(preds: Sequence[Prediction], expected: Sequence[str | None]) -> float | None:
    pairs = [(p, e) for p, e in zip(preds, expected, strict=True) if e is not None]
    return percent(sum(p.best == e for p, e in pairs), len(pairs))


def mrr_at_3(preds: Sequence[Prediction], expected: Sequence[str | None]) -> float | None:
    reciprocal: list[float] = []
    for pred, exp in zip(preds, expected, strict=True):
        if exp is None:
            continue
        ranked = distinct(pred.top)[:3]
        reciprocal.append(1.0 / (ranked.index(exp) + 1) if exp in ranked else 0.0)
    return 100.0 * sum(reciprocal) / len(reciprocal) if reciprocal else None


def answers(pred: Prediction, threshold: float) -> bool:
    return pred.best is not None and pred.confidence >= threshold


def at_threshold(
    preds: Sequence[Prediction], expected: Sequence[str | None], threshold: float
) -> tuple[float | None, float | None, float | None, float | None, int]:
    """(acc@t, oos@t, bal, prec@t, number answered) with the rule "answer iff confidence >= t"."""
    in_scope = out_scope = right = abstained_oos = answered = 0
    for pred, exp in zip(preds, expected, strict=True):
        answered_here = answers(pred, threshold)
        answered += answered_here
        if exp is None:
            out_scope += 1
            abstained_oos += not answered_here
        else:
            in_scope += 1
            right += answered_here and pred.best == exp
    acc = percent(right, in_scope)
    oos = percent(abstained_oos, out_scope)
    bal = (acc + oos) / 2 if acc is not None and oos is not None else None
    return acc, oos, bal, percent(right, answered), answered


def calibrate(preds: Sequence[Prediction], expected: Sequence[str | None]) -> float:
    """The threshold that maximises bal on these (dev) queries; ties go to the lowest one."""
    # One sweep from the highest confidence down: lowering t to c starts answering every
    # query whose confidence is c, so acc@t and oos@t change by that group's counts only.
    n_in = sum(e is not None for e in expected)
    n_out = len(expected) - n_in
    if n_in == 0 or n_out == 0:
        raise ValueError("calibration needs in-scope and out-of-scope queries")
    groups: dict[float, list[int]] = {}  # confidence -> [right answers, out-of-scope answered]
    for pred, exp in zip(preds, expected, strict=True):
        if pred.best is None or math.isnan(pred.confidence):
            continue
        group = groups.setdefault(pred.confidence, [0, 0])
        group[0] += exp is not None and pred.best == exp
        group[1] += exp is None
    # bal * 200 * n_in * n_out, an integer: ties compare exactly.
    right = oos_answered = 0
    best_t, best_bal = NEVER, n_out * n_in  # never answering: acc 0, oos 100
    for t in sorted(groups, reverse=True):
        right += groups[t][0]
        oos_answered += groups[t][1]
        bal = right * n_out + (n_out - oos_answered) * n_in
        if bal >= best_bal:  # >=: on a tie the lower threshold wins
            best_t, best_bal = t, bal
    return best_t


def score(preds: Sequence[Prediction], expected: Sequence[str | None], threshold: float) -> Scores:
    acc, oos, bal, prec, answered = at_threshold(preds, expected, threshold)
    return Scores(top1(preds, expected), mrr_at_3(preds, expected), acc, oos, bal, prec, answered)


def median_and_p95(values: Sequence[float]) -> tuple[float | None, float | None]:
    """Median and 95th percentile (nearest rank) of per-query times."""
    if not values:
        return None, None
    ordered = sorted(values)
    rank = max(1, math.ceil(0.95 * len(ordered)))
    return statistics.median(ordered), ordered[rank - 1]


def mean_or_none(values: Iterable[float | None]) -> float | None:
    present = list(values)
    if not present or any(v is None for v in present):
        return None
    return sum(present) / len(present)  # type: ignore[arg-type]
