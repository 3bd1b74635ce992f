"""The build benchmark at a tiny size, end to end, and its content generator.

The smoke run is ``bench_build.py`` on 6 articles and 12 FAQ entries with one edit per
serve: real builds of both sides, real `knowledge check`, training probe and
`mkdocs serve`. It asserts the output's structure and that both sides built their
files, never a timing.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import sitegen  # noqa: E402

ARTICLES, FAQ_SIZES = 6, (6, 12)


def tree_digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def generate(root: Path, seed: int, n_faq: int = 12) -> dict[str, str]:
    made = sitegen.write_our_project(root / "ours", ARTICLES, seed)
    sitegen.write_faq(root / "ours" / "faq", n_faq, ARTICLES, seed)
    for lang in sitegen.LANGS:
        sitegen.write_material_project(root / f"material-{lang}", lang, made)
    return tree_digest(root)


# ----------------------------------------------------------------- generator


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first, again, other = generate(tmp_path / "a", 3), generate(tmp_path / "b", 3), generate(tmp_path / "c", 4)
    assert first == again
    assert first.keys() != other.keys() or first != other


def test_a_smaller_faq_is_the_start_of_a_larger_one(tmp_path: Path) -> None:
    small, large = tmp_path / "small", tmp_path / "large"
    sitegen.write_faq(small, 5, ARTICLES, 3)
    sitegen.write_faq(large, 12, ARTICLES, 3)
    small_files, large_files = tree_digest(small), tree_digest(large)
    assert len(small_files) == 6 and len(large_files) == 13  # entries and _topics.yml
    assert all(large_files[name] == digest for name, digest in small_files.items())


def test_generated_content_loads_cleanly_with_the_shapes_asked_for(tmp_path: Path) -> None:
    from knowledge.faq.loader import load_faq

    generate(tmp_path, 3, n_faq=40)
    entries, problems = load_faq(tmp_path / "ours" / "faq", root=tmp_path / "ours")
    assert len(entries) == 40
    assert [p for p in problems if p.level == "error"] == []
    for entry in entries:
        assert entry.articles and all(key.startswith("blog/") for key in entry.articles)
        for lang in sitegen.LANGS:
            assert 3 <= len(entry.texts[lang].variants) <= 10, (entry.id, lang)
    # Entries share topics and products (confusable) but no two ask the same question.
    questions = [entry.texts["en"].question for entry in entries]
    assert len(set(questions)) == len(questions)
    words = []
    for lang in sitegen.LANGS:
        for post in sorted((tmp_path / "ours" / "content" / lang / "blog").glob("*.md")):
            text = post.read_text(encoding="utf-8")
            body = text.split("---\n", 2)[2]
            assert text.startswith("---\ntitle: ") and "\nauthor: " in text and "\ncategory: " in text and "\ntags: [" in text
            assert "\n## " in body and "\n| " in body and "](" in body
            words.append(len(body.split()))
    assert 500 <= min(words) and max(words) <= 1900
    # Material's copy has the same body under Material's front matter.
    ours = (tmp_path / "ours" / "content" / "es" / "blog").glob("*.md")
    for post in ours:
        theirs = tmp_path / "material-es" / "docs" / "blog" / "posts" / post.name
        assert theirs.read_text(encoding="utf-8").split("---\n", 2)[2] == post.read_text(encoding="utf-8").split("---\n", 2)[2]
        assert "\nauthors: [" in theirs.read_text(encoding="utf-8")


# ----------------------------------------------------------------- smoke run


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench-build")
    work = out / "work"
    proc = subprocess.run(
        [sys.executable, str(HERE / "bench_build.py"), "--articles", str(ARTICLES), "--faq", ",".join(map(str, FAQ_SIZES)),
         "--edits", "1", "--timeout", "600", "--serve-timeout", "300", "--out", str(out), "--workdir", str(work)],
        capture_output=True, text=True, cwd=REPO, timeout=1500, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {
        "stdout": proc.stdout,
        "stderr": proc.stderr,
        "results": json.loads((out / "build_results.json").read_text(encoding="utf-8")),
        "md": (out / "build_results.md").read_text(encoding="utf-8"),
        "work": work,
    }


def test_smoke_prints_every_table_and_the_targets(smoke: dict) -> None:
    out = smoke["stdout"]
    for heading in ["Builds", "knowledge check", "Edit-to-reload under mkdocs serve", "Growth of our build CPU", "Targets"]:
        assert heading in out, heading
    for column in ["ours CPU s", "Material CPU s (es+en)", "ours peak MiB", "cold / build", "warm / build", "index gz B/entry", "training CPU s", "ours reload s"]:
        assert column in out, column
    target_lines = [line for line in out.splitlines() if line.strip().startswith(("[PASS]", "[FAIL]", "[n/a ]"))]
    assert len(target_lines) == len(smoke["results"]["targets"]) >= 10
    assert "| target | value | limit | result |" in smoke["md"]


def test_smoke_both_sides_built_their_sites(smoke: dict) -> None:
    results, work = smoke["results"], smoke["work"]
    slug = sitegen.article_slug(ARTICLES // 2)
    for lang in sitegen.LANGS:
        assert (work / "site-ours" / lang / "blog" / slug / "index.html").is_file()
        assert (work / "site-ours" / "assets" / "knowledge" / f"faq-index.{lang}.js").is_file()
        assert (work / f"site-material-{lang}" / "blog" / slug / "index.html").is_file()
    for build in results["raw"]["builds"]:
        assert build["ours"]["failure"] is None and build["material"]["failure"] is None, build
        assert build["ours"]["site_files"] > 0 and build["material"]["site_files"] > 0
        assert build["ours"]["index_raw_bytes"] > build["ours"]["index_gz_bytes"] > 0
        assert build["check_cold"]["code"] is not None and build["check_warm"]["code"] is not None


def test_smoke_figures_are_there_for_every_size(smoke: dict) -> None:
    summary = smoke["results"]["summary"]
    assert [row["faq"] for row in summary["rows"]] == list(FAQ_SIZES)
    for row in summary["rows"]:
        for key in ["ours_cpu", "ours_wall", "ours_peak_mib", "material_cpu", "material_wall", "material_peak_mib", "cpu_ratio", "peak_ratio",
                    "check_cold_share", "check_warm_share", "index_gz_per_entry", "training_cpu", "training_peak_mib"]:
            assert isinstance(row[key], float) and row[key] >= 0, key
    assert summary["growth"]["sizes"] == list(FAQ_SIZES) and isinstance(summary["growth"]["exponent"], float)
    rebuild = smoke["results"]["raw"]["rebuild"]
    assert rebuild["faq"] == max(FAQ_SIZES) and rebuild["failure"] is None and rebuild["trainings"] >= 0
    serve = {(x["side"], x["dirty"]): x for x in summary["serve"]}
    assert set(serve) == {("ours", False), ("ours", True), ("material", False), ("material", True)}
    for item in serve.values():
        assert item["failure"] is None and item["edits"] == 1 and item["median_reload_s"] > 0, item


# ----------------------------------------------------------------- failures are rows, not crashes

import bench_build  # noqa: E402


def test_a_child_that_times_out_fails_exits_or_runs_out_of_memory_is_reported(tmp_path: Path) -> None:
    python = sys.executable
    slow = bench_build.run_measured([python, "-c", "import time; time.sleep(30)"], tmp_path, tmp_path / "slow.log", 0.5, 0)
    assert slow.failure == "timed out after 0.5 s" and slow.wall < 20
    failing = bench_build.run_measured([python, "-c", "print('broken config'); raise SystemExit(3)"], tmp_path, tmp_path / "fail.log", 60, 0)
    assert failing.code == 3 and failing.failure == "exit 3: broken config"
    hungry = bench_build.run_measured([python, "-c", "b = bytearray(3 * 1024 ** 3)"], tmp_path, tmp_path / "oom.log", 60, 1024 ** 3)
    assert hungry.failure == "out of memory (address space capped at 1 GiB)"
    fine = bench_build.run_measured([python, "-c", "sum(range(10 ** 6))"], tmp_path, tmp_path / "ok.log", 60, 0)
    assert fine.ok and fine.code == 0 and fine.cpu > 0 and fine.max_rss_mib > 0


def test_a_failed_step_is_a_failed_row_and_a_failed_target(tmp_path: Path) -> None:
    settings = bench_build.Settings(
        articles=10, faq_sizes=[10, 20], runs=1, seed=1, serve=False, serve_faq=20, edits=1, timeout=1, serve_timeout=1,
        cap_bytes=0, workdir=tmp_path, out=tmp_path,
    )
    ok = {"cpu": 2.0, "wall": 3.0, "max_rss_mib": 100.0, "failure": None, "index_raw_bytes": 1000, "index_gz_bytes": 300}
    oom = {**ok, "failure": "out of memory (address space capped at 4 GiB)"}
    material = {"cpu": 1.0, "wall": 1.5, "max_rss_mib": 50.0, "failure": None}
    check = {"cpu": 0.5, "failure": None}
    raw = {
        "builds": [
            {"run": 1, "faq": 10, "ours": ok, "material": material, "check_cold": check, "check_warm": check},
            {"run": 1, "faq": 20, "ours": oom, "material": material, "check_cold": {"cpu": 0.1, "failure": "timed out after 1 s"}, "check_warm": check},
        ],
        "training": {"10": {"cpu_s": 0.2, "max_rss_mib": 80.0, "failure": None}, "20": {"failure": "out of memory (address space capped at 4 GiB)"}},
        "rebuild": {"faq": 20, "failure": "exit 1: boom", "trainings": 0, "training_cpu_s": 0.0},
        "serve": [],
    }
    summary = bench_build.summarise(raw, settings)
    rows = bench_build.build_table(summary)
    assert rows[0][1:4] == ["2.0", "1.0", "2.00"]
    assert rows[1][1] == "failed: out of memory (address space capped at 4 GiB)" and rows[1][2] == "1.0"
    assert bench_build.check_table(summary)[1][-2].startswith("failed: out of memory")
    targets = {t.name.split(":")[-1].strip(): t for t in bench_build.check_targets(summary, raw, settings)}
    assert targets["builds"].passed is False and targets["builds"].value.startswith("failed: out of memory")
    assert all(t.passed is None for name, t in targets.items() if "serve" in name)
    growth = next(t for t in targets.values() if t.name.startswith("build growth exponent"))
    assert growth.passed is False and growth.value.startswith("failed at 20 entries")
    text = bench_build.report({"settings": {**vars(settings), "faq_sizes": [10, 20]}, "summary": summary, "targets": [vars(t) for t in targets.values()],
                               "runtime_s": 1.0, "machine": "test"}, bench_build.text_table, markdown=False)
    assert "failed: out of memory" in text and "[FAIL]" in text


def test_smoke_measures_the_social_cards_cost(smoke: dict) -> None:
    """Cards are on by default (the generated project has a site_url): the default build
    ships one per post, home and FAQ page in each language; the probe's `cards: false`
    builds ship none."""
    cards = smoke["results"]["summary"]["cards"]
    expected = 2 * (ARTICLES + 2)
    assert cards["faq"] == min(FAQ_SIZES) and cards["failure"] is None and cards["cards"] == expected
    probe = smoke["results"]["raw"]["cards"]
    assert [m["cards"] for m in probe["on"]] == [expected, expected] and [m["cards"] for m in probe["off"]] == [0, 0]
    assert all(isinstance(cards[key], float) for key in ("cpu_added", "wall_added", "off_wall", "on_wall"))
    assert "Social cards (" in smoke["stdout"] and "social cards add <= 10 %" in smoke["stdout"]


def test_many_variants_on_demand_and_the_default_faq_unchanged(tmp_path: Path) -> None:
    """--variants 30,40 (the check at 30+ variants per entry): every entry gets 30 to 40
    wordings per language and the FAQ loads cleanly; asking for the default range
    explicitly writes the default FAQ's bytes."""
    from knowledge.faq.loader import load_faq

    sitegen.write_our_project(tmp_path / "ours", ARTICLES, 3)
    sitegen.write_faq(tmp_path / "ours" / "faq", 12, ARTICLES, 3, variants=(30, 40))
    entries, problems = load_faq(tmp_path / "ours" / "faq", root=tmp_path / "ours")
    assert len(entries) == 12 and [p for p in problems if p.level == "error"] == []
    for entry in entries:
        for lang in sitegen.LANGS:
            texts = entry.texts[lang]
            assert 30 <= len(texts.variants) <= 40 and len(set(texts.variants)) == len(texts.variants), (entry.id, lang)
    sitegen.write_faq(tmp_path / "default", 12, ARTICLES, 3)
    sitegen.write_faq(tmp_path / "explicit", 12, ARTICLES, 3, variants=(3, 10))
    assert tree_digest(tmp_path / "default") == tree_digest(tmp_path / "explicit")
