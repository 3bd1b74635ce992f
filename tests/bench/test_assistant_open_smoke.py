"""tests/bench/assistant_open.py end to end at a small size: it runs, both engines answer.

Timings are printed by the script and never asserted here (they depend on the machine).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("ready_above_chars", ["0", "1000000"], ids=["ready index", "model"])
def test_smoke_run_measures_both_engines(browser, tmp_path, capsys, ready_above_chars) -> None:
    import assistant_open

    # The session's Chromium (conftest): a second Playwright cannot start inside the first.
    assert assistant_open.run(browser, ["--entries", "30", "--runs", "1", "--workdir", str(tmp_path),
                                        "--ready-above-chars", ready_above_chars]) == 0
    out = capsys.readouterr().out
    spec = 3 if ready_above_chars == "0" else 2
    ours = re.search(rf"^30 entries, ours, matcher data spec {spec}: click → answer (\d+) ms \(load (\d+) ms\), "
                     r"p95 query [\d.]+ ms \(best of 3 passes [\d.]+\), .*; first answer ([^;]+); best run", out, re.M)
    assert ours, out
    assert not ours.group(3).startswith("error"), out  # the assistant opened the index and replied
    assert re.search(r"^30 entries, MiniSearch 7\.2: click → answer \d+ ms \(load \d+ ms\), p95 query [\d.]+ ms \(best of 3 passes [\d.]+\), "
                     r"documents \d+ KB raw / \d+ KB gz, serialized index", out, re.M), out
