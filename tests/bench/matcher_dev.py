"""Dev-set evaluation and calibration of the matcher (DEV splits only, never test).

    .venv/bin/python tests/bench/matcher_dev.py                 # dev metrics per set, shipped defaults
    .venv/bin/python tests/bench/matcher_dev.py --calibrate     # pooled-dev grid search of the abstention rule
    .venv/bin/python tests/bench/matcher_dev.py --typo          # also dev queries with one synthetic edit
    .venv/bin/python tests/bench/matcher_dev.py --split test    # the one-off test report (no tuning!)
    .venv/bin/python tests/bench/matcher_dev.py --parity        # both engines agree on every query (ids, top-3, scores, flags)

Metrics follow ../shared/bench/README.md: top1 and MRR@3 over in-scope queries;
acc@t, oos@t, bal = (acc@t + oos@t)/2, prec@t = right answers / answers.
Groups: MASSIVE (mixed en+es), CLINC150, HINT3 (mean of its 3 sets); the
calibration target is the mean bal over the three groups, one setting for all.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

from knowledge.matcher import DEFAULT_TUNABLES, MatchEntry, Matcher, train
from knowledge.matcher.engine import is_answer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from metrics import Prediction, score  # noqa: E402 - the benchmark's own metric code
import union  # noqa: E402

BENCH = Path(os.environ.get("KNOWLEDGE_BENCH_DIR", Path(__file__).resolve().parents[3] / "shared" / "bench"))
SETS = ["massive", "clinc150", "hint3_sofmattress", "hint3_curekart", "hint3_powerplay11"]
GROUPS = {"massive": ["massive"], "clinc150": ["clinc150"], "hint3": ["hint3_sofmattress", "hint3_curekart", "hint3_powerplay11"]}


def load_entries(set_name: str) -> list[MatchEntry]:
    if set_name == union.UNION:
        corpus = union.union_corpus(BENCH)
    else:
        corpus = json.loads((BENCH / set_name / "corpus.json").read_text(encoding="utf-8"))
    out = []
    for e in corpus["entries"]:
        texts = {lang: [q] + list(e.get("variants", {}).get(lang, [])) for lang, q in e["question"].items()}
        out.append(MatchEntry(e["id"], texts))
    return out


def with_texts(entries: list[MatchEntry], additions: dict[str, list[tuple[str, str]]]) -> list[MatchEntry]:
    """``entries`` with the ``(lang, text)`` wordings of ``additions[id]`` appended to
    their texts in that language (the loop's accepted wordings, the growth study's dev
    queries); the entries themselves are left as they are."""
    out = []
    for e in entries:
        texts = {lang: list(v) for lang, v in e.texts.items()}
        for lang, text in additions.get(e.id, []):
            texts.setdefault(lang, []).append(text)
        out.append(MatchEntry(e.id, texts))
    return out


def typo(query: str, rng: random.Random) -> str:
    """One random character edit (delete, insert, substitute, swap) inside a word of 4+ letters."""
    words = query.split(" ")
    spots = [i for i, w in enumerate(words) if len(w) >= 4]
    if not spots:
        return query
    i = rng.choice(spots)
    w = words[i]
    k = rng.randrange(len(w) - 1)
    op = rng.randrange(4)
    letters = "abcdefghijklmnopqrstuvwxyz"
    if op == 0:
        w = w[:k] + w[k + 1 :]
    elif op == 1:
        w = w[:k] + rng.choice(letters) + w[k:]
    elif op == 2:
        w = w[:k] + rng.choice(letters) + w[k + 1 :]
    else:
        w = w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    words[i] = w
    return " ".join(words)


def collect(matcher: Matcher, queries: list[dict]) -> list[dict]:
    rows = []
    for q in queries:
        cands = matcher.signals(q["query"])
        rows.append({"expected": q["expected_id"], "cands": cands})
    return rows


def metrics(rows: list[dict], rule: dict) -> dict:
    """The bench README's metrics (tests/bench/metrics.py, as the full benchmark
    computes them) under the matcher's own abstention ``rule``: a query counts as
    answered when ``is_answer`` says so for its best candidate."""
    preds = [
        Prediction(tuple(c["id"] for c in r["cands"]), 1.0 if r["cands"] and is_answer(r["cands"][0], rule) else 0.0)
        for r in rows
    ]
    scores = score(preds, [r["expected"] for r in rows], threshold=0.5)
    value = lambda x: 0.0 if x is None else x  # noqa: E731 - empty groups count as 0 in the means below
    return {
        "top1": value(scores.top1), "mrr3": value(scores.mrr3), "acc@t": value(scores.acc), "oos@t": value(scores.oos),
        "bal": value(scores.bal), "prec@t": value(scores.prec), "n": len(rows),
    }


def group_means(per_set: dict[str, dict]) -> dict[str, dict]:
    out = {}
    for group, names in GROUPS.items():
        if all(n in per_set for n in names):
            keys = per_set[names[0]].keys()
            out[group] = {k: sum(per_set[n][k] for n in names) / len(names) for k in keys}
    return out


def calibrate(rows_by_set: dict[str, list[dict]]) -> tuple[dict, float]:
    """Grid over (threshold, minCoverage) maximising the mean group bal on pooled dev."""
    best = (-1.0, {})
    confs = sorted({round(r["cands"][0]["conf"], 2) for rows in rows_by_set.values() for r in rows if r["cands"]})
    grid_t = confs[:: max(1, len(confs) // 400)]
    for min_cov, max_unk in [(c, u) for c in (0.0, 0.2, 0.3, 0.4, 0.5) for u in (0.3, 0.4, 0.5, 0.6, 0.7, 1.01)]:
        for t in grid_t:
            rule = {"threshold": t, "minCoverage": min_cov, "maxUnknown": max_unk}
            per_set = {name: metrics(rows, rule) for name, rows in rows_by_set.items()}
            groups = group_means(per_set)
            score = sum(g["bal"] for g in groups.values()) / len(groups)
            if score > best[0]:
                best = (score, rule)
    return best[1], best[0]


def parity(model: dict, queries: list[str]) -> str:
    """Python and the shipped JS on every query: same id, top-3 ids and flags, scores within 1e-6."""
    from knowledge.matcher.cli import search_all

    py = search_all(model, queries, "python")
    js = search_all(model, queries, "js")
    bad = 0
    for a, b in zip(py, js):
        same = a["id"] == b["id"] and abs(a["score"] - b["score"]) <= 1e-6 and len(a["top"]) == len(b["top"])
        same = same and all(
            x["id"] == y["id"] and x["suggest"] == y["suggest"] and abs(x["score"] - y["score"]) <= 1e-6
            for x, y in zip(a["top"], b["top"])
        )
        bad += not same
    if len(py) != len(js) or bad:
        raise SystemExit(f"PARITY FAILED: {bad} of {len(queries)} queries differ ({len(py)} vs {len(js)} results)")
    return f"OK, {len(queries)} queries identical"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--typo", action="store_true", help="also score dev queries with one synthetic edit")
    parser.add_argument("--parity", action="store_true", help="check that matcher.js answers every query like Python")
    parser.add_argument("--sets", nargs="*", default=SETS, help=f"also '{union.UNION}': every set merged into one FAQ")
    parser.add_argument("--tunable", action="append", default=[], help="NAME=VALUE override (experiments)")
    parser.add_argument("--train", action="append", default=[], help="NAME=VALUE training override (experiments)")
    args = parser.parse_args(argv)
    tun = {k: float(v) for k, v in (s.split("=", 1) for s in args.tunable)}
    topt = {k: float(v) for k, v in (s.split("=", 1) for s in args.train)}
    rows_by_set: dict[str, list[dict]] = {}
    typo_rows: dict[str, list[dict]] = {}
    extra: dict[str, list[dict]] = {}
    for name in args.sets:
        t0 = time.perf_counter()
        model = train(load_entries(name), tunables=tun, **topt)
        t1 = time.perf_counter()
        matcher = Matcher(model)
        if name == union.UNION:
            queries = union.union_queries(BENCH, f"{args.split}.json")
        else:
            queries = json.loads((BENCH / name / f"{args.split}.json").read_text(encoding="utf-8"))
        rows_by_set[name] = collect(matcher, queries)
        t2 = time.perf_counter()
        if args.parity:
            print(f"# {name}: parity {parity(model, [q['query'] for q in queries])}", file=sys.stderr)
        if args.typo:
            rng = random.Random(7)
            typo_rows[name] = collect(matcher, [{**q, "query": typo(q["query"], rng)} for q in queries])
        if args.split == "test" and name == "massive":
            for variant in ("test_noaccent", "test_typo"):
                qs = json.loads((BENCH / name / f"{variant}.json").read_text(encoding="utf-8"))
                extra[variant] = collect(matcher, qs)
        size = len(json.dumps(model, ensure_ascii=False, separators=(",", ":")).encode())
        print(f"# {name}: train {t1 - t0:.1f}s, {len(queries)} queries {1000 * (t2 - t1) / len(queries):.2f} ms/q, "
              f"model {size / 1024:.1f} KB, weight stream {len(model['weights'])} base64 chars", file=sys.stderr)
    rule = {k: {**DEFAULT_TUNABLES, **tun}[k] for k in ("threshold", "minCoverage", "maxUnknown")}
    if args.calibrate:
        rule, score = calibrate(rows_by_set)
        print(f"calibrated on pooled {args.split}: {rule} mean group bal {score:.2f}")
    per_set = {name: metrics(rows, rule) for name, rows in rows_by_set.items()}
    table = {**per_set, **{f"[{g}]": m for g, m in group_means(per_set).items()}}
    for name, rows in typo_rows.items():
        table[f"{name}+typo"] = metrics(rows, rule)
    for name, rows in extra.items():
        table[f"massive/{name}"] = metrics(rows, rule)
    cols = ["top1", "mrr3", "acc@t", "oos@t", "bal", "prec@t"]
    print(f"rule {rule}")
    print(f"{'set':28}" + "".join(f"{c:>8}" for c in cols))
    for name, m in table.items():
        print(f"{name:28}" + "".join(f"{m[c]:8.1f}" for c in cols))
    groups = group_means(per_set)
    if len(groups) == 3:
        print(f"mean group top1 {sum(g['top1'] for g in groups.values()) / 3:.2f}  bal {sum(g['bal'] for g in groups.values()) / 3:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
