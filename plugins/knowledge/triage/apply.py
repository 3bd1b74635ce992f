"""``knowledge triage --apply``: write the suggestions into the FAQ.

- **add-variant**: the question becomes a new line of the target entry's
  ``<lang>.variants`` list in ``faq/<id>.yml``. The file is edited as text, at the
  position ``yaml.compose`` gives for that list, so every other byte stays as the
  editor wrote it: comments, key order, quoting, blank lines, line endings, a BOM.
  The new line copies the indentation and dash spacing of the list's last item and
  is written double-quoted (JSON escaping is valid YAML), as CONTRIBUTING asks.
  A flow list (``variants: ["a", "b"]``) gets ``, "new"`` before its ``]``; an entry
  without ``variants`` gets the key after its ``question``. The edited text is parsed
  again and must hold exactly the old data plus the new variants, or nothing is written.
- **new-entry**: one draft per cluster, ``faq/_drafts/<slug>.yml``, with the most
  asked wording as the question and the others as variants. The FAQ loader skips
  names starting with ``_`` (the folder included), so drafts are never built until
  an editor completes one and moves it to ``faq/<id>.yml``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from knowledge.triage.core import Cluster

DRAFTS_DIR = "_drafts"
SCHEMA_LINE = "# yaml-language-server: $schema="
_ITEM_PREFIX = re.compile(r"^([ \t]*)-([ \t]+)$")


class ApplyError(Exception):
    """A file cannot be edited safely; the message says which and why."""


@dataclass
class Applied:
    variants: list[tuple[str, str, str]] = field(default_factory=list)  # (file, lang, text)
    drafts: list[str] = field(default_factory=list)  # files written
    skipped: list[str] = field(default_factory=list)  # why a suggestion was not written


def variant_suggestions(clusters: Sequence[Cluster]) -> dict[str, list[tuple[str, str]]]:
    """entry id -> [(lang, text)]: per cluster and target, its most asked
    ``add-variant`` wording (near-identical wordings would add nothing)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for cluster in clusters:
        seen: set[str] = set()
        for member in cluster.members:  # most asked first
            if member.action == "add-variant" and member.target and member.target not in seen:
                seen.add(member.target)
                out.setdefault(member.target, []).append((member.lang, member.q))
    return out


def apply_all(faq_dir: Path, clusters: Sequence[Cluster], languages: Sequence[str], display: str = "faq") -> Applied:
    applied = Applied()
    for entry_id, additions in variant_suggestions(clusters).items():
        path = faq_dir / f"{entry_id}.yml"
        try:
            added = add_variants(path, additions)
        except ApplyError as exc:
            applied.skipped.append(str(exc))
            continue
        applied.variants += [(f"{display}/{path.name}", lang, text) for lang, text in added]
        applied.skipped += [f"{display}/{path.name}: {lang} already has {text!r}" for lang, text in additions if (lang, text) not in added]
    for cluster in clusters:
        if cluster.head.action == "new-entry":
            written = write_draft(faq_dir, cluster, languages)
            if written is None:
                applied.skipped.append(f"a draft for {cluster.head.q!r} already exists in {display}/{DRAFTS_DIR}/")
            else:
                applied.drafts.append(f"{display}/{DRAFTS_DIR}/{written.name}")
    return applied


# --- new variants, edited as text --------------------------------------------------------

def add_variants(path: Path, additions: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Append each ``(lang, text)`` to ``lang.variants`` of the entry file ``path``,
    unless the entry already asks it; returns what was added."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ApplyError(f"{path}: cannot read: {exc.strerror or exc}") from None
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    data = _load(path, text)
    expected = json.loads(json.dumps(data))  # a deep copy to compare the result with
    added = []
    for lang, question in additions:
        block = expected.get(lang) if isinstance(expected, dict) else None
        if not isinstance(block, dict):
            raise ApplyError(f"{path}: no {lang!r} block to add {question!r} to")
        asked = [block.get("question"), *(block.get("variants") or [])]
        if any(isinstance(a, str) and _same(a, question) for a in asked):
            continue
        text = _insert_variant(path, text, lang, question, newline)
        block.setdefault("variants", [])
        block["variants"] = [*(block["variants"] or []), question]
        added.append((lang, question))
    if not added:
        return []
    if _load(path, text) != expected:
        raise ApplyError(f"{path}: the edit would change more than the variants list; add {[q for _, q in added]!r} by hand")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return added


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _load(path: Path, text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ApplyError(f"{path}: not valid YAML ({exc}); run `knowledge check`") from None


def _insert_variant(path: Path, text: str, lang: str, question: str, newline: str) -> str:
    quoted = json.dumps(question, ensure_ascii=False)
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise ApplyError(f"{path}: not valid YAML ({exc})") from None
    block = _value(root, lang)
    if not isinstance(block, yaml.MappingNode):
        raise ApplyError(f"{path}: {lang!r} is not a mapping")
    if block.flow_style:
        raise ApplyError(f"{path}: {lang!r} is written as a flow mapping ({{…}}); add {quoted} to its variants by hand")
    variants = _value(block, "variants")
    lines = text.splitlines(keepends=True)
    if isinstance(variants, yaml.SequenceNode) and variants.flow_style:
        close = variants.end_mark.index - 1
        if text[close] != "]":
            raise ApplyError(f"{path}: cannot find the end of {lang}.variants")
        if not variants.value:
            insert = quoted
        elif "," in text[variants.value[-1].end_mark.index:close]:
            insert = " " + quoted + ","  # after a trailing comma, keeping one
        else:
            insert = ", " + quoted
        return text[:close] + insert + text[close:]
    if isinstance(variants, yaml.SequenceNode) and variants.value:
        last = variants.value[-1]
        prefix = lines[last.start_mark.line][: last.start_mark.column]
        match = _ITEM_PREFIX.match(prefix)
        if not match:
            raise ApplyError(f"{path}: {lang}.variants has an item layout this tool does not edit; add {quoted} by hand")
        new_line = f"{match.group(1)}-{match.group(2)}{quoted}{newline}"
        return _insert_line(lines, last.end_mark, new_line, newline)
    if variants is not None:
        raise ApplyError(f"{path}: {lang}.variants is empty or not a list; write its first item by hand")
    question_key = _key(block, "question")
    question_value = _value(block, "question")
    if question_key is None or question_value is None:
        raise ApplyError(f"{path}: {lang!r} has no question to put variants after")
    indent = " " * question_key.start_mark.column
    new_lines = f"{indent}variants:{newline}{indent}  - {quoted}{newline}"
    return _insert_line(lines, question_value.end_mark, new_lines, newline)


def _insert_line(lines: list[str], end: Any, new: str, newline: str) -> str:
    """``new`` (whole lines) right after the node ending at ``end``: on the next line
    when the node ends inside a line (its trailing comment stays on it), at ``end``'s
    line when the node's end is a line start (block scalars end there)."""
    index = end.line if end.column == 0 else end.line + 1
    index = min(index, len(lines))
    if index == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    lines.insert(index, new)
    return "".join(lines)


def _key(mapping: yaml.MappingNode, name: str) -> Any:
    return next((k for k, _ in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == name), None)


def _value(mapping: Any, name: str) -> Any:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    return next((v for k, v in mapping.value if isinstance(k, yaml.ScalarNode) and k.value == name), None)


# --- drafts ------------------------------------------------------------------------------

def slug(text: str) -> str:
    from knowledge.matcher.text import STOPWORDS, fold

    words = [w for w in re.findall(r"[a-z0-9]+", fold(text)) if w not in STOPWORDS]
    return "-".join(words[:6]) or "question"


def write_draft(faq_dir: Path, cluster: Cluster, languages: Sequence[str]) -> Path | None:
    """``faq/_drafts/<slug>.yml`` for a cluster nobody's entry answers; None when a
    draft already holds its question (running triage twice writes no duplicates)."""
    drafts = faq_dir / DRAFTS_DIR
    drafts.mkdir(parents=True, exist_ok=True)
    head = cluster.head
    quoted = json.dumps(head.q, ensure_ascii=False)
    for existing in drafts.glob("*.yml"):
        try:
            if quoted in existing.read_text(encoding="utf-8"):
                return None
        except (OSError, UnicodeDecodeError):
            continue
    base = slug(head.q)
    target, n = drafts / f"{base}.yml", 1
    while target.exists():
        n += 1
        target = drafts / f"{base}-{n}.yml"
    lines = []
    schema = _schema_line(faq_dir)
    if schema:
        lines.append(schema)
    times = "once" if cluster.count == 1 else f"{cluster.count} times"
    lines += [
        f"# Draft written by `knowledge triage`: visitors asked this {times} and no entry answers it.",
        "# Files in faq/_drafts/ are not built. To publish it: write the answer and the other",
        "# language, pick a topic, move it to faq/<id>.yml and run `knowledge check`.",
        "topic: \"\"",
    ]
    for lang in languages:
        members = [m.q for m in cluster.members if m.lang == lang]
        lines.append(f"{lang}:")
        lines.append(f"  question: {json.dumps(members[0] if members else '', ensure_ascii=False)}")
        if len(members) > 1:
            lines.append("  variants:")
            lines += [f"    - {json.dumps(m, ensure_ascii=False)}" for m in members[1:]]
        lines.append('  answer: ""')
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _schema_line(faq_dir: Path) -> str | None:
    """The entries' own schema line, one folder deeper (``../`` added), when they
    name a relative schema."""
    for entry in sorted(faq_dir.glob("*.yml")):
        if entry.name.startswith("_"):
            continue
        try:
            first = entry.read_text(encoding="utf-8").split("\n", 1)[0].strip()
        except (OSError, UnicodeDecodeError):
            continue
        if first.startswith(SCHEMA_LINE):
            target = first[len(SCHEMA_LINE):]
            return SCHEMA_LINE + ("../" + target if "://" not in target and not target.startswith("/") else target)
    return None
