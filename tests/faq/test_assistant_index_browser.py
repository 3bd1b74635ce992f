"""The assistant on both forms of the shipped matcher data (SPEC.md §12), in Debian's Chromium.

A small FAQ ships its trained model (spec 2), compiled in the browser; a large one
ships the ready index (spec 3). The sample FAQ is small, so the ready form is served
in place of the built file (the same model, ``ready_above_chars=0``). On both, the
page must answer in both languages, and the matcher running in the browser must give
exactly what the Python engine gives on that same data.
"""

from __future__ import annotations

import re

import pytest
from conftest import REPO, ask, open_assistant

from knowledge.faq.loader import load_faq
from knowledge.matcher import Matcher
from knowledge.matcher.index import index_script, read_index_script
from knowledge.matcher.text import fold

pytestmark = pytest.mark.browser

POST = "blog/fine-tuning-when-worth-it"
COST_ID = "fine-tuning-cost"
FORMS = {"model": 2, "ready index": 3}


@pytest.fixture(scope="module")
def faq_entries():
    entries, _ = load_faq(REPO / "faq", root=REPO)
    return entries


def shipped(sample_site, lang: str, form: str) -> tuple[dict, str | None]:
    """The matcher data the page will load for ``form``, and the script to serve instead of the built one (or None)."""
    payload = read_index_script(sample_site.read(f"assets/knowledge/faq-index.{lang}.js"))
    assert payload["matcher"]["spec"] == 2  # the sample FAQ is small: the build ships the model
    if form == "model":
        return payload["matcher"], None
    script = index_script(payload["matcher"], payload["entries"], lang, ready_above_chars=0)
    return read_index_script(script)["matcher"], script


def serve_form(page, script: str | None, lang: str) -> None:
    if script is not None:
        page.route(re.compile(rf".*/faq-index\.{lang}\.js$"),
                   lambda route: route.fulfill(status=200, content_type="text/javascript", body=script))


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_answers_each_language(page, served, sample_site, faq_entries, lang, form) -> None:
    _, script = shipped(sample_site, lang, form)
    serve_form(page, script, lang)
    cost = next(e for e in faq_entries if e.id == COST_ID).texts[lang]
    page.goto(served + f"{lang}/{POST}/")
    open_assistant(page)
    # A variant, not the question itself, typed without accents or capitals.
    reply = ask(page, fold(cost.variants[0]))
    assert reply.get_attribute("data-entry") == COST_ID
    assert reply.locator(".knowledge-assistant__question").inner_text() == cost.question
    assert page.evaluate(f"self.KnowledgeFaqIndex[{lang!r}].matcher.spec") == FORMS[form]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_browser_matcher_gives_what_python_gives_on_the_same_data(page, served, sample_site, faq_entries, lang, form) -> None:
    data, script = shipped(sample_site, lang, form)
    serve_form(page, script, lang)
    reference = Matcher(data)
    # Every question and variant of the sample FAQ in both languages, then misses, typos and junk.
    queries = [q for e in faq_entries for text_lang in sorted(e.texts) for q in e.questions(text_lang)]
    queries += ["receta de empanadas", "cuanto demoran", "presupuseto", "🚀", "", "how much does fine tunning cost"]
    page.goto(served + f"{lang}/{POST}/")
    open_assistant(page)
    page.wait_for_function(f"() => Boolean(self.KnowledgeFaqIndex && self.KnowledgeFaqIndex[{lang!r}] && self.KnowledgeMatcher)")  # a function: a bare expression is eval'd in the page, which the CSP forbids
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
