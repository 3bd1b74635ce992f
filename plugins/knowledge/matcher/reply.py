"""What the assistant shows for a search result (SPEC.md §8, "The reply"): the
answer, or the suggestions, and when the evidence allows, a little more.

- An answer may come with **related** entries: the other flagged entries of the
  top 3 whose confidence is within ``relatedMargin`` of the answer's. A visitor whose
  question the answer misses finds the runner-up one click away.
- When the matcher abstains, the flagged entries are the **suggestions** ("did you
  mean"), at most ``suggestions``. The first one is the **lead** when its confidence
  is at least ``leadMin`` and stands ``leadMargin`` above the next entry of the top
  3 (above 0 when there is none): the assistant then shows its answer expanded,
  still under "I'm not sure".

The rule reads only the result's ids, scores and flags, so the Python reference and
``KnowledgeMatcher.reply`` in ``assets/matcher.js`` give the same reply wherever the
engines give the same result (``tests/matcher/reply_vectors.json``). The constants
were chosen on the dev halves (``tests/bench/unsure_reply.py``); the build passes
them to the page, so the two copies cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

REPLY_RULE: dict[str, float] = {
    "relatedMargin": 2.0,  # a runner-up this close to the answer is shown under it
    "related": 2,  # at most this many related entries
    "suggestions": 3,  # at most this many "did you mean" entries
    "leadMin": 3.5,  # a lead suggestion has at least this confidence (the answer threshold is 4.3)
    "leadMargin": 2.0,  # and stands this far above the next entry
}


@dataclass(frozen=True)
class Reply:
    answer: str | None = None
    related: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)  # when abstaining; the lead first
    lead: str | None = None

    def shown(self) -> list[str]:
        """Every entry the visitor can reach from this reply, in order."""
        return ([self.answer] if self.answer else []) + self.related + self.suggestions

    def as_dict(self) -> dict[str, Any]:
        return {"answer": self.answer, "related": self.related, "suggestions": self.suggestions, "lead": self.lead}


def reply(result: Mapping[str, Any], rule: Mapping[str, float] = REPLY_RULE) -> Reply:
    """``result`` as the engines' JSON form: ``{"id", "score", "top": [{"id", "score", "suggest"}]}``."""
    top = [hit for hit in result.get("top") or [] if isinstance(hit, Mapping) and isinstance(hit.get("id"), str)]
    answer = result.get("id")
    if answer is not None:
        best = next((hit["score"] for hit in top if hit["id"] == answer), result.get("score", 0.0))
        related = list(dict.fromkeys(hit["id"] for hit in top if hit["id"] != answer and hit.get("suggest") and best - hit["score"] <= rule["relatedMargin"]))
        return Reply(answer=answer, related=related[: int(rule["related"])])
    flagged = [hit for hit in top if hit.get("suggest") and hit["score"] > 0]
    suggestions = list(dict.fromkeys(hit["id"] for hit in flagged))[: int(rule["suggestions"])]
    lead = None
    if suggestions:
        first = flagged[0]
        next_score = max([0.0] + [hit["score"] for hit in top if hit["id"] != first["id"]])
        if first["score"] >= rule["leadMin"] and first["score"] - next_score >= rule["leadMargin"]:
            lead = first["id"]
    return Reply(suggestions=suggestions, lead=lead)


def result_dict(result: Any) -> dict[str, Any]:
    """A ``MatchResult`` in the engines' JSON form (as ``knowledge ask --json`` prints it)."""
    return {
        "id": result.id,
        "score": result.score,
        "top": [{"id": i, "score": s, "suggest": bool(f)} for (i, s), f in zip(result.top, result.suggest)],
    }
