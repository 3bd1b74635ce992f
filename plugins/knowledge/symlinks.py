"""Symbolic links in the content, the FAQ folder and the data files.

A pull request can add a symlink as easily as a file, and a reviewer sees only a
one-line target. MkDocs copies every non-Markdown file of ``docs_dir`` into the site
following links (folders too), and our loaders would read a linked YAML file, so
``content/es/passwd.txt -> /etc/passwd`` or ``faq/x.yml -> /proc/self/environ``
would publish or print what is outside the project. The policy:

- a link whose target resolves **outside the project directory** is an error
  (``symlink``), whatever the file type, a folder link included; it is never read
  and never copied into the site;
- a link that stays **in the tree it sits in** (``content/`` → ``content/``,
  ``faq/`` → ``faq/``), outside dot-folders, is allowed and is the file (or folder)
  it points to: a page or image shared by two paths, what symlinks are for;
- a link from one tree into **the rest of the project** (``content/x -> ../.git/config``,
  ``../mkdocs.yml``, ``../.env``) is an error too: those files are not content, they
  are not reviewed as content, and some (``.git/``) hold secrets.

Dangling links and loops are ``unreadable`` (``check.rules``). No MkDocs here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from knowledge.problems import Problem, relpath

RULE = "symlink"


@dataclass
class LinkReport:
    problems: list[Problem] = field(default_factory=list)
    # Paths of refused links relative to each tree's root ("es/passwd.txt", "es/ssl"),
    # keyed by the tree's root: what the build must not publish, even under a folder link.
    refused: dict[str, set[str]] = field(default_factory=dict)

    def refused_under(self, root: str | os.PathLike[str]) -> set[str]:
        return self.refused.get(os.path.abspath(root), set())


def inside(path: str, root: str) -> bool:
    """Whether ``path`` is ``root`` or below it (both absolute, normalized)."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def read_allowed(path: str | os.PathLike[str], root: str | os.PathLike[str] | None) -> bool:
    """Whether a loader may read ``path``: no ``root`` to stay in, or the file, links
    followed, is inside ``root``. Only links and paths that are not lexically under
    ``root`` are resolved (``realpath`` costs a system call per path component)."""
    if root is None:
        return True
    absolute = os.path.abspath(path)
    root_abs = os.path.abspath(root)
    if inside(absolute, root_abs) and not os.path.islink(absolute):
        # A folder link above the file would still lead out; loaders list files with
        # globs that do not enter folder links, and the `symlink` rule reports those.
        return True
    return inside(os.path.realpath(absolute), os.path.realpath(root_abs))


def link_report(trees: Iterable[str | os.PathLike[str]], project_dir: str | os.PathLike[str]) -> LinkReport:
    """Every link under ``trees`` (docs_dir, the FAQ folder) that leads out of its
    tree, as a ``symlink`` problem at the link's path; the trees themselves too."""
    report = LinkReport()
    project_real = os.path.realpath(project_dir)
    seen: set[str] = set()
    for tree in trees:
        tree_abs = os.path.abspath(tree)
        if tree_abs in seen or not os.path.lexists(tree_abs):
            continue
        seen.add(tree_abs)
        refused = report.refused.setdefault(tree_abs, set())
        tree_real = os.path.realpath(tree_abs)
        if not inside(tree_real, project_real):
            report.problems.append(_problem(tree_abs, project_dir, f"the folder {relpath(tree_abs, project_dir)!r} resolves outside the project, to {tree_real!r}; keep content inside the project"))
            refused.add("")
            continue
        for path in _links_below(tree_abs):
            message = _refusal(path, tree_real, project_real, project_dir)
            if message:
                report.problems.append(_problem(path, project_dir, message))
                refused.add(os.path.relpath(path, tree_abs).replace(os.sep, "/"))
    return report


def _links_below(folder: str) -> list[str]:
    """Every symlink below ``folder`` (files and folders, dot-names included), not
    entering folder links nor dot-folders. ``os.scandir`` knows an entry's type from
    the directory listing, so this costs no system call per file."""
    found: list[str] = []
    pending = [folder]
    while pending:
        try:
            with os.scandir(pending.pop()) as entries:
                for entry in entries:
                    if entry.is_symlink():
                        found.append(entry.path)
                    elif not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
        except OSError:
            continue  # an unreadable folder: its files are reported by the loaders that need them
    return sorted(found)


def _refusal(link: str, tree_real: str, project_real: str, project_dir: str | os.PathLike[str]) -> str | None:
    try:
        written = os.readlink(link)
    except OSError:
        written = "?"
    target = os.path.realpath(link)
    kind = "folder" if os.path.isdir(link) else "file"
    if not inside(target, project_real):
        return outside_message(written, kind)
    if not inside(target, tree_real) or any(part.startswith(".") for part in Path(os.path.relpath(target, tree_real)).parts):
        return (f"symlink to {written!r} leads to {relpath(target, project_real)!r}, which is not content of this folder "
                f"(links may only point inside the folder they are in, outside dot-folders); copy the {kind} here instead")
    return None


def outside_message(written: str, kind: str = "file") -> str:
    return (f"symlink to {written!r} leads outside the project; it is never read nor published: "
            f"replace the link with the {kind} itself, inside the project")


def outside_problem(path: str | os.PathLike[str], display: str) -> Problem:
    """What a loader reports for a file it refuses to read (the same line as the rule's)."""
    try:
        written = os.readlink(path)
    except OSError:  # not a link itself: a link in a parent folder, or a path set outside
        return Problem(display, 1, 1, RULE, f"this file is outside the project (it resolves to {os.path.realpath(path)!r}); "
                                            "it is not read: keep content and data files inside the project")
    return Problem(display, 1, 1, RULE, outside_message(written))


def _problem(path: str, project_dir: str | os.PathLike[str], message: str) -> Problem:
    return Problem(relpath(path, project_dir), 1, 1, RULE, message)


def refused_file(src_uri: str, refused: set[str]) -> bool:
    """Whether a file of a tree (``src_uri`` relative to its root) is, or is under, a refused link."""
    if "" in refused:
        return True
    parts = src_uri.split("/")
    return any("/".join(parts[:n]) in refused for n in range(1, len(parts) + 1))


def unpublishable(files: Iterable[tuple[str, str | None]], docs_dir: str | os.PathLike[str], refused: set[str]) -> list[str]:
    """Of the engine's files ``(src_uri, abs_src_path)``, those of ``docs_dir`` that must
    not be published: under a refused link, or whose real path is not in docs_dir
    (a folder link the engine followed). Files from elsewhere (theme, generated) pass."""
    docs_abs = os.path.abspath(docs_dir)
    docs_real = os.path.realpath(docs_abs)
    out = []
    for src_uri, abs_src_path in files:
        if not abs_src_path or not inside(os.path.abspath(abs_src_path), docs_abs):
            continue
        if refused_file(src_uri, refused) or not inside(os.path.realpath(abs_src_path), docs_real):
            out.append(src_uri)
    return out
