"""What a visitor's browser does on the built sample site: the policy in `_headers`
holds with zero violations, no request leaves the page's origin, the console stays
clean, on every page type in both languages, with the assistant, search and the
language switcher used.

Real parts: the sample site built by MkDocs, served over http by a small server
that sends the `_headers` the build wrote (as Netlify/Cloudflare Pages would) and
answers unknown paths with the nearest 404 page (as static hosts do), and Debian's
Chromium. Violations are reported through a binding, so the ones of a page that
navigates away (the root chooser redirects) are counted too.
"""

from __future__ import annotations

import functools
import re
import socketserver
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from conftest import INPUT, LAUNCHER, _QuietHandler, ask, headers_file
from site_fixtures import search_results

from knowledge.site import csp

pytestmark = pytest.mark.browser

LANGS = ("es", "en")
POST = "blog/fine-tuning-when-worth-it/"
WATCH = """
document.addEventListener('securitypolicyviolation', e => window.__knowledgeViolation(
  [e.effectiveDirective, e.blockedURI, e.sourceFile, e.lineNumber, e.sample].join(' | ')));
"""


class _StaticHost(_QuietHandler):
    """Sends `_headers`' headers; a missing file gets the nearest 404 page, status 404."""

    languages: tuple[str, ...] = LANGS

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        first = urlsplit(self.path).path.lstrip("/").split("/", 1)[0]
        page = Path(self.directory) / (f"{first}/404.html" if first in self.languages else "404.html")
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def static_host(site_dir: Path) -> Iterator[str]:
    handler = type("Handler", (_StaticHost,), {"extra_headers": headers_file(site_dir)})
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir))) as server:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


def test_headers_file_carries_the_strict_policy(sample_site) -> None:
    headers = headers_file(sample_site.site_dir)
    assert headers["Content-Security-Policy"] == csp.POLICY + "; frame-ancestors 'none'"
    assert headers["X-Content-Type-Options"] == "nosniff"
    # Every page carries the policy (without the header-only directive) before any script.
    meta = f'<meta http-equiv="Content-Security-Policy" content="{csp.POLICY.replace(chr(39), "&#39;")}">'
    pages = sorted(sample_site.site_dir.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        text = path.read_text(encoding="utf-8")
        head = text[: text.index("</head>")]
        assert meta in head or meta.replace("&#39;", "&#x27;") in head, path
        first_script = head.find("<script")
        assert first_script == -1 or head.index('http-equiv="Content-Security-Policy"') < first_script, path
        assert re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")[^>]*>", text) is None, path
        assert " style=" not in text, path


@pytest.fixture
def census(browser, sample_site):
    """A page on the static host that records violations, off-origin requests,
    failed responses and console errors across navigations."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    seen: dict[str, list] = {"violations": [], "foreign": [], "failed": [], "console": [], "pageerrors": [], "sitemap": []}
    with static_host(sample_site.site_dir) as base:
        context.expose_function("__knowledgeViolation", lambda text: seen["violations"].append(text))
        context.add_init_script(WATCH)
        page = context.new_page()
        origin = base.rstrip("/")

        def on_request(request) -> None:
            # data: URIs (Material's CSS icons, allowed by img-src) never leave the page.
            if not request.url.startswith((origin + "/", "data:")):
                seen["foreign"].append(request.url)
            if urlsplit(request.url).path.endswith("sitemap.xml"):
                seen["sitemap"].append(request.url)

        page.on("request", on_request)
        page.on("response", lambda r: r.status >= 400 and seen["failed"].append((r.status, r.url)))
        page.on("console", lambda m: m.type in ("error", "warning") and seen["console"].append((m.type, m.text, m.location.get("url"))))
        page.on("pageerror", lambda e: seen["pageerrors"].append(str(e)))
        try:
            yield page, base, seen
        finally:
            context.close()


def page_types(lang: str) -> list[str]:
    category = {"es": "category/inteligencia-artificial/", "en": "category/artificial-intelligence/"}[lang]
    tag = "tag/llm/"
    return ["", POST, "page/2/", category, tag, "faq/", "about/", "contact/"]


def test_every_page_type_holds_the_policy_with_a_clean_console_and_no_foreign_request(census) -> None:
    page, base, seen = census
    not_found: list[str] = []
    for lang in LANGS:
        for rel in page_types(lang):
            response = page.goto(base + f"{lang}/{rel}")
            assert response is not None and response.status == 200, (lang, rel)
            assert page.evaluate("document.documentElement.lang") == lang
            # The hreflang links are still there, absolute, and "alternate" to a reader
            # that follows HTML (a token list), on every page that has them.
            alternates = page.evaluate(
                "[...document.querySelectorAll('link[hreflang]')].map(l => [l.relList.contains('alternate'), l.hreflang, l.getAttribute('href')])"
            )
            assert alternates and all(ok and href.startswith("https://pairprogramming.example/") for ok, _, href in alternates), (lang, rel)
        missing = base + f"{lang}/no-such-page/"
        response = page.goto(missing)
        assert response is not None and response.status == 404
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.locator("link[rel=stylesheet]").count() and page.evaluate(
            "getComputedStyle(document.querySelector('.md-header')).position"
        ) in ("sticky", "fixed")  # styled: its stylesheets loaded
        not_found.append(missing)
    missing = base + "no-such-page"
    response = page.goto(missing)
    assert response is not None and response.status == 404
    not_found.append(missing)

    # The root chooser sends this en-US browser to the English home.
    page.goto(base)
    page.wait_for_url(base + "en/")

    # Language switch on a post, then the assistant, whose answer links to the FAQ.
    page.goto(base + f"es/{POST}")
    page.click(".md-header__option .md-select > button")
    page.click("a.knowledge-switch[hreflang=en]")
    page.wait_for_url(base + f"en/{POST}")
    page.click(LAUNCHER)
    page.wait_for_selector(f"{INPUT}")
    reply = ask(page, "how much does fine tuning cost")
    assert reply.get_attribute("data-entry") == "fine-tuning-cost"
    reply.locator(".knowledge-assistant__more a").click()
    page.wait_for_url(re.compile(r"/en/faq/#fine-tuning-cost$"))

    # Search, and a result followed.
    page.goto(base + "es/")
    results = search_results(page, "fine tuning")
    assert results
    page.locator("a.md-search-result__link").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith(base + "es/")

    assert seen["violations"] == []
    assert seen["foreign"] == []
    # Material's bundle fetches sitemap.xml beside every <link rel=alternate> it finds:
    # the production host per language, and a 404 beside the feed (theme/main.html).
    assert seen["sitemap"] == []
    assert seen["pageerrors"] == []
    # The only failed responses and console errors are the 404 pages asked for:
    # Chromium reports each such document as a failed resource.
    assert sorted(url for _, url in seen["failed"]) == sorted(not_found)
    assert [(url, "404" in text) for _, text, url in seen["console"]] == [(url, True) for url in not_found]
