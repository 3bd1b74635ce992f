"""Render one comparison as an accessible HTML table in one language.

The output is a single raw HTML block (no blank lines, no indentation) so that
it survives Python-Markdown untouched when a marker is replaced by it. Every
value from the data file is escaped by Jinja's autoescape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from knowledge import locales
from knowledge.tables.model import RATINGS, Comparison, Criterion

TEMPLATES = Path(__file__).parent / "templates"

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class RenderedCell:
    text: str
    rating: str | None
    best: bool


@dataclass(frozen=True)
class RenderedRow:
    label: str
    cells: tuple[RenderedCell, ...]


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def one_line(text: str) -> str:
    """Collapse whitespace: a value spread over lines in YAML is one line in a cell,
    and a blank line must never end the raw HTML block early."""
    return _SPACE.sub(" ", text).strip()


def ui_text(lang: str) -> dict[str, str]:
    # Interface words around the data: knowledge/locales/<lang>.yml, section "tables".
    return locales.section(lang, "tables")


def best_options(criterion: Criterion, option_ids: list[str]) -> set[str]:
    """The options that win this row: the most favorable rating, if ratings differ.

    A row without ``better``, or whose rated cells all share one rating, has no
    winner: emphasis must mean something.
    """
    if criterion.better is None:
        return set()
    scores = {}
    for option_id in option_ids:
        cell = criterion.cells.get(option_id)
        if cell is not None and cell.rating is not None:
            scores[option_id] = RATINGS.index(cell.rating)
    if len(set(scores.values())) < 2:
        return set()
    target = min(scores.values()) if criterion.better == "low" else max(scores.values())
    return {option_id for option_id, score in scores.items() if score == target}


def anchor_id(comparison_id: str, occurrence: int = 1) -> str:
    """HTML id of a table; the second copy on one page gets ``-2`` and so on."""
    base = f"comparison-{comparison_id}"
    return base if occurrence <= 1 else f"{base}-{occurrence}"


def render_comparison(comparison: Comparison, lang: str, *, anchor: str | None = None) -> str:
    """The table in ``lang``: caption, column and row headers, note and source below."""
    option_ids = [option.id for option in comparison.options]
    rows = []
    for criterion in comparison.criteria:
        winners = best_options(criterion, option_ids)
        cells = []
        for option_id in option_ids:
            cell = criterion.cells.get(option_id)
            cells.append(RenderedCell(one_line(cell.text(lang)) if cell else "", cell.rating if cell else None, option_id in winners))
        rows.append(RenderedRow(one_line(criterion.label[lang]), tuple(cells)))
    ui = dict(ui_text(lang))
    ui["better"] = ui["better"] if len(option_ids) == 2 else ui["best"]
    html = _environment().get_template("comparison.html").render(
        anchor=anchor or anchor_id(comparison.id),
        comparison_id=comparison.id,
        # CSS gives wider tables a minimum width (see tables.css); 7+ share one class.
        option_count=len(option_ids) if len(option_ids) <= 6 else "many",
        caption=one_line(comparison.caption_text(lang)),
        option_labels=[one_line(option.label[lang]) for option in comparison.options],
        rows=rows,
        note=one_line(comparison.note[lang]) if comparison.note else "",
        source=one_line(comparison.source[lang]) if comparison.source else "",
        ui=ui,
    )
    return html.strip()
