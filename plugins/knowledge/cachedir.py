"""Where slow results are kept between runs (today: trained matcher models).

One place for ``mkdocs build``, ``mkdocs serve`` and ``knowledge check``, so a model
trained by one is reused by the others. Light on purpose: the check imports it
without the matcher.
"""

from __future__ import annotations

import os
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
