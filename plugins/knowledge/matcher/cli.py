"""``knowledge ask``: answer a question from the FAQ, offline (issue 3 §5).

    knowledge ask "question" [--lang LANG] [--faq-dir DIR] [--engine python|js] [--json]
    knowledge ask --batch FILE.jsonl [--faq-dir DIR] [--engine python|js]

``--engine js`` runs the very ``matcher.js`` that ships to browsers, under Node,
on the index script the build emits (one Node process per call). Exit codes: 0
answered or abstained, 2 bad input (folder, file, batch line, missing Node).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterable

import knowledge
from knowledge.matcher.engine import Matcher
from knowledge.matcher.index import index_script
from knowledge.matcher.train import match_entries, train
from knowledge.problems import errors

MATCHER_JS = Path(knowledge.__file__).resolve().parent / "assets" / "matcher.js"
RUNNER_JS = Path(__file__).resolve().parent / "run_index.js"

def messages(lang: str) -> dict[str, str]:
    """The printed answer's words: knowledge/locales/<lang>.yml, section "ask"."""
    from knowledge import locales

    return locales.section(lang, "ask")


class AskError(Exception):
    """Bad input for ``ask``: reported on stderr, exit code 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", help="the question, in either language")
    parser.add_argument("--lang", default=None, help="language of the printed answer: one of the site's languages (default: the first; es without a site)")
    parser.add_argument("--faq-dir", type=Path, default=Path("faq"), help="folder of faq/<id>.yml entries (default: faq/)")
    parser.add_argument("--engine", choices=["python", "js"], default="python", help="reference (python) or shipped (js, needs node)")
    parser.add_argument("--json", action="store_true", help='print {"id", "score", "top"} as JSON')
    parser.add_argument("--batch", type=Path, metavar="FILE.jsonl", help='one {"q": …, "lang": …} per line; one JSON result per line')


def run(args: argparse.Namespace) -> int:
    try:
        if args.batch is None and args.question is None:
            raise AskError("give a question, or --batch FILE.jsonl")
        if args.batch is not None and args.question is not None:
            raise AskError("give either a question or --batch, not both")
        languages = site_languages()
        args.lang = args.lang or languages[0]
        if args.lang not in languages:
            raise AskError(f"--lang {args.lang!r}: the FAQ's languages are {', '.join(languages)}")
        faq_entries = load_entries(args.faq_dir, languages)
        model = train(match_entries(faq_entries))
        if args.batch is not None:
            queries = read_batch(args.batch, languages)
            for result in search_all(model, [q for q, _ in queries], args.engine):
                print(json.dumps(result, ensure_ascii=False))
            return 0
        result = search_all(model, [args.question], args.engine, lang=args.lang)[0]
    except AskError as exc:
        print(f"knowledge ask: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(format_answer(result, {e.id: e for e in faq_entries}, args.lang))
    return 0


def site_languages() -> tuple[str, ...]:
    """The languages of the site in the current folder (its mkdocs.yml), else es, en."""
    from knowledge.faq.model import LANGUAGES

    if not Path("mkdocs.yml").is_file():
        return LANGUAGES
    from knowledge.check.project import ConfigError, read_project_config

    try:
        return read_project_config("mkdocs.yml").languages
    except ConfigError:
        return LANGUAGES


def load_entries(faq_dir: Path, languages: tuple[str, ...] | None = None) -> list:
    """FAQ entries through the FAQ loader (one-language folders allowed)."""
    from knowledge.faq.loader import load_faq
    from knowledge.faq.model import LANGUAGES

    if not faq_dir.is_dir():
        raise AskError(f"FAQ folder {str(faq_dir)!r} does not exist (use --faq-dir DIR)")
    # The loaders read nothing outside ``root`` (knowledge.symlinks): the folder named
    # on the command line is the project here, wherever it is.
    folder, cwd = faq_dir.resolve(), Path.cwd().resolve()
    root = cwd if folder == cwd or cwd in folder.parents else folder.parent
    entries, problems = load_faq(faq_dir, root=root, languages=tuple(languages or LANGUAGES), require_all_languages=False)
    found = errors(problems)
    if found:
        lines = "\n".join(f"  {p.parsable()}" for p in sorted(found))
        raise AskError(f"{len(found)} problem(s) in {faq_dir}:\n{lines}")
    if not entries:
        raise AskError(f"no FAQ entries (<id>.yml files) in {str(faq_dir)!r}")
    return entries


def read_batch(path: Path, languages: tuple[str, ...] = ("es", "en")) -> list[tuple[str, str]]:
    """``(query, lang)`` per non-empty line; any malformed line is an error with its number."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AskError(f"cannot read batch file {str(path)!r}: {exc}") from None
    queries = []
    # JSON Lines end at "\n" only: str.splitlines() would also cut a query at U+2028,
    # U+0085 or \x1c, which JSON strings may hold as they are.
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AskError(f"{path}:{number}: not JSON: {exc.msg}") from None
        if not isinstance(item, dict) or not isinstance(item.get("q"), str):
            raise AskError(f'{path}:{number}: expected {{"q": "…", "lang": "{languages[0]}"}}')
        lang = item.get("lang", languages[0])
        if lang not in languages:
            raise AskError(f"{path}:{number}: lang must be one of {', '.join(languages)}, got {lang!r}")
        queries.append((item["q"], lang))
    return queries


def search_all(model: dict, queries: list[str], engine: str, lang: str = "es") -> list[dict]:
    """Results as ``{"id", "score", "top": [{"id", "score"}]}``, one per query, same order."""
    if engine == "js":
        return search_js(model, queries, lang)
    matcher = Matcher(model)
    out = []
    for query in queries:
        result = matcher.search(query)
        top = [{"id": i, "score": s, "suggest": ok} for (i, s), ok in zip(result.top, result.suggest)]
        out.append({"id": result.id, "score": result.score, "top": top})
    return out


def search_js(model: dict, queries: Iterable[str], lang: str = "es") -> list[dict]:
    """The shipped matcher.js under Node, on the index script the build would emit."""
    node = shutil.which("node")
    if node is None:
        raise AskError("--engine js needs Node.js ('node' on PATH)")
    with tempfile.TemporaryDirectory(prefix="knowledge-ask-") as tmp:
        index_path = Path(tmp) / f"faq-index.{lang}.js"
        index_path.write_text(index_script(model, {}, lang), encoding="utf-8")
        stdin = "".join(json.dumps({"q": q}, ensure_ascii=False) + "\n" for q in queries)
        proc = subprocess.run(
            [node, str(RUNNER_JS), str(MATCHER_JS), str(index_path), lang],
            input=stdin, capture_output=True, text=True, encoding="utf-8",
        )
    if proc.returncode != 0:
        raise AskError(f"the JavaScript matcher failed:\n{proc.stderr.strip()}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def format_answer(result: dict, entries: dict, lang: str) -> str:
    """The answer for a terminal, or the abstention with up to three suggestions."""
    words = messages(lang)

    def text_of(entry_id: str):
        entry = entries[entry_id]
        return entry.texts.get(lang) or next(iter(entry.texts.values()))

    if result["id"] is not None:
        text = text_of(result["id"])
        return f"{text.question}\n\n{text.answer.strip()}\n\n({result['id']}, {words['score']} {result['score']:.3f})"
    lines = [words["abstain"]]
    suggestions = [item for item in result["top"] if item.get("suggest", True)]
    if suggestions:
        lines.append(words["suggest"])
        lines.extend(f"  - {text_of(item['id']).question} ({item['id']})" for item in suggestions)
    return "\n".join(lines)
