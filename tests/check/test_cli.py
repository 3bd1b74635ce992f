"""``knowledge check`` through ``knowledge.cli.main``: formats, exit codes, PATH
selection, the GitHub format chosen by ``GITHUB_ACTIONS`` and its escaping."""

from __future__ import annotations

import re

import pytest

from knowledge.check.formats import escape_data, escape_property, format_github
from knowledge.cli import main
from knowledge.problems import Problem

from check_fixtures import make_project

PARSABLE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): \[(?P<level>error|warning)\] (?P<message>.+) \((?P<rule>[a-z0-9-]+)\)$")


@pytest.fixture(autouse=True)
def _no_ci_env(monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


def check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_project_exits_0(tmp_path, capsys):
    project = make_project(tmp_path)
    code, out, err = check(capsys, "--config", str(project / "mkdocs.yml"))
    assert code == 0
    assert out.startswith("no problems found")
    assert err == ""


def test_parsable_format_paths_relative_to_project_root(tmp_path, capsys, monkeypatch):
    project = make_project(tmp_path, "broken-link")
    monkeypatch.chdir(tmp_path)  # not the project folder: paths are still the project's
    code, out, _ = check(capsys, "--config", "project/mkdocs.yml", "--format", "parsable")
    assert code == 1
    lines = out.splitlines()
    assert lines and all(PARSABLE.match(line) for line in lines), out
    assert lines[0].startswith("content/es/index.md:7:18: [error] ")
    assert lines[0].endswith(" (broken-link)")


def test_human_format_groups_by_file(tmp_path, capsys):
    project = make_project(tmp_path, "slug")
    code, out, _ = check(capsys, "--config", str(project / "mkdocs.yml"), "--format", "human")
    assert code == 1
    assert "\x1b[" not in out  # captured output is not a terminal: no colour
    lines = out.splitlines()
    assert lines[0] == "content/en/blog/Mi_Post.md"
    assert re.match(r"^  1:1  error  {3}'Mi_Post': .+  \(slug\)$", lines[1]), lines[1]
    assert "content/es/blog/Mi_Post.md" in lines
    assert lines[-1] == "2 problems (2 errors, 0 warnings) in 2 files"


def test_human_format_colours_when_asked(tmp_path, capsys):
    project = make_project(tmp_path, "slug")
    _, out, _ = check(capsys, "--config", str(project / "mkdocs.yml"), "--color", "always")
    assert "\x1b[4mcontent/en/blog/Mi_Post.md\x1b[0m" in out
    assert "\x1b[31merror  \x1b[0m" in out


def test_warnings_exit_0_unless_strict(tmp_path, capsys):
    config = str(make_project(tmp_path, "missing-translation") / "mkdocs.yml")
    code, out, _ = check(capsys, "--config", config, "-f", "parsable")
    assert code == 0 and "[warning]" in out
    code, out, _ = check(capsys, "--config", config, "-f", "parsable", "--strict")
    assert code == 1 and "[warning]" in out


def test_paths_limit_the_report(tmp_path, capsys, monkeypatch):
    project = make_project(tmp_path, "slug")
    monkeypatch.chdir(project)
    code, out, _ = check(capsys, "-f", "parsable", "content/es")
    assert code == 1
    assert [line.split(":")[0] for line in out.splitlines()] == ["content/es/blog/Mi_Post.md"]
    code, out, _ = check(capsys, "-f", "parsable", "faq", "content/en/index.md")
    assert (code, out) == (0, "")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--config", "missing.yml"], "config file not found"),
        (["no-such-folder"], "path not found"),
        (["/"], "outside the project"),
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(make_project(tmp_path))
    code, out, err = check(capsys, *args)
    assert code == 2
    assert out == ""
    assert message in err and "Traceback" not in err


def test_missing_docs_dir_exits_2(tmp_path, capsys):
    project = make_project(tmp_path)
    (project / "mkdocs.yml").write_text("site_name: x\ndocs_dir: nowhere\n")
    code, _, err = check(capsys, "--config", str(project / "mkdocs.yml"))
    assert code == 2 and "docs_dir not found" in err


def test_bad_option_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "xml"])
    assert exc.value.code == 2


def test_github_format_chosen_by_github_actions(tmp_path, capsys, monkeypatch):
    project = make_project(tmp_path, "broken-link")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = check(capsys, "--config", str(project / "mkdocs.yml"))
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("::error file=content/es/index.md,line=7,col=18,title=knowledge check (broken-link)::")
    assert all(line.startswith("::error ") for line in out.splitlines())


def test_github_warning_level(tmp_path, capsys):
    project = make_project(tmp_path, "missing-translation")
    _, out, _ = check(capsys, "--config", str(project / "mkdocs.yml"), "--format", "github")
    assert out.startswith("::warning file=content/es/blog/solo-en-castellano.md,line=1,col=1,title=")


def test_github_escaping_end_to_end(tmp_path, capsys):
    """A file name with ',', ':' and '%' cannot add or break annotation properties."""
    project = make_project(tmp_path)
    for lang in ("es", "en"):
        source = project / "content" / lang / "blog" / "first-steps.md"
        (source.parent / "a,b:50%.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    _, out, _ = check(capsys, "--config", str(project / "mkdocs.yml"), "--format", "github")
    lines = [line for line in out.splitlines() if "(slug)" in line]
    assert lines[0].startswith("::error file=content/en/blog/a%2Cb%3A50%25.md,line=1,col=1,title=knowledge check (slug)::'a,b:50%25'")


def test_escaping_follows_actions_core():
    assert escape_data("50% off\r\nnext: a, b") == "50%25 off%0D%0Anext: a, b"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    problem = Problem("dir,x/a:b.yml", 3, 4, "some-rule", "first line\nsecond 100%", "error")
    assert format_github(problem) == (
        "::error file=dir%2Cx/a%3Ab.yml,line=3,col=4,title=knowledge check (some-rule)::first line%0Asecond 100%25 (some-rule)"
    )


def test_parsable_keeps_one_line_per_problem(tmp_path, capsys):
    from knowledge.check.formats import format_parsable

    assert format_parsable(Problem("a.md", 1, 1, "r", "one\ntwo")) == "a.md:1:1: [error] one\\ntwo (r)"


def test_colour_follows_the_terminal_and_no_color():
    from knowledge.check.cli import use_color

    class Terminal:
        def isatty(self) -> bool:
            return True

    class Pipe:
        def isatty(self) -> bool:
            return False

    assert use_color("auto", Terminal(), {}) is True
    assert use_color("auto", Terminal(), {"NO_COLOR": "1"}) is False
    assert use_color("auto", Pipe(), {}) is False
    assert use_color("always", Pipe(), {}) is True
    assert use_color("never", Terminal(), {}) is False
