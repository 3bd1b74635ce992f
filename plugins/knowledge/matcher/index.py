"""The index file shipped to browsers, one per page language (SPEC.md §5, §12).

A classic script, so it loads from ``file://`` too (no fetch, no JSON MIME type)::

    (self.KnowledgeFaqIndex = self.KnowledgeFaqIndex || {})["es"] = {"spec":3,"matcher":{…},"entries":{…}};

``matcher`` is what ``matcher.js`` opens (:func:`shipped_matcher`): for a small FAQ
the trained model itself (spec 2, the most compact form, compiled in the browser in
a few milliseconds); above ``READY_ABOVE_CHARS`` of training text, the ready index
(:func:`browser_index`, spec 3), where what the model leaves for the reader to
rebuild from every text (feature numbering, document frequencies, postings) is
computed once, here, so the browser opens it without a pass over the texts.
``entries`` is display data per id, opaque to the matcher (the FAQ feature puts
question, rendered answer and URL there).
"""

from __future__ import annotations

import json
import re

from knowledge.matcher.engine import DIGITS, INDEX_SPEC, LEVEL_OFFSET, SHORT_LEVELS, SPEC_VERSION, ModelError, digits_of_varint, shared_matcher
from knowledge.matcher.text import STOPWORDS

_LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_PREFIX = "(self.KnowledgeFaqIndex = self.KnowledgeFaqIndex || {})["
_SCRIPT_RE = re.compile(r'^\(self\.KnowledgeFaqIndex = self\.KnowledgeFaqIndex \|\| \{\}\)\["([^"]+)"\] = (.*);\s*$', re.S)
#: Separators of the index's packed strings; folded text holds only letters, numbers and single spaces.
#: Above this many characters of training text (the model's folded texts, all entries),
#: the index ships ready (spec 3). Compiling the model in the browser costs about
#: 0.4-1 ms per 1,000 characters (15 ms for MASSIVE's 15,000, 170 ms for the synthetic
#: 1,000-entry FAQ's 394,000; Node, best of 8 on the shared 2-core dev machine); the
#: ready index opens in 15 ms at that size but weighs 1.7-3.2 times as much gzipped.
#: Every benchmark set (CLINC150: 29,867) stays below, so its index is unchanged
#: (SPEC.md §12).
READY_ABOVE_CHARS = 50_000
GRAM_SEPARATOR = "|"
TEXT_SEPARATOR = "|"


def _json(value: object) -> str:
    # Compact and deterministic. The file is loaded with <script src>, never
    # inlined, so only the two line separators that older JS engines reject
    # inside string literals are escaped.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def posting_digits(gap: int, level: int) -> str:
    """One posting (entry gap, non-zero level) as index digits (SPEC.md §12).

    Short form, one digit below 32, for a gap below 8 and one of the four commonest
    levels: ``gap * 4 + SHORT_LEVELS.index(level)`` (most postings of a large FAQ).
    Long form: the digit ``32 + level + 15``, then the gap as a packed integer.
    """
    if gap < 8 and level in SHORT_LEVELS:
        return DIGITS[gap * 4 + SHORT_LEVELS.index(level)]
    return DIGITS[32 + level + LEVEL_OFFSET] + digits_of_varint(gap)


def _utf16_order(text: str) -> bytes:
    """Sort key giving JavaScript's string order (UTF-16 code units), so both engines agree on it."""
    return text.encode("utf-16-be", "surrogatepass")


def browser_index(model: dict) -> dict:
    """The query-ready index (spec 3) of a trained spec-2 model; both engines read it (SPEC.md §12)."""
    if model.get("spec") != SPEC_VERSION:
        raise ModelError(f"matcher model has spec {model.get('spec')!r}, this code indexes spec {SPEC_VERSION}")
    reference = shared_matcher(model)
    c = reference.compiled
    grams = sorted(c.char_id, key=_utf16_order)
    # Index feature numbering: char features in gram order, then word features as numbered (SPEC.md §3).
    order = [c.char_id[g] for g in grams] + list(range(c.n_char, c.n_char + c.n_word))
    postings = []
    for f in order:
        entries = reference.postings[f]
        packed = [digits_of_varint(c.df[f]), digits_of_varint(len(entries))]
        previous = -1
        for e, level in entries:
            packed.append(posting_digits(e - previous - 1, level))
            previous = e
        postings.append("".join(packed))
    words = [(s, n) for s, n in zip(c.surfaces, c.surface_freq) if s not in STOPWORDS]
    return {
        "spec": INDEX_SPEC,
        "tunables": model["tunables"],
        "ids": model["ids"],
        "scale": model["scale"],
        "bias": model["bias"],
        "stems": model.get("stems", []),
        "words": " ".join(s for s, _ in words),
        "wordTexts": "".join(digits_of_varint(n) for _, n in words),
        "grams": GRAM_SEPARATOR.join(grams),
        "postings": " ".join(postings),
        # Last, so that in the script the texts sit next to the display data (SPEC.md §5 "Size").
        "texts": [TEXT_SEPARATOR.join(texts) for texts in model["texts"]],
    }


def shipped_matcher(model: dict, ready_above_chars: int = READY_ABOVE_CHARS) -> dict:
    """What the index script carries for the matcher: the model (small FAQ) or its ready index (SPEC.md §12)."""
    text_chars = sum(len(text) for texts in model.get("texts", []) for text in texts)
    return browser_index(model) if text_chars > ready_above_chars else model


def shipped_matcher_json(model: dict, ready_above_chars: int = READY_ABOVE_CHARS) -> str:
    """:func:`shipped_matcher` as the index script writes it."""
    return _json(shipped_matcher(model, ready_above_chars))


def index_script(model: dict, display: dict, lang: str, ready_above_chars: int = READY_ABOVE_CHARS, matcher_json: str | None = None) -> str:
    """The ``.js`` index for one page language, from the trained model.

    ``matcher_json`` is :func:`shipped_matcher_json` of ``model`` when the caller
    already has it: every language of a site ships the same matcher (megabytes of
    JSON at thousands of entries), and only the display data differs. The payload is
    ``{"spec", "matcher", "entries"}`` as ``_json`` writes that dict."""
    if not _LANG_RE.match(lang):
        raise ValueError(f"language code {lang!r} is not a BCP 47 tag such as 'es' or 'en'")
    if matcher_json is None:
        matcher_json = shipped_matcher_json(model, ready_above_chars)
    return f'{_PREFIX}"{lang}"] = {{"spec":{INDEX_SPEC},"matcher":{matcher_json},"entries":{_json(display)}}};\n'


def read_index_script(text: str) -> dict:
    """The payload of an index script, with its language under ``"lang"``."""
    match = _SCRIPT_RE.match(text)
    if not match:
        raise ValueError("not a knowledge FAQ index script")
    payload = json.loads(match.group(2))
    payload["lang"] = match.group(1)
    return payload
