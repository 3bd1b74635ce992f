"""Training once per FAQ content (knowledge.matcher.cache)."""

from __future__ import annotations

import json

import knowledge.matcher.cache as cache
from knowledge.matcher import MatchEntry, train

ENTRIES = [
    MatchEntry("price", {"es": ["¿Cuánto cuesta?", "precio del proyecto"], "en": ["How much does it cost?"]}),
    MatchEntry("ownership", {"es": ["¿De quién es el código?"], "en": ["Who owns the code?", "ip ownership"]}),
]


def counting_train(monkeypatch) -> list[int]:
    calls = [0]

    def counted(entries):
        calls[0] += 1
        return train(entries)

    monkeypatch.setattr(cache, "train", counted)
    monkeypatch.setattr(cache, "_memory", type(cache._memory)())
    return calls


def test_same_texts_train_once_and_give_the_trained_model(monkeypatch):
    calls = counting_train(monkeypatch)
    first = cache.trained_model(ENTRIES)
    again = cache.trained_model([MatchEntry(e.id, dict(e.texts)) for e in ENTRIES])
    assert calls == [1] and again is first
    assert json.dumps(first, sort_keys=True) == json.dumps(train(ENTRIES), sort_keys=True)


def test_changed_texts_train_again(monkeypatch):
    calls = counting_train(monkeypatch)
    cache.trained_model(ENTRIES)
    changed = ENTRIES[:1] + [MatchEntry("ownership", {"es": ["¿De quién es el código?"], "en": ["Who owns the code?"]})]
    cache.trained_model(changed)
    assert calls == [2]


def test_disk_cache_survives_the_process_and_keeps_one_file(monkeypatch, tmp_path):
    calls = counting_train(monkeypatch)
    model = cache.trained_model(ENTRIES, tmp_path)
    monkeypatch.setattr(cache, "_memory", type(cache._memory)())  # a new process
    assert cache.trained_model(ENTRIES, tmp_path) == model and calls == [1]
    cache.trained_model(ENTRIES[:1], tmp_path)
    assert calls == [2] and len(list(tmp_path.glob("matcher-*.json"))) == 1


def test_a_corrupt_cache_file_trains_again(monkeypatch, tmp_path):
    calls = counting_train(monkeypatch)
    cache.trained_model(ENTRIES, tmp_path)
    next(tmp_path.glob("matcher-*.json")).write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(cache, "_memory", type(cache._memory)())
    assert cache.trained_model(ENTRIES, tmp_path) == train(ENTRIES) and calls == [2]
