"""One fixture per rule (``fixtures/<rule>/`` laid over ``fixtures/clean``): the check
reports exactly these ``(path, line, col, rule)``, and nothing on the clean project."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from knowledge.check.project import read_project_config
from knowledge.check.rules import RULE_LEVELS
from knowledge.check.runner import check_project

from check_fixtures import make_project

RULES_DOC = Path(__file__).resolve().parents[2] / "plugins" / "knowledge" / "check" / "RULES.md"

EXPECTED: dict[str, set[tuple[str, int, int, str]]] = {
    "missing-translation": {
        ("content/es/blog/solo-en-castellano.md", 1, 1, "missing-translation"),
    },
    "translation-drift": {
        ("content/en/blog/first-steps.md", 4, 7, "translation-drift"),  # date
        ("content/en/blog/first-steps.md", 7, 7, "translation-drift"),  # one tag instead of two
        ("content/en/blog/second-steps.md", 6, 11, "translation-drift"),  # "Proyectos" is "Projects" elsewhere
    },
    "duplicate-question": {
        ("faq/project-cost.yml", 5, 13, "duplicate-question"),
        ("faq/software-price.yml", 3, 13, "duplicate-question"),
    },
    "variant-answers-elsewhere": {
        ("faq/contact-us.yml", 6, 7, "variant-answers-elsewhere"),
    },
    "answer-too-long": {
        ("faq/project-timeline.yml", 8, 11, "answer-too-long"),
    },
    "broken-link": {
        ("content/es/index.md", 7, 18, "broken-link"),  # no such page
        ("content/es/index.md", 7, 55, "broken-link"),  # no such heading on the page linked
        ("content/es/index.md", 8, 20, "broken-link"),  # no such heading on this page
        ("content/es/index.md", 8, 40, "broken-link"),  # no such image
        ("content/es/index.md", 9, 10, "broken-link"),  # outside content/
        ("content/es/index.md", 11, 8, "broken-link"),  # reference definition
    },
    "image-alt": {
        ("content/es/blog/first-steps.md", 14, 1, "image-alt"),  # ![](…)
        ("content/es/blog/first-steps.md", 16, 1, "image-alt"),  # <img> without alt (alt="" is accepted)
    },
    "slug": {
        ("content/es/blog/Mi_Post.md", 1, 1, "slug"),
        ("content/en/blog/Mi_Post.md", 1, 1, "slug"),
    },
    "unsafe-html": {
        ("content/es/index.md", 7, 1, "unsafe-html"),  # <script>
        ("content/es/index.md", 8, 34, "unsafe-html"),  # onerror= (on the attribute)
        ("content/es/index.md", 8, 68, "unsafe-html"),  # [enlace](JaVaScRiPt:…)
        ("content/es/index.md", 9, 4, "unsafe-html"),  # href="java&#x09;script:…"
        ("content/es/index.md", 9, 54, "unsafe-html"),  # [otro](&#106;avascript:…), and no broken-link for it
        ("content/es/index.md", 10, 1, "unsafe-html"),  # <iframe>
        ("content/es/index.md", 12, 8, "unsafe-html"),  # [ref]: vbscript:…
        ("content/es/index.md", 20, 73, "unsafe-html"),  # [esto](data:text/html…); the data:image/ image passes
    },
    # The loaders' own rules come through unchanged.
    "loader-rules": {
        ("content/es/blog/first-steps.md", 2, 1, "missing-key"),
        ("content/es/blog/first-steps.md", 4, 9, "unknown-author"),
        ("content/es/blog/first-steps.md", 7, 1, "unknown-key"),
        ("content/en/index.md", 6, 1, "table-unknown-id"),
    },
}


def located(problems) -> set[tuple[str, int, int, str]]:
    return {(p.path, p.line, p.col, p.rule) for p in problems}


def run_check(project: Path):
    return check_project(read_project_config(project / "mkdocs.yml")).problems


def test_clean_fixture_has_no_problems(tmp_path):
    assert run_check(make_project(tmp_path)) == []


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_rule_fixture(fixture, tmp_path):
    problems = run_check(make_project(tmp_path, fixture))
    assert located(problems) == EXPECTED[fixture]
    for p in problems:
        assert p.message and not p.message[0].isupper(), p.message
        assert not p.message.endswith("."), p.message
        if p.rule in RULE_LEVELS:
            assert p.level == RULE_LEVELS[p.rule]


def test_duplicate_threshold_is_configurable(tmp_path):
    project = make_project(tmp_path, "duplicate-question")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - knowledge\n", "  - knowledge:\n      faq:\n        duplicate_threshold: 100\n"))
    assert located(run_check(project)) == EXPECTED["duplicate-question"]  # identical once folded: 100
    (project / "faq" / "software-price.yml").write_text(
        (project / "faq" / "software-price.yml").read_text().replace("el proyecto de software", "el proyecto de software a medida")
    )
    assert located(run_check(project)) == set()
    config.write_text(config.read_text().replace("duplicate_threshold: 100", "duplicate_threshold: 80"))
    assert located(run_check(project)) == EXPECTED["duplicate-question"]


def test_invalid_rule_option_is_reported(tmp_path):
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - knowledge\n", "  - knowledge:\n      faq:\n        answer_max_chars: lots\n"))
    assert located(run_check(project)) == {("mkdocs.yml", 1, 1, "invalid-option")}


def test_every_rule_is_documented_with_examples():
    """RULES.md has a section per rule with its level, a failing and a passing example, and a fix."""
    text = RULES_DOC.read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## `([a-z0-9-]+)`\n(.*?)(?=^## |\Z)", text, re.S | re.M))
    assert set(RULE_LEVELS) <= set(sections)
    for rule, body in sections.items():
        assert "Fails:" in body and "Passes:" in body and "Fix:" in body, rule
        if rule in RULE_LEVELS:
            assert f"Level: {RULE_LEVELS[rule]}" in body, rule
    for fixture in EXPECTED:
        if fixture in RULE_LEVELS:
            assert fixture in sections


def test_a_page_with_broken_front_matter_is_reported_once_not_as_missing(tmp_path):
    """An FAQ entry naming a page whose front matter is broken gets no extra
    'unknown-article' problem: the page exists, its own problem is the one to fix."""
    project = make_project(tmp_path)
    post = project / "content" / "en" / "blog" / "first-steps.md"
    post.write_text(re.sub(r"^date: .*$", "date: 2026-02-31", post.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    problems = run_check(project)
    assert [(p.path, p.rule) for p in problems if p.level == "error"] == [("content/en/blog/first-steps.md", "invalid-value")]


def test_variant_answered_elsewhere_names_the_entry_and_its_file(tmp_path):
    """The editor learns which entry took the variant, and where that entry lives."""
    project = make_project(tmp_path, "variant-answers-elsewhere")
    cost = project / "faq" / "project-cost.yml"
    cost.write_text(cost.read_text(encoding="utf-8").replace(
        '    - "budget for an app"\n',
        '    - "budget for an app"\n    - "how much would a software project cost"\n    - "software project cost"\n    - "cost of a software project"\n',
    ), encoding="utf-8")
    # A question that belongs to project-cost, written under contact-us by mistake.
    entry = project / "faq" / "contact-us.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace('    - "contact email"\n', '    - "contact email"\n    - "how much does a software project cost"\n'), encoding="utf-8")
    taken = [p for p in run_check(project) if p.rule == "variant-answers-elsewhere" and "answers it with entry" in p.message]
    assert [(p.path, p.line, p.col) for p in taken] == [("faq/contact-us.yml", 13, 7)]
    assert "the assistant answers it with entry 'project-cost' (faq/project-cost.yml)" in taken[0].message
