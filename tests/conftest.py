"""Shared test fixtures: real MkDocs builds, a local HTTP server, headless Chromium.

Nothing here fakes a part under test: builds run MkDocs on real files, the browser
is Debian's Chromium driven by Playwright (``playwright install`` cannot download
browsers here, so ``CHROMIUM`` or ``/usr/bin/chromium`` is used).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import logging
import os
import shutil
import socketserver
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        raise RuntimeError(
            "Chromium not found: install Debian's package (apt-get install chromium) or set CHROMIUM; "
            "`make test` installs it when run as root"
        )
    return path


@dataclass
class BuildResult:
    site_dir: Path
    log: list[logging.LogRecord]

    def read(self, rel: str) -> str:
        return (self.site_dir / rel).read_text(encoding="utf-8")

    def messages(self, level: int = logging.WARNING) -> list[str]:
        return [r.getMessage() for r in self.log if r.levelno >= level]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def mkdocs_build(config_file: Path | str, site_dir: Path | str, *, strict: bool = False, command: str = "build", dirty: bool = False, **overrides) -> BuildResult:
    """Run a real ``mkdocs build`` in-process; MkDocs' log records are captured.

    ``command="serve"`` starts the plugins as `mkdocs serve` does before its builds
    (``dirty=True``: as `mkdocs serve --dirty`, which keeps ``site_dir``).
    Raises what MkDocs raises (``Abort``/``PluginError``) on a failed build, so
    tests can assert on the error text (see :func:`failed_build`).
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=strict, **overrides)
        config.plugins.on_startup(command=command, dirty=dirty)
        try:
            build(config, dirty=dirty)
        finally:
            config.plugins.on_shutdown()
    finally:
        logger.removeHandler(capture)
    return BuildResult(Path(site_dir), capture.records)


def failed_build(config_file: Path | str, site_dir: Path | str, **overrides) -> tuple[BaseException, str]:
    """Run a build that must fail: what MkDocs raised, and the errors it logged first
    (a plugin's full report; the exception itself is a short Abort)."""
    from mkdocs.exceptions import Abort, PluginError

    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        with pytest.raises((PluginError, Abort)) as failure:
            mkdocs_build(config_file, site_dir, **overrides)
    finally:
        logger.removeHandler(capture)
    return failure.value, "\n".join(r.getMessage() for r in capture.records if r.levelno >= logging.ERROR)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> BuildResult:
    """The repository's own sample site, built once per test session."""
    out = tmp_path_factory.mktemp("sample-site")
    return mkdocs_build(REPO / "mkdocs.yml", out / "site")


@pytest.fixture(scope="session")
def sample_site_flat(tmp_path_factory) -> BuildResult:
    """The sample site without directory URLs, as it is opened from file://."""
    return mkdocs_build(REPO / "mkdocs.yml", tmp_path_factory.mktemp("sample-flat") / "site", use_directory_urls=False)


@pytest.fixture(scope="session")
def faq_fixture_site(tmp_path_factory) -> BuildResult:
    """tests/faq/site: answers with relative links and hostile markup."""
    return mkdocs_build(REPO / "tests" / "faq" / "site" / "mkdocs.yml", tmp_path_factory.mktemp("faq-fixture") / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:  # keep test output clean
        pass


def headers_file(site_dir: Path) -> dict[str, str]:
    """The headers a built site's ``_headers`` sets on every path (its ``/*`` block),
    as Netlify or Cloudflare Pages would send them."""
    out: dict[str, str] = {}
    in_block = False
    for line in (Path(site_dir) / "_headers").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            in_block = line.strip() == "/*"
        elif in_block:
            name, _, value = line.strip().partition(":")
            out[name.strip()] = value.strip()
    return out


@contextlib.contextmanager
def serve_directory(directory: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL."""
    handler = type("Handler", (_QuietHandler,), {"extra_headers": dict(headers or {})})
    factory = functools.partial(handler, directory=str(directory))
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), factory) as server:
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}/"
        finally:
            server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Playwright, Debian's binary)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def tab_until(page, predicate_js: str, *, key: str = "Tab", limit: int = 300) -> None:
    """Press ``key`` until the focused element ``el`` satisfies ``predicate_js``;
    fails the test if it never does within ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"(el => {predicate_js})(document.activeElement)"):
            return
    pytest.fail(f"{key} never reached an element with {predicate_js}")


# --- the assistant on the served sample site (FAQ and accessibility browser tests) ---

LAUNCHER = ".knowledge-assistant__launcher"
PANEL = "#knowledge-assistant-panel"
INPUT = "#knowledge-assistant-input"
BOT_MESSAGES = "[role=log] .knowledge-assistant__msg--bot"


@pytest.fixture(scope="session")
def served(sample_site) -> Iterator[str]:
    """The built sample site on a local HTTP server (base URL ends with '/')."""
    with serve_directory(sample_site.site_dir) as base:
        yield base


def open_assistant(page) -> None:
    page.click(LAUNCHER)
    page.wait_for_selector(f"{PANEL}:not([hidden])")


def ask(page, query: str) -> Any:
    """Types ``query`` in the assistant, presses Enter; returns the bot's reply."""
    before = page.locator(BOT_MESSAGES).count()
    page.fill(INPUT, query)
    page.press(INPUT, "Enter")
    page.wait_for_function(f"n => document.querySelectorAll({BOT_MESSAGES!r}).length > n", arg=before)
    return page.locator(BOT_MESSAGES).last
