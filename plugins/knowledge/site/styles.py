"""The site's one stylesheet: ours plus what each feature adds, in one file.

Every page used to load four stylesheets (Material's, ours, the assistant's, the
comparison tables'): each is a request that blocks the first paint. Now a page loads
Material's and this one. The parts keep their order (the site's rules first, then
each feature's in the order the features load) and each is preceded by a comment
naming it, so a rule found in the browser's inspector is easy to trace back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

SITE_CSS = Path(__file__).resolve().parent.parent / "assets" / "site" / "knowledge.css"


def site_stylesheet(feature_parts: Iterable[tuple[str, str]]) -> str:
    """The stylesheet's text: knowledge.css, then each ``(name, css)`` that is not empty."""
    parts = [("site", SITE_CSS.read_text(encoding="utf-8"))]
    parts += [(name, css) for name, css in feature_parts if css.strip()]
    return "".join(f"/* ---- knowledge: {name} ---- */\n{css.rstrip()}\n\n" for name, css in parts)
