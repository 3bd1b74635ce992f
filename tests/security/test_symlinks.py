"""Issue 11, point 4: nothing outside the project is read or published.

Real symlinks in a copy of the check's clean fixture project: to /etc/passwd, to the
/etc/ssl folder, to /proc/self/environ, into the project's own non-content files. The
check and the build both name each link and fail; nothing is read or copied; links
that stay inside their folder keep working."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from check_fixtures import make_project
from conftest import failed_build, mkdocs_build
from knowledge import symlinks

OUTSIDE = {
    "content/es/passwd.txt": "/etc/passwd",
    "content/es/ssl": "/etc/ssl",  # a folder: MkDocs would copy every certificate in it
    "content/en/environ.md": "/proc/self/environ",
    "faq/environ.yml": "/proc/self/environ",
    "content/assets/hostname.png": "/etc/hostname",
}
INTO_PROJECT = {"content/es/config.txt": "../../mkdocs.yml", "content/assets/git": "../../.git"}


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path)
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[remote]\n\turl = https://token@example.org/x\n")
    for link, target in {**OUTSIDE, **INTO_PROJECT}.items():
        os.symlink(target, project / link)
    return project


def check(project: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, KNOWLEDGE_CACHE="0", SECRET_FOR_THE_TEST="hunter2-environ")
    return subprocess.run([sys.executable, "-m", "knowledge.cli", "check", "--format", "parsable"],
                          capture_output=True, text=True, cwd=project, timeout=300, env=env)


def test_check_names_every_link_out_and_fails(project):
    run = check(project)
    assert run.returncode == 1, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    for link in [*OUTSIDE, *INTO_PROJECT]:
        assert any(line.startswith(f"{link}:1:1: [error] symlink to ") and line.endswith("(symlink)") for line in lines), link
    assert "root:" not in run.stdout and "hunter2" not in run.stdout and "token@" not in run.stdout
    assert "Traceback" not in run.stderr


def test_build_fails_and_writes_nothing(project, tmp_path):
    site_dir = tmp_path / "site"
    error, logged = failed_build(project / "mkdocs.yml", site_dir)
    report = str(error) + logged
    for link in [*OUTSIDE, *INTO_PROJECT]:
        assert f"{link}:1:1: [error] symlink to" in report, link
    assert not site_dir.exists()
    assert "root:" not in report


def test_mkdocs_file_listing_is_filtered(project):
    """What the build's on_files removes, on MkDocs' own listing of docs_dir (which
    follows links, folder links included)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    config = load_config(str(project / "mkdocs.yml"))
    listed = {(f.src_uri, f.abs_src_path) for f in get_files(config)}
    certificates = [uri for uri, _ in listed if uri.startswith("es/ssl/")]
    assert certificates, "MkDocs follows the folder link (what makes it dangerous)"
    report = symlinks.link_report([project / "content", project / "faq"], project)
    dropped = set(symlinks.unpublishable(listed, project / "content", report.refused_under(project / "content")))
    assert {"es/passwd.txt", "es/config.txt", "assets/hostname.png", *certificates} <= dropped
    git_files = {uri for uri, _ in listed if uri.startswith("assets/git/")}
    assert "assets/git/config" in git_files and git_files <= dropped
    kept = {uri for uri, _ in listed} - dropped
    assert "assets/diagram.svg" in kept and "es/index.md" in kept
    # a link that escapes only through a folder link is caught by its real path too
    assert symlinks.unpublishable([("es/ssl/x.pem", str(project / "content/es/ssl/openssl.cnf"))], project / "content", set()) == ["es/ssl/x.pem"]


def test_links_inside_their_folder_are_the_file_they_point_to(tmp_path):
    project = make_project(tmp_path)
    os.symlink("diagram.svg", project / "content" / "assets" / "diagram-copy.svg")
    os.symlink("../assets", project / "content" / "es" / "media")
    run = check(project)
    assert run.returncode == 0, run.stdout
    site = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    original = (project / "content" / "assets" / "diagram.svg").read_bytes()
    assert (site.site_dir / "assets" / "diagram-copy.svg").read_bytes() == original
    assert (site.site_dir / "es" / "media" / "diagram.svg").read_bytes() == original
    assert not (site.site_dir / "assets" / "diagram-copy.svg").is_symlink()
