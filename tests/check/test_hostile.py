"""Bad input the check must survive: each hostile file is one clear problem line,
the whole run stays under 2 s, and every other file is still checked."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from knowledge.check.project import read_project_config
from knowledge.check.runner import check_project
from knowledge.cli import main

from check_fixtures import make_project

ALIAS_BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(f"{x}: &{x} [{','.join(['*' + p] * 9)}]" for p, x in zip("abcdefgh", "bcdefghi")),
    ]
) + "\n"


def hostile_files(project: Path) -> dict[str, str]:
    """Write the hostile files; returns path -> the rule each one must give."""
    faq = project / "faq"
    blog = project / "content" / "es" / "blog"
    # 5 MB of otherwise valid YAML
    (faq / "huge.yml").write_text("es:\n  question: x\n  answer: |\n" + ("    " + "a" * 75 + "\n") * 66_000, encoding="utf-8")
    (faq / "bomb.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    (faq / "binary.yml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (faq / "latin1.yml").write_bytes("es:\n  question: ¿Cuánto cuesta?\n  answer: Depende del año\n".encode("latin-1"))
    (blog / "no-front-matter.md").write_text("# Hola\n\nUn artículo sin front matter.\n", encoding="utf-8")
    os.symlink("loop.yml", faq / "loop.yml")
    os.symlink("loop.md", blog / "loop.md")
    os.symlink(".", blog / "folder-loop")  # a folder that contains itself
    return {
        "faq/huge.yml": "file-too-large",
        "faq/bomb.yml": "yaml-anchor",
        "faq/binary.yml": "not-text",
        "faq/latin1.yml": "encoding",
        "content/es/blog/no-front-matter.md": "missing-front-matter",
        "faq/loop.yml": "unreadable",
        "content/es/blog/loop.md": "unreadable",
    }


@pytest.fixture
def hostile_project(tmp_path):
    project = make_project(tmp_path, "broken-link")
    return project, hostile_files(project)


def test_each_hostile_file_is_one_problem_and_the_rest_is_checked(hostile_project):
    project, expected = hostile_project
    started = time.perf_counter()
    problems = check_project(read_project_config(project / "mkdocs.yml")).problems
    elapsed = time.perf_counter() - started
    for path, rule in expected.items():
        found = [p for p in problems if p.path == path]
        assert [p.rule for p in found] == [rule], (path, found)
        assert found[0].level == "error"
    # The other files are still checked: the broken links of content/es/index.md are there.
    assert len([p for p in problems if p.path == "content/es/index.md" and p.rule == "broken-link"]) == 6
    assert not any(p.rule == "internal-error" for p in problems)
    assert {p.path for p in problems} <= set(expected) | {"content/es/index.md"}
    assert elapsed < 2.0, f"check took {elapsed:.2f} s"


def test_hostile_files_through_the_cli(hostile_project, capsys):
    project, expected = hostile_project
    code = main(["check", "--config", str(project / "mkdocs.yml"), "--format", "parsable"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err == ""
    for path in expected:
        assert len([line for line in out.splitlines() if line.startswith(path + ":")]) == 1, path


def test_hostile_mkdocs_yml_is_a_usage_error(tmp_path, capsys):
    project = make_project(tmp_path)
    (project / "mkdocs.yml").write_bytes(b"\x00\x01binary")
    assert main(["check", "--config", str(project / "mkdocs.yml")]) == 2
    (project / "mkdocs.yml").write_text("site_name: [unclosed\n")
    assert main(["check", "--config", str(project / "mkdocs.yml")]) == 2
    err = capsys.readouterr().err
    assert "invalid YAML" in err and "Traceback" not in err


def test_mkdocs_yml_tags_are_never_executed(tmp_path, capsys):
    """``!!python/object/apply`` in mkdocs.yml is ignored, not called."""
    project = make_project(tmp_path)
    marker = tmp_path / "executed"
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text()
        + f"extra:\n  boom: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{marker}']]\n"
        + "  url: !ENV [KNOWLEDGE_TEST_UNSET_VAR, 'fallback']\n"
    )
    assert main(["check", "--config", str(config)]) == 0
    assert not marker.exists()
