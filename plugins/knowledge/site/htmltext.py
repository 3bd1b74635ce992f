"""Front-matter text on its way into Material's templates and search index.

Front matter is text, written by pull-request authors. Our own templates and
writers escape it where they print it (Jinja ``| e``, ElementTree, JSON with
``<``/``>``/``&`` escaped). Material does not: it prints ``page.meta.title``
unescaped in the header, and its search plugin copies ``page.meta.title`` and
``page.meta.tags`` into ``search_index.json``, whose JavaScript inserts result
titles and tags with ``innerHTML``. So the text values MkDocs hands Material are
replaced by their HTML-escaped form, as ``markupsafe.Markup``:

- Material prints it as it is (escaped once), and the search index holds escaped
  HTML, which the browser shows as the literal text;
- ``| e`` in our templates leaves a ``Markup`` unchanged, so nothing is escaped twice.

Only MkDocs' ``page.meta`` gets this; the site model (listings, feeds, JSON-LD,
sitemap, the assistant's index) keeps the raw text and escapes it per output.
No MkDocs here.
"""

from __future__ import annotations

from typing import Any, Mapping

from markupsafe import Markup, escape

# Every front-matter key that holds text a template or the search index may print.
TEXT_KEYS: tuple[str, ...] = ("title", "description", "author", "category")
LIST_KEYS: tuple[str, ...] = ("tags",)


def escaped_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """``meta`` with every text value (and every text item of ``tags``) HTML-escaped
    once; values already escaped (``Markup``, e.g. a second ``on_page_markdown`` under
    ``mkdocs serve``) and non-text values are kept as they are."""
    out = dict(meta)
    for key in TEXT_KEYS:
        if isinstance(out.get(key), str):
            out[key] = _escape_once(out[key])
    for key in LIST_KEYS:
        value = out.get(key)
        if isinstance(value, list):
            out[key] = [_escape_once(item) if isinstance(item, str) else item for item in value]
    return out


def _escape_once(text: str) -> Markup:
    return text if isinstance(text, Markup) else escape(text)
