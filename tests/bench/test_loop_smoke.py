"""The loop benchmark (``loop.py``) end to end, as CI runs it: the dev half as the
visitor log, triage, the labels accepting suggestions, the retrained model scored on
the test half with both engines, and the question tests on the result."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import loop  # noqa: E402


def test_loop_runs_and_learns_from_its_log(capsys, monkeypatch):
    monkeypatch.setenv("KNOWLEDGE_CACHE", "0")
    assert loop.main(["--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["dev_questions"] == len(loop.load_queries("dev"))
    assert sum(result["actions"].values()) == result["dev_questions"]
    # The editor accepted some suggestions, and each was written as a variant.
    assert 0 < result["accepted"] <= result["suggested"]
    assert result["variants_added"] == result["accepted"]
    # The log's own questions are answered better afterwards: the variants took effect.
    assert result["dev"]["after"]["right"] > result["dev"]["before"]["right"]
    # Both engines give the same figures on the held-out half, before and after.
    assert result["test"]["python"] == result["test"]["js"]
    test = result["test"]["python"]
    assert test["before"]["in_scope"] == test["after"]["in_scope"] == len([r for r in loop.load_queries("test") if r["expected"]])
    # The sample FAQ's question tests still pass after the loop.
    assert result["check_after"]["errors"] == 0, result["check_after"]["problems"]


def test_table_format():
    sample = {
        "dev_questions": 2, "actions": {"answered": 1, "add-variant": 1, "new-entry": 0}, "suggested": 1, "accepted": 1, "variants_added": 1,
        "test": {e: {"before": {"in_scope": 4, "right": 2, "traps": 2, "abstained": 2, "wrong": 1},
                     "after": {"in_scope": 4, "right": 3, "traps": 2, "abstained": 1, "wrong": 2}} for e in ("python", "js")},
        "dev": {"before": {"in_scope": 1, "right": 0, "traps": 1, "abstained": 1, "wrong": 0}, "after": {"in_scope": 1, "right": 1, "traps": 1, "abstained": 1, "wrong": 0}},
        "check_after": {"errors": 0, "warnings": 0, "problems": [], "summary": []},
    }
    text = loop.table(sample)
    assert "| test | python | 50.0 % → 75.0 % (2 → 3 of 4) | 100.0 % → 50.0 % (2 → 1 of 2) | 1 → 2 |" in text
    assert "1 of 1 add-variant suggestions accepted, 1 variants written" in text


def test_an_editor_picking_from_the_closest_entries_files_wordings_under_the_right_entry(capsys, monkeypatch):
    monkeypatch.setenv("KNOWLEDGE_CACHE", "0")
    assert loop.main(["--json", "--editor", "closest"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["editor"] == "closest" and result["variants_added"] == result["accepted"] > 0
    assert result["dev"]["after"]["right"] > result["dev"]["before"]["right"]
    assert result["test"]["python"] == result["test"]["js"]
    assert result["check_after"]["errors"] == 0, result["check_after"]["problems"]


def test_the_sweep_scores_the_shipped_rule_as_the_assistant_answers(capsys, monkeypatch):
    """``--sweep``'s row for the shipped threshold and maxUnknown is what the shipped
    model's own answers score; other rows answer more as the threshold falls."""
    from knowledge.faq.questions import shipped_model
    from knowledge.matcher import DEFAULT_TUNABLES, Matcher

    monkeypatch.setenv("KNOWLEDGE_CACHE", "0")
    assert loop.main(["--sweep"]) == 0
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in capsys.readouterr().out.splitlines()[2:]]
    test_rows = {(float(r[1]), float(r[2])): r[3:] for r in rows if r[0] == "test"}
    shipped = test_rows[(DEFAULT_TUNABLES["threshold"], DEFAULT_TUNABLES["maxUnknown"])]
    matcher = Matcher(shipped_model(loop.load_entries(loop.REPO / "faq", loop.REPO), ("es", "en"), None))
    queries = loop.load_queries("test")
    f = loop.figures(queries, [{"id": matcher.search(r["q"]).id} for r in queries])
    assert shipped == [loop.pct(f.right, f.in_scope), loop.pct(f.abstained, f.traps), loop.pct(f.wrong, f.in_scope + f.traps)]
    answered_right = [float(test_rows[(t, 0.6)][0].rstrip(" %")) for t in sorted(loop.SWEEP_THRESHOLDS)]
    assert answered_right == sorted(answered_right, reverse=True) and answered_right[0] > answered_right[-1]
