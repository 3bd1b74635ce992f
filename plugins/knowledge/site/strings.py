"""Interface text of our own templates, per language (Material's come from its
``partials/languages/<lang>.html``), read from ``knowledge/locales/<lang>.yml``.
Unknown languages and missing keys fall back to English."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from knowledge import locales


class _Section:
    """``STRINGS[lang]`` / ``STRINGS.get(lang)`` over one section of the locale files."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getitem__(self, lang: str) -> dict[str, str]:
        return locales.section(lang, self.name)

    def get(self, lang: str, default: object = None) -> dict[str, str]:
        return locales.section(lang, self.name)

# The texts live in knowledge/locales/<lang>.yml (sections "site" and "cta").
STRINGS = _Section("site")
DEFAULT_CTA = _Section("cta")


def t(lang: str, key: str, **values: object) -> str:
    return locales.text(lang, "site", key, **values)


@lru_cache(maxsize=64)  # asked by every page's switcher; Babel's lookup is slow and never changes
def language_name(lang: str) -> str:
    """A language's own name, capitalized: "Español", "English"."""
    try:
        code = lang.replace("-", "_")  # Babel spells "pt-BR" "pt_BR"
        name = Locale.parse(code).get_display_name(code) or lang
    except (ValueError, TypeError, LookupError):
        return lang
    return name[:1].upper() + name[1:]
