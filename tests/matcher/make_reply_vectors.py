"""Regenerate tests/matcher/reply_vectors.json: what the assistant shows (SPEC.md §8,
"The reply") for every golden result and for results built to sit on each edge of
the rule. ``test_reply.py`` and ``matcher.test.js`` replay them through the Python
rule and ``KnowledgeMatcher.reply``.

    .venv/bin/python tests/matcher/make_reply_vectors.py

Regenerate when REPLY_RULE or the rule changes, and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.matcher.reply import REPLY_RULE, reply

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden.json"
VECTORS = HERE / "reply_vectors.json"


def hit(id_: str, score: float, suggest: bool = True) -> dict:
    return {"id": id_, "score": score, "suggest": suggest}


def answered(top: list[dict]) -> dict:
    return {"id": top[0]["id"], "score": top[0]["score"], "top": top}


def abstained(top: list[dict]) -> dict:
    return {"id": None, "score": top[0]["score"] if top else 0.0, "top": top}


m, lead_min, lead_margin = REPLY_RULE["relatedMargin"], REPLY_RULE["leadMin"], REPLY_RULE["leadMargin"]
# (what the case checks, result)
EDGES: list[tuple[str, dict]] = [
    ("answer, runner-up flagged and close: related", answered([hit("a", 6.0), hit("b", 6.0 - m + 0.5), hit("c", 0.5, False)])),
    ("answer, runner-up exactly relatedMargin below: related", answered([hit("a", 6.0), hit("b", 6.0 - m), hit("c", 1.0, False)])),
    ("answer, runner-up flagged but far: none", answered([hit("a", 9.0), hit("b", 9.0 - m - 0.01), hit("c", 2.5)])),
    ("answer, runner-up close but not flagged: none", answered([hit("a", 4.5), hit("b", 3.9, False)])),
    ("answer, two related in order", answered([hit("a", 5.0), hit("b", 4.4), hit("c", 3.8)])),
    ("answer alone", answered([hit("a", 5.0)])),
    ("abstain, first well above the rest: lead", abstained([hit("a", lead_min + 0.4), hit("b", 1.0, False), hit("c", 0.5, False)])),
    ("abstain, lead exactly at leadMin and leadMargin", abstained([hit("a", lead_min), hit("b", lead_min - lead_margin, False)])),
    ("abstain, first too close to the second: no lead", abstained([hit("a", 4.0), hit("b", 4.0 - lead_margin + 0.1), hit("c", 2.2)])),
    ("abstain, first below leadMin: no lead", abstained([hit("a", lead_min - 0.01), hit("b", 0.1, False)])),
    ("abstain, an unflagged second still counts for the margin: no lead", abstained([hit("a", 4.0), hit("b", 2.5, False)])),
    ("abstain, nothing flagged: no suggestion", abstained([hit("a", 1.2, False), hit("b", 0.8, False)])),
    ("abstain, a flagged hit at score 0 is not offered", abstained([hit("a", 0.0), hit("b", 0.0)])),
    ("abstain, repeated id offered once", abstained([hit("a", 3.0), hit("a", 3.0), hit("b", 2.1)])),
    ("nothing found", {"id": None, "score": 0.0, "top": []}),
]


def main() -> None:
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))["cases"]
    cases = [(f"golden: {c['name']}", {"id": c["id"], "score": c["score"], "top": c["top"]}) for c in golden] + EDGES
    vectors = [{"name": name, "result": result, "reply": reply(result).as_dict()} for name, result in cases]
    VECTORS.write_text(json.dumps({"rule": REPLY_RULE, "cases": vectors}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {VECTORS} ({len(vectors)} cases)")


if __name__ == "__main__":
    main()
