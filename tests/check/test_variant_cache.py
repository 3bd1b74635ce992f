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

    def refuse(self, queries, chunk=512, top=3):
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


def test_the_duplicate_rule_is_remembered_and_recomputed_when_a_text_changes(tmp_path, monkeypatch):
    """duplicate-question too: kept by the FAQ's texts and places, the threshold and the
    rule's code; a changed question is searched again, with the right result."""
    from knowledge.check import near_duplicates

    project = tmp_path / "project"
    shutil.copytree(REPO / "faq", project / "faq")
    cache = tmp_path / "cache"
    first = faq_rules.duplicate_question_problems(entries_of(project), ["es", "en"], 80, cache)
    assert list(cache.glob("duplicates-*.json")) and first  # the sample FAQ has near pairs at 80

    def refuse(texts, threshold):
        raise AssertionError("searched the pairs again")

    monkeypatch.setattr(near_duplicates, "similar_pairs", refuse)
    assert faq_rules.duplicate_question_problems(entries_of(project), ["es", "en"], 80, cache) == first
    with pytest.raises(AssertionError, match="searched the pairs again"):
        faq_rules.duplicate_question_problems(entries_of(project), ["es", "en"], 85, cache)  # another threshold
    monkeypatch.undo()

    # A question copied from another entry: found at once, not read from the cache.
    target, other = sorted((project / "faq").glob("[a-z]*.yml"))[:2]
    question = entries_of(project)[[e.path for e in entries_of(project)].index(f"faq/{other.name}")].texts["en"].question
    text = target.read_text(encoding="utf-8")
    start = text.index("en:\n  question: ")
    end = text.index("\n", start + len("en:\n  question: "))
    target.write_text(text[:start] + "en:\n  question: " + json_string(question) + text[end:], encoding="utf-8")
    again = faq_rules.duplicate_question_problems(entries_of(project), ["es", "en"], 80, cache)
    assert any(p.path == f"faq/{target.name}" and question in p.message for p in again)


def json_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)
