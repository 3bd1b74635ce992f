"""variant-answers-elsewhere keeps its result in the model cache: a check after an
article edit does not ask every variant again, and a moved or changed variant does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from knowledge.check import faq_rules
from knowledge.faq.loader import load_faq
from knowledge.matcher.engine import Matcher

REPO = Path(__file__).resolve().parents[2]


def entries_of(root: Path):
    entries, problems = load_faq(root / "faq", root=root)
    assert not [p for p in problems if p.level == "error"], problems
    return entries


def test_the_variant_rule_is_remembered_and_recomputed_when_a_variant_moves(tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(REPO / "faq", project / "faq")
    cache = tmp_path / "cache"
    entries = entries_of(project)
    first = faq_rules.variant_problems(entries, ["es", "en"], cache)
    assert list(cache.glob("variants-*.json"))

    def refuse(self, queries, chunk=512):
        raise AssertionError("asked the variants again")

    monkeypatch.setattr(Matcher, "search_many", refuse)
    assert faq_rules.variant_problems(entries_of(project), ["es", "en"], cache) == first
    for problem, again in zip(first, faq_rules.variant_problems(entries_of(project), ["es", "en"], cache)):
        assert (problem.message, problem.level) == (again.message, again.level)

    # A comment line at the top moves every variant of that file: asked again.
    target = sorted((project / "faq").glob("[a-z]*.yml"))[0]
    target.write_text("# moved\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(AssertionError, match="asked the variants again"):
        faq_rules.variant_problems(entries_of(project), ["es", "en"], cache)
    monkeypatch.undo()


def test_a_corrupt_remembered_result_is_recomputed(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(REPO / "faq", project / "faq")
    cache = tmp_path / "cache"
    first = faq_rules.variant_problems(entries_of(project), ["es", "en"], cache)
    for path in cache.glob("variants-*.json"):
        path.write_text('{"key": "x", "result": [{"path": 1}]}', encoding="utf-8")
    assert faq_rules.variant_problems(entries_of(project), ["es", "en"], cache) == first
