"""The floating assistant: its mount markup, its assets and its per-language index.

Page weight: every page carries one empty mount element with data attributes and
``assistant.js`` (deferred); the assistant's CSS is part of the site's one
stylesheet (:func:`stylesheet`, ``knowledge.site.styles``). ``matcher.js`` and
``faq-index.<lang>.js`` are injected as ``<script src>`` the first time the
visitor opens the assistant: classic scripts, so they load from ``file://`` and
under ``script-src 'self'`` (no fetch, no inline script, no eval).

Index script: ``(self.KnowledgeFaqIndex = self.KnowledgeFaqIndex || {})[lang] =
{"spec", "matcher", "entries"}`` written by :func:`knowledge.matcher.index.index_script`;
``entries`` maps an entry id to ``{"q": question, "a": answer_html}`` in that
language, with answer links relative to the language root.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Sequence

from knowledge.faq.model import FaqEntry
from knowledge.faq.pages import FAQ_KEY
from knowledge.faq.render import escape, language_root, link_rewriter, render_answer
from knowledge.faq.strings import strings_for
from knowledge.features import GeneratedFile, PageContext, SiteContext
from knowledge.matcher.reply import REPLY_RULE

ASSETS_DIR = Path(__file__).resolve().parent.parent / "assets"
DEST_DIR = "assets/knowledge"
SHIPPED_ASSETS = ("assistant.js", "matcher.js")
STYLESHEET_SOURCE = ASSETS_DIR / "assistant.css"


def index_dest(lang: str) -> str:
    return f"{DEST_DIR}/faq-index.{lang}.js"


def ui_strings(lang: str, options: Mapping[str, Any]) -> dict[str, str]:
    """The assistant's text for ``lang``, with the greeting from mkdocs.yml if set."""
    strings = strings_for(lang)
    name = str(options.get("name") or "").strip()
    greeting = options.get("greeting")
    if isinstance(greeting, Mapping) and isinstance(greeting.get(lang), str):
        custom = greeting[lang]
    elif isinstance(greeting, str):
        custom = greeting
    else:
        custom = None
    out = {key: strings[key] for key in (
        "launcher", "launcher_text", "close", "note", "contact", "input_label", "placeholder", "send",
        "you", "assistant", "loading", "load_error", "unknown", "did_you_mean", "ask_contact", "see_faq", "empty",
        "feedback_question", "feedback_yes", "feedback_no", "feedback_thanks",
        "related_questions", "maybe_this", "did_you_mean_other",
    )}
    out["title"] = strings["title"].format(name=name) if name else strings["title_anonymous"]
    if custom is not None:
        out["greeting"] = custom.replace("{name}", name)
    else:
        out["greeting"] = strings["greeting"].format(name=name) if name else strings["greeting_anonymous"]
    return out


def stylesheet() -> str:
    """The assistant's CSS, for the site's one stylesheet."""
    return STYLESHEET_SOURCE.read_text(encoding="utf-8")


def body_end_html(page: PageContext, site: SiteContext, strings: Mapping[str, str], contact_key: str, report_url: str | None = None) -> str:
    """The mount element and the deferred script. Every URL is page-relative, except
    ``report_url`` (``assistant.report_url``, opt-in: see :mod:`knowledge.faq.report`)."""
    lang = page.lang
    attributes = {
        "data-lang": lang,
        "data-root": page.relative(site.page_url(lang, "index").rpartition("/")[0] + "/"),
        "data-matcher": page.relative(f"{DEST_DIR}/matcher.js"),
        "data-index": page.relative(index_dest(lang)),
        "data-faq": page.relative(site.page_url(lang, FAQ_KEY)),
        "data-contact": page.relative(site.page_url(lang, contact_key)),
        "data-strings": json.dumps(dict(strings), ensure_ascii=False, separators=(",", ":")),
        # The reply rule's numbers (knowledge.matcher.reply): one source for both engines.
        "data-reply": json.dumps(REPLY_RULE, separators=(",", ":")),
    }
    if report_url:
        attributes["data-report"] = report_url
    attrs = " ".join(f'{name}="{escape(value)}"' for name, value in attributes.items())
    script = page.relative(f"{DEST_DIR}/assistant.js")
    return (
        f'<div id="knowledge-assistant" class="knowledge-assistant" lang="{escape(lang)}" {attrs}></div>\n'
        f'<script src="{escape(script)}" defer></script>'
    )


def display_entries(entries: Sequence[FaqEntry], site: SiteContext, lang: str) -> dict[str, dict[str, str]]:
    """What the assistant shows per entry in ``lang``: question and sanitized answer."""
    rewrite = link_rewriter(site, lang, language_root(site, lang))
    return {
        entry.id: {"q": entry.texts[lang].question, "a": render_answer(entry.texts[lang].answer, rewrite)}
        for entry in entries
        if lang in entry.texts
    }


def asset_files() -> list[GeneratedFile]:
    """The shipped scripts, copied as they are (no build step)."""
    files = []
    for name in SHIPPED_ASSETS:
        source = ASSETS_DIR / name
        if source.is_file():
            files.append(GeneratedFile(f"{DEST_DIR}/{name}", source.read_bytes()))
    return files
