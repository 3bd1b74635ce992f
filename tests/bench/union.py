"""The union set: every benchmark FAQ merged into one (issue 10).

Several hundred entries from five domains in one index, asked the same test
queries: it measures what a FAQ of that size does to the matcher, scale and
confusion between domains included. Ids get their set's name as a prefix
(``clinc150-book-flight``), so entries of different sets never merge, and a
query keeps its set's expected entry (out-of-scope queries stay out of scope).
"""

from __future__ import annotations

import json
from pathlib import Path

UNION = "union"
MEMBERS = ["massive", "clinc150", "hint3_sofmattress", "hint3_curekart", "hint3_powerplay11"]


def _prefix(set_name: str) -> str:
    return set_name.replace("_", "-") + "-"


def available(root: Path) -> bool:
    return all((root / name / "corpus.json").is_file() for name in MEMBERS)


def union_corpus(root: Path) -> dict:
    entries, languages = [], []
    for name in MEMBERS:
        corpus = json.loads((root / name / "corpus.json").read_text(encoding="utf-8"))
        languages += [lang for lang in corpus["languages"] if lang not in languages]
        entries += [{**entry, "id": _prefix(name) + entry["id"]} for entry in corpus["entries"]]
    return {"dataset": UNION, "source": "the five benchmark sets merged", "languages": languages, "entries": entries}


def union_queries(root: Path, file: str) -> list[dict] | None:
    """``file`` (dev.json, test.json) of every member, in member order; None if a member lacks it."""
    out = []
    for name in MEMBERS:
        path = root / name / file
        if not path.is_file():
            return None
        for query in json.loads(path.read_text(encoding="utf-8")):
            expected = query["expected_id"]
            out.append({**query, "expected_id": None if expected is None else _prefix(name) + expected})
    return out
