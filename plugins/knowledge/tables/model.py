"""The structure of ``content/comparisons.yml`` as pydantic models.

These models describe the *shape* of the file (which keys exist, which are
required, which values are lists or mappings); they are also the source of the
JSON Schema editors get (``ComparisonsFile.model_json_schema()``). The rules
that need the site's languages or cross-references (every option has a cell,
every text exists in every language, ids are unique) live in
:mod:`knowledge.tables.loader`, which reports them with their own rule ids.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Rating = Literal["low", "medium", "high"]
# Which end of the rating scale wins on a row. "medium" is never the best end.
Better = Literal["low", "high"]

RATINGS: tuple[str, ...] = ("low", "medium", "high")
BETTER_VALUES: tuple[str, ...] = ("low", "high")
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

# A text in every site language: {es: "…", en: "…"}. The languages are the
# site's, so they are checked by the loader, not fixed here.
LocalizedText = dict[str, str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One column of the table: a thing being compared."""

    id: str = Field(pattern=ID_PATTERN, description="Column id (kebab-case); the keys of every row's `cells` use it.")
    label: LocalizedText = Field(description="Column heading, one text per language.")


class Cell(BaseModel):
    """One cell: its value in every language (keys ``es``, ``en``, …) and an optional rating.

    The language keys are the site's, so they are "extra" keys of this model,
    typed as text; the loader rejects any key that is neither a site language
    nor ``rating``.
    """

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, str]

    rating: Rating | None = Field(
        default=None,
        description="Where the value sits on the row's scale: low, medium or high. The row's `better` says which end wins.",
    )

    def text(self, lang: str) -> str:
        return (self.model_extra or {}).get(lang, "")


class Criterion(_Strict):
    """One row of the table: what the options are compared on."""

    id: str = Field(pattern=ID_PATTERN, description="Row id (kebab-case), unique within the comparison.")
    label: LocalizedText = Field(description="Row heading, one text per language.")
    better: Better | None = Field(
        default=None,
        description="Which rating is good on this row: low (e.g. cost) or high (e.g. quality). Required when a cell has a rating.",
    )
    cells: dict[str, Cell] = Field(description="One cell per option id.")


class Comparison(_Strict):
    """One comparison table."""

    id: str = Field(pattern=ID_PATTERN, description="Table id (kebab-case); articles embed it with <!-- comparison: <id> -->.")
    caption: LocalizedText | None = Field(default=None, description="Table caption, one text per language; defaults to the option labels joined by 'vs.'.")
    note: LocalizedText | None = Field(default=None, description="A note shown below the table.")
    source: LocalizedText | None = Field(default=None, description="Where the assessment comes from, shown below the table.")
    options: list[Option] = Field(min_length=2, description="The columns: the things compared (at least two).")
    criteria: list[Criterion] = Field(min_length=1, description="The rows: what the options are compared on.")

    def caption_text(self, lang: str) -> str:
        if self.caption:
            return self.caption[lang]
        return " vs. ".join(option.label[lang] for option in self.options)


class ComparisonsFile(_Strict):
    """``content/comparisons.yml``: every comparison table of the site."""

    comparisons: list[Comparison] = Field(description="Every comparison table of the site.")
