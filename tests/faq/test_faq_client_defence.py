"""The assistant's second line of defence, tested on its own.

The build sanitizes every answer (tests/faq/test_faq_render.py). Here the index the
browser downloads is tampered with in transit (a compromised host, a stale cache),
so that hostile HTML reaches the assistant unsanitized: it must still insert only
allowlisted elements, drop event handlers, and refuse javascript:, data: and
protocol-relative links.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import serve_directory

from knowledge.matcher.index import read_index_script

pytestmark = pytest.mark.browser

POST = "es/blog/fine-tuning-when-worth-it/"
COST_ID = "fine-tuning-cost"
HOSTILE = (
    '<p>Hola <img src=x onerror="window.__pwned=1"> <b onclick="window.__pwned=2">negrita</b></p>'
    '<script>window.__pwned=3</script><style>body{display:none}</style>'
    '<a href="javascript:window.__pwned=4">js</a> <a href="//evil.example/x">prot</a> '
    '<a href="data:text/html,hi">data</a> <a href="https://ok.example/">ok</a> '
    '<a href="contact/">relative</a><iframe src="https://evil.example/"></iframe>'
    '<svg onload="window.__pwned=5"></svg>'
)


def tampered(script: str) -> str:
    index = read_index_script(script)
    index["entries"][COST_ID]["a"] = HOSTILE
    head = script[: script.index("=", script.index('["es"]')) + 1]
    return f"{head} {json.dumps(index, ensure_ascii=False)};\n"


def test_hostile_answer_html_from_a_tampered_index_is_inert(sample_site, browser):
    original = (sample_site.site_dir / "assets/knowledge/faq-index.es.js").read_text(encoding="utf-8")
    body = tampered(original)
    assert read_index_script(body)["entries"][COST_ID]["a"] == HOSTILE
    with serve_directory(sample_site.site_dir) as base:
        context = browser.new_context()
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route(re.compile(r".*/faq-index\.es\.js$"), lambda route: route.fulfill(status=200, content_type="text/javascript", body=body))
        page.goto(base + POST)
        page.click(".knowledge-assistant__launcher")
        page.fill("#knowledge-assistant-input", "cuanto cuesta el fine tuning")
        page.press("#knowledge-assistant-input", "Enter")
        reply = page.locator("[role=log] [data-entry='fine-tuning-cost']")
        reply.wait_for()
        page.wait_for_timeout(300)  # let any injected handler fire, if one slipped through
        html = reply.inner_html()
        hrefs = reply.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert page.evaluate("window.__pwned") is None
        assert dialogs == []
        for tag in ("<img", "<script", "<style", "<iframe", "<svg"):
            assert tag not in html
        assert "onerror" not in html and "onclick" not in html and "onload" not in html
        assert "negrita" in reply.inner_text()  # the text survives, the markup does not
        assert not any(h and (h.startswith(("javascript:", "data:")) or "evil.example" in h) for h in hrefs), hrefs
        assert "https://ok.example/" in hrefs
        assert any(h and h.endswith("/es/contact/") for h in hrefs), hrefs  # relative to the language root
        context.close()
