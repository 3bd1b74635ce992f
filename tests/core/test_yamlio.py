"""The hardened YAML loader: every pitfall is a located problem, never a surprise."""

from __future__ import annotations

import os

import pytest

from knowledge.yamlio import load_yaml, parse_front_matter, parse_yaml


def located(doc):
    return sorted((p.line, p.col, p.rule) for p in doc.problems)


def test_duplicate_key_is_reported_on_the_second_key():
    doc = parse_yaml("question: a\nanswer: b\nquestion: c\n", "f.yml")
    assert located(doc) == [(3, 1, "yaml-duplicate-key")]
    assert "first on line 1" in doc.problems[0].message
    assert doc.data["question"] == "a"


def test_anchors_aliases_and_merge_keys_are_refused():
    doc = parse_yaml("a: &x hello\nb: *x\nc:\n  <<: {d: 1}\n", "f.yml")
    assert located(doc) == [(1, 4, "yaml-anchor"), (2, 4, "yaml-anchor"), (4, 3, "yaml-anchor")]


def test_alias_bomb_is_not_expanded():
    bomb = 'a: &a ["lol","lol"]\n' + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))
    doc = parse_yaml(bomb, "bomb.yml")
    assert doc.problems and all(p.rule == "yaml-anchor" for p in doc.problems)
    assert len(repr(doc.data)) < 2000


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("q: no\n", "yaml-truthy"),
        ("q: On\n", "yaml-truthy"),
        ("q: true\n", "yaml-truthy"),
        ("q: 1.000\n", "yaml-implicit-number"),
        ("q: 01001\n", "yaml-implicit-number"),
        ("q: 12:30\n", "yaml-implicit-number"),
        ("q: 2024-03-05\n", "yaml-implicit-date"),
        ("q: 2024-13-01\n", "yaml-implicit-date"),
    ],
)
def test_values_yaml11_tools_would_retype_must_be_quoted_where_text_is_expected(text, rule):
    doc = parse_yaml(text, "f.yml")
    assert doc.problems == []
    problem = doc.require_text(("q",))
    assert (problem.line, problem.col, problem.rule) == (1, 4, rule)


def test_quoted_values_are_text_and_pass():
    doc = parse_yaml('q: "no"\nd: "2024-03-05"\nn: "1.000"\n', "f.yml")
    assert doc.data == {"q": "no", "d": "2024-03-05", "n": "1.000"}
    assert [doc.require_text((k,)) for k in "qdn"] == [None, None, None]


def test_core_schema_only_constructs_plain_booleans_and_numbers():
    doc = parse_yaml("a: yes\nb: true\nc: 42\nd: 2026-02-20\ne: ~\n", "f.yml")
    assert doc.data == {"a": "yes", "b": True, "c": 42, "d": "2026-02-20", "e": None}


def test_missing_and_wrong_typed_text_are_located():
    doc = parse_yaml("es:\n  question: [a, b]\n", "f.yml")
    assert doc.require_text(("es", "question")).rule == "wrong-type"
    missing = doc.require_text(("es", "answer"))
    assert (missing.line, missing.col, missing.rule) == (1, 1, "missing-key")


def test_tabs_in_indentation():
    doc = parse_yaml("es:\n\tquestion: x\n", "f.yml")
    assert located(doc) == [(2, 1, "yaml-tabs")]


def test_syntax_error_has_position_and_hint():
    doc = parse_yaml("q: Horario: de 9 a 18\n", "f.yml")
    assert located(doc) == [(1, 11, "yaml-syntax")]
    assert "needs quotes" in doc.problems[0].message
    assert doc.data is None


def test_custom_tags_and_multiple_documents():
    assert located(parse_yaml("a: !!python/object:os.system x\n", "f.yml")) == [(1, 4, "yaml-tag")]
    assert [p.rule for p in parse_yaml("a: 1\n---\nb: 2\n", "f.yml").problems] == ["yaml-multiple-documents"]


def test_file_level_problems(tmp_path):
    latin = tmp_path / "latin.yml"
    latin.write_bytes("q: ¿Cuánto?\n".encode("latin-1"))
    binary = tmp_path / "bin.yml"
    binary.write_bytes(b"\x00\x01\x02")
    big = tmp_path / "big.yml"
    big.write_text("a: " + "x" * 300_000 + "\n")
    loop = tmp_path / "loop.yml"
    os.symlink(loop, loop)
    results = {name: load_yaml(tmp_path / name, root=tmp_path) for name in ["latin.yml", "bin.yml", "big.yml", "loop.yml"]}
    assert [(p.path, p.line, p.col, p.rule) for p in results["latin.yml"].problems] == [("latin.yml", 1, 4, "encoding")]
    assert [p.rule for p in results["bin.yml"].problems] == ["not-text"]
    assert [p.rule for p in results["big.yml"].problems] == ["file-too-large"]
    assert [p.rule for p in results["loop.yml"].problems] == ["unreadable"]
    assert all(doc.data is None for doc in results.values())


def test_front_matter_positions_are_the_files_lines():
    source = parse_front_matter("---\ntitle: Hola\ndate: 2026-02-20\n---\n# Body\n", "a.md")
    assert source.meta.data == {"title": "Hola", "date": "2026-02-20"}
    assert source.meta.mark(("date",)) == (3, 7)
    assert source.body == "# Body\n" and source.body_line == 5


def test_front_matter_syntax_error_line_is_in_file_coordinates():
    source = parse_front_matter("---\ntitle: Hola\ntags: [a\n---\nbody\n", "a.md")
    assert [(p.line, p.col, p.rule) for p in source.meta.problems] == [(3, 7, "yaml-syntax")]


def test_no_front_matter():
    source = parse_front_matter("# Just a body\n", "a.md")
    assert not source.has_front_matter and source.body_line == 1


def test_absurd_nesting_is_one_problem_not_a_crash():
    doc = parse_yaml("a: " + "[" * 600 + "]" * 600 + "\n", "deep.yml")
    assert [(p.line, p.col, p.rule) for p in doc.problems] == [(1, 1, "yaml-syntax")]
    assert doc.data is None
