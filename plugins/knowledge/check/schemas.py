"""Generate the JSON Schemas editors get, from the pydantic models the loaders use.

    python -m knowledge.check.schemas           # (re)write plugins/knowledge/schemas/
    python -m knowledge.check.schemas --check   # exit 1 when a written schema is stale

A schema is never edited by hand: the models are the one source, so an editor's
inline errors (through ``# yaml-language-server: $schema=…``) and the build can
never disagree on a file's shape. ``tests/check/test_schemas.py`` fails when a
model changes and its schema was not regenerated.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Any, Sequence

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


@dataclass(frozen=True)
class SchemaSpec:
    filename: str  # under SCHEMA_DIR
    model: str  # "module:Class", a pydantic model
    describes: str  # the files it validates, for the schema's description


SCHEMAS: tuple[SchemaSpec, ...] = (
    SchemaSpec("faq-entry.schema.json", "knowledge.faq.model:FaqEntryModel", "faq/<id>.yml"),
    SchemaSpec("faq-questions.schema.json", "knowledge.faq.questions:QuestionTestsModel", "faq/_questions.yml"),
    SchemaSpec("faq-topics.schema.json", "knowledge.faq.model:FaqTopicsModel", "faq/_topics.yml"),
    SchemaSpec("comparisons.schema.json", "knowledge.tables.model:ComparisonsFile", "content/comparisons.yml"),
    SchemaSpec("front-matter.schema.json", "knowledge.site.frontmatter:FrontMatter", "the front matter of content/<lang>/blog/*.md"),
    SchemaSpec("page-front-matter.schema.json", "knowledge.site.frontmatter:PageFrontMatter", "the front matter of other pages in content/<lang>/"),
    SchemaSpec("authors.schema.json", "knowledge.site.frontmatter:AuthorsFile", "content/authors.yml"),
)


def _model(spec: str) -> Any:
    module_name, _, class_name = spec.partition(":")
    return getattr(import_module(module_name), class_name)


def schema_for(spec: SchemaSpec) -> dict[str, Any]:
    body = _model(spec.model).model_json_schema(mode="validation")
    head = {"$schema": DIALECT, "$comment": f"Generated from {spec.model} by `python -m knowledge.check.schemas`; do not edit.", "x-describes": spec.describes}
    return {**head, **body}


def render(spec: SchemaSpec) -> str:
    return json.dumps(schema_for(spec), indent=2, ensure_ascii=False) + "\n"


def available_specs() -> list[SchemaSpec]:
    """Specs whose model can be imported (a model not written yet is skipped, loudly, by main)."""
    out = []
    for spec in SCHEMAS:
        try:
            _model(spec.model)
        except (ImportError, AttributeError):
            continue
        out.append(spec)
    return out


def write_all(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in available_specs():
        target = directory / spec.filename
        target.write_text(render(spec), encoding="utf-8")
        written.append(target)
    return written


def stale(directory: Path = SCHEMA_DIR) -> list[str]:
    """Schema files that differ from what the models generate now."""
    return [
        spec.filename
        for spec in available_specs()
        if not (directory / spec.filename).is_file() or (directory / spec.filename).read_text(encoding="utf-8") != render(spec)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge.check.schemas", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if a schema is stale")
    parser.add_argument("--dir", type=Path, default=SCHEMA_DIR, help="where the schemas live (default: %(default)s)")
    args = parser.parse_args(argv)
    missing = [spec.model for spec in SCHEMAS if spec not in available_specs()]
    for model in missing:
        print(f"warning: model {model} not found; its schema is not generated", file=sys.stderr)
    if args.check:
        names = stale(args.dir)
        for name in names:
            print(f"{args.dir / name}: stale; run `python -m knowledge.check.schemas`", file=sys.stderr)
        return 1 if names or missing else 0
    for path in write_all(args.dir):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
