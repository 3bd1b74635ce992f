"""Small bilingual sites written into a temporary folder, for real MkDocs builds."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import yaml

AUTHORS = {
    "ana": {"name": "Ana Gómez", "role": {"es": "Fundadora e ingeniera principal", "en": "Founder & Lead Engineer"}},
    "beto": {"name": "Beto Ruiz", "role": {"es": "Ingeniero de IA", "en": "AI Engineer"}},
}


def write_site(root: Path, files: dict[str, str], *, site_url: str = "https://example.org/blog/", plugin: dict | None = None, **config) -> Path:
    """Write ``mkdocs.yml``, ``content/authors.yml`` and ``files`` (paths below content/)."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "authors.yml").write_text(yaml.safe_dump(AUTHORS, allow_unicode=True), encoding="utf-8")
    for rel, text in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    options = {"brand": "Pair Programming"} | (plugin or {})
    mkdocs = {
        "site_name": "Test Site",
        "site_url": site_url,
        "docs_dir": "content",
        "theme": {"name": "material", "language": "es", "font": False},
        "plugins": [{"search": {"lang": ["es", "en"]}}, {"knowledge": options}],
    } | config
    (root / "mkdocs.yml").write_text(yaml.safe_dump(mkdocs, allow_unicode=True), encoding="utf-8")
    return root / "mkdocs.yml"


def post(title: str, date: str, *, author: str = "ana", category: str = "IA", tags: str = "[LLM]", description: str = "Resumen.", body: str = "Texto.", extra: str = "") -> str:
    return (
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        f"description: {json.dumps(description, ensure_ascii=False)}\n"
        f"date: {date}\n"
        f"author: {author}\n"
        f"category: {category}\n"
        f"tags: {tags}\n"
        f"{extra}"
        "---\n\n"
        f"{body}\n"
    )


def page(title: str, body: str = "Texto.") -> str:
    return f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{body}\n"


def type_search(page, query: str) -> None:
    """Type into Material's search box like a person (its JS listens to keyup)."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query)


def search_results(page, query: str) -> list[str]:
    """Type ``query`` into Material's search box; the result links, once shown."""
    type_search(page, query)
    page.wait_for_selector("a.md-search-result__link")
    return [link.get_attribute("href") for link in page.locator("a.md-search-result__link").all()]
