"""`knowledge check` and `mkdocs build --strict` report the same problems.

One project carrying several rules' fixtures at once is checked, then built for
real with MkDocs: every line the check prints is among the build's warnings (logged
through MkDocs' logger, so strict mode counts them) or in the error that stops it.
"""

from __future__ import annotations

import logging
import shutil

import pytest

from conftest import mkdocs_build
from check_fixtures import FIXTURES, make_project
from knowledge.check.project import read_project_config
from knowledge.check.runner import check_project

COMBINED = ("missing-translation", "translation-drift", "duplicate-question", "image-alt", "broken-link")


def test_clean_fixture_builds_strict(tmp_path):
    project = make_project(tmp_path)
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=True)
    assert result.messages(logging.WARNING) == []


def test_build_reports_what_the_check_reports(tmp_path, caplog):
    project = make_project(tmp_path)
    for overlay in COMBINED:
        shutil.copytree(FIXTURES / overlay, project, dirs_exist_ok=True)
    checked = {p.parsable() for p in check_project(read_project_config(project / "mkdocs.yml")).problems}
    assert {line.rsplit("(", 1)[1] for line in checked} >= {rule + ")" for rule in COMBINED}
    caplog.set_level(logging.WARNING, logger="mkdocs")
    with pytest.raises(Exception) as stopped:  # broken links are errors: the build stops
        mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=True)
    reported = str(stopped.value) + "\n" + "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
    missing = sorted(line for line in checked if line not in reported)
    assert not missing, "the build does not report:\n" + "\n".join(missing)
