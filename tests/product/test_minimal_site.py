"""Nothing mandatory that a site does not use (issue 13).

A site with one home page per language and no blog, no authors file, no FAQ folder
and no comparisons file builds strictly and passes `knowledge check`; each missing
piece is reported only once something needs it, and then once, naming what to create.
Real files, the real `mkdocs` and `knowledge` commands in subprocesses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

MKDOCS_YML = """\
site_name: Mini
site_url: https://mini.example/
docs_dir: content
theme:
  name: material
  language: es
plugins:
  - search
  - knowledge
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def minimal_site(root: Path) -> Path:
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    for lang, title in (("es", "Inicio"), ("en", "Home")):
        (root / "content" / lang).mkdir(parents=True)
        (root / "content" / lang / "index.md").write_text(f"---\ntitle: {title}\n---\n\n{title}.\n", encoding="utf-8")
    return root


def test_minimal_site_without_blog_faq_or_tables_builds_and_checks_clean(tmp_path):
    site = minimal_site(tmp_path)
    check = run("knowledge.cli", "check", "--strict", cwd=site)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no problems found" in check.stdout
    build = run("mkdocs", "build", "--strict", cwd=site)
    assert build.returncode == 0, build.stdout + build.stderr
    for lang in ("es", "en"):
        html = (site / "site" / lang / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html
    # No FAQ folder: no FAQ page and no assistant shipped.
    assert not list((site / "site").rglob("faq-index*.json"))
    assert "assistant.js" not in (site / "site" / "es" / "index.html").read_text(encoding="utf-8")


def test_missing_authors_file_is_reported_once_when_posts_name_authors(tmp_path):
    site = minimal_site(tmp_path)
    for lang in ("es", "en"):
        blog = site / "content" / lang / "blog"
        blog.mkdir()
        for slug in ("one", "two"):
            (blog / f"{slug}.md").write_text(
                f"---\ntitle: {slug}\ndescription: d\ndate: 2026-01-0{1 if slug == 'one' else 2}\nauthor: ana\ncategory: General\n---\n\nText.\n",
                encoding="utf-8",
            )
    check = run("knowledge.cli", "check", cwd=site)
    assert check.returncode == 1
    assert check.stdout.count("missing-authors-file") == 1, check.stdout
    assert "content/authors.yml does not exist; create it" in check.stdout
    assert "unknown-author" not in check.stdout  # not once more per post
    build = run("mkdocs", "build", "--strict", cwd=site)
    assert build.returncode != 0
    assert "content/authors.yml" in build.stdout + build.stderr

    (site / "content" / "authors.yml").write_text("ana:\n  name: Ana\n  role: {es: Autora, en: Author}\n", encoding="utf-8")
    check = run("knowledge.cli", "check", "--strict", cwd=site)
    assert check.returncode == 0, check.stdout + check.stderr


def test_table_marker_without_data_file_says_which_file_to_create(tmp_path):
    site = minimal_site(tmp_path)
    for lang in ("es", "en"):
        page = site / "content" / lang / "index.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n<!-- comparison: a-vs-b -->\n", encoding="utf-8")
    check = run("knowledge.cli", "check", cwd=site)
    assert check.returncode == 1
    assert "create content/comparisons.yml with this comparison" in check.stdout, check.stdout
