"""The index file shipped to browsers, one per page language (SPEC.md §5).

A classic script, so it loads from ``file://`` too (no fetch, no JSON MIME type)::

    (self.KnowledgeFaqIndex = self.KnowledgeFaqIndex || {})["es"] = {"spec":2,"model":{…},"entries":{…}};

``entries`` is display data per id, opaque to the matcher (the FAQ feature puts
question, rendered answer and URL there).
"""

from __future__ import annotations

import json
import re

from knowledge.matcher.engine import SPEC_VERSION

_LANG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_PREFIX = "(self.KnowledgeFaqIndex = self.KnowledgeFaqIndex || {})["
_SCRIPT_RE = re.compile(r'^\(self\.KnowledgeFaqIndex = self\.KnowledgeFaqIndex \|\| \{\}\)\["([^"]+)"\] = (.*);\s*$', re.S)


def _json(value: object) -> str:
    # Compact and deterministic. The file is loaded with <script src>, never
    # inlined, so only the two line separators that older JS engines reject
    # inside string literals are escaped.
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def index_script(model: dict, display: dict, lang: str) -> str:
    """The ``.js`` index for one page language."""
    if not _LANG_RE.match(lang):
        raise ValueError(f"language code {lang!r} is not a BCP 47 tag such as 'es' or 'en'")
    payload = {"spec": SPEC_VERSION, "model": model, "entries": display}
    return f'{_PREFIX}"{lang}"] = {_json(payload)};\n'


def read_index_script(text: str) -> dict:
    """The payload of an index script, with its language under ``"lang"``."""
    match = _SCRIPT_RE.match(text)
    if not match:
        raise ValueError("not a knowledge FAQ index script")
    payload = json.loads(match.group(2))
    payload["lang"] = match.group(1)
    return payload
