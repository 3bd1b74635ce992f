"""The 404 pages: the root one MkDocs renders and one per language folder.

Hosts such as Cloudflare Pages serve the nearest ``404.html``, so each language
gets its own. A 404 page is served at any depth, so its links are absolute paths
(from the site's base path) and a ``<base>`` makes the relative links features
emit resolve from the page's own folder. No MkDocs here: the adapter renders the
template with this data and hands the HTML back to ``write_page``.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from knowledge.features import PageContext
from knowledge.site.plan import HEADER_SCRIPT, WORKER_SHIM, SitePlan, Strings
from knowledge.site.strings import t

ROOT_URL = "404.html"
KEY = "404"


def page_url(lang: str) -> str:
    """Where a language's own 404 page lives, relative to the site root."""
    return f"{lang}/404.html"


def served_page(path: str, mount_path: str, languages: tuple[str, ...] | list[str]) -> str | None:
    """The 404 page (relative to the site root) for a request ``path`` that found
    nothing under a server mounted at ``mount_path``: the page of the language whose
    folder the path is in, as a static host serves the nearest ``404.html``; None
    outside the language folders (the root 404 page applies)."""
    mount = mount_path if mount_path.endswith("/") else mount_path + "/"
    if not path.startswith(mount):
        return None
    first = path[len(mount):].split("/", 1)[0]
    return page_url(first) if first in languages else None


def base_path(site_url: str | None) -> str:
    """The path the site is served under ("/" or "/blog/"), from ``site_url``."""
    return urlsplit(site_url or "/").path or "/"


def offline_base(url: str) -> str:
    """The base of a 404 page's links in an offline copy: relative to the page's own
    file ("./" for ``404.html``, "../" for ``es/404.html``), because from file:// a
    404 page is only ever opened where it is, and a root-absolute "/…" would point at
    the file system's root (unstyled page, dead links)."""
    return "../" * url.count("/") or "./"


def template_base_url(path: str) -> str:
    """``base_url`` for the template context: the base path without its trailing slash."""
    return path.rstrip("/") or "/"


def page_context(lang: str, url: str) -> PageContext:
    """The 404 page as features see it (for their head and body-end HTML)."""
    return PageContext(lang=lang, key=KEY, url=url)


def not_found_data(plan: SitePlan, lang: str, url: str, base: str, *, head_html: str, body_end_html: str) -> dict[str, Any]:
    """What our templates read on a 404 page in ``lang`` served at ``url``,
    with links absolute from the base path ``base``."""
    base = base if base.endswith("/") else base + "/"
    page_dir = base + (url.rsplit("/", 1)[0] + "/" if "/" in url else "")
    switcher = [
        dict(item, href=base + item["url"], translated=item["lang"] == lang, current=item["lang"] == lang, label=item.get("label") or item["name"])
        for item in plan.switcher(lang, "index")
    ] if (lang, "index") in plan.entries else []
    return {
        "lang": lang,
        "kind": "404",
        "strings": Strings(lang),
        "base_href": page_dir,
        "home_href": base + plan.url(lang, "index"),
        "worker_shim": base + WORKER_SHIM,
        "header_script": base + HEADER_SCRIPT,
        "csp": plan.csp_meta(),
        "switcher": switcher,
        "alternates": [],
        "jsonld_scripts": [],
        "meta_tags": [],
        "title": t(lang, "not_found_title"),
        "text": t(lang, "not_found_text"),
        "back_home": t(lang, "back_home"),
        "head_html": head_html,
        "body_end_html": body_end_html,
    }


def write_page(site_dir: str | os.PathLike[str], lang: str, html: str) -> None:
    """Write a language's rendered 404 page into its folder of the built site."""
    target = os.path.join(site_dir, page_url(lang))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w", encoding="utf-8") as handle:
        handle.write(html)
