"""Issue 11, point 5: category and tag URLs never collide silently, names without
Latin letters get a URL of their own, and bidi controls or invisible-only text in
front matter are errors at path:line:col (real check, real builds)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from conftest import failed_build, mkdocs_build
from knowledge.site.text import slugify
from site_fixtures import page, post, write_site


@pytest.mark.parametrize(("name", "slug"), [
    ("Inteligencia Artificial", "inteligencia-artificial"),
    ("Búsqueda", "busqueda"),
    ("C", "c"), ("C++", "c"), ("C#", "c"),
    ("Модели", "модели"),
    ("機械学習", "機械学習"),
    ("نماذج لغوية", "نماذج-لغوية"),
    (".", ""), ("..", ""), ("\u200b", ""), ("++", ""),
])
def test_slugs(name, slug):
    assert slugify(name) == slug


def run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "knowledge.cli", "check", "--format", "parsable"], capture_output=True,
                          text=True, cwd=root, timeout=300, env=dict(os.environ, KNOWLEDGE_CACHE="0"))


def errors_of(output: str) -> dict[str, str]:
    """location -> "message (rule)" of each error line."""
    out = {}
    for line in output.splitlines():
        match = re.match(r"^(\S+:\d+:\d+): \[error\] (.*)$", line)
        if match:
            out[match.group(1)] = match.group(2)
    return out


COLLIDING = {
    "es/index.md": page("Inicio"),
    "en/index.md": page("Home"),
    # each post's tags are on line 7, from column 8; category on line 6, column 11
    "es/blog/a.md": post("A", "2026-01-01", tags=json.dumps(["C", "Модели"])),
    "es/blog/b.md": post("B", "2026-01-02", tags=json.dumps(["C++", "."])),
    "es/blog/c.md": post("C\u202eevil", "2026-01-03", category=json.dumps("\u200b\u200c"), tags=json.dumps(["C#", "\u200b"]),
                         description="Texto \u2066oculto\u2069."),
    "es/blog/d.md": post("D", "2026-01-04", category="IA", tags=json.dumps([".."])),
    "es/blog/e.md": post("E", "2026-01-05", category="ia"),  # a case variant is another name: one spelling per category
}

EXPECTED = {
    "content/es/blog/a.md:7:8": ("slug-collision", ["'C#' at content/es/blog/c.md:7:8", "'C++' at content/es/blog/b.md:7:8"]),
    "content/es/blog/b.md:7:8": ("slug-collision", ["'C' at content/es/blog/a.md:7:8", "'C#' at content/es/blog/c.md:7:8"]),
    "content/es/blog/c.md:7:8": ("slug-collision", ["'C' at content/es/blog/a.md:7:8", "'C++' at content/es/blog/b.md:7:8"]),
    "content/es/blog/b.md:7:15": ("no-slug", ["'.'"]),
    "content/es/blog/d.md:7:8": ("no-slug", ["'..'"]),
    "content/es/blog/c.md:2:8": ("bidi-control", ["U+202E"]),
    "content/es/blog/c.md:3:14": ("bidi-control", ["U+2066", "U+2069"]),
    "content/es/blog/c.md:6:11": ("invisible-text", ["U+200B U+200C"]),
    "content/es/blog/c.md:7:14": ("invisible-text", ["U+200B"]),
    "content/es/blog/d.md:6:11": ("slug-collision", ["'ia' at content/es/blog/e.md:6:11"]),
    "content/es/blog/e.md:6:11": ("slug-collision", ["'IA' at content/es/blog/d.md:6:11"]),
}


@pytest.fixture
def colliding(tmp_path):
    write_site(tmp_path, COLLIDING)
    return tmp_path


def test_check_reports_each_collision_with_both_locations(colliding):
    run = run_check(colliding)
    assert run.returncode == 1, run.stdout + run.stderr
    found = errors_of(run.stdout)
    assert set(found) == set(EXPECTED), run.stdout
    for where, (rule, parts) in EXPECTED.items():
        assert found[where].endswith(f"({rule})"), (where, found[where])
        for part in parts:
            assert part in found[where], (where, part, found[where])


def test_build_stops_on_the_same_problems(colliding, tmp_path):
    error, logged = failed_build(colliding / "mkdocs.yml", tmp_path / "site")
    report = str(error) + "\n" + logged
    for where, (rule, _) in EXPECTED.items():
        assert re.search(rf"{re.escape(where)}: \[error\] .*\({rule}\)", report), where
    assert not (tmp_path / "site").exists()


def test_names_without_latin_letters_get_their_own_working_pages(tmp_path):
    files = {
        "es/index.md": page("Inicio"),
        "en/index.md": page("Home"),
        "es/blog/a.md": post("A", "2026-01-01", category="Модели", tags=json.dumps(["Модели", "機械学習", "نماذج"])),
        "es/blog/b.md": post("B", "2026-01-02", category="IA", tags=json.dumps(["LLM", "模型"])),
    }
    config = write_site(tmp_path / "project", files)
    site = mkdocs_build(config, tmp_path / "site")
    for folder in ("tag/модели", "tag/機械学習", "tag/نماذج", "tag/模型", "category/модели"):
        assert (site.site_dir / "es" / folder / "index.html").is_file(), folder
    html = site.read("es/blog/a/index.html")
    hrefs = re.findall(r'href="(\.\./\.\./(?:tag|category)/[^"]+)"', html)
    assert len({h for h in hrefs if "%" in h}) == 4  # three tags and the category, percent-encoded
    for href in hrefs:  # every link reaches the page it names
        target = (site.site_dir / "es" / "blog" / "a" / unquote(href)).resolve() / "index.html"
        assert target.is_file(), href
    assert "/tag/x/" not in html and not (site.site_dir / "es" / "tag" / "x").exists()
    assert "https://example.org/blog/es/tag/%D0%BC%D0%BE%D0%B4%D0%B5%D0%BB%D0%B8/" in site.read("sitemap.xml")
