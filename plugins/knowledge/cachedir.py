"""Where slow results are kept between runs (trained matcher models, the checks'
results, social cards), and how a file gets there.

One place for ``mkdocs build``, ``mkdocs serve`` and ``knowledge check``, so a model
trained by one is reused by the others. Light on purpose: the check imports it
without the matcher.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from knowledge.features import SiteContext

#: Under the folder holding mkdocs.yml; ``.cache/`` is git-ignored.
DEFAULT_CACHE_DIR = Path(".cache") / "knowledge"


def cache_dir(site: SiteContext) -> Path | None:
    """The cache folder of ``site``, or ``None`` for no disk cache.

    ``KNOWLEDGE_CACHE=0`` turns it off; ``KNOWLEDGE_CACHE_DIR`` moves it; else the
    plugin option ``faq.cache_dir`` (``false`` turns it off); else
    ``.cache/knowledge``. Relative paths are relative to the folder holding
    mkdocs.yml, so the runs of one project share one cache wherever they start.
    An unusable option value is reported by ``check.rules.rule_options`` and ignored here.
    """
    if os.environ.get("KNOWLEDGE_CACHE", "1") == "0":
        return None
    chosen = os.environ.get("KNOWLEDGE_CACHE_DIR", "").strip()
    if not chosen:
        option = option_value(site)
        if option is False:
            return None
        chosen = option.strip() if isinstance(option, str) and option.strip() else str(DEFAULT_CACHE_DIR)
    return site.project_dir / Path(chosen).expanduser()


def option_value(site: SiteContext) -> Any:
    """``faq.cache_dir`` as written (``None`` when absent)."""
    faq = site.options.get("faq") if isinstance(site.options, Mapping) else None
    return faq.get("cache_dir") if isinstance(faq, Mapping) else None


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` in ``path`` through a unique temporary file and one rename: a reader
    (another build, the check, a card worker) sees the old file or the whole new one,
    never half of it. Raises ``OSError``; the caller decides what a failed write costs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem[:16]}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide the cache from a CI job's other user
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
