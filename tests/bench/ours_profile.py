"""Per-query timing and index size of our matcher, for the benchmark table.

``knowledge ask --batch`` gives answers but no per-query time, so this module trains
the same model from the same entries (``knowledge.matcher.train``) and times:

- the Python reference (``knowledge.matcher.Matcher.search``) in this process;
- the shipped ``assets/matcher.js`` under Node (``time_ours.mjs``).

Both first run warm-up queries (the dev split, as the baselines do), then time each
reported query alone. The index size is the gzipped index script the build emits
(``knowledge.matcher.index.index_script``) when that function exists, else the
model's compact JSON.
"""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

HERE = Path(__file__).resolve().parent
GZIP_LEVEL = 9


@dataclass
class Profile:
    ms: dict[str, list[float]] = field(default_factory=dict)  # "ours_python" / "ours_js" -> per timed query
    ids: dict[str, list[str | None]] = field(default_factory=dict)  # the answers seen while timing
    index_gz_bytes: int | None = None
    index_source: str = ""
    model_gz_bytes: int | None = None  # the matcher's part of the index alone, without the display data
    train_s: float = 0.0


def match_entries(corpus: dict):
    """The corpus entries as the matcher sees FAQ entries: per language the question, then variants."""
    from knowledge.matcher import MatchEntry

    entries = []
    for entry in corpus["entries"]:
        texts = {}
        for lang in corpus["languages"]:
            question = entry.get("question", {}).get(lang)
            if question:
                texts[lang] = [question, *entry.get("variants", {}).get(lang, [])]
        entries.append(MatchEntry(entry["id"], texts))
    return entries


def compact_json(model: dict) -> str:
    return json.dumps(model, ensure_ascii=False, separators=(",", ":"))


def index_text(model: dict, corpus: dict) -> tuple[str, str]:
    """What the assistant downloads for this FAQ, and where that figure comes from."""
    from knowledge.matcher.index import index_script

    # One index per page language: the whole (mixed) model plus that language's
    # display data, shaped as the FAQ feature ships it (question, answer, link).
    lang = corpus["languages"][0]
    display = {
        e["id"]: {"question": e["question"][lang], "answer": e["answer"][lang], "url": f"/{lang}/faq/#{e['id']}"}
        for e in corpus["entries"]
        if lang in e["question"]
    }
    return index_script(model, display, lang), f"index_script({lang!r})"


def gz_len(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), compresslevel=GZIP_LEVEL, mtime=0))


def time_python(model: dict, warmup: Sequence[str], timed: Sequence[str]) -> tuple[list[float], list[str | None]]:
    from knowledge.matcher import Matcher

    matcher = Matcher(model)
    for q in warmup:
        matcher.search(q)
    ms: list[float] = []
    ids: list[str | None] = []
    for q in timed:
        start = time.perf_counter_ns()
        result = matcher.search(q)
        ms.append((time.perf_counter_ns() - start) / 1e6)
        ids.append(result.id)
    return ms, ids


def time_js(model: dict, warmup: Sequence[str], timed: Sequence[str], workdir: Path) -> tuple[list[float], list[str | None]]:
    node = shutil.which("node")
    if not node:
        raise RuntimeError("node is not installed")
    workdir.mkdir(parents=True, exist_ok=True)
    from knowledge.matcher.index import shipped_matcher

    model_file = workdir / "matcher.json"  # what the index script carries: the model, or its ready index (SPEC.md §12)
    queries_file = workdir / "queries.json"
    model_file.write_text(compact_json(shipped_matcher(model)), encoding="utf-8")
    queries_file.write_text(json.dumps({"warmup": list(warmup), "timed": list(timed)}, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [node, str(HERE / "time_ours.mjs"), str(model_file), str(queries_file)], capture_output=True, text=True, encoding="utf-8"
    )
    if proc.returncode != 0:
        raise RuntimeError(f"time_ours.mjs failed: {proc.stderr.strip()[-2000:]}")
    out = json.loads(proc.stdout)
    return out["ms"], out["ids"]


def profile(corpus: dict, warmup: Sequence[str], timed: Sequence[str], workdir: Path) -> Profile:
    from knowledge.matcher import train

    start = time.perf_counter()
    model = train(match_entries(corpus))
    result = Profile(train_s=time.perf_counter() - start)
    text, source = index_text(model, corpus)
    result.index_gz_bytes, result.index_source = gz_len(text), source
    from knowledge.matcher.index import shipped_matcher

    result.model_gz_bytes = gz_len(compact_json(shipped_matcher(model)))  # what the index ships for the matcher
    result.ms["ours_python"], result.ids["ours_python"] = time_python(model, warmup, timed)
    result.ms["ours_js"], result.ids["ours_js"] = time_js(model, warmup, timed, workdir)
    return result
