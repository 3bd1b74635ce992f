"""Interface text of the FAQ sections and the assistant, per language, from
``knowledge/locales/<lang>.yml`` (section ``faq``).

Spanish in the Rioplatense voice (vos), English plain. ``{name}`` is the
assistant's name (mkdocs.yml: ``assistant.name``, else the site name).
"""

from __future__ import annotations

from knowledge import locales

def strings_for(lang: str) -> dict[str, str]:
    """The strings of ``lang``, falling back to English for languages we lack."""
    return locales.section(lang, "faq")
