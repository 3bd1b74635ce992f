"""The measuring scripts of the reply rule, the variants experiment and the loop on
the public benchmarks, run end to end on the two small sets of ``fixtures/`` (same
format as ``../shared/bench``, which a fresh CI machine may not have). They assert
the output's shape and what must hold whatever the figures, never a figure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SETS = ["mini_bilingual", "mini_english"]


def run(*args: str) -> str:
    env = {**os.environ, "KNOWLEDGE_BENCH_DIR": str(HERE / "fixtures"), "KNOWLEDGE_CACHE": "0"}
    proc = subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=REPO, env=env, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def test_unsure_reply_reports_every_set_and_never_helps_less_than_before() -> None:
    out = run(str(HERE / "unsure_reply.py"), "--sets", *SETS, "--markdown")
    rows = [line.split("|")[1:-1] for line in out.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert {(r[0].strip(), r[1].strip()) for r in rows} == {(s, split) for s in ["sample FAQ", *SETS] for split in ("dev", "test")}
    for row in rows:
        right, wrong, before, now = (float(x) for x in row[2:6])
        assert right <= before <= now <= 100.0 and wrong + right <= 100.0


def test_variants_growth_adds_dev_wordings_and_scores_test() -> None:
    out = run(str(HERE / "variants_growth.py"), "--sets", *SETS, "--per-entry", "0,2")
    rows = [line.split() for line in out.splitlines() if line.split() and line.split()[0] in SETS]
    assert [r[0] for r in rows] == [SETS[0], SETS[0], SETS[1], SETS[1]]
    for name in SETS:
        none, two = [r for r in rows if r[0] == name]
        assert float(none[1]) == 0.0 and 0.0 < float(two[1]) <= 2.0  # dev wordings added per entry
        assert abs(float(two[2]) - float(none[2]) - float(two[1])) <= 0.11  # texts per entry grew by those (printed to 0.1)


def test_the_loop_on_benchmarks_adds_only_right_wordings_and_scores_every_editor() -> None:
    results = json.loads(run(str(HERE / "loop.py"), "--benchmarks", *SETS, "--json"))
    assert [(r["set"], r["editor"]) for r in results] == [(s, e) for s in SETS for e in ("target", "closest", "every")]
    for r in results:
        assert r["before"]["in_scope"] == r["after"]["in_scope"] > 0
        assert 0 <= r["accepted"] <= r["log"]
        if r["editor"] == "target":
            assert r["accepted"] <= r["suggested"]
