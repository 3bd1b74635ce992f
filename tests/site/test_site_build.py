"""Real `mkdocs build` runs of a small bilingual site: per-language output."""

from __future__ import annotations

import html as html_lib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import mkdocs_build
from site_fixtures import page, post, write_site

LONG_BODY = "## Contexto\n\n" + " ".join(["palabra"] * 800) + "\n"

FILES = {
    "es/index.md": page("Blog de prueba", "Bienvenidos al blog."),
    "en/index.md": page("Test blog", "Welcome to the blog."),
    "es/contact.md": page("Contacto", "Escribinos."),
    "en/contact.md": page("Contact", "Write to us."),
    "es/about.md": page("Quiénes somos", "Solo en castellano."),
    "es/blog/fine-tuning.md": post("Fine-tuning en serio", "2026-02-20", category="Inteligencia Artificial", tags="[Fine-tuning, LLM]", description="Cuándo vale </script><script>alert(1)</script> la pena & cuándo no.", body=LONG_BODY),
    "en/blog/fine-tuning.md": post("Fine-tuning for real", "2026-02-20", category="Artificial Intelligence", tags="[Fine-tuning, LLM]", description="When it is worth it.", body=LONG_BODY.replace("Contexto", "Context")),
    "es/blog/rag.md": post("RAG en la práctica", "2026-01-10", author="beto", category="Inteligencia Artificial", tags="[RAG]"),
    "en/blog/rag.md": post("RAG in practice", "2026-01-10", author="beto", category="Artificial Intelligence", tags="[RAG]"),
    "es/blog/estimar.md": post("Cómo estimamos", "2025-12-01", category="Procesos", tags="[Gestión]", extra="updated: 2026-01-15\n"),
    "en/blog/estimar.md": post("How we estimate", "2025-12-01", category="Process", tags="[Management]", extra="updated: 2026-01-15\n"),
    "es/blog/solo-es.md": post("Solo en castellano", "2025-11-01", category="Procesos", tags="[Gestión]"),
    "es/blog/borrador.md": post("Borrador secreto", "2026-03-01", extra="draft: true\n"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("bilingual")
    config = write_site(root, FILES, plugin={"posts_per_page": 2, "cards": True})
    # Not strict: the untranslated pages are on purpose, and warned about (see below).
    return mkdocs_build(config, root / "site")


def html(site, rel: str) -> str:
    return site.read(rel)


def texts(pattern: str, text: str) -> list[str]:
    return [html_lib.unescape(re.sub(r"\s+", " ", m).strip()) for m in re.findall(pattern, text, re.S)]


def test_every_page_has_its_language_and_interface_text(site):
    es, en = html(site, "es/blog/fine-tuning/index.html"), html(site, "en/blog/fine-tuning/index.html")
    assert '<html lang="es"' in es and '<html lang="en"' in en
    assert 'placeholder="Búsqueda"' in es and 'placeholder="Search"' in en
    assert 'aria-label="Tabla de contenidos"' in es and 'aria-label="Table of contents"' in en
    # Material's JS translations follow the page too
    assert json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', en, re.S).group(1))["translations"]["search.result.none"] == "No matching documents"
    assert '<html lang="en"' in html(site, "en/page/2/index.html")
    assert '<html lang="es"' in html(site, "es/category/procesos/index.html")


def test_post_header_byline_tags_and_call_to_action(site):
    es, en = html(site, "es/blog/fine-tuning/index.html"), html(site, "en/blog/fine-tuning/index.html")
    assert texts(r'class="knowledge-post__readtime">(.*?)<', es) == ["4 min de lectura"]
    assert texts(r'class="knowledge-post__readtime">(.*?)<', en) == ["4 min read"]
    assert texts(r'<time class="knowledge-post__date"[^>]*>(.*?)<', es) == ["20 de febrero de 2026"]
    assert texts(r'<time class="knowledge-post__date"[^>]*>(.*?)<', en) == ["February 20, 2026"]
    assert texts(r'class="knowledge-post__byline">(.*?)<', en) == ["By Ana Gómez, Founder & Lead Engineer at Pair Programming."]
    assert texts(r'class="knowledge-post__byline">(.*?)<', es) == ["Por Ana Gómez, Fundadora e ingeniera principal en Pair Programming."]
    assert texts(r'class="knowledge-cta__title"[^>]*>(.*?)<', es) == ["¿Tenés una idea? Hagámosla realidad."]
    assert texts(r'class="knowledge-cta__title"[^>]*>(.*?)<', en) == ["Have an idea? Let's make it real."]
    assert 'class="md-button md-button--primary knowledge-cta__button" href="../../contact/"' in en
    assert '<a class="knowledge-tag" href="../../tag/fine-tuning/" rel="tag">Fine-tuning</a>' in es
    assert '<a class="knowledge-post__category" href="../../category/inteligencia-artificial/">' in es
    # The header comes before the body, which comes before byline, tags and the CTA.
    order = [es.index(mark) for mark in ("knowledge-post__title", 'id="contexto"', "knowledge-post__byline", "knowledge-post__tags", "knowledge-cta__title")]
    assert order == sorted(order)
    assert "Actualizado el 15 de enero de 2026" in html(site, "es/blog/estimar/index.html")


def test_listing_newest_first_with_pagination(site):
    home = html(site, "es/index.html")
    assert texts(r'class="knowledge-card__title"><a href="[^"]*">(.*?)</a>', home) == ["Fine-tuning en serio", "RAG en la práctica"]
    assert "Bienvenidos al blog." in home
    second = html(site, "es/page/2/index.html")
    assert texts(r'class="knowledge-card__title"><a href="[^"]*">(.*?)</a>', second) == ["Cómo estimamos", "Solo en castellano"]
    assert 'class="knowledge-pagination__newer" href="../../" rel="prev"' in second
    assert not (site.site_dir / "es/page/3").exists()
    en_home = html(site, "en/index.html")
    card = re.search(r'<article class="knowledge-card">.*?</article>', en_home, re.S).group(0)
    for expected in ("Fine-tuning for real", "When it is worth it.", "Artificial Intelligence", "February 20, 2026", "4 min read", "Ana Gómez"):
        assert expected in card
    assert 'href="page/2/" rel="next"' in en_home
    assert texts(r'class="knowledge-card__title"><a href="[^"]*">(.*?)</a>', html(site, "en/page/2/index.html")) == ["How we estimate"]


def test_category_and_tag_pages(site):
    category = html(site, "es/category/procesos/index.html")
    assert texts(r"<h1[^>]*>(.*?)</h1>", category) == ["Categoría: Procesos"]
    assert texts(r'class="knowledge-card__title"><a href="([^"]*)">', category) == ["../../blog/estimar/", "../../blog/solo-es/"]
    tag = html(site, "en/tag/rag/index.html")
    assert texts(r"<h1[^>]*>(.*?)</h1>", tag) == ["Tag: RAG"]
    assert texts(r'class="knowledge-card__title"><a href="[^"]*">(.*?)</a>', tag) == ["RAG in practice"]
    # The category of a post and of its translation are each other's translation.
    assert 'hreflang="en" href="https://example.org/blog/en/category/artificial-intelligence/"' in html(site, "es/category/inteligencia-artificial/index.html")


def test_feeds_per_language(site):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    for lang, first in (("es", "Fine-tuning en serio"), ("en", "Fine-tuning for real")):
        feed = ET.fromstring(site.read(f"{lang}/feed.xml"))
        titles = [entry.findtext("a:title", namespaces=ns) for entry in feed.findall("a:entry", ns)]
        assert titles[0] == first
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        links = [entry.find("a:link", ns).get("href") for entry in feed.findall("a:entry", ns)]
        assert all(link.startswith(f"https://example.org/blog/{lang}/blog/") for link in links)
    assert len(ET.fromstring(site.read("es/feed.xml")).findall("a:entry", ns)) == 4
    assert len(ET.fromstring(site.read("en/feed.xml")).findall("a:entry", ns)) == 3
    assert 'type="application/atom+xml"' in html(site, "en/index.html")


def test_not_found_pages(site):
    root, es, en = html(site, "404.html"), html(site, "es/404.html"), html(site, "en/404.html")
    assert '<html lang="es"' in root and '<html lang="es"' in es and '<html lang="en"' in en
    assert "Page not found" in en and 'href="/blog/en/"' in en
    assert "Página no encontrada" in es and 'placeholder="Búsqueda"' in es
    assert 'href="/blog/assets/stylesheets/' in en  # absolute: served at any depth


def test_drafts_never_built(site):
    assert not (site.site_dir / "es/blog/borrador").exists()
    for rel in ("es/index.html", "es/feed.xml", "sitemap.xml", "es/tag/llm/index.html"):
        assert "borrador" not in site.read(rel).lower()


def test_switcher_and_hreflang(site):
    es = html(site, "es/blog/rag/index.html")
    assert '<a href="../../../en/blog/rag/" hreflang="en" lang="en" class="md-select__link knowledge-switch">English</a>' in es
    alternates = re.findall(r'<link rel="alternate " hreflang="([^"]+)" href="([^"]+)">', es)
    assert alternates == [
        ("es", "https://example.org/blog/es/blog/rag/"),
        ("en", "https://example.org/blog/en/blog/rag/"),
        ("x-default", "https://example.org/blog/es/blog/rag/"),
    ]
    # Material's home-page alternates are gone.
    assert 'hreflang="es" href="/es/"' not in es and 'href="../../../es/" hreflang' not in es
    # A page without translation leads to the other language's home, marked as such.
    lonely = html(site, "es/blog/solo-es/index.html")
    assert '<a href="../../../en/" hreflang="en" lang="en" class="md-select__link knowledge-switch knowledge-switch--home"' in lonely
    assert "English home" in lonely
    assert re.findall(r'<link rel="alternate " hreflang="([^"]+)"', lonely) == ["es", "x-default"]


def test_jsonld_is_escaped_and_complete(site):
    es = html(site, "es/blog/fine-tuning/index.html")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', es, re.S)
    assert len(blocks) == 2
    assert all("<" not in block and ">" not in block for block in blocks)
    posting = json.loads(blocks[0])
    assert posting["@type"] == "BlogPosting"
    assert posting["description"] == "Cuándo vale </script><script>alert(1)</script> la pena & cuándo no."
    assert posting["datePublished"] == "2026-02-20T00:00:00+00:00"
    assert posting["inLanguage"] == "es" and posting["url"] == "https://example.org/blog/es/blog/fine-tuning/"
    assert posting["author"]["name"] == "Ana Gómez"
    assert "<script>alert(1)" not in es  # the visible subtitle and meta are escaped too
    crumbs = json.loads(blocks[1])
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3]
    assert '<meta property="og:type" content="article">' in es
    # The post has a social card: the large preview, its image named absolutely, its
    # description escaped like every other attribute.
    assert '<meta name="twitter:card" content="summary_large_image">' in es
    assert '<meta property="og:image" content="https://example.org/blog/assets/knowledge/cards/es/blog/fine-tuning.png">' in es
    alt = re.search(r'<meta property="og:image:alt" content="([^"]*)">', es).group(1)
    assert alt.startswith("Fine") and "<" not in alt and "Ana Gómez" in alt


def test_root_chooser_without_inline_script(site):
    root = html(site, "index.html")
    assert '<a class="knowledge-root__link" href="es/" hreflang="es"' in root
    assert '<a class="knowledge-root__link" href="en/" hreflang="en"' in root
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", root, re.S)
    assert scripts and all('src="' in attrs and not body.strip() for attrs, body in scripts)
    assert (site.site_dir / "assets/knowledge/site/lang-redirect.js").is_file()


def test_navigation_shows_only_the_page_language(site):
    es = html(site, "es/contact/index.html")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', es, re.S).group(0)
    assert "Quiénes somos" in nav and "Contacto" in nav
    assert "Contact<" not in nav and "Test blog" not in nav


def test_untranslated_pages_are_the_only_warnings(site):
    """The build runs `knowledge check`'s rules too: pages without a translation warn."""
    warned = sorted(re.findall(r"(content/\S+?):1:1: \[warning\] .*\(missing-translation\)", "\n".join(site.messages())))
    assert warned == ["content/es/about.md", "content/es/blog/borrador.md", "content/es/blog/solo-es.md"]
    assert len(site.messages()) == 3, site.messages()


@pytest.mark.parametrize(
    ("current", "count", "expected"),
    [
        (1, 1, [1]),
        (2, 3, [1, 2, 3]),
        (1, 100, [1, 2, 3, None, 100]),
        (50, 100, [1, None, 48, 49, 50, 51, 52, None, 100]),
        (100, 100, [1, None, 98, 99, 100]),
        (5, 100, [1, 2, 3, 4, 5, 6, 7, None, 100]),  # a gap of one number shows it
        (3, 7, [1, 2, 3, 4, 5, 6, 7]),
    ],
)
def test_page_window_links_the_ends_and_the_pages_around(current, count, expected):
    from knowledge.site.plan import page_window

    assert page_window(current, count) == expected


@pytest.fixture(scope="module")
def long_listing(tmp_path_factory):
    """Twelve Spanish posts, one a page."""
    root = tmp_path_factory.mktemp("long-listing")
    files = {"es/index.md": page("Blog", "Hola."), "en/index.md": page("Blog", "Hello.")}
    for n in range(1, 13):
        files[f"es/blog/post-{n}.md"] = post(f"Artículo {n}", f"2026-01-{n:02d}")
    return mkdocs_build(write_site(root, files, plugin={"posts_per_page": 1}), root / "site")


def test_a_long_listing_links_the_ends_and_the_pages_around_the_current_one(long_listing):
    """Page 6 of 12 links 1, 4 to 8 and 12, with "…" for the gaps; no page links all twelve."""
    built = long_listing
    pagination = re.search(r'<ol class="knowledge-pagination__pages">(.*?)</ol>', built.read("es/page/6/index.html"), re.S).group(1)
    items = [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", pagination, re.S)]
    assert items == ["1", "…", "4", "5", "6", "7", "8", "…", "12"]
    assert '<span aria-current="page">6</span>' in pagination
    assert '<a href="../12/">12</a>' in pagination and '<a href="../../">1</a>' in pagination
    assert pagination.count('aria-hidden="true"') == 2
    home = re.search(r'<ol class="knowledge-pagination__pages">(.*?)</ol>', built.read("es/index.html"), re.S).group(1)
    assert [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", home, re.S)] == ["1", "2", "3", "…", "12"]


def test_the_pagination_is_one_row_on_a_phone(long_listing, browser):
    """At 360 px the page numbers of page 6 sit on one line (Material's list styles
    once stacked them in a column) and nothing scrolls sideways."""
    from conftest import serve_directory

    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        tab = context.new_page()
        with serve_directory(long_listing.site_dir) as base:
            tab.goto(base + "es/page/6/")
            tops = tab.eval_on_selector_all(".knowledge-pagination__pages li", "items => items.map(li => Math.round(li.getBoundingClientRect().top))")
            assert len(tops) == 9 and len(set(tops)) == 1, tops
            assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
