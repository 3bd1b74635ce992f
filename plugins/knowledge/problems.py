"""Problems found in content: one shape for the build, the checks and the CLI.

A problem is located as ``path:line:col`` (1-based, like yamllint) and carries a
kebab-case rule id. Loaders never raise on bad content: they return problems, and
the caller decides whether to stop (the build) or to report (``knowledge check``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable, Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing an editor must fix.

    Ordering is (path, line, col, rule), so sorted output reads file by file, top
    to bottom. ``message`` starts lowercase and has no trailing period.
    """

    path: str
    line: int
    col: int
    rule: str
    message: str = field(compare=False)
    level: Level = field(default="error", compare=False)

    def parsable(self) -> str:
        """``path:line:col: [level] message (rule)``, yamllint's parsable format."""
        return f"{self.path}:{self.line}:{self.col}: [{self.level}] {self.message} ({self.rule})"

    def __str__(self) -> str:  # pragma: no cover - convenience for logs
        return self.parsable()


def relpath(path: str | os.PathLike[str], root: str | os.PathLike[str] | None) -> str:
    """A path as editors see it: relative to the project root, POSIX separators."""
    path = os.fspath(path)
    if root is not None:
        try:
            rel = os.path.relpath(path, os.fspath(root))
        except ValueError:  # different drive on Windows
            rel = path
        if not rel.startswith(".."):
            path = rel
    return path.replace(os.sep, "/")


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "error"]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "warning"]


def summarize(problems: Iterable[Problem], what: str = "content") -> str:
    """One block of text for a build failure: a count, then one line per problem."""
    items = sorted(set(problems))
    noun = "problem" if len(items) == 1 else "problems"
    lines = [f"Found {len(items)} {noun} in {what}:"]
    lines += [f"  {p.parsable()}" for p in items]
    return "\n".join(lines)
