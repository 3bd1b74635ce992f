"""``files_checked`` counts what ``Path.rglob("*")`` lists, by a cheaper walk."""

from __future__ import annotations

import os
from pathlib import Path

from knowledge.check.project import read_project_config, site_context
from knowledge.check.runner import _count_files

from check_fixtures import make_project


def rglob_count(folders: list[Path]) -> int:
    """The original count."""
    return sum(
        sum(1 for path in folder.rglob("*") if path.suffix in {".md", ".yml", ".yaml"} and not any(part.startswith(".") for part in path.parts))
        for folder in folders if folder.is_dir()
    )


def test_count_matches_rglob_on_an_awkward_tree(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    docs = project / "content"
    (docs / ".hidden").mkdir()
    (docs / ".hidden" / "x.md").write_text("x")
    (docs / "es" / "folder.md").mkdir()  # a folder that looks like a page
    (docs / "es" / "folder.md" / "inner.yml").write_text("a: 1")
    (docs / "es" / ".md").write_text("")  # no suffix
    (docs / "es" / "notes.md.txt").write_text("")
    (docs / "es" / "dangling.md").symlink_to(docs / "nowhere.md")
    (docs / "es" / "loop.md").symlink_to(docs / "es" / "loop.md")
    (docs / "linked").symlink_to(docs / "es", target_is_directory=True)  # listed, not entered
    (project / "faq" / "README.yaml").write_text("")
    site = site_context(read_project_config(project / "mkdocs.yml"))
    expected = rglob_count([site.docs_dir, site.project_dir / "faq"])
    assert expected > 10
    assert _count_files(site) == expected


def test_nothing_counted_under_a_dot_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path / ".work")
    site = site_context(read_project_config(project / "mkdocs.yml"))
    assert rglob_count([site.docs_dir, site.project_dir / "faq"]) == 0
    assert _count_files(site) == 0
    assert os.path.isdir(site.docs_dir)
