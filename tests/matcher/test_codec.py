"""The weight stream (SPEC.md §5.4): lossless, compact, and what the model's layout promises."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from knowledge.matcher import Matcher, ModelError
from knowledge.matcher.codec import decode_levels, encode_levels
from knowledge.matcher.engine import TUNABLE_NAMES

GOLDEN = json.loads((Path(__file__).resolve().parent / "golden.json").read_text(encoding="utf-8"))


def stream_of(levels: list[list[int]], contexts: list[list[tuple[int, int]]]) -> list[tuple[int, int | None, int]]:
    out: list[tuple[int, int | None, int]] = []
    for lv, ctx in zip(levels, contexts):
        out.append((0, None, 0))
        out.extend((v, df, k) for v, (df, k) in zip(lv, ctx))
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_round_trip_every_level_and_context(seed: int) -> None:
    rng = random.Random(seed)
    contexts = [[(rng.randint(1, 40), rng.randint(1, 6)) for _ in range(rng.randint(0, 300))] for _ in range(60)]
    # skewed like real weights (mostly small), with the extremes present
    levels = [[max(-15, min(15, int(rng.gauss(0, 3)))) for _ in ctx] for ctx in contexts]
    levels[0][:2] = [15, -15] if len(levels[0]) >= 2 else levels[0][:2]
    text = encode_levels(stream_of(levels, contexts))
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    assert decode_levels(text, contexts) == levels


def test_predictable_levels_cost_far_less_than_a_character_each() -> None:
    contexts = [[(1, 3)] * 200 for _ in range(50)]
    levels = [[7] * 200 for _ in range(50)]
    text = encode_levels(stream_of(levels, contexts))
    assert decode_levels(text, contexts) == levels
    assert len(text) < 10_000 / 40  # 10,000 levels in well under a bit each


def test_empty_stream() -> None:
    assert encode_levels([]) == ""
    assert decode_levels("", [[], []]) == [[], []]


def test_texts_come_last_and_the_compact_fields_are_what_the_spec_says() -> None:
    model = GOLDEN["model"]
    assert list(model) == ["spec", "tunables", "ids", "stems", "scale", "bias", "weights", "texts"]
    assert model["spec"] == 2 and len(model["tunables"]) == len(TUNABLE_NAMES)
    assert all(isinstance(b, int) for b in model["bias"])


def test_bad_tunables_or_weights_are_model_errors() -> None:
    with pytest.raises(ModelError, match="tunables"):
        Matcher({**GOLDEN["model"], "tunables": GOLDEN["model"]["tunables"][:-1]})
    with pytest.raises(ModelError, match="weights"):
        Matcher({**GOLDEN["model"], "weights": "not base64!"})
