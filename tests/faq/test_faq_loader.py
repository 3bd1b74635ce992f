"""The FAQ loader on real files: one test per YAML pitfall, asserting (line, col, rule)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.faq.feature import FaqFeature
from knowledge.faq.loader import load_faq, load_topics
from knowledge.features import SiteContext
from knowledge.yamlio import DEFAULT_MAX_BYTES

GOOD_ES = """\
es:
  question: "¿Cuánto cuesta?"
  variants:
    - "cuanto sale"
  answer: "Depende del **alcance**."
"""
GOOD_EN = """\
en:
  question: "How much does it cost?"
  answer: "It depends on the scope."
"""
TOPICS = """\
pricing:
  es: Precios
  en: Pricing
process:
  es: Proceso
  en: Process
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def faq(tmp_path: Path) -> Path:
    folder = tmp_path / "faq"
    folder.mkdir()
    write(folder, "_topics.yml", TOPICS)
    return folder


def located(problems) -> set[tuple[str, int, int, str]]:
    return {(p.path, p.line, p.col, p.rule) for p in problems}


def load(faq: Path, **kwargs):
    return load_faq(faq, root=faq.parent, **kwargs)


def test_a_clean_entry_loads_with_every_field(faq: Path) -> None:
    write(faq, "cost.yml", "topic: pricing\narticles: [blog/fine-tuning]\nrelated: [process]\n" + GOOD_ES + GOOD_EN)
    write(faq, "process.yml", GOOD_ES.replace("¿Cuánto cuesta?", "¿Cómo trabajan?").replace("cuanto sale", "proceso") + GOOD_EN.replace("How much does it cost?", "How do you work?"))
    entries, problems = load(faq)
    assert problems == []
    assert [e.id for e in entries] == ["cost", "process"]
    cost = entries[0]
    assert cost.path == "faq/cost.yml"
    assert (cost.topic, cost.articles, cost.related) == ("pricing", ("blog/fine-tuning",), ("process",))
    assert cost.texts["es"].question == "¿Cuánto cuesta?"
    assert cost.texts["es"].variants == ("cuanto sale",)
    assert cost.texts["en"].variants == ()
    assert cost.questions("es") == ["¿Cuánto cuesta?", "cuanto sale"]


def test_duplicate_key(faq: Path) -> None:
    write(faq, "cost.yml", GOOD_ES + GOOD_EN + "en:\n  question: x\n  answer: y\n")
    _, problems = load(faq)
    assert ("faq/cost.yml", 9, 1, "yaml-duplicate-key") in located(problems)


def test_anchor_and_alias(faq: Path) -> None:
    write(faq, "cost.yml", "es: &texts\n  question: Hola\n  answer: Chau\nen: *texts\n")
    _, problems = load(faq)
    found = located(problems)
    assert ("faq/cost.yml", 1, 5, "yaml-anchor") in found
    assert ("faq/cost.yml", 4, 5, "yaml-anchor") in found
    # The alias is reported once, not again as a wrong type by the schema.
    assert [p.rule for p in problems if p.line == 4] == ["yaml-anchor"]


def test_yaml11_boolean_where_text_is_expected(faq: Path) -> None:
    write(faq, "cost.yml", GOOD_ES.replace('    - "cuanto sale"', "    - no") + GOOD_EN)
    entries, problems = load(faq)
    assert located(problems) == {("faq/cost.yml", 4, 7, "yaml-truthy")}
    assert "quote it" in problems[0].message


def test_auto_parsed_date_where_text_is_expected(faq: Path) -> None:
    write(faq, "cost.yml", GOOD_ES + GOOD_EN.replace('"It depends on the scope."', "2024-03-05"))
    _, problems = load(faq)
    assert located(problems) == {("faq/cost.yml", 8, 11, "yaml-implicit-date")}


def test_auto_parsed_number_where_text_is_expected(faq: Path) -> None:
    write(faq, "cost.yml", GOOD_ES.replace('"¿Cuánto cuesta?"', "1.000") + GOOD_EN)
    _, problems = load(faq)
    assert located(problems) == {("faq/cost.yml", 2, 13, "yaml-implicit-number")}


def test_tabs(faq: Path) -> None:
    write(faq, "cost.yml", GOOD_ES + "en:\n\tquestion: x\n")
    _, problems = load(faq)
    assert located(problems) == {("faq/cost.yml", 7, 1, "yaml-tabs")}


def test_wrong_encoding(faq: Path) -> None:
    write(faq, "cost.yml", (GOOD_ES + GOOD_EN).replace("Depende", "Dep\u00e9nde").encode("latin-1"))
    _, problems = load(faq)
    # '  question: "' is 13 bytes, so the Latin-1 '¿' is byte 14 of line 2.
    assert located(problems) == {("faq/cost.yml", 2, 14, "encoding")}


def test_size_limit(faq: Path) -> None:
    big = GOOD_ES + GOOD_EN + "# " + "x" * DEFAULT_MAX_BYTES + "\n"
    write(faq, "cost.yml", big)
    _, problems = load(faq)
    assert located(problems) == {("faq/cost.yml", 1, 1, "file-too-large")}


def test_missing_language_is_an_error_unless_one_language_is_enough(faq: Path) -> None:
    write(faq, "cost.yml", GOOD_ES)
    entries, problems = load(faq)
    assert located(problems) == {("faq/cost.yml", 1, 1, "missing-translation")}
    assert "'en'" in problems[0].message
    entries, problems = load(faq, require_all_languages=False)
    assert problems == []
    assert [e.id for e in entries] == ["cost"]
    assert set(entries[0].texts) == {"es"}


def test_unknown_and_missing_keys(faq: Path) -> None:
    write(faq, "cost.yml", "es:\n  question: Hola\n  anwser: Chau\n" + GOOD_EN + "tags: [x]\n")
    _, problems = load(faq)
    assert located(problems) == {
        ("faq/cost.yml", 1, 1, "missing-key"),  # es.answer, reported on the es: key
        ("faq/cost.yml", 3, 3, "unknown-key"),  # es.anwser
        ("faq/cost.yml", 7, 1, "unknown-key"),  # tags
    }


def test_empty_and_null_text(faq: Path) -> None:
    write(faq, "cost.yml", 'es:\n  question: ""\n  answer:\n' + GOOD_EN)
    _, problems = load(faq)
    assert located(problems) == {("faq/cost.yml", 2, 13, "empty-value"), ("faq/cost.yml", 3, 10, "wrong-type")}


def test_bad_ids_and_references(faq: Path) -> None:
    write(faq, "Cost_Estimate.yml", GOOD_ES + GOOD_EN)
    write(faq, "other.yaml", GOOD_ES + GOOD_EN)
    write(faq, "self.yml", "related: [self, Not-An-Id]\narticles: [/es/blog/x.md]\ntopic: nope\n" + GOOD_ES.replace("cuesta", "vale").replace("cuanto sale", "v") + GOOD_EN.replace("cost", "run"))
    _, problems = load(faq)
    assert located(problems) == {
        ("faq/Cost_Estimate.yml", 1, 1, "invalid-id"),
        ("faq/other.yaml", 1, 1, "invalid-id"),
        ("faq/self.yml", 1, 11, "self-related"),
        ("faq/self.yml", 1, 17, "invalid-id"),
        ("faq/self.yml", 2, 12, "invalid-page-key"),
        ("faq/self.yml", 3, 8, "unknown-topic"),
    }


def test_every_problem_of_every_file_in_one_run(faq: Path) -> None:
    write(faq, "a.yml", GOOD_ES)  # missing en
    write(faq, "b.yml", "es:\n\tquestion: x\n")  # tabs
    write(faq, "c.yml", GOOD_ES.replace('"cuanto sale"', "yes").replace('"¿Cuánto cuesta?"', '"¿Otra?"') + GOOD_EN.replace("How much", "How long") + "en: {}\n")
    write(faq, "_topics.yml", "pricing:\n  es: Precios\n")
    write(faq, "README.md", "notes for editors, not an entry\n")
    entries, problems = load(faq)
    assert located(problems) == {
        ("faq/a.yml", 1, 1, "missing-translation"),
        ("faq/b.yml", 2, 1, "yaml-tabs"),
        ("faq/c.yml", 4, 7, "yaml-truthy"),
        ("faq/c.yml", 9, 1, "yaml-duplicate-key"),
        ("faq/_topics.yml", 1, 1, "missing-translation"),
    }
    assert [e.id for e in entries] == ["a", "c"]  # b.yml holds nothing usable


def test_same_question_in_two_entries_is_a_warning(faq: Path) -> None:
    write(faq, "a.yml", GOOD_ES + GOOD_EN)
    write(faq, "b.yml", GOOD_ES.replace("¿Cuánto cuesta?", "¿Otra cosa?").replace("cuanto sale", "otra") + GOOD_EN.replace("How much does it cost?", "how much does  it COST?"))
    _, problems = load(faq)
    assert [(p.path, p.line, p.col, p.rule, p.level) for p in problems] == [("faq/b.yml", 7, 13, "duplicate-question", "warning")]


def test_topics_keep_file_order_and_check_titles(faq: Path) -> None:
    topics, problems = load_topics(faq / "_topics.yml", root=faq.parent)
    assert problems == []
    assert list(topics) == ["pricing", "process"]
    assert topics["process"] == {"es": "Proceso", "en": "Process"}
    write(faq, "_topics.yml", "Bad Id:\n  es: x\n  en: no\n  fr: y\n")
    topics, problems = load_topics(faq / "_topics.yml", root=faq.parent)
    assert located(problems) == {
        ("faq/_topics.yml", 1, 1, "invalid-id"),
        ("faq/_topics.yml", 3, 7, "yaml-truthy"),
        ("faq/_topics.yml", 4, 3, "unknown-key"),
    }


def test_a_missing_folder_is_one_problem(tmp_path: Path) -> None:
    entries, problems = load_faq(tmp_path / "nowhere", root=tmp_path)
    assert entries == []
    assert located(problems) == {("nowhere", 1, 1, "unreadable")}


def site_for(project: Path, **options) -> SiteContext:
    return SiteContext(project_dir=project, docs_dir=project / "content", languages=("es", "en"), site_url="", use_directory_urls=True, options=options)


def test_feature_checks_articles_and_related_once_pages_are_known(faq: Path) -> None:
    write(faq, "cost.yml", "articles: [blog/a, blog/b, blog/c]\nrelated: [process, gone]\n" + GOOD_ES + GOOD_EN)
    write(faq, "process.yml", "es: {question: x, answer: y}\n")  # broken, but it exists
    feature = FaqFeature()
    problems = feature.load(site_for(faq.parent))
    assert {p.rule for p in problems} == {"missing-translation"}
    assert list(feature.topics) == ["pricing", "process"]
    pages = {"es": frozenset({"index", "blog/a", "blog/b"}), "en": frozenset({"index", "blog/a"})}
    found = feature.check_references(site_for(faq.parent), pages)
    assert [(p.line, p.col, p.rule) for p in sorted(found)] == [(1, 20, "unknown-article"), (1, 28, "unknown-article"), (2, 20, "unknown-related")]
    messages = " | ".join(p.message for p in sorted(found))
    assert "'blog/b' in en" in messages and "'blog/c' in any language" in messages and "'gone'" in messages


def test_assistant_can_be_switched_off_and_a_site_without_faq_builds(faq: Path, tmp_path: Path) -> None:
    from knowledge.features import PageContext

    write(faq, "cost.yml", GOOD_ES + GOOD_EN)
    page = PageContext(lang="es", key="index", url="es/")
    on = FaqFeature()
    assert on.load(site_for(faq.parent)) == []
    assert ".knowledge-assistant" in on.stylesheet(site_for(faq.parent))
    assert 'id="knowledge-assistant"' in on.body_end_html(page, site_for(faq.parent))
    assert {f.dest for f in on.generated_files(site_for(faq.parent))} >= {"assets/knowledge/assistant.js", "assets/knowledge/faq-index.es.js", "assets/knowledge/faq-index.en.js"}
    off = FaqFeature()
    off_site = site_for(faq.parent, assistant={"enabled": False})
    off.load(off_site)
    assert off.stylesheet(off_site) == off.head_html(page, off_site) == off.body_end_html(page, off_site) == ""
    assert off.generated_files(off_site) == []
    assert [p.key for p in off.generated_pages(off_site)] == ["faq/index", "faq/index"]  # the FAQ pages stay
    empty = FaqFeature()
    bare = site_for(tmp_path / "no-faq-here")
    assert empty.load(bare) == [] and empty.generated_pages(bare) == [] and empty.body_end_html(page, bare) == ""
