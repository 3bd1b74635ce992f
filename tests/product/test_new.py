"""`knowledge new`: bad input is a clear message (exit 1, no traceback) and nothing
existing is ever overwritten, not even partly. Real files, the real command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def knowledge(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "knowledge.cli", *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_new_site_never_overwrites_and_writes_nothing_when_one_file_exists(tmp_path):
    site = tmp_path / "site"
    (site / "content" / "en").mkdir(parents=True)
    (site / "content" / "en" / "about.md").write_text("mine\n", encoding="utf-8")
    result = knowledge("new", "site", str(site), "--languages", "en,es", cwd=tmp_path)
    assert result.returncode == 1
    assert "already exist" in result.stderr and "about.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(site) == {"content/en/about.md": b"mine\n"}  # nothing else was written


def test_new_post_and_faq_never_overwrite(tmp_path):
    assert knowledge("new", "site", "s", "--languages", "es,en", cwd=tmp_path).returncode == 0
    site = tmp_path / "s"
    first = knowledge("new", "post", "hello", "--title", "Hola", cwd=site)
    assert first.returncode == 0, first.stderr
    post = site / "content" / "en" / "blog" / "hello.md"
    post.write_text(post.read_text(encoding="utf-8") + "\nEdited.\n", encoding="utf-8")
    before = snapshot(site)
    again = knowledge("new", "post", "hello", cwd=site)
    assert again.returncode == 1
    assert "content/es/blog/hello.md" in again.stderr and "content/en/blog/hello.md" in again.stderr
    assert "nothing was written" in again.stderr

    # One language's file existing is enough to write none of them.
    (site / "content" / "es" / "blog" / "solo.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    partial = knowledge("new", "post", "solo", cwd=site)
    assert partial.returncode == 1
    assert not (site / "content" / "en" / "blog" / "solo.md").exists()
    (site / "content" / "es" / "blog" / "solo.md").unlink()

    assert knowledge("new", "faq", "shipping", cwd=site).returncode == 0
    before = snapshot(site)
    again = knowledge("new", "faq", "shipping", cwd=site)
    assert again.returncode == 1 and "faq/shipping.yml" in again.stderr
    assert knowledge("new", "faq", "contact", cwd=site).returncode == 1  # the scaffold's own entry
    assert snapshot(site) == before


def test_bad_input_is_a_clear_message_not_a_traceback(tmp_path):
    cases = [
        (("new", "site", "a", "--languages", "en"), "two or more languages"),
        (("new", "site", "b", "--languages", "en,en"), "lists en twice"),
        (("new", "site", "c", "--languages", "en,xx"), "Material for MkDocs has no interface in 'xx'"),
        (("new", "site", "d", "--url", "example.com"), "--url must be the site's address"),
        (("new", "post", "x"), "config file not found"),  # not in a site
    ]
    for args, message in cases:
        result = knowledge(*args, cwd=tmp_path)
        assert result.returncode == 1, (args, result.stderr)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert not any((tmp_path / name).exists() for name in "abcd")

    assert knowledge("new", "site", "s", cwd=tmp_path).returncode == 0
    site = tmp_path / "s"
    for args, message in [
        (("new", "post", "Bad_Slug"), "is not a slug"),
        (("new", "post", "ok", "--author", "nobody"), "author 'nobody' is not in content/authors.yml; use one of: editor"),
        (("new", "faq", "Not An Id"), "is not an FAQ id"),
    ]:
        result = knowledge(*args, cwd=site)
        assert result.returncode == 1 and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
