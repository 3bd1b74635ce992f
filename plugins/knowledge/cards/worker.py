"""``python -m knowledge.cards.worker JOB``: draws the cards a build hands over in the
JSON file JOB (``{"folder", "options", "cards": [[key, text], …]}``) into
``folder/<key>.png``, each written atomically. Nothing comes back on a pipe: the build finds the files.
A card this worker fails to draw is simply missing, and the build draws it itself."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from knowledge.cachedir import write_atomically
from knowledge.cards.model import CardOptions, CardText
from knowledge.cards.render import render_card


def main() -> int:
    if hasattr(os, "nice"):
        # Below the build in the scheduler's eyes: on a machine with no idle core the
        # pages come first, and the cards fill the time the build leaves.
        os.nice(10)
    job = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    raw = job["options"]
    options = CardOptions(
        enabled=raw["enabled"], background=tuple(raw["background"]), foreground=tuple(raw["foreground"]),
        accent=tuple(raw["accent"]), logo=Path(raw["logo"]) if raw["logo"] else None, logo_digest=raw["logo_digest"],
    )
    folder = Path(job["folder"])
    for key, text in job["cards"]:
        write_atomically(folder / f"{key}.png", render_card(CardText(**text), options))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
