"""The JSON Schemas in plugins/knowledge/schemas/ are generated from the loaders'
pydantic models: they must not drift, and they must agree with the loaders on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from knowledge.check import schemas
from knowledge.yamlio import load_yaml, parse_front_matter, read_text

REPO = Path(__file__).resolve().parents[2]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "clean"


def test_every_model_has_a_schema():
    assert [spec.filename for spec in schemas.available_specs()] == [spec.filename for spec in schemas.SCHEMAS]


@pytest.mark.parametrize("spec", schemas.SCHEMAS, ids=lambda spec: spec.filename)
def test_schema_matches_its_model(spec):
    written = schemas.SCHEMA_DIR / spec.filename
    assert written.is_file(), f"run `python -m knowledge.check.schemas`"
    assert written.read_text(encoding="utf-8") == schemas.render(spec), f"{spec.filename} is stale: run `python -m knowledge.check.schemas`"
    Draft202012Validator.check_schema(json.loads(written.read_text(encoding="utf-8")))


def test_check_mode_reports_drift(tmp_path, capsys):
    schemas.write_all(tmp_path)
    assert schemas.main(["--check", "--dir", str(tmp_path)]) == 0
    (tmp_path / "faq-entry.schema.json").write_text("{}\n")
    assert schemas.main(["--check", "--dir", str(tmp_path)]) == 1
    assert "faq-entry.schema.json: stale" in capsys.readouterr().err


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((schemas.SCHEMA_DIR / name).read_text(encoding="utf-8")))


def test_schemas_accept_the_clean_fixture_and_the_sample_content():
    faq_entry = validator("faq-entry.schema.json")
    for folder in (FIXTURE / "faq", REPO / "faq"):
        for path in sorted(folder.glob("[!_]*.yml")):
            assert not list(faq_entry.iter_errors(load_yaml(path).data)), path
        assert not list(validator("faq-topics.schema.json").iter_errors(load_yaml(folder / "_topics.yml").data))
    for root in (FIXTURE, REPO):
        assert not list(validator("comparisons.schema.json").iter_errors(load_yaml(root / "content" / "comparisons.yml").data))
        assert not list(validator("authors.schema.json").iter_errors(load_yaml(root / "content" / "authors.yml").data))
        for path in sorted((root / "content").glob("*/blog/*.md")):
            text, _ = read_text(path, str(path))
            meta = parse_front_matter(text, str(path)).meta.data
            meta = {k: str(v) if k in {"date", "updated"} else v for k, v in meta.items()}
            assert not list(validator("front-matter.schema.json").iter_errors(meta)), path


def test_schemas_reject_what_the_loaders_reject():
    entry = {"es": {"question": "¿Qué?", "answer": "Esto."}, "en": {"question": "What?", "answer": "This."}}
    faq_entry = validator("faq-entry.schema.json")
    assert not list(faq_entry.iter_errors(entry))
    assert list(faq_entry.iter_errors({**entry, "colour": "red"}))  # unknown key
    assert list(faq_entry.iter_errors({"es": entry["es"]}))  # missing language
    assert list(faq_entry.iter_errors({**entry, "es": {"question": "¿Qué?"}}))  # missing answer


def test_data_files_point_editors_at_the_schemas():
    """The yaml-language-server comment of the sample data files names an existing schema."""
    wired = {
        REPO / "content" / "comparisons.yml": "comparisons.schema.json",
    }
    for path, name in wired.items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (schemas.SCHEMA_DIR / name).resolve()
