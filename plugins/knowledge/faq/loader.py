"""Load the FAQ folder: ``faq/<id>.yml`` entries and ``faq/_topics.yml``.

Every problem of every file is collected in one run and located as
``file:line:col`` with a rule id; nothing here raises on bad content. YAML
pitfalls (duplicate keys, anchors, YAML 1.1 booleans, dates and numbers where text
is expected, tabs, encoding, size) are caught by :mod:`knowledge.yamlio`; the
structure by :class:`~knowledge.faq.model.FaqEntryModel`; folder-level rules
(ids, topics) here. Cross-site references (``articles`` naming a page,
``related`` naming an entry) are checked by the feature once pages are known.

Entries are built best-effort even from files with problems (a missing language
is simply absent), so callers that tolerate problems still get what is usable.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from knowledge.faq.model import ID_RE, PAGE_KEY_RE, LANGUAGES, FaqEntry, FaqText, models_for
from knowledge.problems import Problem, relpath
from knowledge.yamlio import DEFAULT_MAX_BYTES, YamlDocument, dotted_path, load_yaml, type_name, validation_problems

TOPICS_FILE = "_topics.yml"
ENTRY_SUFFIX = ".yml"


def load_faq(
    faq_dir: Path,
    *,
    root: Path | None = None,
    languages: tuple[str, ...] = LANGUAGES,
    require_all_languages: bool = True,
) -> tuple[list[FaqEntry], list[Problem]]:
    """Every entry of ``faq_dir`` (sorted by id) and every problem of the folder,
    those of ``_topics.yml`` included (entries' topics are checked against it)."""
    entries, _, problems = load_faq_and_topics(faq_dir, root=root, languages=languages, require_all_languages=require_all_languages)
    return entries, problems


def folder_fingerprint(faq_dir: Path) -> str:
    """A digest of everything :func:`load_faq_and_topics` reads from ``faq_dir``: every
    name in it, its kind, size and (for files the loader may read) its bytes. Equal
    fingerprints load equal entries, so ``mkdocs serve`` reuses them. Bytes, not
    modification times: an edit within the clock's resolution still counts."""
    import hashlib

    digest = hashlib.sha256()
    try:
        names = sorted(os.listdir(faq_dir))
    except OSError as error:
        return f"unlistable:{type(error).__name__}"
    for name in names:
        path = os.path.join(faq_dir, name)
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        try:
            stat = os.stat(path)
        except OSError as error:
            digest.update(f"stat-error:{type(error).__name__}\0".encode())
            continue
        digest.update(f"{stat.st_mode}:{stat.st_size}\0".encode())
        if os.path.isfile(path) and stat.st_size <= DEFAULT_MAX_BYTES:
            try:
                with open(path, "rb") as handle:
                    digest.update(handle.read(DEFAULT_MAX_BYTES + 1))
            except OSError as error:
                digest.update(f"read-error:{type(error).__name__}".encode())
        digest.update(b"\0")
    return digest.hexdigest()


def load_faq_and_topics(
    faq_dir: Path,
    *,
    root: Path | None = None,
    languages: tuple[str, ...] = LANGUAGES,
    require_all_languages: bool = True,
) -> tuple[list[FaqEntry], dict[str, dict[str, str]], list[Problem]]:
    """:func:`load_faq`, plus the topic titles of ``_topics.yml`` it reads anyway."""
    faq_dir = Path(faq_dir)
    display_dir = relpath(faq_dir, root)
    if not faq_dir.is_dir():
        return [], {}, [Problem(display_dir, 1, 1, "unreadable", "FAQ folder not found")]

    problems: list[Problem] = []
    topics_path = faq_dir / TOPICS_FILE
    topics, topic_problems = load_topics(topics_path, root=root, languages=languages)
    problems += topic_problems

    entries: list[FaqEntry] = []
    # Sorted as Paths sort (one folder: by name); sorting Path objects costs more.
    for path in sorted(faq_dir.iterdir(), key=lambda p: os.path.normcase(p.name)):
        if path.name.startswith(("_", ".")) or not path.is_file():
            continue
        # relpath(path, root) without its cost per file: path is faq_dir/name.
        display = path.name if display_dir == "." else f"{display_dir}/{path.name}"
        if path.suffix == ".yaml":
            problems.append(Problem(display, 1, 1, "invalid-id", f"FAQ entries are named faq/<id>{ENTRY_SUFFIX}; rename to {path.stem}{ENTRY_SUFFIX}"))
            continue
        if path.suffix != ENTRY_SUFFIX:
            continue  # READMEs and other notes next to the entries are not entries
        entry, entry_problems = load_entry(path, root=root, languages=languages, require_all_languages=require_all_languages, display=display)
        problems += entry_problems
        if entry is None:
            continue
        if entry.topic is not None and entry.topic not in topics:
            line, col = entry.marks.get("topic", (1, 1))
            where = "faq/_topics.yml" if topics_path.exists() else "faq/_topics.yml (which does not exist)"
            problems.append(Problem(display, line, col, "unknown-topic", f"topic {entry.topic!r} is not defined in {where}"))
        entries.append(entry)

    problems += duplicate_questions(entries, languages)
    entries.sort(key=lambda e: e.id)
    return entries, topics, problems


def load_entry(
    path: Path,
    *,
    root: Path | None = None,
    languages: tuple[str, ...] = LANGUAGES,
    require_all_languages: bool = True,
    display: str | None = None,
) -> tuple[FaqEntry | None, list[Problem]]:
    """One entry file; ``None`` when it holds nothing usable (unreadable, not a mapping).

    ``display``: the path problems name, when the caller already knows
    ``relpath(path, root)``."""
    doc = load_yaml(path, root=root, display=display)
    problems = list(doc.problems)
    entry_id = Path(path).stem
    if not ID_RE.match(entry_id):
        problems.append(Problem(doc.path, 1, 1, "invalid-id", f"file name {Path(path).name!r}: an entry id uses lowercase ASCII letters, digits and single hyphens"))
    if doc.data is None:
        return None, problems
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "wrong-type", f"an FAQ entry is a mapping with the keys {', '.join(languages)}, found {type_name(doc.data)}"))
        return None, problems

    text_problems, reported = _text_problems(doc, languages)
    problems += text_problems
    problems += _structure_problems(doc, models_for(tuple(languages))[0], reported, languages, require_all_languages)
    problems += _reference_format_problems(doc, entry_id)
    return _build_entry(doc, entry_id, languages), problems


def load_topics(
    path: Path,
    *,
    root: Path | None = None,
    languages: tuple[str, ...] = LANGUAGES,
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """``faq/_topics.yml``: topic id -> {language: title}, in the file's order.

    A missing file is no problem (entries then may not use ``topic``).
    """
    path = Path(path)
    if not path.exists():
        return {}, []
    doc = load_yaml(path, root=root)
    problems = list(doc.problems)
    if doc.data is None:
        return {}, problems
    if not isinstance(doc.data, dict):
        problems.append(doc.problem((), "wrong-type", f"topics are a mapping of topic ids to titles per language, found {type_name(doc.data)}"))
        return {}, problems
    reported: set[tuple] = set()
    for topic_id, titles in doc.data.items():
        if not ID_RE.match(topic_id):
            problems.append(doc.problem((topic_id,), "invalid-id", f"topic id {topic_id!r}: use lowercase ASCII letters, digits and single hyphens", key=True))
        if not isinstance(titles, dict):
            continue
        for lang in languages:
            if lang not in titles:
                problems.append(doc.problem((topic_id,), "missing-translation", f"topic {topic_id!r} has no {lang!r} title", key=True))
                reported.add((topic_id, lang))
                continue
            problem = doc.require_text((topic_id, lang))
            if problem:
                problems.append(problem)
                reported.add((topic_id, lang))
    # Missing languages were reported above, per language actually required.
    problems += _structure_problems(doc, models_for(tuple(languages))[1], reported, languages, require_all_languages=False, lang_depth=1)
    topics = {
        topic_id: {lang: titles[lang] for lang in languages if isinstance(titles.get(lang), str)}
        for topic_id, titles in doc.data.items()
        if isinstance(titles, dict)
    }
    return topics, problems


def duplicate_questions(entries: Iterable[FaqEntry], languages: tuple[str, ...]) -> list[Problem]:
    """The same question (or variant) in two entries makes the matcher guess."""
    seen: dict[tuple[str, str], str] = {}
    problems = []
    for entry in sorted(entries, key=lambda e: e.id):
        for lang in languages:
            text = entry.texts.get(lang)
            if not text:
                continue
            for index, question in enumerate([text.question, *text.variants]):
                key = (lang, " ".join(question.casefold().split()))
                if key in seen and seen[key] != entry.id:
                    where = f"{lang}.question" if index == 0 else f"{lang}.variants[{index - 1}]"
                    line, col = entry.marks.get(where, (1, 1))
                    problems.append(Problem(entry.path, line, col, "duplicate-question", f"{where}: {question!r} is also asked in entry {seen[key]!r}", "warning"))
                seen.setdefault(key, entry.id)
    return problems


# --- helpers -------------------------------------------------------------------------

_DOTTED: dict[tuple, str] = {}  # the same few data paths recur in every entry


def _dotted(path: tuple) -> str:
    """``dotted_path(path)``, remembered."""
    dotted = _DOTTED.get(path)
    if dotted is None:
        if len(_DOTTED) > 4096:  # a file with thousands of list items: stay small
            _DOTTED.clear()
        dotted = _DOTTED[path] = dotted_path(path)
    return dotted


def _text_problems(doc: YamlDocument, languages: tuple[str, ...]) -> tuple[list[Problem], set[tuple]]:
    """Every value where text is expected: YAML 1.1 surprises, wrong types, emptiness.

    Also returns the data paths reported, so pydantic does not repeat them.
    """
    data = doc.data
    paths: list[tuple] = []
    for lang in languages:
        block = data.get(lang)
        if not isinstance(block, dict):
            continue
        paths += [(lang, "question"), (lang, "answer")]
        variants = block.get("variants")
        if isinstance(variants, list):
            paths += [(lang, "variants", i) for i in range(len(variants))]
    if "topic" in data:
        paths.append(("topic",))
    for key in ("articles", "related"):
        values = data.get(key)
        if isinstance(values, list):
            paths += [(key, i) for i in range(len(values))]
    problems, reported = [], set()
    for path in paths:
        problem = doc.require_text(path)
        if problem:
            problems.append(problem)
            reported.add(path)
    return problems, reported


class _Filtered:
    """Quacks like a ValidationError for :func:`validation_problems`."""

    def __init__(self, errors: list[dict[str, Any]]):
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        return self._errors


def _structure_problems(
    doc: YamlDocument,
    model: type[BaseModel],
    reported: set[tuple],
    languages: tuple[str, ...],
    require_all_languages: bool,
    lang_depth: int = 0,
) -> list[Problem]:
    """Pydantic's findings, minus what the text checks already said better.

    A missing language becomes ``missing-translation`` (or nothing when one
    language is enough, as for ``knowledge ask``); languages not being loaded are
    not required.
    """
    try:
        model.model_validate(doc.data)
        return []
    except ValidationError as exc:
        errors = exc.errors()
    problems: list[Problem] = []
    kept = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        if any(loc[: len(path)] == path for path in reported if path):
            continue
        if err.get("type") == "missing" and len(loc) == lang_depth + 1 and loc[-1] in (*languages, *LANGUAGES):
            lang = loc[-1]
            if lang in languages and require_all_languages:
                other = [lg for lg in languages if lg != lang and isinstance(doc.get(loc[:-1] + (lg,)), dict)]
                hint = f" (only {', '.join(other)} is there)" if other else ""
                problems.append(doc.problem(loc[:-1], "missing-translation", f"missing the {lang!r} translation{hint}", key=True))
            continue
        if len(loc) > lang_depth and loc[lang_depth] in (*languages, *LANGUAGES) and loc[lang_depth] not in languages:
            continue  # a language this run does not load
        if err.get("type") in {"model_type", "model_attributes_type", "dict_type"}:
            err = {**err, "msg": "Expected a mapping of keys to values"}
        kept.append(err)
    # A value YAML already complained about (an alias, a bad tag) is not news.
    yaml_marks = {(p.line, p.col) for p in doc.problems}
    structure = [p for p in validation_problems(doc, _Filtered(kept)) if (p.line, p.col) not in yaml_marks]
    return problems + structure


def _reference_format_problems(doc: YamlDocument, entry_id: str) -> list[Problem]:
    problems = []
    articles = doc.get(("articles",))
    if isinstance(articles, list):
        for i, key in enumerate(articles):
            if isinstance(key, str) and key.strip() and not PAGE_KEY_RE.match(key):
                problems.append(doc.problem(("articles", i), "invalid-page-key", f"articles[{i}]: {key!r} is not a page key; write the path below content/<lang>/ without '.md', e.g. 'blog/fine-tuning'"))
    related = doc.get(("related",))
    if isinstance(related, list):
        seen: set[str] = set()
        for i, other in enumerate(related):
            if not isinstance(other, str) or not other.strip():
                continue
            if other == entry_id:
                problems.append(doc.problem(("related", i), "self-related", f"related[{i}]: an entry cannot be related to itself"))
            elif not ID_RE.match(other):
                problems.append(doc.problem(("related", i), "invalid-id", f"related[{i}]: {other!r} is not an entry id"))
            elif other in seen:
                problems.append(doc.problem(("related", i), "duplicate-value", f"related[{i}]: {other!r} is listed twice", level="warning"))
            seen.add(other)
    return problems


def _texts(values: Any) -> tuple[str, ...]:
    if not isinstance(values, list):
        return ()
    return tuple(v.strip() for v in values if isinstance(v, str) and v.strip())


def _build_entry(doc: YamlDocument, entry_id: str, languages: tuple[str, ...]) -> FaqEntry:
    data = doc.data
    texts: dict[str, FaqText] = {}
    for lang in languages:
        block = data.get(lang)
        if not isinstance(block, dict):
            continue
        question, answer = block.get("question"), block.get("answer")
        if isinstance(question, str) and question.strip() and isinstance(answer, str) and answer.strip():
            texts[lang] = FaqText(question.strip(), _texts(block.get("variants")), answer.strip())
    topic = data.get("topic")
    marks = {_dotted(path): mark for path, mark in doc.value_marks.items() if path}
    return FaqEntry(
        id=entry_id,
        path=doc.path,
        topic=topic if isinstance(topic, str) and topic.strip() else None,
        articles=_texts(data.get("articles")),
        related=_texts(data.get("related")),
        texts=texts,
        marks=marks,
    )
