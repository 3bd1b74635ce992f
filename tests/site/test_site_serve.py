"""A real `mkdocs serve` of a small site: both languages, drafts, per-language
search, rebuilds when the FAQ folder or the data files change, and a broken front
matter that is reported in the log without stopping the server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, Iterator

import pytest
import yaml
from conftest import REPO
from site_fixtures import page, post, write_site

MKDOCS = Path(REPO / ".venv" / "bin" / "mkdocs")
START_TIMEOUT = 60.0
REBUILD_TIMEOUT = 45.0

COMPARISONS = """\
comparisons:
  - id: a-vs-b
    caption: {es: "Tabla original", en: "Original table"}
    options:
      - id: a
        label: {es: Opción A, en: Option A}
      - id: b
        label: {es: Opción B, en: Option B}
    criteria:
      - id: cost
        label: {es: Costo, en: Cost}
        cells:
          a: {es: Bajo, en: Low}
          b: {es: Alto, en: High}
"""

TOPICS = "general:\n  es: General\n  en: General\n"

FAQ_ENTRY = """\
topic: general
articles: []
related: []
es:
  question: "¿Cuánto tarda un proyecto típico?"
  answer: "Entre cuatro y ocho semanas."
en:
  question: "How long does a typical project take?"
  answer: "Between four and eight weeks."
"""

FILES = {
    "es/index.md": page("Inicio", "Bienvenidos."),
    "en/index.md": page("Home", "Welcome."),
    "es/blog/listo.md": post("Listo", "2026-01-01", body="<!-- comparison: a-vs-b -->\n\nTexto sobre LoRA."),
    "en/blog/listo.md": post("Ready", "2026-01-01", body="<!-- comparison: a-vs-b -->\n\nText about LoRA."),
    "es/blog/borrador.md": post("Borrador en curso", "2026-02-01", extra="draft: true\n"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 10.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(condition: Callable[[], bool], timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}; server log:\n{log.read_text(encoding='utf-8', errors='replace')[-4000:]}")


class Served:
    def __init__(self, root: Path, base: str, log: Path, process: subprocess.Popen) -> None:
        self.root, self.base, self.log, self.process = root, base, log, process

    def get(self, path: str) -> tuple[int, str]:
        return fetch(self.base + path)

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def rebuilds(self) -> int:
        return self.log_text().count("Building documentation...")

    def edit_and_wait(self, rel: str, change: Callable[[str], str], path: str, expected: str) -> None:
        """Edit a file of the site, then wait until ``path`` serves ``expected``."""
        file = self.root / rel
        file.write_text(change(file.read_text(encoding="utf-8")), encoding="utf-8")
        wait_for(lambda: expected in self.get(path)[1], REBUILD_TIMEOUT, f"{expected!r} at {path} after editing {rel}", self.log)
        assert self.process.poll() is None


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("serve")
    write_site(root, FILES)
    (root / "content/comparisons.yml").write_text(COMPARISONS, encoding="utf-8")
    (root / "faq").mkdir()
    (root / "faq/_topics.yml").write_text(TOPICS, encoding="utf-8")
    (root / "faq/project-length.yml").write_text(FAQ_ENTRY, encoding="utf-8")
    port = free_port()
    log = root / "serve.log"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(MKDOCS), "serve", "-a", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml")],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    served = Served(root, f"http://127.0.0.1:{port}/blog/", log, process)  # site_url's sub-path
    try:
        wait_for(lambda: served.get("es/")[0] == 200 or process.poll() is not None, START_TIMEOUT, "mkdocs serve to start", log)
        assert process.poll() is None, served.log_text()
        yield served
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C first, so MkDocs removes its temporary site folder; then harder."""
    for signal_process in (lambda: process.send_signal(signal.SIGINT), process.terminate, process.kill):
        if process.poll() is not None:
            return
        signal_process()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            continue


def test_both_languages_and_drafts_are_served(served):
    status, es = served.get("es/")
    assert status == 200 and '<html lang="es"' in es and "Borrador en curso" in es
    status, en = served.get("en/")
    assert status == 200 and '<html lang="en"' in en
    status, draft = served.get("es/blog/borrador/")
    assert status == 200 and 'class="knowledge-badge">Borrador</span>' in draft
    status, faq = served.get("es/faq/")
    assert status == 200 and "¿Cuánto tarda un proyecto típico?" in faq
    # An unknown URL gets the 404 page of its language folder, as a static host serves it.
    for lang, title in (("en", "Page not found"), ("es", "Página no encontrada")):
        status, missing = served.get(f"{lang}/404-is-not-a-page/")
        assert status == 404 and f'<html lang="{lang}"' in missing and title in missing
    status, missing = served.get("no-language/")
    assert status == 404 and '<html lang="es"' in missing  # the root 404, in the default language


def test_search_index_per_language_under_serve(served):
    for lang, text in (("es", "Texto sobre LoRA."), ("en", "Text about LoRA.")):
        status, body = served.get(f"{lang}/search/search_index.json")
        assert status == 200
        index = json.loads(body)
        assert index["config"]["lang"] == [lang]
        assert any(text in doc["text"] for doc in index["docs"])
        assert not any(doc["location"].startswith(("es/", "en/")) for doc in index["docs"])
    _, page_html = served.get("es/blog/listo/")
    assert '"base":"../../../es/"' in page_html


def test_data_files_and_faq_folder_trigger_rebuilds(served):
    served.edit_and_wait("content/authors.yml", lambda text: text.replace("Ana Gómez", "Ana María Gómez"), "es/blog/listo/", "Ana María Gómez")
    served.edit_and_wait("content/comparisons.yml", lambda text: text.replace("Tabla original", "Tabla cambiada"), "es/blog/listo/", "Tabla cambiada")
    served.edit_and_wait("faq/project-length.yml", lambda text: text.replace("¿Cuánto tarda un proyecto típico?", "¿Cuánto dura un proyecto?"), "es/faq/", "¿Cuánto dura un proyecto?")


def test_broken_front_matter_is_reported_and_the_server_recovers(served):
    target = served.root / "content/es/blog/listo.md"
    good = target.read_text(encoding="utf-8")
    before = served.rebuilds()
    target.write_text(good.replace("date: 2026-01-01", "date: 2026-13-45"), encoding="utf-8")
    wait_for(lambda: "content/es/blog/listo.md:4:7: [error] date:" in served.log_text(), REBUILD_TIMEOUT, "the problem in the log", served.log)
    assert served.rebuilds() > before
    assert served.process.poll() is None, "the server survived the failed rebuild"
    assert "Traceback" not in served.log_text()
    # MkDocs holds page requests while the build is broken ("the server will appear
    # stuck until build errors are resolved"); a request made now is answered once
    # the editor fixes the file, with the fixed page.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(fetch, served.base + "es/blog/listo/", REBUILD_TIMEOUT)
        time.sleep(1.0)
        assert not pending.done()
        target.write_text(good.replace('title: "Listo"', 'title: "Listo otra vez"'), encoding="utf-8")
        status, fixed = pending.result(timeout=REBUILD_TIMEOUT + 5)
    assert status == 200 and "Listo otra vez" in fixed
    assert served.process.poll() is None


TRAINED = "knowledge: trained the FAQ assistant's matcher"


def test_an_article_edit_rebuilds_without_training_again(served):
    trained = served.log_text().count(TRAINED)
    assert trained >= 1, "the first build trains the FAQ's model (and says so)"
    before = served.rebuilds()
    served.edit_and_wait(
        "content/en/blog/listo.md", lambda text: text.replace("Text about LoRA.", "Text about LoRA, edited."), "en/blog/listo/", "Text about LoRA, edited."
    )
    assert served.rebuilds() > before
    assert served.log_text().count(TRAINED) == trained  # the FAQ did not change: no training
    assert "¿Cuánto" in served.get("es/faq/")[1]


def test_a_serve_rebuild_reuses_what_did_not_change(tmp_path, monkeypatch):
    """Rebuilds as `mkdocs serve` runs them: one process, one plugin instance (MkDocs
    keeps it), the same project built again after an edit."""
    from conftest import mkdocs_build
    from mkdocs.config.defaults import MkDocsConfig

    import knowledge.faq.feature as faq_feature
    import knowledge.matcher.cache as cache

    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})  # a new `mkdocs serve` process…
    monkeypatch.setattr(cache, "_memory", type(cache._memory)())
    monkeypatch.setenv("KNOWLEDGE_CACHE", "0")  # …with nothing on disk: only what the server remembers counts
    root = tmp_path / "project"
    config = write_site(root, FILES)
    (root / "content/comparisons.yml").write_text(COMPARISONS, encoding="utf-8")
    (root / "faq").mkdir()
    (root / "faq/_topics.yml").write_text(TOPICS, encoding="utf-8")
    (root / "faq/project-length.yml").write_text(FAQ_ENTRY, encoding="utf-8")
    first = mkdocs_build(config, tmp_path / "site1", command="serve")
    plugin = MkDocsConfig.plugins.plugin_cache["knowledge"]
    real_load, real_train = faq_feature.load_faq_and_topics, cache.train

    def refuse(*args, **kwargs):
        raise AssertionError("the FAQ did not change: it must not be loaded or trained again")

    monkeypatch.setattr(faq_feature, "load_faq_and_topics", refuse)
    monkeypatch.setattr(cache, "train", refuse)
    monkeypatch.setattr(cache, "_memory", type(cache._memory)())  # not even the model in memory: the feature keeps its index
    article = root / "content/en/blog/listo.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Text about LoRA.", "Text about LoRA, edited."), encoding="utf-8")
    second = mkdocs_build(config, tmp_path / "site2", command="serve")
    assert "Text about LoRA, edited." in second.read("en/blog/listo/index.html")
    for same in ("es/faq/index.html", "assets/knowledge/faq-index.es.js", "assets/knowledge/faq-index.en.js"):
        assert second.read(same) == first.read(same)
    assert (plugin.memo.hits, plugin.memo.misses) == (len(FILES) - 1, 1)  # only the edited page was parsed again

    # An FAQ edit is never served stale.
    monkeypatch.setattr(faq_feature, "load_faq_and_topics", real_load)
    monkeypatch.setattr(cache, "train", real_train)
    entry = root / "faq/project-length.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("¿Cuánto tarda un proyecto típico?", "¿Cuánto dura un proyecto?"), encoding="utf-8")
    third = mkdocs_build(config, tmp_path / "site3", command="serve")
    assert "¿Cuánto dura un proyecto?" in third.read("es/faq/index.html")
    assert "¿Cuánto dura un proyecto?" in third.read("assets/knowledge/faq-index.es.js")


def test_a_dirty_serve_rebuild_renders_only_the_generated_pages_that_changed(tmp_path, monkeypatch):
    """`mkdocs serve --dirty`: one plugin instance, one site folder kept between builds.
    An article body edit re-renders that article and leaves the listings' files as
    they were; a title edit re-renders every listing that shows the title, the home
    page's included (its own file did not change)."""
    import os
    from conftest import mkdocs_build
    from mkdocs.config.defaults import MkDocsConfig

    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})  # a new `mkdocs serve --dirty` process
    files = dict(FILES)
    files["es/blog/otro.md"] = post("Otro artículo", "2026-01-02", body="Segundo texto.")
    root = tmp_path / "project"
    config = write_site(root, files)
    (root / "content/comparisons.yml").write_text(COMPARISONS, encoding="utf-8")
    site = tmp_path / "site"
    mkdocs_build(config, site, command="serve", dirty=True)
    # The pages that list the post: the home page, its category's and its tag's.
    posts = {site / "es/blog" / name for name in ("listo", "otro", "borrador")}
    listings = sorted(path for path in (site / "es").rglob("index.html") if path.parent not in posts and "Otro artículo" in path.read_text(encoding="utf-8"))
    assert {path.relative_to(site).as_posix() for path in listings} >= {"es/index.html", "es/category/ia/index.html", "es/tag/llm/index.html"}
    written = {path: path.stat().st_mtime_ns for path in listings}

    article = root / "content/es/blog/listo.md"
    article.write_text(article.read_text(encoding="utf-8").replace("Texto sobre LoRA.", "Texto sobre LoRA, corregido."), encoding="utf-8")
    mkdocs_build(config, site, command="serve", dirty=True)
    assert "Texto sobre LoRA, corregido." in (site / "es/blog/listo/index.html").read_text(encoding="utf-8")
    assert {path: path.stat().st_mtime_ns for path in listings} == written  # nothing they show changed

    other = root / "content/es/blog/otro.md"
    other.write_text(other.read_text(encoding="utf-8").replace("Otro artículo", "Otro artículo, renombrado"), encoding="utf-8")
    mkdocs_build(config, site, command="serve", dirty=True)
    for path in listings:
        assert "Otro artículo, renombrado" in path.read_text(encoding="utf-8"), path
        assert path.stat().st_mtime_ns != written[path]
    assert os.path.isfile(site / "es/blog/otro/index.html")
