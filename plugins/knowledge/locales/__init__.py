"""Interface text per language: one file per language, ``locales/<lang>.yml``.

Every text our templates, the FAQ, the assistant, the tables, the listings, the
byline, the call to action and ``knowledge new`` show lives in that one file, in
sections (``site``, ``cta``, ``faq``, ``tables``, ``ask``, ``scaffold``). English is
complete and the fallback: a key missing from a language's file (or a language
without a file) shows the English text, never fails; ``knowledge check`` warns
about it (rule ``missing-locale-string``) so a site owner knows what to translate.

Adding a language: copy ``en.yml`` to ``<lang>.yml`` (the code Material and Babel
use: ``pt``, ``ar``, ``pt-BR``), translate the values, keep the keys and the
``{placeholders}``. See the README, "Add a language".

A site can do the same without touching the package: ``locales/<lang>.yml`` next to
its ``mkdocs.yml`` (:data:`SITE_DIR`) adds a language or overrides single strings
of a shipped one; its keys win over the package's.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LOCALES_DIR = Path(__file__).resolve().parent
SITE_DIR = "locales"  # a site's own locale files, relative to its mkdocs.yml
FALLBACK = "en"
_site_dir: Path | None = None
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


def use_site_dir(folder: Path | None) -> None:
    """Read a site's own ``locales/<lang>.yml`` too (the build and the check call this
    with the site's folder; ``None``: the package's files only)."""
    global _site_dir
    folder = Path(folder) if folder is not None and Path(folder).is_dir() else None
    if folder != _site_dir or folder is not None:  # each build re-reads the site's files (`mkdocs serve` edits)
        _site_dir = folder
        _file.cache_clear()
        _section.cache_clear()


def _read(path: Path) -> dict[str, dict[str, str]]:
    """A locale file's sections; what is not a mapping of texts is left out here
    (:func:`site_file_problems` reports it for a site's files)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(name): {str(k): v for k, v in strings.items() if isinstance(v, str)}
        for name, strings in data.items()
        if isinstance(strings, dict)
    }


@lru_cache(maxsize=64)
def _file(lang: str) -> dict[str, dict[str, str]]:
    """The strings of ``lang`` as written (``{}`` when there are none): the package's
    file, then the site's over it. ``pt-BR`` falls back to ``pt.yml``."""
    merged: dict[str, dict[str, str]] = {}
    for folder in (LOCALES_DIR, _site_dir):
        if folder is None:
            continue
        for name in dict.fromkeys((lang.split("-")[0], lang)):  # the region's file wins
            path = folder / f"{name}.yml"
            if name and "/" not in name and "\\" not in name and path.is_file():
                for section_name, strings in _read(path).items():
                    merged.setdefault(section_name, {}).update(strings)
    return merged


def site_file_problems(project_dir: Path) -> list:
    """Problems of a site's own locale files: YAML, shape, keys English does not have."""
    from knowledge.problems import Problem
    from knowledge.yamlio import load_yaml

    folder = Path(project_dir) / SITE_DIR
    if not folder.is_dir():
        return []
    english = _read(LOCALES_DIR / f"{FALLBACK}.yml")
    problems: list = []
    for path in sorted(folder.glob("*.yml")):
        doc = load_yaml(path, root=project_dir)
        problems += doc.problems
        if doc.data is None:
            continue
        if not isinstance(doc.data, dict):
            problems.append(Problem(doc.path, 1, 1, "wrong-type", "a locale file maps sections (site, faq, …) to texts by key"))
            continue
        for name, strings in doc.data.items():
            if name not in english:
                problems.append(doc.problem((name,), "unknown-key", f"unknown section {name!r}; sections are {', '.join(english)}", key=True))
                continue
            if not isinstance(strings, dict):
                problems.append(doc.problem((name,), "wrong-type", f"section {name!r} maps keys to texts"))
                continue
            for key, value in strings.items():
                if key not in english[name]:
                    problems.append(doc.problem((name, key), "unknown-key", f"unknown key {name}.{key}; see en.yml for the keys", key=True, level="warning"))
                elif not isinstance(value, str) or not value.strip():
                    problems.append(doc.problem((name, key), "empty-value" if isinstance(value, str) else "wrong-type", f"{name}.{key} must be text"))
    return problems


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
