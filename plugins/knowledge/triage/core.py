"""The shipped model on each exported question, clusters, actions, reports.

Each question gets one action:

- ``answered``: the assistant answers it (``id``); nothing to do, unless the answer
  is wrong, which only a person can tell from the report;
- ``add-variant``: the assistant does not answer, but its best guess is relevant
  enough to be offered as a suggestion (``suggest``, SPEC.md §8): the question is
  probably a new wording of that entry (``target``), to add as a variant;
- ``new-entry``: no plausible entry; if visitors keep asking, the FAQ lacks one.

Near-identical questions (rapidfuzz ``ratio`` on the matcher's folded text without
stopwords, words sorted, at or above ``similarity``) form a cluster, ranked by how
often its questions were asked in total.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Sequence

from knowledge.triage.log import Asked

DEFAULT_SIMILARITY = 85  # 0-100: "cuanto sale un chatbot" ~ "cuánto sale el chatbot?"
SCORE_DIGITS = 3


@dataclass
class Triaged:
    q: str
    lang: str
    count: int
    id: str | None
    top: list[tuple[str, float, bool]]  # (entry id, score, offered as a suggestion)
    action: str
    target: str | None
    cluster: int = -1

    def record(self) -> dict[str, Any]:
        """The JSON line (``--format json``)."""
        return {
            "q": self.q,
            "lang": self.lang,
            "count": self.count,
            "id": self.id,
            "top": [{"id": i, "score": round(s, SCORE_DIGITS)} for i, s, _ in self.top],
            "action": self.action,
            "target": self.target,
        }


@dataclass
class Cluster:
    lang: str
    members: list[Triaged] = field(default_factory=list)  # most asked first

    @property
    def count(self) -> int:
        return sum(m.count for m in self.members)

    @property
    def head(self) -> Triaged:
        return self.members[0]


def action_of(answered: str | None, top: Sequence[tuple[str, float, bool]]) -> tuple[str, str | None]:
    if answered is not None:
        return "answered", None  # nothing to do (the report lists it, to check the answer)
    if top and top[0][2]:
        return "add-variant", top[0][0]
    return "new-entry", None


def triage(asked: Sequence[Asked], matcher: Any, similarity: int = DEFAULT_SIMILARITY) -> tuple[list[Triaged], list[Cluster]]:
    """Every question (input order) and the clusters (most asked first)."""
    out = []
    for item in asked:
        result = matcher.search(item.q)
        top = [(entry_id, float(score), bool(ok)) for (entry_id, score), ok in zip(result.top, result.suggest)]
        action, target = action_of(result.id, top)
        out.append(Triaged(item.q, item.lang, item.count, result.id, top, action, target))
    return out, clusters_of(out, similarity)


def clusters_of(items: Sequence[Triaged], similarity: int) -> list[Cluster]:
    """Greedy: questions from most to least asked join the first cluster of their
    language whose first question is at least ``similarity`` alike, else start one."""
    from rapidfuzz import fuzz, process

    from knowledge.check.faq_rules import informative

    clusters: list[Cluster] = []
    heads: dict[str, list[tuple[str, int]]] = {}  # lang -> [(informative text, cluster index)]
    order = sorted(range(len(items)), key=lambda i: (-items[i].count, i))
    for i in order:
        item = items[i]
        text = informative(item.q)
        candidates = heads.setdefault(item.lang, [])
        best = process.extractOne(text, [t for t, _ in candidates], scorer=fuzz.ratio, score_cutoff=similarity) if candidates else None
        if best is not None:
            index = candidates[best[2]][1]
        else:
            index = len(clusters)
            clusters.append(Cluster(item.lang))
            candidates.append((text, index))
        item.cluster = index
        clusters[index].members.append(item)
    ranked = sorted(range(len(clusters)), key=lambda c: (-clusters[c].count, c))
    renumber = {old: new for new, old in enumerate(ranked)}
    for item in items:
        item.cluster = renumber[item.cluster]
    return [clusters[c] for c in ranked]


def json_lines(items: Sequence[Triaged]) -> list[str]:
    return [json.dumps(item.record(), ensure_ascii=False) for item in items]


def markdown_report(items: Sequence[Triaged], clusters: Sequence[Cluster], *, source: str, questions: dict[str, dict[str, str]]) -> str:
    """The report for a person: totals, then unanswered and answered clusters, most
    asked first, each with its action, its closest entries and its wordings.
    ``questions`` maps a language and an entry id to the entry's question there."""
    asked = sum(i.count for i in items)
    answered = sum(i.count for i in items if i.action == "answered")
    lines = [
        f"# FAQ triage of `{source}`",
        "",
        f"{len(items)} distinct questions, asked {asked} times: **{answered} answered**, "
        f"**{asked - answered} not answered** ({_pct(asked - answered, asked)}).",
        "",
        "| action | questions | times asked |",
        "|---|---:|---:|",
    ]
    for action in ("answered", "add-variant", "new-entry"):
        chosen = [i for i in items if i.action == action]
        lines.append(f"| {action} | {len(chosen)} | {sum(i.count for i in chosen)} |")
    lines.append("")

    def section(title: str, chosen: list[Cluster], empty: str) -> None:
        lines.extend([f"## {title}", ""])
        if not chosen:
            lines.extend([empty, ""])
        for n, cluster in enumerate(chosen, 1):
            head = cluster.head
            titles = questions.get(cluster.lang, {})
            wordings = len(cluster.members)
            lines.append(f"### {n}. {_quote(head.q)} ({cluster.lang}): asked {cluster.count} {'time' if cluster.count == 1 else 'times'}" + (f", {wordings} wordings" if wordings > 1 else ""))
            lines.append("")
            if head.action == "answered":
                lines.append(f"- answered with `{head.id}` ({_quote(titles.get(head.id, ''))}): check that it is the right answer")
            elif head.action == "add-variant":
                lines.append(f"- **add-variant** to `{head.target}` ({_quote(titles.get(head.target, ''))})")
            else:
                lines.append("- **new-entry**: no entry comes close; write one if the question belongs in the FAQ")
            closest = ", ".join(f"`{i}` {s:.2f}" + (" (suggested)" if ok else "") for i, s, ok in head.top) or "none"
            lines.append(f"- closest entries: {closest}")
            for member in cluster.members:
                extra = "" if member.action == head.action and member.target == head.target else f" → {member.action}" + (f" `{member.target}`" if member.target else "")
                lines.append(f"  - {_quote(member.q)} ×{member.count}{extra}")
            lines.append("")

    unanswered = [c for c in clusters if c.head.action != "answered"]
    section("Not answered", unanswered, "Every question was answered.")
    section("Answered", [c for c in clusters if c.head.action == "answered"], "No question was answered.")
    return "\n".join(lines).rstrip() + "\n"


def _quote(text: str) -> str:
    # Visitor text in Markdown: shown as text, never as markup or a link.
    escaped = "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in " ".join(text.split()))
    return f"“{escaped}”"


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f} %" if whole else "0 %"
