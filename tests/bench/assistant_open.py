"""How fast the assistant opens and answers, in headless Chromium, beside MiniSearch.

    .venv/bin/python tests/bench/assistant_open.py                      # 1,000 and 5,000 entries
    .venv/bin/python tests/bench/assistant_open.py --entries 100 --runs 1   # a smoke run: seconds
    .venv/bin/python tests/bench/assistant_open.py --baseline-ref 5625633 # also the matcher of that commit

For each size, a synthetic bilingual FAQ (``synthetic_faq.py``: 3-10 texts per
language and entry) and a model of the trained shape are written once (``--workdir``
keeps them between runs); then a page on a loopback HTTP server holds the real
assistant (``assistant.js``, which injects ``matcher.js`` and the index script on
the first open) and, on another load of it, MiniSearch 7.2 (the pinned devDependency,
configured as ``baselines.mjs`` configures it) with the same entries.

Figures, each the median of ``--runs`` fresh browser contexts (empty cache):

- **click → answer**: from the click that opens the assistant (a question is
  submitted in the same task, so it waits for the index) to the answer's element in
  the page; the index download, parsing and opening are inside it. For MiniSearch:
  from the same moment, its script and its documents are injected, indexed
  (``addAll``), searched, and the best entry's question and answer shown.
- **load**: the same clock until the engine can answer (ours: ``KnowledgeMatcher.create``
  returned; MiniSearch: ``addAll`` returned).
- **p95 query**: 200 queries (entries' texts with a word dropped or a typo, and
  out-of-scope ones) timed one by one in the page on a fresh engine, so the first
  uses of each feature are in it; then, in brackets, the p95 of each query's best
  time over three passes (no first uses, fewer pauses caused by other processes).
- **bytes**: what the page downloads for the engine's data, raw and gzip -9 (ours:
  the index script; MiniSearch: its documents script, and ``JSON.stringify`` of the
  built index, which is what a site would ship to skip ``addAll``).

Timings are printed, never asserted: they depend on the machine and its load. Each
line ends with the best run's click → answer / load / p95: on a shared machine, the
least disturbed run is the closer estimate of an idle one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM_ARGS, chromium_path, serve_directory  # noqa: E402
from synthetic_faq import synthetic_answer, synthetic_entries, synthetic_model  # noqa: E402

from knowledge.faq.assistant import ui_strings  # noqa: E402
from knowledge.faq.render import escape  # noqa: E402
from knowledge.matcher.index import READY_ABOVE_CHARS, index_script, read_index_script  # noqa: E402

ASSETS = REPO / "plugins" / "knowledge" / "assets"
MINISEARCH_JS = REPO / "node_modules" / "minisearch" / "dist" / "umd" / "index.js"
LANG = "es"
N_QUERIES = 200

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>assistant bench</title>
<link rel="stylesheet" href="assistant.css"></head>
<body><main><h1>Bench</h1><div id="minisearch-answer"></div></main>
<div id="knowledge-assistant" class="knowledge-assistant" lang="{lang}" data-lang="{lang}" data-root="./"
 data-matcher="matcher.js" data-index="faq-index.{lang}.js" data-faq="faq.html" data-contact="contact.html"
 data-strings="{strings}"></div>
<script src="assistant.js" defer></script>
</body></html>
"""

# In the page: click the launcher, submit ``query`` in the same task, resolve when the
# assistant's answer (an entry or an abstention) is in the log.
OURS_OPEN = """async (query) => {
  const launcher = document.querySelector('.knowledge-assistant__launcher');
  const log = document.querySelector('[role=log]');
  const input = document.getElementById('knowledge-assistant-input');
  const form = input.form;
  // The moment create() returns: a capturing listener sees matcher.js's load event
  // before assistant.js's own listener (on the script element) calls create.
  let ready = null;
  document.head.addEventListener('load', (event) => {
    if (!String(event.target.src).endsWith('/matcher.js') || !self.KnowledgeMatcher) return;
    const original = self.KnowledgeMatcher.create;
    self.KnowledgeMatcher.create = (index) => { const m = original(index); ready = performance.now(); return m; };
  }, true);
  const answered = new Promise((resolve) => {
    const seen = new MutationObserver(() => {
      const failed = log.querySelector('.knowledge-assistant__error');  // the index did not load or open
      if (failed) { seen.disconnect(); resolve([performance.now(), 'error: ' + failed.textContent]); return; }
      const reply = log.querySelector('.knowledge-assistant__msg--bot[data-entry], .knowledge-assistant__msg--bot[data-abstain]');
      if (reply) { seen.disconnect(); resolve([performance.now(), reply.getAttribute('data-entry') || 'abstained']); }
    });
    seen.observe(log, {childList: true, subtree: true, attributes: true});
  });
  const start = performance.now();
  launcher.click();
  input.value = query;
  form.requestSubmit();
  const [end, entry] = await answered;
  return {answer_ms: end - start, load_ms: ready === null ? null : ready - start, entry};
}"""

# Each query timed alone, three passes over the list: [first pass, per-query best of the
# three]. The first pass has the engine's first uses in it; the best of three drops
# them, and drops the pauses other processes cause on a shared machine.
TIME_PASSES = """[0, 1, 2].map(() => queries.map((q) => { const t = performance.now(); ENGINE.search(q); return performance.now() - t; }))
    .reduce((out, pass, i) => i === 0 ? [pass, pass.slice()] : [out[0], out[1].map((x, k) => Math.min(x, pass[k]))], null)"""

OURS_QUERIES = """(queries) => {
  const index = self.KnowledgeFaqIndex[%r];
  const matcher = self.KnowledgeMatcher.create(index.matcher || index.model);  // spec 3, or spec 2 (--baseline-ref)
  return %s;
}""" % (LANG, TIME_PASSES.replace("ENGINE", "matcher"))

# MiniSearch as tests/bench/baselines.mjs configures it (score/terms variant), one
# document per entry and language; the best document's entry is shown.
MINISEARCH_OPEN = """async (query) => {
  const inject = (src) => new Promise((resolve, reject) => {
    const s = document.createElement('script'); s.src = src; s.async = false;
    s.onload = resolve; s.onerror = reject; document.head.appendChild(s);
  });
  const start = performance.now();
  await Promise.all([inject('minisearch.js'), inject('minisearch-docs.js')]);
  const ms = new MiniSearch({idField: 'key', fields: ['question', 'variants'], storeFields: ['entry'],
    extractField: (doc, field) => (field === 'variants' ? doc.variants.join(' ') : doc[field]),
    searchOptions: {fuzzy: 0.2, prefix: true, boost: {question: 2}}});
  ms.addAll(self.MiniSearchDocs.docs);
  const ready = performance.now();
  const hits = ms.search(query);
  const out = document.getElementById('minisearch-answer');
  if (hits.length) {
    const shown = self.MiniSearchDocs.display[hits[0].entry];
    const q = document.createElement('p'); q.textContent = shown.q; out.appendChild(q);
    const body = new DOMParser().parseFromString(shown.a, 'text/html').body;
    const a = document.createElement('div'); a.append(...body.childNodes); out.appendChild(a);
  }
  const end = performance.now();
  self.__ms = ms;
  return {answer_ms: end - start, load_ms: ready - start, entry: hits.length ? hits[0].entry : null,
          serialized: JSON.stringify(ms)};
}"""

MINISEARCH_QUERIES = """(queries) => {
  const ms = new MiniSearch({idField: 'key', fields: ['question', 'variants'], storeFields: ['entry'],
    extractField: (doc, field) => (field === 'variants' ? doc.variants.join(' ') : doc[field]),
    searchOptions: {fuzzy: 0.2, prefix: true, boost: {question: 2}}});
  ms.addAll(self.MiniSearchDocs.docs);
  return %s;
}""" % TIME_PASSES.replace("ENGINE", "ms")


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def queries_for(entries, n: int, seed: int = 3) -> list[str]:
    """Entries' texts with one word dropped or one letter swapped, and some out-of-scope questions."""
    rng = random.Random(seed)
    out = []
    off_topic = ["receta de empanadas", "cuándo juega boca", "how tall is the eiffel tower", "clima en madrid mañana"]
    for i in range(n):
        if i % 10 == 9:
            out.append(off_topic[(i // 10) % len(off_topic)])
            continue
        entry = rng.choice(entries)
        lang = rng.choice(sorted(entry.texts))
        words = rng.choice(entry.texts[lang]).split()
        if len(words) > 3 and rng.random() < 0.5:
            del words[rng.randrange(len(words))]
        else:
            k = rng.randrange(len(words))
            w = words[k]
            if len(w) > 4:
                j = rng.randrange(1, len(w) - 2)
                words[k] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        out.append(" ".join(words))
    return out


def old_index_script(model: dict, display: dict, lang: str) -> str:
    """The index script before SPEC.md §12 (payload spec 2: the trained model as is), for --baseline-ref."""
    payload = json.dumps({"spec": 2, "model": model, "entries": display}, ensure_ascii=False, separators=(",", ":"))
    return f'(self.KnowledgeFaqIndex = self.KnowledgeFaqIndex || {{}})["{lang}"] = {payload};\n'


def write_site(folder: Path, model: dict, entries, baseline_ref: str | None, ready_above_chars: int = READY_ABOVE_CHARS) -> dict:
    """The bench page, its assets and both engines' data in ``folder``; returns the byte counts."""
    folder.mkdir(parents=True, exist_ok=True)
    display = {e.id: {"q": e.texts[LANG][0], "a": synthetic_answer(e, LANG)} for e in entries}
    if baseline_ref:
        for name in ("assistant.js", "assistant.css", "matcher.js"):
            blob = subprocess.run(["git", "show", f"{baseline_ref}:plugins/knowledge/assets/{name}"], cwd=REPO,
                                  capture_output=True, check=True).stdout
            (folder / name).write_bytes(blob)
        script = old_index_script(model, display, LANG)
    else:
        for name in ("assistant.js", "assistant.css", "matcher.js"):
            shutil.copyfile(ASSETS / name, folder / name)
        script = index_script(model, display, LANG, ready_above_chars)
    (folder / f"faq-index.{LANG}.js").write_text(script, encoding="utf-8")
    strings = json.dumps(ui_strings(LANG, {"name": "Bench"}), ensure_ascii=False, separators=(",", ":"))
    (folder / "index.html").write_text(PAGE.format(lang=LANG, strings=escape(strings)), encoding="utf-8")
    shutil.copyfile(MINISEARCH_JS, folder / "minisearch.js")
    docs = [
        {"key": f"{e.id}|{lang}", "entry": e.id, "lang": lang, "question": texts[0], "variants": texts[1:]}
        for e in entries for lang, texts in sorted(e.texts.items())
    ]
    docs_script = "self.MiniSearchDocs = " + json.dumps({"docs": docs, "display": display}, ensure_ascii=False, separators=(",", ":")) + ";\n"
    (folder / "minisearch-docs.js").write_text(docs_script, encoding="utf-8")
    ours = script.encode("utf-8")
    theirs = docs_script.encode("utf-8")
    spec = 2 if baseline_ref else read_index_script(script)["matcher"]["spec"]
    return {"ours_raw": len(ours), "ours_gz": gz(ours), "ms_docs_raw": len(theirs), "ms_docs_gz": gz(theirs), "ours_spec": spec}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def measure(browser, base: str, first_query: str, queries: list[str], runs: int) -> dict:
    ours: dict[str, list] = {"answer": [], "load": [], "p95": [], "p95_warm": [], "entry": []}
    theirs: dict[str, list] = {"answer": [], "load": [], "p95": [], "p95_warm": [], "serialized": []}
    for _ in range(runs):
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(base + "index.html")
            page.wait_for_selector(".knowledge-assistant__launcher")
            got = page.evaluate(OURS_OPEN, first_query)
            ours["answer"].append(got["answer_ms"])
            ours["load"].append(got["load_ms"])
            ours["entry"].append(got["entry"])
            first, best = page.evaluate(OURS_QUERIES, queries)
            ours["p95"].append(p95(first))
            ours["p95_warm"].append(p95(best))
            page = context.new_page()
            page.goto(base + "index.html")
            got = page.evaluate(MINISEARCH_OPEN, first_query)
            theirs["answer"].append(got["answer_ms"])
            theirs["load"].append(got["load_ms"])
            theirs["serialized"] = [len(got["serialized"].encode("utf-8")), gz(got["serialized"].encode("utf-8"))]
            first, best = page.evaluate(MINISEARCH_QUERIES, queries)
            theirs["p95"].append(p95(first))
            theirs["p95_warm"].append(p95(best))
        finally:
            context.close()
    def summary(figures: dict[str, list]) -> dict:
        out = {}
        for key in ("answer", "load", "p95", "p95_warm"):
            values = [x for x in figures[key] if x is not None]
            out[key] = statistics.median(values) if values else float("nan")
            out[key + "_best"] = min(values) if values else float("nan")  # the least disturbed run, on a shared machine
        return out

    return {
        "ours": summary(ours) | {"entry": ours["entry"][0]},
        "minisearch": summary(theirs) | {"serialized": theirs["serialized"]},
    }


def model_for(n: int, workdir: Path, entries) -> dict:
    cached = workdir / f"model-{n}.json"
    if cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    model = synthetic_model(entries)
    cached.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return model


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", default="1000,5000", help="comma-separated FAQ sizes (default 1000,5000)")
    parser.add_argument("--runs", type=int, default=5, help="fresh browser contexts per size; figures are medians (default 5)")
    parser.add_argument("--workdir", type=Path, help="keep generated models here between runs (default: a temporary folder)")
    parser.add_argument("--baseline-ref", help="also measure the assistant and matcher.js of this git commit (spec-2 index)")
    parser.add_argument("--ready-above-chars", type=int, default=READY_ABOVE_CHARS,
                        help=f"ship the ready index above this many characters of training text (default {READY_ABOVE_CHARS}; 0: always)")
    return parser.parse_args(argv)


def run(browser, argv: list[str] | None = None) -> int:
    """Every measurement, in ``browser`` (a Playwright Chromium); prints one pair of lines per size and variant."""
    args = parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="assistant-open-"))
    workdir.mkdir(parents=True, exist_ok=True)
    variants = [("ours", None)] + ([(f"ours@{args.baseline_ref}", args.baseline_ref)] if args.baseline_ref else [])
    for n in [int(x) for x in args.entries.split(",")]:
        entries = synthetic_entries(n)
        model = model_for(n, workdir, entries)
        queries = queries_for(entries, N_QUERIES)
        first = entries[n // 2].texts[LANG][1]
        for label, ref in variants:
            site = workdir / f"site-{n}-{ref or 'current'}"
            sizes = write_site(site, model, entries, ref, args.ready_above_chars)
            with serve_directory(site) as base:
                got = measure(browser, base, first, queries, args.runs)
            print_row(n, label, sizes, got)
    return 0


def main(argv: list[str] | None = None) -> int:
    parse_args(argv)  # --help and bad arguments, before Chromium starts
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)
        try:
            return run(browser, argv)
        finally:
            browser.close()


def print_row(n: int, label: str, sizes: dict, got: dict) -> None:
    kb = lambda b: f"{b / 1024:.0f} KB"  # noqa: E731
    o, m = got["ours"], got["minisearch"]
    form = "" if label != "ours" else f", matcher data spec {sizes['ours_spec']}"
    print(f"{n} entries, {label}{form}: click → answer {o['answer']:.0f} ms (load {o['load']:.0f} ms), p95 query {o['p95']:.2f} ms (best of 3 passes {o['p95_warm']:.2f}), "
          f"index {kb(sizes['ours_raw'])} raw / {kb(sizes['ours_gz'])} gz; first answer {o['entry']}; "
          f"best run {o['answer_best']:.0f} / {o['load_best']:.0f} / {o['p95_best']:.2f} ms")
    print(f"{n} entries, MiniSearch 7.2: click → answer {m['answer']:.0f} ms (load {m['load']:.0f} ms), p95 query {m['p95']:.2f} ms (best of 3 passes {m['p95_warm']:.2f}), "
          f"documents {kb(sizes['ms_docs_raw'])} raw / {kb(sizes['ms_docs_gz'])} gz, "
          f"serialized index {kb(m['serialized'][0])} raw / {kb(m['serialized'][1])} gz; "
          f"best run {m['answer_best']:.0f} / {m['load_best']:.0f} / {m['p95_best']:.2f} ms", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
