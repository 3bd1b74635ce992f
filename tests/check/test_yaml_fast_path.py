"""``yamlio.parse_yaml`` composes with libyaml's C composer and falls back to the
hooked Python composer for documents with anchors, aliases, tags or errors; the
documents it gives are exactly those of the hooked composer alone, on real files,
hostile ones and thousands of mutated ones."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from knowledge import yamlio

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

pytestmark = pytest.mark.skipif(not yamlio._FAST, reason="PyYAML without libyaml has one path only")


def snapshot(doc: yamlio.YamlDocument) -> tuple:
    return (doc.data, doc.problems, doc.value_marks, doc.key_marks, doc.yaml11_types, doc.quoted, doc.plain_text)


def outcome(text: str) -> tuple | str:
    try:
        return snapshot(yamlio.parse_yaml(text, "x.yml", line_offset=1))
    except RecursionError:
        # PyYAML's Python composer recurses a few frames per level and gives up a
        # few hundred levels deep (libyaml stops at 1,000): a limit of the hooked
        # path (reported to the lead), which the fast path does not have.
        return "RecursionError"


def took_c_path(text: str) -> bool:
    return not yamlio._needs_hooks(text) and yamlio._compose_in_c(text) is not yamlio._HOOKED


def both_ways(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple | str, tuple | str]:
    fast = outcome(text)
    with monkeypatch.context() as patch:
        patch.setattr(yamlio, "_needs_hooks", lambda _text: True)
        hooked = outcome(text)
    if hooked == "RecursionError" and took_c_path(text):
        assert fast != "RecursionError"
        return fast, fast
    return fast, hooked


def corpus() -> list[str]:
    texts = []
    for pattern in ("faq/*.yml", "content/*.yml", "tests/**/*.yml", "tests/**/*.yaml"):
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file() and path.stat().st_size < 64_000:
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    for path in sorted([*ROOT.glob("content/**/*.md"), *FIXTURES.glob("**/*.md")]):
        if path.is_file():
            match = yamlio._FRONT_MATTER.match(path.read_text(encoding="utf-8", errors="replace"))
            if match:
                texts.append(match.group(1))
    return texts


def test_corpus_is_not_empty() -> None:
    assert len(corpus()) > 20


def test_real_files_parse_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    fast_used = 0
    for text in corpus():
        fast, hooked = both_ways(text, monkeypatch)
        assert fast == hooked, text[:200]
        fast_used += took_c_path(text)
    assert fast_used > 10, "most real files take the fast path"


HOSTILE = [
    "a: &x 1\nb: *x\n",
    "a: !!python/name:os.system x\n",
    "a: !!str 123\nb: !!str yes\n",
    "a:\n  - &a [1, 2]\n  - *a\n",
    "<<: {a: 1}\n",
    "--- a\n--- b\n",
    "a: 1\na: 2\n",
    "a: [1, 2\n",
    "a: 'unclosed\n",
    "a: b: c\n",
    "- x\ny: 1\n",
    "[" * 5000,
    "a: " + "[" * 300 + "]" * 300 + "\n",
    "{a: 1, b: [x, {c: *d}]}",
    "? complex\n: value\n",
    "key: |\n  literal *text* & more!\n",
    "q: \"**Sí**, ¡claro! R&D & Q&A\"\n",
    "q: Q&A and *stars* inline\n",
    "%YAML 1.1\n---\na: 1\n",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "",
    "# only a comment\n",
    "null\n",
    "- no\n- 1.000\n- 2024-03-05\n- ~\n- 0o17\n- 1:20\n",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_and_edge_cases_parse_the_same(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, hooked = both_ways(text, monkeypatch)
    assert fast == hooked


def test_anchors_aliases_and_tags_take_the_hooked_path() -> None:
    for text in ("a: &x 1\n", "a: *x\n", "a: !!str 1\n", "&k a: 1\n", "- ! x\n", "a: [&x 1, *x]\n"):
        assert not took_c_path(text), text
    for text in ("q: \"**Sí**, ¡claro! R&D\"\n", "a: |\n  **bold** & *it* !\n", "a: Q&A *x* !y\n"):
        assert took_c_path(text), text


def test_mutated_files_parse_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Random edits with YAML's indicator characters: wherever the cheap text test
    lets the C composer run, it must agree with the hooked composer."""
    rng = random.Random(11)
    texts = corpus()[:40] + HOSTILE
    alphabet = list(":-[]{}&*!|>?,'\"#\n\t %@`") + ["&a ", "*a", "!!str ", "!x ", "- ", ": "]
    checked = 0
    for _ in range(3000):
        text = rng.choice(texts)
        for _ in range(rng.randrange(1, 4)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(alphabet) + text[at + rng.randrange(0, 2):]
        fast, hooked = both_ways(text, monkeypatch)
        assert fast == hooked, repr(text[:300])
        checked += took_c_path(text)
    assert checked > 1000, "enough mutations take the fast path to test it"
