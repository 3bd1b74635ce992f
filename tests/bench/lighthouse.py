"""Lighthouse on the sample site, side by side with plain Material for MkDocs.

    make bench-lighthouse                 # 3 runs per page (BENCH_ARGS="--runs 5")
    .venv/bin/python tests/bench/lighthouse.py --runs 1 --pages es-post

Builds the sample site (``mkdocs.yml``) and, from the same post's Markdown, one plain
Material project per language with Material's ``blog`` plugin; serves each on
127.0.0.1 and runs Lighthouse (the npm package pinned in package-lock.json, mobile
defaults: simulated slow 4G and a 4x slower CPU) on a post, the home page, the FAQ
page and a category page of ours in both languages, and on Material's post. Pages
are interleaved (every page once, then every page again, ...) so machine drift hits
all of them. Prints the median of each category per page and checks the targets of
issue 14: accessibility, best practices and SEO at 1.00 on every page of ours, and
our post's performance at least plain Material's. Exit code 1 if a target fails.

Lighthouse drives Debian's Chromium (``CHROME_PATH``, headless, with the flags the
browser tests use): it cannot download a browser here.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "tests"))

from conftest import CHROMIUM_ARGS, chromium_path, serve_directory  # noqa: E402

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
POST_SLUG = "fine-tuning-when-worth-it"
# The page kinds of ours, per language: (kind, path below the site root).
OUR_PAGES = {
    "es": {"post": f"es/blog/{POST_SLUG}/", "home": "es/", "faq": "es/faq/", "category": "es/category/inteligencia-artificial/"},
    "en": {"post": f"en/blog/{POST_SLUG}/", "home": "en/", "faq": "en/faq/", "category": "en/category/artificial-intelligence/"},
}


@dataclass(frozen=True)
class Target:
    name: str  # "es-post", "material-en-post"
    site: str  # "ours" or "material-<lang>"
    path: str


def targets() -> list[Target]:
    found = [Target(f"{lang}-{kind}", "ours", path) for lang, pages in OUR_PAGES.items() for kind, path in pages.items()]
    found += [Target(f"material-{lang}-post", f"material-{lang}", f"blog/{POST_SLUG}/") for lang in OUR_PAGES]
    return found


def chrome_flags() -> str:
    return " ".join(["--headless=new", *CHROMIUM_ARGS])


def run_lighthouse(url: str, categories: tuple[str, ...] = CATEGORIES, timeout: float = 180) -> dict:
    """One Lighthouse run on ``url``: its JSON report (lhr). Raises RuntimeError with
    Lighthouse's own message when it fails, or when a category has no score (a page
    that did not load, a runtime error inside Lighthouse)."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} is missing: run `npm ci` (lighthouse is a devDependency in package.json)")
    with tempfile.TemporaryDirectory(prefix="knowledge-lh-") as tmp:
        out = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
            f"--only-categories={','.join(categories)}", f"--chrome-flags={chrome_flags()}",
        ]
        env = {**os.environ, "CHROME_PATH": chromium_path()}
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Lighthouse took more than {timeout:.0f} s on {url}") from None
        if done.returncode != 0 or not out.is_file():
            raise RuntimeError(f"Lighthouse failed on {url} (exit {done.returncode}): {done.stderr.strip()[-800:]}")
        report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse could not audit {url}: {report['runtimeError'].get('message')}")
    missing = [c for c in categories if report["categories"].get(c, {}).get("score") is None]
    if missing:
        raise RuntimeError(f"Lighthouse gave no score for {', '.join(missing)} on {url}")
    return report


def run_lighthouse_many(urls: list[str], categories: tuple[str, ...], timeout: float = 300) -> list[dict]:
    """Lighthouse on each of ``urls`` with one Chromium (lighthouse_many.mjs), without
    throttling: for audits whose outcome does not depend on the network's speed
    (accessibility, best practices, SEO). The reports, in the order of ``urls``."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} is missing: run `npm ci` (lighthouse is a devDependency in package.json)")
    with tempfile.TemporaryDirectory(prefix="knowledge-lh-") as tmp:
        env = {**os.environ, "CHROME_PATH": chromium_path(), "CHROME_FLAGS": chrome_flags()}
        command = ["node", str(HERE / "lighthouse_many.mjs"), tmp, ",".join(categories), *urls]
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, cwd=REPO)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"Lighthouse took more than {timeout:.0f} s on {len(urls)} page(s)") from None
        if done.returncode != 0:
            raise RuntimeError(f"Lighthouse failed (exit {done.returncode}): {done.stderr.strip()[-800:]}")
        reports = [json.loads((Path(tmp) / f"{n}.json").read_text(encoding="utf-8")) for n in range(len(urls))]
    for url, report in zip(urls, reports):
        if report.get("runtimeError"):
            raise RuntimeError(f"Lighthouse could not audit {url}: {report['runtimeError'].get('message')}")
    return reports


def failed_audits(report: dict) -> list[str]:
    """Every audit of the report's categories that fails: scored (binary or numeric)
    below 1. Informative, manual and not-applicable audits have no pass/fail."""
    failing = []
    for category in report["categories"].values():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if audit["scoreDisplayMode"] in ("binary", "numeric", "metricSavings") and audit["score"] is not None and audit["score"] < 1:
                items = (audit.get("details") or {}).get("items") or []
                where = "; ".join(str((item.get("node") or {}).get("snippet") or item.get("url") or "")[:120] for item in items[:3])
                failing.append(f"{category['id']}/{ref['id']} ({audit['score']}): {audit['title']}" + (f" at {where}" if where else ""))
    return failing


# --- plain Material: the same post, with Material's blog plugin ---------------------

MATERIAL_CONFIG = """site_name: PairProgramming
site_url: https://material.example/{lang}/
theme:
  name: material
  language: {lang}
  font: false
  features:
    - navigation.top
plugins:
  - search:
      lang: {lang}
  - blog:
      blog_dir: blog
      post_url_format: "{{file}}"
markdown_extensions:
  - admonition
  - attr_list
  - tables
  - pymdownx.details
  - toc:
      permalink: true
"""


def material_project(root: Path, lang: str) -> Path:
    """A plain Material project holding our post in ``lang`` (front matter translated
    to the blog plugin's: authors, categories, tags, date, description)."""
    text = (REPO / "content" / lang / "blog" / f"{POST_SLUG}.md").read_text(encoding="utf-8")
    front, body = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S).groups()
    import yaml

    meta = yaml.safe_load(front)
    authors = yaml.safe_load((REPO / "content" / "authors.yml").read_text(encoding="utf-8"))
    author = authors[meta["author"]]
    post = {
        "title": meta["title"], "description": meta["description"], "date": meta["date"],
        "authors": [meta["author"]], "categories": [meta["category"]], "tags": meta["tags"],
    }
    project = root / f"material-{lang}"
    docs = project / "docs"
    (docs / "blog" / "posts").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(MATERIAL_CONFIG.format(lang=lang), encoding="utf-8")
    (docs / "index.md").write_text("# PairProgramming\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    (docs / "blog" / ".authors.yml").write_text(
        yaml.safe_dump({"authors": {meta["author"]: {"name": author["name"], "description": author["role"][lang], "avatar": "https://material.example/a.png"}}}, allow_unicode=True),
        encoding="utf-8",
    )
    # Links to other pages of our site do not exist in this one-post project: keep their text.
    body = re.sub(r"\[([^\]]+)\]\((?!https?:)[^)]*\)", r"\1", body)
    (docs / "blog" / "posts" / f"{POST_SLUG}.md").write_text("---\n" + yaml.safe_dump(post, allow_unicode=True) + "---\n" + body, encoding="utf-8")
    return project


def mkdocs_build(config: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build of {config} failed:\n{done.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    names = [t.name for t in targets()]
    parser.add_argument("--pages", nargs="+", choices=names, default=names, metavar="PAGE", help=f"some of: {' '.join(names)}")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    chosen = [t for t in targets() if t.name in args.pages]
    scores: dict[str, list[dict[str, float]]] = {t.name: [] for t in chosen}
    failures: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="knowledge-bench-lh-") as tmp, ExitStack() as stack:
        root = Path(tmp)
        print("building the sample site and plain Material's post ...", flush=True)
        mkdocs_build(REPO / "mkdocs.yml", root / "site-ours")
        sites = {"ours": root / "site-ours"}
        for lang in OUR_PAGES:
            if any(t.site == f"material-{lang}" for t in chosen):
                mkdocs_build(material_project(root, lang) / "mkdocs.yml", root / f"site-material-{lang}")
                sites[f"material-{lang}"] = root / f"site-material-{lang}"
        bases = {name: stack.enter_context(serve_directory(path)) for name, path in sites.items()}
        for run in range(1, args.runs + 1):
            for target in chosen:
                url = bases[target.site] + target.path
                try:
                    report = run_lighthouse(url)
                except RuntimeError as exc:
                    print(f"run {run} {target.name}: failed: {exc}", flush=True)
                    continue
                got = {c: report["categories"][c]["score"] for c in CATEGORIES}
                scores[target.name].append(got)
                if target.site == "ours":
                    failures[target.name] = sorted(set(failures.get(target.name, [])) | {f for f in failed_audits(report) if not f.startswith("performance/")})
                print(f"run {run} {target.name:22} " + "  ".join(f"{c} {got[c]:.2f}" for c in CATEGORIES), flush=True)

    medians = {name: {c: statistics.median(r[c] for r in runs) for c in CATEGORIES} for name, runs in scores.items() if runs}
    print(f"\nLighthouse {lighthouse_version()} medians of {args.runs} run(s), mobile defaults")
    print(f"{'page':22} " + " ".join(f"{c:>15}" for c in CATEGORIES))
    for target in chosen:
        m = medians.get(target.name)
        print(f"{target.name:22} " + (" ".join(f"{m[c]:>15.2f}" for c in CATEGORIES) if m else "failed: no run succeeded"))

    verdicts = []
    for target in chosen:
        if target.site != "ours":
            continue
        m = medians.get(target.name)
        ok = bool(m) and all(m[c] == 1 for c in CATEGORIES[1:])
        verdicts.append((f"{target.name}: accessibility, best practices, SEO 1.00", ok))
        for failure in failures.get(target.name, []):
            print(f"  {target.name} fails {failure}")
    for lang in OUR_PAGES:
        ours, theirs = medians.get(f"{lang}-post"), medians.get(f"material-{lang}-post")
        if ours and theirs:
            verdicts.append((f"{lang} post performance {ours['performance']:.2f} >= plain Material's {theirs['performance']:.2f}", ours["performance"] >= theirs["performance"]))
    print()
    for text, ok in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")
    return 0 if verdicts and all(ok for _, ok in verdicts) else 1


def lighthouse_version() -> str:
    package = REPO / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text(encoding="utf-8"))["version"] if package.exists() else "?"


if __name__ == "__main__":
    sys.exit(main())
