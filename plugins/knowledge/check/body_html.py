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
newlines removed anywhere (``java&#x09;script:``), case ignored. Code spans and
fenced code are blanked first (``markdown_scan.blank_code``), so code examples about
XSS are fine; HTML comments are left to the tokenizer (see :func:`scannable`).

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

# What browsers strip from a URL before reading its scheme (WHATWG URL parser):
# leading and trailing C0 controls and spaces, and every tab and newline.
_C0_AND_SPACE = "".join(chr(c) for c in range(0x21))
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# attr_list: "{: #id .class key=value key='v a l' }" after a heading, a paragraph or a link.
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
_LOOSE_TARGET = re.compile(r"\]\((?=\s*<?([^\s)]*))")  # a lookahead: every "](" is tried, even inside another's target
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
    """``body`` with code blanked for this rule: as ``md.blank_code``, but HTML
    comments are kept for the tokenizer, which knows a comment when it sees one;
    Markdown does not treat every ``<!--`` as a comment (``[<!--](javascript:…)`` is
    a link, ``href="javascript:<!--"`` an attribute), so blanking them would hide
    what runs. A Markdown link inside a real comment is reported too: remove it."""
    return md.blank_code(body, comments=False)


def findings(scanned: str) -> list[Finding]:
    """Every unsafe construct of a body blanked by :func:`scannable`."""
    out: list[Finding] = []
    if "<" in scanned:
        out += _html_findings(_unescaped_lt(scanned))
    if "](" in scanned or "]:" in scanned:
        for link in md.links(scanned):
            target = html.unescape(link.target)  # Markdown keeps entities; the browser decodes them
            scheme = blocked_url(target, image=link.is_image)
            if scheme:
                what = "image" if link.is_image else "link"
                out.append(Finding(link.offset, f"{what} to a {scheme}: URL runs or hides code in the visitor's browser; link to an https: page or a file of the site"))
        # Python-Markdown accepts link targets the link scanner's CommonMark pattern
        # does not (``[x](javascript:<)``): any "](" target is read loosely as well.
        reported = {f.offset for f in out}
        for match in _LOOSE_TARGET.finditer(scanned):
            target = html.unescape(match.group(1))
            image = match.start() > 0 and scanned.rfind("![", 0, match.start()) > scanned.rfind("]", 0, match.start())
            scheme = blocked_url(target, image=image)
            if scheme and match.start(1) not in reported:
                reported.add(match.start(1))
                out.append(Finding(match.start(1), f"link to a {scheme}: URL runs or hides code in the visitor's browser; link to an https: page or a file of the site"))
    if "{" in scanned:
        out += _attr_list_findings(scanned)
    return sorted(out, key=lambda f: f.offset)


def _unescaped_lt(text: str) -> str:
    r"""``\<`` is a literal "<" in Markdown, never a tag: hide it from the tokenizer
    (same length, so offsets hold)."""
    return text.replace("\\<", "\\ ") if "\\<" in text else text


class _Tokens(HTMLParser):
    """Start tags with their attributes (names lowercased, values decoded) and where
    each starts, from the standard library's tokenizer."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.found: list[Finding] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
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
            elif name in URL_ATTRIBUTES and value:
                for candidate in _urls(name, value):
                    scheme = blocked_url(candidate, image=tag == "img" and name in ("src", "srcset"))
                    if scheme:
                        self.found.append(Finding(where, f"{name}= on <{tag}> holds a {scheme}: URL, which runs or hides code; use an https: or relative URL"))
                        break


def _urls(name: str, value: str) -> list[str]:
    """The URLs of an attribute: srcset lists several, each before its size."""
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
        tokens.close()
    except Exception:  # noqa: BLE001 - html.parser is tolerant; anything else is reported, not raised
        tokens.found.append(Finding(0, "the page's HTML cannot be read; simplify the raw HTML"))
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
