"""Benchmark (not a test): `knowledge check` against `mkdocs build` on a large site.

    .venv/bin/python tests/check/bench_check.py [--articles 1000] [--faq 2000] [--keep]

Generates, in a temporary folder, ARTICLES bilingual articles and FAQ entries with
the build benchmark's generator (``tests/bench/sitegen.py``: headings, lists, a
table, links between posts; 3-10 variants per language over a shared vocabulary, so
the near-duplicate rule has real work), then times a cold `knowledge check`
(no cache), a warm one (matcher model cached) and `mkdocs build`, each in its own
process, ``--runs`` times, and prints CPU time (user + system) and wall time of
each and both ratios. The issue's target: check < 10 % of the build. By default the matcher's training is left out of both (see
``--with-matcher``): the build trains the same model for the assistant.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE.parent / "bench"))

import sitegen  # noqa: E402  the generator the build benchmark uses

SEED = 5

def generate(root: Path, n_articles: int, n_faq: int, with_matcher: bool) -> Path:
    """The build benchmark's generated project (tests/bench/sitegen.py): realistic
    bilingual articles and FAQ entries, the same bytes for the same sizes."""
    project = root / "project"
    sitegen.write_our_project(project, n_articles, SEED)
    sitegen.write_faq(project / "faq", n_faq, n_articles, SEED)
    if not with_matcher:
        # Training the assistant's matcher is paid by both (the build trains it for
        # the assistant index, the check for variant-answers-elsewhere): leave it
        # out of both so the ratio compares what differs.
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace(
            "  - knowledge:\n", "  - knowledge:\n      faq:\n        check_variants: false\n      assistant:\n        enabled: false\n"
        ))
    return project


@dataclass(frozen=True)
class Timing:
    wall: float  # seconds on the clock
    cpu: float  # user + system seconds of the child and its children
    code: int
    output: str


def timed(command: list[str], cwd: Path, env_extra: dict[str, str] | None = None) -> Timing:
    """Run ``command`` in its own process: wall time, CPU time (user + system, of
    the child and anything it waited for), exit code and output tail. CPU time is
    what a busy machine distorts least; wall time is what an editor waits."""
    env = {**os.environ, **(env_extra or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timing(wall, cpu, done.returncode, (done.stdout + done.stderr)[-2000:])


def show(label: str, timing: Timing) -> None:
    lines = timing.output.count("\n")
    print(f"  {label:<34} cpu {timing.cpu:6.2f} s   wall {timing.wall:6.2f} s   exit {timing.code}, {lines} output lines (tail)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--faq", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=2, help="measure this many times, to see how stable the figures are (default: %(default)s)")
    parser.add_argument("--keep", action="store_true", help="keep the generated project and print its path")
    parser.add_argument(
        "--with-matcher",
        action="store_true",
        help="also train the matcher in both (variant-answers-elsewhere, assistant index); slow and memory-hungry at 2,000 entries",
    )
    parser.add_argument("--sample", action="store_true", help="also time a cold check of this repository's own content (target < 2 s)")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="knowledge-bench-"))
    ratios: list[tuple[float, float]] = []
    try:
        project = generate(root, args.articles, args.faq, args.with_matcher)
        matcher = "with" if args.with_matcher else "without"
        print(f"generated {args.articles} bilingual articles and {args.faq} FAQ entries in {project} ({matcher} matcher training)")
        check = [str(BIN / "knowledge"), "check", "--format", "parsable"]
        for run in range(1, args.runs + 1):
            print(f"run {run}/{args.runs}")
            cold = timed(check, project, {"KNOWLEDGE_CACHE": "0"})
            show("knowledge check (cold, no cache)", cold)
            timed(check, project)  # fills the cache
            warm = timed(check, project)
            show("knowledge check (matcher cached)", warm)
            shutil.rmtree(root / "site", ignore_errors=True)
            build = timed([str(BIN / "mkdocs"), "build", "--site-dir", str(root / "site")], project)
            show("mkdocs build", build)
            if build.code != 0:
                print(build.output)
            ratios.append((cold.cpu / build.cpu, cold.wall / build.wall))
            print(f"  ratio cold check / build:          cpu {cold.cpu / build.cpu:6.1%}   wall {cold.wall / build.wall:6.1%}   (target < 10 %)")
            print(f"  ratio warm check / build:          cpu {warm.cpu / build.cpu:6.1%}   wall {warm.wall / build.wall:6.1%}")
        if len(ratios) > 1:
            cpu, wall = zip(*ratios)
            print(f"cold check / build over {len(ratios)} runs: cpu {min(cpu):.1%}–{max(cpu):.1%}, wall {min(wall):.1%}–{max(wall):.1%}")
        if args.sample:
            sample = timed(check, HERE.parents[1], {"KNOWLEDGE_CACHE": "0"})
            show("sample content: knowledge check", sample)
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
