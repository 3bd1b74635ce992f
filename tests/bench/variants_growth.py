"""How many variants an entry should have: quality on TEST as entries gain variants
written from real questions (issue 12 point 6, the "2 to 4" guidance).

    .venv/bin/python tests/bench/variants_growth.py [--per-entry 0,2,4,8,16,32]

Each benchmark corpus has one question and 4 variants per entry and language (what
an editor writes). Its DEV queries are real users' wordings: for each count N, every
entry gets up to N of its own dev queries as extra variants (first N in file order,
in their language), the matcher is trained on that, and the TEST split is scored
under the shipped rule: top1, acc@t, oos@t, bal, prec@t, and the wrong answers (% of
in-scope). Also the training time and the model's size. Dev queries are never
scored, and test queries are never trained on.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from matcher_dev import BENCH, SETS, collect, load_entries, metrics, with_texts  # noqa: E402

from knowledge.matcher import DEFAULT_TUNABLES, MatchEntry, Matcher, train  # noqa: E402
from knowledge.matcher.engine import is_answer  # noqa: E402

RULE = {k: DEFAULT_TUNABLES[k] for k in ("threshold", "minCoverage", "maxUnknown")}


def with_dev_variants(entries: list[MatchEntry], dev: list[dict], per_entry: int) -> tuple[list[MatchEntry], float]:
    """Entries with up to ``per_entry`` of their dev queries added; the mean added."""
    extra: dict[str, list[tuple[str, str]]] = {}
    for q in dev:
        if q["expected_id"] is None:
            continue
        mine = extra.setdefault(q["expected_id"], [])
        if len(mine) < per_entry:
            mine.append((q.get("lang") or "en", q["query"]))
    added = sum(len(extra.get(e.id, [])) for e in entries) / max(1, len(entries))
    return with_texts(entries, extra), added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-entry", default="0,2,4,8,16,32")
    parser.add_argument("--sets", nargs="*", default=SETS)
    args = parser.parse_args(argv)
    counts = [int(x) for x in args.per_entry.split(",")]
    print(f"rule {RULE}; test split; texts/entry = question + variants over both languages")
    print(f"{'set':18} {'+dev/entry':>10} {'texts/entry':>11} {'top1':>6} {'acc@t':>6} {'oos@t':>6} {'bal':>6} {'prec@t':>6} {'wrong':>6} {'train s':>7}")
    for name in args.sets:
        base = load_entries(name)
        dev = json.loads((BENCH / name / "dev.json").read_text(encoding="utf-8"))
        test = json.loads((BENCH / name / "test.json").read_text(encoding="utf-8"))
        for n in counts:
            entries, added = with_dev_variants(base, dev, n)
            started = time.process_time()
            model = train(entries)
            seconds = time.process_time() - started
            rows = collect(Matcher(model), test)
            m = metrics(rows, RULE)
            answered_wrong = sum(
                1 for r in rows
                if r["expected"] is not None and r["cands"] and r["cands"][0]["id"] != r["expected"] and is_answer(r["cands"][0], RULE)
            )
            in_scope = sum(r["expected"] is not None for r in rows) or 1
            texts = sum(len(v) for e in entries for v in e.texts.values()) / len(entries)
            print(f"{name:18} {added:10.1f} {texts:11.1f} {m['top1']:6.1f} {m['acc@t']:6.1f} {m['oos@t']:6.1f} {m['bal']:6.1f} {m['prec@t']:6.1f} "
                  f"{100 * answered_wrong / in_scope:6.1f} {seconds:7.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
