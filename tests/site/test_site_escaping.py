"""A front-matter title full of markup shows literally everywhere and injects nothing:
<title>, Material's header, nav, footer and search results, our listing and post
header, JSON-LD, feeds and the sitemap (real build, real browser for search)."""

from __future__ import annotations

import html as html_lib
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from markupsafe import escape
from conftest import mkdocs_build, serve_directory
from site_fixtures import page, post, search_results, write_site

EVIL = "A <b>bold</b> & <script>alert(1)</script> \"quoted\" title"
ESCAPED = str(escape(EVIL))  # markupsafe's escaping, what Jinja's `| e` writes

FILES = {
    "es/index.md": page("Inicio"),
    "en/index.md": page("Home"),
    "es/about.md": page(EVIL, "Quiénes somos."),
    "es/blog/malo.md": post(EVIL, "2026-02-01", description="Descripción con <i>itálica</i> & más."),
    "es/blog/anterior.md": post("Anterior", "2026-01-01"),
    "es/blog/posterior.md": post("Posterior", "2026-03-01"),
}


class Elements(HTMLParser):
    """Every start tag, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def parse(text: str) -> Elements:
    parser = Elements()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("escaping")
    # navigation.footer: Material's footer prints the newer/older post's title too
    config = write_site(root, FILES, theme={"name": "material", "language": "es", "font": False, "features": ["navigation.footer"]})
    return mkdocs_build(config, root / "site")  # not strict: the posts are untranslated on purpose


def text_of(pattern: str, text: str) -> list[str]:
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(pattern, text, re.S)]


def test_title_prints_escaped_once_everywhere(site):
    post_html = site.read("es/blog/malo/index.html")
    about = site.read("es/about/index.html")
    home = site.read("es/index.html")
    for text in (post_html, about, home, site.read("es/blog/anterior/index.html")):
        assert "&amp;amp;" not in text and "&amp;lt;" not in text, "double escaping"
    assert f"<title>{ESCAPED} - Test Site</title>" in post_html
    assert f"<title>{ESCAPED} - Test Site</title>" in about
    # Material's header topic and our post header
    assert ESCAPED in text_of(r'<span class="md-ellipsis">(.*?)</span>', post_html)
    assert text_of(r'<h1 class="knowledge-post__title">(.*?)</h1>', post_html) == [ESCAPED]
    # Material's navigation (the about page is in the nav of every Spanish page)
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>', home, re.S).group(0)
    assert ESCAPED in text_of(r'<span class="md-ellipsis">(.*?)</span>', nav)
    # Material's footer links to the newer/older post
    assert ESCAPED in text_of(r'<div class="md-ellipsis">(.*?)</div>', site.read("es/blog/anterior/index.html"))
    # Our listing card
    assert ESCAPED in text_of(r'class="knowledge-card__title"><a href="[^"]*">(.*?)</a>', home)


def test_no_markup_from_the_title_reaches_the_dom(site):
    for rel in ("es/blog/malo/index.html", "es/about/index.html", "es/index.html", "es/blog/anterior/index.html", "es/category/ia/index.html"):
        elements = parse(site.read(rel))
        assert "b" not in elements.tags and "i" not in elements.tags, rel
        assert "alert(1)" not in [script.strip() for script in elements.scripts], f"{rel}: the title made a <script>"
    post_html = site.read("es/blog/malo/index.html")
    # the only scripts holding the title are JSON-LD, which parses back to the raw title
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', post_html, re.S)
    assert json.loads(blocks[0])["headline"] == EVIL
    assert json.loads(blocks[1])["itemListElement"][-1]["name"] == EVIL
    assert f'<meta property="og:title" content="{ESCAPED}">' in post_html


def test_feed_and_sitemap_stay_valid_xml(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(site.read("es/feed.xml"))
    assert EVIL in [entry.findtext("a:title", namespaces=ns) for entry in feed.findall("a:entry", ns)]
    ET.fromstring(site.read("sitemap.xml"))


def test_search_index_holds_the_title_as_escaped_html(site):
    """Material renders result titles with innerHTML, so the index must hold HTML."""
    docs = json.loads(site.read("es/search/search_index.json"))["docs"]
    titles = {doc["title"] for doc in docs if doc["location"] in ("blog/malo/", "about/")}
    assert titles == {ESCAPED}


@pytest.mark.browser
def test_search_result_shows_the_title_literally(site, page):
    with serve_directory(site.site_dir) as base:
        page.goto(base + "es/about/")
        search_results(page, "title")
        titles = page.locator(".md-search-result__article h1").all_inner_texts()
        assert EVIL in titles
        assert page.locator(".md-search-result b, .md-search-result script").count() == 0
