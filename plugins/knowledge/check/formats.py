"""Output formats of ``knowledge check``: human, parsable, github.

- ``human``: problems grouped by file, aligned, coloured on a terminal (yamllint's
  ``colored`` format), then a one-line summary.
- ``parsable``: ``path:line:col: [level] message (rule)``, one per line (yamllint's
  ``parsable``, which existing problem matchers understand).
- ``github``: workflow commands (``::error file=…,line=…,col=…,title=…::message``)
  that GitHub turns into annotations on the pull request's diff, escaped as
  ``@actions/core`` does so that ``%``, newlines, ``:`` and ``,`` in a path, a title
  or a message cannot break or inject a command.
"""

from __future__ import annotations

from itertools import groupby
from typing import Callable, Iterable

from knowledge.problems import Problem, errors

FORMATS = ("human", "parsable", "github")

_RESET = "\033[0m"
_STYLES = {
    "path": "\033[4m",  # underlined, like yamllint
    "error": "\033[31m",
    "warning": "\033[33m",
    "dim": "\033[2m",
    "ok": "\033[32m",
}


def escape_data(text: str) -> str:
    """Escape a workflow command's message (``@actions/core`` ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (``@actions/core`` ``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem) -> str:
    properties = {
        "file": problem.path,
        "line": str(problem.line),
        "col": str(problem.col),
        "title": f"knowledge check ({problem.rule})",
    }
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    command = "error" if problem.level == "error" else "warning"
    return f"::{command} {props}::{escape_data(f'{problem.message} ({problem.rule})')}"


def format_parsable(problem: Problem) -> str:
    # One line per problem whatever the message holds: a newline would split it.
    return _one_line(problem.parsable())


def _paint(text: str, style: str, color: bool) -> str:
    return f"{_STYLES[style]}{text}{_RESET}" if color else text


def _one_line(text: str) -> str:
    return text.replace("\r", "\\r").replace("\n", "\\n")


def format_human(problems: list[Problem], *, color: bool, files_checked: int | None = None) -> list[str]:
    """Problems grouped by file: a header line, then ``line:col  level  message  (rule)``."""
    lines: list[str] = []
    for path, group in groupby(problems, key=lambda p: p.path):
        items = list(group)
        lines.append(_paint(_one_line(path), "path", color))
        width = max(len(f"{p.line}:{p.col}") for p in items)
        for p in items:
            where = f"{p.line}:{p.col}".ljust(width)
            level = _paint(p.level.ljust(7), p.level, color)
            rule = _paint(f"({p.rule})", "dim", color)
            lines.append(f"  {where}  {level}  {_one_line(p.message)}  {rule}")
        lines.append("")
    lines.append(summary_line(problems, color=color, files_checked=files_checked))
    return lines


def summary_line(problems: list[Problem], *, color: bool = False, files_checked: int | None = None) -> str:
    n_errors = len(errors(problems))
    n_warnings = len(problems) - n_errors
    n_files = len({p.path for p in problems})
    if not problems:
        checked = f" ({files_checked} files checked)" if files_checked is not None else ""
        return _paint(f"no problems found{checked}", "ok", color)
    text = (
        f"{len(problems)} {_plural(len(problems), 'problem')} "
        f"({n_errors} {_plural(n_errors, 'error')}, {n_warnings} {_plural(n_warnings, 'warning')}) "
        f"in {n_files} {_plural(n_files, 'file')}"
    )
    return _paint(text, "error" if n_errors else "warning", color)


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def render(problems: Iterable[Problem], fmt: str, *, color: bool = False, files_checked: int | None = None) -> list[str]:
    """The output lines for ``problems`` (already sorted) in format ``fmt``."""
    items = list(problems)
    if fmt == "human":
        return format_human(items, color=color, files_checked=files_checked)
    one: Callable[[Problem], str] = format_github if fmt == "github" else format_parsable
    return [one(p) for p in items]
