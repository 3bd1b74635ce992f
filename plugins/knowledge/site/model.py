"""The loaded site: pages per language, authors, translations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Author:
    id: str
    name: str
    role: Mapping[str, str]  # per language
    url: str | None = None

    def role_in(self, lang: str) -> str:
        return self.role.get(lang) or next(iter(self.role.values()), "")


@dataclass(frozen=True)
class Page:
    """One Markdown page of one language, as its front matter and body describe it."""

    lang: str
    key: str  # path below content/<lang>/ without .md: "blog/fine-tuning", "index"
    src_uri: str  # path relative to docs_dir: "es/blog/fine-tuning.md"
    src_path: str  # path relative to the project dir, for problems: "content/es/blog/fine-tuning.md"
    title: str
    body: str
    body_line: int
    is_post: bool = False
    description: str | None = None
    date: dt.date | None = None
    updated: dt.date | None = None
    author: str | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    reading_minutes: int = 1
    meta: Mapping[str, Any] = field(default_factory=dict)  # the raw front matter
    # (line, col) of front-matter values by data path (("title",), ("tags", 0)…), for problems found later
    marks: Mapping[tuple[Any, ...], tuple[int, int]] = field(default_factory=dict)

    @property
    def modified(self) -> dt.date | None:
        return self.updated or self.date


@dataclass
class SiteModel:
    languages: tuple[str, ...]
    pages: dict[str, dict[str, Page]]  # lang -> key -> page (drafts only when included)
    authors: dict[str, Author]
    drafts: dict[str, dict[str, Page]] = field(default_factory=dict)  # lang -> key -> draft left out
    # lang -> keys of pages whose front matter has errors: they exist, so references
    # to them are not reported again as unknown (their own problems already are).
    unreadable: dict[str, frozenset[str]] = field(default_factory=dict)

    def page(self, lang: str, key: str) -> Page | None:
        return self.pages.get(lang, {}).get(key)

    def all_pages(self) -> list[Page]:
        return [page for lang in self.languages for page in self.pages.get(lang, {}).values()]

    def translations(self, key: str) -> dict[str, Page]:
        """The page ``key`` in every language that has it, in language order."""
        return {lang: self.pages[lang][key] for lang in self.languages if key in self.pages.get(lang, {})}

    def posts(self, lang: str) -> list[Page]:
        """Posts of one language, newest first (ties by title, so the order is stable)."""
        posts = [p for p in self.pages.get(lang, {}).values() if p.is_post]
        return sorted(posts, key=lambda p: (p.date or dt.date.min, p.title), reverse=True)

    def page_keys(self) -> dict[str, frozenset[str]]:
        """Per language, every page key a reference may name: pages, drafts and
        pages that failed to load (reported on their own, not as unknown)."""
        return {
            lang: frozenset(self.pages.get(lang, {})) | frozenset(self.unreadable.get(lang, ())) | frozenset(self.drafts.get(lang, {}))
            for lang in self.languages
        }
