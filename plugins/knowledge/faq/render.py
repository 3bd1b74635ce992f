"""FAQ answers: Markdown to sanitized HTML, with links that work where they are shown.

Answers are written by pull-request authors, so they are semi-trusted: the HTML
that Python-Markdown produces (it passes raw HTML and ``javascript:`` links
through) is cleaned at build time with nh3 (Rust's ammonia) against a small
allowlist. That cleaned HTML is the only HTML the assistant ever inserts.

Links in answers
----------------
An answer is shown in three places: under articles, on the FAQ page and in the
assistant (on any page). So links are written in a place-independent form and
rewritten for each place:

- ``https://…`` and ``mailto:…`` stay as they are; every other scheme
  (``javascript:``, ``data:``, ``http:``…) and protocol-relative ``//host`` links
  lose their ``href``.
- A relative link names a page **relative to the language root**, by page key:
  ``[escribinos](contact/)``, ``[el artículo](blog/fine-tuning/#costos)``; ``.md``
  is accepted too (``contact.md``). It points to that page in the answer's
  language, whatever page the answer is shown on, with or without
  ``use_directory_urls``. ``../en/contact/`` reaches the other language.
- A link starting with ``/`` is relative to the site root (``/es/contact/``) and is
  still emitted as a relative URL, so sub-path hosting and ``file://`` work.
- A link to a file (``assets/price-list.pdf``) is kept as a file path from the
  language root; ``#fragment`` links stay as they are.
- Anything else (query strings, odd characters) loses its ``href``.
- Relative links stay path-relative whatever their percent-encoding: a link whose
  decoded form (decoded until it no longer changes, as a server or a browser may)
  starts with ``//`` or holds a backslash, a ``:`` or a control character, or in which
  decoding makes a ``/`` or a ``.``/``..`` segment (``/%2F%2Fevil.example``,
  ``%2F%2Fevil``, ``%2e%2e/``, ``%5Cevil``), loses its ``href``; its text stays.

In the assistant's index, links are written relative to the language root; the
assistant resolves them against that root at run time.
"""

from __future__ import annotations

import html
import posixpath
import re
import threading
from functools import lru_cache
from typing import Callable
from urllib.parse import unquote

from knowledge.features import PageContext, SiteContext

ALLOWED_TAGS = frozenset({
    "p", "br", "strong", "em", "b", "i", "code", "pre", "ul", "ol", "li", "a", "blockquote",
    "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "hr", "abbr", "sup", "sub", "del", "kbd",
})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "ol": {"start"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = frozenset({"https", "mailto"})
MARKDOWN_EXTENSIONS = ("tables", "fenced_code", "sane_lists")

# A link href: https:/mailto: (nh3 has already dropped other schemes), a fragment,
# or a relative path made of URL-safe characters. No ':' outside a fragment, so
# nothing a browser could read as a scheme survives a rewrite.
_SAFE_ABSOLUTE = re.compile(r"^(?:https://[^\s]+|mailto:[^\s]+)$", re.I)
_FRAGMENT = re.compile(r"^#[A-Za-z0-9._~%-]*$")
_RELATIVE = re.compile(r"^(?P<path>/?(?!/)[A-Za-z0-9._~%/-]*)(?P<frag>#[A-Za-z0-9._~%-]*)?$")

LinkRewriter = Callable[[str], "str | None"]


@lru_cache(maxsize=16384)  # every answer is shown on the FAQ page and under its articles: converted once
def markdown_to_html(text: str) -> str:
    """Python-Markdown output, not yet safe (raw HTML passes through)."""
    converter = _converter()
    try:
        return converter.convert(text)
    finally:
        converter.reset()  # state of one answer (stashed raw HTML, …) never leaks into the next


_local = threading.local()


def _converter():
    """One ``markdown.Markdown`` per thread, reused for every answer: building one
    (extensions, parsers, patterns) costs more than converting a short answer, and
    an FAQ has thousands of answers. ``reset()`` makes each conversion as a fresh
    instance's; per thread because a converter holds the state of its conversion."""
    converter = getattr(_local, "converter", None)
    if converter is None:
        import markdown  # deferred: `knowledge check` loads entries without rendering them

        converter = _local.converter = markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS), output_format="html")
    return converter


def sanitize(unsafe_html: str, rewrite_link: LinkRewriter | None = None) -> str:
    """Allowlisted HTML: no script/style/event handlers/comments; safe links only."""

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if tag == "a" and attribute == "href":
            return safe_href(value, rewrite_link)
        return value

    import nh3

    return nh3.clean(
        unsafe_html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer",
        attribute_filter=attribute_filter,
    )


def safe_href(value: str, rewrite_link: LinkRewriter | None = None) -> str | None:
    """The href to keep, or ``None`` to drop it. Runs after nh3's scheme check."""
    value = value.strip()
    if _SAFE_ABSOLUTE.match(value) or _FRAGMENT.match(value):
        return value
    if value.startswith("//") or not _RELATIVE.match(value) or not path_stays_relative(value):
        return None
    if rewrite_link is None:
        return value
    rewritten = rewrite_link(value)
    # Defence in depth: whatever the rewriter returns must still be a plain relative URL.
    if rewritten is None or not _RELATIVE.match(rewritten) or rewritten.startswith("/") or not path_stays_relative(rewritten):
        return None
    return rewritten


_MAX_DECODE_ROUNDS = 4
_UNSAFE_DECODED = re.compile(r"[\\:\x00-\x1f\x7f]")


def path_stays_relative(href: str) -> bool:
    """Whether the path of a relative ``href`` means the same path once decoded.

    Servers and browsers percent-decode paths (some more than once), and browsers
    read ``\\`` as ``/`` and ``%2e%2e`` as ``..``. So the path is decoded until it no
    longer changes, and refused when decoding made it host-relative (``//``), added
    a ``/`` or a dot segment, or brought in a ``\\``, a ``:`` or a control character
    (a decoded space is only a space: ``precio%20lista.pdf`` is fine).
    """
    raw = href.partition("#")[0]
    decoded = raw
    for _ in range(_MAX_DECODE_ROUNDS):
        once = unquote(decoded)
        if once == decoded:
            break
        decoded = once
    else:
        return False  # still changing after several rounds: nobody writes that on purpose
    if decoded == raw:
        return not raw.startswith("//") and not _UNSAFE_DECODED.search(raw)
    if _UNSAFE_DECODED.search(decoded) or decoded.startswith("//"):
        return False
    if decoded.count("/") != raw.count("/"):
        return False  # an encoded "/" (leading, doubled or inside a segment)
    return all(part == original or part not in (".", "..") for part, original in zip(decoded.split("/"), raw.split("/")))


def render_answer(answer_markdown: str, rewrite_link: LinkRewriter | None = None) -> str:
    if rewrite_link is not None:
        # An answer is shown on the FAQ page and under each of its articles, each time
        # with links rewritten for that page. Without relative links its HTML is the
        # same everywhere: sanitized once.
        same_everywhere = _without_relative_links(answer_markdown)
        if same_everywhere is not None:
            return same_everywhere
    return sanitize(markdown_to_html(answer_markdown), rewrite_link)


@lru_cache(maxsize=16384)
def _without_relative_links(answer_markdown: str) -> str | None:
    """The sanitized answer if no link of it goes through a rewriter (so any rewriter
    gives this HTML), else ``None``."""
    relative: list[str] = []

    def spy(href: str) -> None:
        relative.append(href)
        return None

    html_out = sanitize(markdown_to_html(answer_markdown), spy)
    return None if relative else html_out


def plain_text(safe_html: str) -> str:
    """Visible text of sanitized HTML (for JSON-LD), whitespace collapsed."""
    import nh3

    text = nh3.clean(safe_html, tags=set(), strip_comments=True)
    return " ".join(html.unescape(text).split())


# --- URLs --------------------------------------------------------------------------

def language_root(site: SiteContext, lang: str) -> PageContext:
    """A stand-in page at the language root: links in the assistant's index are
    written relative to it."""
    return PageContext(lang=lang, key="index", url=site.page_url(lang, "index"))


def resolve_target(site: SiteContext, lang: str, path: str) -> str | None:
    """Site-root-relative URL of an answer's relative link ``path`` (no fragment)."""
    full = path[1:] if path.startswith("/") else f"{lang}/{path}"
    norm = posixpath.normpath(full) if full else "."
    if norm == "." or norm == "":
        norm = ""
    if norm.startswith(".."):
        return None  # above the site root
    parts = norm.split("/") if norm else []
    ext = posixpath.splitext(parts[-1])[1].lower() if parts else ""
    if ext and ext not in (".md", ".html"):
        return norm  # a file, linked as it is
    if parts and parts[0] in site.languages:
        page_lang, rest = parts[0], parts[1:]
    else:
        page_lang, rest = None, parts
    if rest:
        rest[-1] = posixpath.splitext(rest[-1])[0] if ext else rest[-1]
    key = "/".join(rest) or "index"
    if page_lang is None:
        # Outside the language trees (rare): a plain directory or file URL.
        if key == "index" or key.endswith("/index"):
            folder = key[: -len("index")]
            return folder if site.use_directory_urls else folder + "index.html"
        return f"{key}/" if site.use_directory_urls else f"{key}.html"
    # page_url knows that a section's index page lives in the section's folder.
    return site.page_url(page_lang, key)


def link_rewriter(site: SiteContext, lang: str, shown_on: PageContext) -> LinkRewriter:
    """Rewrite an answer's relative links for display on ``shown_on``."""

    def rewrite(href: str) -> str | None:
        match = _RELATIVE.match(href)
        if not match:
            return None
        target = resolve_target(site, lang, match.group("path"))
        if target is None:
            return None
        return shown_on.relative(target + (match.group("frag") or ""))

    return rewrite


def escape(text: str) -> str:
    return html.escape(text, quote=True)
