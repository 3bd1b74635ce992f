"""Load and validate ``content/comparisons.yml``; every problem of the file in one run.

Two passes over the same parsed document, both collecting problems:

1. the pydantic model (:class:`~knowledge.tables.model.ComparisonsFile`) checks
   the shape: unknown keys, missing keys, lists versus mappings;
2. the walk below checks what needs the site's languages and cross-references,
   with the table rules editors see (``table-duplicate-id``,
   ``table-missing-cell``, ``table-unknown-option``, ``table-missing-translation``,
   ``table-unknown-language``, ``table-unknown-rating``, ``table-missing-better``,
   ``table-invalid-id``) plus the text checks of
   :meth:`~knowledge.yamlio.YamlDocument.require_text`.

Where both passes flag the same value (a rating out of the scale, a number where
text is expected), only the walk's more precise problem is kept.

The walk is defensive: it reads the raw data, so one broken comparison never
hides the problems of the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from pydantic import ValidationError

from knowledge.problems import Problem, errors
from knowledge.tables.model import BETTER_VALUES, ID_PATTERN, RATINGS, Comparison, ComparisonsFile
from knowledge.yamlio import YamlDocument, load_yaml, validation_problems

DataPath = tuple[Any, ...]
_ID = re.compile(ID_PATTERN)
# Generic shape problems that a precise table rule replaces at the same position.
_REPLACEABLE_RULES = {"wrong-type", "invalid-value"}


@dataclass
class LoadedComparisons:
    """What the loader hands back: the valid tables, and every id the file names.

    ``comparisons`` is empty when the file has any error (the build stops
    anyway); ``known_ids`` still lists the ids written in the file so that an
    article's marker is not reported as unknown because of an unrelated typo.
    """

    path: str
    comparisons: dict[str, Comparison] = field(default_factory=dict)
    known_ids: frozenset[str] = frozenset()


def load_comparisons(path: Path, *, root: Path | None, languages: Sequence[str]) -> tuple[LoadedComparisons, list[Problem]]:
    """Read ``path`` and validate it for ``languages``; never raises for bad content."""
    doc = load_yaml(path, root=root)
    result = LoadedComparisons(doc.path)
    if doc.data is None:
        return result, sorted(doc.problems)
    problems = list(doc.problems)
    table_problems = _walk(doc, tuple(languages))
    shape_problems: list[Problem] = []
    model: ComparisonsFile | None = None
    try:
        model = ComparisonsFile.model_validate(doc.data)
    except ValidationError as exc:
        shape_problems = validation_problems(doc, exc)
    precise_at = {(p.line, p.col) for p in table_problems}
    problems += table_problems
    problems += [p for p in shape_problems if not (p.rule in _REPLACEABLE_RULES and (p.line, p.col) in precise_at)]
    result.known_ids = frozenset(_raw_ids(doc.data))
    if model is not None and not errors(problems):
        result.comparisons = {comparison.id: comparison for comparison in model.comparisons}
    return result, sorted(set(problems))


def _raw_ids(data: Any) -> Iterable[str]:
    comparisons = data.get("comparisons") if isinstance(data, dict) else None
    for item in comparisons if isinstance(comparisons, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield item["id"]


def _walk(doc: YamlDocument, languages: tuple[str, ...]) -> list[Problem]:
    data = doc.data
    comparisons = data.get("comparisons") if isinstance(data, dict) else None
    if not isinstance(comparisons, list):
        return []  # the shape pass reports it
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, comparison in enumerate(comparisons):
        if not isinstance(comparison, dict):
            continue
        path: DataPath = ("comparisons", index)
        problems += _check_id(doc, path, comparison, seen, what="comparison", scope="in this file")
        name = _name("comparison", comparison, index)
        for key in ("caption", "note", "source"):
            if key in comparison:
                problems += _check_localized(doc, path + (key,), languages, f"{name} {key}", required=False)
        option_ids = _check_options(doc, path, comparison, languages, name)
        problems += option_ids[1]
        problems += _check_criteria(doc, path, comparison, languages, name, option_ids[0])
    return problems


def _name(what: str, item: dict[str, Any], index: int) -> str:
    ident = item.get("id")
    return f"{what} {ident!r}" if isinstance(ident, str) and ident else f"{what} #{index + 1}"


def _check_id(doc: YamlDocument, path: DataPath, item: dict[str, Any], seen: dict[str, int], *, what: str, scope: str) -> list[Problem]:
    ident = item.get("id")
    if not isinstance(ident, str):
        return []  # missing or not text: the shape pass reports it
    id_path = path + ("id",)
    line = doc.mark(id_path)[0]
    if not _ID.match(ident):
        return [doc.problem(id_path, "table-invalid-id", f"{what} id {ident!r} must be kebab-case: lowercase letters, digits and single hyphens (e.g. 'rag-vs-fine-tuning')")]
    if ident in seen:
        return [doc.problem(id_path, "table-duplicate-id", f"{what} id {ident!r} is already used on line {seen[ident]} {scope}; give each {what} its own id")]
    seen[ident] = line
    return []


def _check_options(doc: YamlDocument, path: DataPath, comparison: dict[str, Any], languages: tuple[str, ...], name: str) -> tuple[list[str], list[Problem]]:
    options = comparison.get("options")
    if not isinstance(options, list):
        return [], []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    ids: list[str] = []
    for index, option in enumerate(options):
        if not isinstance(option, dict):
            continue
        option_path = path + ("options", index)
        problems += _check_id(doc, option_path, option, seen, what="option", scope=f"in {name}")
        if isinstance(option.get("id"), str):
            ids.append(option["id"])
        if "label" in option:
            problems += _check_localized(doc, option_path + ("label",), languages, f"{name}, {_name('option', option, index)} label")
    return list(dict.fromkeys(ids)), problems


def _check_criteria(doc: YamlDocument, path: DataPath, comparison: dict[str, Any], languages: tuple[str, ...], name: str, option_ids: list[str]) -> list[Problem]:
    criteria = comparison.get("criteria")
    if not isinstance(criteria, list):
        return []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, criterion in enumerate(criteria):
        if not isinstance(criterion, dict):
            continue
        row_path = path + ("criteria", index)
        row = f"{name}, {_name('criterion', criterion, index)}"
        problems += _check_id(doc, row_path, criterion, seen, what="criterion", scope=f"in {name}")
        if "label" in criterion:
            problems += _check_localized(doc, row_path + ("label",), languages, f"{row} label")
        better = criterion.get("better")
        if better is not None and better not in BETTER_VALUES:
            problems.append(doc.problem(row_path + ("better",), "table-unknown-rating", f"{row}: better is {better!r}; write low (lower is better, e.g. cost) or high (higher is better, e.g. quality)"))
        cells = criterion.get("cells")
        if isinstance(cells, dict):
            problems += _check_cells(doc, row_path, cells, languages, row, option_ids, has_better=better is not None)
    return problems


def _check_cells(doc: YamlDocument, row_path: DataPath, cells: dict[str, Any], languages: tuple[str, ...], row: str, option_ids: list[str], *, has_better: bool) -> list[Problem]:
    problems: list[Problem] = []
    cells_path = row_path + ("cells",)
    for option_id in option_ids:
        if option_id not in cells:
            example = ", ".join(f"{lang}: …" for lang in languages)
            problems.append(doc.problem(cells_path, "table-missing-cell", f"{row} has no cell for option {option_id!r}; add '{option_id}: {{{example}}}' under cells", key=True))
    rated_at: DataPath | None = None
    for option_id, cell in cells.items():
        cell_path = cells_path + (option_id,)
        if option_ids and option_id not in option_ids:
            known = ", ".join(option_ids)
            problems.append(doc.problem(cell_path, "table-unknown-option", f"{row} has a cell for {option_id!r}, which is not a column of this table; use one of the option ids: {known}", key=True))
            continue
        if not isinstance(cell, dict):
            continue  # the shape pass reports it
        problems += _check_localized(doc, cell_path, languages, f"{row}, cell {option_id!r}", extra_keys=("rating",))
        rating = cell.get("rating")
        if rating is not None:
            rated_at = rated_at or cell_path + ("rating",)
            if rating not in RATINGS:
                problems.append(doc.problem(cell_path + ("rating",), "table-unknown-rating", f"{row}, cell {option_id!r}: rating {rating!r} is not on the scale; use low, medium or high"))
    if rated_at is not None and not has_better:
        problems.append(doc.problem(row_path, "table-missing-better", f"{row} rates its cells but does not say which rating is good; add 'better: low' or 'better: high'", key=True))
    return problems


def _check_localized(doc: YamlDocument, path: DataPath, languages: tuple[str, ...], what: str, *, required: bool = True, extra_keys: tuple[str, ...] = ()) -> list[Problem]:
    """A text in every language: each present, each real text, no unknown language."""
    value = doc.get(path)
    if value is None and not required:
        return []
    if not isinstance(value, dict):
        return []  # the shape pass reports a wrong type
    problems: list[Problem] = []
    for lang in languages:
        if lang not in value:
            problems.append(doc.problem(path, "table-missing-translation", f"{what} has no {lang!r} text; add '{lang}: …' next to the other languages", key=True))
            continue
        if value[lang] is None:
            problems.append(doc.problem(path + (lang,), "table-missing-translation", f"{what}: the {lang!r} text is empty; write it", key=True))
            continue
        problem = doc.require_text(path + (lang,))
        if problem is not None:
            if problem.rule in {"missing-key", "empty-value"}:
                problem = doc.problem(path + (lang,), "table-missing-translation", f"{what}: the {lang!r} text is empty; write it")
            problems.append(problem)
    for key in value:
        if key not in languages and key not in extra_keys:
            allowed = ", ".join((*languages, *extra_keys))
            problems.append(doc.problem(path + (key,), "table-unknown-language", f"{what}: {key!r} is not a site language; use {allowed}", key=True))
    return problems
