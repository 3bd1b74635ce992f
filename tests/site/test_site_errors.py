"""Bad content stops the build with every problem of every file, at file:line:col,
before anything is written; drafts appear only under `mkdocs serve`."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import failed_build, mkdocs_build
from site_fixtures import page, post, write_site

BAD = {
    "es/index.md": page("Inicio"),
    "en/index.md": page("Home"),
    # missing title, date not a date, unknown author, unknown key
    "es/blog/malo.md": "---\ndescription: Algo\ndate: 2026-02-30\nauthor: nadie\ncategory: IA\nsubtitle: sobra\n---\nCuerpo.\n",
    # missing date; a tag YAML 1.1 reads as a boolean
    "en/blog/bad.md": "---\ntitle: Bad\ndescription: Something\nauthor: ana\ncategory: AI\ntags: [LLM, no]\n---\nBody.\n",
    # YAML that does not parse
    "en/blog/broken.md": "---\ntitle: [unclosed\ndate: 2026-01-01\n---\nBody.\n",
    # a page without a title
    "es/contacto.md": "---\ndescription: Sin título\n---\nHola.\n",
}


def build_error(tmp_path: Path, files: dict[str, str]) -> tuple[str, Path]:
    config = write_site(tmp_path, files)
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "keep.txt").write_text("previous build", encoding="utf-8")
    return failed_build(config, site_dir)[1], site_dir


@pytest.fixture(scope="module")
def failure(tmp_path_factory):
    return build_error(tmp_path_factory.mktemp("bad"), BAD)


def test_every_problem_of_every_file_in_one_run(failure):
    message, _ = failure
    expected = [
        "content/es/blog/malo.md:2:1: [error] missing required key 'title' (missing-key)",
        "content/es/blog/malo.md:3:7: [error] date:",
        "content/es/blog/malo.md:4:9: [error] author 'nadie' is not in the authors file; use one of: ana, beto (unknown-author)",
        "content/es/blog/malo.md:6:1: [error] unknown key 'subtitle' (unknown-key)",
        "content/en/blog/bad.md:2:1: [error] missing required key 'date' (missing-key)",
        "content/en/blog/bad.md:6:13: [error] tags[1]: 'no' is read as a boolean",
        "content/en/blog/broken.md:",
        "(yaml-syntax)",
        "content/es/contacto.md:2:1: [error] missing required key 'title' (missing-key)",
    ]
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in:\n{message}"
    assert message.startswith("Found 8 problems in content:")
    assert "Traceback" not in message


def test_nothing_is_written_when_content_is_bad(failure):
    _, site_dir = failure
    assert sorted(p.name for p in site_dir.iterdir()) == ["keep.txt"]


def test_missing_authors_file_and_page_outside_languages(tmp_path):
    files = {"es/index.md": page("Inicio"), "suelto.md": page("Suelto")}
    config = write_site(tmp_path, files)
    (tmp_path / "content" / "authors.yml").write_text("ana:\n  name: Ana\n  role: {es: x}\n", encoding="utf-8")
    _, message = failed_build(config, tmp_path / "site")
    assert "content/suelto.md:1:1: [error] page is outside the language folders" in message
    assert "content/authors.yml:3:3: [error] missing required key 'ana.role.en'" in message



def test_drafts_show_in_serve_only(tmp_path):
    files = {
        "es/index.md": page("Inicio"),
        "en/index.md": page("Home"),
        "es/blog/listo.md": post("Listo", "2026-01-01"),
        "es/blog/borrador.md": post("Borrador", "2026-02-01", extra="draft: true\n"),
    }
    config = write_site(tmp_path, files)
    mkdocs_build(config, tmp_path / "built")
    assert not (tmp_path / "built/es/blog/borrador").exists()
    assert "Borrador" not in (tmp_path / "built/es/index.html").read_text(encoding="utf-8")
    mkdocs_build(config, tmp_path / "served", command="serve")  # what `mkdocs serve` builds
    served = (tmp_path / "served/es/blog/borrador/index.html").read_text(encoding="utf-8")
    assert 'class="knowledge-badge">Borrador</span>' in served
    assert ">Borrador</a>" in (tmp_path / "served/es/index.html").read_text(encoding="utf-8")
