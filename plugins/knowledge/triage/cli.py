"""``knowledge triage FILE``: what visitors asked, run through the shipped model.

    knowledge triage questions.jsonl                  # Markdown report on stdout
    knowledge triage questions.csv --format json      # one JSON line per question
    knowledge triage questions.jsonl --apply          # also write variants and drafts

Exit codes: 0 done, 2 bad input (config, FAQ with errors, unreadable or malformed
export). Offline: the model comes from the project's FAQ (and its cache).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from knowledge.triage.core import DEFAULT_SIMILARITY


class TriageError(Exception):
    """Bad input: reported on stderr, exit code 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        'FILE is JSONL ({"q": "…", "lang": "es", "count": 3} per line; count optional) or CSV '
        "(.csv, header row with q, lang and optionally count). Exit codes: 0 done, 2 bad input."
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="exported questions (.jsonl or .csv)")
    parser.add_argument("--config", "-c", default="mkdocs.yml", help="the site's MkDocs config (default: %(default)s)")
    parser.add_argument("--format", "-f", choices=("markdown", "json"), default="markdown", help="report format (default: %(default)s)")
    parser.add_argument("--output", "-o", type=Path, help="write the report here instead of stdout")
    parser.add_argument(
        "--similarity", type=int, default=DEFAULT_SIMILARITY, metavar="0-100",
        help="questions this alike (rapidfuzz ratio on folded words) form one cluster (default: %(default)s)",
    )
    parser.add_argument(
        "--apply", action="store_true",
        help="write add-variant suggestions into faq/<id>.yml and new-entry clusters as drafts in faq/_drafts/",
    )


def run(args: argparse.Namespace) -> int:
    from knowledge.triage.log import LogError

    try:
        if not 0 <= args.similarity <= 100:
            raise TriageError(f"--similarity must be between 0 and 100, got {args.similarity}")
        report, applied = triage_project(args)
    except TriageError as exc:
        print(f"knowledge triage: error: {exc}", file=sys.stderr)
        return 2
    except LogError as exc:
        print(f"knowledge triage: error: {len(exc.problems)} problem(s) in the export:", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return 2
    if args.output is not None:
        try:
            args.output.write_text(report, encoding="utf-8")
        except OSError as exc:
            print(f"knowledge triage: error: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(report)
    if applied is not None:
        # stderr: stdout is the report, which may be piped into a file.
        for file, lang, text in applied.variants:
            print(f"added variant to {file} ({lang}): {text!r}", file=sys.stderr)
        for file in applied.drafts:
            print(f"wrote draft {file}", file=sys.stderr)
        for note in applied.skipped:
            print(f"skipped: {note}", file=sys.stderr)
        print(f"{len(applied.variants)} variant(s) added, {len(applied.drafts)} draft(s) written; run `knowledge check` next", file=sys.stderr)
    return 0


def triage_project(args: argparse.Namespace):
    from knowledge.cachedir import cache_dir
    from knowledge.check.project import ConfigError, read_project_config, site_context
    from knowledge.faq.feature import FaqFeature
    from knowledge.faq.questions import shipped_model
    from knowledge.matcher.engine import shared_matcher
    from knowledge.problems import errors
    from knowledge.triage import core
    from knowledge.triage.log import read_log

    try:
        config = read_project_config(args.config)
    except ConfigError as exc:
        raise TriageError(str(exc)) from None
    site = site_context(config)
    feature = FaqFeature()
    found = errors(feature.load(site))
    if found:
        listing = "\n".join(f"  {p.parsable()}" for p in sorted(found))
        raise TriageError(f"the FAQ has {len(found)} error(s); fix them first (`knowledge check`):\n{listing}")
    if not feature.entries:
        raise TriageError(f"no FAQ entries in {feature.faq_dir}")
    asked = read_log(args.file, site.languages)
    matcher = shared_matcher(shipped_model(feature.entries, site.languages, cache_dir(site)))
    items, clusters = core.triage(asked, matcher, args.similarity)
    if args.format == "json":
        report = "".join(line + "\n" for line in core.json_lines(items))
    else:
        questions = {lang: {e.id: e.texts[lang].question for e in feature.entries if lang in e.texts} for lang in site.languages}
        report = core.markdown_report(items, clusters, source=str(args.file), questions=questions)
    applied = None
    if args.apply:
        from knowledge.triage.apply import apply_all
        from knowledge.problems import relpath

        assert feature.faq_dir is not None
        applied = apply_all(feature.faq_dir, clusters, site.languages, display=relpath(feature.faq_dir, site.project_dir))
    return report, applied
