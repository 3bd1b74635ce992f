"""The whole site, planned before anything is written: every page of every language
with its URL and translation group, and the data each template needs (post header,
byline, listings, switcher, hreflang, JSON-LD, meta, sitemap, feeds, root page).

The MkDocs adapter only looks pages up here; nothing here imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Mapping

from knowledge.cards.model import CARD_HEIGHT, CARD_WIDTH, CardText
from knowledge.features import GeneratedPage, PageContext, SiteContext
from knowledge.problems import Problem
from knowledge.site import csp, seo
from knowledge.site.blog import Blog, Listing, build_blog, category_key, tag_key
from knowledge.site.model import Page, SiteModel
from knowledge.locales import direction
from knowledge.site.strings import DEFAULT_CTA, language_name, t
from knowledge.site.text import iso_datetime, long_date
from knowledge.site.urls import relative_from, relative_url

Kind = Literal["post", "page", "listing", "generated"]
FEED_NAME = "feed.xml"
LANG_SCRIPT = "assets/knowledge/site/lang-redirect.js"
STYLESHEET = "assets/knowledge/site/knowledge.css"
WORKER_SHIM = "assets/knowledge/site/file-worker.js"  # lets Material's search run from file://
HEADER_SCRIPT = "assets/knowledge/site/header-buttons.js"  # Material's menu and search buttons, for the keyboard


@dataclass(frozen=True)
class Entry:
    """One page of the built site."""

    lang: str
    key: str
    kind: Kind
    title: str
    group: str
    description: str | None = None
    page: Page | None = None  # content pages
    listing: Listing | None = None  # home and generated listings
    generated: GeneratedPage | None = None  # pages added by features
    in_nav: bool = False

    @property
    def src_uri(self) -> str:
        """The source file the engine knows this page by; pages no content file
        backs (listings, feature pages) get a virtual one at their key."""
        return self.page.src_uri if self.page is not None else f"{self.lang}/{self.key}.md"

    @property
    def body(self) -> str:
        """The page's Markdown body: the content file's, or the feature's."""
        if self.page is not None:
            return self.page.body
        return self.generated.markdown if self.generated is not None else ""

    def generated_source(self) -> str:
        """The Markdown file of a page no content file backs: its title (and
        description) as front matter, then its body. JSON strings are valid YAML
        scalars, so any title survives the front-matter parser unchanged."""
        front = "---\ntitle: " + json.dumps(self.title) + "\n"
        if self.description:
            front += "description: " + json.dumps(self.description) + "\n"
        return front + "---\n\n" + self.body


@dataclass(frozen=True)
class NavLayout:
    """One language's navigation as page keys, for the adapter to map onto pages."""

    home: str  # the home page's key
    pages: list[str]  # content and feature pages, content pages first, by key
    categories_title: str
    categories: list[str]  # category listings, by category name
    posts: list[str]  # newest first: each post links its newer and older neighbours


@dataclass
class SitePlan:
    ctx: SiteContext
    model: SiteModel
    blog: Blog
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    groups: dict[str, dict[str, str]] = field(default_factory=dict)  # group -> lang -> key
    site_name: str = ""
    # (lang, key) -> (the card's path in the site, its description): pages with a
    # social card (knowledge.cards), filled by the adapter before pages render.
    social_cards: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    # ---- lookups -------------------------------------------------------------
    @property
    def languages(self) -> tuple[str, ...]:
        return self.ctx.languages

    def entry(self, lang: str, key: str) -> Entry | None:
        return self.entries.get((lang, key))

    def url(self, lang: str, key: str) -> str:
        return self.ctx.page_url(lang, key)

    def abs_url(self, lang: str, key: str) -> str:
        return self.ctx.absolute_url(self.url(lang, key))

    def root_url(self) -> str:
        return "" if self.ctx.use_directory_urls else "index.html"

    def option(self, name: str, default: Any = None) -> Any:
        value = self.ctx.options.get(name)
        return default if value in (None, "") else value

    def page_context(self, lang: str, key: str) -> PageContext:
        """A page as features see it."""
        entry = self.entry(lang, key)
        page = entry.page if entry else None
        return PageContext(
            lang=lang,
            key=key,
            url=self.url(lang, key),
            is_post=bool(entry and entry.kind == "post"),
            meta=dict(page.meta) if page else dict(entry.generated.meta) if entry and entry.generated else {},
            src_path=page.src_path if page else "",
            body_line=page.body_line if page else 1,
        )

    def draft_src_uris(self) -> set[str]:
        """Source files of drafts, which are never published as pages."""
        return {page.src_uri for lang_drafts in self.model.drafts.values() for page in lang_drafts.values()}

    def nav_layout(self, lang: str) -> NavLayout:
        entries = [e for e in self.entries.values() if e.lang == lang]
        return NavLayout(
            home="index",
            pages=[e.key for e in sorted(entries, key=lambda e: (e.kind != "page", e.key)) if e.in_nav and e.key != "index"],
            categories_title=t(lang, "categories"),
            categories=[key for name, key in sorted(self.blog.category_keys.get(lang, {}).items())],
            posts=[post.key for post in self.model.posts(lang)],
        )

    # ---- translations --------------------------------------------------------
    def translations(self, lang: str, key: str) -> dict[str, str]:
        """language -> key of every version of this page (itself included)."""
        entry = self.entry(lang, key)
        if entry is None:
            return {}
        members = self.groups.get(entry.group, {})
        return {other: members[other] for other in self.languages if other in members}

    def cluster(self, lang: str, key: str) -> dict[str, str]:
        return {other: self.abs_url(other, other_key) for other, other_key in self.translations(lang, key).items()}

    def x_default(self, lang: str, key: str) -> str:
        """The language chooser for the home pages; else the default language's version
        (or the first language that has the page)."""
        entry = self.entry(lang, key)
        if entry is not None and entry.group == "index":
            return self.ctx.absolute_url(self.root_url())
        cluster = self.cluster(lang, key)
        return cluster.get(self.ctx.default_language) or next(iter(cluster.values()))

    def alternates(self, lang: str, key: str) -> list[tuple[str, str]]:
        if not self.ctx.site_url:  # hreflang needs absolute URLs; without site_url there are none
            return []
        return seo.hreflang_links(self.cluster(lang, key), self.x_default(lang, key))

    def switcher(self, lang: str, key: str) -> list[dict[str, Any]]:
        """The language switcher: each language's version of this page, or its home."""
        translations = self.translations(lang, key)
        entry = self.entry(lang, key)
        title = entry.title if entry else ""
        out = []
        for other in self.languages:
            name = language_name(other)
            if other in translations:
                out.append({"lang": other, "name": name, "url": self.url(other, translations[other]), "translated": True, "current": other == lang, "note": ""})
            else:
                out.append({"lang": other, "name": name, "url": self.url(other, "index"), "translated": False, "current": False, "note": t(other, "untranslated", page=title, language=name), "label": t(other, "home_of", language=name)})
        return out

    # ---- per-page template data ---------------------------------------------
    def csp_meta(self) -> str:
        """The policy every page carries in a <meta>; none under `mkdocs serve`,
        whose live reload injects an inline script (see knowledge.site.csp)."""
        policy = self.ctx.options.get("content_security_policy")
        return "" if self.ctx.serve or not policy else csp.meta_policy(policy)

    def generated_fingerprint(self, lang: str, key: str, from_url: str) -> str:
        """A hash of what a generated page (listing, category, tag, FAQ page) shows: its
        Markdown and everything our templates read for it. Equal fingerprints from one
        build to the next mean the page would render the same (its navigation aside),
        so ``serve --dirty`` can keep last build's file."""
        entry = self.entry(lang, key)
        # Links as site-root URLs, with the page's own URL beside them: the relative
        # links the page shows are a function of the two, and computing them for every
        # listing on every rebuild was the largest part of this.
        data = self.page_data(lang, key, from_url, rel=_site_url)
        source = entry.generated_source() if entry is not None else ""
        # Strings and other helpers are plain objects: their fields, never their address.
        text = json.dumps([source, from_url, data], sort_keys=True, ensure_ascii=False, default=lambda o: [type(o).__name__, vars(o)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def page_data(self, lang: str, key: str, from_url: str, rel: Callable[[str], str] | None = None) -> dict[str, Any]:
        """Everything our templates read, with links relative to ``from_url`` (or
        made by ``rel`` from their site-root URLs)."""
        entry = self.entry(lang, key)
        if entry is None:
            return {}
        rel = rel or relative_from(from_url)
        data: dict[str, Any] = {
            "lang": lang,
            "kind": entry.kind,
            "strings": Strings(lang),
            "alternates": self.alternates(lang, key),
            "switcher": [dict(item, href=rel(item["url"])) for item in self.switcher(lang, key)],
            "feed_href": rel(f"{lang}/{FEED_NAME}"),
            "feed_title": t(lang, "feed"),
            "worker_shim": rel(WORKER_SHIM),
            "header_script": rel(HEADER_SCRIPT),
            "csp": self.csp_meta(),
            "jsonld": [],
            "meta_tags": [],
        }
        canonical = self.abs_url(lang, key) if self.ctx.site_url else ""
        if entry.kind == "post" and entry.page is not None:
            data["post"] = self.post_data(entry.page, rel)
            if self.ctx.site_url:
                data["jsonld"] = self.post_jsonld(entry.page)
                data["meta_tags"] = self.post_meta(entry.page)
        elif self.ctx.site_url:
            data["meta_tags"] = seo.page_meta_tags(title=entry.title, description=entry.description, url=canonical, lang=lang, site_name=self.site_name)
        card_meta = self.card_meta(lang, key)
        if card_meta:
            # A card is a large image: ask for the large preview instead of "summary".
            data["meta_tags"] = [
                (attr, name, "summary_large_image" if name == "twitter:card" else content) for attr, name, content in data["meta_tags"]
            ] + card_meta
        if entry.listing is not None:
            data["listing"] = self.listing_data(entry.listing, rel)
        if entry.generated is not None:
            extra = entry.generated.meta.get("jsonld")
            if isinstance(extra, dict):
                data["jsonld"].append(extra)
            elif isinstance(extra, list):
                data["jsonld"] += [item for item in extra if isinstance(item, dict)]
        data["jsonld_scripts"] = [seo.script_json(item) for item in data["jsonld"]]
        return data

    def post_card(self, post: Page, rel) -> dict[str, Any]:
        author = self.model.authors.get(post.author or "")
        cat_key = category_key(self.blog, post.lang, post.category)
        return {
            "title": post.title,
            "description": post.description or "",
            "href": rel(self.url(post.lang, post.key)),
            "category": post.category,
            "category_href": rel(self.url(post.lang, cat_key)) if cat_key else None,
            "date": long_date(post.date, post.lang) if post.date else "",
            "date_iso": post.date.isoformat() if post.date else "",
            "readtime": t(post.lang, "readtime", n=post.reading_minutes),
            "author": author.name if author else (post.author or ""),
            "draft": post.draft,
        }

    def post_data(self, post: Page, rel) -> dict[str, Any]:
        lang = post.lang
        author = self.model.authors.get(post.author or "")
        brand = str(self.option("brand", self.site_name))
        if author and author.role_in(lang):
            byline = t(lang, "by", name=author.name, role=author.role_in(lang), brand=brand)
        else:
            byline = t(lang, "by_no_role", name=author.name if author else post.author)
        card = self.post_card(post, rel)
        card.update(
            {
                "byline": byline,
                "updated": long_date(post.updated, lang) if post.updated and post.updated != post.date else "",
                "tags": [
                    {"name": tag, "href": rel(self.url(lang, key)) if (key := tag_key(self.blog, lang, tag)) else None}
                    for tag in post.tags
                ],
                "cta": self.cta(lang, rel),
            }
        )
        return card

    def cta(self, lang: str, rel) -> dict[str, str]:
        configured = self.option("cta", {}) or {}
        values = dict(DEFAULT_CTA.get(lang) or DEFAULT_CTA["en"])
        if isinstance(configured, Mapping) and isinstance(configured.get(lang), Mapping):
            values.update({k: str(v) for k, v in configured[lang].items() if v is not None})
        link = values.get("link") or str(self.option("contact_page", "contact"))
        if "://" in link or link.startswith(("/", "#", "mailto:", "tel:")):
            values["href"] = link
        elif (lang, link) in self.entries:
            values["href"] = rel(self.url(lang, link))
        else:
            values["href"] = ""
        return values

    def listing_data(self, listing: Listing, rel) -> dict[str, Any]:
        lang = listing.lang
        return {
            "kind": listing.kind,
            "title": listing.title,
            "posts": [self.post_card(post, rel) for post in listing.posts],
            "number": listing.number,
            "count": listing.count,
            "newer_href": rel(self.url(lang, listing.newer_key)) if listing.newer_key else None,
            "older_href": rel(self.url(lang, listing.older_key)) if listing.older_key else None,
            "pages": [
                {"gap": True} if n is None else {"number": n, "href": rel(self.url(lang, listing.key_of(n))), "current": n == listing.number}
                for n in page_window(listing.number, listing.count)
            ],
        }

    def post_jsonld(self, post: Page) -> list[dict[str, Any]]:
        lang = post.lang
        author = self.model.authors.get(post.author or "")
        url = self.abs_url(lang, post.key)
        posting = seo.blog_posting(
            headline=post.title,
            description=post.description or "",
            url=url,
            lang=lang,
            date_published=iso_datetime(post.date) if post.date else "",
            date_modified=iso_datetime(post.modified) if post.modified else "",
            author_name=author.name if author else (post.author or ""),
            author_url=author.url if author else None,
            publisher=str(self.option("brand", self.site_name)),
            section=post.category,
            keywords=post.tags,
        )
        crumbs = [(self.entries[(lang, "index")].title if (lang, "index") in self.entries else t(lang, "breadcrumb_home"), self.abs_url(lang, "index"))]
        cat_key = category_key(self.blog, lang, post.category)
        if cat_key:
            crumbs.append((post.category or "", self.abs_url(lang, cat_key)))
        crumbs.append((post.title, url))
        return [posting, seo.breadcrumb_list(crumbs)]

    def post_meta(self, post: Page) -> list[tuple[str, str, str]]:
        author = self.model.authors.get(post.author or "")
        return seo.post_meta_tags(
            title=post.title,
            description=post.description or "",
            url=self.abs_url(post.lang, post.key),
            lang=post.lang,
            other_langs=[other for other in self.translations(post.lang, post.key) if other != post.lang],
            site_name=self.site_name,
            published=iso_datetime(post.date) if post.date else "",
            modified=iso_datetime(post.modified) if post.modified else "",
            author=author.name if author else (post.author or ""),
            section=post.category,
            tags=post.tags,
        )

    # ---- social cards ----------------------------------------------------------
    def card_texts(self, page_keys: tuple[str, ...]) -> dict[tuple[str, str], CardText]:
        """What the social card of each post and of each page in ``page_keys`` (the
        home page, the FAQ page) says, in its language. Drafts get none: they are
        never published."""
        texts: dict[tuple[str, str], CardText] = {}
        for (lang, key), entry in self.entries.items():
            if entry.kind == "post" and entry.page is not None:
                post = entry.page
                if post.draft:
                    continue
                author = self.model.authors.get(post.author or "")
                texts[(lang, key)] = CardText(
                    lang=lang, title=post.title, kicker=post.category or "", site_name=self.site_name,
                    author=author.name if author else (post.author or ""),
                    date=long_date(post.date, lang) if post.date else "",
                )
            elif key in page_keys:
                kicker = t(lang, "posts") if key == "index" else t(lang, "card_faq")
                texts[(lang, key)] = CardText(lang=lang, title=entry.title, kicker=kicker, site_name=self.site_name)
        return texts

    def card_meta(self, lang: str, key: str) -> list[tuple[str, str, str]]:
        """The page's card as Open Graph and Twitter meta (absolute URLs: a scraper
        reads the tags without the page's base)."""
        card = self.social_cards.get((lang, key))
        if card is None or not self.ctx.site_url:
            return []
        dest, alt = card
        url = self.ctx.absolute_url(dest)
        return [
            ("property", "og:image", url),
            ("property", "og:image:type", "image/png"),
            ("property", "og:image:width", str(CARD_WIDTH)),
            ("property", "og:image:height", str(CARD_HEIGHT)),
            ("property", "og:image:alt", alt),
            ("name", "twitter:image", url),
            ("name", "twitter:image:alt", alt),
        ]

    # ---- whole-site outputs --------------------------------------------------
    def site_files(self) -> dict[str, str]:
        """Files the site gets besides its pages (dest -> content): each language's
        feed, then the root language chooser."""
        files = {f"{lang}/{FEED_NAME}": self.feed(lang) for lang in self.languages}
        files["index.html"] = self.root_page()
        return files

    def sitemap(self) -> str:
        entries = []
        for (lang, key), entry in self.entries.items():
            lastmod = entry.page.modified.isoformat() if entry.page is not None and entry.page.modified else None
            entries.append(seo.SitemapEntry(self.abs_url(lang, key), tuple(self.alternates(lang, key)), lastmod))
        if self.ctx.site_url and ("index" in self.groups):
            home_lang = next(iter(self.groups["index"]))
            entries.insert(0, seo.SitemapEntry(self.ctx.absolute_url(self.root_url()), tuple(self.alternates(home_lang, "index"))))
        return seo.sitemap_xml(entries)

    def feed(self, lang: str) -> str:
        posts = self.model.posts(lang)
        home = self.entry(lang, "index")
        newest = max((p.modified for p in posts if p.modified), default=dt.date(1970, 1, 1))
        entries = []
        for post in posts:
            author = self.model.authors.get(post.author or "")
            entries.append(
                seo.FeedEntry(
                    title=post.title,
                    url=self.abs_url(lang, post.key),
                    published=iso_datetime(post.date) if post.date else iso_datetime(newest),
                    updated=iso_datetime(post.modified) if post.modified else iso_datetime(newest),
                    summary=post.description or "",
                    author=author.name if author else (post.author or ""),
                    category=post.category,
                )
            )
        title = f"{self.site_name} · {home.title}" if home and home.title != self.site_name else self.site_name
        return seo.atom_feed(
            title=title or lang,
            lang=lang,
            feed_url=self.ctx.absolute_url(f"{lang}/{FEED_NAME}"),
            home_url=self.abs_url(lang, "index"),
            updated=iso_datetime(newest),
            entries=entries,
        )

    def root_page(self) -> str:
        """The site root: a language chooser with plain links, and an external script
        that follows the browser's languages (no inline script, for a strict CSP)."""
        default = self.ctx.default_language
        links = []
        for lang in self.languages:
            href = relative_url(self.url(lang, "index"), self.root_url())
            links.append(
                f'<li><a class="knowledge-root__link" href="{html.escape(href)}" hreflang="{lang}" lang="{lang}" dir="{direction(lang)}" data-knowledge-lang="{lang}">'
                f"{html.escape(language_name(lang))}</a></li>"
            )
        head = [f'<link rel="canonical" href="{html.escape(self.ctx.absolute_url(self.root_url()))}">'] if self.ctx.site_url else []
        if self.ctx.site_url and "index" in self.groups:
            home_lang = next(iter(self.groups["index"]))
            head += [f'<link rel="alternate" hreflang="{h}" href="{html.escape(u)}">' for h, u in self.alternates(home_lang, "index")]
        choose = " · ".join(f'<span lang="{lang}" dir="{direction(lang)}">{html.escape(t(lang, "choose_language"))}</span>' for lang in self.languages)
        return (
            "<!doctype html>\n"
            f'<html lang="{default}" dir="{direction(default)}">\n<head>\n<meta charset="utf-8">\n'
            + (f'<meta http-equiv="Content-Security-Policy" content="{html.escape(self.csp_meta())}">\n' if self.csp_meta() else "")
            + '<meta name="viewport" content="width=device-width,initial-scale=1">\n'
            f"<title>{html.escape(self.site_name)}</title>\n"
            + "".join(line + "\n" for line in head)
            + f'<link rel="stylesheet" href="{html.escape(STYLESHEET)}">\n'
            f'<script src="{html.escape(LANG_SCRIPT)}" defer></script>\n'
            "</head>\n<body class=\"knowledge-root\">\n<main class=\"knowledge-root__box\">\n"
            f"<h1>{html.escape(self.site_name)}</h1>\n<p>{choose}</p>\n"
            f'<ul class="knowledge-root__list" data-knowledge-default="{default}">\n' + "\n".join(links) + "\n</ul>\n"
            "</main>\n</body>\n</html>\n"
        )


class Strings:
    """``knowledge.strings.readtime`` in templates, in the page's language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __getattr__(self, key: str) -> str:
        return t(self.lang, key)

    def fmt(self, key: str, **values: Any) -> str:
        return t(self.lang, key, **values)


#: Page links a listing shows on each side of the current page, besides the first and the last.
PAGES_AROUND = 2


def page_window(current: int, count: int, around: int = PAGES_AROUND) -> list[int | None]:
    """The page numbers a listing's pagination links, in order: the first, the last and
    ``around`` on each side of ``current``; ``None`` stands for the numbers left out
    (shown as "…"). A gap of one number shows the number instead ("1 2 3", not "1 … 3").

    Every page linking every other page made 100 links on each of the 100 pages of a
    1,000-post blog: a row a phone cannot show, and links growing as the square of the
    posts."""
    shown = sorted({1, count, *range(max(1, current - around), min(count, current + around) + 1)})
    window: list[int | None] = []
    previous = 0
    for n in shown:
        if n - previous == 2:
            window.append(n - 1)
        elif n - previous > 2:
            window.append(None)
        window.append(n)
        previous = n
    return window


def _site_url(url: str) -> str:
    """A link left as its site-root URL (``generated_fingerprint``)."""
    return url


def listing_description(listing: Listing, site_name: str, limit: int = 160) -> str | None:
    """A category, tag or page-N listing's meta description (search engines show it;
    Lighthouse's SEO audit fails a page without one): its title and the titles of its
    posts, cut at a title boundary to stay within what a result snippet shows."""
    if not listing.posts:
        return None
    template = t(listing.lang, "listing_description")

    def text(titles: list[str]) -> str:
        return template.format(title=listing.title, site=site_name, titles="; ".join(titles)).rstrip(".") + "."

    titles = [listing.posts[0].title]
    for post in listing.posts[1:]:
        if len(text(titles + [post.title])) > limit:
            break
        titles.append(post.title)
    return text(titles)


def plan_site(ctx: SiteContext, model: SiteModel, extra_pages: list[GeneratedPage], *, site_name: str = "") -> tuple[SitePlan, list[Problem]]:
    """Every page of the site with its translation group; a problem for each
    generated page whose URL a content page (or another generated page) already takes."""
    per_page = int(ctx.options.get("posts_per_page") or 10)
    blog = build_blog(model, per_page)
    plan = SitePlan(ctx, model, blog, site_name=site_name or str(ctx.options.get("brand") or ""))
    problems: list[Problem] = []
    homes = {listing.lang: listing for listing in blog.listings if listing.kind == "home" and listing.number == 1}
    for page in model.all_pages():
        kind: Kind = "post" if page.is_post else "page"
        listing = homes.get(page.lang) if page.key == "index" else None
        plan.entries[(page.lang, page.key)] = Entry(page.lang, page.key, kind, page.title, page.key, page.description, page=page, listing=listing, in_nav=not page.is_post)
    def add_generated(entry: Entry, owner: str) -> None:
        taken = plan.entries.get((entry.lang, entry.key))
        if taken is not None:
            where = taken.page.src_path if taken.page is not None else "another generated page"
            path = f"{ctx.docs_dir.name}/{entry.lang}/{entry.key}.md"
            problems.append(Problem(taken.page.src_path if taken.page else path, 1, 1, "url-conflict", f"{owner} generates /{plan.url(entry.lang, entry.key)}, which {where} already uses; rename or move that page"))
            return
        plan.entries[(entry.lang, entry.key)] = entry

    for listing in blog.generated():
        description = listing_description(listing, plan.site_name)
        add_generated(Entry(listing.lang, listing.key, "listing", listing.title, listing.group, description, listing=listing), "the blog")
    for extra in extra_pages:
        description = extra.meta.get("description") if isinstance(extra.meta.get("description"), str) else None
        add_generated(Entry(extra.lang, extra.key, "generated", extra.title, extra.key, description, generated=extra, in_nav=True), "a feature")
    for (lang, key), entry in plan.entries.items():
        plan.groups.setdefault(entry.group, {})[lang] = key
    return plan, problems
