"""Site settings normalized from the build configuration, before any content is read."""

from __future__ import annotations

from typing import Any, Iterable

from knowledge.site.strings import language_name


def languages_option(values: Iterable[Any]) -> tuple[str, ...]:
    """The configured language codes, trimmed, without blanks or repeats, in order."""
    return tuple(dict.fromkeys(str(lang).strip() for lang in values if str(lang).strip()))


def site_root(site_url: str | None) -> str:
    """``site_url`` ending in "/" (so page URLs join onto it), or "" when unset."""
    site_url = site_url or ""
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    return site_url


def language_alternates(languages: Iterable[str]) -> list[dict[str, str]]:
    """Material's ``extra.alternate``: one entry per language, linking its home.
    Material only renders the switcher when this is set; our
    partials/alternate.html fills it per page from the translation map."""
    return [{"name": language_name(lang), "link": f"{lang}/", "lang": lang} for lang in languages]
