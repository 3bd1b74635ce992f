"""Where pages live: site-root-relative URLs, relative links, absolute URLs."""

from __future__ import annotations

import posixpath
from urllib.parse import quote
from typing import Callable
from urllib.parse import quote


def page_url(lang: str, key: str, use_directory_urls: bool = True) -> str:
    """URL of page ``key`` in ``lang`` relative to the site root, as MkDocs writes it.

    ``index`` -> ``es/`` (``es/index.html`` without directory URLs),
    ``faq/index`` -> ``es/faq/``, ``blog/x`` -> ``es/blog/x/`` (``es/blog/x.html``).
    """
    # Keys are ASCII except category and tag pages of non-Latin names ("tag/модели"):
    # their URLs are percent-encoded, as MkDocs writes its own page URLs.
    path = f"{lang}/{key}" if key.isascii() else quote(f"{lang}/{key}", safe="/")
    if path.endswith("/index"):
        folder = path[: -len("index")]
        return folder if use_directory_urls else folder + "index.html"
    return f"{path}/" if use_directory_urls else f"{path}.html"


def relative_url(target: str, from_url: str) -> str:
    """A link from the page at ``from_url`` to ``target`` (both site-root-relative).

    Relative links keep working under a sub-path ``site_url`` and from file://.
    """
    target_path, sep, fragment = target.partition("#")
    rel = _relpath(target_path, _from_dir(from_url))
    if (target_path.endswith("/") or not target_path) and not rel.endswith("/"):
        rel += "/"
    if rel == "./" and target_path.endswith(".html"):
        rel = posixpath.basename(target_path)
    return rel + (sep + fragment if sep else "")


def relative_from(from_url: str) -> Callable[[str], str]:
    """``relative_url(target, from_url)`` for many targets of one page, each
    computed once: a listing page links the same category or tag for many cards."""
    done: dict[str, str] = {}

    def rel(target: str) -> str:
        found = done.get(target)
        if found is None:
            found = done[target] = relative_url(target, from_url)
        return found

    return rel


def _from_dir(from_url: str) -> str:
    return from_url if (from_url.endswith("/") or not from_url) else posixpath.dirname(from_url) + "/"


def absolute_url(site_url: str, url: str) -> str:
    """``site_url`` + a site-root-relative URL; the URL itself when there is no site_url.

    Non-ASCII path segments (a category slug in Arabic) are percent-encoded: the
    sitemap protocol and some crawlers want ASCII URLs. ASCII URLs are unchanged."""
    if not site_url:
        return url
    path = url.lstrip("/")
    if not path.isascii():
        path = quote(path, safe="/#?&=%:@!$'()*+,;~")
    return site_url.rstrip("/") + "/" + path


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath("/" + path, "/" + start)``, without its normalising and
    list copies when no segment is ``.`` or ``..`` (every URL the plan makes): a
    build computes it for every link of every page (listings link every page of
    their listing, so it grows faster than the site)."""
    path_parts = [part for part in path.split("/") if part]
    start_parts = [part for part in start.split("/") if part]
    if any(part in (".", "..") for part in path_parts) or any(part in (".", "..") for part in start_parts):
        return posixpath.relpath("/" + path, "/" + start)
    common = 0
    for a, b in zip(path_parts, start_parts):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + path_parts[common:]
    return "/".join(parts) if parts else "."
