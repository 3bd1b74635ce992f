"""The ``knowledge`` command line: ``knowledge ask``, ``knowledge check``, ``knowledge triage`` and ``knowledge new``.

Each subcommand lives beside the code it drives and exposes
``add_arguments(parser)`` and ``run(args) -> int``; this module only dispatches.
``knowledge new`` is parsed here and done by :mod:`knowledge.scaffold`.
Exit codes: 0 success, 1 problems found (check) or nothing written (new), 2 usage or input error.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from knowledge import DISTRIBUTION, __version__

SUBCOMMANDS = {
    "ask": ("knowledge.matcher.cli", "answer a question from the FAQ, offline"),
    "check": ("knowledge.check.cli", "validate content, FAQ and tables without building"),
    "triage": ("knowledge.triage.cli", "turn exported visitor questions into FAQ variants and drafts"),
    "new": ("knowledge.cli", "start a site, or add a post or an FAQ entry in every language"),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``knowledge new site|post|faq``."""
    kinds = parser.add_subparsers(dest="kind", metavar="WHAT")
    site = kinds.add_parser("site", help="a new site that passes `knowledge check` and `mkdocs build --strict`")
    site.add_argument("directory", metavar="DIR", help="where to write it (created if needed; existing files are never overwritten)")
    site.add_argument("--languages", default="es,en", help="two or more, comma-separated; the first is the default (default: %(default)s)")
    site.add_argument("--name", default="My site", help="the site's name (default: %(default)s)")
    site.add_argument("--url", default="https://example.com/", help="the address it will be published at (default: %(default)s)")
    post = kinds.add_parser("post", help="a post in every language of the site")
    post.add_argument("slug", metavar="SLUG", help="the file name and URL, e.g. my-first-post")
    post.add_argument("--title", help="the title (default: from the slug); other languages get it marked to translate")
    post.add_argument("--author", help="an id from the authors file (default: its first author)")
    post.add_argument("--config", "-c", default="mkdocs.yml", help="the site's MkDocs config (default: %(default)s)")
    faq = kinds.add_parser("faq", help="an FAQ entry skeleton with a block per language")
    faq.add_argument("entry_id", metavar="ID", help="the entry id and file name, e.g. shipping-times")
    faq.add_argument("--config", "-c", default="mkdocs.yml", help="the site's MkDocs config (default: %(default)s)")
    parser.set_defaults(_usage=parser.format_usage())


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from knowledge import scaffold

    try:
        if args.kind == "site":
            written = scaffold.new_site(Path(args.directory), args.languages, name=args.name, url=args.url)
        elif args.kind == "post":
            written = scaffold.new_post(args.slug, config_file=Path(args.config), title=args.title, author=args.author)
        elif args.kind == "faq":
            written = scaffold.new_faq(args.entry_id, config_file=Path(args.config))
        else:
            print(args._usage.rstrip() + "\nknowledge new: say what to create: site, post or faq", file=sys.stderr)
            return 2
    except scaffold.ScaffoldError as exc:
        print(f"knowledge new {args.kind}: {exc}", file=sys.stderr)
        return 1
    print(scaffold.describe(written))
    for note in written.notes:
        print(f"note: {note}", file=sys.stderr)
    if args.kind == "site":
        print(f"next: cd {args.directory} && mkdocs serve")
    return 0


def build_parser(names: Sequence[str] = tuple(SUBCOMMANDS)) -> argparse.ArgumentParser:
    """The parser; only the subcommands in ``names`` import their modules (the
    others are listed, so `knowledge --help` still shows every command)."""
    parser = argparse.ArgumentParser(prog="knowledge", description="Multilingual knowledge-site tools.")
    parser.add_argument("--version", action="version", version=f"knowledge {__version__} ({DISTRIBUTION})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name in names:
            module = importlib.import_module(module_name)
            module.add_arguments(sub_parser)
            sub_parser.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # `knowledge check` should not pay for importing the matcher's training code,
    # and the reverse: import only the subcommand named on the command line.
    chosen = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = build_parser([chosen] if chosen in SUBCOMMANDS else tuple(SUBCOMMANDS))
    args = parser.parse_args(argv)
    if not getattr(args, "_run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args._run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
