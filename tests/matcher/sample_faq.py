"""The sample FAQ query set (tests/data/sample_faq_queries.jsonl), split and scored.

Each line is ``{"q", "lang", "expected", "split"}``; ``expected: null`` is a trap
(out of scope: the right behaviour is to abstain). ``split`` is fixed by the query
text alone, so adding queries never moves old ones:

    split = "dev" if sha256(q as UTF-8).digest()[0] is even else "test"

Threshold and rule choices may look at the ``dev`` half only; the ``test`` half is
scored by ``test_sample_faq_quality.py``. Run this file to print both halves' figures
for the shipped default (``--half dev`` while tuning):

    .venv/bin/python tests/matcher/sample_faq.py [--half dev|test|all] [--misses]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
QUERIES = REPO / "tests" / "data" / "sample_faq_queries.jsonl"
FAQ_DIR = REPO / "faq"


def split_of(query: str) -> str:
    """The half a query belongs to: a stable hash of its text."""
    return "dev" if hashlib.sha256(query.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def load_queries(half: str = "all") -> list[dict]:
    rows = [json.loads(line) for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if half == "all" or r["split"] == half]


@dataclass(frozen=True)
class SampleScores:
    in_scope: int
    in_scope_correct: int
    out_of_scope: int
    out_of_scope_abstained: int
    top1: int
    wrong: int  # answered with another entry, traps included

    @property
    def correct_pct(self) -> float:
        return 100.0 * self.in_scope_correct / self.in_scope if self.in_scope else 0.0

    @property
    def abstained_pct(self) -> float:
        return 100.0 * self.out_of_scope_abstained / self.out_of_scope if self.out_of_scope else 0.0

    @property
    def top1_pct(self) -> float:
        return 100.0 * self.top1 / self.in_scope if self.in_scope else 0.0


def score(rows: list[dict], results: list[dict]) -> SampleScores:
    """In-scope answered correctly, traps abstained on, top1 without abstention (0 for
    results without ``top``), and wrong answers."""
    ins = [(r, res) for r, res in zip(rows, results) if r["expected"] is not None]
    oos = [(r, res) for r, res in zip(rows, results) if r["expected"] is None]
    return SampleScores(
        in_scope=len(ins),
        in_scope_correct=sum(res["id"] == r["expected"] for r, res in ins),
        out_of_scope=len(oos),
        out_of_scope_abstained=sum(res["id"] is None for _, res in oos),
        top1=sum(bool(res.get("top")) and res["top"][0]["id"] == r["expected"] for r, res in ins),
        wrong=sum(res["id"] is not None and res["id"] != r["expected"] for r, res in zip(rows, results)),
    )


def sample_model() -> dict:
    from knowledge.faq.loader import load_faq
    from knowledge.matcher import match_entries, train

    entries, problems = load_faq(FAQ_DIR, root=REPO, require_all_languages=False)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise SystemExit("\n".join(p.parsable() for p in errors))
    return train(match_entries(entries))


def main(argv: list[str] | None = None) -> int:
    from knowledge.matcher.cli import search_all

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=["dev", "test", "all"], default="dev")
    parser.add_argument("--misses", action="store_true", help="list the queries handled wrongly")
    args = parser.parse_args(argv)
    rows = load_queries(args.half)
    model = sample_model()
    for engine in ("python", "js"):
        results = search_all(model, [r["q"] for r in rows], engine)
        s = score(rows, results)
        print(f"{args.half} half, {engine}: in-scope correct {s.correct_pct:.1f} % ({s.in_scope_correct}/{s.in_scope}), "
              f"out-of-scope abstained {s.abstained_pct:.1f} % ({s.out_of_scope_abstained}/{s.out_of_scope}), "
              f"top1 {s.top1_pct:.1f} %")
    if args.misses:
        for r, res in zip(rows, results):
            if res["id"] != r["expected"]:
                top = ", ".join(f"{t['id']} {t['score']:.2f}" for t in res["top"])
                print(f"  {r['q']!r} expected {r['expected']} got {res['id']} [{top}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
