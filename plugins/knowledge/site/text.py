"""Reading time, localized dates and slugs: small pure helpers."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache

from babel.dates import format_date

WORDS_PER_MINUTE = 265  # Material's blog plugin uses the same pace

_HTML_TAG = re.compile(r"<[^>]+>")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def count_words(markdown: str) -> int:
    """Words a reader reads: prose and code, not link targets or HTML tags."""
    text = _LINK_TARGET.sub("]", markdown)
    text = _HTML_TAG.sub(" ", text)
    return len(_WORD.findall(text))


def reading_minutes(markdown: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes, rounded up, never below 1."""
    return max(1, math.ceil(count_words(markdown) / words_per_minute))


@lru_cache(maxsize=8192)  # a post's date is shown on its page and on every listing card of it
def long_date(day: dt.date, lang: str) -> str:
    """"20 de febrero de 2026" / "February 20, 2026"."""
    return format_date(day, format="long", locale=lang.replace("-", "_"))  # Babel spells "pt-BR" "pt_BR"


def iso_datetime(day: dt.date) -> str:
    """An ISO 8601 timestamp with a time zone, as search engines want (midnight UTC)."""
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=dt.timezone.utc).isoformat()


@lru_cache(maxsize=65536)  # a listing slugifies each post's category and tags: the same few names
def slugify(text: str) -> str:
    """The URL segment of a category or tag; ``""`` when the name has no letter or digit.

    Latin names are folded to ASCII, lowercase, hyphen-separated ("Inteligencia
    Artificial" -> "inteligencia-artificial", "Búsqueda" -> "busqueda"). A name with
    letters or digits of another script keeps them, case-folded ("Модели" -> "модели",
    "機械学習" -> "機械学習"): a stable, readable slug of its own, which URLs carry
    percent-encoded (``urls.page_url``), instead of the "x" every such name used to
    share. Names that still collide ("C", "C++", "C#" -> "c") are reported by
    :func:`knowledge.site.terms.term_problems`, never merged silently.
    """
    base = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if all(c.isascii() for c in base if c.isalnum()):
        return re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")
    return re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", text).casefold()).strip("-")
