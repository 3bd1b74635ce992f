"""Interface text per language: one file per language, ``locales/<lang>.yml``.

Every text our templates, the FAQ, the assistant, the tables, the listings, the
byline, the call to action and ``knowledge new`` show lives in that one file, in
sections (``site``, ``cta``, ``faq``, ``tables``, ``ask``, ``scaffold``). English is
complete and the fallback: a key missing from a language's file (or a language
without a file) shows the English text, never fails; ``knowledge check`` warns
about it (rule ``missing-locale-string``) so a site owner knows what to translate.

Adding a language: copy ``en.yml`` to ``<lang>.yml`` (the code Material and Babel
use: ``pt``, ``ar``, ``pt-BR``), translate the values, keep the keys and the
``{placeholders}``. See the README, "Start your own site".
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).resolve().parent
FALLBACK = "en"
# Right-to-left scripts: pages in these languages get dir="rtl" (and Material's RTL layout).
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "ku-IQ", "dv"})


@lru_cache(maxsize=1)
def material_languages() -> frozenset[str]:
    """Languages Material for MkDocs has interface strings for (its
    ``partials/languages/*.html``), found without importing Material or MkDocs."""
    import importlib.util

    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    folder = Path(list(spec.submodule_search_locations)[0]) / "templates" / "partials" / "languages"
    return frozenset(path.stem for path in folder.glob("*.html"))


def unsupported(languages: tuple[str, ...] | list[str]) -> list[str]:
    """What is wrong with the configured languages, one sentence each ([] when fine):
    every page imports Material's strings for its language, so a code Material lacks
    would stop the build with a template error instead of this message."""
    material = material_languages()
    out = []
    for lang in languages:
        if material and lang not in material:
            out.append(f"Material for MkDocs has no interface in {lang!r}; use one of: {', '.join(sorted(material))}")
    return out


def direction(lang: str) -> str:
    base = lang.split("-")[0].split("_")[0]
    return "rtl" if lang in RTL_LANGUAGES or base in RTL_LANGUAGES else "ltr"


@lru_cache(maxsize=64)
def _file(lang: str) -> dict[str, dict[str, str]]:
    """The file of ``lang`` as written (``{}`` when there is none). ``pt-BR`` falls
    back to ``pt.yml``; the files ship with the package, so they are trusted."""
    for name in dict.fromkeys((lang, lang.split("-")[0])):
        path = LOCALES_DIR / f"{name}.yml"
        if name and "/" not in name and "\\" not in name and path.is_file():
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            return {str(k): dict(v) for k, v in data.items() if isinstance(v, dict)}
    return {}


def has_locale(lang: str) -> bool:
    return bool(_file(lang))


@lru_cache(maxsize=256)
def _section(lang: str, name: str) -> tuple[tuple[str, str], ...]:
    merged = {**_file(FALLBACK).get(name, {}), **_file(lang).get(name, {})}
    return tuple((str(k), str(v)) for k, v in merged.items())


def section(lang: str, name: str) -> dict[str, str]:
    """The strings of section ``name`` for ``lang``, English where it has none."""
    return dict(_section(lang, name))


def text(lang: str, name: str, key: str, /, **values: Any) -> str:
    template = section(lang, name).get(key, key)
    return template.format(**values) if values else template


def missing(lang: str) -> list[str]:
    """``section.key`` of every English string ``lang`` has no translation for."""
    if lang == FALLBACK:
        return []
    english, own = _file(FALLBACK), _file(lang)
    return [f"{name}.{key}" for name, strings in english.items() for key in strings if key not in own.get(name, {})]


def available() -> list[str]:
    return sorted(path.stem for path in LOCALES_DIR.glob("*.yml"))


_HTML_TAG = re.compile(r"<html(?![^>]*\sdir=)([^>]*)>", re.IGNORECASE)


def set_html_dir(html: str, lang: str) -> str:
    """``<html lang="…" dir="rtl">`` on a page in a right-to-left language (``ltr`` otherwise).

    Material writes the direction on ``<body>`` only, from the page's language
    (``theme/partials/language.html``); browsers, screen readers and translation
    tools read it from the root element, and one build mixes directions per page."""
    def root(match: re.Match) -> str:
        # lang is the page's code as configured ("pt-BR"), as its hreflang says;
        # Material writes its partial's "language" string, "pt" for pt-BR.
        attributes = re.sub(r'\slang="[^"]*"', f' lang="{lang}"', match.group(1), count=1)
        return f'<html{attributes} dir="{direction(lang)}">'

    return _HTML_TAG.sub(root, html, count=1)
