"""Benchmark (not a test): `knowledge check` against `mkdocs build` on a large site.

    .venv/bin/python tests/check/bench_check.py [--articles 1000] [--faq 2000] [--keep]

Generates, in a temporary folder, a copy of the clean fixture project grown to
ARTICLES bilingual articles (each linking to another, with headings and an image)
and FAQ entries (question, two variants, answer per language, varied vocabulary so
the near-duplicate rule has real work), then times a cold `knowledge check`
(no cache), a warm one (matcher model cached) and `mkdocs build`, each in its own
process, and prints the timings and the ratio. The issue's target: check < 10 % of
the build. By default the matcher's training is left out of both (see
``--with-matcher``): the build trains the same model for the assistant.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent

WORDS_ES = "modelo datos costo equipo cliente proyecto prompt agente tabla busqueda indice factura contrato soporte servidor nube latencia prueba calidad seguridad privacidad licencia codigo api panel reporte alerta backup migracion".split()
WORDS_EN = "model data cost team client project prompt agent table search index invoice contract support server cloud latency test quality security privacy license code api dashboard report alert backup migration".split()


def article(lang: str, i: int, n: int, rng: random.Random) -> str:
    words = WORDS_ES if lang == "es" else WORDS_EN
    other = (i * 7 + 3) % n
    heading = "Primera parte" if lang == "es" else "First part"
    anchor = "primera-parte" if lang == "es" else "first-part"
    paragraphs = "\n\n".join(" ".join(rng.choice(words) for _ in range(60)) + "." for _ in range(6))
    category = ("Proyectos", "Datos", "Equipo")[i % 3] if lang == "es" else ("Projects", "Data", "Team")[i % 3]
    return f"""---
title: "{'Artículo' if lang == 'es' else 'Article'} {i}"
description: "{'Una nota generada' if lang == 'es' else 'A generated note'} {i}."
date: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}
author: ana-perez
category: {category}
tags: [{words[i % len(words)]}, {words[(i + 5) % len(words)]}]
---

{paragraphs}

## {heading}

![{'Diagrama' if lang == 'es' else 'Diagram'} {i}](../../assets/diagram.svg)

{'Ver también' if lang == 'es' else 'See also'} [post {other}](post-{other:04d}.md#{anchor}).

{paragraphs}
"""


def faq_entry(i: int, rng: random.Random) -> str:
    def text(words: list[str]) -> str:
        return " ".join(rng.sample(words, 5))

    es_q, en_q = text(WORDS_ES), text(WORDS_EN)
    return f"""es:
  question: "¿{es_q} {i}?"
  variants:
    - "{text(WORDS_ES)} {i}"
    - "{text(WORDS_ES)} numero {i}"
  answer: "Respuesta {i}: {text(WORDS_ES)}."
en:
  question: "{en_q} {i}?"
  variants:
    - "{text(WORDS_EN)} {i}"
    - "{text(WORDS_EN)} number {i}"
  answer: "Answer {i}: {text(WORDS_EN)}."
"""


def generate(root: Path, n_articles: int, n_faq: int, with_matcher: bool) -> Path:
    project = root / "project"
    shutil.copytree(HERE / "fixtures" / "clean", project)
    if not with_matcher:
        # Training the assistant's matcher is paid by both (the build trains it for
        # the assistant index, the check for variant-answers-elsewhere): leave it
        # out of both so the ratio compares what differs.
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace(
            "  - knowledge\n", "  - knowledge:\n      faq:\n        check_variants: false\n      assistant:\n        enabled: false\n"
        ))
    rng = random.Random(5)
    for lang in ("es", "en"):
        blog = project / "content" / lang / "blog"
        for i in range(n_articles):
            (blog / f"post-{i:04d}.md").write_text(article(lang, i, n_articles, rng), encoding="utf-8")
    for i in range(n_faq):
        (project / "faq" / f"entry-{i:04d}.yml").write_text(faq_entry(i, rng), encoding="utf-8")
    return project


def timed(command: list[str], cwd: Path, env_extra: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Wall time, exit code, output tail; also prints the CPU time (user + system) of
    the child, which a busy machine distorts less than the wall clock."""
    import os
    import resource

    env = {**os.environ, **(env_extra or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"    [{' '.join(Path(command[0]).name for _ in [0])} {' '.join(command[1:3])}: wall {wall:.2f} s, cpu {cpu:.2f} s]")
    return wall, done.returncode, (done.stdout + done.stderr)[-2000:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--faq", type=int, default=2000)
    parser.add_argument("--keep", action="store_true", help="keep the generated project and print its path")
    parser.add_argument(
        "--with-matcher",
        action="store_true",
        help="also train the matcher in both (variant-answers-elsewhere, assistant index); slow and memory-hungry at 2,000 entries",
    )
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="knowledge-bench-"))
    try:
        project = generate(root, args.articles, args.faq, args.with_matcher)
        matcher = "with" if args.with_matcher else "without"
        print(f"generated {args.articles} bilingual articles and {args.faq} FAQ entries in {project} ({matcher} matcher training)")
        check = [str(BIN / "knowledge"), "check", "--format", "parsable"]
        cold, code, out = timed(check, project, {"KNOWLEDGE_CACHE": "0"})
        print(f"knowledge check (cold, no cache): {cold:7.2f} s  exit {code}, {out.count(chr(10))} output lines")
        timed(check, project)  # fills the cache
        warm, code, _ = timed(check, project)
        print(f"knowledge check (matcher cached): {warm:7.2f} s  exit {code}")
        build, code, out = timed([str(BIN / "mkdocs"), "build", "--site-dir", str(root / "site")], project)
        print(f"mkdocs build:                     {build:7.2f} s  exit {code}")
        if code != 0:
            print(out)
        print(f"ratio cold/build: {cold / build:6.1%}   warm/build: {warm / build:6.1%}   (target < 10 %)")
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
