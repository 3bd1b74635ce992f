"""Choose the abstention rule on pooled DEV so that no group's quality drops (issue 10).

    .venv/bin/python tests/bench/threshold_grid.py

A new trainer moves the confidences, so the thresholds need choosing again. The
rule kept is the one whose largest drop, over the three groups' bal and prec@t
against the previous shipped dev figures (SPEC.md §10, trainer before issue 10),
is smallest; ties go to the higher mean bal. DEV only: never test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import matcher_dev as md  # noqa: E402

from knowledge.matcher import Matcher, train  # noqa: E402

#: Dev bal and prec@t per group with the previous trainer and its rule (4.05 / 0.6).
PREVIOUS = {"massive": (66.9, 75.8), "clinc150": (76.3, 82.2), "hint3": (64.8, 67.1)}


def main() -> int:
    rows = {}
    for name in md.SETS:
        queries = json.loads((md.BENCH / name / "dev.json").read_text(encoding="utf-8"))
        rows[name] = md.collect(Matcher(train(md.load_entries(name))), queries)
    results = []
    for max_unknown in (0.5, 0.6, 0.7):
        for hundredths in range(400, 520, 5):
            rule = {"threshold": hundredths / 100, "minCoverage": 0.0, "maxUnknown": max_unknown}
            groups = md.group_means({n: md.metrics(r, rule) for n, r in rows.items()})
            worst = min(min(groups[g]["bal"] - bal, groups[g]["prec@t"] - prec) for g, (bal, prec) in PREVIOUS.items())
            mean_bal = sum(g["bal"] for g in groups.values()) / len(groups)
            results.append((worst, mean_bal, rule, groups))
    results.sort(key=lambda r: (-r[0], -r[1]))
    for worst, mean_bal, rule, groups in results[:5]:
        per_group = ", ".join(f"{g} {m['bal']:.1f}/{m['prec@t']:.1f}" for g, m in groups.items())
        print(f"threshold {rule['threshold']:.2f} maxUnknown {rule['maxUnknown']}: largest drop {worst:+.1f}, mean bal {mean_bal:.2f} ({per_group})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
