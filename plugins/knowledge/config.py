"""Options of the ``knowledge`` MkDocs plugin (``plugins: - knowledge: {...}``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from knowledge.site.csp import POLICY


class KnowledgeConfig(base.Config):
    # Site core
    languages = c.ListOfItems(c.Type(str), default=["es", "en"])  # the first is the default (x-default)
    authors_file = c.Type(str, default="authors.yml")  # relative to docs_dir
    posts_per_page = c.Type(int, default=10)
    blog_dir = c.Type(str, default="blog")
    brand = c.Type(str, default="")  # "Pair Programming": the byline's "… at <brand>"
    cta = c.Type(dict, default={})  # per language: {title, text, button, link}
    contact_page = c.Type(str, default="contact")  # page key the call to action links to
    # Written as <meta> in every page and in site/_headers; "" ships none (README, "Security headers")
    content_security_policy = c.Type(str, default=POLICY)
    # A copy that works from file:// (README, "Which build works where"): page URLs
    # end in .html and the 404 pages link relatively instead of from the host's root.
    offline = c.Type(bool, default=False)
    # true turns off `unsafe-html` (scripts, on*= and javascript: URLs in page bodies):
    # only for sites whose every author is trusted (check/RULES.md).
    trusted_html = c.Type(bool, default=False)

    # Social cards (knowledge.cards), on by default (with site_url): false, or {enabled, background, foreground, accent, logo}
    cards = c.Type((dict, bool), default={})

    # Free-form options owned by features, passed through untouched
    faq = c.Type(dict, default={})
    assistant = c.Type(dict, default={})
    tables = c.Type(dict, default={})
