"""Never train twice for the same FAQ: real builds of a copy of tests/faq/site share
the project's model cache (.cache/knowledge) with each other and with `knowledge check`.

"A new process" is simulated by emptying the in-memory cache; training is replaced
by a counter (or by a failure) only to see whether it runs.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import mkdocs_build

import knowledge.matcher.cache as cache
from knowledge.cli import main as knowledge_main
from knowledge.matcher import train as real_train

FIXTURE = Path(__file__).parent / "site"
INDEX = "assets/knowledge/faq-index.es.js"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns(".cache"))
    monkeypatch.delenv("KNOWLEDGE_CACHE", raising=False)
    monkeypatch.delenv("KNOWLEDGE_CACHE_DIR", raising=False)
    new_process(monkeypatch)
    return root


def new_process(monkeypatch) -> None:
    """As a new `mkdocs build` process starts: no model in memory, and a new plugin
    (MkDocs keeps plugin instances, with their features, across the builds of one process)."""
    from mkdocs.config.defaults import MkDocsConfig

    monkeypatch.setattr(cache, "_memory", type(cache._memory)())
    monkeypatch.setattr(MkDocsConfig.plugins, "plugin_cache", {})


def count_training(monkeypatch) -> list[int]:
    calls = [0]

    def counted(entries):
        calls[0] += 1
        return real_train(entries)

    monkeypatch.setattr(cache, "train", counted)
    return calls


def forbid_training(monkeypatch) -> None:
    def refuse(entries):
        raise AssertionError("trained although the FAQ did not change")

    monkeypatch.setattr(cache, "train", refuse)


def build(root: Path, out: str):
    return mkdocs_build(root / "mkdocs.yml", root.parent / out)


def model_files(root: Path) -> list[Path]:
    return sorted((root / ".cache" / "knowledge").glob("matcher-*.json"))


def test_a_second_build_reuses_the_model_and_an_article_edit_never_retrains(project, monkeypatch):
    calls = count_training(monkeypatch)
    first = build(project, "site1")
    assert calls == [1]  # the assistant's index and the variant rule share one training
    (stored,) = model_files(project)
    index = first.read(INDEX)

    new_process(monkeypatch)
    forbid_training(monkeypatch)
    second = build(project, "site2")
    assert second.read(INDEX) == index

    article = project / "content" / "es" / "blog" / "project-costs.md"
    article.write_text(article.read_text(encoding="utf-8").replace("\n\n", "\n\nUn párrafo nuevo de la edición.\n\n", 1), encoding="utf-8")
    new_process(monkeypatch)
    third = build(project, "site3")
    assert "Un párrafo nuevo de la edición." in third.read("es/blog/project-costs/index.html")
    assert third.read(INDEX) == index and model_files(project) == [stored]


def test_the_check_and_the_build_share_the_model(project, monkeypatch, capsys):
    calls = count_training(monkeypatch)
    build(project, "site1")
    new_process(monkeypatch)
    forbid_training(monkeypatch)
    monkeypatch.chdir(project)
    assert knowledge_main(["check", "--format", "parsable"]) in (0, 1)  # the check runs the variant rule on the build's model
    assert "failed" not in capsys.readouterr().err
    assert calls == [1]


def test_an_faq_edit_trains_again(project, monkeypatch):
    calls = count_training(monkeypatch)
    first = build(project, "site1")
    entry = project / "faq" / "timeline.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("plazos de entrega", "fechas de entrega"), encoding="utf-8")
    new_process(monkeypatch)
    second = build(project, "site2")
    assert calls == [2] and second.read(INDEX) != first.read(INDEX) and "fechas de entrega" in second.read(INDEX)
    assert len(model_files(project)) == 2  # both versions kept (bounded, see test_cache)


def corrupt(path: Path, foreign: dict) -> None:
    path.write_text('{"format": 1, "digest": "' + path.stem[8:] + '", "model": {"spec": ', encoding="utf-8")


def foreign_content(path: Path, foreign: dict) -> None:
    """Another FAQ's cache file copied over this one: valid, but not this model."""
    path.write_bytes(foreign["bytes"])


def foreign_but_own_digest(path: Path, foreign: dict) -> None:
    """Another FAQ's model under this file's own digest (a hand edit): the ids differ."""
    data = json.loads(foreign["bytes"])
    data["digest"] = path.stem[len("matcher-"):]
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize("damage", [corrupt, foreign_content, foreign_but_own_digest])
def test_a_corrupt_or_foreign_cache_file_is_ignored_and_the_index_is_right(project, monkeypatch, tmp_path, damage):
    # Another project's model file, to copy over this one.
    other = tmp_path / "other"
    shutil.copytree(project, other)
    (other / "faq" / "hostile-answer.yml").unlink()
    calls = count_training(monkeypatch)
    build(other, "other-site")
    (foreign_file,) = model_files(other)

    new_process(monkeypatch)
    expected = build(project, "site1").read(INDEX)
    (stored,) = model_files(project)
    assert foreign_file.name != stored.name
    damage(stored, {"bytes": foreign_file.read_bytes()})
    new_process(monkeypatch)
    before = calls[0]
    rebuilt = build(project, "site2")
    assert calls[0] == before + 1  # not trusted: trained again
    assert rebuilt.read(INDEX) == expected
    assert json.loads(stored.read_text(encoding="utf-8"))["model"]["ids"] == ["hostile-answer", "project-cost", "timeline"]


def test_the_cache_can_move_or_be_turned_off(project, monkeypatch, tmp_path):
    calls = count_training(monkeypatch)
    elsewhere = tmp_path / "models"
    monkeypatch.setenv("KNOWLEDGE_CACHE_DIR", str(elsewhere))
    build(project, "site1")
    assert len(list(elsewhere.glob("matcher-*.json"))) == 1 and not (project / ".cache").exists()
    monkeypatch.delenv("KNOWLEDGE_CACHE_DIR")

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("        dir: faq\n", "        dir: faq\n        cache_dir: false\n"), encoding="utf-8")
    new_process(monkeypatch)
    build(project, "site2")
    new_process(monkeypatch)
    build(project, "site3")
    assert calls == [3] and not (project / ".cache").exists()

    config.write_text(config.read_text(encoding="utf-8").replace("cache_dir: false", "cache_dir: build-cache/models"), encoding="utf-8")
    new_process(monkeypatch)
    build(project, "site4")
    assert len(list((project / "build-cache" / "models").glob("matcher-*.json"))) == 1


def test_an_unusable_cache_dir_option_is_a_clear_problem(project, monkeypatch, capsys):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("        dir: faq\n", "        dir: faq\n        cache_dir: 3\n"), encoding="utf-8")
    monkeypatch.chdir(project)
    knowledge_main(["check", "--format", "parsable"])
    out = capsys.readouterr()
    assert "plugin option faq.cache_dir: expected a folder (relative to mkdocs.yml) or false, found 3" in out.out + out.err
    assert "Traceback" not in out.out + out.err
