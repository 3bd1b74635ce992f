"""Validation of the comparisons data file: every error with file, line and rule, all in one run."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from knowledge.tables.loader import load_comparisons
from knowledge.tables.model import ComparisonsFile

REPO = Path(__file__).resolve().parents[2]
LANGUAGES = ("es", "en")

VALID = textwrap.dedent(
    """\
    comparisons:
      - id: tea-vs-coffee
        caption: {es: Té o café, en: Tea vs. coffee}
        options:
          - id: tea
            label: {es: Té, en: Tea}
          - id: coffee
            label: {es: Café, en: Coffee}
        criteria:
          - id: caffeine
            label: {es: Cafeína, en: Caffeine}
            better: low
            cells:
              tea: {es: Poca, en: Little, rating: low}
              coffee: {es: Mucha, en: A lot, rating: high}
          - id: price
            label: {es: Precio, en: Price}
            cells:
              tea: {es: Barato, en: Cheap}
              coffee: {es: Variable, en: It depends}
    """
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "content" / "comparisons.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, text: str):
    return load_comparisons(write(tmp_path, text), root=tmp_path, languages=LANGUAGES)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle`` (so tests do not hard-code numbers)."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not in fixture"
    return hits[occurrence - 1]


def only(problems, rule):
    found = [p for p in problems if p.rule == rule]
    assert found, f"no {rule} in {[p.parsable() for p in problems]}"
    return found


def test_valid_file_loads_with_no_problems(tmp_path):
    loaded, problems = load(tmp_path, VALID)
    assert problems == []
    table = loaded.comparisons["tea-vs-coffee"]
    assert [o.id for o in table.options] == ["tea", "coffee"]
    assert table.criteria[0].cells["coffee"].text("en") == "A lot"
    assert table.criteria[0].cells["coffee"].rating == "high"


def test_sample_content_file_is_valid_and_has_both_tables():
    loaded, problems = load_comparisons(REPO / "content" / "comparisons.yml", root=REPO, languages=LANGUAGES)
    assert problems == []
    assert {"rag-vs-fine-tuning", "hosted-vs-open-models"} <= set(loaded.comparisons)
    assert len(loaded.comparisons["rag-vs-fine-tuning"].criteria) == 7
    assert 6 <= len(loaded.comparisons["hosted-vs-open-models"].criteria) <= 8


def test_missing_cell_for_a_column(tmp_path):
    text = VALID.replace("          coffee: {es: Variable, en: It depends}\n", "")
    _, problems = load(tmp_path, text)
    [problem] = only(problems, "table-missing-cell")
    assert problem.path == "content/comparisons.yml"
    assert problem.line == line_of(text, "cells:", 2)
    assert "'coffee'" in problem.message and "price" in problem.message


def test_cell_for_an_unknown_column(tmp_path):
    text = VALID.replace("tea: {es: Barato, en: Cheap}", "mate: {es: Barato, en: Cheap}")
    _, problems = load(tmp_path, text)
    [problem] = only(problems, "table-unknown-option")
    assert (problem.path, problem.line, problem.col) == ("content/comparisons.yml", line_of(text, "mate:"), 11)
    assert "tea, coffee" in problem.message
    # The real column now has no cell either: both are reported in the same run.
    assert only(problems, "table-missing-cell")[0].line == line_of(text, "cells:", 2)


@pytest.mark.parametrize(
    ("before", "after", "needle"),
    [
        ("label: {es: Café, en: Coffee}", "label: {es: Café}", "label: {es: Café}"),  # an option label
        ("label: {es: Precio, en: Price}", "label: {en: Price}", "label: {en: Price}"),  # a row label
        ("coffee: {es: Mucha, en: A lot, rating: high}", "coffee: {es: Mucha, rating: high}", "coffee: {es: Mucha"),  # a cell value
        ("caption: {es: Té o café, en: Tea vs. coffee}", "caption: {es: Té o café, en: ''}", "caption:"),  # an empty text
    ],
)
def test_label_or_value_missing_in_one_language(tmp_path, before, after, needle):
    text = VALID.replace(before, after)
    _, problems = load(tmp_path, text)
    [problem] = only(problems, "table-missing-translation")
    assert problem.path == "content/comparisons.yml"
    assert problem.line == line_of(text, needle)
    assert "'en'" in problem.message or "'es'" in problem.message


def test_text_in_a_language_the_site_does_not_have(tmp_path):
    text = VALID.replace("label: {es: Té, en: Tea}", "label: {es: Té, en: Tea, fr: Thé}")
    _, problems = load(tmp_path, text)
    [problem] = only(problems, "table-unknown-language")
    assert problem.line == line_of(text, "fr: Thé")


def test_unknown_rating(tmp_path):
    text = VALID.replace("rating: high}", "rating: highest}")
    _, problems = load(tmp_path, text)
    [problem] = only(problems, "table-unknown-rating")
    assert (problem.path, problem.line) == ("content/comparisons.yml", line_of(text, "highest"))
    assert problem.col == text.splitlines()[problem.line - 1].index("highest") + 1
    assert "low, medium or high" in problem.message
    # The generic shape error on the same value is not reported twice.
    assert [p for p in problems if p.line == problem.line] == [problem]


def test_unknown_better_value(tmp_path):
    text = VALID.replace("better: low", "better: lower")
    _, problems = load(tmp_path, text)
    [problem] = only(problems, "table-unknown-rating")
    assert problem.line == line_of(text, "better: lower")


def test_ratings_without_better(tmp_path):
    text = VALID.replace("        better: low\n", "")
    _, problems = load(tmp_path, text)
    [problem] = only(problems, "table-missing-better")
    assert problem.line == line_of(text, "- id: caffeine")


@pytest.mark.parametrize(
    ("before", "after", "needle", "occurrence"),
    [
        ("      - id: coffee", "      - id: tea", "      - id: tea", 2),  # option
        ("      - id: price", "      - id: caffeine", "      - id: caffeine", 2),  # criterion
    ],
)
def test_duplicate_option_or_criterion_id(tmp_path, before, after, needle, occurrence):
    text = VALID.replace(before, after)
    _, problems = load(tmp_path, text)
    duplicates = only(problems, "table-duplicate-id")
    assert duplicates[0].line == line_of(text, needle, occurrence)
    assert f"line {line_of(text, needle)}" in duplicates[0].message


def test_duplicate_table_id(tmp_path):
    body = VALID.split("\n", 1)[1]
    text = VALID + body
    loaded, problems = load(tmp_path, text)
    [problem] = only(problems, "table-duplicate-id")
    assert problem.line == line_of(text, "- id: tea-vs-coffee", 2)
    assert problem.col == text.splitlines()[problem.line - 1].index("tea-vs-coffee") + 1
    assert loaded.comparisons == {}  # an invalid file renders nothing
    assert loaded.known_ids == {"tea-vs-coffee"}


def test_id_must_be_kebab_case(tmp_path):
    text = VALID.replace("- id: tea-vs-coffee", "- id: Tea_vs_Coffee")
    _, problems = load(tmp_path, text)
    [problem] = only(problems, "table-invalid-id")
    assert problem.line == line_of(text, "Tea_vs_Coffee")
    assert [p for p in problems if p.line == problem.line] == [problem]


def test_unknown_key_and_text_read_as_number(tmp_path):
    text = VALID.replace("better: low", "better: low\n        colour: red").replace("en: Cheap", "en: 1.000")
    _, problems = load(tmp_path, text)
    assert only(problems, "unknown-key")[0].line == line_of(text, "colour: red")
    implicit = only(problems, "yaml-implicit-number")[0]
    assert implicit.line == line_of(text, "en: 1.000")
    assert not [p for p in problems if p.rule == "wrong-type"]  # reported once, by the precise rule


def test_every_problem_in_one_run(tmp_path):
    text = (
        VALID.replace("rating: high}", "rating: highest}")
        .replace("label: {es: Precio, en: Price}", "label: {es: Precio}")
        .replace("          coffee: {es: Variable, en: It depends}\n", "")
        .replace("- id: price", "- id: caffeine")
    )
    _, problems = load(tmp_path, text)
    rules = {p.rule for p in problems}
    assert {"table-unknown-rating", "table-missing-translation", "table-missing-cell", "table-duplicate-id"} <= rules
    assert problems == sorted(problems)
    assert all(p.path == "content/comparisons.yml" and p.line > 1 for p in problems)


def test_broken_yaml_is_a_problem_not_an_exception(tmp_path):
    loaded, problems = load(tmp_path, "comparisons:\n  - id: a\n    caption: {es: x: y}\n")
    assert problems and problems[0].path == "content/comparisons.yml" and problems[0].line == 3
    assert loaded.comparisons == {}


def test_json_schema_is_generated_from_the_model():
    schema = ComparisonsFile.model_json_schema()
    assert schema["required"] == ["comparisons"]
    assert schema["$defs"]["Cell"]["properties"]["rating"]["anyOf"][0]["enum"] == ["low", "medium", "high"]
    assert schema["$defs"]["Criterion"]["additionalProperties"] is False
