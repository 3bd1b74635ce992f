"""Question tests: ``faq/_questions.yml``, real visitor questions with the answer they
must get, run through the very model the site ships.

The file (optional) is a list of items::

    # yaml-language-server: $schema=../plugins/knowledge/schemas/faq-questions.schema.json
    - {q: "cuanto sale un chatbot", lang: es, expect: chatbot-development}
    - {q: "do you sell pizza", lang: en, expect: null}   # null: the assistant must say it does not know

The loader (:func:`load_questions`) collects every problem of the file with its
position; :func:`run_questions` asks each question to a :class:`~knowledge.matcher.Matcher`
built from :func:`shipped_model` (the model ``faq-index.<lang>.js`` carries) and turns
each differing outcome into a problem at the item's ``q``. Rules (``check/RULES.md``):

- ``question-answered-elsewhere`` (error): answered with another entry;
- ``question-suggested`` (warning): abstained, the expected entry among the flagged suggestions;
- ``question-unanswered`` (error): abstained, the expected entry not suggested;
- ``question-out-of-scope-answered`` (error): answered although ``expect: null``;
- ``unknown-entry`` (error): ``expect`` names no entry.

No MkDocs here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field, RootModel, ValidationError

from knowledge.faq.model import ID_PATTERN, ID_RE, LANGUAGES
from knowledge.problems import Problem
from knowledge.yamlio import dotted_path, load_yaml, type_name, validation_problems

QUESTIONS_FILE = "_questions.yml"

RULES: dict[str, str] = {
    "question-answered-elsewhere": "error",
    "question-suggested": "warning",
    "question-unanswered": "error",
    "question-out-of-scope-answered": "error",
    "unknown-entry": "error",
}


# --- structure (the JSON Schema editors get is generated from these) ------------------

class QuestionItemModel(BaseModel):
    """One visitor question and the answer it must get."""

    model_config = ConfigDict(extra="forbid", strict=True, title="Question test")

    q: str = Field(min_length=1, description="The question as a visitor typed it (typos and all).")
    lang: Literal[LANGUAGES] = Field(description="The language of the page the visitor asked on.")  # type: ignore[valid-type]
    expect: str | None = Field(
        pattern=ID_PATTERN,
        description="The id of the entry that must answer it (faq/<id>.yml), or null: the assistant must say it does not know.",
    )


class QuestionTestsModel(RootModel[list[QuestionItemModel]]):
    """faq/_questions.yml: real visitor questions with the answer each must get."""

    model_config = ConfigDict(strict=True, title="FAQ question tests")


@dataclass(frozen=True)
class QuestionTest:
    q: str
    lang: str
    expect: str | None
    path: str  # the file, relative to the project
    line: int  # of the item's q
    col: int
    expect_mark: tuple[int, int]


# --- loading ---------------------------------------------------------------------------

def load_questions(path: Path, *, root: Path | None = None, languages: Sequence[str] = LANGUAGES) -> tuple[list[QuestionTest], list[Problem]]:
    """Every well-formed item of ``path`` and every problem of the file (all of them,
    located). A missing file is no problem: question tests are optional."""
    path = Path(path)
    if not path.exists():
        return [], []
    doc = load_yaml(path, root=root)
    problems = list(doc.problems)
    if doc.data is None:
        return [], problems
    if not isinstance(doc.data, list):
        problems.append(doc.problem((), "wrong-type", f"question tests are a list of {{q, lang, expect}} items, found {type_name(doc.data)}"))
        return [], problems
    reported: set[tuple] = set()
    for i, item in enumerate(doc.data):
        if isinstance(item, dict) and "q" in item:
            problem = doc.require_text((i, "q"))  # YAML 1.1 surprises ("no", "1.000") included
            if problem:
                problems.append(problem)
                reported.add((i, "q"))
    try:
        QuestionTestsModel.model_validate(doc.data)
    except ValidationError as exc:
        kept = [err for err in exc.errors() if not any(tuple(err.get("loc", ()))[: len(p)] == p for p in reported)]
        yaml_marks = {(p.line, p.col) for p in doc.problems}
        problems += [p for p in validation_problems(doc, _Errors(kept)) if (p.line, p.col) not in yaml_marks]
    tests = []
    for i, item in enumerate(doc.data):
        if not isinstance(item, dict):
            continue
        q, lang, expect = item.get("q"), item.get("lang"), item.get("expect", ...)
        if not isinstance(q, str) or not q.strip() or (i, "q") in reported or not isinstance(lang, str):
            continue
        if expect is not None and not (isinstance(expect, str) and ID_RE.match(expect)):
            continue  # missing or malformed: the schema problem above says so
        if lang not in languages:
            if lang in LANGUAGES:  # a valid language this site does not build
                problems.append(doc.problem((i, "lang"), "invalid-value", f"{dotted_path((i, 'lang'))}: {lang!r} is not one of the site's languages ({', '.join(languages)})"))
            continue
        line, col = doc.mark((i, "q"))
        tests.append(QuestionTest(q.strip(), lang, expect, doc.path, line, col, doc.mark((i, "expect"))))
    return tests, problems


class _Errors:
    """Quacks like a ValidationError for :func:`validation_problems`."""

    def __init__(self, errors: list[dict[str, Any]]):
        self._errors = errors

    def errors(self) -> list[dict[str, Any]]:
        return self._errors


def unknown_entry_problems(tests: Iterable[QuestionTest], ids: Iterable[str]) -> list[Problem]:
    """``expect`` naming no entry file: the test could never pass."""
    known = set(ids)
    return [
        Problem(t.path, *t.expect_mark, "unknown-entry", f"expect: no FAQ entry {t.expect!r} (faq/{t.expect}.yml)")
        for t in tests
        if t.expect is not None and t.expect not in known
    ]


# --- running ---------------------------------------------------------------------------

def shipped_model(entries: Sequence[Any], languages: Sequence[str], cache_dir: Path | None) -> dict:
    """The model the build writes into ``faq-index.<lang>.js``: every loaded entry, the
    site's languages, through the shared cache (one training for build and check)."""
    from knowledge.matcher import match_entries
    from knowledge.matcher.cache import trained_model

    return trained_model(match_entries(entries, languages), cache_dir)


@dataclass
class LanguageScore:
    in_scope: int = 0
    in_scope_right: int = 0
    out_of_scope: int = 0
    out_of_scope_abstained: int = 0


def run_questions(tests: Sequence[QuestionTest], entries: Sequence[Any], languages: Sequence[str], cache_dir: Path | None) -> tuple[list[Problem], dict[str, LanguageScore]]:
    """Each test asked to the shipped model: a problem per differing outcome, and the
    per-language score. Tests naming an unknown entry are left to
    :func:`unknown_entry_problems`."""
    from knowledge.matcher.engine import shared_matcher

    ids = {e.id for e in entries}
    runnable = [t for t in tests if t.expect is None or t.expect in ids]
    scores = {lang: LanguageScore() for lang in languages}
    if not runnable or not entries:
        return [], scores
    matcher = shared_matcher(shipped_model(entries, languages, cache_dir))
    problems = []
    for test in runnable:
        result = matcher.search(test.q)
        score = scores.setdefault(test.lang, LanguageScore())
        problem = judge(test, result.id, result.top, result.suggest)
        if test.expect is None:
            score.out_of_scope += 1
            score.out_of_scope_abstained += result.id is None
        else:
            score.in_scope += 1
            score.in_scope_right += result.id == test.expect
        if problem:
            problems.append(problem)
    return problems, scores


def judge(test: QuestionTest, answered: str | None, top: Sequence[tuple[str, float]], suggest: Sequence[bool]) -> Problem | None:
    """The problem (or None) for one outcome, at the item's ``q``."""
    offered = [entry_id for (entry_id, _), ok in zip(top, suggest) if ok]
    shown = ", ".join(offered) or "none"

    def problem(rule: str, message: str) -> Problem:
        return Problem(test.path, test.line, test.col, rule, f"{test.q!r} ({test.lang}): {message}", RULES[rule])  # type: ignore[arg-type]

    if test.expect is None:
        if answered is None:
            return None
        return problem("question-out-of-scope-answered", f"expected no answer, but the assistant answers with {answered!r}; make that entry's variants more specific")
    if answered == test.expect:
        return None
    if answered is not None:
        return problem("question-answered-elsewhere", f"expected {test.expect!r}, but the assistant answers with {answered!r}; add this wording as a variant of {test.expect!r}")
    if test.expect in offered:
        return problem("question-suggested", f"expected {test.expect!r}: the assistant does not answer but suggests it (suggestions: {shown}); add this wording as a variant of {test.expect!r}")
    return problem("question-unanswered", f"expected {test.expect!r}, but the assistant does not answer and does not suggest it (suggestions: {shown}); add this wording as a variant of {test.expect!r}")


def summary_lines(scores: dict[str, LanguageScore]) -> list[str]:
    """One line per language with tests: in-scope answered right, out-of-scope abstained."""
    return [
        f"question tests ({lang}): in scope answered right {s.in_scope_right}/{s.in_scope}, out of scope abstained {s.out_of_scope_abstained}/{s.out_of_scope}"
        for lang, s in scores.items()
        if s.in_scope or s.out_of_scope
    ]
