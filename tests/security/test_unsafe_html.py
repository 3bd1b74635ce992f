"""Issue 11, point 2: ``unsafe-html`` finds what would run in a page body, however
it is written, ignores code, is reported by `knowledge check` and stops a real
`mkdocs build` at the same path:line:col, and ``trusted_html: true`` turns it off."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, failed_build, mkdocs_build
from knowledge.check import body_html
from site_fixtures import page, write_site

FIXTURES = Path(__file__).resolve().parent / "fixtures"

def fixture_lines(name: str) -> list[str]:
    """One JSON string per line of tests/security/fixtures/<name> (see its README)."""
    return [json.loads(line) for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines() if line.strip()]


UNSAFE = fixture_lines("unsafe-bodies.jsonl")
SAFE = fixture_lines("safe-bodies.jsonl")


@pytest.mark.parametrize("body", UNSAFE)
def test_unsafe_constructs_are_found(body):
    assert body_html.findings(body_html.scannable(body)), body


@pytest.mark.parametrize("body", SAFE)
def test_safe_html_and_code_pass(body):
    assert body_html.findings(body_html.scannable(body)) == [], body


def test_every_construct_is_reported_not_only_the_first():
    body = "<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n[x](javascript:alert(3))\n<base href=/>\n"
    assert len(body_html.findings(body_html.scannable(body))) == 4


HOSTILE_BODY = (
    "Intro.\n"  # line 5 of the file (front matter is 3 lines, then a blank line)
    "\n"
    '<img src=x alt="" onerror=alert(1)>\n'  # line 7; the attribute at col 19
    "Un [enlace](JaVaScRiPt:alert(2)).\n"  # line 8, col 13
)


def hostile_site(root: Path, **plugin) -> Path:
    files = {"es/index.md": page("Inicio", HOSTILE_BODY), "en/index.md": page("Home")}
    return write_site(root, files, plugin=plugin)


def test_the_build_stops_at_each_construct_and_writes_nothing(tmp_path):
    config = hostile_site(tmp_path)
    error, logged = failed_build(config, tmp_path / "site")
    report = str(error) + "\n" + logged
    assert "content/es/index.md:7:19: [error] event-handler attribute onerror=" in report
    assert "content/es/index.md:8:13: [error] link to a javascript: URL" in report
    assert not (tmp_path / "site").exists()


def test_knowledge_check_reports_the_same_lines(tmp_path):
    config = hostile_site(tmp_path)
    run = subprocess.run([sys.executable, "-m", "knowledge.cli", "check", "--config", str(config), "--format", "parsable"],
                         capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "content/es/index.md:7:19: [error] event-handler attribute onerror= on <img>" in run.stdout
    assert "content/es/index.md:8:13: [error] link to a javascript: URL" in run.stdout
    assert "Traceback" not in run.stderr


def test_trusted_html_turns_the_rule_off(tmp_path):
    config = hostile_site(tmp_path, trusted_html=True)
    result = mkdocs_build(config, tmp_path / "site")
    assert "onerror=alert(1)" in result.read("es/index.html")  # the trusted author's HTML is published as written


def test_trusted_html_must_be_a_boolean(tmp_path):
    config = hostile_site(tmp_path, trusted_html="yes")
    error, logged = failed_build(config, tmp_path / "site")
    assert "trusted_html" in str(error) + logged
