"""The assistant on the browser index (SPEC.md §12) in Debian's Chromium.

The index the build ships is the query-ready form of the model (spec 3): the page
must open it and answer in both languages, and the matcher running in the browser
must give exactly what the Python engine gives on that same file.
"""

from __future__ import annotations

import pytest
from conftest import ask, open_assistant

from knowledge.faq.loader import load_faq
from knowledge.matcher import Matcher
from knowledge.matcher.index import read_index_script
from knowledge.matcher.text import fold

pytestmark = pytest.mark.browser

POST = "blog/fine-tuning-when-worth-it"
COST_ID = "fine-tuning-cost"


@pytest.fixture(scope="module")
def faq_entries():
    from conftest import REPO

    entries, _ = load_faq(REPO / "faq", root=REPO)
    return entries


@pytest.mark.parametrize("lang", ["es", "en"])
def test_answers_each_language_from_the_spec3_index(page, served, faq_entries, lang) -> None:
    cost = next(e for e in faq_entries if e.id == COST_ID).texts[lang]
    page.goto(served + f"{lang}/{POST}/")
    open_assistant(page)
    # A variant, not the question itself, typed without accents or capitals.
    reply = ask(page, fold(cost.variants[0]))
    assert reply.get_attribute("data-entry") == COST_ID
    assert reply.locator(".knowledge-assistant__question").inner_text() == cost.question
    assert page.evaluate(f"self.KnowledgeFaqIndex[{lang!r}].matcher.spec") == 3


@pytest.mark.parametrize("lang", ["es", "en"])
def test_browser_matcher_gives_what_python_gives_on_the_same_index(page, served, sample_site, faq_entries, lang) -> None:
    payload = read_index_script(sample_site.read(f"assets/knowledge/faq-index.{lang}.js"))
    reference = Matcher(payload["matcher"])
    # Every question and variant of the sample FAQ in both languages, then misses, typos and junk.
    queries = [q for e in faq_entries for lang_of_text in sorted(e.texts) for q in e.questions(lang_of_text)]
    queries += ["receta de empanadas", "cuanto demoran", "presupuseto", "🚀", "", "how much does fine tunning cost"]
    page.goto(served + f"{lang}/{POST}/")
    open_assistant(page)
    page.wait_for_function(f"self.KnowledgeFaqIndex && self.KnowledgeFaqIndex[{lang!r}] && self.KnowledgeMatcher")
    in_browser = page.evaluate(
        "([lang, queries]) => { const m = self.KnowledgeMatcher.create(self.KnowledgeFaqIndex[lang].matcher);"
        " return queries.map((q) => m.search(q)); }",
        [lang, queries],
    )
    assert len(in_browser) == len(queries) > 100
    for query, got in zip(queries, in_browser):
        expected = reference.search(query)
        assert (got["id"], [t["id"] for t in got["top"]]) == (expected.id, [i for i, _ in expected.top]), query
        assert got["score"] == pytest.approx(expected.score, abs=1e-9), query
        assert [t["suggest"] for t in got["top"]] == expected.suggest, query
