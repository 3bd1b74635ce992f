"""Front matter and authors-file models (pydantic v2, unknown keys forbidden).

The same models validate content at build time and generate the JSON Schemas that
``knowledge check`` ships for editors, so a rule lives in exactly one place.
Text fields are additionally checked with ``YamlDocument.require_text`` by the
loader, because a plain ``no`` or ``1.000`` is text under YAML 1.2 but not under
the YAML 1.1 tools editors use.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator

# Keys whose values must be text an editor can trust (checked with require_text).
POST_TEXT_FIELDS: tuple[str, ...] = ("title", "description", "author", "category")
PAGE_TEXT_FIELDS: tuple[str, ...] = ("title", "description")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FrontMatter(_Strict):
    """Front matter of a post (a page under ``<lang>/blog/``)."""

    title: str = Field(min_length=1, description="Post title, shown as the page's heading")
    description: str = Field(min_length=1, description="One or two sentences: the subtitle, listing summary and meta description")
    date: dt.date = Field(description="Publication date, YYYY-MM-DD")
    author: str = Field(min_length=1, description="Author id, a key of content/authors.yml")
    category: str = Field(min_length=1, description="One category, in the post's language")
    tags: list[str] = Field(default_factory=list, description="Tags, in the post's language")
    updated: dt.date | None = Field(default=None, description="Date of the last significant update, YYYY-MM-DD")
    draft: bool = Field(default=False, description="true: shown by `mkdocs serve`, never published by `mkdocs build`")

    @field_validator("date", "updated", mode="before")
    @classmethod
    def _date_only(cls, value: object) -> object:
        # A datetime or a number is not what editors mean by a date; say so clearly.
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise ValueError("expected a date written as YYYY-MM-DD")
        if isinstance(value, str) and len(value.strip()) != 10:
            raise ValueError(f"{value!r} is not a date written as YYYY-MM-DD")
        return value


class PageFrontMatter(_Strict):
    """Front matter of any other page (home, contact, about…)."""

    title: str = Field(min_length=1, description="Page title")
    description: str | None = Field(default=None, description="Meta description and subtitle")
    hide: list[str] = Field(default_factory=list, description="Material's hide: navigation, toc, footer")


class Author(_Strict):
    """One author in ``content/authors.yml``."""

    name: str = Field(min_length=1, description="Full name as shown in bylines")
    role: dict[str, str] = Field(description="Role per language, e.g. {es: Fundador…, en: Founder & Lead Engineer}")
    url: str | None = Field(default=None, description="Profile URL (optional)")


class AuthorsFile(RootModel[dict[str, Author]]):
    """``content/authors.yml``: authors keyed by id."""
