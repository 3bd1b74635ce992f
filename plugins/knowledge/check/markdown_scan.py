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
import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

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
_SETEXT_UNDERLINE = re.compile(r"[ ]{0,3}(?:=+|-+)[ \t]*")
_ATTR_LIST_ID = re.compile(r"[ \t]*\{:?[^}]*?#(?P<id>[\w-]+)[^}]*\}[ \t]*$")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_HEADING_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HEADING_TAG = re.compile(r"<[^>]+>")
_HEADING_MARKS = re.compile(r"[*_`~]")
_SLUG_DROP = re.compile(r"[^\w\s-]")
_SLUG_SEPARATORS = re.compile(r"[-\s]+")


# Python-Markdown's ``toc.slugify`` and ``toc.slugify_unicode`` with separator "-",
# copied so the check never imports Markdown (tests compare them with the originals).
def slugify(value: str) -> str:
    """``markdown.extensions.toc.slugify(value, "-")``: accents off, ASCII only."""
    return slugify_unicode(unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii"))


def slugify_unicode(value: str) -> str:
    """``markdown.extensions.toc.slugify_unicode(value, "-")``."""
    return _SLUG_SEPARATORS.sub("-", _SLUG_DROP.sub("", value).strip().lower())


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


def links(text: str) -> list[Link]:
    """Inline links and images, and reference definitions, outside code (``text`` is
    the body with its code blanked out by :func:`blank_code`)."""
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
    raw = _HEADING_LINK.sub(r"\1", raw)  # links and images keep their text
    raw = _HEADING_TAG.sub("", raw)  # raw HTML tags
    raw = _HEADING_MARKS.sub("", raw)  # emphasis and code marks
    return raw.strip(), explicit


def _atx_headings(text: str) -> list[re.Match[str]]:
    """``list(_ATX_HEADING.finditer(text))``, trying the pattern only on lines that
    start with up to three spaces and a ``#`` (``^`` in multiline mode is otherwise
    tried at every character of every page)."""
    out = []
    hash_at = text.find("#")
    while hash_at != -1:
        line_start = text.rfind("\n", 0, hash_at) + 1
        if hash_at - line_start <= 3 and not text[line_start:hash_at].strip(" "):
            match = _ATX_HEADING.match(text, line_start)
            if match:
                out.append(match)
        line_end = text.find("\n", hash_at)
        if line_end == -1:
            break
        hash_at = text.find("#", line_end)  # one try per line: a heading is one line
    return out


def _setext_headings(text: str) -> list[tuple[int, str]]:
    """``[(m.start(), m.group("text")) for m in _SETEXT_HEADING.finditer(text)]``,
    line by line: the pattern backtracks over every line of prose (30 ms for a
    6 kB page with one list in it), this looks only at underline-looking lines.

    A match is a line with a non-space character followed by an underline line;
    matches do not overlap, so an underline cannot also be the next one's text.
    """
    lines = text.split("\n")
    starts = [0] * len(lines)
    for i in range(1, len(lines)):
        starts[i] = starts[i - 1] + len(lines[i - 1]) + 1
    out = []
    last_underline = -1
    for i in range(1, len(lines)):
        line = lines[i]
        if line.lstrip(" ")[:1] not in ("=", "-") or not _SETEXT_UNDERLINE.fullmatch(line):
            continue
        heading = lines[i - 1]
        if i - 1 == last_underline or not heading or heading.isspace():
            continue
        out.append((starts[i - 1], heading))
        last_underline = i
    return out


def anchors(text: str) -> frozenset[str]:
    """Every anchor the rendered page will have: heading ids (under both slug
    functions MkDocs projects commonly configure, with the TOC's ``_1`` suffixes for
    repeated headings), ``{#id}`` attribute lists and ``id``/``name`` attributes;
    ``text`` is the body with its code blanked out by :func:`blank_code`."""
    headings: list[tuple[int, str, str | None]] = [(m.start(), *_heading_text(m.group("text"))) for m in _atx_headings(text)]
    if "\n=" in text or "\n-" in text or "\n " in text:
        for start, line in _setext_headings(text):
            if not line.lstrip().startswith(("#", "-", "*", "+", ">", "|")):
                headings.append((start, *_heading_text(line)))
    headings.sort()  # document order: repeated headings get _1, _2 in that order
    found: set[str] = set()
    for slug_function in (slugify, slugify_unicode):
        seen: set[str] = set()
        for _, heading, explicit in headings:
            if explicit:
                seen.add(explicit)
                continue
            slug = slug_function(heading)
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
    """A link the check does not follow: a URL scheme (also one written with character
    references, ``&#106;avascript:``, which the browser decodes; ``unsafe-html`` judges
    those), ``//host``, or a site-absolute path."""
    return bool(_SCHEME.match(target)) or target.startswith("/") or ("&" in target and bool(_SCHEME.match(html.unescape(target))))


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
