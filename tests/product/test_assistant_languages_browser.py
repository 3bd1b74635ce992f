"""The assistant of a site made by `knowledge new site`, in every one of its
languages, in Debian's Chromium: greeting, an answer to a rephrased question in
that language, all in the page's language (Arabic right to left)."""

from __future__ import annotations

import pytest
from conftest import BOT_MESSAGES, ask, mkdocs_build, open_assistant, serve_directory

from knowledge import locales, scaffold

pytestmark = pytest.mark.browser

# A rephrasing of the scaffold's FAQ question per language (not its text or variants).
QUESTIONS = {
    "en": "how can i contact you",
    "es": "como me contacto con ustedes",
    "pt": "como entro em contato",
    "ar": "كيف أتواصل معكم",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("assistant-languages")
    scaffold.new_site(root / "s", ["en", "ar", "es", "pt"], name="Demo")
    result = mkdocs_build(root / "s" / "mkdocs.yml", root / "s" / "site", strict=True)
    with serve_directory(result.site_dir) as base:
        yield base


@pytest.mark.parametrize("lang", ["en", "ar", "es", "pt"])
def test_assistant_answers_in_the_pages_language(built, page, lang):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{built}{lang}/blog/welcome/")
    assert page.evaluate("document.documentElement.dir") == locales.direction(lang)
    open_assistant(page)
    strings = locales.section(lang, "faq")
    speaker, *_, greeting = [line.strip() for line in page.locator(BOT_MESSAGES).first.inner_text().splitlines() if line.strip()]
    assert speaker.rstrip(":") == strings["assistant"]
    assert greeting == strings["greeting"].format(name="Demo")
    reply = ask(page, QUESTIONS[lang])
    assert reply.get_attribute("data-entry") == "contact", reply.inner_text()
    question = locales.section(lang, "scaffold")["faq_question"]
    assert reply.locator(".knowledge-assistant__question").inner_text() == question
    assert "hello@example.com" in reply.inner_text()
    assert errors == []
