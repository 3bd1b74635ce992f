"""The one-line marker that embeds a comparison in an article.

An article embeds a table with an HTML comment alone on its line::

    <!-- comparison: rag-vs-fine-tuning -->

Rules (documented for editors in ``knowledge.tables``):

- the comment is the only thing on its line, indented by at most three spaces
  (a line indented by four or more is Markdown code, or a list continuation);
- markers inside fenced code blocks (``` or ~~~, any length of three or more)
  are examples, never expanded; so are lines of indented code;
- anywhere else, an HTML comment is invisible if the plugin does not run, so
  the source stays valid Markdown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

MARKER = re.compile(r"^(?P<indent> {0,3})<!--\s*comparison\s*:\s*(?P<id>\S*?)\s*-->\s*$")
_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Marker:
    """A marker found in a Markdown body. ``line`` is 0-based within the body, ``col`` 1-based."""

    line: int
    col: int
    comparison_id: str


def body_lines(markdown: str) -> list[str]:
    """Lines as editors count them: split on newlines only (not on form feeds or
    Unicode separators, which ``str.splitlines`` also breaks on)."""
    return [line.removesuffix("\r") for line in markdown.split("\n")]


def find_markers(markdown: str) -> Iterator[Marker]:
    """Markers outside fenced code, in order.

    Indented code needs no tracking: a marker indented by four spaces or a tab is
    not a marker at all.
    """
    fence: str | None = None  # the opening fence while inside a fenced block
    for number, line in enumerate(body_lines(markdown)):
        match = _FENCE.match(line)
        if fence is not None:
            # A closing fence uses the same character, is at least as long, and has no info string.
            if match and match.group("fence")[0] == fence[0] and len(match.group("fence")) >= len(fence) and not match.group("info").strip():
                fence = None
            continue
        # Fences may be indented (inside list items); a backtick fence's info string has no backtick.
        if match and not (match.group("fence")[0] == "`" and "`" in match.group("info")):
            fence = match.group("fence")
            continue
        marker = MARKER.match(line)
        if marker:
            yield Marker(number, len(marker.group("indent")) + 1, marker.group("id"))


def expand_markers(markdown: str, render: Callable[[Marker], str | None]) -> tuple[str, list[tuple[Marker, str | None]]]:
    """Replace each marker for which ``render(marker)`` returns HTML.

    The HTML becomes its own block, with blank lines around it, so Markdown keeps
    it as raw HTML. Returns the new text and each marker with what replaced it
    (``None`` when ``render`` declined and the marker stayed as it was).
    """
    lines = markdown.split("\n")
    outcomes: list[tuple[Marker, str | None]] = []
    for marker in find_markers(markdown):
        html = render(marker)
        outcomes.append((marker, html))
        if html is not None:
            lines[marker.line] = f"\n{html}\n"
    return "\n".join(lines), outcomes
