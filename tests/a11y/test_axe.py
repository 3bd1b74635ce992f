"""axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the built sample site.

Every page kind in both languages, at 1280 px and at 360 px: the home listing, a
post, the FAQ page, a tag page, the 404 page, the root language chooser, and a post
with the assistant open showing an answer and then an abstention with suggestions.
Both widths run at once (two pages, two renderer processes): axe is started in
each, then its results are collected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from a11y_support import (
    ANSWERED,
    POST_KEY,
    WIDTHS,
    ask,
    ask_until_abstention_with_suggestions,
    axe_source,
    open_assistant,
)

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}


@dataclass(frozen=True)
class KnownException:
    """A violation we keep on purpose: which rule, on which page, which node, and why."""

    rule: str
    page: str  # regular expression on the page's name, e.g. r"^(es|en) faq$"
    target: str  # regular expression on the node's CSS selector as axe reports it
    reason: str


# Nothing is excepted today: every violation axe found (Material's footer contrast,
# links told apart by colour only) was fixed in our CSS. A violation we decide to
# keep gets an entry here with its reason; a rule is never disabled as a whole.
KNOWN_EXCEPTIONS: tuple[KnownException, ...] = ()


@dataclass(frozen=True)
class Finding:
    width: str
    page: str
    rule: str
    impact: str
    target: str
    summary: str

    def excepted_by(self) -> KnownException | None:
        for known in KNOWN_EXCEPTIONS:
            if known.rule == self.rule and re.search(known.page, self.page) and re.search(known.target, self.target):
                return known
        return None

    def __str__(self) -> str:
        return f"[{self.width}] {self.page}: {self.rule} ({self.impact}) at {self.target}: {self.summary}"


@pytest.fixture(scope="module")
def pages(browser) -> dict[str, Any]:
    """One page per width, reused by every test of the module."""
    contexts = [browser.new_context(viewport={"width": w, "height": h}) for w, h in WIDTHS.values()]
    yield {name: context.new_page() for name, context in zip(WIDTHS, contexts)}
    for context in contexts:
        context.close()


def start_axe(page, include: str | None = None) -> None:
    """Injects axe (once per document) and starts it without waiting for it."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    page.evaluate(
        """([include, options]) => {
          window.__a11yAxe = axe.run(include ? {include: [include]} : document, options).then(r => r.violations.map(v => ({
            id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: (n.failureSummary || '').replace(/\\s+/g, ' ')}))
          })));
        }""",
        [include, AXE_OPTIONS],
    )


def collect_axe(page, width: str, name: str) -> list[Finding]:
    return [
        Finding(width, name, v["id"], v["impact"], node["target"], node["summary"][:300])
        for v in page.evaluate("window.__a11yAxe")
        for node in v["nodes"]
    ]


def audit(pages: dict[str, Any], name: str, include: str | None = None) -> list[Finding]:
    for page in pages.values():
        start_axe(page, include)
    return [finding for width, page in pages.items() for finding in collect_axe(page, width, name)]


def unexcepted(findings: list[Finding]) -> list[str]:
    return [str(f) for f in findings if f.excepted_by() is None]


def goto_all(pages: dict[str, Any], url: str, **kwargs) -> None:
    for page in pages.values():
        page.goto(url, **kwargs)


# name -> path below the site root; each is audited at both widths. The post is
# audited whole with its assistant open (see the last test), not twice.
PAGES = {
    f"{lang} {kind}": path
    for lang in ("es", "en")
    for kind, path in {
        "home": f"{lang}/",
        "faq": f"{lang}/faq/",
        "tag": f"{lang}/tag/fine-tuning/",
        "404": f"{lang}/404.html",
    }.items()
}

@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_axe_violations(pages, served, name) -> None:
    goto_all(pages, served + PAGES[name])
    for page in pages.values():
        # The page really is what we meant to audit (not an error page or a redirect).
        assert page.locator("h1").count() >= 1
        assert page.evaluate("document.documentElement.lang") == name[:2]
    findings = audit(pages, name)
    assert unexcepted(findings) == []


def test_root_language_chooser_has_no_axe_violations(pages, served) -> None:
    # Arriving from inside the site, the chooser stays (no redirect to a language).
    goto_all(pages, served, referer=served + "es/")
    for page in pages.values():
        assert page.url == served
        assert page.locator(".knowledge-root__link").count() == 2
    findings = audit(pages, "root chooser")
    assert unexcepted(findings) == []


@pytest.mark.parametrize("lang", ["es", "en"])
def test_post_with_the_assistant_answering_and_abstaining_has_no_axe_violations(pages, served, lang) -> None:
    goto_all(pages, served + f"{lang}/{POST_KEY}/")
    for page in pages.values():
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator(".knowledge-post__title, .kn-cmp__table, .knowledge-faq__entry").count() >= 3
        open_assistant(page)
        assert ask(page, ANSWERED[lang]).get_attribute("data-entry")
    answered = audit(pages, f"{lang} post, assistant answering")
    # Only the assistant changes from here on: audit it alone (the page was audited above).
    for page in pages.values():
        ask_until_abstention_with_suggestions(page, lang)
    abstained = audit(pages, f"{lang} post, assistant abstaining", include="#knowledge-assistant")
    assert unexcepted(answered + abstained) == []

