"""Child processes of the build benchmark that look inside our build (bench_build.py runs them).

    python build_probes.py train FAQ_DIR
        Loads FAQ_DIR as the build does, times knowledge.matcher.train.train on
        match_entries(entries) in this process (CPU and wall) and prints one JSON line.
        The parent reads this process's peak memory (max RSS) from wait4.

    python build_probes.py mkdocs TRAIN_LOG [mkdocs arguments…]
        Runs `mkdocs …` in this process with the matcher's training wrapped: every
        call to train() (the one the build's cache makes when it has no model for
        the content) appends {"cpu", "wall", "entries"} to TRAIN_LOG. No call means
        the build trained nothing. Used for rebuilds (`mkdocs build` again, `mkdocs
        serve` after an edit), never for the timed builds.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

# As the build: one BLAS thread (knowledge.matcher.train sets the same defaults).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")


def probe_training(faq_dir: Path) -> int:
    from knowledge.faq.loader import load_faq
    from knowledge.matcher import match_entries, train

    entries, _ = load_faq(faq_dir, root=faq_dir.parent)
    inputs = match_entries(entries, ("es", "en"))
    rss_before_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu, wall = time.process_time(), time.perf_counter()
    model = train(inputs)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(json.dumps({
        "entries": len(inputs),
        "examples": sum(len(texts) for e in inputs for texts in e.texts.values()),
        "cpu_s": cpu,
        "wall_s": wall,
        "rss_before_training_mib": rss_before_mib,
        "model_json_bytes": len(json.dumps(model)),
    }))
    return 0


def probe_mkdocs(train_log: Path, mkdocs_args: list[str]) -> int:
    from knowledge.matcher import cache

    original = cache.train

    def timed_train(entries, *args, **kwargs):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return original(entries, *args, **kwargs)
        finally:
            record = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall, "entries": len(entries), "at": time.time()}
            with open(train_log, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(record) + "\n")

    # The cache calls its module's `train`: replacing that name sees every training.
    cache.train = timed_train
    from mkdocs.__main__ import cli

    return cli.main(args=mkdocs_args, prog_name="mkdocs", standalone_mode=True)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "train":
        return probe_training(Path(argv[1]))
    if len(argv) >= 2 and argv[0] == "mkdocs":
        return probe_mkdocs(Path(argv[1]), argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
