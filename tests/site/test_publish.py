"""A failed build never touches the published folder (knowledge.site.publish).

Each test builds a small real site once, records every byte of the published
folder, then runs a build that fails (a strict warning, a content error, an error
in the middle of writing) or is SIGKILLed at a given moment, and compares.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, failed_build, mkdocs_build
from site_fixtures import page, post, write_site

FILES = {
    "es/index.md": page("Inicio", "Bienvenidos."),
    "en/index.md": page("Home", "Welcome."),
    "es/blog/uno.md": post("Uno", "2026-01-05", body="Primero."),
    "en/blog/uno.md": post("One", "2026-01-05", category="AI", body="First."),
    "es/blog/dos.md": post("Dos", "2026-01-06", body="Segundo."),
    "en/blog/dos.md": post("Two", "2026-01-06", category="AI", body="Second."),
    "assets/x.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
}
NEW_TEXT = {"es/blog/dos.md": post("Dos", "2026-01-06", body="Segundo, reescrito.")}

# A MkDocs hook (a real MkDocs mechanism) that holds the build at one moment: it
# writes a marker, then sleeps until the test kills the process.
PAUSE_HOOK = '''
import os, pathlib, time
from mkdocs.plugins import event_priority

def _pause(moment):
    if os.environ.get("PAUSE_AT") == moment:
        pathlib.Path(os.environ["PAUSE_MARK"]).write_text(moment)
        time.sleep(120)

def on_pre_build(config):
    _pause("pre_build")

def on_env(env, config, files):
    _pause("env")  # after MkDocs emptied the (staging) site folder
    return env

_pages = []

def on_post_page(output, page, config):
    _pages.append(page)
    if len(_pages) == 3:
        _pause("pages")  # two pages written, the rest not
    return output

@event_priority(-100)
def on_post_build(config):
    _pause("post_build")  # everything written, before MkDocs' strict check
'''

FAIL_HOOK = '''
def on_page_content(html, page, config, files):
    if page.file.src_uri == "en/blog/dos.md":
        raise RuntimeError("a plugin broke in the middle of the build")
    return html
'''


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path below ``folder`` with its bytes (None for folders) and mode."""
    out: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        key = f"{path.relative_to(folder)}|{oct(path.stat().st_mode)}"
        out[key] = None if path.is_dir() else path.read_bytes()
    return out


def leftovers(site_dir: Path) -> list[str]:
    return sorted(p.name for p in site_dir.parent.iterdir() if p.name.startswith(f".{site_dir.name}.knowledge-"))


@pytest.fixture
def published(tmp_path):
    """A site built once: (mkdocs.yml, site folder, snapshot of it)."""
    config = write_site(tmp_path / "project", FILES, hooks=[])
    site_dir = tmp_path / "project" / "site"
    mkdocs_build(config, site_dir)
    assert (site_dir / "es/blog/dos/index.html").is_file()
    return config, site_dir, snapshot(site_dir)


def rewrite(config: Path, files: dict[str, str], **mkdocs_options) -> None:
    write_site(config.parent, FILES | files, **mkdocs_options)


def test_a_good_build_replaces_the_site_whole(published) -> None:
    config, site_dir, before = published
    rewrite(config, NEW_TEXT)
    mkdocs_build(config, site_dir, strict=True)
    after = snapshot(site_dir)
    assert after != before and "reescrito" in (site_dir / "es/blog/dos/index.html").read_text(encoding="utf-8")
    assert after.keys() == before.keys()  # same files, same modes
    assert leftovers(site_dir) == []


def test_a_strict_warning_leaves_the_previous_site(published) -> None:
    config, site_dir, before = published
    rewrite(config, {"es/blog/dos.md": post("Dos", "2026-01-06", body="![](../../assets/x.svg)")})
    error, _ = failed_build(config, site_dir, strict=True)
    assert "strict mode" in str(error)
    assert snapshot(site_dir) == before
    assert leftovers(site_dir) == []
    # Without --strict the same content publishes (the warning is only a warning).
    mkdocs_build(config, site_dir)
    assert snapshot(site_dir) != before


def test_a_content_error_leaves_the_previous_site(published) -> None:
    config, site_dir, before = published
    rewrite(config, {"es/blog/dos.md": post("Dos", "2026-01-06", author="nadie")})
    _, logged = failed_build(config, site_dir)
    assert "unknown-author" in logged
    assert snapshot(site_dir) == before
    assert leftovers(site_dir) == []


def test_an_error_in_the_middle_of_writing_leaves_the_previous_site(published) -> None:
    config, site_dir, before = published
    (config.parent / "fail_hook.py").write_text(FAIL_HOOK, encoding="utf-8")
    rewrite(config, NEW_TEXT, hooks=["fail_hook.py"])
    with pytest.raises(RuntimeError, match="in the middle of the build"):
        mkdocs_build(config, site_dir)
    assert snapshot(site_dir) == before
    assert leftovers(site_dir) == []


@pytest.mark.parametrize("moment", ["pre_build", "env", "pages", "post_build"])
def test_a_killed_build_leaves_the_previous_site(published, moment) -> None:
    config, site_dir, before = published
    (config.parent / "pause_hook.py").write_text(PAUSE_HOOK, encoding="utf-8")
    rewrite(config, NEW_TEXT, hooks=["pause_hook.py"])
    mark = config.parent / "paused"
    env = dict(os.environ, PAUSE_AT=moment, PAUSE_MARK=str(mark), NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)]
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        # The hook's write_text creates the file, then writes: wait for the text too.
        while not mark.exists() or not mark.read_text():
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, f"the build never reached {moment}"
            time.sleep(0.02)
        assert mark.read_text() == moment
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert snapshot(site_dir) == before
    # The next build cleans up what the killed one left and publishes.
    mark.unlink()
    rewrite(config, NEW_TEXT)
    mkdocs_build(config, site_dir, strict=True)
    assert "reescrito" in (site_dir / "es/blog/dos/index.html").read_text(encoding="utf-8")
    assert leftovers(site_dir) == []


def test_the_swap_without_an_atomic_exchange_and_its_recovery(tmp_path, monkeypatch) -> None:
    """Where renameat2 is missing, the swap goes through a backup name; a process
    killed between its two renames leaves only the backup, which the next build puts back."""
    from knowledge.site import publish

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", encoding="utf-8")
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    staging = publish.staging_dir(site)
    (staging / "index.html").write_text("new", encoding="utf-8")
    publish.publish(staging, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert leftovers(site) == []

    # Killed after the first rename: the site folder is the backup now.
    os.rename(site, publish.backup_dir(site))
    publish.recover(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert leftovers(site) == []


def test_gh_deploy_reads_the_published_folder_after_the_build(published) -> None:
    """`mkdocs gh-deploy` builds, calls on_shutdown, then pushes config.site_dir:
    it must name the published folder again, with the new build in it."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file, site_dir, before = published
    rewrite(config_file, NEW_TEXT)
    config = load_config(str(config_file), site_dir=str(site_dir))
    config.plugins.on_startup(command="gh-deploy", dirty=False)
    try:
        build(config)
        assert Path(config.site_dir) != site_dir  # building into the staging folder
    finally:
        config.plugins.on_shutdown()
    assert Path(config.site_dir) == site_dir
    assert "reescrito" in (site_dir / "es/blog/dos/index.html").read_text(encoding="utf-8")
    assert leftovers(site_dir) == []
