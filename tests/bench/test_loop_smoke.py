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
