"""``unsafe-html``: raw HTML and links in an article body that would run code.

Python-Markdown passes raw HTML through and keeps any link scheme, so a body with
``<script>``, ``onerror=`` or ``[x](javascript:…)`` runs in every visitor's browser.
Pages come in through pull requests, so this rule finds, outside code:

- elements that run or embed code or change how the page resolves: ``<script>``,
  ``<iframe>``, ``<frame>``, ``<frameset>``, ``<object>``, ``<embed>``, ``<applet>``,
  ``<base>`` and ``<meta http-equiv>``;
- event-handler attributes (``on*=``) on any element;
- ``javascript:``, ``vbscript:`` and ``data:`` URLs in URL attributes (``href``,
  ``src``, ``action``…), in Markdown links and images and in reference definitions
  (``data:image/…`` is allowed in ``<img src>`` and Markdown images: an image
  cannot run script);
- the same attributes in ``attr_list`` blocks (``{: onclick="…"}``), which the
  extension copies onto the element.

The HTML is read with the standard library's tokenizer (``html.parser``), which,
like a browser, lowercases names, decodes character references in attribute values
(``&#106;avascript:``) and accepts ``<img/onerror=…>``; a URL's scheme is then read
the way browsers read it: leading spaces and control characters dropped, tabs and
newlines removed anywhere (``java&#x09;script:``), case ignored. SVG animations
that set a value (``<animate to="javascript:…">``) count as URL attributes. Code
spans and fenced code are blanked first (:func:`scannable`, stricter than
``markdown_scan.blank_code``), so code examples about XSS are fine; what HTML
comments hold is checked like the rest.

Sites whose authors are all trusted turn the rule off with
``plugins: - knowledge: {trusted_html: true}``. No MkDocs here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from knowledge.check import markdown_scan as md

RULE = "unsafe-html"

BLOCKED_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base"})
URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite", "data",
    "codebase", "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "icon", "srcset", "imagesrcset",
})
BLOCKED_SCHEMES = frozenset({"javascript", "vbscript", "data"})
# <svg><animate attributeName="href" to="javascript:…"> sets a link by animation.
SVG_ANIMATION = frozenset({"animate", "set", "animatemotion", "animatetransform"})
ANIMATED_VALUES = frozenset({"to", "from", "by", "values"})

# What browsers strip from a URL before reading its scheme (WHATWG URL parser):
# leading and trailing C0 controls and spaces, and every tab and newline.
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# attr_list: "{: #id .class key=value key='v a l' }" after a heading, a paragraph or a link.
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
_LOOSE_TARGET = re.compile(r"\]\((?=\s*<?([^)]{0,200}))")  # a lookahead: every "](" is tried, even inside another's target
_ATTR_PAIR = re.compile(r"""([^\s=#.{}'"]+)[ \t]*=[ \t]*("[^"]*"|'[^']*'|[^\s}]*)""")


@dataclass(frozen=True)
class Finding:
    offset: int  # into the scanned body
    message: str


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads from an attribute value or link target (character
    references already decoded), lowercased; ``None`` for a relative URL."""
    cleaned = _TAB_NEWLINE.sub("", value.strip(_C0_AND_SPACE))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def blocked_url(value: str, *, image: bool) -> str | None:
    """The blocked scheme of ``value`` (``"javascript"``…), or ``None`` when it is safe."""
    scheme = url_scheme(value)
    if scheme not in BLOCKED_SCHEMES:
        return None
    if scheme == "data" and image and _TAB_NEWLINE.sub("", value.strip(_C0_AND_SPACE)).lower().startswith("data:image/"):
        return None
    return scheme


def scannable(body: str) -> str:
    """``body`` with the code Python-Markdown will certainly treat as code blanked
    (same length, newlines kept): nothing else, because what is blanked is not
    checked. Stricter than ``markdown_scan.blank_code`` (which serves links and
    anchors, where a miss costs a broken link, not a script):

    - fenced blocks exactly as MkDocs' ``fenced_code`` finds them (at the start of a
      line, a language or ``{attrs}`` at most, closed by the same fence);
    - code spans, when every line of the stretch between blank lines pairs its
      backtick runs unambiguously (1st with 2nd, 3rd with 4th, same lengths, none
      escaped) and no line of it may be raw HTML (from a line starting with a tag to
      the next blank line, or further while its elements stay open), where
      backticks mean nothing. Markdown's spans can run over lines and pair runs
      differently, so anything less clear is left to be checked;
    - HTML comments are not blanked, and their inside is checked too (see
      :func:`_comments_as_markup`): Markdown does not treat every ``<!--`` as one.
    """
    if "`" not in body and "~~~" not in body:
        return body  # nothing to blank (most pages): no copy
    chars = list(body)

    def blank(start: int, end: int) -> None:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = CODE  # a break: Markdown cuts the HTML around code (see findings)

    if "```" in body or "~~~" in body:
        for fence in _PM_FENCED_BLOCK.finditer(body):
            blank(fence.start(), fence.end())
    text = "".join(chars)
    if "`" in text:
        raw_html = _raw_html_lines(text)
        lines = text.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        number = 0
        while number < len(lines):  # stretch by stretch between blank lines
            end = number
            while end < len(lines) and lines[end].strip():
                end += 1
            stretch = range(number, end)
            if stretch and not any(n in raw_html for n in stretch):
                spans = [_code_spans(lines[n]) for n in stretch]
                if all(found is not None for found in spans):
                    for n, found in zip(stretch, spans):
                        for start, stop in found:
                            blank(starts[n] + start, starts[n] + stop)
            number = end + 1
    return "".join(chars)


def _raw_html_lines(text: str) -> set[int]:
    """Numbers (0-based) of the lines that may be raw HTML to Python-Markdown, where
    backticks are no code: from a line starting with a tag to the next blank line,
    or to the end of the page when the tags opened there are not all closed."""
    lines = text.split("\n")
    out: set[int] = set()
    number = 0
    while number < len(lines):
        if not _HTML_BLOCK_START.match(lines[number]):
            number += 1
            continue
        end = number
        while end + 1 < len(lines) and lines[end + 1].strip():
            end += 1
        counter = _OpenElements()
        try:
            counter.feed("\n".join(lines[number:end + 1]))
        except Exception:  # noqa: BLE001 - unreadable HTML: assume it stays open (checks more, never less)
            counter.open = 1
        if counter.open > 0:
            end = len(lines) - 1
        out.update(range(number, end + 1))
        number = end + 1
    return out


_TAG_START = re.compile(r"<[A-Za-z]")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param"})


class _BrowserLikeParser(HTMLParser):
    """``html.parser`` reading ``<!…>`` as a browser does in a page body: a comment
    (``<!--``), or else a bogus comment up to the next ``>``. The standard parser
    would read ``<![…`` as a marked section and ``<!DOCTYPE … [`` as a document type
    subset, and raise on what it does not expect there (``<![alert(1)]…``)."""

    def parse_html_declaration(self, i: int) -> int:
        if self.rawdata.startswith("<!--", i):
            return super().parse_html_declaration(i)
        return self.parse_bogus_comment(i)


class _OpenElements(_BrowserLikeParser):
    """How many elements a piece of HTML leaves open (void elements excluded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open = 0

    def handle_starttag(self, tag, attrs):
        self.open += tag not in _VOID

    def handle_endtag(self, tag):
        self.open -= tag not in _VOID and self.open > 0


# Python-Markdown's fenced_code.FencedBlockPreprocessor.FENCED_BLOCK_RE (MkDocs always
# enables fenced_code), copied so the check never imports Markdown.
_PM_FENCED_BLOCK = re.compile(
    r"""(?P<fence>^(?:~{3,}|`{3,}))[ ]*((\{(?P<attrs>[^\n]*)\})|(\.?(?P<lang>[\w#.+-]*)[ ]*)?"""
    r"""(hl_lines=(?P<quot>"|')(?P<hl_lines>.*?)(?P=quot)[ ]*)?)\n(?P<code>.*?)(?<=\n)(?P=fence)[ ]*$""",
    re.MULTILINE | re.DOTALL,
)
_HTML_BLOCK_START = re.compile(r"[ ]{0,3}</?[A-Za-z]")
CODE = "\x00"  # what blanked code is filled with: never in a page (read_text refuses NUL bytes)
_CODE_RUN = re.compile("\x00+")
_BACKTICKS = re.compile(r"`+")


def _code_spans(line: str) -> list[tuple[int, int]] | None:
    """``(start, end)`` of the code spans of one line when its backtick runs pair up
    unambiguously (see :func:`scannable`); ``None`` when they do not, which leaves
    the whole stretch between blank lines unblanked (a span may run over lines)."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    if not runs:
        return []
    if len(runs) % 2 or "\\`" in line:
        return None
    pairs = list(zip(runs[::2], runs[1::2]))
    if any(a[1] - a[0] != b[1] - b[0] for a, b in pairs):
        return None
    return [(a[0], b[1]) for a, b in pairs]


def findings(scanned: str) -> list[Finding]:
    """Every unsafe construct of a body blanked by :func:`scannable`."""
    out: list[Finding] = []
    if "<" in scanned:
        # Markdown takes code out before it reads HTML, so a tag or a quoted value
        # never runs on across code: each stretch between code is read on its own.
        start = 0
        for code in [*_CODE_RUN.finditer(scanned), None]:
            end = code.start() if code else len(scanned)
            if "<" in scanned[start:end]:
                out += [Finding(start + f.offset, f.message) for f in _html_findings(_comments_as_markup(scanned[start:end]))]
            start = code.end() if code else end
    scanned = scanned.replace(CODE, " ") if CODE in scanned else scanned
    if "](" in scanned or "]:" in scanned:
        parsed = md.links(scanned)
        for link in parsed:
            target = html.unescape(link.target)  # Markdown keeps entities; the browser decodes them
            scheme = blocked_url(target, image=link.is_image and not _escaped_bang(scanned, link))
            if scheme:
                what = "image" if link.is_image else "link"
                out.append(Finding(link.offset, f"{what} to a {scheme}: URL runs or hides code in the visitor's browser; link to an https: page or a file of the site"))
        # Python-Markdown accepts link targets the link scanner's CommonMark pattern
        # does not (``[x](javascript:<)``): every other "](" target is read loosely as
        # well, as a link (an image there would be a guess).
        seen = {link.offset for link in parsed}
        for match in _LOOSE_TARGET.finditer(scanned):
            if match.start(1) in seen or (match.start(1) + 1) in seen:
                continue
            scheme = blocked_url(html.unescape(match.group(1)), image=False)
            if scheme:
                seen.add(match.start(1))
                out.append(Finding(match.start(1), f"link to a {scheme}: URL runs or hides code in the visitor's browser; link to an https: page or a file of the site"))
    if "{" in scanned:
        out += _attr_list_findings(scanned)
    return sorted(out, key=lambda f: f.offset)


def _escaped_bang(scanned: str, link: md.Link) -> bool:
    """Whether the "!" of an image is written "\\!": then Markdown makes a link."""
    bang = scanned.rfind("![", 0, link.offset)
    return bang > 0 and scanned[bang - 1] == "\\"


def _comments_as_markup(text: str) -> str:
    """``text`` with every ``<!`` turned into text (same length), so what a comment or
    a declaration (``<![…``, ``<!DOCTYPE``) holds is checked as markup. Whether ``<!--`` starts a comment depends on
    where Markdown finds it (``<!--<script>…[x](https://-->)`` is no comment: the link
    takes the ``-->``, the script runs) and browsers end comments differently from
    ``html.parser`` (``--!>``); checking the inside always misses nothing, and a
    commented-out script is worth removing anyway."""
    return text.replace("<!", " !") if "<!" in text else text


class _Tokens(_BrowserLikeParser):
    """Start tags with their attributes (names lowercased, values decoded) and where
    each starts, from the standard library's tokenizer."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[Finding] = []
        self.tags = 0

    def set_cdata_mode(self, elem: str) -> None:
        # Inside <script> and <style> a browser reads raw text, but Markdown may end that
        # text early (a code span around "<style>…`"), so tags in it are checked too.
        pass

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags += 1
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        if tag in BLOCKED_ELEMENTS:
            self.found.append(Finding(start, f"<{tag}> is not allowed in a page: it runs, embeds or redirects code; "
                                             "use Markdown, an image or a link instead"))
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.found.append(Finding(start, "<meta http-equiv> is not allowed in a page: it can redirect or change the page's security policy"))
        for name, value in attrs:
            where = start + _attribute_offset(raw, name)
            if name.startswith("on"):
                self.found.append(Finding(where, f"event-handler attribute {name}= on <{tag}> runs code in the visitor's browser; remove it"))
            elif value and (name in URL_ATTRIBUTES or (tag in SVG_ANIMATION and name in ANIMATED_VALUES)):
                for candidate in _urls(name, value):
                    scheme = blocked_url(candidate, image=tag == "img" and name in ("src", "srcset"))
                    if scheme:
                        self.found.append(Finding(where, f"{name}= on <{tag}> holds a {scheme}: URL, which runs or hides code; use an https: or relative URL"))
                        break


def _urls(name: str, value: str) -> list[str]:
    """The URLs of an attribute: srcset lists several, each before its size; an SVG
    animation's ``values`` several, separated by ``;``."""
    if name == "values":
        return [part for part in value.split(";") if part.strip()]
    if name.endswith("srcset"):
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    return [value]


def _attribute_offset(raw_tag: str, name: str) -> int:
    """Where attribute ``name`` starts in the tag's source text (0: unknown)."""
    match = re.search(r"(?<=[\s/\"'])" + re.escape(name) + r"(?=[\s=/>]|$)", raw_tag, re.I)
    return match.start() if match else 0


def _html_findings(text: str) -> list[Finding]:
    tokens = _Tokens(text)
    try:
        tokens.feed(text)
        leftover = tokens.rawdata
        tokens.close()
    except Exception:  # noqa: BLE001 - html.parser is tolerant; anything else is reported, not raised
        return tokens.found + [Finding(0, "the page's HTML cannot be read; simplify the raw HTML")]
    if _TAG_START.match(leftover):
        # A tag left unfinished at the end of a stretch (a quote never closed before
        # code or the end): the tokenizer calls it text, but Markdown may write it out
        # as it is and a browser finish it. Read it as if it were finished.
        # Every way of finishing it is tried (which quote is open is the tokenizer's guess).
        at = len(text) - len(leftover)
        seen = set(tokens.found)
        for ending in (">", '">', "'>"):
            finished = _Tokens(leftover + ending)
            finished.feed(leftover + ending)
            for finding in finished.found:
                moved = Finding(at + finding.offset, finding.message)
                if moved not in seen:
                    seen.add(moved)
                    tokens.found.append(moved)
    return tokens.found


def _attr_list_findings(text: str) -> list[Finding]:
    out = []
    for block in _ATTR_LIST.finditer(text):
        for pair in _ATTR_PAIR.finditer(block.group(1)):
            name = pair.group(1).lower()
            value = html.unescape(pair.group(2).strip("\"'"))
            offset = block.start(1) + pair.start()
            if name.startswith("on"):
                out.append(Finding(offset, f"attribute list sets {name}=, an event handler that runs code in the visitor's browser; remove it"))
            elif name in URL_ATTRIBUTES and blocked_url(value, image=False):
                out.append(Finding(offset, f"attribute list sets {name}= to a {url_scheme(value)}: URL, which runs or hides code; remove it"))
    return out
