"""The near-duplicate search finds exactly what scoring every pair finds."""

from __future__ import annotations

import random

import numpy as np
import pytest
from rapidfuzz import fuzz, process

from knowledge.check import near_duplicates
from knowledge.check.faq_rules import informative
from knowledge.check.near_duplicates import similar_pairs

WORDS = (
    "modelo datos costo equipo cliente proyecto prompt agente tabla búsqueda índice factura contrato soporte "
    "servidor nube latencia prueba calidad seguridad privacidad licencia código api panel reporte alerta "
    "cuánto cuesta qué es cómo funciona model data cost team client project search invoice"
).split()


def brute_force(texts: list[str], threshold: int) -> list[tuple[int, int, int]]:
    """Every pair scored (the implementation this module replaced, minus its speed-ups)."""
    live = [i for i, t in enumerate(texts) if t]
    scores = process.cdist(
        [texts[i] for i in live], [texts[i] for i in live],
        scorer=fuzz.ratio, processor=None, score_cutoff=threshold, dtype=np.uint8, workers=-1,
    )
    return sorted(
        (live[r], live[c], int(scores[r, c]))
        for r, c in zip(*np.nonzero(scores)) if c > r
    )


def typo(word: str, rng: random.Random) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(len(word))
    return rng.choice([word[:i] + word[i + 1:], word[:i] + "x" + word[i:], word[:i] + word[i] * 2 + word[i + 1:]])


def generated_questions(n: int, seed: int) -> list[str]:
    """Questions from a small vocabulary (many close pairs), with typos, reordered
    copies, accents, numbers, repeated letters, empty and very long texts."""
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(n):
        kind = rng.random()
        if out and kind < 0.25:  # a near copy of an earlier question
            words = rng.choice(out).split() or ["x"]
            words = [typo(w, rng) if rng.random() < 0.3 else w for w in words]
            rng.shuffle(words)
            out.append(" ".join(words))
        elif kind < 0.27:
            out.append("")
        elif kind < 0.29:
            out.append("a" * rng.randrange(10, 60) + " " + "b" * rng.randrange(1, 30))  # beyond the occurrence cap
        elif kind < 0.30:
            out.append(" ".join(rng.choice(WORDS) for _ in range(rng.randrange(40, 120))))
        else:
            out.append(" ".join(rng.sample(WORDS, rng.randrange(1, 7))) + (f" {i}" if rng.random() < 0.5 else ""))
    return out


@pytest.mark.parametrize("threshold", [50, 75, 90, 100])
def test_same_pairs_and_scores_as_scoring_every_pair(threshold: int) -> None:
    texts = [informative(q) for q in generated_questions(1500, seed=threshold)]
    expected = brute_force(texts, threshold)
    assert expected, "the generated data must contain matching pairs"
    found = similar_pairs(texts, threshold)
    assert sorted(found) == expected
    rank = {index: position for position, index in enumerate(sorted(range(len(texts)), key=lambda i: len(texts[i])))}
    keys = [sorted((rank[i], rank[j])) for i, j, _ in found]
    assert keys == sorted(keys), "pairs come in the order of their texts' lengths"


def test_many_distinct_characters_share_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """More characters than column groups (here a tiny limit) keeps the result exact."""
    monkeypatch.setattr(near_duplicates, "MAX_BINS", 4)
    monkeypatch.setattr(near_duplicates, "MAX_OCCURRENCES", 2)
    monkeypatch.setattr(near_duplicates, "BLOCK_ROWS", 7)
    rng = random.Random(3)
    alphabet = "abcdefghijklmnñopqrstuvwxyzáéíóú0123456789日本語"
    texts = ["".join(rng.choice(alphabet[: rng.randrange(3, len(alphabet))]) for _ in range(rng.randrange(1, 30))) for _ in range(400)]
    texts += [t[::-1] for t in texts[:50]] + [t + "z" for t in texts[:50]]
    for threshold in (60, 80, 95):
        assert sorted(similar_pairs(texts, threshold)) == brute_force(texts, threshold)


def test_fewer_than_two_texts() -> None:
    assert similar_pairs([], 90) == []
    assert similar_pairs(["hola", ""], 90) == []


@pytest.mark.parametrize("threshold", [1, 2, 40, 99])
def test_texts_of_very_different_lengths(threshold: int) -> None:
    """Rows are compared only with texts short enough to reach the threshold: the
    cut-off by length loses no pair, at any threshold (1 and 2 sit at its edges)."""
    rng = random.Random(threshold)
    texts = ["".join(rng.choice("abcde ") for _ in range(rng.choice([1, 2, 3, 5, 8, 40, 90, 200]))) for _ in range(300)]
    assert sorted(similar_pairs(texts, threshold)) == brute_force(texts, threshold)
