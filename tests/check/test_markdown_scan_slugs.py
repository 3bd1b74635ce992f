"""The check's heading slugs are Python-Markdown's, without importing Markdown at run time."""

from __future__ import annotations

import random

from markdown.extensions.toc import slugify as markdown_slugify
from markdown.extensions.toc import slugify_unicode as markdown_slugify_unicode

from knowledge.check.markdown_scan import slugify, slugify_unicode

HEADINGS = [
    "Primera parte", "¿Qué es RAG?", "Fine-tuning vs. RAG", "  spaced   out  ", "Ñandú & Cía.",
    "C++ / C#", "日本語の見出し", "Ünïcödé — dashes – and ‒ more", "snake_case_name", "tab\there",
    "", "---", "100% ok!", "emoji 😀 here", "ﬁ ligature", "İstanbul", "a-b--c---d", "x\u00a0y",
]


def test_slugs_equal_python_markdowns() -> None:
    rng = random.Random(5)
    pieces = HEADINGS + [chr(c) for c in range(0x20, 0x250)] + ["\u0301", "\u2003", "\u200b", "-", " ", "_"]
    samples = HEADINGS + ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 8))) for _ in range(5000)]
    for text in samples:
        assert slugify(text) == markdown_slugify(text, "-"), repr(text)
        assert slugify_unicode(text) == markdown_slugify_unicode(text, "-"), repr(text)


def test_atx_heading_scan_equals_the_patterns_own_scan() -> None:
    from knowledge.check import markdown_scan as md

    rng = random.Random(9)
    pieces = ["# ", "## ", "### Title", "   # three", "    # four", "#", "#no-space", "text # not", "\n", "\n\n", " ", "\t# tab", "word", "#tag", "## closed ##", "\r\n"]
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 15)))
        expected = [(m.start(), m.end(), m.group("text")) for m in md._ATX_HEADING.finditer(text)]
        assert [(m.start(), m.end(), m.group("text")) for m in md._atx_headings(text)] == expected, repr(text)


def test_setext_heading_scan_equals_the_patterns_own_scan() -> None:
    from knowledge.check import markdown_scan as md

    rng = random.Random(10)
    pieces = ["Title", "---", "===", "-", "=", "   ---", "    ---", "--- ", "---\t", "- item", "text -", "\n", "\n\n", " ", "\t", "\u00a0", "\r", "== ==", "x"]
    for _ in range(6000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 14)))
        expected = [(m.start(), m.group("text")) for m in md._SETEXT_HEADING.finditer(text)]
        assert md._setext_headings(text) == expected, repr(text)
