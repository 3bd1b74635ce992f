"""The assistant's reply rule (SPEC.md §8, "The reply"; knowledge/matcher/reply.py):
hand-written cases for what it means, and the shared vectors that matcher.test.js
replays through KnowledgeMatcher.reply."""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.matcher import Matcher
from knowledge.matcher.reply import REPLY_RULE, reply, result_dict

HERE = Path(__file__).resolve().parent
VECTORS = json.loads((HERE / "reply_vectors.json").read_text(encoding="utf-8"))


def hit(id_: str, score: float, suggest: bool = True) -> dict:
    return {"id": id_, "score": score, "suggest": suggest}


def test_an_answer_shows_close_flagged_runners_up_as_related() -> None:
    shown = reply({"id": "price", "score": 6.0, "top": [hit("price", 6.0), hit("maintenance", 5.1), hit("hours", 1.0, False)]})
    assert (shown.answer, shown.related, shown.suggestions, shown.lead) == ("price", ["maintenance"], [], None)
    far = reply({"id": "price", "score": 9.0, "top": [hit("price", 9.0), hit("maintenance", 5.1)]})
    assert far.related == []


def test_abstaining_offers_flagged_entries_and_leads_only_with_a_clear_best() -> None:
    clear = reply({"id": None, "score": 4.0, "top": [hit("price", 4.0), hit("hours", 1.2, False)]})
    assert (clear.answer, clear.suggestions, clear.lead) == (None, ["price"], "price")
    close = reply({"id": None, "score": 4.0, "top": [hit("price", 4.0), hit("maintenance", 3.0), hit("hours", 2.1)]})
    assert (close.suggestions, close.lead) == (["price", "maintenance", "hours"], None)
    weak = reply({"id": None, "score": 3.0, "top": [hit("price", 3.0), hit("hours", 0.2, False)]})
    assert (weak.suggestions, weak.lead) == (["price"], None)
    unrelated = reply({"id": None, "score": 1.0, "top": [hit("price", 1.0, False)]})
    assert unrelated.shown() == [] and unrelated.lead is None


def test_the_vectors_are_the_python_rule_with_the_shipped_constants() -> None:
    assert VECTORS["rule"] == REPLY_RULE  # a changed constant needs make_reply_vectors.py
    assert {c["reply"]["lead"] is not None for c in VECTORS["cases"]} == {True, False}
    assert any(c["reply"]["related"] for c in VECTORS["cases"])
    for case in VECTORS["cases"]:
        assert reply(case["result"]).as_dict() == case["reply"], case["name"]


def test_result_dict_is_the_engines_json_form() -> None:
    golden = json.loads((HERE / "golden.json").read_text(encoding="utf-8"))
    matcher = Matcher(golden["model"])
    for case in golden["cases"][:6]:
        got = result_dict(matcher.search(case["query"]))
        assert [t["id"] for t in got["top"]] == [t["id"] for t in case["top"]] and got["id"] == case["id"]
