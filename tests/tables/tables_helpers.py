"""Helpers of the tables tests: a small bilingual fixture site, and an HTML reader
that sees comparison tables the way assistive technology does (hidden text skipped)."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

POST = """\
---
title: "{title}"
description: "{description}"
date: 2026-02-20
author: ana
category: "{category}"
tags: [IA]
---

{body}
"""

# Like the sample site's mkdocs.yml (search, then knowledge).
MKDOCS_YML = """\
site_name: Tables test
site_url: https://tables.example/
docs_dir: content
theme:
  name: material
  language: es
  font: false
plugins:
  - search
  - knowledge
"""

# A table with four options, so that it is wider than a phone and must scroll in its box.
WIDE_TABLE = """
  - id: four-ways
    caption: {es: Cuatro caminos, en: Four ways}
    options:
      - id: prompt
        label: {es: Prompt, en: Prompt}
      - id: few-shot
        label: {es: Pocos ejemplos, en: Few-shot}
      - id: rag
        label: {es: RAG, en: RAG}
      - id: fine-tuning
        label: {es: Ajuste fino, en: Fine-tuning}
    criteria:
      - id: cost
        label: {es: Costo, en: Cost}
        better: low
        cells:
          prompt: {es: Mínimo, en: Minimal, rating: low}
          few-shot: {es: Bajo, en: Low, rating: low}
          rag: {es: Medio, en: Medium, rating: medium}
          fine-tuning: {es: Alto, en: High, rating: high}
"""


def write_site(root: Path, *, articles: dict[str, str], comparisons: str | None = None) -> Path:
    """A site with the repository's comparisons (plus a wide one) and the given posts.

    ``articles`` maps a post slug to its Markdown body, written in both languages
    (the marker syntax does not depend on the language).
    """
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    content = root / "content"
    content.mkdir(parents=True)
    (content / "authors.yml").write_text(
        "ana:\n  name: Ana Pérez\n  role:\n    es: Ingeniera\n    en: Engineer\n", encoding="utf-8"
    )
    if comparisons is None:
        comparisons = (REPO / "content" / "comparisons.yml").read_text(encoding="utf-8").rstrip("\n") + "\n" + WIDE_TABLE
    (content / "comparisons.yml").write_text(comparisons, encoding="utf-8")
    for lang, words in {"es": ("Inicio", "Artículo", "Pruebas"), "en": ("Home", "Article", "Tests")}.items():
        (content / lang / "blog").mkdir(parents=True)
        (content / lang / "index.md").write_text(f"---\ntitle: {words[0]}\n---\n\n# {words[0]}\n", encoding="utf-8")
        for slug, body in articles.items():
            text = POST.format(title=f"{words[1]} {slug}", description=f"{words[1]} {slug}.", category=words[2], body=body)
            (content / lang / "blog" / f"{slug}.md").write_text(text, encoding="utf-8")
    return root / "mkdocs.yml"


@dataclass
class Table:
    attrs: dict[str, str]
    container: dict[str, str]
    caption: str = ""
    column_headers: list[str] = field(default_factory=list)
    row_headers: list[str] = field(default_factory=list)
    cells: list[list[str]] = field(default_factory=list)


class TableReader(HTMLParser):
    """Every <table> of a page: caption, scoped headers, cell texts, and its scroll box."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self._boxes: list[dict[str, str]] = []
        self._text: list[str] | None = None
        self._cell: tuple[str, str | None] | None = None
        self._hidden_depth = 0
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self._depth += 1
        if tag == "div":
            self._boxes.append(attrs)
        if tag == "table":
            self.tables.append(Table(attrs, self._boxes[-1] if self._boxes else {}))
        if not self.tables:
            return
        if tag == "tr" and self._cell is None:
            self.tables[-1].cells.append([])
        if tag in {"caption", "th", "td"}:
            self._cell = (tag, attrs.get("scope"))
            self._text = []
        if attrs.get("aria-hidden") == "true" or "kn-cmp__sr" in attrs.get("class", ""):
            self._hidden_depth = self._hidden_depth or self._depth

    def handle_endtag(self, tag):
        if self._hidden_depth == self._depth:
            self._hidden_depth = 0
        self._depth -= 1
        if tag == "div" and self._boxes:
            self._boxes.pop()
        if self._cell and tag == self._cell[0] and self._text is not None:
            text = " ".join("".join(self._text).split())
            table = self.tables[-1]
            kind, scope = self._cell
            if kind == "caption":
                table.caption = text
            elif kind == "th" and scope == "col":
                table.column_headers.append(text)
            elif kind == "th" and scope == "row":
                table.row_headers.append(text)
            else:
                table.cells[-1].append(text)
            self._cell, self._text = None, None

    def handle_data(self, data):
        if self._text is not None and not self._hidden_depth:
            self._text.append(data)


def read_tables(html: str) -> list[Table]:
    reader = TableReader()
    reader.feed(html)
    return reader.tables


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")
