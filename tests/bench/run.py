"""The matcher benchmark: our matcher (both engines) against fuse.js, MiniSearch and lunr.

    .venv/bin/python tests/bench/run.py [--sets massive,clinc150] [--split test|dev] [--smoke]

For every set of ``../shared/bench`` (or ``$KNOWLEDGE_BENCH_DIR``), mixed mode (one
index with every language of the set):

- ours: the corpus becomes a temporary ``faq/`` folder of ``<id>.yml`` files and every
  query goes through ``knowledge ask --batch`` with ``--engine python`` and ``--engine
  js``, the code path the product ships. Our abstention is the shipped default (``id``
  null = abstain): no per-set threshold.
- baselines: ``tests/bench/baselines.mjs`` (Node), each threshold calibrated on the
  set's dev split to maximise bal, then applied to the reported split.

Prints one table, then the targets of issue 6 with PASS/FAIL; writes
``tests/bench/results.json`` and ``tests/bench/results.md``. Exit code 0 when the run
completed (whatever the targets say), 2 when something could not run.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

from metrics import NEVER, Prediction, Scores, calibrate, mean_or_none, median_and_p95, score  # noqa: E402
import union  # noqa: E402

#: README order first; any other set found in the bench folder follows, sorted.
SET_ORDER = ["massive", "clinc150", "hint3_sofmattress", "hint3_curekart", "hint3_powerplay11", "union"]
HINT3_SETS = ["hint3_sofmattress", "hint3_curekart", "hint3_powerplay11"]
PERTURBATIONS = {"test_noaccent.json": "noaccent", "test_typo.json": "typo"}
SMOKE_SETS = 2
SMOKE_QUERIES = 40
KB = 1024.0  # the README's "KB" (MiniSearch MASSIVE: 10,010 bytes gz = 9.8)
GZIP_LEVEL = 9  # same level as baselines.mjs

OURS = {"ours_python": "python", "ours_js": "js"}
BASELINE_LABELS = {
    "fuse": "fuse.js 7.5 defaults",
    "minisearch": "minisearch, score/terms",
    "minisearch_fold_stop": "minisearch, score/terms + fold + stopwords",
    "lunr": "lunr + lunr.es",
    "lunr_fuzzy": "lunr + lunr.es + edit distance 1",
    "lunr_multi": "lunr multiLanguage(en, es)",
}
LABELS = {"ours_python": "ours (python engine)", "ours_js": "ours (js engine)", **BASELINE_LABELS}
#: The README's published baseline figures (top1, bal) on test, for the side-by-side.
PUBLISHED = {
    "massive": {
        "fuse": (33.8, 53.7), "minisearch": (46.2, 56.6), "minisearch_fold_stop": (47.2, 59.4),
        "lunr": (46.3, 57.8), "lunr_fuzzy": (47.3, 58.3), "lunr_multi": (48.1, 57.2),
    },
    "clinc150": {
        "fuse": (45.8, 53.9), "minisearch": (62.6, 65.3), "minisearch_fold_stop": (60.5, 62.7),
        "lunr": (61.0, 62.5), "lunr_fuzzy": (61.0, 62.2),
    },
    "hint3": {
        "fuse": (37.2, 50.3), "minisearch": (43.5, 56.6), "minisearch_fold_stop": (51.8, 60.4),
        "lunr": (51.7, 56.3), "lunr_fuzzy": (53.4, 57.7),
    },
}
#: Issue 6, point 3: (top1, bal, prec@t) floors per group, on test, shipped default.
TARGETS = {"massive": (60.0, 68.0, 75.0), "clinc150": (75.0, 77.0, 80.0), "hint3": (62.0, 65.0, 65.0)}
MAX_ACCENT_COST = 1.0
MAX_TYPO_COST = 4.0
MAX_SIZE_RATIO = 2.0
MAX_P95_RATIO = 2.0
MAX_P95_CLINC_MS = 1.0
MAX_CLIENT_KB = 15.0
CLIENT_SCRIPTS = ["matcher.js", "assistant.js"]
ASSETS = REPO / "plugins" / "knowledge" / "assets"


class BenchError(RuntimeError):
    """Something the benchmark needs could not run; the message says what."""


# ----------------------------------------------------------------- data


@dataclass
class BenchSet:
    name: str
    path: Path
    corpus: dict
    queries: dict[str, list[dict]]  # file name -> queries (dev.json, test.json, perturbations)


def bench_dir() -> Path:
    env = os.environ.get("KNOWLEDGE_BENCH_DIR")
    path = Path(env) if env else REPO.parent / "shared" / "bench"
    if not path.is_dir():
        raise BenchError(f"benchmark data not found at {path} (set KNOWLEDGE_BENCH_DIR)")
    return path


def available_sets(root: Path) -> list[str]:
    found = {p.parent.name for p in root.glob("*/corpus.json")}
    if union.available(root):
        found.add(union.UNION)
    return [s for s in SET_ORDER if s in found] + sorted(found - set(SET_ORDER))


def load_set(root: Path, name: str, limit: int) -> BenchSet:
    if name == union.UNION:  # made from the other sets, not read from a folder of its own
        queries = {}
        for file in ["dev.json", "test.json"]:
            items = union.union_queries(root, file)
            if items is not None:
                queries[file] = items[:limit] if limit else items
        return BenchSet(name, root / name, union.union_corpus(root), queries)
    path = root / name
    corpus = json.loads((path / "corpus.json").read_text(encoding="utf-8"))
    queries: dict[str, list[dict]] = {}
    for file in ["dev.json", "test.json", *PERTURBATIONS]:
        if (path / file).exists():
            items = json.loads((path / file).read_text(encoding="utf-8"))
            queries[file] = items[:limit] if limit else items
    return BenchSet(name, path, corpus, queries)


def expected_of(items: Sequence[dict]) -> list[str | None]:
    return [q["expected_id"] for q in items]


# ----------------------------------------------------------------- ours


def entry_yaml(entry: dict, languages: Sequence[str]) -> dict:
    """One corpus entry in our FAQ format: per language question, variants, answer."""
    out: dict[str, dict] = {}
    for lang in languages:
        question = entry.get("question", {}).get(lang)
        if not question:
            continue
        out[lang] = {
            "question": question,
            "variants": list(entry.get("variants", {}).get(lang, [])),
            "answer": entry.get("answer", {}).get(lang) or question,
        }
    return out


def write_faq_dir(corpus: dict, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in corpus["entries"]:
        text = yaml.safe_dump(entry_yaml(entry, corpus["languages"]), allow_unicode=True, sort_keys=False)
        (target / f"{entry['id']}.yml").write_text(text, encoding="utf-8")


def knowledge_command() -> list[str]:
    exe = Path(sys.executable).with_name("knowledge")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("knowledge")
    if found:
        return [found]
    return [sys.executable, "-m", "knowledge.cli"]


def run_batch(faq_dir: Path, batch_file: Path, engine: str, expected_lines: int) -> tuple[list[dict], float]:
    """``knowledge ask --batch`` on one engine: its JSON lines, and the wall time in seconds."""
    cmd = [*knowledge_command(), "ask", "--batch", str(batch_file), "--faq-dir", str(faq_dir), "--engine", engine]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=REPO)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    if len(lines) != expected_lines:
        raise BenchError(f"knowledge ask --batch --engine {engine} gave {len(lines)} lines for {expected_lines} queries")
    return lines, wall


def ours_prediction(line: dict) -> Prediction:
    """Our answer is ``id`` (null = abstain), not a threshold on the score.

    The prediction's top is the ranking (top1 and MRR@3 ignore abstention); the answer
    given is ``id``, which the shipped rule makes the top entry or nothing. Confidence 1
    with threshold 0.5 reproduces "answered iff id is not null".
    """
    top = tuple(item["id"] for item in line.get("top", []))
    answer = line.get("id")
    if answer is not None and (not top or top[0] != answer):
        top = (answer, *[t for t in top if t != answer])  # never happens with a sane matcher; keep scoring honest
    return Prediction(top, 1.0 if answer is not None else 0.0)


OURS_THRESHOLD = 0.5


@dataclass
class OursRun:
    lines: dict[str, dict[str, list[dict]]] = field(default_factory=dict)  # engine -> file -> lines
    wall_s: dict[str, float] = field(default_factory=dict)


def run_ours(bench: BenchSet, workdir: Path) -> OursRun:
    faq_dir = workdir / f"faq-{bench.name}"
    write_faq_dir(bench.corpus, faq_dir)
    order = list(bench.queries)
    batch_file = workdir / f"{bench.name}.jsonl"
    with batch_file.open("w", encoding="utf-8") as out:
        for file in order:
            for q in bench.queries[file]:
                out.write(json.dumps({"q": q["query"], "lang": q["lang"]}, ensure_ascii=False) + "\n")
    total = sum(len(bench.queries[f]) for f in order)
    result = OursRun()
    for method, engine in OURS.items():
        lines, wall = run_batch(faq_dir, batch_file, engine, total)
        result.wall_s[method] = wall
        per_file: dict[str, list[dict]] = {}
        offset = 0
        for file in order:
            n = len(bench.queries[file])
            per_file[file] = lines[offset : offset + n]
            offset += n
        result.lines[method] = per_file
    return result


def profile_ours(bench: BenchSet, split: str, workdir: Path):
    """Time each engine query by query, outside the batch run (which reports no timing).

    Python: the reference ``Matcher`` in this process; JavaScript: the shipped
    ``assets/matcher.js`` under Node (``time_ours.mjs``). Both on a model trained from
    the same entries; the dev split warms up first, as for the baselines.
    """
    import ours_profile  # imports the matcher; kept apart so --no-ours runs without it

    warmup = [q["query"] for q in bench.queries["dev.json"]] if split != "dev.json" else []
    timed = [q["query"] for q in bench.queries[split]]
    try:
        return ours_profile.profile(bench.corpus, warmup, timed, workdir / f"profile-{bench.name}")
    except Exception as error:  # noqa: BLE001 - report, do not lose the rest of the run
        raise BenchError(f"profiling our matcher on {bench.name} failed: {error!r}") from error


# ----------------------------------------------------------------- baselines


def run_baselines(bench: BenchSet, limit: int) -> tuple[dict[str, dict[str, list[dict]]], dict[str, dict]]:
    """baselines.mjs on one set: per method per file the query lines, and per method its index line."""
    node = shutil.which("node")
    if not node:
        raise BenchError("node is not installed (Node 20 runs the baselines)")
    if not (REPO / "node_modules" / "minisearch").exists():
        raise BenchError("node_modules is missing: run `npm ci` at the repository root")
    cmd = [node, str(HERE / "baselines.mjs"), "--set", str(bench.path), "--files", ",".join(bench.queries)]
    if limit:
        cmd += ["--limit", str(limit)]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=REPO)
    if proc.returncode != 0:
        raise BenchError(f"baselines.mjs failed on {bench.name}: {proc.stderr.strip()[-2000:]}")
    queries: dict[str, dict[str, list[dict]]] = {}
    indexes: dict[str, dict] = {}
    for raw in proc.stdout.splitlines():
        if not raw.strip():
            continue
        line = json.loads(raw)
        if line["type"] == "index":
            indexes[line["method"]] = line
        else:
            queries.setdefault(line["method"], {}).setdefault(line["file"], []).append(line)
    for method, files in queries.items():
        for file, lines in files.items():
            lines.sort(key=lambda l: l["i"])
            if len(lines) != len(bench.queries[file]):
                raise BenchError(f"baselines.mjs {method} answered {len(lines)} of {len(bench.queries[file])} in {file}")
    return queries, indexes


def baseline_prediction(line: dict) -> Prediction:
    top = tuple(item["id"] for item in line["top"])
    return Prediction(top, line["top"][0]["score"] if line["top"] else -math.inf)


# ----------------------------------------------------------------- evaluation


@dataclass
class Row:
    """One method on one set: the table's columns."""

    set: str
    method: str
    label: str
    top1: float | None
    mrr3: float | None
    acc: float | None
    oos: float | None
    bal: float | None
    prec: float | None
    threshold: float | str | None
    ms_median: float | None
    ms_p95: float | None
    index_gz_kb: float | None
    index_model_gz_kb: float | None = None  # ours: the model alone, without display data
    top1_noaccent: float | None = None
    top1_noaccent_originals: float | None = None  # the noaccent queries found in the split, with their accents
    top1_noaccent_paired: float | None = None  # the same queries, accents stripped
    top1_typo: float | None = None
    n_test: int = 0
    n_oos: int = 0
    answered: int = 0
    published_top1: float | None = None
    published_bal: float | None = None


def pairs_with_originals(bench: BenchSet, split: str, file: str) -> list[tuple[int, int]]:
    """(index in the split, index in the perturbation file) of each perturbed query, matched by ``src``."""
    by_src = {q["src"]: i for i, q in enumerate(bench.queries[split])}
    return [(by_src[q["src"]], j) for j, q in enumerate(bench.queries[file]) if q["src"] in by_src]


def evaluate_method(
    bench: BenchSet,
    method: str,
    preds: dict[str, list[Prediction]],
    split: str,
    threshold: float,
    ms: list[float],
    index_gz_bytes: int | None,
) -> Row:
    items = bench.queries[split]
    s: Scores = score(preds[split], expected_of(items), threshold)
    med, p95 = median_and_p95(ms)
    row = Row(
        set=bench.name,
        method=method,
        label=LABELS.get(method, method),
        **asdict(s),
        threshold="shipped" if method in OURS else (None if threshold == NEVER else threshold),
        ms_median=med,
        ms_p95=p95,
        index_gz_kb=index_gz_bytes / KB if index_gz_bytes is not None else None,
        n_test=len(items),
        n_oos=sum(q["expected_id"] is None for q in items),
    )
    published = PUBLISHED.get("hint3" if bench.name in HINT3_SETS else bench.name, {}).get(method)
    if published and split == "test.json":  # the README publishes test figures only
        row.published_top1, row.published_bal = published
    if split == "test.json":
        for file, kind in PERTURBATIONS.items():
            if file not in preds:
                continue
            top1_here = score(preds[file], expected_of(bench.queries[file]), NEVER).top1
            setattr(row, f"top1_{kind}", top1_here)
        if "test_noaccent.json" in preds:
            # The accent cost compares the same queries with and without their accents.
            pairs = pairs_with_originals(bench, split, "test_noaccent.json")
            expected = [items[i]["expected_id"] for i, _ in pairs]
            row.top1_noaccent_originals = score([preds[split][i] for i, _ in pairs], expected, NEVER).top1
            row.top1_noaccent_paired = score([preds["test_noaccent.json"][j] for _, j in pairs], expected, NEVER).top1
    return row


def count_disagreements(ours: OursRun) -> dict[str, int]:
    """Queries (every file of the set) where the engines' answers, or their top-3 ids, differ."""
    answers = top3 = total = 0
    py, js = ours.lines["ours_python"], ours.lines["ours_js"]
    for file in py:
        for a, b in zip(py[file], js[file], strict=True):
            total += 1
            answers += a.get("id") != b.get("id")
            top3 += [t["id"] for t in a.get("top", [])] != [t["id"] for t in b.get("top", [])]
    return {"queries": total, "answer": answers, "top3": top3}


def evaluate_set(bench: BenchSet, split: str, limit: int, workdir: Path, with_ours: bool, log) -> dict[str, Any]:
    log(f"[{bench.name}] baselines (node)…")
    t0 = time.perf_counter()
    base_lines, base_indexes = run_baselines(bench, limit)
    log(f"[{bench.name}] baselines done in {time.perf_counter() - t0:.1f} s")
    rows: list[Row] = []
    disagreements = None
    ours_wall: dict[str, float] = {}
    profile_mismatch: dict[str, int] = {}
    if with_ours:
        t0 = time.perf_counter()
        ours = run_ours(bench, workdir)
        ours_wall = ours.wall_s
        log(f"[{bench.name}] knowledge ask --batch: " + ", ".join(f"{m} {w:.1f} s" for m, w in ours.wall_s.items()))
        prof = profile_ours(bench, split, workdir)
        log(f"[{bench.name}] ours profiled in {time.perf_counter() - t0:.1f} s total (train {prof.train_s:.1f} s, index size from {prof.index_source})")
        disagreements = count_disagreements(ours)
        # The timed model must be the one `knowledge ask` used: same answers on the split.
        for method in OURS:
            batch_ids = [l.get("id") for l in ours.lines[method][split]]
            if batch_ids != prof.ids[method]:
                differ = sum(a != b for a, b in zip(batch_ids, prof.ids[method]))
                log(f"[{bench.name}] WARNING: {method} timed model differs from knowledge ask on {differ} queries")
                profile_mismatch[method] = differ
        for method in OURS:
            preds = {f: [ours_prediction(l) for l in lines] for f, lines in ours.lines[method].items()}
            row = evaluate_method(bench, method, preds, split, OURS_THRESHOLD, prof.ms.get(method, []), prof.index_gz_bytes)
            row.index_model_gz_kb = prof.model_gz_bytes / KB if prof.model_gz_bytes is not None else None
            rows.append(row)
    for method, files in base_lines.items():
        preds = {f: [baseline_prediction(l) for l in lines] for f, lines in files.items()}
        threshold = calibrate(preds["dev.json"], expected_of(bench.queries["dev.json"]))
        ms = [l["ms"] for l in files[split]]
        rows.append(evaluate_method(bench, method, preds, split, threshold, ms, base_indexes[method]["index_gz_bytes"]))
    return {"rows": rows, "disagreements": disagreements, "ours_batch_wall_s": ours_wall, "profile_mismatch": profile_mismatch}


def hint3_mean(rows: list[Row]) -> list[Row]:
    """Per method, the mean of the three HINT3 sets (only when all three ran)."""
    by_method: dict[str, list[Row]] = {}
    for row in rows:
        if row.set in HINT3_SETS:
            by_method.setdefault(row.method, []).append(row)
    out: list[Row] = []
    for method, group in by_method.items():
        if len(group) != len(HINT3_SETS):
            continue
        mean = lambda attr: mean_or_none(getattr(r, attr) for r in group)  # noqa: E731
        out.append(
            Row(
                set="hint3_mean",
                method=method,
                label=group[0].label,
                top1=mean("top1"), mrr3=mean("mrr3"), acc=mean("acc"), oos=mean("oos"), bal=mean("bal"),
                prec=mean("prec"), threshold="per set" if method not in OURS else "shipped",
                ms_median=mean("ms_median"), ms_p95=mean("ms_p95"), index_gz_kb=mean("index_gz_kb"),
                n_test=sum(r.n_test for r in group), n_oos=sum(r.n_oos for r in group),
                answered=sum(r.answered for r in group),
                published_top1=group[0].published_top1, published_bal=group[0].published_bal,
            )
        )
    return out


# ----------------------------------------------------------------- targets


@dataclass
class Target:
    name: str
    value: str
    limit: str
    passed: bool | None  # None: could not be checked in this run


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))


def find(rows: list[Row], set_name: str, method: str) -> Row | None:
    return next((r for r in rows if r.set == set_name and r.method == method), None)


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def against_minisearch(what: str, ours: float | None, theirs: list[float | None], ratio: float, digits: int, note: str = "") -> Target:
    """``what`` of ours at most ``ratio`` times the smallest MiniSearch figure."""
    values = [v for v in theirs if v is not None]
    if ours is None or not values:
        return Target(f"{what} <= {ratio:g}x MiniSearch", "–", "", None)
    limit = ratio * min(values)
    return Target(
        f"{what} <= {ratio:g}x MiniSearch ({fmt(min(values), digits)})",
        f"{fmt(ours, digits)} ({note}MiniSearch configs {' / '.join(fmt(x, digits) for x in values)})",
        f"<= {limit:.{digits}f}",
        ours <= limit,
    )


def check_targets(rows: list[Row], disagreements: dict[str, dict], complete: bool) -> list[Target]:
    targets: list[Target] = []
    groups = {"massive": "massive", "clinc150": "clinc150", "hint3": "hint3_mean"}
    for group, set_name in groups.items():
        floors = TARGETS[group]
        for metric, floor in zip(("top1", "bal", "prec"), floors, strict=True):
            values = [getattr(find(rows, set_name, m), metric, None) if find(rows, set_name, m) else None for m in OURS]
            present = [v for v in values if v is not None]
            passed = (all(v >= floor for v in present) and len(present) == len(OURS)) if present else None
            targets.append(
                Target(
                    f"{group} {metric}{'@t' if metric == 'prec' else ''} (py / js)",
                    " / ".join(fmt(v) for v in values),
                    f">= {floor:g}",
                    passed,
                )
            )
    for method in OURS:
        row = find(rows, "massive", method)
        if row and row.top1_noaccent_paired is not None and row.top1_noaccent_originals is not None:
            cost = row.top1_noaccent_originals - row.top1_noaccent_paired
            targets.append(
                Target(
                    f"massive accent cost, {method} (top1 of the originals - top1 accents stripped, same queries)",
                    f"{cost:.1f} ({fmt(row.top1_noaccent_originals)} - {fmt(row.top1_noaccent_paired)}; all test {fmt(row.top1)})",
                    f"<= {MAX_ACCENT_COST:g}",
                    cost <= MAX_ACCENT_COST,
                )
            )
        if row and row.top1_typo is not None and row.top1 is not None:
            cost = row.top1 - row.top1_typo
            targets.append(
                Target(f"massive typo cost, {method} (top1 test - typo)", f"{cost:.1f}", f"<= {MAX_TYPO_COST:g}", cost <= MAX_TYPO_COST)
            )
    total = sum(d["answer"] for d in disagreements.values() if d)
    queries = sum(d["queries"] for d in disagreements.values() if d)
    top3 = sum(d["top3"] for d in disagreements.values() if d)
    targets.append(
        Target(
            "engines give the same answer (every query, every file, every set)",
            f"{total} answer disagreements in {queries} queries ({top3} top-3 lists differ)",
            "0",
            (total == 0) if queries else None,
        )
    )
    for set_name in [s for s in SET_ORDER if any(r.set == s for r in rows)] + sorted(
        {r.set for r in rows} - set(SET_ORDER) - {"hint3_mean"}
    ):
        ours = find(rows, set_name, "ours_js")
        minis = [r for r in (find(rows, set_name, "minisearch"), find(rows, set_name, "minisearch_fold_stop")) if r]
        if not ours or not minis:
            continue
        # Strict reading: the smaller/faster of the README's two MiniSearch configurations.
        targets.append(against_minisearch(
            f"{set_name} index gz KB", ours.index_gz_kb, [r.index_gz_kb for r in minis], MAX_SIZE_RATIO, 1,
            f"model alone {fmt(ours.index_model_gz_kb)}; ",
        ))
        targets.append(against_minisearch(f"{set_name} p95 ms (node)", ours.ms_p95, [r.ms_p95 for r in minis], MAX_P95_RATIO, 3))
        if set_name == "clinc150":
            targets.append(
                Target(
                    "clinc150 p95 ms (node) < 1",
                    fmt(ours.ms_p95, 3),
                    f"< {MAX_P95_CLINC_MS:g}",
                    None if ours.ms_p95 is None else ours.ms_p95 < MAX_P95_CLINC_MS,
                )
            )
    scripts = [ASSETS / name for name in CLIENT_SCRIPTS]
    missing = [p.name for p in scripts if not p.exists()]
    if missing:
        targets.append(Target("matcher.js + assistant.js gz KB", f"missing: {', '.join(missing)}", f"<= {MAX_CLIENT_KB:g}", None))
    else:
        # Each file is served (and gzipped) on its own: sum of the two gz sizes.
        kb = sum(gz_size(p) for p in scripts) / KB
        targets.append(Target("matcher.js + assistant.js gz KB", f"{kb:.1f}", f"<= {MAX_CLIENT_KB:g}", kb <= MAX_CLIENT_KB))
    if not complete:
        targets.append(Target("run covers every set, full test split", "no (--sets/--smoke/--split)", "yes", False))
    return targets


# ----------------------------------------------------------------- output

COLUMNS = [
    ("set", "set"),
    ("method", "label"),
    ("top1", "top1"),
    ("MRR@3", "mrr3"),
    ("acc@t", "acc"),
    ("oos@t", "oos"),
    ("bal", "bal"),
    ("prec@t", "prec"),
    ("t", "threshold"),
    ("ms med", "ms_median"),
    ("ms p95", "ms_p95"),
    ("idx gz KB", "index_gz_kb"),
    ("top1 noacc", "top1_noaccent"),
    ("top1 typo", "top1_typo"),
    ("README top1/bal", "published"),
]


def cell(row: Row, attr: str) -> str:
    if attr == "published":
        if row.published_top1 is None:
            return ""
        return f"{row.published_top1:.1f} / {row.published_bal:.1f}"
    value = getattr(row, attr)
    if attr == "threshold":
        if isinstance(value, str):
            return value
        return "never" if value is None else f"{value:.3g}"
    if attr in ("ms_median", "ms_p95"):
        return fmt(value, 3)
    if isinstance(value, float):
        return fmt(value)
    return "–" if value is None else str(value)


def table_rows(rows: list[Row]) -> list[list[str]]:
    return [[cell(r, attr) for _, attr in COLUMNS] for r in rows]


def text_table(rows: list[Row]) -> str:
    header = [name for name, _ in COLUMNS]
    body = table_rows(rows)
    widths = [max(len(x) for x in col) for col in zip(header, *body)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    previous = None
    for row, cells in zip(rows, body):
        if previous is not None and row.set != previous:
            lines.append("")
        previous = row.set
        lines.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    header = [name for name, _ in COLUMNS]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * 2 + ["---:"] * (len(header) - 2)) + "|"]
    for row, cells in zip(rows, table_rows(rows)):
        if row.method in OURS:
            cells = [cells[0], f"**{cells[1]}**", *cells[2:]]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets_text(targets: list[Target]) -> str:
    lines = []
    for t in targets:
        status = "PASS" if t.passed else ("n/a " if t.passed is None else "FAIL")
        lines.append(f"  [{status}] {t.name}: {t.value} (target {t.limit})")
    return "\n".join(lines)


def ordered(rows: list[Row], sets: list[str]) -> list[Row]:
    method_order = [*OURS, *BASELINE_LABELS]
    set_order = [*sets, "hint3_mean"]
    return sorted(rows, key=lambda r: (set_order.index(r.set), method_order.index(r.method) if r.method in method_order else 99))


# ----------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", help="comma-separated set names (default: every set in the bench folder)")
    parser.add_argument("--split", choices=["test", "dev"], default="test", help="split to report (thresholds always come from dev)")
    parser.add_argument("--smoke", action="store_true", help=f"first {SMOKE_SETS} sets, first {SMOKE_QUERIES} queries of each file")
    parser.add_argument("--limit", type=int, default=0, help="first N queries of each file (0: all)")
    parser.add_argument("--no-ours", action="store_true", help="baselines only (while the matcher is not ready)")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for results.json and results.md")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    log = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731
    try:
        root = bench_dir()
        all_sets = available_sets(root)
        sets = [s.strip() for s in args.sets.split(",") if s.strip()] if args.sets else all_sets
        unknown = [s for s in sets if s not in all_sets]
        if unknown:
            raise BenchError(f"unknown set(s) {', '.join(unknown)}; available: {', '.join(all_sets)}")
        limit = args.limit
        if args.smoke:
            sets, limit = sets[:SMOKE_SETS], limit or SMOKE_QUERIES
        rows: list[Row] = []
        disagreements: dict[str, dict] = {}
        batch_wall: dict[str, dict] = {}
        profile_mismatch: dict[str, dict] = {}
        with tempfile.TemporaryDirectory(prefix="knowledge-bench-") as tmp:
            for name in sets:
                bench = load_set(root, name, limit)
                result = evaluate_set(bench, f"{args.split}.json", limit, Path(tmp), not args.no_ours, log)
                rows.extend(result["rows"])
                disagreements[name] = result["disagreements"]
                batch_wall[name] = result["ours_batch_wall_s"]
                profile_mismatch[name] = result["profile_mismatch"]
    except BenchError as error:
        log(f"bench: {error}")
        return 2
    rows = ordered(rows + hint3_mean(rows), sets)
    complete = set(sets) == set(all_sets) and not limit and args.split == "test"
    targets = check_targets(rows, disagreements, complete) if not args.no_ours else []
    runtime = time.perf_counter() - started

    print(f"Matcher benchmark: split {args.split}, mixed mode, sets {', '.join(sets)}" + (f", first {limit} queries" if limit else ""))
    print("Baselines: threshold t calibrated on dev (max bal), per set. Ours: the shipped default (no per-set tuning).")
    print("ms: per query, Node for JS (baselines, ours js), Python for ours (python engine). KB = 1024 bytes, gzip -9.\n")
    print(text_table(rows))
    if targets:
        print(f"\nTargets (issue 6: test split, shipped default; this run: {args.split} split):")
        print(targets_text(targets))
    print(f"\nRuntime: {runtime:.0f} s")

    meta = {
        "split": args.split,
        "sets": sets,
        "limit": limit,
        "complete": complete,
        "runtime_s": round(runtime, 1),
        "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "ours_batch_wall_s": batch_wall,
        "timed_model_mismatches": profile_mismatch,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(
        json.dumps(
            {
                "meta": meta,
                "rows": [asdict(r) for r in rows],
                "disagreements": disagreements,
                "targets": [asdict(t) for t in targets],
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    md = [
        f"Split `{args.split}`, mixed mode; baselines' thresholds calibrated on dev per set, ours the shipped default. "
        f"Reproduce: `make bench-matcher` (or `.venv/bin/python tests/bench/run.py`). Runtime {runtime:.0f} s, Node {meta['node']}, Python {meta['python']}.",
        "",
        markdown_table(rows),
    ]
    if targets:
        md += ["", "| target | value | limit | |", "|---|---|---|---|"]
        md += [f"| {t.name} | {t.value} | {t.limit} | {'PASS' if t.passed else ('n/a' if t.passed is None else 'FAIL')} |" for t in targets]
    (args.out / "results.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
