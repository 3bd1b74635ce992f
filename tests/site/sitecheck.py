"""A checker for a built knowledge site (reusable: ``check_site(site_dir, site_url)``).

It reads the HTML MkDocs wrote, like a crawler would, and returns one message per
broken rule (an empty list means the site is sound):

- every internal link, stylesheet, script and image resolves to a file, and every
  ``#anchor`` to an id on the target page;
- each page has one canonical URL, absolute, equal to the page's own URL;
- hreflang clusters are valid: absolute URLs, one link per code, the page itself
  listed under its ``<html lang>``, an ``x-default``, and every member of the
  cluster lists exactly the same cluster (reciprocal);
- JSON-LD parses; posts carry BlogPosting (headline, description, datePublished,
  dateModified, author, inLanguage, url, mainEntityOfPage) and a BreadcrumbList;
- ``sitemap.xml`` lists every page with the same alternates as its ``<head>``.
"""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

POSTING_PROPERTIES = ("headline", "description", "datePublished", "dateModified", "author", "inLanguage", "url", "mainEntityOfPage")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$")
SKIP_DIRS = ("assets/", "search/")


@dataclass
class ParsedPage:
    path: str  # relative to the site dir, POSIX
    lang: str = ""
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str]] = field(default_factory=list)  # (tag, url) to resolve
    canonicals: list[str] = field(default_factory=list)
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (hreflang, href)
    jsonld: list[str] = field(default_factory=list)
    base: str | None = None


class _Parser(HTMLParser):
    def __init__(self, page: ParsedPage) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self._jsonld: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if "id" in a:
            self.page.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.page.ids.add(a["name"])
        if tag == "html":
            self.page.lang = a.get("lang", "")
        elif tag == "base":
            self.page.base = a.get("href")
        elif tag == "a" and "href" in a:
            self.page.links.append(("a", a["href"]))
        elif tag == "link":
            rel = a.get("rel", "").split()
            if "canonical" in rel:
                self.page.canonicals.append(a.get("href", ""))
            elif "alternate" in rel and "hreflang" in a:
                self.page.alternates.append((a["hreflang"], a.get("href", "")))
            elif "stylesheet" in rel or "icon" in rel or "alternate" in rel:
                self.page.links.append(("link", a.get("href", "")))
        elif tag in ("script", "img") and a.get("src"):
            self.page.links.append((tag, a["src"]))
        if tag == "script" and a.get("type") == "application/ld+json":
            self._jsonld = []

    def handle_data(self, data):
        if self._jsonld is not None:
            self._jsonld.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._jsonld is not None:
            self.page.jsonld.append("".join(self._jsonld))
            self._jsonld = None


def parse_page(site_dir: Path, path: Path) -> ParsedPage:
    page = ParsedPage(path.relative_to(site_dir).as_posix())
    _Parser(page).feed(path.read_text(encoding="utf-8"))
    return page


def own_url(site_url: str, rel_path: str, use_directory_urls: bool) -> str:
    if use_directory_urls and (rel_path == "index.html" or rel_path.endswith("/index.html")):
        rel_path = rel_path[: -len("index.html")]
    return site_url + rel_path


def url_to_file(site_url: str, url: str) -> str | None:
    """Site-relative file path of an absolute URL inside the site, else None."""
    if not url.startswith(site_url):
        return None
    rel = unquote(url[len(site_url):].split("#")[0])
    return rel + "index.html" if (rel == "" or rel.endswith("/")) else rel


def _target(page: ParsedPage, href: str, path_prefix: str) -> tuple[str | None, str]:
    """(site-relative path or None for external links, fragment)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return page.path, parts.fragment
    if parts.path.startswith("/"):
        if not parts.path.startswith(path_prefix):
            return "../" + parts.path, parts.fragment  # outside the site: reported as missing
        rel = parts.path[len(path_prefix):]
    else:
        if page.base:  # 404 pages resolve relative links from their <base>
            base_dir = page.base[len(path_prefix):] if page.base.startswith(path_prefix) else page.base
        else:
            base_dir = posixpath.dirname(page.path)
        rel = posixpath.normpath(posixpath.join(base_dir, unquote(parts.path)))
        rel = "" if rel == "." else rel
        if parts.path.endswith("/") and rel:
            rel += "/"
    return unquote(rel), parts.fragment


def check_site(site_dir: Path | str, site_url: str, *, use_directory_urls: bool = True) -> list[str]:
    """Every rule broken in the built site, as readable messages."""
    site_dir = Path(site_dir)
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    path_prefix = urlsplit(site_url).path
    problems: list[str] = []
    pages: dict[str, ParsedPage] = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(SKIP_DIRS):
            continue
        pages[rel] = parse_page(site_dir, path)

    def existing_file(rel: str) -> str | None:
        if rel.startswith(".."):
            return None
        candidate = site_dir / rel
        if rel == "" or rel.endswith("/") or candidate.is_dir():
            rel = (rel.rstrip("/") + "/index.html").lstrip("/")
            candidate = site_dir / rel
        return rel if candidate.is_file() else None

    # Links and anchors
    for rel, page in pages.items():
        for tag, href in page.links:
            target, fragment = _target(page, href, path_prefix)
            if target is None:
                continue
            target_rel = existing_file(target)
            if target_rel is None:
                problems.append(f"{rel}: <{tag}> {href!r} points to a missing file ({target})")
                continue
            if fragment and target_rel.endswith(".html"):
                target_page = pages.get(target_rel) or parse_page(site_dir, site_dir / target_rel)
                if unquote(fragment) not in target_page.ids:
                    problems.append(f"{rel}: <{tag}> {href!r}: no element with id {fragment!r} in {target_rel}")

    # Canonical, hreflang clusters, JSON-LD
    clusters: dict[str, frozenset[tuple[str, str]]] = {}
    for rel, page in pages.items():
        if rel.endswith("404.html"):
            if page.alternates:
                problems.append(f"{rel}: a 404 page must not carry hreflang links")
            continue
        me = own_url(site_url, rel, use_directory_urls)
        if len(page.canonicals) != 1:
            problems.append(f"{rel}: expected one canonical link, found {len(page.canonicals)}")
        elif page.canonicals[0] != me:
            problems.append(f"{rel}: canonical {page.canonicals[0]!r} is not the page itself ({me!r})")
        if not page.alternates:
            problems.append(f"{rel}: no hreflang links")
            continue
        codes = [code for code, _ in page.alternates]
        for code in set(codes):
            if codes.count(code) > 1:
                problems.append(f"{rel}: hreflang {code!r} appears {codes.count(code)} times")
        for code, href in page.alternates:
            if not href.startswith(site_url):
                problems.append(f"{rel}: hreflang {code!r} URL {href!r} is not absolute inside {site_url}")
            elif url_to_file(site_url, href) not in pages:
                problems.append(f"{rel}: hreflang {code!r} URL {href!r} is not a built page")
        if "x-default" not in codes:
            problems.append(f"{rel}: no x-default hreflang")
        mine = dict(page.alternates)
        if rel == "index.html":  # the language chooser is the x-default of the homes
            if mine.get("x-default") != me:
                problems.append(f"{rel}: the root page should be the homes' x-default")
        elif mine.get(page.lang) != me:
            problems.append(f"{rel}: hreflang {page.lang!r} (its <html lang>) is {mine.get(page.lang)!r}, not the page itself {me!r}")
        clusters[rel] = frozenset(page.alternates)
        problems += [f"{rel}: {p}" for p in _jsonld_problems(page, me, rel)]
    for rel, cluster in clusters.items():
        for code, href in cluster:
            other = url_to_file(site_url, href)
            if other in clusters and clusters[other] != cluster:
                problems.append(f"{rel}: hreflang {code!r} -> {other} lists a different cluster (not reciprocal)")

    # Sitemap
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        problems.append("sitemap.xml is missing")
        return problems
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    listed = set()
    for url in ET.parse(sitemap).getroot().findall("s:url", ns):
        loc = url.findtext("s:loc", default="", namespaces=ns)
        rel = url_to_file(site_url, loc)
        listed.add(rel)
        if rel not in pages:
            problems.append(f"sitemap.xml: {loc} is not a built page")
            continue
        alternates = frozenset((link.get("hreflang", ""), link.get("href", "")) for link in url.findall("x:link", ns))
        if alternates != frozenset(pages[rel].alternates):
            problems.append(f"sitemap.xml: alternates of {loc} differ from the page's <head>")
    for rel in clusters:
        if rel not in listed:
            problems.append(f"sitemap.xml: {rel} is not listed")
    return problems


def _jsonld_problems(page: ParsedPage, me: str, rel: str) -> list[str]:
    out = []
    blocks = []
    for raw in page.jsonld:
        if "</" in raw:
            out.append("JSON-LD contains '</'; it must be escaped")
        try:
            data = json.loads(raw)
        except ValueError as exc:
            out.append(f"JSON-LD does not parse: {exc}")
            continue
        blocks += data if isinstance(data, list) else [data]
    types = {block.get("@type") for block in blocks if isinstance(block, dict)}
    is_post = "/blog/" in "/" + rel and not rel.endswith("blog/index.html")
    if is_post and "BlogPosting" not in types:
        out.append("a post without BlogPosting JSON-LD")
    if is_post and "BreadcrumbList" not in types:
        out.append("a post without BreadcrumbList JSON-LD")
    for block in blocks:
        if block.get("@type") == "BlogPosting":
            missing = [name for name in POSTING_PROPERTIES if not block.get(name)]
            if missing:
                out.append(f"BlogPosting lacks {', '.join(missing)}")
            if block.get("url") != me:
                out.append(f"BlogPosting url {block.get('url')!r} is not the canonical {me!r}")
            entity = block.get("mainEntityOfPage")
            if (entity.get("@id") if isinstance(entity, dict) else entity) != me:
                out.append("BlogPosting mainEntityOfPage is not the canonical URL")
            if block.get("inLanguage") != page.lang:
                out.append(f"BlogPosting inLanguage {block.get('inLanguage')!r} is not <html lang> {page.lang!r}")
            for name in ("datePublished", "dateModified"):
                if not ISO_DATETIME.match(str(block.get(name, ""))):
                    out.append(f"BlogPosting {name} {block.get(name)!r} is not an ISO 8601 date-time with a time zone")
            author = block.get("author")
            if not (isinstance(author, dict) and author.get("name")):
                out.append("BlogPosting author has no name")
        elif block.get("@type") == "BreadcrumbList":
            items = block.get("itemListElement") or []
            if len(items) < 2:
                out.append("BreadcrumbList has fewer than two items")
            for index, item in enumerate(items, 1):
                if item.get("position") != index:
                    out.append(f"BreadcrumbList position {item.get('position')!r} should be {index}")
                if not item.get("name") or not str(item.get("item", "")).startswith(("http://", "https://")):
                    out.append(f"BreadcrumbList item {index} needs a name and an absolute URL")
            if items and items[-1].get("item") != me:
                out.append("BreadcrumbList does not end at the page itself")
    return out
