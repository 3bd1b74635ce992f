"""What search engines and link previews read: hreflang clusters, JSON-LD, Open
Graph, the sitemap and the Atom feed. Pure functions over plain values."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

OG_LOCALES = {"es": "es_AR", "en": "en_US"}  # the sample site speaks Rioplatense Spanish


def og_locale(lang: str) -> str:
    """Open Graph's ``language_TERRITORY``: ours for es/en, else Babel's likely
    territory ("pt" -> "pt_BR", "ar" -> "ar_EG"); "pt-BR" -> "pt_BR"."""
    if lang in OG_LOCALES:
        return OG_LOCALES[lang]
    code = lang.replace("-", "_")
    if "_" in code:
        return code
    from babel.core import get_global

    likely = str(get_global("likely_subtags").get(code) or "")
    parts = [part for part in likely.split("_")[1:] if part.isupper() and len(part) == 2]
    return f"{code}_{parts[0]}" if parts else code


def script_json(data: Any) -> str:
    """JSON for a ``<script>`` element: ``<``, ``>`` and ``&`` escaped so no value can
    close the element or open a comment (the same escapes as Jinja's ``tojson``)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def hreflang_links(cluster: Mapping[str, str], x_default: str) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` for each language version, then x-default.

    ``cluster`` maps language -> absolute URL of that language's version and must
    hold the page itself, so the annotations are self-referencing; every member of
    a cluster gets the same list, so they are reciprocal.
    """
    return [(lang, url) for lang, url in cluster.items()] + [("x-default", x_default)]


def blog_posting(
    *,
    headline: str,
    description: str,
    url: str,
    lang: str,
    date_published: str,
    date_modified: str,
    author_name: str,
    author_url: str | None,
    publisher: str,
    section: str | None,
    keywords: Iterable[str],
) -> dict[str, Any]:
    author: dict[str, Any] = {"@type": "Person", "name": author_name}
    if author_url:
        author["url"] = author_url
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": headline,
        "description": description,
        "datePublished": date_published,
        "dateModified": date_modified,
        "author": author,
        "publisher": {"@type": "Organization", "name": publisher},
        "inLanguage": lang,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    if section:
        data["articleSection"] = section
    keywords = list(keywords)
    if keywords:
        data["keywords"] = keywords
    return data


def breadcrumb_list(items: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """schema.org BreadcrumbList, positions 1..n, absolute URLs."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(items, 1)
        ],
    }


def post_meta_tags(
    *,
    title: str,
    description: str,
    url: str,
    lang: str,
    other_langs: Iterable[str],
    site_name: str,
    published: str,
    modified: str,
    author: str,
    section: str | None,
    tags: Iterable[str],
) -> list[tuple[str, str, str]]:
    """``(attribute, name, content)`` for Open Graph (property=) and Twitter (name=) meta."""
    tags_out = [
        ("property", "og:type", "article"),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:site_name", site_name),
        ("property", "og:locale", og_locale(lang)),
    ]
    tags_out += [("property", "og:locale:alternate", og_locale(other)) for other in other_langs]
    tags_out += [
        ("property", "article:published_time", published),
        ("property", "article:modified_time", modified),
        ("property", "article:author", author),
    ]
    if section:
        tags_out.append(("property", "article:section", section))
    tags_out += [("property", "article:tag", tag) for tag in tags]
    tags_out += [
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    return tags_out


def page_meta_tags(*, title: str, description: str | None, url: str, lang: str, site_name: str) -> list[tuple[str, str, str]]:
    """Open Graph and Twitter meta for pages that are not posts."""
    out = [
        ("property", "og:type", "website"),
        ("property", "og:title", title),
        ("property", "og:url", url),
        ("property", "og:site_name", site_name),
        ("property", "og:locale", og_locale(lang)),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
    ]
    if description:
        out.insert(2, ("property", "og:description", description))
        out.append(("name", "twitter:description", description))
    return out


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    alternates: tuple[tuple[str, str], ...] = ()
    lastmod: str | None = None


SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_xml(entries: Iterable[SitemapEntry]) -> str:
    """A sitemap whose every ``<url>`` carries its hreflang cluster as ``xhtml:link``."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    for entry in entries:
        url = ET.SubElement(root, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = entry.loc
        if entry.lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = entry.lastmod
        for hreflang, href in entry.alternates:
            ET.SubElement(url, f"{{{XHTML_NS}}}link", {"rel": "alternate", "hreflang": hreflang, "href": href})
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


ATOM_NS = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class FeedEntry:
    title: str
    url: str
    published: str
    updated: str
    summary: str
    author: str
    category: str | None = None


def atom_feed(*, title: str, lang: str, feed_url: str, home_url: str, updated: str, entries: Iterable[FeedEntry]) -> str:
    """An Atom 1.0 feed of one language's posts (text is escaped by ElementTree)."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    ET.SubElement(feed, f"{{{ATOM_NS}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM_NS}}}id").text = feed_url
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "self", "href": feed_url, "type": "application/atom+xml"})
    ET.SubElement(feed, f"{{{ATOM_NS}}}link", {"rel": "alternate", "href": home_url, "type": "text/html"})
    ET.SubElement(feed, f"{{{ATOM_NS}}}updated").text = updated
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM_NS}}}entry")
        ET.SubElement(entry, f"{{{ATOM_NS}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM_NS}}}id").text = item.url
        ET.SubElement(entry, f"{{{ATOM_NS}}}link", {"rel": "alternate", "href": item.url, "type": "text/html"})
        ET.SubElement(entry, f"{{{ATOM_NS}}}published").text = item.published
        ET.SubElement(entry, f"{{{ATOM_NS}}}updated").text = item.updated
        author = ET.SubElement(entry, f"{{{ATOM_NS}}}author")
        ET.SubElement(author, f"{{{ATOM_NS}}}name").text = item.author
        if item.category:
            ET.SubElement(entry, f"{{{ATOM_NS}}}category", {"term": item.category})
        ET.SubElement(entry, f"{{{ATOM_NS}}}summary").text = item.summary
    ET.indent(feed)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"
