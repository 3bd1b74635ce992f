"""Results remembered from one build to the next (``mkdocs serve`` rebuilds).

MkDocs keeps the plugin instance across serve rebuilds (and across the builds of
one process), so what was parsed for the previous build can serve the next one
when its input did not change. Keys hold the input itself (a file's text, a
folder's fingerprint) and every argument the result depends on, never a file's
modification time alone: a result is reused only when recomputing it would give
the same value. Only what the last build used is kept, so memory follows the
site, not the length of the editing session.
"""

from __future__ import annotations

from typing import Callable, Hashable, TypeVar

T = TypeVar("T")


class Memo:
    def __init__(self) -> None:
        self._previous: dict[Hashable, object] = {}
        self._current: dict[Hashable, object] = {}
        self.hits = 0  # for tests and profiling: how many results were reused
        self.misses = 0

    def new_build(self) -> None:
        """Start a build: what the previous build used stays available; older results go."""
        self._previous, self._current = self._current, {}
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The remembered result for ``key``, or ``compute()`` remembered."""
        if key in self._current:
            self.hits += 1
            return self._current[key]  # type: ignore[return-value]
        if key in self._previous:
            self.hits += 1
            value = self._previous.pop(key)
        else:
            self.misses += 1
            value = compute()
        self._current[key] = value
        return value  # type: ignore[return-value]
