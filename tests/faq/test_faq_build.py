"""A real ``mkdocs build`` of a small fixture site (tests/faq/site): article sections,
the FAQ pages, their JSON-LD, the assistant's mount, assets and per-language index."""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from conftest import mkdocs_build

from knowledge.matcher.index import read_index_script

FIXTURE = Path(__file__).parent / "site"
ASSETS = Path(__file__).resolve().parents[2] / "plugins" / "knowledge" / "assets"
ENTRY_IDS = ["hostile-answer", "project-cost", "timeline"]


@pytest.fixture(scope="module")
def built(faq_fixture_site):
    return faq_fixture_site


@pytest.fixture(scope="module")
def built_flat(tmp_path_factory):
    """The same site for file://: no directory URLs."""
    return mkdocs_build(FIXTURE / "mkdocs.yml", tmp_path_factory.mktemp("faq-build-flat") / "site", use_directory_urls=False)


def region(page: str, start: str, end: str) -> str:
    i = page.index(start)
    return page[i: page.index(end, i) + len(end)]


def jsonld_blocks(page: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)


def faq_pages(blocks: list[str]) -> list[dict]:
    return [data for data in map(json.loads, blocks) if data.get("@type") == "FAQPage"]


@pytest.mark.parametrize(("lang", "heading"), [("es", "Preguntas frecuentes"), ("en", "Frequently asked questions")])
def test_article_shows_its_entries_as_disclosures_with_stable_anchors(built, lang, heading) -> None:
    page = built.read(f"{lang}/blog/project-costs/index.html")
    section = region(page, '<section class="knowledge-faq"', "</section>")
    assert f">{heading}</h2>" in section
    assert re.findall(r'<details class="knowledge-faq__entry question" id="([^"]+)"><summary>', section) == ["project-cost", "timeline"]
    assert "hostile-answer" not in section  # it names no article
    # Links written relative to the language root resolve from the article's folder.
    assert 'href="../../contact/"' in section
    assert 'href="./#detalle"' in section
    assert 'href="../../faq/"' in section
    assert faq_pages(jsonld_blocks(page)) == []  # FAQPage only on the FAQ page


def test_pages_without_entries_have_no_section(built) -> None:
    assert 'class="knowledge-faq"' not in built.read("es/contact/index.html")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_faq_page_groups_by_topic_with_json_ld(built, lang) -> None:
    page = built.read(f"{lang}/faq/index.html")
    body = region(page, '<div class="knowledge-faq-page">', '<section class="knowledge-faq-topic" aria-labelledby="topic-other">')
    assert re.findall(r'<h2 id="(topic-[a-z-]+)">', page) == ["topic-pricing", "topic-process", "topic-other"]
    titles = {"es": ["Precios", "Cómo trabajamos", "Otras preguntas"], "en": ["Pricing", "How we work", "Other questions"]}[lang]
    assert re.findall(r'<h2 id="topic-[a-z-]+">([^<]+)</h2>', page) == titles
    assert re.findall(r'<div class="knowledge-faq-entry" id="([^"]+)">', page) == ["project-cost", "timeline", "hostile-answer"]
    assert 'href="../contact/"' in body and 'href="../blog/project-costs/#detalle"' in body
    assert 'href="#timeline"' in body  # related entries link to their anchors
    blocks = faq_pages(jsonld_blocks(page))
    assert len(blocks) == 1
    data = blocks[0]
    assert data["inLanguage"] == lang and data["url"] == f"https://acme.example/docs/{lang}/faq/"
    visible = [html.unescape(q) for q in re.findall(r"<h3>(.*?)</h3>", page)]
    assert [q["name"] for q in data["mainEntity"]] == visible
    assert all(q["acceptedAnswer"]["text"] for q in data["mainEntity"])


def test_hostile_answers_are_inert_on_every_page(built) -> None:
    for rel in ("es/faq/index.html", "en/faq/index.html"):
        page = built.read(rel)
        entry = region(page, '<div class="knowledge-faq-entry" id="hostile-answer">', "</section>")
        for needle in ("<img", "onerror", "javascript:", "//evil", "<!--", "<script", "<b>"):
            assert needle not in entry, (rel, needle)
        assert "&lt;b&gt;HTML&lt;/b&gt;" in entry  # the question is text
        # JSON-LD: "</script>" in an answer cannot close the block; the text survives.
        for block in jsonld_blocks(page):
            assert "<" not in block
        data = faq_pages(jsonld_blocks(page))[0]
        hostile = next(q for q in data["mainEntity"] if "HTML" in q["name"])
        assert "</script><script>alert(1)</script>" in hostile["acceptedAnswer"]["text"]
        assert "alert(\"ld\")" not in hostile["acceptedAnswer"]["text"]  # the raw block was stripped


def mount_urls(page: str) -> dict[str, str]:
    mount = re.search(r'<div id="knowledge-assistant"([^>]*)></div>', page)
    assert mount, "no assistant mount"
    return {name: html.unescape(value) for name, value in re.findall(r'(data-[a-z]+)="([^"]*)"', mount.group(1))}


@pytest.mark.parametrize("rel", ["es/index.html", "es/blog/project-costs/index.html", "en/faq/index.html", "en/contact/index.html"])
def test_every_page_carries_the_assistant_with_working_relative_urls(built, rel) -> None:
    page = built.read(rel)
    lang = rel.split("/")[0]
    here = posixpath.dirname(rel)
    data = mount_urls(page)
    assert data["data-lang"] == lang
    resolved = {name: posixpath.normpath(posixpath.join(here, data[name])) for name in ("data-root", "data-matcher", "data-index", "data-faq", "data-contact")}
    assert resolved == {
        "data-root": lang,
        "data-matcher": "assets/knowledge/matcher.js",
        "data-index": f"assets/knowledge/faq-index.{lang}.js",
        "data-faq": f"{lang}/faq",
        "data-contact": f"{lang}/contact",
    }
    for name in ("data-matcher", "data-index"):
        assert (built.site_dir / resolved[name]).is_file()
    script = re.search(r'<script src="([^"]+assistant\.js)" defer></script>', page).group(1)
    # The assistant's styles come with the site's one stylesheet (site/styles.py).
    css = re.search(r'<link rel="stylesheet" href="([^"]+assets/knowledge/site/knowledge\.css)">', page).group(1)
    for url in (script, css):
        assert (built.site_dir / posixpath.normpath(posixpath.join(here, url))).is_file()
    # No FAQ bytes on page load: the index is only referenced, never included.
    assert "KnowledgeFaqIndex" not in page and 'faq-index.' not in page.replace(data["data-index"], "")


def test_greeting_and_name_come_from_mkdocs_yml(built) -> None:
    es = json.loads(mount_urls(built.read("es/index.html"))["data-strings"])
    en = json.loads(mount_urls(built.read("en/index.html"))["data-strings"])
    assert es["greeting"] == "Hola, soy el asistente de Acme. Preguntame lo que quieras sobre el proyecto."
    assert en["greeting"] == "Hi, I'm Acme's assistant. Ask me about our development services."
    assert es["title"] == "Asistente de Acme" and en["title"] == "Acme assistant"


def test_assets_are_shipped_unchanged(built) -> None:
    for name in ("assistant.js", "matcher.js"):
        assert (built.site_dir / "assets/knowledge" / name).read_bytes() == (ASSETS / name).read_bytes()
    # The assistant's CSS is part of the site's one stylesheet, not a file of its own.
    assert (ASSETS / "assistant.css").read_text(encoding="utf-8").strip() in built.read("assets/knowledge/site/knowledge.css")
    assert not (built.site_dir / "assets/knowledge/assistant.css").exists()
    assert "assistant.css" not in built.read("es/index.html")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_index_per_language_holds_sanitized_answers(built, lang) -> None:
    payload = read_index_script(built.read(f"assets/knowledge/faq-index.{lang}.js"))
    assert payload["lang"] == lang
    assert sorted(payload["entries"]) == ENTRY_IDS
    assert sorted(payload["matcher"]["ids"]) == ENTRY_IDS
    cost = payload["entries"]["project-cost"]
    assert cost["q"] == {"es": "¿Cuánto cuesta un proyecto?", "en": "How much does a project cost?"}[lang]
    assert 'href="contact/"' in cost["a"]  # relative to the language root
    hostile = payload["entries"]["hostile-answer"]["a"]
    for needle in ("<img", "onerror", "javascript:", "//evil", "<!--", "<script"):
        assert needle not in hostile


def test_file_urls_without_directory_urls(built_flat) -> None:
    page = built_flat.read("es/blog/project-costs.html")
    section = region(page, '<section class="knowledge-faq"', "</section>")
    assert 'href="../contact.html"' in section and 'href="project-costs.html#detalle"' in section
    assert 'href="../faq/index.html"' in section
    data = mount_urls(page)
    assert (data["data-faq"], data["data-contact"], data["data-root"]) == ("../faq/index.html", "../contact.html", "../")
    payload = read_index_script(built_flat.read("assets/knowledge/faq-index.es.js"))
    assert 'href="contact.html"' in payload["entries"]["project-cost"]["a"]
    assert (built_flat.site_dir / "es/faq/index.html").is_file()


def test_bad_faq_stops_the_build_listing_every_problem(tmp_path, caplog) -> None:
    from mkdocs.exceptions import Abort, PluginError

    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    faq = project / "faq"
    (faq / "timeline.yml").write_text((faq / "timeline.yml").read_text(encoding="utf-8").replace('"plazos de entrega"', "no"), encoding="utf-8")
    (faq / "project-cost.yml").write_text((faq / "project-cost.yml").read_text(encoding="utf-8").replace("articles: [blog/project-costs]", "articles: [blog/nope]"), encoding="utf-8")
    (faq / "extra.yml").write_text("es:\n  question: x\n  answer: y\n", encoding="utf-8")
    with pytest.raises((PluginError, Abort)) as failure, caplog.at_level("ERROR", logger="mkdocs"):
        mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    message = str(failure.value) + "\n".join(r.getMessage() for r in caplog.records)
    assert "faq/timeline.yml:6:7: [error]" in message and "(yaml-truthy)" in message
    assert "faq/project-cost.yml:2:12: [error]" in message and "(unknown-article)" in message
    assert "faq/extra.yml:1:1: [error]" in message and "(missing-translation)" in message
