"""What the assistant tells the page, in Debian's Chromium: a ``knowledge:question``
event per question, a keyboard-usable "did this answer your question?" control whose
click dispatches ``knowledge:feedback``, both languages, under the strict CSP; and
``assistant.report_url``: one beacon per question and per feedback click to that
endpoint only, allowed by exactly that origin in ``connect-src``. Without it, no
request leaves the site."""

from __future__ import annotations

import contextlib
import html
import http.server
import json
import re
import shutil
import socketserver
import threading
from pathlib import Path

import pytest
from conftest import INPUT, REPO, ask, headers_file, mkdocs_build, open_assistant, serve_directory

pytestmark = pytest.mark.browser

FIXTURE = REPO / "tests" / "faq" / "site"

# Events and CSP violations, recorded from the first byte of the page on (an init
# script runs through the DevTools protocol, outside the page's CSP).
RECORD = """
window.__events = []; window.__violations = [];
for (const type of ['knowledge:question', 'knowledge:feedback'])
  document.addEventListener(type, e => window.__events.push({type: e.type, detail: e.detail}));
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.effectiveDirective + ' ' + e.blockedURI));
"""

FEEDBACK = ".knowledge-assistant__feedback"
BUTTONS = f"{FEEDBACK} button"


def watched(page, base: str) -> list[str]:
    """URLs of every request the page makes outside ``base``."""
    outside: list[str] = []
    page.on("request", lambda r: not r.url.startswith(base) and outside.append(r.url))
    page.add_init_script(RECORD)
    return outside


@contextlib.contextmanager
def collector():
    """A loopback endpoint recording each POST body; yields (url, bodies)."""
    bodies: list[dict] = []
    arrived = threading.Condition()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(204)
            self.end_headers()
            with arrived:
                bodies.append({"content_type": self.headers.get("Content-Type"), "path": self.path, **json.loads(body)})
                arrived.notify_all()

        def log_message(self, *args):
            pass

    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler) as server:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/collect?site=acme", bodies, arrived
        finally:
            server.shutdown()


def wait_for(arrived, bodies, count: int, timeout: float = 10.0) -> None:
    with arrived:
        arrived.wait_for(lambda: len(bodies) >= count, timeout=timeout)
    assert len(bodies) == count, bodies


@pytest.fixture(scope="module")
def served_fixture(faq_fixture_site):
    policy = headers_file(faq_fixture_site.site_dir)["Content-Security-Policy"]
    assert "connect-src" not in policy  # no report_url: the default policy, untouched
    with serve_directory(faq_fixture_site.site_dir, {"Content-Security-Policy": policy}) as base:
        yield base


@pytest.mark.parametrize(
    "lang, answered, question, prompt, yes, thanks",
    [
        ("es", "plazos de entrega", "¿Cuánto tarda un proyecto?", "¿Respondió tu pregunta?", "Sí", "¡Gracias por contarnos!"),
        ("en", "delivery timeline", "How long does a project take?", "Did this answer your question?", "Yes", "Thanks for letting us know!"),
    ],
)
def test_events_and_feedback_by_keyboard(page, served_fixture, lang, answered, question, prompt, yes, thanks):
    outside = watched(page, served_fixture)
    page.goto(f"{served_fixture}{lang}/")
    open_assistant(page)

    reply = ask(page, answered)
    assert reply.get_attribute("data-entry") == "timeline"
    group = reply.locator(FEEDBACK)
    assert group.get_attribute("role") == "group"
    assert page.locator(f"#{group.get_attribute('aria-labelledby')}").inner_text() == prompt
    buttons = reply.locator(BUTTONS)
    assert buttons.all_inner_texts() == [yes, "No"]
    assert buttons.evaluate_all("bs => bs.map(b => b.tagName + ':' + b.type)") == ["BUTTON:button", "BUTTON:button"]

    events = page.evaluate("window.__events")
    assert len(events) == 1 and events[0]["type"] == "knowledge:question"
    detail = events[0]["detail"]
    assert detail["q"] == answered and detail["lang"] == lang and detail["id"] == "timeline"
    assert detail["page"] == f"/{lang}/" and isinstance(detail["score"], float)
    assert detail["top"][0]["id"] == "timeline" and set(detail["top"][0]) == {"id", "score"}

    # Keyboard only: from the input, Shift+Tab walks back to the feedback buttons.
    page.focus(INPUT)
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.dataset.helpful") == "true":
            break
    assert page.evaluate("document.activeElement.textContent") == yes
    page.keyboard.press("Enter")
    page.wait_for_selector(".knowledge-assistant__feedback-thanks")
    assert reply.locator(".knowledge-assistant__feedback-thanks").inner_text() == thanks
    assert reply.locator(FEEDBACK).count() == 0  # answered once: the control is gone
    assert page.evaluate("document.activeElement.id") == INPUT[1:]
    events = page.evaluate("window.__events")
    assert [e["type"] for e in events] == ["knowledge:question", "knowledge:feedback"]
    assert events[1]["detail"] == {**detail, "helpful": True}

    # An out-of-scope question: an event with id null, and no feedback control.
    reply = ask(page, "receta de empanadas" if lang == "es" else "pizza recipe please")
    assert reply.get_attribute("data-abstain") == "" and reply.locator(FEEDBACK).count() == 0
    last = page.evaluate("window.__events")[-1]
    assert last["type"] == "knowledge:question" and last["detail"]["id"] is None

    assert page.evaluate("window.__violations") == []
    assert outside == []  # no report_url: nothing leaves the site


def test_hostile_question_stays_text_in_the_event(page, served_fixture):
    watched(page, served_fixture)
    page.goto(f"{served_fixture}en/")
    open_assistant(page)
    hostile = '<img src=x onerror="window.__pwned=1"> delivery timeline'
    ask(page, hostile)
    reply = ask(page, "how many weeks until it is ready")
    reply.locator(BUTTONS).last.click()  # "No"
    events = page.evaluate("window.__events")
    assert events[0]["detail"]["q"] == hostile
    assert events[2]["type"] == "knowledge:feedback" and events[2]["detail"]["helpful"] is False
    assert events[2]["detail"]["q"] == "how many weeks until it is ready"
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[role=log] img").count() == 0


def test_report_url_sends_one_beacon_per_question_to_that_origin_only(page, tmp_path):
    with collector() as (endpoint, bodies, arrived):
        origin = re.match(r"^http://127\.0\.0\.1:\d+", endpoint).group(0)
        project = tmp_path / "site-src"
        shutil.copytree(FIXTURE, project)
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace("        name: Acme\n", f"        name: Acme\n        report_url: {endpoint}\n"), encoding="utf-8")
        built = mkdocs_build(config, tmp_path / "site")

        policy = headers_file(built.site_dir)["Content-Security-Policy"]
        connect = [d.split() for d in policy.split(";") if d.split() and d.split()[0] == "connect-src"]
        assert connect == [["connect-src", "'self'", origin]]
        meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', built.read("en/index.html")).group(1)
        assert f"connect-src 'self' {origin};" in html.unescape(meta)
        assert f'data-report="{endpoint}"' in html.unescape(built.read("en/index.html"))

        with serve_directory(built.site_dir, {"Content-Security-Policy": policy}) as base:
            outside = watched(page, base)
            page.goto(f"{base}en/")
            open_assistant(page)
            ask(page, "delivery timeline")
            wait_for(arrived, bodies, 1)
            ask(page, "pizza recipe please")
            wait_for(arrived, bodies, 2)
            page.locator(BUTTONS).first.click()  # "Yes" under the first answer
            wait_for(arrived, bodies, 3)
            assert page.evaluate("window.__violations") == []

    events = page.evaluate("window.__events")
    assert [b["event"] for b in bodies] == ["knowledge:question", "knowledge:question", "knowledge:feedback"]
    for body, event in zip(bodies, events):
        assert body["path"] == "/collect?site=acme" and body["content_type"].startswith("text/plain")
        assert {k: v for k, v in body.items() if k not in ("event", "path", "content_type")} == event["detail"]
    assert bodies[0]["id"] == "timeline" and bodies[1]["id"] is None and bodies[2]["helpful"] is True
    assert set(outside) == {endpoint}  # the beacons, and nothing else


def test_an_unusable_report_url_stops_the_build(tmp_path):
    from conftest import failed_build

    project = tmp_path / "site-src"
    shutil.copytree(FIXTURE, project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("        name: Acme\n", "        name: Acme\n        report_url: http://stats.example.com/k\n"), encoding="utf-8")
    _, logged = failed_build(config, tmp_path / "site")
    assert "mkdocs.yml:1:1: [error] plugin option assistant.report_url: 'http://stats.example.com/k': use https://" in logged
