"""Question tests (``faq/_questions.yml``): each outcome is reported at the item's
``q`` with its rule and level, by ``knowledge check`` (every format) and by the build;
the summary prints the score per language."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from knowledge.check.formats import format_github
from knowledge.check.project import read_project_config
from knowledge.check.runner import check_project

from check_fixtures import make_project

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from conftest import failed_build, mkdocs_build  # noqa: E402

HEADER = "# yaml-language-server: $schema=../plugins/knowledge/schemas/faq-questions.schema.json\n"

# Outcomes on tests/check/fixtures/clean (four entries), found by asking its model.
QUESTIONS = HEADER + """\
- {q: "who owns the code", lang: en, expect: code-ownership}        # 2: answered right
- {q: "what is the weather", lang: en, expect: null}                # 3: abstains, as it must
- q: "is the code mine"                                             # 4: abstains, suggests code-ownership
  lang: en
  expect: code-ownership
- {q: "how long does it take", lang: en, expect: project-cost}      # 7: answered with project-timeline
-   {q: 'do i get the repository', lang: en, expect: code-ownership} # 8: abstains, suggests contact-us only
- {q: "cuanto tarda", lang: es, expect: null}                       # 9: answered with project-timeline
- {q: "quien es el dueño del codigo", lang: es, expect: no-such-entry}  # 10: unknown entry
- {q: "cuanto tarda", lang: es}                                     # 11: expect missing
- {q: "when", lang: fr, expect: null}                               # 12: no such language
"""

EXPECTED = {
    ("faq/_questions.yml", 4, 6, "question-suggested", "warning"),
    ("faq/_questions.yml", 7, 7, "question-answered-elsewhere", "error"),
    ("faq/_questions.yml", 8, 9, "question-unanswered", "error"),
    ("faq/_questions.yml", 9, 7, "question-out-of-scope-answered", "error"),
    ("faq/_questions.yml", 10, 57, "unknown-entry", "error"),
    ("faq/_questions.yml", 11, 3, "missing-key", "error"),
    ("faq/_questions.yml", 12, 21, "invalid-value", "error"),
}


def project_with_questions(tmp_path: Path, text: str = QUESTIONS) -> Path:
    project = make_project(tmp_path)
    (project / "faq" / "_questions.yml").write_text(text, encoding="utf-8")
    return project


def run_check(project: Path):
    return check_project(read_project_config(str(project / "mkdocs.yml")))


def test_each_outcome_is_reported_at_the_item_with_its_rule(tmp_path):
    result = run_check(project_with_questions(tmp_path))
    found = {(p.path, p.line, p.col, p.rule, p.level) for p in result.problems}
    assert found == EXPECTED
    messages = {p.rule: p.message for p in result.problems}
    assert "answers with 'project-timeline'" in messages["question-answered-elsewhere"]
    assert "suggests it (suggestions: code-ownership)" in messages["question-suggested"]
    assert "(suggestions: contact-us)" in messages["question-unanswered"]
    assert "no FAQ entry 'no-such-entry'" in messages["unknown-entry"]
    # Items with a schema problem or an unknown entry are not run, so not counted.
    assert result.summary == (
        "question tests (es): in scope answered right 0/0, out of scope abstained 0/1",
        "question tests (en): in scope answered right 1/4, out of scope abstained 1/1",
    )


def test_a_passing_file_is_clean_and_scored(tmp_path):
    text = HEADER + '- {q: "who owns the code", lang: en, expect: code-ownership}\n- {q: "pizza", lang: es, expect: null}\n'
    result = run_check(project_with_questions(tmp_path, text))
    assert result.problems == []
    assert result.summary == (
        "question tests (es): in scope answered right 0/0, out of scope abstained 1/1",
        "question tests (en): in scope answered right 1/1, out of scope abstained 0/0",
    )


def test_no_file_no_summary(tmp_path):
    result = run_check(make_project(tmp_path))
    assert result.problems == [] and result.summary == ()


def test_bad_file_gets_clear_errors_not_a_traceback(tmp_path):
    project = project_with_questions(tmp_path, "q: not a list\n")
    result = run_check(project)
    assert [(p.path, p.line, p.rule) for p in result.problems] == [("faq/_questions.yml", 1, "wrong-type")]
    (project / "faq" / "_questions.yml").write_text('- {q: no, lang: en, expect: null}\n- {q: "x", lang: en, expect: Bad Id}\n- [1, 2]\n')
    rules = sorted((p.line, p.rule) for p in run_check(project).problems)
    assert rules == [(1, "yaml-truthy"), (2, "invalid-value"), (3, "wrong-type")]


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run(
        [str(Path(sys.executable).parent / "knowledge"), "check", *args],
        cwd=project, capture_output=True, text=True, env=env,
    )


def test_cli_github_annotations_and_summary(tmp_path):
    """The PR workflow runs `knowledge check --format github`: every differing item
    becomes an annotation on its line, and the score a notice."""
    project = project_with_questions(tmp_path)
    proc = cli(project, "--format", "github")
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    result = run_check(project)
    for problem in result.problems:
        assert format_github(problem) in lines
    assert "::error file=faq/_questions.yml,line=7,col=7,title=knowledge check (question-answered-elsewhere)::" in proc.stdout
    assert "::warning file=faq/_questions.yml,line=4,col=6,title=knowledge check (question-suggested)::" in proc.stdout
    assert lines[-1] == "::notice title=knowledge check (question tests)::question tests (en): in scope answered right 1/4, out of scope abstained 1/1"
    human = cli(project, "--format", "human")
    assert human.stdout.rstrip().endswith("question tests (en): in scope answered right 1/4, out of scope abstained 1/1")
    parsable = cli(project, "--format", "parsable")
    assert "faq/_questions.yml:9:7: [error]" in parsable.stdout and "question tests" not in parsable.stdout


def test_the_workflow_runs_the_check_in_github_format():
    workflow = (REPO / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")
    assert "knowledge check" in workflow and "--format github" in workflow


def test_the_build_runs_the_question_tests(tmp_path, caplog):
    project = project_with_questions(tmp_path, HEADER + '- {q: "how long does it take", lang: en, expect: project-cost}\n')
    _, logged = failed_build(project / "mkdocs.yml", tmp_path / "site")
    assert "faq/_questions.yml:2:7: [error]" in logged and "(question-answered-elsewhere)" in logged
    (project / "faq" / "_questions.yml").write_text(HEADER + '- {q: "how long does it take", lang: en, expect: project-timeline}\n')
    caplog.set_level(20, logger="mkdocs")  # the score is logged at INFO, as `mkdocs build` shows it
    built = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", strict=True)
    assert "question tests (en): in scope answered right 1/1, out of scope abstained 0/0" in " ".join(built.messages(level=20))


def test_sample_site_questions_pass_and_cover_both_languages():
    items = json.loads(json.dumps(__import__("yaml").safe_load((REPO / "faq" / "_questions.yml").read_text(encoding="utf-8"))))
    assert len(items) >= 120
    assert {i["lang"] for i in items} == {"es", "en"}
    assert any(i["expect"] is None for i in items if i["lang"] == "es") and any(i["expect"] is None for i in items if i["lang"] == "en")
    assert (REPO / "faq" / "_questions.yml").read_text(encoding="utf-8").startswith(HEADER)
