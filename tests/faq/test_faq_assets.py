"""The shipped assistant files: size budget and the sinks they must never use."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "plugins" / "knowledge" / "assets"
BUDGET_GZIP = 15 * 1024  # assistant.js + matcher.js, gzipped (issue 3)


def gzipped_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def test_assistant_and_matcher_fit_the_budget() -> None:
    total = gzipped_size(ASSETS / "assistant.js") + gzipped_size(ASSETS / "matcher.js")
    assert total <= BUDGET_GZIP, f"{total} bytes gzipped; the budget is {BUDGET_GZIP}"


def code_without_comments(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"(?m)^\s*//.*$|\s//\s.*$", "", text)


def test_assistant_js_has_no_html_or_code_sinks() -> None:
    code = code_without_comments(ASSETS / "assistant.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "setTimeout(\"", "setAttribute(\"on", ".onclick", "import("):
        assert sink not in code, sink
    assert "textContent" in code  # visitor text goes through textContent


def test_assistant_js_is_a_classic_script() -> None:
    code = code_without_comments(ASSETS / "assistant.js")
    assert not re.search(r"(?m)^\s*(import|export)\s", code)
    assert code.strip().startswith("(function") and code.strip().endswith("})();")


def test_stylesheet_has_no_inline_or_remote_resources() -> None:
    css = (ASSETS / "assistant.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css and "expression(" not in css
    assert "prefers-reduced-motion" in css
