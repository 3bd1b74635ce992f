"""The repository's sample site, checked like a crawler and used in a real browser.

Built three ways: root ``site_url``; a sub-path ``site_url`` (served over HTTP at
that very address, so Material's own switcher JavaScript is fully active); and
``use_directory_urls: false``, opened from file://.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import REPO, mkdocs_build, serve_directory
from site_fixtures import search_results, type_search
from sitecheck import check_site

SPANISH_POST = "es/blog/fine-tuning-when-worth-it"
ENGLISH_POST = "en/blog/fine-tuning-when-worth-it"


@pytest.fixture(scope="module")
def served_subpath(tmp_path_factory):
    """The sample site built for http://127.0.0.1:<port>/blog/ and served there."""
    root = tmp_path_factory.mktemp("served")
    with serve_directory(root) as base:
        site_url = base + "blog/"
        mkdocs_build(REPO / "mkdocs.yml", root / "blog", site_url=site_url)
        yield root / "blog", site_url


@pytest.fixture(scope="module")
def flat_site(sample_site_flat):
    return sample_site_flat.site_dir


def test_sample_site_root_url_is_sound(sample_site):
    assert check_site(sample_site.site_dir, "https://pairprogramming.example/") == []
    assert not sample_site.messages(), "the sample site builds without warnings"


def test_sample_site_under_a_subpath_is_sound(served_subpath):
    site_dir, site_url = served_subpath
    assert check_site(site_dir, site_url) == []


def test_sample_site_without_directory_urls_is_sound(flat_site):
    assert check_site(flat_site, "https://pairprogramming.example/", use_directory_urls=False) == []
    assert (flat_site / f"{SPANISH_POST}.html").is_file()


def test_checker_catches_broken_sites(sample_site, tmp_path):
    """The checker is only worth something if it fails: break a copy in three ways."""
    broken = tmp_path / "broken"
    shutil.copytree(sample_site.site_dir, broken)
    post = broken / SPANISH_POST / "index.html"
    text = post.read_text(encoding="utf-8")
    text = text.replace(f'hreflang="en" href="https://pairprogramming.example/{ENGLISH_POST}/"', 'hreflang="en" href="https://pairprogramming.example/en/"', 1)
    text = text.replace('href="../../contact/"', 'href="../../contacto/"', 1)
    text = re.sub(r'"inLanguage":"es"', '"inLanguage":"en"', text, count=1)
    post.write_text(text, encoding="utf-8")
    problems = "\n".join(check_site(broken, "https://pairprogramming.example/"))
    assert "not reciprocal" in problems
    assert "'../../contacto/' points to a missing file" in problems
    assert "inLanguage 'en' is not <html lang> 'es'" in problems
    assert "sitemap.xml: alternates of" in problems


@pytest.mark.browser
def test_switcher_leads_to_the_translation_over_http(served_subpath, page):
    site_dir, site_url = served_subpath
    page.goto(site_url + SPANISH_POST + "/")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.locator("input.md-search__input").get_attribute("placeholder") == "Búsqueda"
    # Wait until Material's JS has wired its handlers (it also fetches sitemap.xml).
    page.wait_for_function("() => typeof window.document$ !== \"undefined\"")
    page.hover(".md-header__option .md-select")
    page.click("a.knowledge-switch[hreflang=en]")
    page.wait_for_url(site_url + ENGLISH_POST + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("input.md-search__input").get_attribute("placeholder") == "Search"
    assert page.locator(".knowledge-post__readtime").inner_text().endswith("min read")
    assert page.locator("nav.md-nav--secondary").get_attribute("aria-label") == "Table of contents"


@pytest.mark.browser
def test_root_sends_visitors_to_their_language(served_subpath, browser):
    _, site_url = served_subpath
    for locale, expected in (("en-US", "en/"), ("es-AR", "es/"), ("fr-FR", "es/")):
        context = browser.new_context(locale=locale)
        try:
            tab = context.new_page()
            tab.goto(site_url)
            tab.wait_for_url(site_url + expected)
            assert tab.locator("html").get_attribute("lang") == expected.rstrip("/")
        finally:
            context.close()


@pytest.mark.browser
def test_switcher_works_from_file_urls(flat_site, page):
    page.goto((flat_site / f"{SPANISH_POST}.html").as_uri())
    page.hover(".md-header__option .md-select")
    page.click("a.knowledge-switch[hreflang=en]")
    page.wait_for_url((flat_site / f"{ENGLISH_POST}.html").as_uri())
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.browser
def test_search_lists_only_the_page_language(served_subpath, page):
    """LoRA is in posts of both languages; each language's pages find only their own."""
    _, site_url = served_subpath
    page.goto(site_url + SPANISH_POST + "/")
    spanish = search_results(page, "LoRA")
    assert site_url + SPANISH_POST + "/" in spanish
    assert all(href.startswith(site_url + "es/") for href in spanish), spanish
    page.goto(site_url + "en/")
    english = search_results(page, "LoRA")
    assert site_url + ENGLISH_POST + "/" in english
    assert all(href.startswith(site_url + "en/") for href in english), english
    # A Spanish word finds Spanish posts from a Spanish page, nothing from an English one.
    page.goto(site_url + "es/")
    assert any("/es/blog/" in href for href in search_results(page, "cuándo"))
    page.goto(site_url + "en/")
    type_search(page, "cuándo")
    page.wait_for_function("() => /No matching/.test(document.querySelector('.md-search-result__meta').textContent)")
    assert page.locator("a.md-search-result__link").count() == 0


@pytest.mark.browser
def test_search_works_from_file_urls(flat_site, page):
    page.goto((flat_site / "en/blog/rag-in-practice.html").as_uri())
    english = search_results(page, "LoRA")
    assert (flat_site / f"{ENGLISH_POST}.html").as_uri() in english
    assert all(href.startswith((flat_site / "en").as_uri() + "/") for href in english), english


def test_each_language_has_its_own_search_index(sample_site):
    site = sample_site.site_dir
    assert not (site / "search/search_index.json").exists(), "the mixed index is gone"
    for lang in ("es", "en"):
        index = json.loads((site / lang / "search/search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [lang]  # lunr's stop words of that language
        assert index["docs"] and not any(doc["location"].startswith(("es/", "en/")) for doc in index["docs"])
        script = (site / lang / "search/search_index.js").read_text(encoding="utf-8")
        assert script.startswith("var __index = ") and "</" not in script
        post = (site / lang / "blog/fine-tuning-when-worth-it/index.html").read_text(encoding="utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', post, re.S).group(1))
        assert config["base"] == f"../../../{lang}/"
    not_found = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', sample_site.read("en/404.html"), re.S).group(1))
    assert not_found["base"] == "/en/"


def test_sample_feeds_root_and_not_found_pages(sample_site):
    site = sample_site.site_dir
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for lang in ("es", "en"):
        feed = ET.fromstring(sample_site.read(f"{lang}/feed.xml"))
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        posts = {p.stem for p in (REPO / "content" / lang / "blog").glob("*.md") if "\ndraft: true" not in p.read_text(encoding="utf-8")}
        links = [entry.find("a:link", ns).get("href") for entry in feed.findall("a:entry", ns)]
        assert sorted(links) == sorted(f"https://pairprogramming.example/{lang}/blog/{key}/" for key in posts)
        dates = [entry.findtext("a:published", namespaces=ns) for entry in feed.findall("a:entry", ns)]
        assert dates == sorted(dates, reverse=True)
        not_found = sample_site.read(f"{lang}/404.html")
        assert f'<html lang="{lang}"' in not_found and '<meta name="robots" content="noindex">' in not_found
    root = sample_site.read("index.html")
    assert re.findall(r'<a class="knowledge-root__link" href="([^"]+)"', root) == ["es/", "en/"]
    assert '<span lang="en" dir="ltr">Choose your language</span>' in root  # each language in its own direction
    assert '<html lang="es"' in sample_site.read("404.html")


def test_every_page_loads_one_stylesheet_of_ours(sample_site):
    """Material's stylesheet plus one of ours on every page: the site's, the assistant's
    and the comparison tables' rules are merged into knowledge.css (site/styles.py)."""
    ours_per_page = {}
    for html_file in sample_site.site_dir.rglob("*.html"):
        hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html_file.read_text(encoding="utf-8"))
        ours_per_page[str(html_file.relative_to(sample_site.site_dir))] = [h for h in hrefs if "assets/knowledge/" in h]
    assert len(ours_per_page) > 30
    assert {page: hrefs for page, hrefs in ours_per_page.items() if len(hrefs) != 1 or not hrefs[0].endswith("assets/knowledge/site/knowledge.css")} == {}
    css = sample_site.read("assets/knowledge/site/knowledge.css")
    for part in ("assets/site/knowledge.css", "assets/assistant.css", "assets/tables.css"):
        assert (REPO / "plugins/knowledge" / part).read_text(encoding="utf-8").strip() in css, part
