"""``fold`` (SPEC.md §2) against the specification read literally, one character at
a time: the shipped implementation does the same work in C (``str.translate``)."""

from __future__ import annotations

import random
import sys
import unicodedata

from knowledge.matcher.text import fold


def fold_by_the_letter(text: str) -> str:
    """SPEC.md §2 steps 1-4, character by character."""
    out: list[str] = []
    pending_space = False
    for ch in unicodedata.normalize("NFKD", text.lower()):
        category = unicodedata.category(ch)
        if category[0] == "M":
            continue
        if category[0] in ("L", "N"):
            if pending_space and out:
                out.append(" ")
            pending_space = False
            out.append(ch)
        else:
            pending_space = True
    return "".join(out)


def test_no_letter_or_number_is_whitespace() -> None:
    """What makes ``fold``'s final ``split()`` split only where the table put spaces."""
    bad = [
        hex(code) for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code))[0] in "LN" and chr(code).isspace()
    ]
    assert bad == []


def test_fold_follows_the_spec_on_every_code_point() -> None:
    # Every code point, in runs (so neighbours interact: marks after letters,
    # punctuation between words), then realistic and random mixed strings.
    points = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(points), 4096):
        chunk = "".join(points[start:start + 4096])
        assert fold(chunk) == fold_by_the_letter(chunk), hex(ord(chunk[0]))
    rng = random.Random(7)
    pieces = ["¿Cuánto", "CUESTA", "ﬁne-tuning", "Ñandú", "İstanbul", "ΣΊΣΥΦΟΣ", "  ", "\t", "\u00a0", "—", "e\u0301", "１２３", "😀", "_", "…", "a\u200bb"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces + [chr(rng.randrange(0x20, 0x3000))]) for _ in range(rng.randrange(0, 12)))
        assert fold(text) == fold_by_the_letter(text), repr(text)
