"""``knowledge check [PATH…]``: validate the content without building the site.

Exit codes: 0 clean (warnings allowed), 1 errors (or warnings with ``--strict``),
2 usage error (bad option, missing config, docs_dir or PATH).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TextIO

from knowledge.check.formats import FORMATS, escape_data, render
from knowledge.check.project import ConfigError, read_project_config
from knowledge.check.runner import check_project, select
from knowledge.problems import Problem, errors

DOCS = "rules: plugins/knowledge/check/RULES.md"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = "Exit codes: 0 clean, 1 errors (or warnings with --strict), 2 usage error. " + DOCS
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="report only problems in these files or folders (default: the whole project); everything is still checked",
    )
    parser.add_argument("--config", "-c", default="mkdocs.yml", help="the site's MkDocs config (default: %(default)s)")
    parser.add_argument(
        "--format",
        "-f",
        choices=("auto", *FORMATS),
        default="auto",
        help="output format; auto is github when GITHUB_ACTIONS=true, else human (default: %(default)s)",
    )
    parser.add_argument("--strict", "-s", action="store_true", help="exit 1 on warnings too")
    parser.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the human format; auto colours a terminal unless NO_COLOR is set (default: %(default)s)",
    )


def choose_format(requested: str, environ: os._Environ[str] | dict[str, str] = os.environ) -> str:
    if requested != "auto":
        return requested
    return "github" if environ.get("GITHUB_ACTIONS") == "true" else "human"


def use_color(requested: str, stream: TextIO, environ: os._Environ[str] | dict[str, str] = os.environ) -> bool:
    if requested != "auto":
        return requested == "always"
    if environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def exit_code(problems: list[Problem], *, strict: bool) -> int:
    if errors(problems):
        return 1
    if strict and problems:
        return 1
    return 0


def _usage_error(message: str) -> int:
    print(f"knowledge check: error: {message}", file=sys.stderr)
    return 2


def resolve_paths(paths: list[str], project_dir: Path) -> list[str] | str:
    """PATH arguments as project-relative POSIX paths, or an error message.

    Paths are not resolved through symlinks (a symlink loop is a valid argument:
    it has problems to report), only made absolute against the current folder.
    """
    out = []
    root = os.path.abspath(project_dir)
    for raw in paths:
        absolute = os.path.abspath(raw)
        if not os.path.lexists(absolute):
            return f"path not found: {raw}"
        rel = os.path.relpath(absolute, root)
        if rel == os.curdir:
            return []  # the whole project
        if rel.startswith(os.pardir + os.sep) or rel == os.pardir:
            return f"path is outside the project ({root}): {raw}"
        out.append(rel.replace(os.sep, "/"))
    return out


def summary_lines(summary: tuple[str, ...], fmt: str) -> list[str]:
    """The question tests' score: after the human summary; a notice (shown in the
    job's summary, not on a line) under GitHub; nothing in the one-problem-per-line
    parsable format, which tools read."""
    if fmt == "human":
        return list(summary)
    if fmt == "github":
        return [f"::notice title=knowledge check (question tests)::{escape_data(line)}" for line in summary]
    return []


def run(args: argparse.Namespace) -> int:
    try:
        config = read_project_config(args.config)
    except ConfigError as exc:
        return _usage_error(str(exc))
    selected = resolve_paths(list(args.paths), config.project_dir)
    if isinstance(selected, str):
        return _usage_error(selected)
    result = check_project(config)
    problems = select(result.problems, selected)
    fmt = choose_format(args.format)
    color = fmt == "human" and use_color(args.color, sys.stdout)
    lines = render(problems, fmt, color=color, files_checked=result.files_checked)
    lines += summary_lines(result.summary, fmt)
    if lines:
        sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    return exit_code(problems, strict=args.strict)
