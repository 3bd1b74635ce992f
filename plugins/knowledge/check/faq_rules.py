"""FAQ rules beyond the schema: near-duplicate questions, variants the assistant
would answer with another entry, answers too long for the assistant.

They read :class:`knowledge.faq.model.FaqEntry` objects as the FAQ loader built
them (``entry.marks`` locates every question and variant in its file).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable, Sequence

from knowledge.check import near_duplicates
from knowledge.matcher.text import STOPWORDS, fold
from knowledge.problems import Problem

WARNING = "warning"


def _where(lang: str, index: int) -> str:
    """Data path of a question (index 0) or variant (index ≥ 1), as FaqEntry.marks keys it."""
    return f"{lang}.question" if index == 0 else f"{lang}.variants[{index - 1}]"


def _mark(entry: Any, where: str) -> tuple[int, int]:
    return entry.marks.get(where) or entry.marks.get(where.split(".")[0]) or (1, 1)


def questions(entries: Iterable[Any], lang: str) -> list[tuple[Any, str, str]]:
    """``(entry, where, text)`` for every question and variant in ``lang``."""
    return [(entry, _where(lang, index), question) for entry in entries for index, question in enumerate(entry.questions(lang))]


def informative(text: str) -> str:
    """The matcher's folded text without its stopwords (all of it when only stopwords),
    words sorted: ``fuzz.ratio`` on it equals ``token_sort_ratio``, computed faster."""
    words = fold(text).split()
    kept = [w for w in words if w not in STOPWORDS]
    return " ".join(sorted(kept or words))


def duplicate_question_problems(entries: Sequence[Any], languages: Sequence[str], threshold: int, cache_dir: Path | None = None) -> list[Problem]:
    """Questions or variants of two entries, in one language, scoring ``threshold`` or
    more with rapidfuzz's ``token_sort_ratio`` on their :func:`informative` text
    (the matcher's folding, stopwords out, word order ignored), so that "what is
    rag in ai" and "what is lora in ai" differ as "rag ai" and "lora ai" do.
    Reported at both places.

    The result depends on the FAQ's texts, where they stand and the threshold only,
    so it is kept in the model cache like the variant rule's: at 2,000 entries with
    30 to 40 variants (140,000 texts) the search takes half a minute, and a check
    after an article edit should not pay it again."""
    from knowledge.matcher.cache import remembered_result

    asked = {lang: questions(entries, lang) for lang in languages}
    key = json.dumps(
        [_rule_code(), threshold, list(languages),
         [[lang, [[e.path, where, text, _mark(e, where)] for e, where, text in items]] for lang, items in asked.items()]],
        ensure_ascii=False,
    )
    stored = remembered_result(cache_dir, "duplicates", key, lambda: [asdict(p) for p in _duplicate_problems(asked, threshold)], _problem_dicts)
    return [Problem(**item) for item in stored]


@functools.cache
def _rule_code() -> str:
    """A hash of the code that computes the rule: an edited rule never reads a stale result."""
    import hashlib

    sources = [Path(__file__), Path(near_duplicates.__file__), Path(fold.__code__.co_filename)]
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()


def _duplicate_problems(asked: dict[str, list[tuple[Any, str, str]]], threshold: int) -> list[Problem]:
    problems: list[Problem] = []
    for items in asked.values():
        if len(items) < 2:
            continue
        prepared = [informative(text) for _, _, text in items]
        for i, j, score in near_duplicates.similar_pairs(prepared, threshold):
            (entry_a, where_a, text_a), (entry_b, where_b, text_b) = items[i], items[j]
            if entry_a is entry_b:
                continue
            line_a, col_a = _mark(entry_a, where_a)
            line_b, col_b = _mark(entry_b, where_b)
            problems.append(Problem(
                entry_a.path, line_a, col_a, "duplicate-question",
                f"{where_a} {text_a!r} is {score}% similar to {where_b} {text_b!r} in {entry_b.path}:{line_b}; merge the entries or tell them apart",
                WARNING,
            ))
            problems.append(Problem(
                entry_b.path, line_b, col_b, "duplicate-question",
                f"{where_b} {text_b!r} is {score}% similar to {where_a} {text_a!r} in {entry_a.path}:{line_a}; merge the entries or tell them apart",
                WARNING,
            ))
    return problems


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*_`#>|]+|<[^>]+>")


def plain_length(markdown: str) -> int:
    """Characters a reader sees: link targets, emphasis marks and tags do not count."""
    text = _MARKDOWN_LINK.sub(r"\1", markdown)
    text = _MARKUP.sub("", text)
    return len(" ".join(text.split()))


def answer_too_long_problems(entries: Sequence[Any], languages: Sequence[str], max_chars: int) -> list[Problem]:
    problems = []
    for entry in entries:
        for lang in languages:
            text = entry.texts.get(lang)
            if not text:
                continue
            length = plain_length(text.answer)
            if length > max_chars:
                line, col = _mark(entry, f"{lang}.answer")
                problems.append(Problem(
                    entry.path, line, col, "answer-too-long",
                    f"{lang}.answer is {length} characters; the assistant shows at most {max_chars} comfortably: shorten it and link to an article for the details",
                    WARNING,
                ))
    return problems


def variant_problems(entries: Sequence[Any], languages: Sequence[str], cache_dir: Path | None = None) -> list[Problem]:
    """Each question and variant asked to the matcher trained on every entry: it must
    answer with its own entry. Otherwise the assistant gets it wrong for a visitor
    who asks exactly that.

    The result depends only on the entries' files and the model, so it is kept in
    the model cache: a check after an article edit does not ask them again."""
    from knowledge.matcher import match_entries
    from knowledge.matcher.cache import model_digest, remembered_result

    usable = [e for e in entries if e.texts]
    if len(usable) < 2:
        return []
    matched = match_entries(usable, languages)
    # The problems carry each variant's line and column: the key covers where they stand.
    key = json.dumps([model_digest(matched), list(languages), [[e.path, sorted(e.marks.items())] for e in usable]], ensure_ascii=False)
    stored = remembered_result(cache_dir, "variants", key, lambda: [asdict(p) for p in _variant_problems(usable, matched, languages, cache_dir)], _problem_dicts)
    return [Problem(**item) for item in stored]


def _problem_dicts(value: Any) -> bool:
    fields = {"path", "line", "col", "rule", "message", "level"}
    return isinstance(value, list) and all(isinstance(item, dict) and set(item) == fields for item in value)


def _variant_problems(usable: Sequence[Any], matched: Sequence[Any], languages: Sequence[str], cache_dir: Path | None) -> list[Problem]:
    from knowledge.matcher.engine import shared_matcher
    from knowledge.matcher.cache import trained_model

    matcher = shared_matcher(trained_model(matched, cache_dir))
    asked = [
        (entry, where, text)
        for entry in usable
        for lang in languages
        for index, (_, where, text) in enumerate(questions([entry], lang))
        if index > 0  # the question itself is the entry's title; variants are what editors add
    ]
    # One batch: per variant, a Python loop over postings would cost entries x variants.
    answers = matcher.search_many([text for _, _, text in asked], top=1)  # the answer alone is asked
    by_id = {entry.id: entry for entry in usable}
    problems = []
    for (entry, where, text), result in zip(asked, answers):
        if result.id == entry.id:
            continue
        line, col = _mark(entry, where)
        if result.id is None:
            what = "the assistant does not answer it (it abstains)"
        else:
            other = by_id.get(result.id)
            what = f"the assistant answers it with entry {result.id!r}" + (f" ({other.path})" if other is not None else "")
        problems.append(Problem(
            entry.path, line, col, "variant-answers-elsewhere",
            f"{where} {text!r}: {what}; rephrase it closer to this entry's question or move it to the entry it matches",
            WARNING,
        ))
    return problems
