"""Issue 11, point 1: every front-matter value reaches every output as text.

A hostile title, description, category, tag and author name are built into a real
site; every HTML page is parsed (no element or attribute came from them), the
feeds, JSON-LD and sitemap give the raw text back, Material's search index holds it
escaped once (its JavaScript renders titles and tags with innerHTML), and in
headless Chromium a search shows the tag literally and runs nothing."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markupsafe import escape

from conftest import mkdocs_build, serve_directory
from site_fixtures import AUTHORS, page, post, type_search, write_site

TAG = 't"><img src=x onerror=alert(1)>'
TITLE = "Título <img src=x onerror=alert(2)> & \"comillas\""
DESCRIPTION = "Resumen <svg onload=alert(3)> & más"
CATEGORY = "Cat<script>alert(4)</script>"
AUTHOR = "Ana <img src=x onerror=alert(5)>"
HOSTILE = (TAG, TITLE, DESCRIPTION, CATEGORY, AUTHOR)

FILES = {
    "es/index.md": page("Inicio"),
    "en/index.md": page("Home"),
    "es/blog/malo.md": post(TITLE, "2026-02-01", description=DESCRIPTION, category=json.dumps(CATEGORY),
                            tags=json.dumps([TAG, "Seguridad"]), body="Un artículo sobre zanahorias."),
    "en/blog/malo.md": post("Bad", "2026-02-01", category="Security", tags=json.dumps([TAG, "Security"]), body="About carrots."),
}


class Elements(HTMLParser):
    """Every element and attribute name of a page, and the text of its scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.scripts: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value) for name, value in attrs]
        if tag == "script":
            self._script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._script = self._script and tag != "script"

    def handle_data(self, data):
        if self._script:
            self.scripts[-1] += data


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-front-matter")
    config = write_site(root, FILES)
    authors = dict(AUTHORS, ana=dict(AUTHORS["ana"], name=AUTHOR))
    (root / "content" / "authors.yml").write_text(yaml.safe_dump(authors, allow_unicode=True), encoding="utf-8")
    return mkdocs_build(config, root / "site")


def test_no_page_gets_an_element_or_attribute_from_front_matter(site):
    pages = sorted(site.site_dir.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        elements = Elements()
        elements.feed(path.read_text(encoding="utf-8"))
        rel = path.relative_to(site.site_dir)
        assert "img" not in elements.tags, rel  # (Material draws its icons as inline <svg>: the on* check covers <svg onload>)
        assert not [a for a in elements.attributes if a[1].startswith("on")], rel
        assert "alert(4)" not in [script.strip() for script in elements.scripts], f"{rel}: the category made a <script>"


def test_post_page_shows_each_value_escaped_once(site):
    html = site.read("es/blog/malo/index.html")
    assert "&amp;lt;" not in html and "&amp;amp;" not in html and "&amp;#34;" not in html
    for value in (TITLE, DESCRIPTION, CATEGORY, AUTHOR):
        assert str(escape(value)) in html or escape(value).replace("&#34;", "&quot;") in html, value
    assert f'rel="tag">{escape(TAG)}</a>' in html


def test_feed_json_ld_and_sitemap_give_the_raw_text_back(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(site.read("es/feed.xml"))
    entry = feed.find("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == TITLE
    assert [c.get("term") for c in entry.findall("a:category", ns)] == [CATEGORY]  # the feed names the category, not tags
    assert entry.findtext("a:summary", namespaces=ns) == DESCRIPTION
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', site.read("es/blog/malo/index.html"), re.S)
    posting = json.loads(blocks[0])
    assert posting["headline"] == TITLE and posting["description"] == DESCRIPTION
    assert TAG in posting["keywords"] and posting["articleSection"] == CATEGORY and posting["author"]["name"] == AUTHOR
    ET.fromstring(site.read("sitemap.xml"))


def test_search_index_holds_front_matter_escaped_once(site):
    for lang, script in (("es", "es/search/search_index.js"), ("en", "en/search/search_index.js")):
        docs = json.loads(site.read(f"{lang}/search/search_index.json"))["docs"]
        post_docs = [doc for doc in docs if doc["location"].startswith("blog/malo/")]
        assert post_docs
        for doc in post_docs:
            assert doc["tags"][0] == str(escape(TAG)), doc["tags"]
        raw_script = site.read(script)
        assert "<img" not in raw_script and "\\u003cimg" not in raw_script
    titles = {doc["title"] for doc in json.loads(site.read("es/search/search_index.json"))["docs"] if doc["location"] == "blog/malo/"}
    assert titles == {str(escape(TITLE))}


@pytest.mark.browser
def test_searching_shows_the_hostile_tag_as_text_and_runs_nothing(site, page):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve_directory(site.site_dir) as base:
        page.goto(base + "es/blog/malo/")
        type_search(page, "zanahorias")
        page.wait_for_selector(".md-search-result .md-tag")
        page.wait_for_timeout(300)  # let an injected <img> fail to load and fire onerror
        results = page.locator(".md-search-result")
        assert results.locator("img, svg, script, [onerror]").count() == 0
        assert TAG in results.locator(".md-tag").all_inner_texts()
        assert TITLE in results.locator("h1, h2").all_inner_texts()
        # searching for the payload's own words finds it as text too
        type_search(page, "onerror")
        page.wait_for_timeout(500)
        assert page.locator(".md-search-result img, .md-search-result [onerror]").count() == 0
    assert dialogs == []
    assert page.evaluate("document.querySelectorAll('img[src=x], [onerror]').length") == 0
