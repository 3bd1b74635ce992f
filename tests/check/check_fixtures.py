"""Fixture projects for ``knowledge check``: ``fixtures/clean`` is a complete, clean
project; ``fixtures/<rule>/`` holds only the files that differ from it, and is laid
over a copy of it in a temporary folder (so no test writes into the repository)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(tmp_path: Path, overlay: str | None = None) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", project, symlinks=True)
    if overlay:
        shutil.copytree(FIXTURES / overlay, project, symlinks=True, dirs_exist_ok=True)
    return project


@pytest.fixture
def project_factory(tmp_path: Path):
    return lambda overlay=None: make_project(tmp_path, overlay)
