"""``knowledge ask`` end to end on the fixture FAQ: text, --json, --batch, both engines, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from knowledge.cli import main

HERE = Path(__file__).resolve().parent
FAQ = HERE / "faq"
GOLDEN = {c["query"]: c for c in json.loads((HERE / "golden.json").read_text(encoding="utf-8"))["cases"]}
ENGINES = ["python", pytest.param("js", marks=pytest.mark.skipif(shutil.which("node") is None, reason="needs node"))]


def ask(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["ask", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("engine", ENGINES)
def test_json_answer_matches_the_golden_vector(capsys, engine: str) -> None:
    query = "¿Cuánto cuesta el diseño de una página web?"
    code, out, err = ask(capsys, query, "--faq-dir", str(FAQ), "--engine", engine, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert set(result) == {"id", "score", "top"}
    assert result["id"] == GOLDEN[query]["id"] == "design-cost"
    assert [t["id"] for t in result["top"]] == [t["id"] for t in GOLDEN[query]["top"]]
    assert result["score"] == pytest.approx(GOLDEN[query]["score"], abs=1e-6)


def test_text_answer_in_the_requested_language(capsys) -> None:
    code, out, _ = ask(capsys, "how much does web design cost", "--faq-dir", str(FAQ), "--lang", "es")
    assert code == 0
    assert out.startswith("¿Cuánto cuesta el diseño de una página web?")
    assert "pedinos un presupuesto" in out and "design-cost" in out
    code, out, _ = ask(capsys, "cuánto cuesta el diseño", "--faq-dir", str(FAQ), "--lang", "en")
    assert "ask us for a quote" in out


def test_text_abstention_lists_suggestions_only_when_relevant(capsys) -> None:
    code, out, _ = ask(capsys, "precio mantenimiento", "--faq-dir", str(FAQ))
    assert code == 0
    assert out.splitlines()[0] == "No encontré una respuesta segura en las preguntas frecuentes."
    assert "¿Quisiste decir…?" in out and "  - " in out and "(design-cost)" in out
    code, out, _ = ask(capsys, "receta de empanadas", "--faq-dir", str(FAQ))
    assert code == 0
    assert out.splitlines() == ["No encontré una respuesta segura en las preguntas frecuentes."]


def test_one_language_folder_works(capsys, tmp_path: Path) -> None:
    (tmp_path / "solo.yml").write_text((FAQ / "yearly-plan.yml").read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = ask(capsys, "contrato anual", "--faq-dir", str(tmp_path), "--json")
    assert code == 0, err
    assert json.loads(out)["id"] == "solo"
    (tmp_path / "otra.yml").write_text((FAQ / "twin-alpha.yml").read_text(encoding="utf-8"), encoding="utf-8")
    for engine in ENGINES[:1] + (["js"] if shutil.which("node") else []):
        code, out, err = ask(capsys, "contrato anual", "--faq-dir", str(tmp_path), "--json", "--engine", engine)
        assert code == 0, err
        assert json.loads(out)["top"][0]["id"] == "solo"


def test_batch_same_results_from_both_engines(capsys, tmp_path: Path) -> None:
    if shutil.which("node") is None:
        pytest.skip("needs node")
    batch = tmp_path / "queries.jsonl"
    queries = list(GOLDEN)
    batch.write_text("".join(json.dumps({"q": q, "lang": "es"}, ensure_ascii=False) + "\n" for q in queries), encoding="utf-8")
    results = {}
    for engine in ("python", "js"):
        code, out, err = ask(capsys, "--batch", str(batch), "--faq-dir", str(FAQ), "--engine", engine)
        assert code == 0, err
        results[engine] = [json.loads(line) for line in out.splitlines()]
        assert len(results[engine]) == len(queries)
        for query, result in zip(queries, results[engine]):
            assert result["id"] == GOLDEN[query]["id"], query
            assert [t["id"] for t in result["top"]] == [t["id"] for t in GOLDEN[query]["top"]], query
    for py, js in zip(results["python"], results["js"]):
        assert py["id"] == js["id"] and py["score"] == pytest.approx(js["score"], abs=1e-6)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["x", "--faq-dir", "/nonexistent/faq"], "does not exist"),
        (["--batch", "/nonexistent/q.jsonl", "--faq-dir", str(FAQ)], "cannot read batch file"),
        ([], "give a question"),
    ],
)
def test_bad_input_exits_2_without_traceback(capsys, argv: list[str], message: str) -> None:
    code, out, err = ask(capsys, *argv)
    assert code == 2
    assert message in err and "Traceback" not in err and out == ""


def test_bad_faq_file_and_bad_batch_line_exit_2(capsys, tmp_path: Path) -> None:
    (tmp_path / "broken.yml").write_text("es:\n  question: [unclosed\n", encoding="utf-8")
    code, _, err = ask(capsys, "hola", "--faq-dir", str(tmp_path))
    assert code == 2 and "broken.yml:" in err and "Traceback" not in err
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"q": "hola", "lang": "es"}\nnot json\n', encoding="utf-8")
    code, _, err = ask(capsys, "--batch", str(batch), "--faq-dir", str(FAQ))
    assert code == 2 and "q.jsonl:2:" in err


def test_empty_folder_exits_2(capsys, tmp_path: Path) -> None:
    code, _, err = ask(capsys, "hola", "--faq-dir", str(tmp_path))
    assert code == 2 and "no FAQ entries" in err
