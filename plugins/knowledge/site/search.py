"""Search per language on top of Material's search.

Material's search plugin writes one ``search/search_index.json`` for the whole
build, and its JavaScript loads ``new URL("search/search_index.json", config.base)``
(``search/search_index.js`` from file://), where ``config.base`` is the site root
written into each page's ``<script id="__config">``. So a Spanish page would
search English pages too.

We split that index into one per language (``es/search/search_index.json``, only
Spanish pages, lunr configured with ``lang: [es]`` so Spanish stop words apply),
and point each page's ``config.base`` at its language folder. Locations in a
language's index are made relative to that folder, because Material resolves a
result's link as ``new URL(location, config.base)``. ``config.base`` is otherwise
used only by instant navigation (sitemap prefetch), the version selector and the
alternate-site interception, none of which the site relies on.

Stemming stays off (Material's default pipeline keeps only the stop-word filter):
Material's worker appends ``*`` to every query term, and lunr runs no pipeline
on wildcard terms, so a stemmed index would no longer match what people type
("validando*" never reaches the stem "valid"). Stop words, the part that works,
now follow each language.

Pure functions over text, plus ``split_site_index`` which applies them to a built
site directory: no MkDocs here.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any, Iterable

from knowledge.site.seo import script_json

INDEX_PATH = "search/search_index.json"
SCRIPT_PATH = "search/search_index.js"  # what Material loads from file://

_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def split_index(index_text: str, languages: Iterable[str]) -> dict[str, dict[str, Any]]:
    """One search index per language, from Material's whole-site index.

    A document belongs to the language folder its location starts with
    ("es/blog/x/#intro" -> es, location "blog/x/#intro"); the home page's
    location becomes "" (or "index.html" without directory URLs). Documents
    outside every language folder are dropped: no page of the site lives there.
    """
    data = json.loads(index_text)
    config = dict(data.get("config") or {})
    docs = data.get("docs") or []
    out: dict[str, dict[str, Any]] = {}
    for lang in languages:
        prefix = f"{lang}/"
        lang_docs = []
        for doc in docs:
            location = str(doc.get("location", ""))
            if location.startswith(prefix):
                lang_docs.append(dict(doc, location=location[len(prefix):]))
        out[lang] = {"config": dict(config, lang=[lang]), "docs": lang_docs}
    return out


def split_site_index(site_dir: str | os.PathLike[str], languages: Iterable[str]) -> None:
    """Replace the whole-site index Material wrote into ``site_dir`` by one index per
    language, as JSON for HTTP and as a script for file://; the mixed whole-site
    index is removed (and its folder, once empty). No index, nothing to do."""
    whole = Path(site_dir) / INDEX_PATH
    if not whole.is_file():
        return
    for lang, index in split_index(whole.read_text(encoding="utf-8"), languages).items():
        folder = Path(site_dir) / lang
        (folder / INDEX_PATH).parent.mkdir(parents=True, exist_ok=True)
        (folder / INDEX_PATH).write_text(index_json(index), encoding="utf-8")
        (folder / SCRIPT_PATH).write_text(index_script(index), encoding="utf-8")
    whole.unlink()
    if not any(whole.parent.iterdir()):
        whole.parent.rmdir()


def index_json(index: dict[str, Any]) -> str:
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def index_script(index: dict[str, Any]) -> str:
    """The index as a classic script, what Material's JS loads from file://
    (the same shape Material's offline plugin writes)."""
    return "var __index = " + script_json(index) + ";\n"


def language_base(base: str, lang: str) -> str:
    """``config.base`` of a page in ``lang``: its language folder, with a trailing
    slash so ``new URL("search/…", base)`` stays inside it.

    "." -> "./es/", "../../.." -> "../../../es/", "/blog" -> "/blog/es/", "/" -> "/es/".
    """
    base = base or "."
    return base.rstrip("/") + f"/{lang}/" if base.rstrip("/") else f"/{lang}/"


def point_config_at_language(html: str, lang: str) -> str:
    """Rewrite ``base`` in Material's ``__config`` JSON so the page searches its
    own language's index. Pages without that script are returned unchanged."""

    def replace(match: re.Match[str]) -> str:
        try:
            config = json.loads(match.group(2))
        except ValueError:
            return match.group(0)
        if not isinstance(config, dict) or not isinstance(config.get("base"), str):
            return match.group(0)
        config["base"] = language_base(config["base"], lang)
        return match.group(1) + script_json(config) + match.group(3)

    return _CONFIG_SCRIPT.sub(replace, html, count=1)
