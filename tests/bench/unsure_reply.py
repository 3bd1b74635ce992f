"""What the assistant's reply shows, measured (issue 12 point 5; SPEC.md §8, "The reply").

    .venv/bin/python tests/bench/unsure_reply.py            # shipped rule, dev and test of every set
    .venv/bin/python tests/bench/unsure_reply.py --grid     # the pooled-dev grid the constants came from

Per set (the sample FAQ query set and the five public benchmark sets), over in-scope
questions:

- right: answered directly with the right entry; wrong: answered with another one;
- helped (before): right answer, or the right entry among the "did you mean"
  suggestions of an unsure reply: what the assistant did before the reply rule;
- helped (now): the same, or the right entry among the related questions shown under
  an answer, or as the lead of an unsure reply;
- lead right / lead wrong: unsure replies that expanded the right / another entry;

and over out-of-scope questions (traps): lead on traps, unsure replies that expand
an entry for a question the FAQ does not answer. Direct answers do not change (the
rule only adds to what a reply shows), so the wrong-answer share stays as it is.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "matcher"))

from matcher_dev import BENCH, SETS, load_entries  # noqa: E402
import sample_faq  # noqa: E402

from knowledge.matcher import Matcher, train  # noqa: E402
from knowledge.matcher.reply import REPLY_RULE, reply, result_dict  # noqa: E402

PLAIN = {**REPLY_RULE, "related": 0, "leadMin": float("inf")}  # suggestions only: the reply before the rule


def results_of(matcher: Matcher, queries: list[str]) -> list[dict]:
    return [result_dict(r) for r in matcher.search_many(queries)]


def collect(splits: list[str], sets: list[str] = SETS) -> dict[tuple[str, str], list[tuple[str | None, dict]]]:
    """(set, split) -> [(expected id or None, result)]."""
    out = {}
    model = sample_faq.sample_model()
    matcher = Matcher(model)
    for split in splits:
        rows = sample_faq.load_queries(split)
        out[("sample FAQ", split)] = list(zip([r["expected"] for r in rows], results_of(matcher, [r["q"] for r in rows])))
    for name in sets:
        matcher = Matcher(train(load_entries(name)))
        for split in splits:
            queries = json.loads((BENCH / name / f"{split}.json").read_text(encoding="utf-8"))
            out[(name, split)] = list(zip([q["expected_id"] for q in queries], results_of(matcher, [q["query"] for q in queries])))
    return out


def figures(rows: list[tuple[str | None, dict]], rule: dict) -> dict[str, float]:
    n_in = sum(e is not None for e, _ in rows) or 1
    n_out = sum(e is None for e, _ in rows) or 1
    f = dict.fromkeys(["right", "wrong", "helped_before", "helped", "lead_right", "lead_wrong", "lead_traps", "related_on"], 0)
    answers = 0
    for expected, result in rows:
        now, before = reply(result, rule), reply(result, PLAIN)
        if expected is None:
            f["lead_traps"] += now.lead is not None
            continue
        if now.answer is not None:
            answers += 1
            f["right"] += now.answer == expected
            f["wrong"] += now.answer != expected
            f["related_on"] += bool(now.related)
        f["helped_before"] += expected in before.shown()
        f["helped"] += expected in now.shown()
        if now.lead is not None:
            f["lead_right"] += now.lead == expected
            f["lead_wrong"] += now.lead != expected
    out = {key: 100.0 * value / n_in for key, value in f.items()}
    out["lead_traps"] = 100.0 * f["lead_traps"] / n_out
    out["related_on"] = 100.0 * f["related_on"] / (answers or 1)
    return out


COLUMNS = [("right", "right"), ("wrong", "wrong"), ("helped_before", "helped before"), ("helped", "helped now"),
           ("lead_right", "lead right"), ("lead_wrong", "lead wrong"), ("lead_traps", "lead on traps"), ("related_on", "answers w/ related")]


def table(data: dict, rule: dict, markdown: bool) -> str:
    header = ["set", "split", *[label for _, label in COLUMNS]]
    lines = []
    for (name, split), rows in data.items():
        f = figures(rows, rule)
        lines.append([name, split, *[f"{f[key]:.1f}" for key, _ in COLUMNS]])
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---", "---"] + ["---:"] * len(COLUMNS)) + "|"]
        return "\n".join(out + ["| " + " | ".join(line) + " |" for line in lines])
    widths = [max(len(x) for x in col) for col in zip(header, *lines)]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(line, widths)) for line in [header, *lines])


def grid(data: dict) -> None:
    """Pooled dev: what each (leadMin, leadMargin) and relatedMargin would give."""
    dev = {k: v for k, v in data.items() if k[1] == "dev"}
    print("leadMin leadMargin | per dev set: lead right / lead wrong / lead on traps (% of in-scope, of traps)")
    for lead_min in (2.5, 3.0, 3.5, 4.0):
        for lead_margin in (1.0, 1.5, 2.0, 3.0):
            rule = {**REPLY_RULE, "leadMin": lead_min, "leadMargin": lead_margin}
            cells = []
            for (name, _), rows in dev.items():
                f = figures(rows, rule)
                cells.append(f"{name[:10]} {f['lead_right']:.1f}/{f['lead_wrong']:.1f}/{f['lead_traps']:.1f}")
            print(f"{lead_min:7} {lead_margin:10} | " + " | ".join(cells))
    print("relatedMargin | per dev set: helped now / answers with related")
    for margin in (1.0, 2.0, 3.0, 99.0):
        rule = {**REPLY_RULE, "relatedMargin": margin, "leadMin": float("inf")}
        cells = [f"{name[:10]} {figures(rows, rule)['helped']:.1f}/{figures(rows, rule)['related_on']:.0f}" for (name, _), rows in dev.items()]
        print(f"{margin:13} | " + " | ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="print the pooled-dev grid the constants were chosen on")
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--splits", default="dev,test")
    parser.add_argument("--sets", nargs="*", default=SETS, help="public benchmark sets (default: all five)")
    args = parser.parse_args(argv)
    data = collect(args.splits.split(","), args.sets)
    if args.grid:
        grid(data)
        return 0
    print(f"reply rule {REPLY_RULE}; all figures in % of in-scope questions, but lead on traps (% of traps) and answers w/ related (% of answers)")
    print(table(data, REPLY_RULE, args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
