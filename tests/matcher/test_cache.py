"""Training once per FAQ content (knowledge.matcher.cache)."""

from __future__ import annotations

import json

import pytest

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


def new_process(monkeypatch) -> None:
    monkeypatch.setattr(cache, "_memory", type(cache._memory)())


def model_file(folder):
    (found,) = folder.glob("matcher-*.json")
    return found


def test_disk_cache_survives_the_process(monkeypatch, tmp_path):
    calls = counting_train(monkeypatch)
    model = cache.trained_model(ENTRIES, tmp_path)
    new_process(monkeypatch)
    assert cache.trained_model(ENTRIES, tmp_path) == model and calls == [1]
    stored = json.loads(model_file(tmp_path).read_text(encoding="utf-8"))
    assert stored["digest"] == cache.model_digest(ENTRIES) and stored["model"] == model


def test_the_disk_keeps_a_few_models_most_recently_used_first(monkeypatch, tmp_path):
    calls = counting_train(monkeypatch)
    variants = [ENTRIES] + [ENTRIES[:1] + [MatchEntry("extra", {"en": [f"question number {i}"]})] for i in range(cache.DISK_FILES + 1)]
    cache.trained_model(variants[0], tmp_path)
    for variant in variants[1:]:
        new_process(monkeypatch)
        cache.trained_model(variants[0], tmp_path)  # still on disk: used again, so kept
        cache.trained_model(variant, tmp_path)
    assert len(list(tmp_path.glob("matcher-*.json"))) == cache.DISK_FILES
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".matcher-*"))
    new_process(monkeypatch)
    before = calls[0]
    cache.trained_model(variants[0], tmp_path)
    cache.trained_model(variants[-1], tmp_path)
    assert calls[0] == before  # the most used and the newest survived the pruning


def test_the_key_covers_languages_texts_and_the_trainer(monkeypatch):
    digest = cache.model_digest(ENTRIES)
    assert cache.model_digest([MatchEntry(e.id, {"es": e.texts["es"]}) for e in ENTRIES]) != digest
    assert cache.model_digest([MatchEntry("price", {"es": ["¿Cuánto sale?"], "en": ENTRIES[0].texts["en"]}), ENTRIES[1]]) != digest
    monkeypatch.setattr(cache._train_module, "TRAINER_VERSION", "a new solver", raising=False)
    cache.trainer_version.cache_clear()
    try:
        assert cache.model_digest(ENTRIES) != digest
    finally:
        monkeypatch.undo()
        cache.trainer_version.cache_clear()
    assert cache.model_digest(ENTRIES) == digest


def foreign_model() -> dict:
    return train([MatchEntry("other", {"en": ["something else entirely"]}), MatchEntry("more", {"en": ["and more"]})])


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda path, stored: path.write_text("{not json", encoding="utf-8"), id="corrupt"),
        pytest.param(lambda path, stored: path.write_text(path.read_text(encoding="utf-8")[:200], encoding="utf-8"), id="truncated"),
        pytest.param(lambda path, stored: path.write_bytes(b"\xff\xfe\x00garbage"), id="not-utf8"),
        pytest.param(lambda path, stored: path.write_text("[1, 2, 3]", encoding="utf-8"), id="not-a-dict"),
        pytest.param(lambda path, stored: path.write_text(json.dumps(stored["model"]), encoding="utf-8"), id="bare-model-no-digest"),
        pytest.param(lambda path, stored: path.write_text(json.dumps({**stored, "digest": "0" * 32}), encoding="utf-8"), id="another-digest"),
        pytest.param(lambda path, stored: path.write_text(json.dumps({**stored, "model": foreign_model()}), encoding="utf-8"), id="another-faq-model"),
        pytest.param(lambda path, stored: path.write_text(json.dumps({**stored, "model": {**stored["model"], "spec": 1}}), encoding="utf-8"), id="wrong-spec"),
        pytest.param(lambda path, stored: path.write_text(json.dumps({**stored, "model": {**stored["model"], "bias": []}}), encoding="utf-8"), id="wrong-shape"),
        pytest.param(lambda path, stored: path.write_text(json.dumps({**stored, "model": "a string"}), encoding="utf-8"), id="model-not-a-dict"),
    ],
)
def test_a_damaged_or_foreign_cache_file_is_never_trusted(monkeypatch, tmp_path, damage):
    calls = counting_train(monkeypatch)
    cache.trained_model(ENTRIES, tmp_path)
    path = model_file(tmp_path)
    damage(path, json.loads(path.read_text(encoding="utf-8")))
    new_process(monkeypatch)
    assert cache.trained_model(ENTRIES, tmp_path) == train(ENTRIES) and calls == [2]
    new_process(monkeypatch)
    assert cache.trained_model(ENTRIES, tmp_path) == train(ENTRIES) and calls == [2]  # and the file was rewritten


def test_an_unwritable_cache_folder_only_costs_a_training(monkeypatch, tmp_path):
    calls = counting_train(monkeypatch)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert cache.trained_model(ENTRIES, blocked / "cache") == train(ENTRIES) and calls == [1]


def test_a_build_makes_one_matcher_for_its_model_and_lets_it_go(tmp_path, monkeypatch):
    """The build's index, variant rule and question tests share one ``Matcher`` of the
    shipped model (``engine.shared_matcher``), and the build lets it go once they are
    done (``engine.release_shared``): kept, its objects would lengthen every garbage
    collection of the page build and of each serve rebuild."""
    import knowledge.matcher.engine as engine
    from conftest import REPO, mkdocs_build

    made: list[dict] = []

    class Counted(engine.Matcher):
        def __init__(self, model: dict) -> None:
            made.append(model)
            super().__init__(model)

    monkeypatch.setattr(engine, "Matcher", Counted)
    monkeypatch.setenv("KNOWLEDGE_CACHE_DIR", str(tmp_path / "cache"))
    mkdocs_build(REPO / "mkdocs.yml", tmp_path / "site")
    assert len(made) == 1 and made[0]["ids"]  # asked by the rules and the question tests, made once
    assert not engine._shared and not engine._coded


def test_a_build_whose_rules_fail_lets_its_matcher_go_too(tmp_path, monkeypatch):
    """A rule that crashes after asking for a matcher fails the build with one clear
    error, and the matcher is let go all the same: a `mkdocs serve` that goes on after
    a failed rebuild does not carry it."""
    import knowledge.matcher.engine as engine
    import knowledge.plugin as plugin
    from conftest import REPO, failed_build

    def crashing_rules(*args, **kwargs):
        engine.shared_matcher(cache.trained_model(ENTRIES))  # as the variant rule asks it
        raise RuntimeError("a rule's bug")

    monkeypatch.setattr(plugin, "rule_problems", crashing_rules)
    monkeypatch.setenv("KNOWLEDGE_CACHE_DIR", str(tmp_path / "cache"))
    error, logged = failed_build(REPO / "mkdocs.yml", tmp_path / "site")
    assert "the content rules failed: RuntimeError: a rule's bug" in f"{error} {logged}"
    assert not engine._shared and not engine._coded
