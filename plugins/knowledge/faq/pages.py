"""The FAQ page of each language and the FAQ section under articles.

Both are built from loaded entries; every piece of entry text is escaped, and
answers come from :func:`knowledge.faq.render.render_answer` (sanitized), so the
markup returned here is safe to place in a page as raw HTML.

Anchors are entry ids (stable once published): ``/es/faq/#cost-of-fine-tuning``
on the FAQ page, ``#cost-of-fine-tuning`` under an article. Topic headings on the
FAQ page use ``topic-<topic id>``.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from knowledge.faq.model import FaqEntry
from knowledge.faq.render import escape, link_rewriter, plain_text, render_answer
from knowledge.faq.strings import strings_for
from knowledge.features import GeneratedPage, PageContext, SiteContext

FAQ_KEY = "faq/index"


def faq_page_context(site: SiteContext, lang: str) -> PageContext:
    return PageContext(lang=lang, key=FAQ_KEY, url=site.page_url(lang, FAQ_KEY))


def grouped_by_topic(
    entries: Iterable[FaqEntry], topics: Mapping[str, Mapping[str, str]], lang: str
) -> list[tuple[str | None, str, list[FaqEntry]]]:
    """``(topic id, title, entries)`` in ``_topics.yml`` order; entries without a
    (known) topic come last under "Other questions". Entries keep id order."""
    strings = strings_for(lang)
    groups: dict[str | None, list[FaqEntry]] = {topic: [] for topic in topics}
    groups[None] = []
    for entry in sorted(entries, key=lambda e: e.id):
        if lang not in entry.texts:
            continue
        groups[entry.topic if entry.topic in topics else None].append(entry)
    out = []
    for topic, members in groups.items():
        if not members:
            continue
        title = topics[topic].get(lang, topic) if topic is not None else strings["other_topic"]
        out.append((topic, title, members))
    return out


def faq_page(
    entries: Sequence[FaqEntry],
    topics: Mapping[str, Mapping[str, str]],
    site: SiteContext,
    lang: str,
    contact_key: str = "contact",
) -> GeneratedPage:
    """The FAQ page of ``lang`` (key ``faq/index``) with its ``FAQPage`` JSON-LD."""
    strings = strings_for(lang)
    here = faq_page_context(site, lang)
    rewrite = link_rewriter(site, lang, here)
    known = {e.id for e in entries if lang in e.texts}
    questions: list[dict[str, Any]] = []
    parts = [
        '<div class="knowledge-faq-page">',
        f'<p class="knowledge-faq-page__intro">{escape(strings["faq_intro"])} '
        f'<a href="{escape(here.relative(site.page_url(lang, contact_key)))}">{escape(strings["faq_contact"])}</a>.</p>',
    ]
    by_id = {e.id: e for e in entries}
    for topic, title, members in grouped_by_topic(entries, topics, lang):
        heading_id = f"topic-{topic}" if topic else "topic-other"
        parts.append(f'<section class="knowledge-faq-topic" aria-labelledby="{heading_id}">')
        parts.append(f'<h2 id="{heading_id}">{escape(title)}</h2>')
        for entry in members:
            text = entry.texts[lang]
            answer_html = render_answer(text.answer, rewrite)
            parts.append(f'<div class="knowledge-faq-entry" id="{escape(entry.id)}">')
            parts.append(f"<h3>{escape(text.question)}</h3>")
            parts.append(f'<div class="knowledge-faq__answer">{answer_html}</div>')
            related = [by_id[r] for r in entry.related if r in known]
            if related:
                links = ", ".join(f'<a href="#{escape(r.id)}">{escape(r.texts[lang].question)}</a>' for r in related)
                parts.append(f'<p class="knowledge-faq__related">{escape(strings["related"])} {links}</p>')
            parts.append("</div>")
            questions.append({
                "@type": "Question",
                "name": text.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(answer_html)},
            })
        parts.append("</section>")
    parts.append("</div>")
    # Raw HTML in one block (no blank lines), so Markdown leaves it alone.
    markdown = f"# {strings['faq_title']}\n\n" + "\n".join(parts) + "\n"
    jsonld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "name": strings["faq_title"],
        "inLanguage": lang,
        "mainEntity": questions,
    }
    if site.site_url:
        jsonld["url"] = site.absolute_url(site.page_url(lang, FAQ_KEY))
    return GeneratedPage(
        lang=lang,
        key=FAQ_KEY,
        title=strings["faq_title"],
        markdown=markdown,
        meta={"jsonld": jsonld, "description": strings["faq_description"]},
    )


def entries_by_article(entries: Sequence[FaqEntry]) -> dict[str, list[FaqEntry]]:
    """Page key -> the entries listing it in ``articles``, in ``entries`` order. Built
    once per build: scanning every entry for every post is posts x entries."""
    index: dict[str, list[FaqEntry]] = {}
    for entry in entries:
        for key in dict.fromkeys(entry.articles):  # an article listed twice shows the entry once
            index.setdefault(key, []).append(entry)
    return index


def article_section(
    entries: Sequence[FaqEntry], site: SiteContext, page: PageContext, by_article: Mapping[str, Sequence[FaqEntry]] | None = None
) -> str:
    """The "Preguntas frecuentes" block under an article, or "" when none applies.
    ``by_article`` is :func:`entries_by_article` of ``entries``, when the caller keeps it."""
    lang = page.lang
    candidates = by_article.get(page.key, ()) if by_article is not None else [e for e in entries if page.key in e.articles]
    mine = [e for e in candidates if lang in e.texts]
    if not mine:
        return ""
    strings = strings_for(lang)
    rewrite = link_rewriter(site, lang, page)
    heading_id = strings_for(lang).get("heading_id") or "faq"
    parts = [
        f'<section class="knowledge-faq" aria-labelledby="{heading_id}">',
        f'<h2 id="{heading_id}">{escape(strings["faq_title"])}</h2>',
    ]
    for entry in mine:
        text = entry.texts[lang]
        parts.append(
            # "question" is Material's admonition type for a "?" icon; harmless elsewhere.
            f'<details class="knowledge-faq__entry question" id="{escape(entry.id)}">'
            f"<summary>{escape(text.question)}</summary>"
            f'<div class="knowledge-faq__answer">{render_answer(text.answer, rewrite)}</div>'
            "</details>"
        )
    faq_url = page.relative(site.page_url(lang, FAQ_KEY))
    parts.append(f'<p class="knowledge-faq__more"><a href="{escape(faq_url)}">{escape(strings["faq_all"])}</a></p>')
    parts.append("</section>")
    return "\n".join(parts)
