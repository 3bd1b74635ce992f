"""The offline copy (`make offline`: the plugin's `offline: true`) works from file://
with no network: navigation, language switch, search, the assistant and its links,
the 404 pages and the root chooser, under the policy every page carries in its <meta>.

The copy is the sample site built the documented way (KNOWLEDGE_OFFLINE=true feeds
`offline: !ENV [KNOWLEDGE_OFFLINE, false]` in mkdocs.yml); Chromium opens its files
directly, and any request that is not a file of the copy is refused and counted.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import INPUT, LAUNCHER, REPO, ask, mkdocs_build
from site_fixtures import search_results

pytestmark = pytest.mark.browser

POST = "blog/fine-tuning-when-worth-it"
WATCH = """
document.addEventListener('securitypolicyviolation', e => window.__knowledgeViolation(
  [e.effectiveDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(' | ')));
"""


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    previous = os.environ.get("KNOWLEDGE_OFFLINE")
    os.environ["KNOWLEDGE_OFFLINE"] = "true"
    try:
        return mkdocs_build(REPO / "mkdocs.yml", tmp_path_factory.mktemp("offline") / "site", strict=True).site_dir
    finally:
        if previous is None:
            del os.environ["KNOWLEDGE_OFFLINE"]
        else:
            os.environ["KNOWLEDGE_OFFLINE"] = previous


@pytest.fixture
def offline(browser, offline_site):
    """A page that may only open files of the copy; everything else is counted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    seen: dict[str, list] = {"network": [], "missing": [], "violations": [], "console": [], "pageerrors": []}
    root = offline_site.resolve()

    def route(route) -> None:
        url = route.request.url
        if url.startswith("file://"):
            if not Path(unquote(urlsplit(url).path)).exists():
                seen["missing"].append(url)
            route.continue_()
        elif url.startswith("data:"):
            route.continue_()
        else:
            seen["network"].append(url)
            route.abort()

    context.route("**/*", route)
    context.expose_function("__knowledgeViolation", lambda text: seen["violations"].append(text))
    context.add_init_script(WATCH)
    page = context.new_page()
    page.on("console", lambda m: m.type in ("error", "warning") and seen["console"].append((m.type, m.text)))
    page.on("pageerror", lambda e: seen["pageerrors"].append(str(e)))
    try:
        yield page, root, seen
    finally:
        context.close()


def uri(root: Path, rel: str) -> str:
    return (root / rel).as_uri()


def assert_styled(page) -> None:
    """Material's stylesheet applied: the header is fixed or sticky, not static."""
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in ("sticky", "fixed"), page.url


def test_offline_journeys_from_file_urls(offline) -> None:
    page, root, seen = offline

    # The root chooser sends this en-US browser to the English home, a file.
    page.goto(uri(root, "index.html"))
    page.wait_for_url(uri(root, "en/index.html"))
    assert_styled(page)

    # Navigation: from the Spanish home to a post through the listing.
    page.goto(uri(root, "es/index.html"))
    assert_styled(page)
    page.locator(f"a[href$='{POST}.html']").first.click()
    page.wait_for_url(uri(root, f"es/{POST}.html"))
    assert_styled(page)

    # Language switch to the same post in English.
    page.click(".md-header__option .md-select > button")
    page.click("a.knowledge-switch[hreflang=en]")
    page.wait_for_url(uri(root, f"en/{POST}.html"))

    # The assistant answers and its links open files of the copy.
    page.click(LAUNCHER)
    page.wait_for_selector(INPUT)
    reply = ask(page, "how much does fine tuning cost")
    assert reply.get_attribute("data-entry") == "fine-tuning-cost"
    reply.locator(".knowledge-assistant__more a").click()
    page.wait_for_url(uri(root, "en/faq/index.html") + "#fine-tuning-cost")
    assert page.locator("#fine-tuning-cost").count() == 1
    page.click(LAUNCHER)
    page.wait_for_selector(INPUT)
    reply = ask(page, "empanada recipe")
    contact = reply.locator(".knowledge-assistant__contact a").first.evaluate("a => a.href")
    assert contact == uri(root, "en/contact.html")

    # Search runs from file:// (worker in an iframe) and its results open files.
    page.goto(uri(root, "es/index.html"))
    results = search_results(page, "fine tuning")
    assert results
    page.locator("a.md-search-result__link").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(uri(root, "es/")) and re.search(r"\.html(#.*)?$", page.url), page.url

    # Each 404 page, opened where it is: styled, and its links lead to files.
    for rel, lang in (("404.html", "es"), ("es/404.html", "es"), ("en/404.html", "en")):
        page.goto(uri(root, rel))
        assert page.evaluate("document.documentElement.lang") == lang
        assert_styled(page)
        home = page.locator("article a.md-button").evaluate("a => a.href")
        assert home == uri(root, f"{lang}/index.html"), (rel, home)
        for href in page.locator("article a, .md-header a, .md-footer a").evaluate_all("links => links.map(a => a.href)"):
            if href.startswith("file://"):
                assert Path(unquote(urlsplit(href).path)).exists(), (rel, href)
        page.locator("article a.md-button").click()
        page.wait_for_url(uri(root, f"{lang}/index.html"))
        assert_styled(page)

    assert seen["network"] == []
    assert seen["missing"] == []
    assert seen["violations"] == []
    assert seen["pageerrors"] == []
    assert seen["console"] == []
