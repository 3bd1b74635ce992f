"""The repository's sample site, checked like a crawler and used in a real browser.

Built three ways: root ``site_url``; a sub-path ``site_url`` (served over HTTP at
that very address, so Material's own switcher JavaScript is fully active); and
``use_directory_urls: false``, opened from file://.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, mkdocs_build, serve_directory
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
def flat_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("flat") / "site"
    mkdocs_build(REPO / "mkdocs.yml", out, use_directory_urls=False)
    return out


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
