"""Helpers of the accessibility suite (axe-core and keyboard checks).

One build (the session's ``sample_site``), one Chromium (the session's ``browser``),
pages reused inside each module. axe-core is the copy bundled by the PyPI package
``axe-playwright-python``, injected with ``page.evaluate`` (CDP), never as an inline
``<script>``: it needs no network and a strict CSP does not block it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import INPUT, LAUNCHER, PANEL, ask, open_assistant  # noqa: F401 - re-exported to the a11y tests

POST_KEY = "blog/fine-tuning-when-worth-it"

# Queries the shipped matcher answers, and queries it abstains on while offering
# "did you mean" entries. The matcher is tuned elsewhere in the project, so each
# language has a few out-of-scope candidates: the first that abstains with
# suggestions is used, and the test fails (it never skips) when none does.
ANSWERED = {"es": "cuanto cuesta el fine tuning", "en": "how much does fine tuning cost"}
ABSTAINED_WITH_SUGGESTIONS = {
    "es": ("precio de servidores", "precio del hosting de gpu", "modelo propio barato"),
    "en": ("cheap own model", "gpu hosting price", "servers price"),
}

WIDTHS = {"desktop": (1280, 900), "phone": (360, 740)}


@functools.cache
def axe_source() -> str:
    """axe.min.js as bundled by axe-playwright-python (no network at test time)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def ask_until_abstention_with_suggestions(page, lang: str) -> Any:
    tried = []
    for query in ABSTAINED_WITH_SUGGESTIONS[lang]:
        reply = ask(page, query)
        suggestions = reply.locator(".knowledge-assistant__suggestion").count()
        abstained = reply.get_attribute("data-abstain") is not None
        if abstained and suggestions:
            return reply
        tried.append((query, "abstained" if abstained else "answered", suggestions))
    pytest.fail(f"no query abstained with suggestions ({lang}): {tried}; update ABSTAINED_WITH_SUGGESTIONS")


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    @classmethod
    def of(cls, rect: dict[str, float]) -> "Box":
        return cls(rect["left"], rect["top"], rect["right"], rect["bottom"])

    def intersects(self, other: "Box") -> bool:
        return self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
