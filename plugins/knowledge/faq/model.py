"""The FAQ data contract: one entry per file ``faq/<id>.yml``.

Two layers:

- the pydantic models (:class:`FaqEntryModel`, :class:`FaqTopicsModel`) describe the
  *structure* of a file, forbid unknown keys, and are the single source of the
  JSON Schema that editors and ``knowledge check`` use;
- the frozen dataclasses (:class:`FaqEntry`, :class:`FaqText`) are what the rest of
  the code reads once a file has loaded cleanly.

Exact contract (issue 3 §1): keys ``es`` and ``en``, each with ``question`` (text,
required), ``variants`` (list of texts, optional) and ``answer`` (Markdown,
required); optional ``topic`` (a key of ``faq/_topics.yml``), ``articles`` (page
keys such as ``blog/fine-tuning``) and ``related`` (entry ids). Nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping

from pydantic import BaseModel, ConfigDict, Field, RootModel

# An entry id is its file stem; it is also the anchor on every page, so it stays
# URL- and HTML-id-safe: lowercase ASCII letters, digits, single hyphens.
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_RE = re.compile(ID_PATTERN)

# A page key: the path below content/<lang>/ without ".md" ("blog/fine-tuning", "contact").
PAGE_KEY_PATTERN = r"^[a-z0-9][a-z0-9._-]*(?:/[a-z0-9][a-z0-9._-]*)*$"
PAGE_KEY_RE = re.compile(PAGE_KEY_PATTERN)

LANGUAGES: tuple[str, ...] = ("es", "en")


@dataclass(frozen=True)
class FaqText:
    """One language of an entry."""

    question: str
    variants: tuple[str, ...]
    answer: str  # Markdown, as written; rendered and sanitized by knowledge.faq.render


@dataclass(frozen=True)
class FaqEntry:
    """One FAQ entry, loaded and validated."""

    id: str  # the file stem
    path: str  # the file, relative to the project root ("faq/cost.yml")
    topic: str | None
    articles: tuple[str, ...]  # page keys
    related: tuple[str, ...]  # entry ids
    texts: Mapping[str, FaqText]  # by language
    # Where values stand in the file, by dotted path ("articles[0]", "related[1]"),
    # so that later cross-file checks can point at the exact line.
    marks: Mapping[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    def questions(self, lang: str) -> list[str]:
        """The question, then its variants: what the matcher learns from."""
        text = self.texts.get(lang)
        return [text.question, *text.variants] if text else []


# --- structure (pydantic v2) -------------------------------------------------------

class FaqTextModel(BaseModel):
    """One language of an entry."""

    model_config = ConfigDict(extra="forbid", strict=True, title="FAQ text")

    question: str = Field(min_length=1, description="The question as a visitor would ask it.")
    variants: list[str] = Field(default_factory=list, description="Other ways visitors ask it: at least 4; every real visitor wording added helps (README, How many variants).")
    answer: str = Field(min_length=1, description="The answer, in Markdown.")


class FaqEntryModel(BaseModel):
    """One FAQ entry: the file faq/<id>.yml (its stem is the id)."""

    model_config = ConfigDict(extra="forbid", strict=True, title="FAQ entry")

    es: FaqTextModel = Field(description="Spanish (Rioplatense voice).")
    en: FaqTextModel = Field(description="English.")
    topic: str | None = Field(default=None, pattern=ID_PATTERN, description="A topic id from faq/_topics.yml.")
    articles: list[str] = Field(
        default_factory=list,
        description="Page keys of the articles this entry shows under, e.g. blog/fine-tuning.",
        json_schema_extra={"items": {"type": "string", "pattern": PAGE_KEY_PATTERN}},
    )
    related: list[str] = Field(
        default_factory=list,
        description="Ids of related entries.",
        json_schema_extra={"items": {"type": "string", "pattern": ID_PATTERN}},
    )


class FaqTopicTitles(BaseModel):
    """A topic's title per language."""

    model_config = ConfigDict(extra="forbid", strict=True, title="FAQ topic")

    es: str = Field(min_length=1)
    en: str = Field(min_length=1)


class FaqTopicsModel(RootModel[dict[str, FaqTopicTitles]]):
    """faq/_topics.yml: topic id -> titles; the file's order is the FAQ page's order."""

    model_config = ConfigDict(strict=True, title="FAQ topics")


# --- any languages -------------------------------------------------------------------
#
# The classes above describe the default pair (es, en) and are the source of the
# shipped JSON Schemas. A site may configure any languages: these build the same
# models with one required block per configured language. The default pair stays
# accepted (optional) when a run loads fewer languages, as `knowledge ask --lang`
# does, so such a run does not call the other language an unknown key.

_MODELS: dict[tuple[str, ...], tuple[type[BaseModel], type[BaseModel]]] = {}


def models_for(languages: tuple[str, ...]) -> tuple[type[BaseModel], type[BaseModel]]:
    """``(entry model, topics model)`` requiring every language of ``languages``."""
    languages = tuple(languages)
    if languages == LANGUAGES:
        return FaqEntryModel, FaqTopicsModel
    cached = _MODELS.get(languages)
    if cached:
        return cached
    from pydantic import create_model

    optional = [lang for lang in LANGUAGES if lang not in languages]
    text_fields: dict = {lang: (FaqTextModel, Field(description=f"The entry in {lang!r}.")) for lang in languages}
    text_fields |= {lang: (FaqTextModel | None, None) for lang in optional}
    entry = create_model(
        "FaqEntryModel",
        __config__=ConfigDict(extra="forbid", strict=True, title="FAQ entry"),
        **text_fields,
        topic=(str | None, FaqEntryModel.model_fields["topic"]),
        articles=(list[str], FaqEntryModel.model_fields["articles"]),
        related=(list[str], FaqEntryModel.model_fields["related"]),
    )
    title_fields: dict = {lang: (str, Field(min_length=1)) for lang in languages}
    title_fields |= {lang: (str | None, None) for lang in optional}
    titles = create_model("FaqTopicTitles", __config__=ConfigDict(extra="forbid", strict=True, title="FAQ topic"), **title_fields)
    topics = create_model("FaqTopicsModel", __base__=RootModel[dict[str, titles]])  # type: ignore[valid-type]
    _MODELS[languages] = (entry, topics)
    return entry, topics
