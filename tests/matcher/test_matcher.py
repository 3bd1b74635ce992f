"""The Python reference matcher: golden vectors, determinism, index file, sample FAQ.

``golden.json`` is shared with ``matcher.test.js`` (run by ``node --test tests/matcher/``
and, below, from pytest too), so both engines are held to the same expectations.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from knowledge.faq.loader import load_faq
from knowledge.matcher import MatchEntry, Matcher, ModelError, match_entries, train
from knowledge.matcher.cli import search_js
from knowledge.matcher.engine import DIGITS
from knowledge.matcher.index import browser_index, index_script, read_index_script
from knowledge.matcher.text import MAX_QUERY_CHARS, fold

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
GOLDEN = json.loads((HERE / "golden.json").read_text(encoding="utf-8"))
GOLDEN_INDEX = json.loads((HERE / "golden_index.json").read_text(encoding="utf-8"))


def fixture_entries(faq_dir: Path, root: Path) -> list[MatchEntry]:
    entries, problems = load_faq(faq_dir, root=root, require_all_languages=False)
    assert not [p for p in problems if p.level == "error"], problems
    return match_entries(entries)


@pytest.fixture(scope="module")
def golden_matcher() -> Matcher:
    return Matcher(GOLDEN["model"])


@pytest.fixture(scope="module", params=["model", "index"])
def golden_matchers(request) -> Matcher:
    """The Python engine on the trained model (spec 2) and on the ready index built from it (spec 3)."""
    return Matcher(GOLDEN["model"] if request.param == "model" else GOLDEN_INDEX)


@pytest.mark.parametrize("case", GOLDEN["cases"], ids=[c["name"] for c in GOLDEN["cases"]])
def test_golden_vector_python(golden_matchers: Matcher, case: dict) -> None:
    result = golden_matchers.search(case["query"])
    assert result.id == case["id"]
    assert [i for i, _ in result.top] == [t["id"] for t in case["top"]]
    assert result.suggest == [t["suggest"] for t in case["top"]]
    assert result.score == pytest.approx(case["score"], abs=1e-6)
    for (_, score), expected in zip(result.top, case["top"]):
        assert score == pytest.approx(expected["score"], abs=1e-6)


def test_golden_covers_what_the_spec_promises() -> None:
    queries = [c["query"] for c in GOLDEN["cases"]]
    assert "" in queries and any(q.strip() == "" and q for q in queries)
    assert any(len(q) >= 10_000 for q in queries)
    assert any("ñ" in q for q in queries) and any("🚀" in q for q in queries)
    tie = next(c for c in GOLDEN["cases"] if c["name"].startswith("tie between"))
    first, second = tie["top"][:2]
    assert first["score"] == second["score"] and first["id"] < second["id"]
    unrelated = next(c for c in GOLDEN["cases"] if c["name"].startswith("out of scope, unrelated"))
    assert unrelated["id"] is None and unrelated["top"] and not any(t["suggest"] for t in unrelated["top"])
    near = next(c for c in GOLDEN["cases"] if c["name"].startswith("near miss"))
    assert near["id"] is None and near["top"][0]["suggest"]


def test_fixture_retrains_to_the_golden_model() -> None:
    """Training is deterministic: the fixture FAQ gives the committed model, byte for byte."""
    model = train(fixture_entries(HERE / "faq", HERE))
    again = train(list(reversed(fixture_entries(HERE / "faq", HERE))))
    assert json.dumps(model, sort_keys=True) == json.dumps(again, sort_keys=True)
    assert json.dumps(model, sort_keys=True) == json.dumps(GOLDEN["model"], sort_keys=True)


def test_accents_case_and_punctuation_fold_away() -> None:
    assert fold("¡¿Cuánto CUESTA el Diseño?!") == "cuanto cuesta el diseno"
    assert fold("año\u00a0—  Ñandú 🚀 café") == "ano nandu cafe"
    assert fold("𝐩𝐫𝐞𝐜𝐢𝐨 ｗｅｂ") == "precio web"
    for text in ["¿Qué tal?", "ÉÑÜ x", "  a  b  "]:
        assert fold(fold(text)) == fold(text)


def test_huge_query_is_truncated_and_fast(golden_matcher: Matcher) -> None:
    huge = "presupuesto página " * 100_000
    start = time.perf_counter()
    result = golden_matcher.search(huge)
    assert time.perf_counter() - start < 1.0
    assert result == golden_matcher.search(huge[:MAX_QUERY_CHARS])


def test_unknown_spec_version_is_refused() -> None:
    with pytest.raises(ModelError, match="spec"):
        Matcher({**GOLDEN["model"], "spec": 999})


def test_golden_index_is_the_index_of_the_golden_model() -> None:
    """golden_index.json (what node --test replays) is what index.py builds today from golden.json's model."""
    assert browser_index(GOLDEN["model"]) == GOLDEN_INDEX
    assert GOLDEN_INDEX["spec"] == 3 and GOLDEN_INDEX["ids"] == GOLDEN["model"]["ids"]


def _broken_postings(case: str) -> str:
    postings = GOLDEN_INDEX["postings"].split(" ")
    n_entries = len(GOLDEN_INDEX["ids"])
    return {
        "one feature too many": " ".join([*postings, "BA"]),
        "not a digit": " ".join(["B!", *postings[1:]]),
        # df 1, one posting in the long form (digit 48: level 1), gap = the number of entries
        "entry past the last one": " ".join([f"BBw{DIGITS[n_entries]}", *postings[1:]]),
        "digits left over": " ".join([postings[0] + "A", *postings[1:]]),
    }[case]


@pytest.mark.parametrize("case", ["one feature too many", "not a digit", "entry past the last one", "digits left over"])
def test_ready_index_that_does_not_decode_is_refused(case: str) -> None:
    Matcher(GOLDEN_INDEX)  # the untouched index opens
    with pytest.raises(ModelError):
        Matcher({**GOLDEN_INDEX, "postings": _broken_postings(case)})


def test_index_script_round_trip() -> None:
    display = {"design-cost": {"question": "¿Cuánto cuesta?", "answer_html": "<p>Depende\u2028</p>", "url": "../faq/#design-cost"}}
    text = index_script(GOLDEN["model"], display, "es")
    assert text.startswith('(self.KnowledgeFaqIndex = self.KnowledgeFaqIndex || {})["es"] = {"spec":3,"matcher":{"spec":2,')
    assert "\u2028" not in text
    payload = read_index_script(text)
    # A small FAQ ships its model as is (SPEC.md §12); past the size limit, the ready index.
    assert payload["matcher"] == GOLDEN["model"] and payload["entries"] == display and payload["lang"] == "es"
    ready = read_index_script(index_script(GOLDEN["model"], display, "es", ready_above_chars=0))
    assert ready["matcher"] == GOLDEN_INDEX and ready["entries"] == display
    text_chars = sum(len(t) for texts in GOLDEN["model"]["texts"] for t in texts)
    assert read_index_script(index_script(GOLDEN["model"], display, "es", ready_above_chars=text_chars - 1))["matcher"]["spec"] == 3
    assert read_index_script(index_script(GOLDEN["model"], display, "es", ready_above_chars=text_chars))["matcher"]["spec"] == 2
    with pytest.raises(ValueError):
        index_script(GOLDEN["model"], display, 'es"]=alert(1);//')


def test_sample_faq_answers_its_own_questions_in_both_engines() -> None:
    """Issue 3: every question and variant of the sample FAQ finds its own entry."""
    entries = fixture_entries(REPO / "faq", REPO)
    model = train(entries)
    matcher = Matcher(model)
    asked = [(e.id, text) for e in entries for texts in e.texts.values() for text in texts]
    assert len(asked) >= 100
    python_ids = [matcher.search(text).id for _, text in asked]
    assert python_ids == [entry_id for entry_id, _ in asked]
    from_index = Matcher(browser_index(model))
    assert [from_index.search(text) for _, text in asked] == [matcher.search(text) for _, text in asked]
    js_ids = [r["id"] for r in search_js(model, [text for _, text in asked])]
    assert js_ids == python_ids


@pytest.mark.skipif(shutil.which("node") is None, reason="node is required for the JavaScript suite")
def test_node_suite_passes() -> None:
    """Runs ``node --test tests/matcher/`` (the JS side of the golden vectors)."""
    proc = subprocess.run(["node", "--test", str(HERE)], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_an_index_script_is_the_payload_as_json_whether_or_not_the_matcher_json_is_given():
    """``index_script`` writes ``{"spec", "matcher", "entries"}`` by pieces (the matcher's
    JSON is made once for all languages): the bytes are ``_json`` of that dict."""
    from knowledge.matcher.index import INDEX_SPEC, _json, shipped_matcher, shipped_matcher_json

    display = {"ids": ["a"], "answers": ["<p>caf\u00e9 \u2028 \"x\"</p>"]}
    model = GOLDEN["model"]
    whole = {"spec": INDEX_SPEC, "matcher": shipped_matcher(model), "entries": display}
    expected = f'(self.KnowledgeFaqIndex = self.KnowledgeFaqIndex || {{}})["es"] = {_json(whole)};\n'
    assert index_script(model, display, "es") == expected
    assert index_script(model, display, "es", matcher_json=shipped_matcher_json(model)) == expected
    assert index_script(model, display, "es", ready_above_chars=0) != expected  # the ready index instead
