"""Run every check on a project: the build's loaders, then the rules beyond them.

The order mirrors the build (``plugin.on_config`` and page rendering), and the
same functions run, so ``knowledge check`` and ``mkdocs build`` cannot disagree:

1. the site loader (front matter, authors) with drafts included;
2. every feature's ``load`` (FAQ entries, comparison tables…);
3. every feature's ``check_references`` with the pages the site has;
4. every feature's ``page_markdown`` on every page body (e.g. unknown table ids);
5. :func:`knowledge.check.rules.rule_problems`.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence, TypeVar

from knowledge.check.project import ProjectConfig, site_context
from knowledge.check.rules import condense, read_pages, rule_problems
from knowledge.features import Feature, SiteContext, load_features
from knowledge.problems import Problem, relpath

T = TypeVar("T")


@dataclass(frozen=True)
class CheckResult:
    problems: list[Problem]  # sorted, without duplicates
    files_checked: int
    summary: tuple[str, ...] = ()  # extra summary lines (question tests' score per language)


def check_project(config: ProjectConfig) -> CheckResult:
    return check_site(site_context(config), config_path=relpath(config.config_file, config.project_dir))


def check_site(site: SiteContext, *, config_path: str = "mkdocs.yml") -> CheckResult:
    from knowledge.site.loader import load_site

    problems: list[Problem] = []

    def guarded(step: str, call: Callable[[], T], default: T) -> T:
        """A bug in one step is one problem line, not a traceback hiding the others."""
        try:
            return call()
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed
            where = traceback.extract_tb(exc.__traceback__)[-1]
            problems.append(Problem(
                config_path, 1, 1, "internal-error",
                f"{step} failed: {type(exc).__name__}: {exc} (at {where.filename}:{where.lineno}); please report this bug",
            ))
            return default

    loaded = guarded("loading the site", lambda: load_site(site, include_drafts=True, reading_time=False), None)
    if loaded is None:
        return CheckResult(_clean(problems), 0)
    model, site_problems = loaded
    problems += site_problems
    features: list[Feature] = guarded("loading the features", load_features, [])
    for feature in features:
        problems += guarded(f"{feature.name}: load", lambda: feature.load(site), [])
    page_keys = model.page_keys()
    for feature in features:
        problems += guarded(f"{feature.name}: check_references", lambda: feature.check_references(site, page_keys), [])
    pages = read_pages(site, model)
    for page in pages:
        context = page.context(site)
        for feature in features:
            problems += guarded(f"{feature.name}: page_problems({page.path})", lambda: feature.page_problems(page.body, context, site), [])
    problems += guarded("the content rules", lambda: rule_problems(site, model, features, pages=pages), [])
    summary = tuple(line for f in features for line in getattr(f, "question_summary", ()))
    return CheckResult(_clean(problems), _count_files(site), summary)


def _clean(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted, and one line per (path, line, col, rule): a loader and a rule may both see it."""
    return sorted(set(condense(problems)))


COUNTED_SUFFIXES = frozenset({".md", ".yml", ".yaml"})


def _count_files(site: SiteContext) -> int:
    """Content and FAQ files, as ``Path.rglob("*")`` lists them (folders and links
    included, symlinked folders not entered), none under a dot-folder."""
    count = 0
    for folder in (site.docs_dir, site.project_dir / "faq"):
        if not folder.is_dir() or any(part.startswith(".") for part in folder.parts):
            continue
        for _, dirs, files in os.walk(folder):
            count += sum(1 for name in (*dirs, *files) if not name.startswith(".") and _suffix(name) in COUNTED_SUFFIXES)
            dirs[:] = [name for name in dirs if not name.startswith(".")]
    return count


def _suffix(name: str) -> str:
    """``PurePath(name).suffix``."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def select(problems: Sequence[Problem], paths: Sequence[str]) -> list[Problem]:
    """Problems in ``paths`` (project-relative files or folders); all of them when empty."""
    if not paths:
        return list(problems)
    prefixes = [p.rstrip("/") for p in paths]
    return [p for p in problems if any(p.path == prefix or p.path.startswith(prefix + "/") for prefix in prefixes)]
