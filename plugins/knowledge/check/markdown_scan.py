"""Find links, images and heading anchors in a Markdown body, without rendering it.

Rendering every page through Python-Markdown would cost what the build costs; the
check only needs where links and images are and which anchors a page defines. So
code (fenced blocks, inline code spans) and HTML comments are first blanked out,
keeping every offset, and the rest is scanned with patterns for CommonMark's
inline links and images, reference definitions and ``<img>``/``id=`` in raw HTML.
Positions are 0-based offsets into the body; :func:`position` turns them into the
file's 1-based ``(line, col)``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from urllib.parse import unquote

from markdown.extensions.toc import slugify, slugify_unicode

_FENCE_OPEN = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)
_INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)

# [text](target "title") and ![alt](src "title"); the text may hold one level of [].
_INLINE_LINK = re.compile(
    r"\[(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"\(\s*(?P<target><[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)  # starts with a literal "[" (fast to find); a "!" just before it makes an image
_REFERENCE_DEF = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]\n]+)\]:[ \t]*(?P<target><[^<>\n]*>|\S+)", re.M)
_IMG_TAG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.I)
_ALT_ATTR = re.compile(r"""\balt\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))""", re.I)
_ID_ATTR = re.compile(r"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
_ATX_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(?P<text>.*?)[ \t]*#*[ \t]*$", re.M)
_SETEXT_HEADING = re.compile(r"^(?P<text>[^\n]*\S[^\n]*)\n[ ]{0,3}(?:=+|-+)[ \t]*$", re.M)
_ATTR_LIST_ID = re.compile(r"[ \t]*\{:?[^}]*?#(?P<id>[\w-]+)[^}]*\}[ \t]*$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    offset: int  # where the target starts in the body
    target: str  # as written, without <> around it
    is_image: bool
    text: str  # link text or image alt


@dataclass(frozen=True)
class ImageTag:
    offset: int
    alt: str | None  # None: no alt attribute at all


def blank_code(body: str) -> str:
    """``body`` with fenced code, inline code and HTML comments replaced by spaces.

    Newlines are kept, so offsets and line numbers stay those of ``body``.
    """
    if "`" not in body and "~~~" not in body and "<!--" not in body:
        return body
    chars = list(body)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "

    pos = 0
    while True:
        opening = _FENCE_OPEN.search(body, pos)
        if not opening:
            break
        fence = opening.group(1)
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.M)
        line_end = body.find("\n", opening.end())
        if line_end == -1:
            blank(opening.start(), len(body))
            break
        close = closing.search(body, line_end + 1)
        end = close.end() if close else len(body)  # an unclosed fence runs to the end, as in CommonMark
        blank(opening.start(), end)
        pos = end
    text = "".join(chars)
    for pattern in (_HTML_COMMENT, _INLINE_CODE):
        for match in pattern.finditer(text):
            blank(match.start(), match.end())
        text = "".join(chars)
    return text


def links(body: str, scanned: str | None = None) -> list[Link]:
    """Inline links and images, and reference definitions, outside code."""
    text = blank_code(body) if scanned is None else scanned
    out = []
    if "](" in text:
        for match in _INLINE_LINK.finditer(text):
            target = match.group("target")
            offset = match.start("target")
            if target.startswith("<"):
                target, offset = target[1:-1], offset + 1
            is_image = match.start() > 0 and text[match.start() - 1] == "!"
            out.append(Link(offset, target, is_image, match.group("text")))
    for match in _REFERENCE_DEF.finditer(text) if "]:" in text else ():
        target = match.group("target")
        offset = match.start("target")
        if target.startswith("<"):
            target, offset = target[1:-1], offset + 1
        out.append(Link(offset, target, False, match.group("label")))
    return out


def image_tags(scanned: str) -> list[ImageTag]:
    out = []
    for match in _IMG_TAG.finditer(scanned):
        alt = _ALT_ATTR.search(match.group("attrs"))
        value = None if alt is None else next(v for v in alt.group("dq", "sq", "bare") if v is not None)
        out.append(ImageTag(match.start(), value))
    return out


def _heading_text(raw: str) -> tuple[str, str | None]:
    """Heading text as the TOC sees it (inline Markdown stripped), and an explicit ``{#id}``."""
    explicit = None
    attr = _ATTR_LIST_ID.search(raw)
    if attr:
        explicit = attr.group("id")
        raw = raw[: attr.start()]
    raw = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", raw)  # links and images keep their text
    raw = re.sub(r"<[^>]+>", "", raw)  # raw HTML tags
    raw = re.sub(r"[*_`~]", "", raw)  # emphasis and code marks
    return raw.strip(), explicit


def anchors(body: str, scanned: str | None = None) -> frozenset[str]:
    """Every anchor the rendered page will have: heading ids (under both slug
    functions MkDocs projects commonly configure, with the TOC's ``_1`` suffixes for
    repeated headings), ``{#id}`` attribute lists and ``id``/``name`` attributes."""
    text = blank_code(body) if scanned is None else scanned
    headings: list[tuple[int, str, str | None]] = [(m.start(), *_heading_text(m.group("text"))) for m in _ATX_HEADING.finditer(text)]
    if "\n=" in text or "\n-" in text or "\n " in text:
        for m in _SETEXT_HEADING.finditer(text):
            line = m.group("text")
            if not line.lstrip().startswith(("#", "-", "*", "+", ">", "|")):
                headings.append((m.start(), *_heading_text(line)))
    headings.sort()  # document order: repeated headings get _1, _2 in that order
    found: set[str] = set()
    for slug_function in (slugify, slugify_unicode):
        seen: set[str] = set()
        for _, heading, explicit in headings:
            if explicit:
                seen.add(explicit)
                continue
            slug = slug_function(heading, "-")
            unique, n = slug, 0
            while unique in seen:  # Python-Markdown's toc.unique()
                n += 1
                unique = f"{slug}_{n}"
            seen.add(unique)
        found |= seen
    for match in _ID_ATTR.finditer(text) if "=" in text else ():
        found.add(match.group(1) if match.group(1) is not None else match.group(2))
    return frozenset(found)


def is_external(target: str) -> bool:
    """A link the check does not follow: a URL scheme, ``//host``, or a site-absolute path."""
    return bool(_SCHEME.match(target)) or target.startswith("/")


def split_target(target: str) -> tuple[str, str]:
    """``(path, fragment)`` of a relative link, percent-decoded, query dropped."""
    path, _, fragment = target.partition("#")
    path = path.partition("?")[0]
    return unquote(path), unquote(fragment)


class LineIndex:
    """Offsets in a body → 1-based ``(line, col)`` in its file."""

    def __init__(self, body: str, first_line: int) -> None:
        self._starts = [0] + [m.end() for m in re.finditer("\n", body)]
        self._first_line = first_line

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return self._first_line + index, offset - self._starts[index] + 1
