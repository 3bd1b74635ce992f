"""The comparison-tables feature: the site core calls these hooks (see ``knowledge.features``).

Options (``plugins: - knowledge: tables: {file: comparisons.yml}`` in mkdocs.yml):

- ``file``: the data file, relative to ``docs_dir``; default ``comparisons.yml``.
  A missing file is fine while no article embeds a table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from knowledge.features import Feature, PageContext, SiteContext
from knowledge.problems import Problem, relpath
from knowledge.tables.loader import LoadedComparisons, load_comparisons
from knowledge.tables.markers import Marker, expand_markers, find_markers
from knowledge.tables.model import Comparison

DEFAULT_FILE = "comparisons.yml"
CSS_SOURCE = Path(__file__).resolve().parent.parent / "assets" / "tables.css"


def tables_options(site: SiteContext) -> Mapping[str, Any]:
    options = site.options.get("tables") if site.options else None
    return options if isinstance(options, Mapping) else {}


def data_file(site: SiteContext) -> str:
    """The data file's path relative to docs_dir, POSIX style."""
    return str(tables_options(site).get("file") or DEFAULT_FILE).replace("\\", "/")


class TablesFeature(Feature):
    name = "tables"

    def __init__(self) -> None:
        self.loaded = LoadedComparisons(DEFAULT_FILE)
        self._missing_file: str | None = None  # the data file to create, when absent
        self.comparisons: dict[str, Comparison] = {}

    # -- loading -------------------------------------------------------------

    def load(self, site: SiteContext) -> list[Problem]:
        rel = data_file(site)
        path = site.docs_dir / rel
        configured = "file" in tables_options(site)
        self._missing_file = None if path.exists() else relpath(path, site.project_dir)
        if not path.exists() and not configured:
            # No tables on this site; any marker will be reported as unknown.
            self.loaded = LoadedComparisons(rel)
            self.comparisons = {}
            return []
        self.loaded, problems = load_comparisons(path, root=site.project_dir, languages=site.languages)
        self.comparisons = self.loaded.comparisons
        return problems

    def data_files(self, site: SiteContext) -> list[str]:
        return [data_file(site)]

    # -- pages ---------------------------------------------------------------

    def page_markdown(self, markdown: str, page: PageContext, site: SiteContext) -> tuple[str, list[Problem]]:
        problems: list[Problem] = []
        occurrences: dict[str, int] = {}

        def render(marker: Marker) -> str | None:
            comparison = self.comparisons.get(marker.comparison_id)
            if comparison is None:
                if marker.comparison_id not in self.loaded.known_ids:
                    problems.append(self._unknown_id(marker, page))
                return None  # an id of a broken data file: its problems are already reported
            occurrences[comparison.id] = occurrences.get(comparison.id, 0) + 1
            from knowledge.tables.render import anchor_id, render_comparison  # deferred: Jinja is for builds

            return render_comparison(comparison, page.lang, anchor=anchor_id(comparison.id, occurrences[comparison.id]))

        expanded, _ = expand_markers(markdown, render)
        return expanded, problems

    def page_problems(self, markdown: str, page: PageContext, site: SiteContext) -> list[Problem]:
        """page_markdown's problems (markers naming no comparison) without rendering
        any table: the check needs no Jinja."""
        return [
            self._unknown_id(marker, page)
            for marker in find_markers(markdown)
            if marker.comparison_id not in self.comparisons and marker.comparison_id not in self.loaded.known_ids
        ]

    def _unknown_id(self, marker: Marker, page: PageContext) -> Problem:
        known = ", ".join(sorted(self.loaded.known_ids))
        where = f"the comparisons in {self.loaded.path}"
        if not marker.comparison_id:
            what = "comparison marker has no id"
        else:
            what = f"unknown comparison {marker.comparison_id!r}"
        if known:
            fix = f"use one of {where}: {known}"
        elif self._missing_file:
            fix = f"create {self._missing_file} with this comparison (README, \"Comparison tables\")"
        else:
            fix = f"add it to {where}"
        return Problem(page.src_path, page.body_line + marker.line, marker.col, "table-unknown-id", f"{what}; {fix}")

    # -- assets --------------------------------------------------------------

    def stylesheet(self, site: SiteContext) -> str:
        # Part of the site's one stylesheet on every page, not a link of its own on
        # pages with a table: 4.7 KB (1.3 KB gzipped) cost less than a request of its
        # own on a slow connection (tests/bench/paint.py).
        return CSS_SOURCE.read_text(encoding="utf-8")
