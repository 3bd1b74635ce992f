"""The build benchmark: our bilingual build against plain Material for MkDocs, on generated content.

    .venv/bin/python tests/bench/bench_build.py [--articles 1000] [--faq 100,500,1000,2000,5000] [--runs 1]
    .venv/bin/python tests/bench/bench_build.py --quick          # smoke size, a minute or two

One run, real builds in real subprocesses, every one with a timeout:

- content: ``sitegen.py`` (seeded, no network) writes N bilingual articles as our
  project (``content/<lang>/blog/``) and, from the same article bodies, one plain
  Material project per language with Material's ``blog`` plugin
  (``docs/blog/posts/``, Material's front matter). FAQ sizes are written in turn
  into our project's ``faq/``.
- per FAQ size, interleaved so that machine drift hits both sides alike: our
  ``mkdocs build`` (both languages, defaults on: assistant, variant rule, social
  cards), then
  Material's two builds (es, en); ``knowledge check`` cold (no disk cache) and warm
  (second run); the assistant index's bytes (raw, gzip) per entry; the matcher's
  training alone (``build_probes.py train``: CPU in process, peak memory of the
  process).
- at the smallest FAQ size, the social cards' cost: cold builds with ``cards:
  false`` and with the default, interleaved off, on, off, on.
- a rebuild with the FAQ unchanged, through ``build_probes.py mkdocs`` which logs
  every training: it should train nothing.
- edit-to-reload under ``mkdocs serve`` (with and without ``--dirty``), ours and
  Material's one-language serve: time from writing an article to the server
  answering that article's URL with the edit (the server holds requests while it
  rebuilds, as the browser's live reload waits for it).

CPU is user + system of the child (``os.wait4``), peak memory its max RSS; Material's
two builds add their CPU and wall times, and their peak is the larger of the two
(they run one after the other). Timings are printed, never asserted: the targets
print PASS/FAIL and the exit code is 0 whenever the benchmark itself ran (a failed or
timed-out step is a row "failed: <reason>"). Results also go to
``build_results.json`` and ``build_results.md`` (``--out``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

import sitegen  # noqa: E402

MIB = 1024 * 1024
GIB = 1024 * MIB
GZIP_LEVEL = 9  # as the matcher benchmark (run.py)
PROBES = HERE / "build_probes.py"

# The targets (issue 10 point 6).
TARGET_FAQ = 2000  # build CPU and memory against Material are judged at this size
LARGE_FAQ = 5000  # builds, training budget
GROWTH_FROM, GROWTH_TO = 500, 5000
MAX_CPU_RATIO = 1.0
MAX_MEMORY_RATIO = 1.5
MAX_TRAINING_CPU_S = 60.0
MAX_TRAINING_PEAK_MIB = 1024.0
MAX_GROWTH_EXPONENT = 1.15
MAX_COLD_CHECK_SHARE = 0.25
MAX_WARM_CHECK_SHARE = 0.10
MAX_SERVE_RATIO = 1.0
MAX_DIRTY_SERVE_RATIO = 1.5
MAX_CARDS_SHARE = 0.10  # issue 14: social cards add at most 10 % to a cold build (wall: what an operator waits)


# ----------------------------------------------------------------- measuring a child


@dataclass
class Measured:
    """One child process: what it cost and how it ended."""

    cpu: float = 0.0  # user + system seconds of the child (and anything it waited for)
    wall: float = 0.0
    max_rss_mib: float = 0.0
    code: int | None = None
    failure: str | None = None  # None: it ran and exited 0
    log: str = ""  # file with its output

    @property
    def ok(self) -> bool:
        return self.failure is None


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    # Material's end-of-life banner is noise in the logs; one BLAS thread as the build sets it.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", **(extra or {})}


def memory_limiter(cap_bytes: int) -> Callable[[], None] | None:
    """A pre-exec hook capping the child's address space: on a shared machine a child
    that runs away fails with MemoryError instead of taking the machine down."""
    if cap_bytes <= 0:
        return None

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap_bytes, cap_bytes))

    return limit


def failure_reason(code: int, log: Path, cap_bytes: int) -> str:
    tail = log.read_text(encoding="utf-8", errors="replace")[-4000:] if log.exists() else ""
    if "MemoryError" in tail or "Unable to allocate" in tail or "Cannot allocate memory" in tail:
        return f"out of memory (address space capped at {cap_bytes / GIB:g} GiB)" if cap_bytes > 0 else "out of memory"
    if code < 0:
        return f"killed by signal {-code}" + (" (out of memory?)" if -code == signal.SIGKILL else "")
    last = [line.strip() for line in tail.splitlines() if line.strip()]
    return f"exit {code}: {last[-1][:160] if last else 'no output'}"


def run_measured(command: list[str], cwd: Path, log: Path, timeout: float, cap_bytes: int, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` to its end (or kill it at ``timeout``) and read its own resource
    usage from ``os.wait4``: CPU and max RSS of this child alone, not of earlier ones."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=env or child_env(),
            preexec_fn=memory_limiter(cap_bytes), start_new_session=True,
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            kill()  # interrupted (Ctrl-C, SIGTERM): no orphan build left running in its own session
            raise
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code  # reaped here: keep Popen from waiting again
    measured = Measured(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, code, None, str(log))
    if timed_out.is_set():
        measured.failure = f"timed out after {timeout:g} s"
    elif code != 0:
        measured.failure = failure_reason(code, log, cap_bytes)
    return measured


# ----------------------------------------------------------------- the steps


@dataclass
class Settings:
    articles: int
    faq_sizes: list[int]
    runs: int
    seed: int
    serve: bool
    serve_faq: int
    edits: int
    timeout: float
    serve_timeout: float
    cap_bytes: int
    workdir: Path
    out: Path
    variants: tuple[int, int] = (3, 10)  # per FAQ entry and language
    cards_probe: bool = True


def mkdocs_command() -> list[str]:
    exe = BIN / "mkdocs"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "mkdocs"]


def knowledge_command() -> list[str]:
    exe = BIN / "knowledge"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "knowledge.cli"]


class Bench:
    def __init__(self, settings: Settings, say: Callable[[str], None]) -> None:
        self.s = settings
        self.say = say
        self.ours = settings.workdir / "ours"
        self.material = {lang: settings.workdir / f"material-{lang}" for lang in sitegen.LANGS}
        self.logs = settings.workdir / "logs"
        self.sample_slug = ""  # the article whose files the checks look for and serve edits
        self.current_faq: int | None = None

    # -- content ---------------------------------------------------------------------

    def generate(self) -> float:
        started = time.perf_counter()
        made = sitegen.write_our_project(self.ours, self.s.articles, self.s.seed)
        for lang, project in self.material.items():
            sitegen.write_material_project(project, lang, made)
        self.sample_slug = made[len(made) // 2].slug
        return time.perf_counter() - started

    def use_faq(self, size: int) -> None:
        if self.current_faq != size:
            sitegen.write_faq(self.ours / "faq", size, self.s.articles, self.s.seed, self.s.variants)
            self.current_faq = size

    def clear_cache(self) -> None:
        shutil.rmtree(self.ours / ".cache", ignore_errors=True)

    # -- builds ----------------------------------------------------------------------

    def build_ours(self, label: str, cards: bool = True) -> tuple[Measured, dict[str, Any]]:
        """One cold-or-warm `mkdocs build` of our project as it stands; ``cards=False``
        adds `cards: false` to its mkdocs.yml for this build (the cards probe)."""
        site = self.s.workdir / "site-ours"
        shutil.rmtree(site, ignore_errors=True)
        config = self.ours / "mkdocs.yml"
        original = config.read_text(encoding="utf-8")
        if not cards:
            config.write_text(original.replace("  - knowledge:\n", "  - knowledge:\n      cards: false\n", 1), encoding="utf-8")
        try:
            measured = run_measured([*mkdocs_command(), "build", "--site-dir", str(site)], self.ours, self.logs / f"{label}.log", self.s.timeout, self.s.cap_bytes)
        finally:
            config.write_text(original, encoding="utf-8")
        extra: dict[str, Any] = {}
        if measured.ok:
            expected = [site / lang / "blog" / self.sample_slug / "index.html" for lang in sitegen.LANGS]
            expected += [site / "assets" / "knowledge" / f"faq-index.{lang}.js" for lang in sitegen.LANGS]
            missing = [str(p.relative_to(site)) for p in expected if not p.is_file()]
            if missing:
                measured.failure = f"built but missing {', '.join(missing)}"
            else:
                raw = sum(p.stat().st_size for p in expected[2:])
                gz = sum(len(gzip.compress(p.read_bytes(), GZIP_LEVEL)) for p in expected[2:])
                extra = {"index_raw_bytes": raw, "index_gz_bytes": gz, "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
                         "cards": sum(1 for _ in (site / "assets" / "knowledge" / "cards").rglob("*.png"))}
        return measured, extra

    def cards_probe(self, label: str) -> dict[str, Any]:
        """Cold builds at the current FAQ size without cards and with them (the
        default), interleaved off, on, off, on: what drawing every card costs."""
        runs: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
        for n in (1, 2):
            for side in ("off", "on"):
                self.clear_cache()
                measured, extra = self.build_ours(f"{label}-cards-{side}-{n}", cards=side == "on")
                runs[side].append({**asdict(measured), **extra})
                self.say(f"  cards {side}: {describe(measured)}" + (f", {extra.get('cards', 0)} cards" if extra else ""))
        return runs

    def build_material(self, label: str) -> dict[str, Any]:
        """Material's two builds (es, en), one after the other: summed CPU and wall, larger peak."""
        per_lang: dict[str, Measured] = {}
        files = 0
        for lang, project in self.material.items():
            site = self.s.workdir / f"site-material-{lang}"
            shutil.rmtree(site, ignore_errors=True)
            measured = run_measured([*mkdocs_command(), "build", "--site-dir", str(site)], project, self.logs / f"{label}-{lang}.log", self.s.timeout, self.s.cap_bytes)
            if measured.ok and not (site / "blog" / self.sample_slug / "index.html").is_file():
                measured.failure = f"built but missing blog/{self.sample_slug}/index.html"
            files += sum(1 for p in site.rglob("*") if p.is_file()) if site.exists() else 0
            per_lang[lang] = measured
        failures = [f"{lang}: {m.failure}" for lang, m in per_lang.items() if m.failure]
        return {
            "cpu": sum(m.cpu for m in per_lang.values()),
            "wall": sum(m.wall for m in per_lang.values()),
            "max_rss_mib": max(m.max_rss_mib for m in per_lang.values()),
            "failure": "; ".join(failures) or None,
            "site_files": files,
            "per_language": {lang: asdict(m) for lang, m in per_lang.items()},
        }

    def check(self, label: str) -> Measured:
        # `knowledge check` caches the trained model in .cache/knowledge/: the cold run
        # starts without that folder (and fills it), the warm run is the next one.
        return run_measured([*knowledge_command(), "check", "--format", "parsable"], self.ours, self.logs / f"{label}.log", self.s.timeout, self.s.cap_bytes)

    def training(self, label: str) -> dict[str, Any]:
        log = self.logs / f"{label}.log"
        measured = run_measured([sys.executable, str(PROBES), "train", str(self.ours / "faq")], self.ours, log, self.s.timeout, self.s.cap_bytes)
        result: dict[str, Any] = {"process": asdict(measured), "failure": measured.failure, "max_rss_mib": measured.max_rss_mib}
        if measured.ok:
            lines = [line for line in Path(log).read_text(encoding="utf-8").splitlines() if line.startswith("{")]
            result.update(json.loads(lines[-1]) if lines else {"failure": "no result line"})
        return result

    def rebuild_training(self, label: str) -> dict[str, Any]:
        """A second `mkdocs build` with the FAQ unchanged (the cold check and build ran
        before it): the training it does, from build_probes' log."""
        train_log = self.logs / f"{label}.train.jsonl"
        train_log.unlink(missing_ok=True)
        site = self.s.workdir / "site-rebuild"
        measured = run_measured(
            [sys.executable, str(PROBES), "mkdocs", str(train_log), "build", "--site-dir", str(site)],
            self.ours, self.logs / f"{label}.log", self.s.timeout, self.s.cap_bytes,
        )
        shutil.rmtree(site, ignore_errors=True)
        calls = read_jsonl(train_log)
        return {"process": asdict(measured), "failure": measured.failure, "trainings": len(calls), "training_cpu_s": sum(c["cpu"] for c in calls)}

    # -- serve -----------------------------------------------------------------------

    def serve(self, side: str, dirty: bool, label: str) -> dict[str, Any]:
        """Start `mkdocs serve` on a free loopback port, wait for the first build, then
        edit one article ``edits`` times; each time measure until the server answers
        that article's URL with the edit. The server is always killed afterwards."""
        port = free_port()
        train_log = self.logs / f"{label}.train.jsonl"
        train_log.unlink(missing_ok=True)
        args = ["serve", "--dev-addr", f"127.0.0.1:{port}"]
        if dirty:
            args.append("--dirty")
        if side == "ours":
            cwd = self.ours
            # Through the probe, which only logs trainings: to see whether a rebuild trains.
            command = [sys.executable, str(PROBES), "mkdocs", str(train_log), *args]
            article = self.ours / "content" / "es" / "blog" / f"{self.sample_slug}.md"
            url = f"http://127.0.0.1:{port}/es/blog/{self.sample_slug}/"
        else:
            cwd = self.material["es"]
            command = [*mkdocs_command(), *args]
            article = cwd / "docs" / "blog" / "posts" / f"{self.sample_slug}.md"
            # `mkdocs serve` mounts the site at site_url's path, https://bench.example/es/.
            url = f"http://127.0.0.1:{port}/es/blog/{self.sample_slug}/"
        original = article.read_text(encoding="utf-8")
        result: dict[str, Any] = {"side": side, "dirty": dirty, "url": url, "reload_s": [], "failure": None}
        log = self.logs / f"{label}.log"
        with open(log, "w", encoding="utf-8") as out:
            started = time.perf_counter()
            proc = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=child_env(),
                                    preexec_fn=memory_limiter(self.s.cap_bytes), start_new_session=True)
            try:
                page = wait_for_page(url, proc, started + self.s.serve_timeout)
                if page is None:
                    raise StepFailed(f"first build not served within {self.s.serve_timeout:g} s" if proc.poll() is None else failure_reason(proc.returncode, log, self.s.cap_bytes))
                result["first_build_s"] = time.perf_counter() - started
                trainings_before = len(read_jsonl(train_log))
                for k in range(self.s.edits):
                    time.sleep(1.0)  # let the file watcher settle after the previous build
                    marker = f"bench-reload-marker-{label}-{k}-{time.time_ns()}"
                    article.write_text(original + f"\n{marker}\n", encoding="utf-8")
                    edited = time.perf_counter()
                    if not wait_for_page(url, proc, edited + self.s.serve_timeout, marker):
                        raise StepFailed(f"edit {k + 1} not served within {self.s.serve_timeout:g} s" if proc.poll() is None else failure_reason(proc.returncode, log, self.s.cap_bytes))
                    result["reload_s"].append(time.perf_counter() - edited)
                calls = read_jsonl(train_log)
                result["trainings_on_rebuild"] = len(calls) - trainings_before
                result["training_cpu_on_rebuild_s"] = sum(c["cpu"] for c in calls[trainings_before:])
            except StepFailed as failed:
                result["failure"] = str(failed)
            finally:
                stop(proc)
                article.write_text(original, encoding="utf-8")
        result["median_reload_s"] = statistics.median(result["reload_s"]) if result["reload_s"] else None
        result["log"] = str(log)
        return result


class StepFailed(Exception):
    pass


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_page(url: str, proc: subprocess.Popen, deadline: float, marker: str | None = None) -> str | None:
    """Poll ``url`` until it answers 200 (containing ``marker`` when given); None at the
    deadline or when the server has exited."""
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            return None
        try:
            with urllib.request.urlopen(url, timeout=max(1.0, deadline - time.perf_counter())) as response:
                body = response.read().decode("utf-8", errors="replace")
            if marker is None or marker in body:
                return body
        except urllib.error.HTTPError as error:
            # The server listens only once the first build is done: a 404 then is a wrong URL, not "not yet".
            if error.code == 404 and marker is None:
                raise StepFailed(f"{url} answers 404") from None
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.05)
    return None


def stop(proc: subprocess.Popen) -> None:
    """End the server we started (its process group: it has no children of its own, but be sure)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)


# ----------------------------------------------------------------- the run


def run_bench(s: Settings, say: Callable[[str], None]) -> dict[str, Any]:
    bench = Bench(s, say)
    say(f"generating {s.articles} bilingual articles (seed {s.seed}) in {s.workdir}")
    generated_s = bench.generate()
    builds: list[dict[str, Any]] = []
    training: dict[int, dict[str, Any]] = {}
    rebuild: dict[str, Any] | None = None
    cards: dict[str, Any] | None = None
    serves: list[dict[str, Any]] = []
    target_size = closest(s.faq_sizes, TARGET_FAQ)
    for run in range(1, s.runs + 1):
        for size in s.faq_sizes:
            bench.use_faq(size)
            bench.clear_cache()
            label = f"run{run}-faq{size}"
            say(f"run {run}/{s.runs}, {size} FAQ entries: our build")
            ours, extra = bench.build_ours(f"{label}-ours-build")
            say(f"  ours: {describe(ours)}; Material's two builds")
            material = bench.build_material(f"{label}-material-build")
            say(f"  Material: cpu {material['cpu']:.1f} s, wall {material['wall']:.1f} s" + (f", failed: {material['failure']}" if material["failure"] else ""))
            bench.clear_cache()
            cold = bench.check(f"{label}-check-cold")
            warm = bench.check(f"{label}-check-warm")
            say(f"  check cold: {describe(cold)}; warm: {describe(warm)}")
            builds.append({"run": run, "faq": size, "ours": {**asdict(ours), **extra}, "material": material,
                           "check_cold": asdict(cold), "check_warm": asdict(warm)})
            if run == 1:
                say(f"  training alone ({size} entries)")
                training[size] = bench.training(f"{label}-training")
                t = training[size]
                say(f"  training: " + (f"failed: {t['failure']}" if t.get("failure") else f"cpu {t['cpu_s']:.1f} s, peak {t['max_rss_mib']:.0f} MiB"))
                if size == target_size:
                    say("  rebuild with the FAQ unchanged")
                    rebuild = {"faq": size, **bench.rebuild_training(f"{label}-rebuild")}
                if size == min(s.faq_sizes) and s.cards_probe:
                    # The smallest build is where cards weigh most: the strictest share.
                    say(f"  social cards: cold builds without and with them ({size} FAQ entries)")
                    cards = {"faq": size, **bench.cards_probe(f"{label}")}
        if s.serve:
            bench.use_faq(s.serve_faq)
            for dirty in (False, True):
                for side in ("ours", "material"):
                    mode = "--dirty" if dirty else "full"
                    say(f"run {run}/{s.runs}: serve, {side}, {mode} ({s.serve_faq} FAQ entries for ours)")
                    result = bench.serve(side, dirty, f"run{run}-serve-{side}-{'dirty' if dirty else 'full'}")
                    say("  " + (f"failed: {result['failure']}" if result["failure"] else f"reload {', '.join(f'{x:.2f}' for x in result['reload_s'])} s"))
                    serves.append({"run": run, "faq": s.serve_faq, **result})
    return {
        "generated_s": generated_s,
        "builds": builds,
        "training": {str(k): v for k, v in training.items()},
        "rebuild": rebuild,
        "cards": cards,
        "serve": serves,
    }


def describe(m: Measured) -> str:
    return f"failed: {m.failure}" if m.failure else f"cpu {m.cpu:.1f} s, wall {m.wall:.1f} s, peak {m.max_rss_mib:.0f} MiB"


def closest(sizes: list[int], wanted: int) -> int:
    return min(sizes, key=lambda x: (abs(math.log(x / wanted)), -x))


# ----------------------------------------------------------------- figures


def median_of(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def summarise(raw: dict[str, Any], s: Settings) -> dict[str, Any]:
    """Per FAQ size, the median over runs of every figure; ratios ours / Material."""
    rows = []
    for size in s.faq_sizes:
        runs = [b for b in raw["builds"] if b["faq"] == size]
        ok = [b for b in runs if b["ours"]["failure"] is None]
        mat_ok = [b for b in runs if b["material"]["failure"] is None]
        row: dict[str, Any] = {"faq": size, "runs": len(runs)}
        row["ours_failure"] = None if ok else runs[0]["ours"]["failure"]
        row["material_failure"] = None if mat_ok else runs[0]["material"]["failure"]
        for key, source, items in (("ours", "ours", ok), ("material", "material", mat_ok)):
            row[f"{key}_cpu"] = median_of([b[source]["cpu"] for b in items])
            row[f"{key}_wall"] = median_of([b[source]["wall"] for b in items])
            row[f"{key}_peak_mib"] = median_of([b[source]["max_rss_mib"] for b in items])
        # Ratios pair each of our builds with the Material builds right after it.
        pairs = [b for b in runs if b["ours"]["failure"] is None and b["material"]["failure"] is None]
        row["cpu_ratio"] = median_of([b["ours"]["cpu"] / b["material"]["cpu"] for b in pairs])
        row["wall_ratio"] = median_of([b["ours"]["wall"] / b["material"]["wall"] for b in pairs])
        row["peak_ratio"] = median_of([b["ours"]["max_rss_mib"] / b["material"]["max_rss_mib"] for b in pairs])
        for kind in ("cold", "warm"):
            checks = [b for b in ok if b[f"check_{kind}"]["failure"] is None]
            row[f"check_{kind}_failure"] = None if checks or not runs else runs[0][f"check_{kind}"]["failure"]
            row[f"check_{kind}_cpu"] = median_of([b[f"check_{kind}"]["cpu"] for b in checks])
            row[f"check_{kind}_share"] = median_of([b[f"check_{kind}"]["cpu"] / b["ours"]["cpu"] for b in checks])
        row["index_raw_per_entry"] = median_of([b["ours"]["index_raw_bytes"] / size for b in ok])
        row["index_gz_per_entry"] = median_of([b["ours"]["index_gz_bytes"] / size for b in ok])
        t = raw["training"].get(str(size))
        row["training_failure"] = t.get("failure") if t else "not run"
        row["training_cpu"] = t.get("cpu_s") if t and not t.get("failure") else None
        row["training_peak_mib"] = t.get("max_rss_mib") if t and not t.get("failure") else None
        rows.append(row)
    growth = growth_exponent(rows)
    serve = []
    for side in ("ours", "material"):
        for dirty in (False, True):
            items = [x for x in raw["serve"] if x["side"] == side and x["dirty"] == dirty]
            times = [t for x in items for t in x["reload_s"]]
            failures = [x["failure"] for x in items if x["failure"]]
            serve.append({
                "side": side, "dirty": dirty, "median_reload_s": median_of(times), "edits": len(times),
                "first_build_s": median_of([x["first_build_s"] for x in items if "first_build_s" in x]),
                "trainings_on_rebuild": sum(x.get("trainings_on_rebuild", 0) for x in items),
                "failure": failures[0] if failures and not times else None,
            })
    return {"rows": rows, "growth": growth, "serve": serve, "cards": summarise_cards(raw.get("cards"))}


def summarise_cards(probe: dict[str, Any] | None) -> dict[str, Any] | None:
    """Medians of the cards probe: what the cards add to a cold build, CPU and wall."""
    if not probe:
        return None
    ok = {side: [m for m in probe[side] if m["failure"] is None] for side in ("off", "on")}
    failures = [m["failure"] for side in ("off", "on") for m in probe[side] if m["failure"]]
    if failures or not ok["off"] or not ok["on"]:
        return {"faq": probe["faq"], "failure": failures[0] if failures else "no measurement"}
    out: dict[str, Any] = {"faq": probe["faq"], "failure": None, "cards": max(m.get("cards", 0) for m in ok["on"])}
    for key in ("cpu", "wall", "max_rss_mib"):
        off, on = median_of([m[key] for m in ok["off"]]), median_of([m[key] for m in ok["on"]])
        out[f"off_{key}"], out[f"on_{key}"], out[f"{key}_added"] = off, on, (on - off) / off if off else None
    return out


def growth_exponent(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Least-squares slope of log(build CPU) on log(FAQ entries), sizes GROWTH_FROM..GROWTH_TO
    (all measured sizes when fewer than two fall in that range)."""
    points = [(r["faq"], r["ours_cpu"]) for r in rows if r["ours_cpu"]]
    inside = [p for p in points if GROWTH_FROM <= p[0] <= GROWTH_TO]
    used = inside if len(inside) >= 2 else points
    if len(used) < 2:
        return {"exponent": None, "sizes": [p[0] for p in used]}
    xs = [math.log(p[0]) for p in used]
    ys = [math.log(p[1]) for p in used]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return {"exponent": slope, "sizes": [p[0] for p in used]}


@dataclass
class Target:
    name: str
    value: str
    limit: str
    passed: bool | None  # None: not measured in this run


def fmt(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "–" if value is None else f"{value:.{digits}f}{suffix}"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f} %"


def judge(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def check_targets(summary: dict[str, Any], raw: dict[str, Any], s: Settings) -> list[Target]:
    rows = {r["faq"]: r for r in summary["rows"]}
    targets: list[Target] = []
    at_size = closest(s.faq_sizes, TARGET_FAQ)
    where = f"{s.articles} articles + {at_size} FAQ" + ("" if (s.articles, at_size) == (1000, TARGET_FAQ) else f" (target size: 1000 + {TARGET_FAQ})")
    r = rows[at_size]
    failure = r["ours_failure"] or r["material_failure"]
    targets.append(Target(f"{where}: build CPU <= {MAX_CPU_RATIO:g}x Material's two builds",
                          f"failed: {failure}" if failure else f"{fmt(r['cpu_ratio'], 2)}x ({fmt(r['ours_cpu'])} s vs {fmt(r['material_cpu'])} s)",
                          f"<= {MAX_CPU_RATIO:g}x", False if failure else judge(r["cpu_ratio"], MAX_CPU_RATIO)))
    targets.append(Target(f"{where}: peak memory <= {MAX_MEMORY_RATIO:g}x Material's",
                          f"failed: {failure}" if failure else f"{fmt(r['peak_ratio'], 2)}x ({fmt(r['ours_peak_mib'], 0)} MiB vs {fmt(r['material_peak_mib'], 0)} MiB)",
                          f"<= {MAX_MEMORY_RATIO:g}x", False if failure else judge(r["peak_ratio"], MAX_MEMORY_RATIO)))
    large = max(s.faq_sizes)
    where = f"{s.articles} articles + {large} FAQ" + ("" if (s.articles, large) == (1000, LARGE_FAQ) else f" (target size: 1000 + {LARGE_FAQ})")
    r = rows[large]
    targets.append(Target(f"{where}: builds", f"failed: {r['ours_failure']}" if r["ours_failure"] else "built", "builds", r["ours_failure"] is None))
    if r["training_failure"]:
        targets.append(Target(f"{where}: training CPU <= {MAX_TRAINING_CPU_S:g} s", f"failed: {r['training_failure']}", f"<= {MAX_TRAINING_CPU_S:g} s", False))
        targets.append(Target(f"{where}: training peak memory <= 1 GiB", f"failed: {r['training_failure']}", f"<= {MAX_TRAINING_PEAK_MIB:g} MiB", False))
    else:
        targets.append(Target(f"{where}: training CPU <= {MAX_TRAINING_CPU_S:g} s", f"{fmt(r['training_cpu'])} s", f"<= {MAX_TRAINING_CPU_S:g} s", judge(r["training_cpu"], MAX_TRAINING_CPU_S)))
        targets.append(Target(f"{where}: training peak memory <= 1 GiB", f"{fmt(r['training_peak_mib'], 0)} MiB (whole process)", f"<= {MAX_TRAINING_PEAK_MIB:g} MiB", judge(r["training_peak_mib"], MAX_TRAINING_PEAK_MIB)))
    growth = summary["growth"]
    sizes = growth["sizes"]
    span = f"{sizes[0]}->{sizes[-1]}" if sizes else "–"
    name = f"build growth exponent {GROWTH_FROM}->{GROWTH_TO} FAQ entries (this run: {span}, log-log slope of CPU)"
    # A size that did not build has no point on the line: the slope of the others would flatter.
    failed = [r for r in summary["rows"] if r["ours_failure"] and (GROWTH_FROM <= r["faq"] <= GROWTH_TO or len(sizes) < 2)]
    if failed:
        targets.append(Target(name, f"failed at {failed[0]['faq']} entries: {failed[0]['ours_failure']}; slope of the others {fmt(growth['exponent'], 2)}",
                              f"<= {MAX_GROWTH_EXPONENT:g}", False))
    else:
        targets.append(Target(name, fmt(growth["exponent"], 2), f"<= {MAX_GROWTH_EXPONENT:g}", judge(growth["exponent"], MAX_GROWTH_EXPONENT)))
    rebuild = raw.get("rebuild")
    if rebuild is None:
        targets.append(Target("rebuild with an unchanged FAQ trains nothing (mkdocs build again)", "not run", "0 trainings", None))
    elif rebuild["failure"]:
        targets.append(Target("rebuild with an unchanged FAQ trains nothing (mkdocs build again)", f"failed: {rebuild['failure']}", "0 trainings", False))
    else:
        targets.append(Target(f"rebuild with an unchanged FAQ trains nothing (mkdocs build again, {rebuild['faq']} FAQ)",
                              f"{rebuild['trainings']} trainings, {rebuild['training_cpu_s']:.2f} s CPU", "0 trainings", rebuild["trainings"] == 0))
    serve_ours = [x for x in raw["serve"] if x["side"] == "ours" and not x["failure"]]
    if serve_ours:
        count = sum(x.get("trainings_on_rebuild", 0) for x in serve_ours)
        edits = sum(len(x["reload_s"]) for x in serve_ours)
        targets.append(Target("serve rebuilds after an article edit train nothing", f"{count} trainings in {edits} rebuilds", "0 trainings", count == 0))
    at = closest(s.faq_sizes, TARGET_FAQ)
    r = rows[at]
    for kind, limit in (("cold", MAX_COLD_CHECK_SHARE), ("warm", MAX_WARM_CHECK_SHARE)):
        share = r[f"check_{kind}_share"]
        failed = r[f"check_{kind}_failure"] or r["ours_failure"]
        targets.append(Target(f"{kind} knowledge check <= {100 * limit:g} % of a cold build (CPU, {at} FAQ)",
                              f"failed: {failed}" if failed else f"{pct(share)} ({fmt(r[f'check_{kind}_cpu'], 2)} s vs {fmt(r['ours_cpu'])} s)",
                              f"<= {100 * limit:g} %", False if failed else judge(share, limit)))
    cards = summary.get("cards")
    name = f"social cards add <= {100 * MAX_CARDS_SHARE:g} % to a cold build's wall time"
    if cards is None:
        targets.append(Target(name, "not run", f"<= {100 * MAX_CARDS_SHARE:g} %", None))
    elif cards["failure"]:
        targets.append(Target(name, f"failed: {cards['failure']}", f"<= {100 * MAX_CARDS_SHARE:g} %", False))
    else:
        targets.append(Target(
            f"{name} ({s.articles} articles, {cards['faq']} FAQ, {cards['cards']} cards)",
            f"wall +{pct(cards['wall_added'])} ({fmt(cards['off_wall'])} -> {fmt(cards['on_wall'])} s); "
            f"CPU +{pct(cards['cpu_added'])} ({fmt(cards['off_cpu'])} -> {fmt(cards['on_cpu'])} s, drawn on the other cores)",
            f"<= {100 * MAX_CARDS_SHARE:g} %", judge(cards["wall_added"], MAX_CARDS_SHARE)))
    serve = {(x["side"], x["dirty"]): x for x in summary["serve"]}
    for dirty, limit in ((False, MAX_SERVE_RATIO), (True, MAX_DIRTY_SERVE_RATIO)):
        name = f"edit-to-reload under serve{' --dirty' if dirty else ''} <= {limit:g}x Material's one-language serve{' --dirty' if dirty else ''}"
        ours, theirs = serve.get(("ours", dirty)), serve.get(("material", dirty))
        if not ours or (ours["median_reload_s"] is None and not ours["failure"]):
            targets.append(Target(name, "not run (--no-serve)", f"<= {limit:g}x", None))
            continue
        failed = ours["failure"] or (theirs or {}).get("failure")
        if failed or ours["median_reload_s"] is None or not theirs or theirs["median_reload_s"] is None:
            targets.append(Target(name, f"failed: {failed or 'no measurement'}", f"<= {limit:g}x", False))
            continue
        ratio = ours["median_reload_s"] / theirs["median_reload_s"]
        targets.append(Target(name, f"{ratio:.2f}x ({ours['median_reload_s']:.2f} s vs {theirs['median_reload_s']:.2f} s)", f"<= {limit:g}x", ratio <= limit))
    return targets


# ----------------------------------------------------------------- output


def failed_or(row: dict[str, Any], key: str, cells: list[str]) -> list[str]:
    """``cells``, or a "failed: …" cell then dashes when that step failed."""
    if row.get(key):
        return [f"failed: {row[key]}"] + ["–"] * (len(cells) - 1)
    return cells


BUILD_HEADER = ["FAQ", "ours CPU s", "Material CPU s (es+en)", "CPU ×", "ours wall s", "Material wall s", "wall ×", "ours peak MiB", "Material peak MiB", "peak ×"]
CHECK_HEADER = ["FAQ", "check cold CPU s", "cold / build", "check warm CPU s", "warm / build", "index B/entry (es+en)", "index gz B/entry", "training CPU s", "training peak MiB"]
SERVE_HEADER = ["serve", "ours reload s", "Material reload s", "×", "ours first build s", "Material first build s"]


def build_table(summary: dict[str, Any]) -> list[list[str]]:
    out = []
    for r in summary["rows"]:
        ours = [fmt(r["ours_cpu"]), fmt(r["ours_wall"]), fmt(r["ours_peak_mib"], 0)]
        theirs = [fmt(r["material_cpu"]), fmt(r["material_wall"]), fmt(r["material_peak_mib"], 0)]
        if r["ours_failure"]:
            ours = [f"failed: {r['ours_failure']}", "–", "–"]
        if r["material_failure"]:
            theirs = [f"failed: {r['material_failure']}", "–", "–"]
        out.append([str(r["faq"]), ours[0], theirs[0], fmt(r["cpu_ratio"], 2), ours[1], theirs[1], fmt(r["wall_ratio"], 2),
                    ours[2], theirs[2], fmt(r["peak_ratio"], 2)])
    return out


def check_table(summary: dict[str, Any]) -> list[list[str]]:
    out = []
    for r in summary["rows"]:
        cold = failed_or(r, "check_cold_failure", [fmt(r["check_cold_cpu"], 2), pct(r["check_cold_share"])])
        warm = failed_or(r, "check_warm_failure", [fmt(r["check_warm_cpu"], 2), pct(r["check_warm_share"])])
        training = failed_or(r, "training_failure", [fmt(r["training_cpu"], 2), fmt(r["training_peak_mib"], 0)])
        out.append([str(r["faq"]), *cold, *warm, fmt(r["index_raw_per_entry"], 0), fmt(r["index_gz_per_entry"], 0), *training])
    return out


def serve_table(summary: dict[str, Any]) -> list[list[str]]:
    by = {(x["side"], x["dirty"]): x for x in summary["serve"]}
    out = []
    for dirty in (False, True):
        ours, theirs = by.get(("ours", dirty)), by.get(("material", dirty))
        if not ours or not theirs or (ours["edits"] == 0 and not ours["failure"] and theirs["edits"] == 0 and not theirs["failure"]):
            continue
        ratio = ours["median_reload_s"] / theirs["median_reload_s"] if ours["median_reload_s"] and theirs["median_reload_s"] else None
        out.append([
            "--dirty" if dirty else "full",
            f"failed: {ours['failure']}" if ours["failure"] else fmt(ours["median_reload_s"], 2),
            f"failed: {theirs['failure']}" if theirs["failure"] else fmt(theirs["median_reload_s"], 2),
            fmt(ratio, 2), fmt(ours["first_build_s"]), fmt(theirs["first_build_s"]),
        ])
    return out


def text_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(x) for x in col) for col in zip(header, *rows)] if rows else [len(h) for h in header]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def status(t: Target) -> str:
    return "PASS" if t.passed else ("n/a " if t.passed is None else "FAIL")


def report(result: dict[str, Any], table: Callable[[list[str], list[list[str]]], str], markdown: bool) -> str:
    s, summary = result["settings"], result["summary"]
    title = (lambda text: f"\n### {text}\n") if markdown else (lambda text: f"\n{text}")
    parts = [
        f"Build benchmark: {s['articles']} bilingual articles, FAQ entries {', '.join(map(str, s['faq_sizes']))} "
        f"({s['variants'][0]}-{s['variants'][1]} variants per entry and language), {s['runs']} run(s), seed {s['seed']}; "
        f"ours = one `mkdocs build` (es + en, assistant, variant rule and social cards on), Material = two plain builds (blog plugin, es then en).",
        "CPU = user + system of the child process; peak = its max RSS (Material: the larger of its two builds); figures are medians over runs.",
        title("Builds"), table(BUILD_HEADER, build_table(summary)),
        title("knowledge check (share of our cold build's CPU), assistant index, matcher training alone"),
        table(CHECK_HEADER, check_table(summary)),
    ]
    cards = summary.get("cards")
    if cards and not cards["failure"]:
        parts.append(f"\nSocial cards ({cards['cards']} cards, {cards['faq']} FAQ entries), cold build without -> with them (medians of 2): "
                     f"CPU {fmt(cards['off_cpu'])} -> {fmt(cards['on_cpu'])} s (+{pct(cards['cpu_added'])}), "
                     f"wall {fmt(cards['off_wall'])} -> {fmt(cards['on_wall'])} s (+{pct(cards['wall_added'])}), "
                     f"peak {fmt(cards['off_max_rss_mib'], 0)} -> {fmt(cards['on_max_rss_mib'], 0)} MiB")
    serve_rows = serve_table(summary)
    if serve_rows:
        parts += [title(f"Edit-to-reload under mkdocs serve (ours: both languages, {s['serve_faq']} FAQ entries; Material: es only; median of {s['edits']} edit(s) per run)"),
                  table(SERVE_HEADER, serve_rows)]
    growth = summary["growth"]
    parts.append(f"\nGrowth of our build CPU with FAQ entries ({' / '.join(map(str, growth['sizes']))}): exponent {fmt(growth['exponent'], 2)}")
    parts.append(title("Targets"))
    targets = [Target(**t) for t in result["targets"]]
    if markdown:
        parts.append(markdown_table(["target", "value", "limit", "result"], [[t.name, t.value, t.limit, status(t).strip()] for t in targets]))
    else:
        parts += [f"  [{status(t)}] {t.name}: {t.value} (target {t.limit})" for t in targets]
    parts.append(f"\nRuntime: {result['runtime_s']:.0f} s on {result['machine']}")
    return "\n".join(parts) + "\n"


# ----------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000, help="bilingual articles (default: %(default)s)")
    parser.add_argument("--faq", default="100,500,1000,2000,5000", help="FAQ sizes, comma-separated (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=1, help="repeat the interleaved builds (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=10, help="generator seed (default: %(default)s)")
    parser.add_argument("--serve-faq", type=int, default=None, help=f"FAQ entries during the serve measurement (default: the size closest to {TARGET_FAQ})")
    parser.add_argument("--edits", type=int, default=3, help="edits per serve measurement (default: %(default)s)")
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve measurements")
    parser.add_argument("--no-cards-probe", action="store_true", help="skip the cold builds without and with social cards")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds for any one build, check or training (default: %(default)s)")
    parser.add_argument("--serve-timeout", type=float, default=1800, help="seconds for a serve's first build, and for each edit to show (default: %(default)s)")
    parser.add_argument("--memory-cap-gib", type=float, default=4.0, help="address-space cap per child process, 0 for none (default: %(default)s)")
    parser.add_argument("--variants", default="3,10", help="variants per FAQ entry and language, LOW,HIGH (default: %(default)s; e.g. 30,40)")
    parser.add_argument("--quick", action="store_true", help="smoke size: 20 articles, FAQ 20,40, one edit per serve")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for build_results.json and build_results.md (default: tests/bench)")
    parser.add_argument("--workdir", type=Path, default=None, help="where to generate and build (default: a temporary folder, removed afterwards)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (projects, sites, logs)")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.faq, args.edits = 20, "20,40", 1
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        sizes = sorted({int(x) for x in args.faq.split(",") if x.strip()})
    except ValueError:
        print(f"--faq: comma-separated integers expected, got {args.faq!r}", file=sys.stderr)
        return 2
    if not sizes or min(sizes) < 1 or max(sizes) > sitegen.MAX_FAQ or args.articles < 2 or args.runs < 1:
        print(f"need FAQ sizes in 1..{sitegen.MAX_FAQ}, at least 2 articles and 1 run", file=sys.stderr)
        return 2
    try:
        low, high = (int(x) for x in args.variants.split(","))
    except ValueError:
        print(f"--variants: LOW,HIGH expected, got {args.variants!r}", file=sys.stderr)
        return 2
    if not 1 <= low <= high:
        print("--variants: need 1 <= LOW <= HIGH", file=sys.stderr)
        return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="knowledge-bench-build-"))
    workdir.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        articles=args.articles, faq_sizes=sizes, runs=args.runs, seed=args.seed, serve=not args.no_serve,
        serve_faq=args.serve_faq or closest(sizes, TARGET_FAQ), edits=max(1, args.edits), timeout=args.timeout,
        serve_timeout=args.serve_timeout, cap_bytes=int(args.memory_cap_gib * GIB), workdir=workdir, out=args.out,
        variants=(low, high), cards_probe=not args.no_cards_probe,
    )
    # Killed from outside: unwind through the finally blocks, which stop any server we started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    say = lambda msg: print(msg, file=sys.stderr, flush=True)  # noqa: E731  progress on stderr, the report on stdout
    started = time.perf_counter()
    try:
        raw = run_bench(settings, say)
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(workdir, ignore_errors=True)
        elif args.keep:
            say(f"kept {workdir}")
    summary = summarise(raw, settings)
    plain = {**asdict(settings), "workdir": str(workdir), "out": str(args.out)}
    result = {"settings": plain, "summary": summary, "raw": raw, "runtime_s": time.perf_counter() - started, "machine": machine()}
    result["targets"] = [asdict(t) for t in check_targets(summary, raw, settings)]
    print(report(result, text_table, markdown=False))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "build_results.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "build_results.md").write_text("## Build benchmark\n\n" + report(result, markdown_table, markdown=True), encoding="utf-8")
    return 0


def machine() -> str:
    import importlib.metadata as md

    versions = ", ".join(f"{name} {md.version(name)}" for name in ("mkdocs", "mkdocs-material"))
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {versions}"


if __name__ == "__main__":
    raise SystemExit(main())
