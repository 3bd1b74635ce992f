"""Helpers of the root ``tests/conftest.py``, imported by path.

``from conftest import …`` is ambiguous once other test folders have their own
``conftest.py`` (pytest imports each as the module ``conftest``, the last one
wins), so the FAQ tests load the root one under a name of their own.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_PATH = Path(__file__).resolve().parents[1] / "conftest.py"
_NAME = "knowledge_tests_root_conftest"


def _load():
    if _NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(_NAME, _PATH)
        module = importlib.util.module_from_spec(spec)
        sys.modules[_NAME] = module
        spec.loader.exec_module(module)
    return sys.modules[_NAME]


_root = _load()
REPO = _root.REPO
mkdocs_build = _root.mkdocs_build
serve_directory = _root.serve_directory
tab_until = _root.tab_until
LAUNCHER, PANEL, INPUT, BOT_MESSAGES = _root.LAUNCHER, _root.PANEL, _root.INPUT, _root.BOT_MESSAGES
open_assistant = _root.open_assistant
ask = _root.ask
