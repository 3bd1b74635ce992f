"""The matcher benchmark: its metric functions on hand-made cases, and a smoke run end to end.

The smoke run is ``run.py --smoke`` on the two small sets of ``fixtures/`` (same format
as ``../shared/bench``, which a fresh CI machine may not have): one bilingual with the
accent and typo perturbation files, one English only. Real baselines under Node, our
matcher through ``knowledge ask --batch`` with both engines; its figures are then
recomputed here, independently, from the raw outputs of the same tools.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import run as bench  # noqa: E402
from metrics import NEVER, Prediction, at_threshold, calibrate, median_and_p95, mrr_at_3, score, top1  # noqa: E402

FIXTURES = HERE / "fixtures"
SMOKE_SETS = ["mini_bilingual", "mini_english"]


def p(*top: str, conf: float = 0.0) -> Prediction:
    return Prediction(tuple(top), conf)


# ----------------------------------------------------------------- metric units

# Five queries: 3 in scope (a, b, c), 2 out of scope.
PREDS = [
    p("a", "b", "c", conf=0.9),  # in scope a: right at rank 1
    p("x", "b", "y", conf=0.8),  # in scope b: rank 2
    p("x", "y", "z", conf=0.3),  # in scope c: absent
    p("a", conf=0.7),  # out of scope
    p(conf=-math.inf),  # out of scope, no result at all
]
EXPECTED = ["a", "b", "c", None, None]


def test_top1_counts_only_in_scope_queries() -> None:
    assert top1(PREDS, EXPECTED) == pytest.approx(100 / 3)


def test_mrr_at_3_over_distinct_entries() -> None:
    # (1 + 1/2 + 0) / 3
    assert mrr_at_3(PREDS, EXPECTED) == pytest.approx(50.0)
    # A repeated id does not push the expected entry down: distinct ids a, b -> rank 2.
    assert mrr_at_3([p("a", "a", "b")], ["b"]) == pytest.approx(50.0)
    # Rank 4 counts 0 even when it is the third distinct-looking slot of a longer list.
    assert mrr_at_3([p("a", "c", "d", "b")], ["b"]) == 0.0


def test_scores_at_a_threshold_by_hand() -> None:
    # t = 0.75: answers q1 (a, right) and q2 (x, wrong); abstains on q3, q4, q5.
    acc, oos, bal, prec, answered = at_threshold(PREDS, EXPECTED, 0.75)
    assert (acc, oos, bal, prec, answered) == pytest.approx((100 / 3, 100.0, (100 / 3 + 100) / 2, 50.0, 2))
    # t = 0.5: also answers q4 (out of scope): oos 50, prec 1/3.
    acc, oos, bal, prec, answered = at_threshold(PREDS, EXPECTED, 0.5)
    assert (acc, oos, bal, prec, answered) == pytest.approx((100 / 3, 50.0, (100 / 3 + 50) / 2, 100 / 3, 3))
    # Never answering: prec@t is undefined, not 0.
    assert at_threshold(PREDS, EXPECTED, NEVER) == (0.0, 100.0, 50.0, None, 0)
    # A query with no result is never answered, whatever t.
    assert at_threshold([p(conf=5.0)], [None], -math.inf)[1] == 100.0


def test_calibration_maximises_bal_and_prefers_the_lower_threshold_on_ties() -> None:
    # Candidates 0.9, 0.8, 0.7, 0.3 and "never": bal = 66.7, 66.7, 41.7, 41.7, 50.
    # 0.9 and 0.8 tie at 66.7: the lower one (answer more) wins.
    assert calibrate(PREDS, EXPECTED) == 0.8
    # Brute force over every candidate agrees with the sweep on a larger mixed case.
    preds = [p("a" if i % 3 else "b", conf=(i * 7 % 11) / 10) for i in range(40)]
    expected = ["a" if i % 4 else None for i in range(40)]
    cands = sorted({x.confidence for x in preds}) + [NEVER]
    best = max(at_threshold(preds, expected, t)[2] for t in cands)
    chosen = calibrate(preds, expected)
    assert at_threshold(preds, expected, chosen)[2] == pytest.approx(best)
    assert chosen == min(t for t in cands if at_threshold(preds, expected, t)[2] == pytest.approx(best))


def test_calibration_can_choose_to_never_answer() -> None:
    # Every answer is wrong: abstaining everywhere (bal 50) beats any threshold.
    assert calibrate([p("x", conf=1.0), p("y", conf=2.0)], ["a", None]) == NEVER


def test_score_bundles_the_figures() -> None:
    s = score(PREDS, EXPECTED, 0.75)
    assert (s.top1, s.mrr3, s.acc, s.oos, s.prec, s.answered) == pytest.approx((100 / 3, 50.0, 100 / 3, 100.0, 50.0, 2))


def test_median_and_nearest_rank_p95() -> None:
    values = [float(v) for v in range(1, 21)]  # 1..20: median 10.5, p95 = 19th value
    assert median_and_p95(values) == (10.5, 19.0)
    assert median_and_p95([]) == (None, None)


def test_our_answer_is_the_id_field_not_a_threshold() -> None:
    answered = bench.ours_prediction({"id": "a", "score": 1.2, "top": [{"id": "a", "score": 1.2}, {"id": "b", "score": 0.5}]})
    abstained = bench.ours_prediction({"id": None, "score": 9.9, "top": [{"id": "a", "score": 9.9}]})
    preds, expected = [answered, abstained], ["a", "a"]
    # Both rank "a" first (top1 100) but only the first one answers (acc@t 50).
    assert score(preds, expected, bench.OURS_THRESHOLD).top1 == 100.0
    assert score(preds, expected, bench.OURS_THRESHOLD).acc == 50.0


def test_corpus_entries_become_faq_files_that_round_trip(tmp_path: Path) -> None:
    import yaml

    corpus = {
        "languages": ["en", "es"],
        "entries": [
            {
                "id": "no-entry",
                "question": {"en": "no", "es": "¿Cuánto cuesta? #1: sí"},
                "variants": {"en": ["yes", "3.10", "on"], "es": ["null", "- guion"]},
                "answer": {"en": "[placeholder]", "es": "«respuesta»"},
            }
        ],
    }
    bench.write_faq_dir(corpus, tmp_path)
    loaded = yaml.safe_load((tmp_path / "no-entry.yml").read_text(encoding="utf-8"))
    assert loaded["en"] == {"question": "no", "variants": ["yes", "3.10", "on"], "answer": "[placeholder]"}
    assert loaded["es"]["question"] == "¿Cuánto cuesta? #1: sí"
    assert loaded["es"]["variants"] == ["null", "- guion"]


# ----------------------------------------------------------------- smoke run


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench")
    proc = subprocess.run(
        [sys.executable, str(HERE / "run.py"), "--smoke", "--sets", ",".join(SMOKE_SETS), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        env={**os.environ, "KNOWLEDGE_BENCH_DIR": str(FIXTURES)},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {"stdout": proc.stdout, "results": json.loads((out / "results.json").read_text()), "md": (out / "results.md").read_text()}


def rows_by_key(results: dict) -> dict[tuple[str, str], dict]:
    return {(r["set"], r["method"]): r for r in results["rows"]}


def test_smoke_table_has_every_set_and_method(smoke: dict) -> None:
    rows = rows_by_key(smoke["results"])
    expected_methods = {"ours_python", "ours_js", "fuse", "minisearch", "minisearch_fold_stop", "lunr", "lunr_fuzzy"}
    for set_name in SMOKE_SETS:
        present = {m for s, m in rows if s == set_name}
        assert present >= expected_methods, (set_name, present)
    assert ("mini_bilingual", "lunr_multi") in rows  # two languages: the multiLanguage baseline too
    assert ("mini_english", "lunr_multi") not in rows
    header = smoke["stdout"].splitlines()
    for column in ["top1", "MRR@3", "acc@t", "oos@t", "bal", "prec@t", "ms med", "ms p95", "idx gz KB", "top1 noacc", "top1 typo"]:
        assert any(column in line for line in header), column
    assert "Targets" in smoke["stdout"] and ("PASS" in smoke["stdout"] or "FAIL" in smoke["stdout"])
    assert smoke["md"].count("\n|") >= len(rows)


def test_smoke_figures_are_percentages_and_times(smoke: dict) -> None:
    for row in smoke["results"]["rows"]:
        for metric in ["top1", "mrr3", "acc", "oos", "bal"]:
            assert isinstance(row[metric], float) and 0.0 <= row[metric] <= 100.0, (row["set"], row["method"], metric)
        assert row["prec"] is None or 0.0 <= row["prec"] <= 100.0
        assert row["bal"] == pytest.approx((row["acc"] + row["oos"]) / 2)
        assert row["top1"] <= row["mrr3"] + 1e-9
        assert row["acc"] <= row["top1"] + 1e-9  # an answer that is right is also a right top-1
        assert 0 < row["ms_median"] <= row["ms_p95"]
        assert row["index_gz_kb"] > 0
        if row["set"] == "mini_bilingual":
            assert 0.0 <= row["top1_noaccent"] <= 100.0 and 0.0 <= row["top1_typo"] <= 100.0
        else:
            assert row["top1_noaccent"] is None and row["top1_typo"] is None
        assert row["n_test"] == len(load_queries(row["set"], "test.json"))


def load_queries(set_name: str, file: str) -> list[dict]:
    return json.loads((FIXTURES / set_name / file).read_text(encoding="utf-8"))[: bench.SMOKE_QUERIES]


def test_smoke_baseline_figures_recomputed_independently(smoke: dict) -> None:
    """MiniSearch on the bilingual set, rerun here; threshold by brute force over the dev scores."""
    proc = subprocess.run(
        ["node", str(HERE / "baselines.mjs"), "--set", str(FIXTURES / "mini_bilingual"), "--limit", str(bench.SMOKE_QUERIES),
         "--methods", "minisearch", "--files", "dev.json,test.json"],
        capture_output=True, text=True, cwd=REPO, check=True,
    )
    lines = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
    by_file = {f: [l for l in lines if l.get("file") == f] for f in ("dev.json", "test.json")}
    dev, test = load_queries("mini_bilingual", "dev.json"), load_queries("mini_bilingual", "test.json")

    def best(line: dict) -> tuple[str | None, float]:
        return (line["top"][0]["id"], line["top"][0]["score"]) if line["top"] else (None, -math.inf)

    def bal_at(lines: list[dict], queries: list[dict], t: float) -> tuple[float, float, float]:
        ins = [(best(l), q["expected_id"]) for l, q in zip(lines, queries) if q["expected_id"]]
        outs = [best(l) for l, q in zip(lines, queries) if not q["expected_id"]]
        acc = 100 * sum(b[0] == e and b[1] >= t for b, e in ins) / len(ins)
        oos = 100 * sum(not (b[0] and b[1] >= t) for b in outs) / len(outs)
        return acc, oos, (acc + oos) / 2

    cands = sorted({best(l)[1] for l in by_file["dev.json"] if best(l)[0]}) + [math.inf]
    top_bal = max(bal_at(by_file["dev.json"], dev, t)[2] for t in cands)
    t = min(c for c in cands if bal_at(by_file["dev.json"], dev, c)[2] == top_bal)
    acc, oos, bal = bal_at(by_file["test.json"], test, t)
    ins = [(l, q) for l, q in zip(by_file["test.json"], test) if q["expected_id"]]
    top1_here = 100 * sum(best(l)[0] == q["expected_id"] for l, q in ins) / len(ins)
    row = rows_by_key(smoke["results"])[("mini_bilingual", "minisearch")]
    assert (row["top1"], row["acc"], row["oos"], row["bal"]) == pytest.approx((top1_here, acc, oos, bal))


def test_smoke_our_figures_recomputed_from_knowledge_ask(smoke: dict, tmp_path: Path) -> None:
    """Our js engine on the bilingual set, straight from `knowledge ask --batch`."""
    corpus = json.loads((FIXTURES / "mini_bilingual" / "corpus.json").read_text(encoding="utf-8"))
    bench.write_faq_dir(corpus, tmp_path / "faq")
    test = load_queries("mini_bilingual", "test.json")
    batch = tmp_path / "q.jsonl"
    batch.write_text("".join(json.dumps({"q": q["query"], "lang": q["lang"]}) + "\n" for q in test), encoding="utf-8")
    proc = subprocess.run(
        [*bench.knowledge_command(), "ask", "--batch", str(batch), "--faq-dir", str(tmp_path / "faq"), "--engine", "js"],
        capture_output=True, text=True, cwd=REPO, check=True,
    )
    out = [json.loads(l) for l in proc.stdout.splitlines() if l.strip()]
    ins = [(o, q["expected_id"]) for o, q in zip(out, test) if q["expected_id"]]
    outs = [o for o, q in zip(out, test) if not q["expected_id"]]
    top1_here = 100 * sum(bool(o["top"]) and o["top"][0]["id"] == e for o, e in ins) / len(ins)
    acc = 100 * sum(o["id"] == e for o, e in ins) / len(ins)
    oos = 100 * sum(o["id"] is None for o in outs) / len(outs)
    row = rows_by_key(smoke["results"])[("mini_bilingual", "ours_js")]
    assert (row["top1"], row["acc"], row["oos"]) == pytest.approx((top1_here, acc, oos))
    assert row["threshold"] == "shipped"


def test_smoke_counts_engine_disagreements(smoke: dict) -> None:
    for set_name in SMOKE_SETS:
        counts = smoke["results"]["disagreements"][set_name]
        # Every file's queries: dev + test (+ the two perturbation files of the bilingual set).
        files = ["dev.json", "test.json"] + (["test_noaccent.json", "test_typo.json"] if set_name == "mini_bilingual" else [])
        assert counts["queries"] == sum(len(load_queries(set_name, f)) for f in files)
        assert 0 <= counts["answer"] <= counts["queries"] and 0 <= counts["top3"] <= counts["queries"]
    names = [t["name"] for t in smoke["results"]["targets"]]
    assert any("same answer" in n for n in names)
    assert any("matcher.js + assistant.js" in n for n in names)
