"""The ``knowledge`` command line: ``knowledge ask`` and ``knowledge check``.

Each subcommand lives beside the code it drives and exposes
``add_arguments(parser)`` and ``run(args) -> int``; this module only dispatches.
Exit codes: 0 success, 1 problems found (check), 2 usage or input error.
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
}


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
